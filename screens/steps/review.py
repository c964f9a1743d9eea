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
from srrtui.domain.words.plans import plan_in_words
from srrtui.domain.words.translate import N_, _, clauses, ngettext, sentences, titled
from srrtui.screens.steps.base import StepContext, StepPanel

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
    title = N_("Review")
    # In the footer with one-word names: the buttons are a scroll away at 80x24.
    BINDINGS = [
        Binding("x", "show_request", "XML"),
        Binding("e", "show_exports", N_("Exports")),
        Binding("s", "save_plan", N_("Save")),
        Binding("p", "preflight_again", N_("Preflight")),
    ]

    def __init__(self, ctx: StepContext, plan: ReplicationPlan) -> None:
        super().__init__(ctx, plan)
        self.report: PreflightReport | None = None
        self.checked: ReplicationPlan | None = None
        self.running = False
        self.asked_again = False  # p was pressed: say when the new result is in

    def compose(self) -> ComposeResult:
        # The verdict first: at 80x24 the preflight lines are a scroll away.
        yield Static("", id="review-verdict", markup=False)
        yield Label(_("The rule srrtui will create"), classes="subheading")
        yield Static("", id="review-words", markup=False)
        yield Static("", id="review-problems", classes="field-error", markup=False)
        yield Label(_("Warnings"), classes="subheading")
        yield Static("", id="review-warnings", markup=False)
        yield Label(_("Preflight (it writes nothing)"), classes="subheading")
        yield Static("", id="review-preflight", markup=False)
        with Grid(classes="buttons review-buttons"):
            yield Button(_("XML & policy (x)"), id="show-request", compact=True)
            yield Button(_("Exports (e)"), id="show-exports", compact=True)
            yield Button(_("Save plan (s)"), id="save-plan", compact=True)
            yield Button(_("Preflight again (p)"), id="preflight", compact=True)
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
            self.query_one("#review-preflight", Static).update(_("Fix the problems above first."))
            count = len(report.problems)
            self._verdict(
                ngettext(
                    "✗ The plan has {count} problem, listed below.",
                    "✗ The plan has {count} problems, listed below.",
                    count,
                ).format(count=count)
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
            _("Checking buckets, rules, versioning, role and scope…")
        )
        self._verdict(_("… Preflight checks are running; nothing is written."))
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
        scope = message.report.scope if message.report is not None else None
        self.ctx.scope = (scope.objects, scope.bytes, scope.capped) if scope else None
        text = self.query_one("#review-preflight", Static)
        if message.report is None:
            text.update(
                _("✗ Preflight could not run: {error}\nPress p to try again.").format(
                    error=message.error
                )
            )
            self._verdict(_("✗ Preflight could not run (see below); press p to try again."))
            return
        failures = sum(c.status is CheckStatus.FAIL for c in message.report.lines)
        if failures:
            self._verdict(
                ngettext(
                    "✗ Preflight found {count} failure, listed below: enabling is blocked until "
                    "the plan changes.",
                    "✗ Preflight found {count} failures, listed below: enabling is blocked until "
                    "the plan changes.",
                    failures,
                ).format(count=failures)
            )
        else:
            self._verdict(
                _(
                    "✓ Preflight passed{warnings}. Enter creates the rule (after a confirmation)."
                ).format(warnings=self._warnings_to_read(message))
            )
        lines = [f"{MARKS[c.status]}  {titled(c.title, c.detail)}" for c in message.report.lines]
        text.update("\n".join(lines))
        self.changed()
        if self.asked_again:
            # The verdict is at the top of the page; p may have been pressed far below it.
            self.asked_again = False
            verdict = (
                ngettext("{count} failure", "{count} failures", failures).format(count=failures)
                if failures
                else _("passed")
            )
            self.notify(
                _("Preflight ran again: {verdict}.").format(verdict=verdict), title=_(self.title)
            )

    def _warnings_to_read(self, message: PreflightDone) -> str:
        """Both lists the page shows, each counted as listed: the plan's warnings (under
        Warnings) and the checks that warned (⚠ under Preflight). One number for both read
        as if the Warnings section were missing some."""
        assert message.report is not None
        listed = len(validate(message.plan, self.ctx.quotas).warnings)
        checks = sum(c.status is CheckStatus.WARN for c in message.report.lines)
        parts = [_("{count} under Warnings").format(count=listed)] if listed else []
        if checks:
            parts.append(_("{count} under Preflight").format(count=checks))
        if not parts:
            return ""
        read = ngettext(
            "; read the warning below: {where}",
            "; read the warnings below: {where}",
            listed + checks,
        )
        return read.format(where=_(", ").join(parts))

    def action_show_request(self) -> None:
        from srrtui.screens.modals.text_view import TextViewModal

        texts = {_("Request XML"): render_put_replication(self.plan)}
        if self.plan.role.kind is RoleKind.NEW:
            texts[_("Role policy")] = policy_json(self.plan)
            texts[_("Trust policy")] = trust_policy_json()
        self.app.push_screen(TextViewModal(_("What srrtui will send"), texts))

    def action_show_exports(self) -> None:
        from srrtui.screens.modals.text_view import TextViewModal

        texts = exports.export_tabs(self.plan)
        self.app.push_screen(TextViewModal(_("Exports: the same rule with other tools"), texts))

    def action_save_plan(self) -> None:
        from srrtui.screens.modals.save_plan import SavePlanModal

        text = dump_plan(self.plan, self.ctx.quotas)

        def chosen(target: Path | None) -> None:
            if target is not None:
                self.save(target, text)

        suggested = self.ctx.services.plan_dir / plan_file_name(self.plan)
        self.app.push_screen(SavePlanModal(suggested), chosen)

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
            text = _("✗ Could not save {path}: {error}").format(
                path=message.path, error=message.error
            )
            self.notify(text, title=_("Save plan"), severity="error")
        else:
            saved_as = (
                _("Saved (replacing the earlier file) {path}; `srrtui apply` can use it later.")
                if message.replaced
                else _("Saved {path}; `srrtui apply` can use it later.")
            )
            text = saved_as.format(path=message.path)
            self.notify(text, title=_("Save plan"))
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
            return _("Wait for the preflight checks to finish.")
        if self.report is not None and not self.report.ok:
            return _("Preflight found a failure (✗): change the plan before enabling.")
        return None

    def written_so_far(self) -> str:
        """True about the account: versioning enabled on the historical step is written."""
        if not self.ctx.changes:
            return _("Nothing has been written yet.")
        return _(
            "No rule has been created yet. Already changed in your account: {changes}."
        ).format(changes=clauses(self.ctx.changes))

    def help_text(self) -> str:
        written = self.written_so_far()
        if self.report is not None and not self.report.ok:
            then = _(
                "Preflight found a failure (✗), so the rule cannot be created as planned: go "
                "back (Esc, or F2 for the steps) and change what the ✗ line names, or fix it in "
                "the account and press p."
            )
        else:
            then = _(
                "Enter opens the confirmation for creating the rule; a rule cannot be edited "
                "afterwards (only deleted and created again, which copies historical data again)."
            )
        keys = _(
            "x shows the exact request and policy, e shows the same rule (role and policy too) "
            "as Terraform, a shell script (aliyun CLI + ossutil) and Python; s saves the plan "
            "file; p runs preflight again."
        )
        return f"{sentences(written, then)}\n\n{keys}"
