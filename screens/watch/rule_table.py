"""The dashboard's table of rules: sorted by bucket then rule id (discovery reads buckets in
parallel, so the order they are found in means nothing), narrowed by the bucket-name filter,
the cursor kept on its rule while rows come and go."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input
from textual.widgets.data_table import ColumnKey

from srrtui.domain.words.translate import N_, _
from srrtui.screens.watch.board import WatchedRule

COLUMNS: tuple[tuple[str, str], ...] = (
    ("rule", N_("Rule")),
    ("status", N_("Status")),
    ("percent", N_("Copied")),
    ("lag", N_("Lag")),
)
COLUMNS += (("eta", N_("ETA")),)


def row_key(watched: WatchedRule) -> str:
    return f"{watched.bucket}/{watched.rule.rule_id}"


def widest_line(cell: Text) -> int:
    """A cell's width in terminal cells: its widest line (the rule's cell has two)."""
    return max(line.cell_len for line in cell.split())


def matches(watched: WatchedRule, text: str) -> bool:
    """The filter: the words typed, each somewhere in the bucket name, case ignored."""
    name = watched.bucket.lower()
    return all(word in name for word in text.lower().split())


class RuleTable(DataTable):
    def on_mount(self) -> None:
        for key, label in COLUMNS:
            self.add_column(_(label), key=key)

    def show(self, rules: list[WatchedRule], text: str = "") -> int:
        """Rows for the rules whose bucket matches ``text``; returns how many are shown."""
        wanted = sorted(
            (w for w in rules if matches(w, text)), key=lambda w: (w.bucket, w.rule.rule_id)
        )
        keys = [row_key(w) for w in wanted]
        if keys == [row.key.value for row in self.ordered_rows]:
            for watched in wanted:
                self.update(watched)
            return len(keys)
        selected = self.selected_key()
        self.clear()
        rows = [[Text(cell) for cell in watched.row()] for watched in wanted]
        # DataTable.clear keeps the columns' widths, and measures added rows only when it is
        # next idle: a frame drawn before that showed every column cut to its label. Fit the
        # widths to the rows shown now (a filter narrows them), at once.
        for index, column in enumerate(self.columns.values()):
            widths = [column.label.cell_len, *(widest_line(row[index]) for row in rows)]
            column.content_width = max(widths)
        for watched, cells in zip(wanted, rows, strict=True):
            self.add_row(*cells, height=2, key=row_key(watched))
        if selected in keys:
            self.move_cursor(row=keys.index(selected), animate=False)
        return len(keys)

    def update(self, watched: WatchedRule) -> None:
        key = row_key(watched)
        for (column, _label), cell in zip(COLUMNS, watched.row(), strict=True):
            # Only what changed: each updated cell is measured again for its column's width.
            if str(self.get_cell(key, column)) != cell:
                text = Text(cell)
                self.update_cell(key, column, text, update_width=True)
                # Wider at once (as in show); narrower when Textual measures it, idle.
                fitted = self.columns[ColumnKey(column)]
                fitted.content_width = max(fitted.content_width, widest_line(text))

    def selected_key(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value


class FilterField(Input):
    """The bucket-name filter: the table follows each key; Enter or Escape go back to the table
    (the filter stays)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "done", N_("Back to the rules"))]

    def action_done(self) -> None:
        self.screen.query_one(RuleTable).focus()
