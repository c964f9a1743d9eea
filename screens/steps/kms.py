"""Step 8: replicate objects encrypted with SSE-KMS, and with which key (CMK) the replicas are
encrypted. The key is typed, or picked from the region's keys."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from srrtui.cloud.types import KmsKey
from srrtui.domain.plan import KmsChoice, ReplicationPlan
from srrtui.domain.words.counts import plural
from srrtui.screens.messages import Listed
from srrtui.screens.steps.base import StepPanel
from srrtui.screens.widgets.choice import Choice, Pick
from srrtui.screens.widgets.field_error import FieldError
from srrtui.screens.widgets.marked_list import MarkedList

# Shown only when KMS replication is on: hidden rather than greyed out, since greyed text
# is a state told by colour alone.
KEY_WIDGETS = ("#cmk-label", "#cmk-id", "#keys-state", "#kms-keys", "#kms-selected")


class KmsStep(StepPanel):
    key = "kms"
    title = "KMS encryption"
    fields = ("kms.cmk_id",)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._loaded = False
        self._listed: set[str] = set()  # the key ids the list offers

    def compose(self) -> ComposeResult:
        kms = self.plan.kms
        yield Label("Replicate objects encrypted with KMS (SSE-KMS)?", classes="question")
        with Choice(id="kms"):
            yield Pick("No: SSE-KMS objects are skipped", id="no", value=not kms.replicate)
            yield Pick(
                "Yes: replicate them, encrypted with a KMS key",
                id="yes",
                value=kms.replicate,
            )
        yield Label("KMS key (CMK) ID for the replicas", classes="subheading", id="cmk-label")
        yield Input(kms.cmk_id, placeholder="key id, alias/NAME or key ARN", id="cmk-id")
        yield FieldError("kms.cmk_id")
        yield Static("", id="kms-selected", markup=False)
        yield Static("", id="keys-state", classes="hint", markup=False)
        yield MarkedList(id="kms-keys")

    def enter(self, plan: ReplicationPlan) -> None:
        super().enter(plan)
        self._sync()
        if not self._loaded:
            self.cloud_ready()

    def cloud_ready(self) -> None:
        if self.ctx.cloud is not None and not self._loaded:
            self._loaded = True
            self.query_one("#keys-state", Static).update("Listing the region's keys…")
            self.load_list("kms-keys", lambda cloud: cloud.list_kms_keys())

    def on_listed(self, message: Listed) -> None:
        message.stop()
        found: list[KmsKey] = message.items
        state = self.query_one("#keys-state", Static)
        keys = self.query_one("#kms-keys", OptionList)
        keys.clear_options()
        if message.error:
            state.update(f"Could not list keys ({message.error}); type the key ID above.")
            return
        enabled = [k for k in found if k.state in ("", "Enabled")]
        self._listed = {k.key_id for k in enabled}
        keys.add_options(
            Option(f"{k.key_id}  {k.description}".rstrip(), id=k.key_id) for k in enabled
        )
        state.update(
            f"{plural(len(enabled), 'usable key')} in this region; Enter on the › row picks it."
            if enabled
            else "No enabled keys in this region; create one in KMS, or type an ID."
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
        where = " (from the list)" if cmk in self._listed else " (typed)"
        self.query_one("#kms-selected", Static).update(
            f"Selected key: {cmk}{where}" if cmk else "Selected key: none yet"
        )

    @on(Choice.Changed)
    @on(Input.Changed)
    def _changed(self) -> None:
        self._sync()
        self.changed()

    def collect(self) -> ReplicationPlan:
        on_ = self.query_one("#kms", Choice).chosen == "yes"
        cmk = self.query_one("#cmk-id", Input).value.strip()
        return self.plan.with_changes(kms=KmsChoice(replicate=on_, cmk_id=cmk))

    def help_text(self) -> str:
        if not self.collect().kms.replicate:
            return (
                "Objects encrypted with SSE-KMS are not replicated. Objects encrypted with "
                "OSS-managed keys (SSE-OSS) and unencrypted objects are replicated either way."
            )
        return (
            "SSE-KMS objects are replicated and the replicas are encrypted with this key. "
            "The role OSS assumes needs access to KMS: a new role gets a policy scoped to this "
            "key; a custom role must already allow it."
        )
