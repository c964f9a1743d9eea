"""Step 10: the plan in words, its warnings, the preflight report (with what historical
replication would copy), the exact request XML and policy; save the plan; view and copy the
exports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.message import Message
from textual.widgets import Button, Label, Static

from srrtui.cloud.types import CheckStatus, CloudError, PreflightReport
from srrtui.domain import exports
from srrtui.domain.plan import ReplicationPlan, RoleKind
from srrtui.domain.planfile import dump_plan
from srrtui.domain.policies import policy_json, trust_policy_json
from srrtui.domain.replication_xml import render_put_replication
from srrtui.domain.validation import validate
from srrtui.domain.words.counts import plural
from srrtui.domain.words.plans import plan_in_words
from srrtui.screens.steps.base import StepPanel

MARKS = {CheckStatus.PASS: "✓ pass", CheckStatus.WARN: "⚠ warn", CheckStatus.FAIL: "✗ FAIL"}


@dataclass
class PreflightDone(Message):
    plan: ReplicationPlan
    report: PreflightReport | None
    error: str = ""


@dataclass
class PlanSaved(Message):
    path: str
    error: str = ""
    replaced: bool = False


def plan_file_name(plan: ReplicationPlan) -> str:
    return f"srr-{plan.source_bucket}-to-{plan.destination_bucket}.toml"


class ReviewStep(StepPanel):
    key = "review"
    title = "Review"
    # Not in the footer: the buttons below say the keys, and at 80 columns these four pushed
    # Back, Steps and Quit off the footer.
    BINDINGS = [
        Binding("x", "show_request", "XML & policy", show=False),
        Binding("e", "show_exports", "Exports", show=False),
        Binding("s", "save_plan", "Save plan", show=False),
        Binding("p", "preflight_again", "Preflight again", show=False),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.report: PreflightReport | None = None
        self.checked: ReplicationPlan | None = None
        self.running = False
        self.asked_again = False  # p was pressed: say when the new result is in

    def compose(self) -> ComposeResult:
        # The verdict first: at 80x24 the preflight lines are a scroll away.
        yield Static("", id="review-verdict", markup=False)
        yield Label("The rule srrtui will create", classes="subheading")
        yield Static("", id="review-words", markup=False)
        yield Static("", id="review-problems", classes="field-error", markup=False)
        yield Label("Warnings", classes="subheading")
        yield Static("", id="review-warnings", markup=False)
        yield Label("Preflight (it writes nothing)", classes="subheading")
        yield Static("", id="review-preflight", markup=False)
        with Grid(classes="buttons review-buttons"):
            yield Button("XML & policy (x)", id="show-request", compact=True)
            yield Button("Exports (e)", id="show-exports", compact=True)
            yield Button("Save plan (s)", id="save-plan", compact=True)
            yield Button("Preflight again (p)", id="preflight", compact=True)
        yield Static("", id="review-saved", classes="hint", markup=False)

    def enter(self, plan: ReplicationPlan) -> None:
        super().enter(plan)
        report = validate(plan, self.ctx.quotas)
        self.query_one("#review-words", Static).update(
            "\n".join(f"• {line}" for line in plan_in_words(plan))
        )
        problems = self.query_one("#review-problems", Static)
        problems.update("\n".join(f"✗ {p}" for p in report.problems))
        problems.display = bool(report.problems)
        self.query_one("#review-warnings", Static).update(
            "\n".join(f"⚠ {w.message}" for w in report.warnings)
        )
        if report.ok and plan != self.checked:
            self.action_preflight()
        elif not report.ok:
            self.query_one("#review-preflight", Static).update("Fix the problems above first.")
            self._verdict(
                f"✗ The plan has {plural(len(report.problems), 'problem')}, listed below."
            )

    def focus_first(self) -> None:
        # The panel itself: Enter means Next here, and the page starts at its top.
        self.focus()
        self.scroll_home(animate=False)

    def action_preflight(self) -> None:
        if self.ctx.cloud is None or self.running:
            return
        self.running = True
        self.report = None
        self.query_one("#review-preflight", Static).update(
            "Checking buckets, rules, versioning, role and scope…"
        )
        self._verdict("… Preflight checks are running; nothing is written.")
        self.run_preflight(self.plan)

    def action_preflight_again(self) -> None:
        self.asked_again = True
        self.action_preflight()

    def _verdict(self, text: str) -> None:
        self.query_one("#review-verdict", Static).update(text)

    @work(thread=True, exclusive=True, group="preflight", exit_on_error=False)
    def run_preflight(self, plan: ReplicationPlan) -> None:
        assert self.ctx.cloud is not None
        try:
            report = self.ctx.cloud.preflight(plan)
        except CloudError as error:
            self.post_message(PreflightDone(plan, None, str(error)))
            return
        self.post_message(PreflightDone(plan, report))

    def on_preflight_done(self, message: PreflightDone) -> None:
        self.running = False
        self.checked = message.plan
        self.report = message.report
        text = self.query_one("#review-preflight", Static)
        if message.report is None:
            text.update(f"✗ Preflight could not run: {message.error}\nPress p to try again.")
            self._verdict("✗ Preflight could not run (see below); press p to try again.")
            return
        failures = sum(c.status is CheckStatus.FAIL for c in message.report.lines)
        if failures:
            self._verdict(
                f"✗ Preflight found {plural(failures, 'failure')}, listed below: enabling is "
                "blocked until the plan changes."
            )
        else:
            self._verdict(
                f"✓ Preflight passed{self._warnings_to_read(message)}. "
                "Enter creates the rule (after a confirmation)."
            )
        lines = [
            f"{MARKS[c.status]}  {c.title}" + (f": {c.detail}" if c.detail else "")
            for c in message.report.lines
        ]
        text.update("\n".join(lines))
        self.changed()
        if self.asked_again:
            # The verdict is at the top of the page; p may have been pressed far below it.
            self.asked_again = False
            verdict = f"{plural(failures, 'failure')}" if failures else "passed"
            self.notify(f"Preflight ran again: {verdict}.", title="Review")

    def _warnings_to_read(self, message: PreflightDone) -> str:
        """Both lists the page shows, each counted as listed: the plan's warnings (under
        Warnings) and the checks that warned (⚠ under Preflight). One number for both read
        as if the Warnings section were missing some."""
        assert message.report is not None
        listed = len(validate(message.plan, self.ctx.quotas).warnings)
        checks = sum(c.status is CheckStatus.WARN for c in message.report.lines)
        parts = [f"{listed} under Warnings"] if listed else []
        if checks:
            parts.append(f"{checks} under Preflight")
        noun = "warning" if listed + checks == 1 else "warnings"
        return f"; read the {noun} below: {', '.join(parts)}" if parts else ""

    def action_show_request(self) -> None:
        from srrtui.screens.modals.text_view import TextViewModal

        texts = {"Request XML": render_put_replication(self.plan)}
        if self.plan.role.kind is RoleKind.NEW:
            texts["Role policy"] = policy_json(self.plan)
            texts["Trust policy"] = trust_policy_json()
        self.app.push_screen(TextViewModal("What srrtui will send", texts))

    def action_show_exports(self) -> None:
        from srrtui.screens.modals.text_view import TextViewModal

        texts = exports.export_tabs(self.plan)
        self.app.push_screen(TextViewModal("Exports: the same rule with other tools", texts))

    def action_save_plan(self) -> None:
        target = self.ctx.services.plan_dir / plan_file_name(self.plan)
        self.save(target, dump_plan(self.plan, self.ctx.quotas))

    @work(thread=True, exclusive=True, group="save-plan", exit_on_error=False)
    def save(self, target: Path, text: str) -> None:
        replaced = target.exists()
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as error:
            self.post_message(PlanSaved(str(target), error.strerror or str(error)))
            return
        self.post_message(PlanSaved(str(target), replaced=replaced))

    def on_plan_saved(self, message: PlanSaved) -> None:
        # The line below the buttons stays; the toast is seen wherever the page is scrolled.
        saved = self.query_one("#review-saved", Static)
        if message.error:
            text = f"✗ Could not save {message.path}: {message.error}"
            self.notify(text, title="Save plan", severity="error")
        else:
            verb = "Saved (replacing the earlier file)" if message.replaced else "Saved"
            text = f"{verb} {message.path}; `srrtui apply` can use it later."
            self.notify(text, title="Save plan")
        saved.update(text)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        action = {
            "show-request": self.action_show_request,
            "show-exports": self.action_show_exports,
            "save-plan": self.action_save_plan,
            "preflight": self.action_preflight_again,
        }
        action[event.button.id or ""]()

    def problems(self, report):  # noqa: ANN001, ANN201 - same signature as the base
        return report.problems

    def blocked(self) -> str | None:
        if self.running or (self.report is None and self.ctx.cloud is not None):
            return "Wait for the preflight checks to finish."
        if self.report is not None and not self.report.ok:
            return "Preflight found a failure (✗): change the plan before enabling."
        return None

    def written_so_far(self) -> str:
        """True about the account: versioning enabled on the historical step is written."""
        if not self.ctx.changes:
            return "Nothing has been written yet."
        return (
            "No rule has been created yet. Already changed in your account: "
            f"{'; '.join(self.ctx.changes)}."
        )

    def help_text(self) -> str:
        written = self.written_so_far()
        if self.report is not None and not self.report.ok:
            first = (
                f"{written} Preflight found a failure (✗), so the rule cannot be "
                "created as planned: go back (Esc, or F2 for the steps) and change what the ✗ "
                "line names, or fix it in the account and press p."
            )
        else:
            first = (
                f"{written} Enter opens the confirmation for creating the "
                "rule; a rule cannot be edited afterwards (only deleted and created again, which "
                "copies historical data again)."
            )
        return (
            f"{first}\n\nx shows the exact request and policy, e shows the same rule (role and "
            "policy too) as Terraform, a shell script (aliyun CLI + ossutil) and Python; s saves "
            "the plan file; p runs preflight again."
        )
