"""A rule's diff (``srrtui diff`` in the TUI): source objects missing or different in the
destination, one bounded page at a time, each with its state and the reason. n / p page."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from srrtui.cloud.types import CloudError
from srrtui.domain.replication_scope import Difference, DiffState
from srrtui.domain.rules import RuleConfig
from srrtui.domain.words.diffs import page_summary
from srrtui.domain.words.sizes import human_bytes
from srrtui.domain.words.text import printable
from srrtui.domain.words.translate import N_, _, titled
from srrtui.paths import asset
from srrtui.screens.watch.messages import DiffLoaded
from srrtui.screens.widgets.footer import WordsFooter

if TYPE_CHECKING:
    from srrtui.cloud.api import CloudApi
    from srrtui.cloud.diff import DiffPage
    from srrtui.cloud.replicas import Upstream

PAGE_LIMIT = 50  # objects reported per page: a screenful or two, quick to compute
STATE_MARKS = {
    DiffState.PENDING: N_("… not replicated yet"),
    DiffState.EXCLUDED: N_("✗ will not be"),
}
# The states in words (their values are the machine output's).
STATE_WORDS = {
    DiffState.PENDING: N_("not replicated yet"),
    DiffState.EXCLUDED: N_("will not be replicated"),
}
# What the destination has (the values are the machine output's).
DIFFERENCE_WORDS = {
    Difference.MISSING: N_("missing"),
    Difference.DIFFERENT: N_("different"),
    Difference.ACL: N_("other ACL"),
}
COLUMNS = (N_("Key"), N_("Size"), N_("Destination"), N_("State"), N_("Reason"))


class DiffScreen(Screen[None]):
    CSS_PATH = str(asset("watch.tcss"))
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_page", N_("Next page")),
        Binding("p", "previous_page", N_("Previous page")),
        Binding("r", "reload", N_("Reload")),
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(
        self, cloud: CloudApi, bucket: str, rule: RuleConfig, *, limit: int = PAGE_LIMIT
    ) -> None:
        super().__init__(id="rule-diff")
        self.cloud, self.bucket, self.rule, self.limit = cloud, bucket, rule, limit
        # Where each visited page started; the replica search is handed on, not redone.
        self.starts: list[tuple[str, Upstream | None]] = [("", None)]
        self.page: DiffPage | None = None
        self.fetching = False

    def compose(self) -> ComposeResult:
        yield Header(icon="≋")
        title = _("Diff of rule {rule}: {source} → {destination}").format(
            rule=self.rule.rule_id, source=self.bucket, destination=self.rule.destination_bucket
        )
        yield Static(title, id="diff-title", markup=False)
        yield DataTable(id="diff-table", cursor_type="row")
        # The reason column is cut at 80 columns: the highlighted row's reason, whole.
        yield Static("", id="diff-reason", markup=False)
        yield Static("", id="diff-summary", classes="hint", markup=False)
        yield WordsFooter()

    def on_mount(self) -> None:
        self.title = "srrtui watch"
        self.sub_title = _("Diff")
        self.query_one(DataTable).add_columns(*(_(column) for column in COLUMNS))
        self.load()

    def load(self) -> None:
        self.fetching = True
        marker, upstream = self.starts[-1]
        page_number = len(self.starts)
        self.query_one("#diff-summary", Static).update(
            _("Page {number}: comparing objects (at most {limit} reported)…").format(
                number=page_number, limit=self.limit
            )
        )
        self.refresh_bindings()
        self.fetch(marker, upstream)

    @work(thread=True, exclusive=True, group="diff", exit_on_error=False)
    def fetch(self, marker: str, upstream: Upstream | None) -> None:
        try:
            page = self.cloud.diff_rule(
                self.bucket, self.rule, limit=self.limit, marker=marker, upstream=upstream
            )
        except CloudError as error:
            self.post_message(DiffLoaded(None, error))
            return
        self.post_message(DiffLoaded(page))

    def on_diff_loaded(self, message: DiffLoaded) -> None:
        self.fetching = False
        summary = self.query_one("#diff-summary", Static)
        if message.error is not None:
            summary.update(_("✗ {error} (r tries again)").format(error=message.error))
            self.refresh_bindings()
            return
        page = self.page = message.page
        assert page is not None
        table = self.query_one(DataTable)
        table.clear()
        for entry in page.entries:
            cells = (
                printable(entry.key),
                human_bytes(entry.size),
                _(DIFFERENCE_WORDS.get(entry.difference, entry.difference.value)),
                _(STATE_MARKS[entry.state]) if entry.state in STATE_MARKS else entry.state.value,
                printable(entry.reason),
            )
            table.add_row(*(Text(cell) for cell in cells))
        lines = [
            _("Page {number}. {summary}.").format(
                number=len(self.starts), summary=page_summary(page)
            )
        ]
        lines += [_("Note: {note}").format(note=printable(note)) for note in page.notes]
        if page.next_marker:
            lines.append(_("More objects follow: n shows the next page."))
        summary.update("\n".join(lines))
        self.refresh_bindings()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        entries = self.page.entries if self.page is not None else ()
        row = event.cursor_row
        text = ""
        if 0 <= row < len(entries):
            entry = entries[row]
            state = _(STATE_WORDS.get(entry.state, entry.state.value))
            said = _("{state}, {reason}").format(state=state, reason=printable(entry.reason))
            text = titled(printable(entry.key), said)
        self.query_one("#diff-reason", Static).update(text)

    def action_next_page(self) -> None:
        if self.page is not None and self.page.next_marker and not self.fetching:
            self.starts.append((self.page.next_marker, self.page.upstream))
            self.load()

    def action_previous_page(self) -> None:
        if len(self.starts) > 1 and not self.fetching:
            self.starts.pop()
            self.load()

    def action_reload(self) -> None:
        if not self.fetching:
            self.load()

    def action_back(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_page":
            return bool(self.page and self.page.next_marker and not self.fetching) or None
        if action == "previous_page":
            return (len(self.starts) > 1 and not self.fetching) or None
        return True
