"""A filter field over a bucket list, shared by the source and destination steps. The keyboard
stays in the field: Up/Down move the list's "›" marker, Enter picks the marked row (so what is
marked is what Enter picks), and the choice is named in words under the list.

Built for thousands of buckets: a row's ``Option`` is made once and reused by every later
filter, and a page of buckets is appended to the list instead of rebuilding it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from srrtui.domain.words.translate import N_, _
from srrtui.screens.type_ahead import ReleaseKeys
from srrtui.screens.widgets.marked_list import ListRow, MarkedList

# The id of the trailing "… load more" row: picking it asks for the next page.
MORE = "\0more"


class BucketPicker(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Reached from the filter field (the list handles its own keys when it has focus).
        Binding("down", "move(1)", N_("Move"), show=False),
        Binding("up", "move(-1)", N_("Move"), show=False),
        Binding("pagedown", "move(10)", N_("Move"), show=False),
        Binding("pageup", "move(-10)", N_("Move"), show=False),
    ]

    @dataclass
    class Picked(Message):
        """A row was picked with Enter or a click; ``option_id`` is the bucket name."""

        option_id: str

    def __init__(self, *, prefix: str) -> None:
        super().__init__(classes="bucket-picker")
        self.prefix = prefix
        # id -> Option: filtering 10,000 buckets re-adds the same rows key after key, and a
        # reused Option keeps its measured text (see ListRow).
        self._options: dict[str, Option] = {}
        # The row the picker last marked by itself: a marker still there was not moved by the
        # person, so a better match arriving later may take it.
        self._placed: str | None = None
        self._state = ""  # the line under the list, as last set

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder=_("type to filter; ↑/↓ move; Enter picks"), id=f"{self.prefix}-filter"
        )
        yield Static("", id=f"{self.prefix}-state", classes="hint", markup=False)
        yield MarkedList(id=f"{self.prefix}-list")
        yield Static(_("Selected: none yet"), id=f"{self.prefix}-selected", markup=False)

    @property
    def listing(self) -> OptionList:
        return self.query_one(f"#{self.prefix}-list", OptionList)

    @property
    def filter_text(self) -> str:
        return self.query_one(f"#{self.prefix}-filter", Input).value.strip().lower()

    def _option(self, row_id: str, label: str) -> Option:
        option = self._options.get(row_id)
        if option is None or str(option.prompt) != label:
            option = self._options[row_id] = Option(ListRow(label), id=row_id)
        return option

    def show(
        self,
        rows: list[tuple[str, str]],
        chosen: str,
        *,
        more: str = "",
        keep: bool = False,
        default: str = "",
    ) -> None:
        """``rows``: (id, label); ``more``: the label of a last "… load more" row, if any. The
        marker goes to the bucket named exactly as the filter text (typing a whole name must
        pick that bucket, not a longer one containing it), else the chosen bucket, else
        ``default``, else the first row. With ``keep`` (results that arrive while the person
        looks) it stays on the row it was on, if still listed; an exact match moves it only
        from a row the picker marked itself, never from one the person moved to."""
        listing = self.listing
        # Not the "load more" row: results arriving for a filter that had no match yet should
        # take the marker, so Enter picks the first of them.
        was = self.highlighted_id if keep else None
        was = None if was == MORE else was
        text = self.filter_text
        exact = text if any(row_id == text for row_id, _ in rows) else None
        options = [self._option(row_id, label) for row_id, label in rows]
        if more:
            options.append(self._option(MORE, more))
        # set_options, not clear_options + add_options: clearing lays the empty list out first
        # (its scrollbar gone, so wider), and every row was measured again at that width.
        listing.set_options(options)
        moved = was is not None and was != self._placed
        order = (was, exact, chosen, default) if moved else (exact, was, chosen, default)
        for wanted in order:
            if wanted:
                try:
                    self._place(listing.get_option_index(wanted))
                    return
                except OptionDoesNotExist:
                    pass
        if listing.option_count:
            self._place(0)

    def _place(self, index: int) -> None:
        """Mark a row on the picker's own account (not the person's), remembering which."""
        listing = self.listing
        listing.highlighted = index
        self._placed = listing.get_option_at_index(index).id

    def append(self, rows: list[tuple[str, str]], *, more: str = "") -> None:
        """Add a page of rows at the end (before the "… load more" row) without rebuilding."""
        listing = self.listing
        last = listing.option_count - 1
        had_more = last >= 0 and listing.get_option_at_index(last).id == MORE
        on_more = had_more and listing.highlighted == last
        if had_more:
            listing.remove_option_at_index(last)
        listing.add_options(self._option(row_id, label) for row_id, label in rows)
        if more:
            listing.add_option(self._option(MORE, more))
        if on_more and rows:
            self._place(last)  # the first new row, where "load more" was
        elif listing.highlighted is None and listing.option_count:
            self._place(0)

    @property
    def highlighted_id(self) -> str | None:
        listing = self.listing
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def state(self, text: str) -> None:
        self._state = text
        self.query_one(f"#{self.prefix}-state", Static).update(Content(text))

    def selected(self, text: str) -> None:
        self.query_one(f"#{self.prefix}-selected", Static).update(
            Content(_("Selected: {name}").format(name=text) if text else _("Selected: none yet"))
        )

    def action_move(self, rows: int) -> None:
        listing = self.listing
        if not listing.option_count:
            return
        current = listing.highlighted if listing.highlighted is not None else -1
        listing.highlighted = max(0, min(listing.option_count - 1, current + rows))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        listing = self.listing
        if listing.highlighted is None:
            text = self.filter_text
            if text:
                self.state(
                    _("✗ No bucket name contains {text!r}: change the filter.").format(text=text)
                )
            elif not self._state.startswith("✗"):
                # The step's own reason (e.g. "No other bucket in cn-shanghai") is more
                # precise than this one: kept when there is one.
                self.state(_("✗ No buckets to pick from yet."))
            self.app.post_message(ReleaseKeys())  # nothing picked: typing goes on here
            return
        option = listing.get_option_at_index(listing.highlighted)
        self.post_message(self.Picked(option.id or ""))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(event.option.id or ""))
