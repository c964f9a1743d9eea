"""The Textual app: picks the first screen, routes global keys, and handles failed workers.
The only module in srrtui/ that imports Textual; everything else lives in screens/."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.words.translate import N_, _, clauses, sentences
from srrtui.paths import asset
from srrtui.screens.messages import CloudOpened
from srrtui.screens.services import WizardServices
from srrtui.screens.steps.base import StepContext
from srrtui.screens.type_ahead import ReleaseKeys, TypeAhead
from srrtui.screens.widgets import cjk_wrap
from srrtui.screens.wizard import WizardScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from srrtui.screens.watch.board import WatchTarget

QUIT_BODY = N_(
    "No replication rule has been created yet, so nothing changes in your account. "
    "The choices made so far are lost unless you saved the plan on the Review step."
)
QUIT_BODY_CHANGED = N_(
    "No replication rule has been created yet. Already changed in your account: {changes}. "
    "The choices made so far are lost unless you saved the plan on the Review step."
)


# Textual's toasts for the palette's Screenshot command (textual/app.py, _on_delivery_complete
# and _on_delivery_failed), so that the catalog holds them; the path is added after the prefix.
TEXTUAL_TOASTS = (N_("Screenshot"), N_("Saved screenshot"), N_("Failed to save screenshot"))
SAVED_TO_PREFIX = "Saved screenshot to "


def quit_body(changes: list[str]) -> str:
    """The quit question's body: it must not say "nothing changes" once something has."""
    return _(QUIT_BODY_CHANGED).format(changes=clauses(changes)) if changes else _(QUIT_BODY)


class SrrApp(App[None]):
    CSS_PATH = str(asset("app.tcss"))
    TITLE = N_("srrtui: OSS same-region replication")
    # Below 100 columns the help pane moves under the form (see app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "request_quit", N_("Quit")),
        # Offered on the wizard's first step: the start is where one picks "set up" or "watch".
        Binding("w", "watch", N_("Watch existing rules")),
        # The language, on the first step (the palette has it everywhere). Its description
        # names the other language in that language: one who cannot read this one finds it.
        Binding("f3", "switch_language", N_("中文")),
        # Priority, so a focused text field's copy binding cannot swallow the way out. Shown:
        # the footer groups it with q, and names it where q is typed into a field instead.
        Binding("ctrl+c,ctrl+q", "request_quit", N_("Quit"), priority=True),
    ]

    def __init__(
        self,
        services: WizardServices | None = None,
        plan: ReplicationPlan | None = None,
        *,
        start: Literal["wizard", "watch"] = "wizard",
        target: WatchTarget | None = None,
    ) -> None:
        super().__init__()
        cjk_wrap.install()  # Chinese text wraps between characters, not only at spaces
        self.title = _(self.TITLE)
        self.services = services or WizardServices()
        if not self.services.cursor_blink:
            # A still screen (snapshots): scrolling jumps instead of gliding, so a frame never
            # catches a scroll half-way.
            self.animation_level = "none"
        self.ctx = StepContext(self.services)
        self.initial_plan = plan
        self.start_with = start
        self.watch_target = target
        self.wizard: WizardScreen | None = None
        self._quitting = False
        self.type_ahead = TypeAhead(self, lambda: self.wizard is not None and self.wizard.moving)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        # A dialog asks for attention now: toasts about what came before would lie over its
        # buttons (a toast lasts seconds; the dialog's answer matters).
        self.clear_notifications()
        return super().push_screen(*args, **kwargs)

    def get_default_screen(self) -> Screen[None]:
        # The wizard is the app's default screen rather than a screen pushed in on_mount: a
        # pushed screen is laid out while the app's start-up batch still holds back painting,
        # so its first frame is thrown away and the terminal waits for a second full layout.
        # (Textual does not load a default screen's own CSS: the wizard's is in app.tcss.)
        if self.start_with == "wizard":
            self.wizard = WizardScreen(self.ctx, self.initial_plan)
            # The width's class before the first layout: Textual sets it on the Resize that
            # follows the first frame, which then restyles and lays out everything again (and,
            # below 100 columns, moved the help pane under the form after the first frame).
            self.wizard.add_class(self.width_class(self.size.width))
            return self.wizard
        return super().get_default_screen()

    def width_class(self, width: int) -> str:
        """The HORIZONTAL_BREAKPOINTS class Textual gives a screen ``width`` columns wide."""
        return max((edge, name) for edge, name in self.HORIZONTAL_BREAKPOINTS if width >= edge)[1]

    def on_mount(self) -> None:
        first: Screen[None]
        if self.wizard is not None:
            first = self.wizard
        else:
            from srrtui.screens.watch.board import EVERYTHING
            from srrtui.screens.watch.dashboard import WatchScreen

            first = WatchScreen(self.services, self.watch_target or EVERYTHING)
            self.push_screen(first)
        self.first_screen = first
        # Asked of the first screen, whose queue holds its first layout and paint before this:
        # it runs once the first frame is on the terminal.
        first.call_after_refresh(self.first_frame_shown)

    def first_frame_shown(self) -> None:
        """Start what waits for the first frame."""
        gc.enable()  # held back during start-up by run_app (srrtui.commands.wizard)
        if self.services.start_demo is not None or self.services.connection is not None:
            # The local cloud's start-up holds the GIL for a while.
            self.open_preset()

    @work(thread=True, exclusive=True, group="preset-cloud", exit_on_error=False)
    def open_preset(self) -> None:
        """The demo's local cloud, or a connection given by the caller. Runs after the first
        frame: the local cloud and the SDKs load here, off the UI thread."""
        services = self.services
        if services.start_demo is not None:
            connection, label = services.start_demo(), "the local demo cloud"
        else:
            assert services.connection is not None
            connection, label = (
                services.connection,
                f"the given endpoint ({services.connection.region})",
            )
        cloud = services.open_cloud(connection)
        self.first_screen.post_message(CloudOpened(cloud, label))

    async def on_event(self, event: events.Event) -> None:
        """Keys as they arrive: after an Enter on the wizard, the next ones wait until it has
        dealt with it (screens/type_ahead.py), so they reach the step shown then."""
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
        elif not self.type_ahead.take(event):
            await super().on_event(event)
            wizard = self.wizard
            if event.key == "enter" and self.screen is wizard and wizard.enter_may_move():
                self.type_ahead.hold()

    async def on_release_keys(self, message: ReleaseKeys) -> None:
        held = self.type_ahead.release()
        for index, key in enumerate(held):
            await self.on_event(key)
            if self.type_ahead.held is not None:  # an Enter among them: the rest wait for it
                self.type_ahead.held.extend(held[index + 1 :])
                return

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every worker that fails unexpectedly ends up here (expected failures are posted as
        messages by the workers themselves and shown at their fields)."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            from srrtui.screens.modals.error import ErrorModal

            title = _("{name} failed").format(name=event.worker.name)
            self.push_screen(ErrorModal(title, event.worker.error))

    def action_watch(self) -> None:
        from srrtui.screens.watch.dashboard import WatchScreen

        if self.ctx.cloud is None:
            self.notify(_("Connect first (this step), then press w."), severity="warning")
            return
        self.push_screen(WatchScreen(self.services, cloud=self.ctx.cloud, from_wizard=True))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_language":
            # Shown on the first step; the palette's command is there on every screen.
            on_first = self.wizard is not None and self.screen is self.wizard
            return on_first and self.wizard is not None and self.wizard.index == 0
        if action == "watch":
            # Only at the wizard's start; from watch itself it would stack dashboards.
            return self.wizard is not None and self.screen is self.wizard and self.wizard.index == 0
        return True

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's commands, in the language of now, with the switch of language."""
        for command in super().get_system_commands(screen):
            yield command._replace(title=_(command.title), help=_(command.help))
        yield SystemCommand(
            _("Language: 中文 / English"),
            _("Switch between English and Simplified Chinese; nothing chosen is lost"),
            self.action_switch_language,
        )

    def action_command_palette(self) -> None:
        """Textual's palette, with its own words in the language shown."""
        from srrtui.screens.widgets.palette import WordsCommandPalette

        if self.use_command_palette and not WordsCommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(WordsCommandPalette(id="--command-palette"))

    def search_themes(self) -> None:
        """The palette's Theme command: Textual's theme search, its words in the language shown."""
        from textual.theme import ThemeProvider

        from srrtui.screens.widgets.palette import WordsCommandPalette

        self.push_screen(
            WordsCommandPalette(placeholder=_("Search for themes…"), providers=[ThemeProvider])
        )

    def notify(self, message: str, *, title: str = "", **options: Any) -> None:
        """A toast. Ours are translated already; Textual's own (the palette's Screenshot:
        TEXTUAL_TOASTS) are fixed English and said here in the language shown."""
        if message.startswith(SAVED_TO_PREFIX):
            path = message[len(SAVED_TO_PREFIX) :]
            message = _("Saved screenshot to {path}").format(path=path)
        super().notify(_(message), title=_(title) if title else title, **options)

    def action_show_help_panel(self) -> None:
        """Textual's keys panel, its descriptions in the language shown."""
        from textual.widgets import HelpPanel

        from srrtui.screens.widgets.key_panel import WordsHelpPanel

        if not self.screen.query(HelpPanel):
            self.screen.mount(WordsHelpPanel())

    async def action_switch_language(self) -> None:
        """Speak the other language: every screen is drawn again in it, the wizard's choices
        (and what was typed but not yet accepted) kept."""
        from srrtui import language

        language.activate(language.other(language.current()))
        self.title = _(self.TITLE)
        if self.wizard is not None:
            await self.wizard.relabel()
        for screen in self.screen_stack:
            screen.refresh_bindings()

    async def action_quit(self) -> None:
        # The command palette's "Quit" comes here: it asks first, like q and Ctrl+C.
        self.action_request_quit()

    def exit_summary(self) -> str:
        """What to print once the terminal is back: the rule that was created, and what else
        the wizard changed in the account (versioning), if anything."""
        if self.wizard is None:
            return ""
        changed = (
            _("Changed in your account: {changes}.").format(changes=clauses(self.ctx.changes))
            if self.ctx.changes
            else ""
        )
        if not self.ctx.rule_created:
            return (
                _("No replication rule was created. {changed}").format(changed=changed)
                if changed
                else ""
            )
        plan = self.wizard.plan
        plan_note = f"\n{changed}" if changed else ""
        head = _("Rule {rule} replicates {source} → {destination}.").format(
            rule=self.ctx.rule_id, source=plan.source_bucket, destination=plan.destination_bucket
        )
        if self.services.demo:
            stopped = _("(The demo's local cloud has stopped; nothing reached Alibaba Cloud.)")
            return sentences(head, stopped) + plan_note
        watch = _("Watch it: {command}").format(
            command=f"srrtui watch {plan.source_bucket} {self.ctx.rule_id}"
        )
        return f"{head}{plan_note}\n{watch}"

    def action_request_quit(self) -> None:
        if self.ctx.rule_created or self.wizard is None:
            # The rule runs in OSS (or nothing was set up, only watched): leaving changes nothing.
            self.exit()
            return
        if self._quitting:
            # The question is open: only Ctrl+C / Ctrl+Q get here (priority bindings; the
            # modal keeps q). Pressed again, it quits, as terminals have taught.
            self.exit()
            return
        self._quitting = True

        def answer(yes: bool | None) -> None:
            self._quitting = False
            if yes:
                self.exit()

        from srrtui.screens.modals.confirm import ConfirmModal

        self.push_screen(
            ConfirmModal(
                _("Quit srrtui?"), quit_body(self.ctx.changes), yes=_("Quit"), no=_("Stay")
            ),
            answer,
        )
