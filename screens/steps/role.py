"""Step 9: the RAM role OSS assumes to copy objects: a new least-privilege role (its policy is
shown), AliyunOSSRole (account-wide, warned), or a custom role picked from the account's."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from srrtui.cloud.types import RoleSummary
from srrtui.domain.plan import ReplicationPlan, RoleChoice, RoleKind
from srrtui.domain.policies import PolicyTooLarge, policy_json
from srrtui.domain.words import roles as role_words
from srrtui.domain.words.translate import N_, _, ngettext, sentences
from srrtui.screens.messages import Listed
from srrtui.screens.steps.base import StepContext, StepPanel
from srrtui.screens.widgets.choice import Choice, Pick
from srrtui.screens.widgets.field_error import FieldError
from srrtui.screens.widgets.marked_list import MarkedList

ALIYUN_WARNING = N_(
    "⚠ AliyunOSSRole can read and write every bucket in the account, not only these two. "
    "A new least-privilege role is limited to the source and destination."
)


class RoleStep(StepPanel):
    key = "role"
    title = N_("RAM role")
    fields = ("role",)

    def __init__(self, ctx: StepContext, plan: ReplicationPlan) -> None:
        super().__init__(ctx, plan)
        self.roles: list[RoleSummary] | None = None

    def compose(self) -> ComposeResult:
        kind = self.plan.role.kind
        yield Label(_("Which RAM role should OSS use to copy objects?"), classes="question")
        with Choice(id="role-kind"):
            yield Pick(
                _("A new role with least privilege (recommended)"),
                id="new",
                value=kind is RoleKind.NEW,
            )
            yield Pick(
                _("AliyunOSSRole (all buckets)"),
                id="aliyun",
                value=kind is RoleKind.ALIYUN_OSS_ROLE,
            )
            yield Pick(_("An existing role of mine"), id="custom", value=kind is RoleKind.CUSTOM)
        yield Static("", id="role-detail", markup=False)
        yield Input(
            self.plan.role.name if kind is RoleKind.CUSTOM else "",
            placeholder=_("role name"),
            id="role-name",
        )
        yield FieldError("role")
        yield Static("", id="role-selected", markup=False)
        yield Static("", id="roles-state", classes="hint", markup=False)
        yield MarkedList(id="role-list")

    def enter(self, plan: ReplicationPlan) -> None:
        super().enter(plan)
        self._sync()

    def cloud_ready(self) -> None:
        if self.ctx.cloud is not None and self.roles is None and self._kind() is RoleKind.CUSTOM:
            self.roles = []
            self.query_one("#roles-state", Static).update(_("Listing the account's roles…"))
            self.load_list("roles", lambda cloud: cloud.list_roles())

    def on_listed(self, message: Listed) -> None:
        message.stop()
        self.roles = message.items
        state = self.query_one("#roles-state", Static)
        if message.error:
            self.roles = None  # try again next time the step is shown
            state.update(
                _("Could not list roles ({error}); type the name.").format(error=message.error)
            )
            return
        listing = self.query_one("#role-list", OptionList)
        listing.clear_options()
        listing.add_options(Option(r.name, id=r.name) for r in message.items)
        count = len(message.items)
        state.update(
            ngettext(
                "{count} role; Enter on the › row picks it.",
                "{count} roles; Enter on the › row picks it.",
                count,
            ).format(count=count)
        )
        self._sync()

    @on(OptionList.OptionSelected, "#role-list")
    def pick(self, event: OptionList.OptionSelected) -> None:
        self.take_pick(event, "#role-name")

    def _kind(self) -> RoleKind:
        chosen = self.query_one("#role-kind", Choice).chosen
        return {"aliyun": RoleKind.ALIYUN_OSS_ROLE, "custom": RoleKind.CUSTOM}.get(
            chosen, RoleKind.NEW
        )

    def _sync(self) -> None:
        kind = self._kind()
        custom = kind is RoleKind.CUSTOM
        for widget in ("#role-name", "#role-selected", "#roles-state", "#role-list"):
            self.query_one(widget).display = custom
        self.query_one("#role-detail", Static).update(self._detail(kind))
        name = self.query_one("#role-name", Input).value.strip()
        listed = self.roles is not None and name in {r.name for r in self.roles}
        self.query_one("#role-selected", Static).update(
            _("Selected role: {name}").format(name=name)
            + (_(" (from the list)") if listed else _(" (typed)"))
            if name
            else _("Selected role: none yet")
        )
        if custom:
            self.cloud_ready()

    def _detail(self, kind: RoleKind) -> str:
        plan = self.collect()
        if kind is RoleKind.ALIYUN_OSS_ROLE:
            return _(ALIYUN_WARNING)
        kms = plan.kms.replicate
        if kind is RoleKind.CUSTOM:
            name = plan.role.name
            if self.roles and name and name not in {r.name for r in self.roles}:
                return _("⚠ No role named {name} in the account's list.").format(name=name)
            checks = _("The Review step checks its trust policy and permissions.")
            return sentences(role_words.custom_role_needs(kms), checks)
        try:
            policy = policy_json(plan)
        except PolicyTooLarge as error:
            return f"✗ {error}"
        creates = _(
            "Creates role {role} (trusting oss.aliyuncs.com) with policy {policy}, limited to "
            "these two buckets."
        ).format(role=plan.sync_role_name, policy=plan.new_policy_name)
        return (
            sentences(creates, role_words.console_policies(kms), role_words.new_role_permissions())
            + f"\n{policy}"
        )

    @on(Choice.Changed)
    @on(Input.Changed)
    def _changed(self) -> None:
        self._sync()
        self.changed()

    def collect(self) -> ReplicationPlan:
        kind = self._kind()
        name = self.query_one("#role-name", Input).value.strip() if kind is RoleKind.CUSTOM else ""
        return self.plan.with_changes(role=RoleChoice(kind=kind, name=name))

    def help_text(self) -> str:
        kind = self._kind()
        if kind is RoleKind.ALIYUN_OSS_ROLE:
            return _(
                "OSS assumes AliyunOSSRole, which the console creates for you once per account. "
                "It grants access to all buckets: convenient, but far more than replication needs."
            )
        kms = self.collect().kms.replicate
        if kind is RoleKind.CUSTOM:
            must = _(
                "The role must trust oss.aliyuncs.com and allow ReplicateList/ReplicateGet on "
                "the source and ReplicateList/Get/Put/Delete on the destination (and KMS when "
                "KMS replication is on)."
            )
            checks = _("Review checks it before anything is written.")
            return sentences(must, role_words.custom_role_needs(kms), checks)
        creates = _(
            "srrtui creates the role and its policy when you enable the rule, allowing only "
            "the replication actions on these two buckets."
        )
        return sentences(
            creates, role_words.console_policies(kms), role_words.new_role_permissions()
        )
