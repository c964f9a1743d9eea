"""What every wizard step is: a panel that is given the plan and hands back an updated plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList

from srrtui.domain import limits
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.validation import Issue, Report, validate
from srrtui.domain.words.errors import brief
from srrtui.screens.messages import Listed
from srrtui.screens.services import WizardServices
from srrtui.screens.widgets.field_error import FieldError, matches

if TYPE_CHECKING:
    from srrtui.cloud.api import CloudApi


@dataclass
class StepContext:
    """Shared by all steps of one wizard run. ``cloud`` is set once the credentials step has
    opened a session (in a worker); steps that need it wait for ``CloudReady``."""

    services: WizardServices
    cloud: CloudApi | None = None
    quotas: limits.Quotas = limits.Quotas()
    connection_label: str = ""  # e.g. "profile work (cn-hangzhou)"; never a secret
    rule_created: bool = False
    rule_id: str = ""
    # What the wizard changed in the account so far, e.g. "versioning enabled on demo-logs
    # (...)": the quit question names it instead of saying nothing changed.
    changes: list[str] = field(default_factory=list)


class StepPanel(VerticalScroll):
    """Base of every step. Subclasses set ``key``/``title``/``fields`` and override ``enter``,
    ``collect`` and ``help_text``. The wizard validates ``collect()``'s plan and shows the
    problems of ``fields`` at the matching ``FieldError`` widgets before moving on."""

    key: ClassVar[str] = ""
    title: ClassVar[str] = ""
    fields: ClassVar[tuple[str, ...]] = ()
    # Steps after the rule exists (enable, progress) are not "Next"-able forms.
    form: ClassVar[bool] = True

    @dataclass
    class Changed(Message):
        """The choice changed: the wizard refreshes the help text."""

    @dataclass
    class Advance(Message):
        """The step asks to go on (e.g. a bucket was picked with Enter)."""

    @dataclass
    class CloudReady(Message):
        """Posted to the current step when the cloud session becomes available."""

    def __init__(self, ctx: StepContext, plan: ReplicationPlan) -> None:
        super().__init__(id=f"step-{self.key}", classes="step")
        self.ctx = ctx
        self.plan = plan

    # -- the contract with the wizard -------------------------------------------------------
    def enter(self, plan: ReplicationPlan) -> None:
        """Called every time the step is shown, with the plan as the other steps left it."""
        self.plan = plan

    def collect(self) -> ReplicationPlan:
        """The plan with this step's choices applied."""
        return self.plan

    def blocked(self) -> str | None:
        """Why Next cannot go on yet (still loading, ...), or None. "" means "not yet" with
        nothing to say (the step shows what happens itself)."""
        return None

    def problems(self, report: Report) -> tuple[Issue, ...]:
        return tuple(issue for issue in report.problems if self.owns(issue.field))

    def owns(self, field: str) -> bool:
        return any(matches(mine, field) for mine in self.fields)

    def help_text(self) -> str:
        return ""

    def load_list(self, what: str, fetch: Callable[[CloudApi], list[Any]]) -> None:
        """Fetch a list in a worker; the step gets a ``Listed`` message (a CloudError becomes
        its ``error``, said briefly: the step offers typing the value instead)."""
        cloud = self.ctx.cloud
        assert cloud is not None

        def run() -> None:
            from srrtui.cloud.types import CloudError  # not at import: the first frame waits

            try:
                items = fetch(cloud)
            except CloudError as error:
                self.post_message(Listed(what, [], brief(error)))
                return
            self.post_message(Listed(what, items))

        self.run_worker(run, group=what, exclusive=True, thread=True, exit_on_error=False)

    def take_pick(self, event: OptionList.OptionSelected, field: str) -> None:
        """A value picked from a list fills the field it stands for, which takes the keyboard."""
        event.stop()
        target = self.query_one(field, Input)
        target.value = event.option.id or ""
        target.focus()

    def cloud_ready(self) -> None:
        """The session opened after the step was shown: load what needs the cloud."""

    # -- helpers ------------------------------------------------------------------------------
    def show_problems(self, issues: tuple[Issue, ...]) -> None:
        first: FieldError | None = None
        for widget in self.query(FieldError):
            if widget.show_issues(issues) and first is None:
                first = widget
        if first is None:
            return
        # The keyboard goes where the fix is made: on the radio buttons above, the text
        # typed next would go nowhere.
        field = self.field_for(first)
        if field is not None and self.app.focused is not field:
            field.focus(scroll_visible=False)
        # The message may be below the fold at 80x24: bring it (and its field) into view once
        # laid out (it was hidden until now, so it has no place yet).
        self.call_after_refresh(self._scroll_to_problem, first, field)

    def _scroll_to_problem(self, error: FieldError, field: Widget | None) -> None:
        region = error.virtual_region_with_margin
        if field is not None and self._shown(field):
            both = region.union(field.virtual_region_with_margin)
            # Both when they fit; otherwise the message, with as much above it as fits.
            if both.height <= self.scrollable_content_region.height:
                region = both
        self.scroll_to_region(region, animate=False, immediate=True)

    def field_for(self, error: FieldError) -> Widget | None:
        """Where the problem a FieldError shows is fixed; by default the text field it sits
        right after. Steps whose fix is elsewhere (a list) say so."""
        return self._field_of(error)

    def _field_of(self, error: FieldError) -> Widget | None:
        """The field a FieldError is about: the nearest shown field above it (a text field
        sits right before its message; a choice may have a hint in between)."""
        siblings = list(error.parent.children) if error.parent is not None else []
        for widget in reversed(siblings[: siblings.index(error)]):
            if widget.focusable and self._shown(widget):
                return widget
        return None

    @on(Input.Changed)
    def _hide_stale_error(self, event: Input.Changed) -> None:
        # The ✗ under a field speaks of the text before this edit; Next checks the new one.
        siblings = list(event.input.parent.children) if event.input.parent is not None else []
        at = siblings.index(event.input)
        below = siblings[at + 1] if at + 1 < len(siblings) else None
        if isinstance(below, FieldError) and below.display:
            below.show_issues(())

    def changed(self) -> None:
        self.post_message(self.Changed())
        self.recheck_shown_problems()

    def recheck_shown_problems(self) -> None:
        """A ✗ on screen goes (or changes) as soon as its field is fixed; none is added before
        Next (a half-typed value is not a problem yet)."""
        shown = [e for e in self.query(FieldError) if e.display]
        if not shown or not self.form:
            return
        issues = self.problems(validate(self.collect(), self.ctx.quotas))
        for error in shown:
            error.show_issues(issues)

    def on_mount(self) -> None:
        if not self.ctx.services.cursor_blink:
            for widget in self.query(Input):
                widget.cursor_blink = False

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Textual scrolls a focused field into view with an animation, computed before a
        # field shown by the same key has been laid out; at 80x24 the field could stay below
        # the fold (and snapshots caught the scroll half-way). Scroll once laid out, at once.
        widget = event.widget
        self.call_after_refresh(widget.scroll_visible, animate=False)

    def _shown(self, widget: Widget) -> bool:
        node: DOMNode | None = widget
        while node is not None and node is not self:
            if not node.display:
                return False
            node = node.parent
        return True

    def focus_first(self) -> None:
        """Put the keyboard in the step's first field, the step scrolled to its top."""
        # The question heads the step: open there, wherever the step was left scrolled.
        self.scroll_home(animate=False)
        # Not the screen's focus chain: it is rebuilt on the next refresh, after this runs.
        for widget in self.query("*"):
            if widget.focusable and self._shown(widget):
                # Without Textual's scroll: it centres a field that is not laid out yet, and
                # animated; at 80x24 the role step opened two lines down, its question hidden.
                # Scrolled once laid out instead (also when it had the focus already).
                widget.focus(scroll_visible=False)
                self.call_after_refresh(widget.scroll_visible, animate=False)
                return
        # Nothing to type in: the panel itself, so Enter reaches the wizard.
        self.focus(scroll_visible=False)
