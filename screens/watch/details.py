"""One rule: its progress (polled while shown), its configuration read back in words and as
XML, and what can be done with it: d shows the diff, e the XML and exports (Terraform adopts the
rule), s stops it (typed confirmation)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Label, Static
from textual.worker import get_current_worker

from srrtui.cloud.rule_polls import GONE_CODES
from srrtui.cloud.rule_search import poll
from srrtui.cloud.types import CloudError
from srrtui.domain.replication_xml import render_rule
from srrtui.domain.rules import RuleStatus
from srrtui.domain.words.plans import rule_in_words
from srrtui.domain.words.translate import N_, _
from srrtui.paths import asset
from srrtui.screens.services import WizardServices
from srrtui.screens.watch.board import WatchedRule
from srrtui.screens.watch.messages import ProgressPolled, RuleStopped
from srrtui.screens.watch.polling import PollWhileShown
from srrtui.screens.widgets.footer import WordsFooter
from srrtui.screens.widgets.progress_view import ProgressState, ProgressView

if TYPE_CHECKING:
    from srrtui.cloud.api import CloudApi

CLOSING_NOTE = N_(
    "■ Stopping: OSS accepted DeleteBucketReplication. The rule shows closing until OSS has "
    "removed it; objects already copied stay in {destination}."
)


def progress_state(watched: WatchedRule, *, demo: bool = False) -> ProgressState:
    return ProgressState(
        source=watched.bucket,
        destination=watched.rule.destination_bucket,
        rule_id=watched.rule.rule_id,
        history=watched.history,
        historical=watched.rule.historical,
        last_error=watched.last_error,
        retrying=watched.retrying,
        checked_at=watched.checked_at,
        demo=demo,
    )


class RuleProgressView(ProgressView):
    """The wizard's progress view, keeping the latest state: the screen may have values before
    this widget's parts are composed (they mount after the screen's own mount event)."""

    def __init__(self, state: ProgressState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state

    def on_mount(self) -> None:
        self.show_state(self.state)

    def update_state(self, state: ProgressState) -> None:
        self.state = state
        if self.is_mounted:
            self.show_state(state)


class RuleDetailsScreen(PollWhileShown):
    CSS_PATH = str(asset("watch.tcss"))
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "diff", N_("Diff")),
        Binding("s", "stop", N_("Stop rule")),
        # e shows the XML as its first tab, next to the exports; x (the XML alone) stays as a
        # key but leaves the footer, which has no room for both at 80 columns.
        Binding("e", "show_exports", N_("XML & exports")),
        Binding("x", "show_xml", N_("XML (copy)"), show=False),
        Binding("r", "refresh", N_("Refresh")),
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(
        self, services: WizardServices, cloud: CloudApi, watched: WatchedRule, region: str
    ) -> None:
        super().__init__(id="rule-details")
        self.services = services
        self.cloud = cloud
        self.watched = watched
        self.source_region = region
        self._stopping = False

    def compose(self) -> ComposeResult:
        rule = self.watched.rule
        yield Header(icon="≋")
        with Horizontal(id="details-body"):
            with VerticalScroll(id="details-live"):
                yield Static("", id="details-closing", classes="notice", markup=False)
                yield RuleProgressView(
                    progress_state(self.watched, demo=self.services.demo), id="details-progress"
                )
                yield Label(_("Configuration"), classes="subheading")
                words = rule_in_words(self.watched.bucket, self.source_region, rule)
                yield Static(Content("\n".join(f"• {line}" for line in words)), id="details-words")
            with VerticalScroll(id="details-xml-pane"):
                yield Label(_("As XML (GetBucketReplication)"), classes="subheading")
                yield Static(Content(render_rule(rule)), id="details-xml")
        yield WordsFooter()

    def on_mount(self) -> None:
        self.title = "srrtui watch"
        self.sub_title = _("Rule {rule}").format(rule=self.watched.rule.rule_id)
        self.start_polling(self.services.poll_interval)
        self.show()

    def tick(self) -> None:
        self.poll_now()

    def poll_now(self) -> None:
        if not self.watched.gone:
            self.fetch(self.watched.key)

    def action_refresh(self) -> None:
        self.poll_now()

    @work(thread=True, exclusive=True, group="details-poll", exit_on_error=False)
    def fetch(self, key: tuple[str, str]) -> None:
        worker = get_current_worker()
        results = poll(self.cloud, [key], self.services.clock, lambda: worker.is_cancelled)
        self.post_message(ProgressPolled(results))

    def on_progress_polled(self, message: ProgressPolled) -> None:
        for result in message.results:
            self.watched.record(result.at, result.progress, result.error)
        if self.watched.gone:
            # Back to the dashboard, which drops the row and says so. A second poll result can
            # arrive after the first dismissed this screen: it must not pop another one.
            if self.is_current:
                self.dismiss(None)
            return
        self.show()

    def show(self) -> None:
        watched = self.watched
        self.query_one(RuleProgressView).update_state(
            progress_state(watched, demo=self.services.demo)
        )
        note = self.query_one("#details-closing", Static)
        note.display = watched.status is RuleStatus.CLOSING
        note.update(_(CLOSING_NOTE).format(destination=watched.rule.destination_bucket))
        self.refresh_bindings()

    # -- actions --------------------------------------------------------------------------
    def action_diff(self) -> None:
        from srrtui.screens.watch.diff_view import DiffScreen

        self.app.push_screen(DiffScreen(self.cloud, self.watched.bucket, self.watched.rule))

    def action_show_xml(self) -> None:
        from srrtui.screens.modals.text_view import TextViewModal

        title = _("Rule {rule}").format(rule=self.watched.rule.rule_id)
        self.app.push_screen(TextViewModal(title, {"XML": render_rule(self.watched.rule)}))

    def action_show_exports(self) -> None:
        """The wizard's exports for this rule; Terraform adopts it (and srrtui's role) with
        import blocks instead of creating a duplicate."""
        from srrtui.domain.exports import adopting_plan, export_tabs
        from srrtui.domain.rules import plan_from_rule
        from srrtui.screens.modals.text_view import TextViewModal

        rule = self.watched.rule
        plan = adopting_plan(plan_from_rule(self.watched.bucket, self.source_region, rule))
        texts = {"XML": render_rule(rule), **export_tabs(plan, import_rule_id=rule.rule_id)}
        title = _("Rule {rule}: XML and exports").format(rule=rule.rule_id)
        self.app.push_screen(TextViewModal(title, texts))

    def action_stop(self) -> None:
        from srrtui.screens.watch.stop_modal import StopRuleModal

        def answer(confirmed: bool | None) -> None:
            if confirmed:
                self._stopping = True
                self.refresh_bindings()
                self.delete(self.watched.bucket, self.watched.rule.rule_id)

        rule = self.watched.rule
        modal = StopRuleModal(
            self.watched.bucket,
            rule.rule_id,
            rule.destination_bucket,
            cursor_blink=self.services.cursor_blink,
        )
        self.app.push_screen(modal, answer)

    @work(thread=True, exclusive=True, group="details-stop", exit_on_error=False)
    def delete(self, bucket: str, rule_id: str) -> None:
        try:
            self.cloud.delete_rule(bucket, rule_id)
        except CloudError as error:
            self.post_message(RuleStopped(bucket, rule_id, error))
            return
        self.post_message(RuleStopped(bucket, rule_id))

    def on_rule_stopped(self, message: RuleStopped) -> None:
        self._stopping = False
        error = message.error
        if error is not None and error.code not in GONE_CODES:
            from srrtui.screens.modals.error import ErrorModal

            title = _("Could not stop rule {rule}").format(rule=message.rule_id)
            self.app.push_screen(ErrorModal(title, error))
            self.refresh_bindings()
            return
        self.watched.closing()
        self.notify(
            _("Rule {rule} is closing; it disappears once OSS has removed it.").format(
                rule=message.rule_id
            ),
            title=_("Stopping"),
        )
        self.show()
        self.poll_now()

    def action_back(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            # Dimmed, not hidden: the key exists, the rule is already on its way out.
            return not self._stopping and self.watched.status is not RuleStatus.CLOSING or None
        return True
