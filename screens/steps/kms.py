"""Step 8: replicate objects encrypted with SSE-KMS, and with which key (CMK) the replicas are
encrypted. The key is typed, or picked from the region's keys."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from srrtui.cloud.types import CloudError, KmsKey
from srrtui.domain.plan import KmsChoice, ReplicationPlan
from srrtui.domain.validation import validate
from srrtui.domain.words.translate import N_, _, ngettext
from srrtui.screens.messages import Listed
from srrtui.screens.steps.base import StepContext, StepPanel
from srrtui.screens.widgets.choice import Choice, Pick
from srrtui.screens.widgets.field_error import FieldError
from srrtui.screens.widgets.marked_list import MarkedList

# Shown only when KMS replication is on: hidden rather than greyed out, since greyed text
# is a state told by colour alone.
KEY_WIDGETS = (
    "#cmk-label",
    "#cmk-id",
    "#keys-state",
    "#kms-keys",
    "#kms-selected",
)


@dataclass
class KeyChecked(Message):
    """DescribeKey's verdict on a typed key: "" usable, else why not (``fatal``: Next refused;
    otherwise it could not be checked, and the review checks again)."""

    cmk: str
    problem: str
    fatal: bool
    advance: bool  # Next was waiting for it


class KmsStep(StepPanel):
    key = "kms"
    title = N_("KMS encryption")
    fields = ("kms.cmk_id",)

    def __init__(self, ctx: StepContext, plan: ReplicationPlan) -> None:
        super().__init__(ctx, plan)
        self._loaded = False
        self._listed: set[str] = set()  # the key ids the list offers
        # cmk -> (problem, fatal) from DescribeKey, so each typed key is asked about once.
        self._checked: dict[str, tuple[str, bool]] = {}
        self._checking = ""

    def compose(self) -> ComposeResult:
        kms = self.plan.kms
        yield Label(_("Replicate objects encrypted with KMS (SSE-KMS)?"), classes="question")
        with Choice(id="kms"):
            yield Pick(_("No: SSE-KMS objects are skipped"), id="no", value=not kms.replicate)
            yield Pick(
                _("Yes: replicate them, encrypted with a KMS key"),
                id="yes",
                value=kms.replicate,
            )
        yield Label(_("KMS key (CMK) ID for the replicas"), classes="subheading", id="cmk-label")
        yield Input(kms.cmk_id, placeholder=_("key id, alias/NAME or key ARN"), id="cmk-id")
        yield FieldError("kms.cmk_id")
        yield Static("", id="kms-check", markup=False)
        yield Static("", id="kms-selected", markup=False)
        yield Static("", id="keys-state", classes="hint", markup=False)
        yield MarkedList(id="kms-keys")

    def enter(self, plan: ReplicationPlan) -> None:
        super().enter(plan)
        self._sync()
        self._show_check()
        if not self._loaded:
            self.cloud_ready()

    def cloud_ready(self) -> None:
        if self.ctx.cloud is not None and not self._loaded:
            self._loaded = True
            self.query_one("#keys-state", Static).update(_("Listing the region's keys…"))
            self.load_list("kms-keys", lambda cloud: cloud.list_kms_keys())

    def on_listed(self, message: Listed) -> None:
        message.stop()
        found: list[KmsKey] = message.items
        state = self.query_one("#keys-state", Static)
        keys = self.query_one("#kms-keys", OptionList)
        keys.clear_options()
        if message.error:
            state.update(
                _("Could not list keys ({error}); type the key ID above.").format(
                    error=message.error
                )
            )
            return
        enabled = [k for k in found if k.state in ("", "Enabled")]
        self._listed = {k.key_id for k in enabled}
        keys.add_options(
            Option(f"{k.key_id}  {k.description}".rstrip(), id=k.key_id) for k in enabled
        )
        state.update(
            ngettext(
                "{count} usable key in this region; Enter on the › row picks it.",
                "{count} usable keys in this region; Enter on the › row picks it.",
                len(enabled),
            ).format(count=len(enabled))
            if enabled
            else _("No enabled keys in this region; create one in KMS, or type an ID.")
        )
        self._sync()

    @on(OptionList.OptionSelected, "#kms-keys")
    def pick(self, event: OptionList.OptionSelected) -> None:
        self.take_pick(event, "#cmk-id")

    def _sync(self) -> None:
        on_ = self.query_one("#kms", Choice).chosen == "yes"
        for widget in KEY_WIDGETS:
            self.query_one(widget).display = on_
        cmk = self.query_one("#cmk-id", Input).value.strip()
        where = _(" (from the list)") if cmk in self._listed else _(" (typed)")
        self.query_one("#kms-selected", Static).update(
            _("Selected key: {key}").format(key=cmk) + where if cmk else _("Selected key: none yet")
        )

    @on(Choice.Changed)
    @on(Input.Changed)
    def _changed(self) -> None:
        self._sync()
        self._show_check()
        self.changed()

    def _cmk(self) -> str:
        return self.query_one("#cmk-id", Input).value.strip()

    def _show_check(self) -> None:
        cmk = self._cmk()
        problem, fatal = self._checked.get(cmk, ("", False))
        line = self.query_one("#kms-check", Static)
        line.update(f"{'✗' if fatal else '⚠'} {problem}" if problem else "")
        line.set_class(fatal, "field-error")
        line.display = bool(problem) and self.query_one("#kms", Choice).chosen == "yes"

    def blocked(self) -> str | None:
        """A typed key is checked with KMS before Next goes on (a listed key is known to be
        enabled): an unknown or disabled key is refused here, not first on the review."""
        plan = self.collect()
        cmk = plan.kms.cmk_id
        if not plan.kms.replicate or not cmk or cmk in self._listed or self.ctx.cloud is None:
            return None
        if self.problems(validate(plan, self.ctx.quotas)):
            return None  # the field's own problem first (shown by the wizard at the field)
        if cmk not in self._checked:
            if self._checking != cmk:
                self._checking = cmk
                self.check_key(cmk)
            self.query_one("#kms-check", Static).update(
                _("Checking {key} with KMS…").format(key=cmk)
            )
            self.query_one("#kms-check").display = True
            return ""  # Next follows by itself once the key is found usable
        problem, fatal = self._checked[cmk]
        return problem if fatal else None

    @work(thread=True, exclusive=True, group="kms-check", exit_on_error=False)
    def check_key(self, cmk: str) -> None:
        assert self.ctx.cloud is not None
        region = self.plan.source_region or _("this region")
        try:
            key = self.ctx.cloud.describe_kms_key(cmk)
        except CloudError as error:
            problem = _("Could not check the key ({code}); the review checks it again.").format(
                code=error.code
            )
            self.post_message(KeyChecked(cmk, problem, False, True))
            return
        if key is None:
            problem = _(
                "KMS has no key {key} in {region}: pick one from the list or check the ID."
            ).format(key=cmk, region=region)
            self.post_message(KeyChecked(cmk, problem, True, False))
        elif key.state and key.state != "Enabled":
            problem = _("The key {key} is {state}: replicas need an enabled key.").format(
                key=cmk, state=key.state
            )
            self.post_message(KeyChecked(cmk, problem, True, False))
        else:
            self.post_message(KeyChecked(cmk, "", False, True))

    def on_key_checked(self, message: KeyChecked) -> None:
        self._checked[message.cmk] = (message.problem, message.fatal)
        self._checking = ""
        self._show_check()
        if not self.display:
            return  # the step was left meanwhile: its answer moves nothing
        if message.cmk == self._cmk() and message.advance:
            self.post_message(self.Advance())
        elif message.fatal and message.cmk == self._cmk():
            self.query_one("#cmk-id", Input).focus()

    def collect(self) -> ReplicationPlan:
        on_ = self.query_one("#kms", Choice).chosen == "yes"
        cmk = self.query_one("#cmk-id", Input).value.strip()
        return self.plan.with_changes(kms=KmsChoice(replicate=on_, cmk_id=cmk))

    def help_text(self) -> str:
        if not self.collect().kms.replicate:
            return _(
                "Objects encrypted with SSE-KMS are not replicated. Objects encrypted with "
                "OSS-managed keys (SSE-OSS) and unencrypted objects are replicated either way."
            )
        return _(
            "SSE-KMS objects are replicated and the replicas are encrypted with this key. "
            "The role OSS assumes needs access to KMS: a new role gets a policy scoped to this "
            "key; a custom role must already allow it."
        )
