"""The wizard: step list | the current step's form | what the choice means. It owns the plan;
steps are given it and hand back an updated copy (values survive going back and forth)."""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Input

from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.validation import validate
from srrtui.domain.words.translate import N_, _, ngettext
from srrtui.screens.messages import CloudOpened
from srrtui.screens.steps import STEPS, step_class
from srrtui.screens.steps.base import StepContext, StepPanel
from srrtui.screens.type_ahead import ReleaseKeys
from srrtui.screens.widgets.footer import WordsFooter
from srrtui.screens.widgets.help_pane import HelpPane
from srrtui.screens.widgets.region_picker import RegionPicker
from srrtui.screens.widgets.step_list import StepList

TITLE = N_("srrtui: OSS same-region replication")
# Below this width the header keeps the step ("Step 1 of 12: Credentials") whole instead of
# the tool's full name, which cut it to "Credentia…" at 80 columns.
SHORT_TITLE = "srrtui"
FULL_TITLE_WIDTH = 100


NEXT = Binding("enter", "next", N_("Next"))
# The footer's keys that stay on a narrow terminal, most important first: the way through the
# wizard, the way out, and the language (named in the other one, for one who cannot read this).
ESSENTIAL_KEYS = ("next", "back", "focus_steps", "toggle_help", "request_quit", "switch_language")


class WizardScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        NEXT,
        Binding("escape", "back", N_("Back")),
        Binding("f2", "focus_steps", N_("Steps")),
        Binding("f1", "toggle_help", N_("Help")),
        # Priority: handled by the app as the key arrives. Otherwise Tab travels through the
        # focused field's queue, and keys typed right after it (tmux delivers "env<Tab>prod"
        # in one burst) are forwarded to the old field before the focus moves.
        Binding("tab", "move_focus(1)", N_("Next field"), show=False, priority=True),
        Binding("shift+tab", "move_focus(-1)", N_("Previous field"), show=False, priority=True),
    ]

    # The app's -narrow/-wide, with two more: -tiny under 70 columns (the step list shows only
    # numbers) and -short under 24 rows (a smaller help pane); the layouts are in app.tcss.
    # The help goes under the form below 120 columns: beside it, at 100 the form column was
    # too narrow for a bucket and its region on one row.
    HORIZONTAL_BREAKPOINTS = [
        (0, "-tiny"),
        (70, "-narrow"),
        (120, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    def __init__(self, ctx: StepContext, plan: ReplicationPlan | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.plan = plan or ReplicationPlan()
        self.index = 0
        self.done: set[int] = set()
        self.panels: dict[int, StepPanel] = {}
        self._showing = asyncio.Lock()
        self._focus_pending = False  # a step was shown; its first field takes the keyboard next

    def compose(self) -> ComposeResult:
        # The first step is built with the frame: one layout and one paint for both.
        first = self.panels[0] = step_class(0)(self.ctx, self.plan)
        yield Header(icon="≋")
        with Horizontal(id="body"):
            yield StepList([step.title for step in STEPS], id="steps")
            yield ContentSwitcher(first, id="step-body", initial=first.id)
            yield HelpPane(id="help")
        # Compact: at 80 columns the review's own keys (x e s p) fit beside Quit, Next, Back,
        # Steps and Help (the command palette still opens with Ctrl+P). Narrower, a step's own
        # keys give way first, then these, the last named first.
        yield WordsFooter(compact=True, show_command_palette=False, keep=ESSENTIAL_KEYS)

    def on_mount(self) -> None:
        self._title_for(self.app.size.width)
        # Before the first paint: the step's title, marker and help go out with the frame.
        self.call_next(self.show_step, 0)

    def on_resize(self, event: events.Resize) -> None:
        self._title_for(event.size.width)

    def _title_for(self, width: int) -> None:
        self.title = _(TITLE) if width >= FULL_TITLE_WIDTH else SHORT_TITLE

    # -- navigation ---------------------------------------------------------------------------
    @property
    def current(self) -> StepPanel:
        return self.panels[self.index]

    async def show_step(self, index: int) -> None:
        # One at a time: a key pressed while a step is being built must not build another.
        async with self._showing:
            await self._show_step(index)

    async def _show_step(self, index: int) -> None:
        self.index = index
        panel = self.panels.get(index)
        switcher = self.query_one("#step-body", ContentSwitcher)
        if panel is None:
            # Steps are built the first time they are shown, so the first frame only pays for
            # the first step, and kept afterwards, so what was typed but not yet valid survives.
            panel = self.panels[index] = step_class(index)(self.ctx, self.plan)
            await switcher.mount(panel)
        panel.enter(self.plan)
        switcher.current = panel.id
        self.sub_title = _("Step {number} of {count}: {title}").format(
            number=index + 1, count=len(STEPS), title=_(panel.title)
        )
        self.query_one(StepList).refresh_steps(index, self.done, locked=self.ctx.rule_created)
        self.refresh_help()
        self._focus_pending = True
        self.call_after_refresh(self._focus_shown, panel)
        self.refresh_bindings()

    def _focus_shown(self, panel: StepPanel) -> None:
        panel.focus_first()
        self._focus_pending = False
        # After the focus (queued on the app): keys typed since the Enter reach this step.
        self.app.post_message(ReleaseKeys())

    def enter_may_move(self) -> bool:
        """Enter (just handed to the focused widget) is Next, or a text field's Enter (Next, or
        a pick that goes on): keys typed after it must wait for the step it leads to. The
        wizard, or the widget that keeps the Enter, releases them (``ReleaseKeys``)."""
        active = self.active_bindings.get("enter")
        if active is None:
            return False
        if isinstance(active.node, Input):
            return self.current in active.node.ancestors
        return active.node is self and active.binding.action == "next"

    @property
    def moving(self) -> bool:
        """A step is being built or has yet to take the keyboard."""
        return self._showing.locked() or self._focus_pending

    async def relabel(self) -> None:
        """The language changed: the frame and the steps are drawn again in it. The current
        step is built anew from the plan (which holds what was typed, valid or not), its text
        fields refilled as they were; other form steps are built again when shown. Steps after
        the rule exists run on (their next refresh speaks the new language)."""
        async with self._showing:
            panel = self.panels.get(self.index)
            typed: dict[str, str] = {}
            regions: dict[str, str] = {}
            if panel is not None and panel.form:
                self.plan = panel.collect()
                # A region picker's choice is its marked row, not its filter text.
                regions = {
                    p.id: p.value
                    for p in panel.query(RegionPicker)
                    if p.id and p.value and p.display
                }
                typed = {
                    field.id: field.value
                    for field in panel.query(Input)
                    if field.id and not any(isinstance(a, RegionPicker) for a in field.ancestors)
                }
            for index, built in list(self.panels.items()):
                if built.form:
                    del self.panels[index]
                    await built.remove()
            self.query_one(StepList).refresh()
            self.query_one(HelpPane).relabel()
            self._title_for(self.app.size.width)
            await self._show_step(self.index)
            for field in self.current.query(Input):
                if field.id in typed and field.value != typed[field.id]:
                    field.value = typed[field.id]
            for picker in self.current.query(RegionPicker):
                if picker.id in regions:
                    picker.hold(regions[picker.id])

    def _accept_current(self) -> bool:
        """Validate the current step; show its problems at their fields. True when it is fine."""
        panel = self.current
        reason = panel.blocked()
        if reason is not None:
            if reason:
                self.notify(reason, title=_(panel.title), severity="warning")
            return False
        self.plan = panel.collect()
        issues = panel.problems(validate(self.plan, self.ctx.quotas)) if panel.form else ()
        panel.show_problems(issues)
        if issues:
            fix = ngettext(
                "Fix {count} problem marked ✗ to go on.",
                "Fix {count} problems marked ✗ to go on.",
                len(issues),
            )
            self.notify(fix.format(count=len(issues)), title=_(panel.title), severity="error")
            return False
        self.done.add(self.index)
        self.app.clear_notifications()  # "Fix 1 problem…" must not outlive the fix
        return True

    async def action_next(self) -> None:
        if self.index not in self.panels or self._showing.locked():
            return  # the step is still being built
        if self.index + 1 < len(STEPS) and self._accept_current():
            await self.show_step(self.index + 1)  # the new step releases the keys held
        elif not self.moving:
            self.app.post_message(ReleaseKeys())  # the step stays: on to its field

    def action_toggle_help(self) -> None:
        """F1: the help fills the screen (and takes the keyboard to scroll it), or goes back."""
        help_pane = self.query_one(HelpPane)
        full = not help_pane.has_class("-full")
        help_pane.set_full(full)
        self.query_one("#body").set_class(full, "-help-full")
        if full:
            help_pane.focus()
        else:
            self.current.focus_first()
        self.refresh_bindings()

    async def action_back(self) -> None:
        if self.query_one(HelpPane).has_class("-full"):
            self.action_toggle_help()  # Esc leaves the full help before it leaves the step
            return
        if self.index == 0 or self.ctx.rule_created or self.index not in self.panels:
            return
        if self.current.form:
            self.plan = self.current.collect()  # keep what was typed, valid or not
        await self.show_step(self.index - 1)

    def action_move_focus(self, direction: int) -> None:
        if direction > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def action_focus_steps(self) -> None:
        self.query_one(StepList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            full_help = self.query_one(HelpPane).has_class("-full")
            return full_help or (self.index > 0 and not self.ctx.rule_created)
        if action == "next":
            panel = self.panels.get(self.index)
            return self.index + 1 < len(STEPS) and (panel is None or panel.form)
        if action == "focus_steps":
            return not self.ctx.rule_created  # no step can be revisited once the rule exists
        return True

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """In a text field the footer showed no Next: the field's own Enter (submit, unshown)
        hides the wizard's. Enter there does mean Next (on_input_submitted), so say so."""
        bindings = super().active_bindings
        enter = bindings.get("enter")
        hidden = enter is not None and isinstance(enter.node, Input) and not enter.binding.show
        if hidden and self.check_action("next", ()):
            bindings["enter"] = ActiveBinding(self, NEXT, True, NEXT.tooltip)
        return bindings

    # -- messages from the parts --------------------------------------------------------------
    async def on_step_list_jump(self, event: StepList.Jump) -> None:
        if self.index not in self.panels:
            return
        if event.index == self.index:
            self.current.focus_first()
            return
        if self.ctx.rule_created:
            self.notify(_("The rule exists now; a rule cannot be edited."), severity="warning")
            return
        if event.index < self.index:
            if self.current.form:
                self.plan = self.current.collect()
            await self.show_step(event.index)
        elif event.index in self.done and self._accept_current():
            await self.show_step(event.index)

    def on_step_panel_changed(self, event: StepPanel.Changed) -> None:
        self.refresh_help()

    async def on_step_panel_advance(self, event: StepPanel.Advance) -> None:
        await self.action_next()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        # Enter in a text field means Next, like everywhere else in the wizard.
        event.stop()
        await self.action_next()

    def refresh_help(self) -> None:
        panel = self.panels.get(self.index)
        if panel is not None:
            self.query_one(HelpPane).show(panel.help_text())

    def cloud_opened(self) -> None:
        """The session is ready (``ctx.cloud`` set): let the shown step load its data."""
        for panel in self.panels.values():
            panel.cloud_ready()

    def on_cloud_opened(self, message: CloudOpened) -> None:
        self.ctx.cloud = message.cloud
        self.ctx.connection_label = message.label
        self.cloud_opened()
