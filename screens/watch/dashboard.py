"""The watch dashboard: every rule of a bucket (or of every bucket of the region) with status,
historical %, watermark lag and ETA, polled while shown. Rules appear as discovery finds them
(buckets read in parallel, a progress line, no cap); / filters by bucket name as one types;
Enter opens a rule's details."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from srrtui.cloud.errors import is_retryable
from srrtui.cloud.rule_search import poll
from srrtui.cloud.types import CloudError
from srrtui.domain.words.translate import N_, _, listing
from srrtui.paths import asset
from srrtui.screens.messages import CloudOpened
from srrtui.screens.services import WizardServices
from srrtui.screens.watch.board import EVERYTHING, Board, WatchedRule, WatchTarget
from srrtui.screens.watch.discovery_words import end_line, filter_line, progress_line
from srrtui.screens.watch.messages import (
    DiscoveryProgressed,
    ProgressPolled,
    RulesFound,
    SearchDone,
    SearchFailed,
)
from srrtui.screens.watch.polling import PollWhileShown
from srrtui.screens.watch.rule_table import FilterField, RuleTable, row_key
from srrtui.screens.widgets.footer import WordsFooter
from srrtui.screens.widgets.progress_view import clock_text

if TYPE_CHECKING:
    from srrtui.cloud.api import CloudApi
    from srrtui.cloud.discovery import DiscoveryEnd, DiscoveryProgress


class WatchScreen(PollWhileShown):
    CSS_PATH = str(asset("watch.tcss"))
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "details", N_("Details")),
        Binding("r", "refresh", N_("Refresh")),
        Binding("slash", "filter", N_("Filter")),
        Binding("escape", "back", N_("Back to the wizard")),
    ]

    def __init__(
        self,
        services: WizardServices,
        target: WatchTarget = EVERYTHING,
        cloud: CloudApi | None = None,
        *,
        from_wizard: bool = False,
    ) -> None:
        super().__init__(id="watch")
        self.services = services
        self.target = target
        self.cloud = cloud
        self.from_wizard = from_wizard
        self.board = Board()
        self.searching = False
        self.search_error: CloudError | None = None
        self.search_end: DiscoveryEnd | None = None  # its notes say what it left out
        self.progress_line = ""
        self.end_line = ""
        self.filter_text = ""
        self.shown = 0  # rules in the table (the filter may hide some)
        self.progress: DiscoveryProgress | None = None  # drawn by a timer, not per bucket
        self.rows_stale = False  # rules found since the table was last drawn
        self.target_opened = False

    def compose(self) -> ComposeResult:
        yield Header(icon="≋")
        yield Static("", id="watch-scope", markup=False)
        yield FilterField(placeholder=_("/ filter by bucket name"), id="watch-filter", compact=True)
        yield RuleTable(id="watch-rules", cursor_type="row", zebra_stripes=False)
        yield Static("", id="watch-state", classes="hint", markup=False)
        yield WordsFooter()

    def on_mount(self) -> None:
        self.title = _("srrtui watch: replication rules")
        self.query_one(RuleTable).focus()
        self.start_polling(self.services.poll_interval)
        # Thousands of buckets report progress and rules: redraw ten times a second at most.
        self.set_interval(0.1, self.show_progress)
        self.show_state()
        if self.cloud is not None:
            self.search()

    # -- when to poll (only while shown: the details poll their own rule) --------------------
    def on_screen_resume(self) -> None:
        self.forget_gone()  # e.g. stopped from the details
        super().on_screen_resume()

    def tick(self) -> None:
        if self.search_error is not None:
            self.search()  # the rules could not be listed: try again, like a poll
        else:
            self.poll_now()

    def poll_now(self) -> None:
        keys = [w.key for w in self.board.live()]
        if self.cloud is not None and keys and not self.searching:
            self.fetch(keys)

    def action_refresh(self) -> None:
        if self.cloud is not None:
            self.search(fresh=True)  # finds rules created meanwhile, then polls

    # -- the filter -------------------------------------------------------------------------
    def action_filter(self) -> None:
        self.query_one("#watch-filter", Input).focus()

    @on(Input.Changed, "#watch-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.show_rows()
        self.show_state()

    @on(Input.Submitted, "#watch-filter")
    def filter_done(self) -> None:
        self.query_one(RuleTable).focus()

    def on_cloud_opened(self, message: CloudOpened) -> None:
        self.cloud = message.cloud
        self.search()

    # -- workers --------------------------------------------------------------------------
    def search(self, *, fresh: bool = False) -> None:
        self.searching, self.progress = True, None
        self.progress_line, self.end_line = _("Looking for replication rules…"), ""
        self.show_state()
        self.run_search(self.target.bucket, fresh)

    @work(thread=True, exclusive=True, group="watch-search", exit_on_error=False)
    def run_search(self, bucket: str, fresh: bool) -> None:
        from srrtui.cloud.discovery import DiscoveryEnd, RuleCache, RuleDiscovery, read_bucket

        assert self.cloud is not None
        worker = get_current_worker()
        if self.services.rule_cache is None:
            self.services.rule_cache = RuleCache()
        cache = self.services.rule_cache
        try:
            if bucket:  # one bucket: always read afresh (one request)
                found = read_bucket(self.cloud, bucket, cache.bound_to(self.cloud))
                self.post_message(RulesFound(found))
                end = DiscoveryEnd(1, 1)
            else:
                discovery = RuleDiscovery(self.cloud, cache, clock=self.services.clock)
                end = discovery.run(
                    lambda found: self.post_message(RulesFound(found)),
                    lambda progress: self.post_message(DiscoveryProgressed(progress)),
                    lambda: worker.is_cancelled,
                    fresh=fresh,
                )
        except CloudError as error:
            self.post_message(SearchFailed(error))
            return
        self.post_message(SearchDone(end))

    @work(thread=True, exclusive=True, group="watch-poll", exit_on_error=False)
    def fetch(self, keys: list[tuple[str, str]]) -> None:
        assert self.cloud is not None
        worker = get_current_worker()
        results = poll(self.cloud, keys, self.services.clock, lambda: worker.is_cancelled)
        self.post_message(ProgressPolled(results))

    # -- messages from the workers ----------------------------------------------------------
    def on_rules_found(self, message: RulesFound) -> None:
        found = message.found
        self.board.add(found.bucket, list(found.rules))
        if self.shown:
            # Redrawn by the timer: drawing the table for each of 100 rules found among
            # 10,000 buckets kept the interface busier than the discovery itself.
            self.rows_stale = True
        else:  # the first rule shows at once
            self.show_rows()
            self.show_state()

    def on_discovery_progressed(self, message: DiscoveryProgressed) -> None:
        self.progress = message.progress

    def show_progress(self) -> None:
        if self.rows_stale:
            self.show_rows()
            self.show_state()
        if self.searching and self.progress is not None:
            line = progress_line(self.progress)
            if line != self.progress_line:
                self.progress_line = line
                self.show_state()

    def on_search_done(self, message: SearchDone) -> None:
        end = message.end
        if self.rows_stale:
            self.show_rows()
        self.searching, self.search_error = False, None
        self.search_end, self.progress_line = end, ""
        self.end_line = end_line(end, self.region_name(), end.at)
        self.show_state()
        self.poll_now()
        if self.target.rule_id and not self.target_opened:
            self.target_opened = True
            self.open_target()

    def on_search_failed(self, message: SearchFailed) -> None:
        self.searching, self.search_error = False, message.error
        self.progress_line = ""
        self.show_state()

    def on_progress_polled(self, message: ProgressPolled) -> None:
        for result in message.results:
            watched = self.board.rules.get((result.bucket, result.rule_id))
            if watched is not None:
                watched.record(result.at, result.progress, result.error)
        self.show_rows()
        if self.is_current:
            self.forget_gone()
        self.show_state()

    # -- rendering --------------------------------------------------------------------------
    def show_rows(self) -> None:
        self.rows_stale = False
        self.shown = self.query_one(RuleTable).show(self.board.live(), self.filter_text)

    def forget_gone(self) -> None:
        """Rules OSS has removed (after a stop, or by someone else) leave with a notice."""
        for watched in self.board.drop_gone():
            self.notify(
                _("Rule {rule} is gone from {bucket}: OSS removed it.").format(
                    rule=watched.rule.rule_id, bucket=watched.bucket
                ),
                title=_("Rule removed"),
            )
        self.show_rows()
        self.show_state()

    def show_state(self) -> None:
        where = self.target.bucket or _("every bucket in {region}").format(
            region=self.region_name()
        )
        self.query_one("#watch-scope", Static).update(
            _("Replication rules of {where}").format(where=where)
        )
        lines = [line for line in (self.progress_line, self.end_line) if line]
        live = len(self.board.live())
        if self.filter_text.strip():
            lines.append(filter_line(self.shown, live, self.filter_text))
        if self.cloud is None:
            lines.append(_("Connecting…"))
        elif self.search_error is not None:
            retry = _("⟳ retrying: ") if is_retryable(self.search_error) else "✗ "
            lines.append(f"{retry}{self.search_error}")
        elif not self.searching and not self.board.rules:
            lines.append(_("No replication rules found."))
        checked = [w.checked_at for w in self.board.rules.values() if w.checked_at]
        if checked:
            lines.append(_("Last checked {time}.").format(time=clock_text(max(checked))))
        notes = self.search_end.said_notes() if self.search_end is not None else ()
        lines += [_("Note: {note}.").format(note=note) for note in notes]
        every = f"{self.services.poll_interval:g} s"
        lines.append(
            _("Updates every {every} while shown; r looks again; Enter shows a rule.").format(
                every=every
            )
        )
        self.query_one("#watch-state", Static).update("\n".join(lines))

    def region_name(self) -> str:
        return getattr(self.cloud, "region", "") or self.services.region or _("this region")

    # -- going places -----------------------------------------------------------------------
    def selected(self) -> WatchedRule | None:
        key = self.query_one(RuleTable).selected_key()
        return next((w for w in self.board.live() if row_key(w) == key), None)

    def on_data_table_row_selected(self, event: RuleTable.RowSelected) -> None:
        event.stop()
        self.action_details()

    def action_details(self) -> None:
        watched = self.selected()
        if watched is not None:
            self.open_details(watched)

    def open_target(self) -> None:
        watched = self.board.find(self.target.rule_id, self.target.bucket)
        if watched is None:
            known = listing([w.rule.rule_id for w in self.board.live()]) or _("none")
            self.notify(
                _("No rule {rule}; the rules found: {known}.").format(
                    rule=self.target.rule_id, known=known
                ),
                title=_("Rule not found"),
                severity="warning",
            )
            return
        table = self.query_one(RuleTable)
        table.move_cursor(row=table.get_row_index(row_key(watched)))
        self.open_details(watched)

    def open_details(self, watched: WatchedRule) -> None:
        from srrtui.screens.watch.details import RuleDetailsScreen

        assert self.cloud is not None
        details = RuleDetailsScreen(self.services, self.cloud, watched, self.region_name())
        self.app.push_screen(details)

    def action_back(self) -> None:
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.from_wizard
        if action == "details":
            return bool(self.board.live()) or None
        return True
