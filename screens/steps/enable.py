"""Step 11: create the rule. A confirmation first (a rule cannot be edited afterwards), then
each step shown as it happens with its result; a failure shows Code and RequestId, and retry
resumes where it stopped (the cloud layer finds what exists)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Label, Static

from srrtui.cloud.types import CloudError, EnableResult, EnableStep, StepState
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.words.errors import error_block
from srrtui.domain.words.text import pad
from srrtui.domain.words.translate import N_, _, titled
from srrtui.screens.modals.confirm import ConfirmModal
from srrtui.screens.steps.base import StepContext, StepPanel

CONFIRM_BODY = N_(
    "srrtui will now create the replication rule from {source} to {destination}{role}.\n\n"
    "A rule cannot be edited afterwards: changing it means deleting it and creating it again, "
    "which copies historical data again. {after}"
)
AFTER_REAL = N_(
    "Replication starts 3 to 5 minutes after the rule is created and goes on when you quit srrtui."
)
AFTER_DEMO = N_(
    "In the demo the rule runs in the local cloud on this machine: it starts within seconds and "
    "stops when you quit srrtui."
)
MARKS = {
    StepState.PENDING: N_("·  to do"),
    StepState.RUNNING: N_("…  running"),
    StepState.DONE: N_("✓  done"),
    StepState.EXISTED: N_("✓  already there"),
    StepState.FAILED: N_("✗  FAILED"),
    StepState.SKIPPED: N_("-  not needed"),
}


@dataclass
class StepUpdate(Message):
    step: EnableStep


@dataclass
class EnableFinished(Message):
    result: EnableResult | None
    error: CloudError | None = None


def step_lines(steps: dict[str, EnableStep]) -> str:
    lines = []
    for step in steps.values():
        lines.append(f"{pad(_(MARKS[step.state]), 18)} {titled(step.title, step.detail)}")
        if step.error is not None:
            lines.append(error_block(step.error, indent="      "))
    return "\n".join(lines)


class EnableStepPanel(StepPanel):
    key = "enable"
    title = N_("Enable")
    form = False
    BINDINGS = [
        # Once the rule exists the results stay on screen until the user asks to move on.
        Binding("enter", "watch", N_("Watch progress")),
        # Before: Enter asks again (after "Not yet" in the confirmation, for one).
        Binding("enter", "start", N_("Create the rule")),
        Binding("r", "retry", N_("Retry")),
    ]

    def __init__(self, ctx: StepContext, plan: ReplicationPlan) -> None:
        super().__init__(ctx, plan)
        self.steps: dict[str, EnableStep] = {}
        self.running = False
        self.failed = False

    def compose(self) -> ComposeResult:
        yield Label(_("Create the replication rule"), classes="subheading")
        yield Static(
            _("Press Enter to create the rule (you will be asked to confirm)."),
            id="enable-state",
            markup=False,
        )
        yield Static("", id="enable-steps", markup=False)

    def enter(self, plan: ReplicationPlan) -> None:
        super().enter(plan)
        if not self.steps and not self.running:
            self.call_after_refresh(self.action_start)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A disabled binding lets the next one for the same key have the key.
        if action == "watch":
            return self.ctx.rule_created
        if action == "start":
            return not self.running and not self.ctx.rule_created and not self.failed
        if action == "retry":
            return self.failed and not self.running and not self.ctx.rule_created
        return True

    def action_retry(self) -> None:
        self.action_start()

    def action_watch(self) -> None:
        self.post_message(self.Advance())

    def blocked(self) -> str | None:
        if self.ctx.rule_created:
            return None
        if not self.running:
            self.action_start()
        return ""

    def action_start(self) -> None:
        if self.running or self.ctx.rule_created or self.ctx.cloud is None:
            return
        plan = self.plan
        role = _(" with role {role}").format(role=plan.sync_role_name)
        body = _(CONFIRM_BODY).format(
            source=plan.source_bucket,
            destination=plan.destination_bucket,
            role=role,
            after=_(AFTER_DEMO if self.ctx.services.demo else AFTER_REAL),
        )
        verb = _("Retry") if self.failed else _("Create the rule")

        def answer(yes: bool | None) -> None:
            if yes:
                self.running = True
                self.query_one("#enable-state", Static).update(_("Working… each step shows below."))
                self.refresh_bindings()
                self.run_enable(self.plan)

        self.app.push_screen(
            ConfirmModal(_("Create the rule?"), body, yes=verb, no=_("Not yet")), answer
        )

    @work(thread=True, exclusive=True, group="enable", exit_on_error=False)
    def run_enable(self, plan: ReplicationPlan) -> None:
        assert self.ctx.cloud is not None
        try:
            result = self.ctx.cloud.enable(
                plan, on_step=lambda step: self.post_message(StepUpdate(step))
            )
        except CloudError as error:
            self.post_message(EnableFinished(None, error))
            return
        self.post_message(EnableFinished(result))

    def on_step_update(self, message: StepUpdate) -> None:
        self.steps[message.step.key] = message.step
        self.query_one("#enable-steps", Static).update(step_lines(self.steps))

    def on_enable_finished(self, message: EnableFinished) -> None:
        self.running = False
        state = self.query_one("#enable-state", Static)
        result = message.result
        if result is not None:
            for step in result.steps:
                self.steps[step.key] = step
            self.query_one("#enable-steps", Static).update(step_lines(self.steps))
        if result is not None and result.ok:
            self.ctx.rule_created = True
            self.ctx.rule_id = result.rule_id
            self.plan = self.plan.with_changes(rule_id=result.rule_id)
            starts = (
                _("✓ The rule exists (rule ID {rule}). Replication starts within seconds.")
                if self.ctx.services.demo
                else _("✓ The rule exists (rule ID {rule}). Replication starts in a few minutes.")
            )
            state.update(
                starts.format(rule=result.rule_id)
                + "\n\n"
                + _("Press Enter to watch its progress.")
            )
            self.refresh_bindings()
            return
        self.failed = True
        error = message.error
        detail = f"\n{error_block(error)}" if error else ""
        retry = _("Press r to retry: it resumes where it stopped.")
        state.update(_("✗ Enabling stopped.") + f"{detail}\n{retry}")
        self.refresh_bindings()
        self.notify(_("Enabling failed; r retries from where it stopped."), severity="error")

    def collect(self) -> ReplicationPlan:
        return self.plan

    def help_text(self) -> str:
        return _(
            "The steps: create the role (new role only), create its policy, attach it, check "
            "the role, then put the rule. Each is safe to repeat: a retry finds what exists and "
            "never creates a second role or policy."
        )
