"""A rule's diff (``srrtui diff`` in the TUI): source objects missing or different in the
destination, one bounded page at a time, each with its state and the reason. n / p page."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from srrtui.cloud.types import CloudError
from srrtui.domain.replication_scope import DiffState
from srrtui.domain.rules import RuleConfig
from srrtui.domain.words.diffs import page_summary
from srrtui.domain.words.sizes import human_bytes
from srrtui.domain.words.text import printable
from srrtui.paths import asset
from srrtui.screens.watch.messages import DiffLoaded

if TYPE_CHECKING:
    from srrtui.cloud.api import CloudApi
    from srrtui.cloud.diff import DiffPage
    from srrtui.cloud.replicas import Upstream

PAGE_LIMIT = 50  # objects reported per page: a screenful or two, quick to compute
STATE_MARKS = {DiffState.PENDING: "… not replicated yet", DiffState.EXCLUDED: "✗ will not be"}
COLUMNS = ("Key", "Size", "Destination", "State", "Reason")


class DiffScreen(Screen[None]):
    CSS_PATH = str(asset("watch.tcss"))
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_page", "Next page"),
        Binding("p", "previous_page", "Previous page"),
        Binding("r", "reload", "Reload"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(
        self, cloud: CloudApi, bucket: str, rule: RuleConfig, *, limit: int = PAGE_LIMIT
    ) -> None:
        super().__init__(id="rule-diff")
        self.cloud, self.bucket, self.rule, self.limit = cloud, bucket, rule, limit
        # Where each visited page started; the replica search is handed on, not redone.
        self.starts: list[tuple[str, Upstream | None]] = [("", None)]
        self.page: DiffPage | None = None
        self.loading = False

    def compose(self) -> ComposeResult:
        yield Header(icon="≋")
        title = f"Diff of rule {self.rule.rule_id}: {self.bucket} → {self.rule.destination_bucket}"
        yield Static(title, id="diff-title", markup=False)
        yield DataTable(id="diff-table", cursor_type="row")
        # The reason column is cut at 80 columns: the highlighted row's reason, whole.
        yield Static("", id="diff-reason", markup=False)
        yield Static("", id="diff-summary", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "srrtui watch"
        self.sub_title = "Diff"
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.load()

    def load(self) -> None:
        self.loading = True
        marker, upstream = self.starts[-1]
        page_number = len(self.starts)
        self.query_one("#diff-summary", Static).update(
            f"Page {page_number}: comparing objects (at most {self.limit} reported)…"
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
        self.loading = False
        summary = self.query_one("#diff-summary", Static)
        if message.error is not None:
            summary.update(f"✗ {message.error} (r tries again)")
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
                entry.difference.value,
                STATE_MARKS.get(entry.state, entry.state.value),
                printable(entry.reason),
            )
            table.add_row(*(Text(cell) for cell in cells))
        lines = [f"Page {len(self.starts)}. {page_summary(page)}."]
        lines += [f"Note: {printable(note)}" for note in page.notes]
        if page.next_marker:
            lines.append("More objects follow: n shows the next page.")
        summary.update("\n".join(lines))
        self.refresh_bindings()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        entries = self.page.entries if self.page is not None else ()
        row = event.cursor_row
        text = ""
        if 0 <= row < len(entries):
            entry = entries[row]
            text = f"{printable(entry.key)}: {entry.state.value}, {printable(entry.reason)}"
        self.query_one("#diff-reason", Static).update(text)

    def action_next_page(self) -> None:
        if self.page is not None and self.page.next_marker and not self.loading:
            self.starts.append((self.page.next_marker, self.page.upstream))
            self.load()

    def action_previous_page(self) -> None:
        if len(self.starts) > 1 and not self.loading:
            self.starts.pop()
            self.load()

    def action_reload(self) -> None:
        if not self.loading:
            self.load()

    def action_back(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_page":
            return bool(self.page and self.page.next_marker and not self.loading) or None
        if action == "previous_page":
            return (len(self.starts) > 1 and not self.loading) or None
        return True
