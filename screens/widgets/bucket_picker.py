"""A filter field over a bucket list, shared by the source and destination steps. The keyboard
stays in the field: Up/Down move the list's "›" marker, Enter picks the marked row (so what is
marked is what Enter picks), and the choice is named in words under the list."""

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
from textual.widgets.option_list import Option

from srrtui.screens.widgets.marked_list import MarkedList


class BucketPicker(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Reached from the filter field (the list handles its own keys when it has focus).
        Binding("down", "move(1)", "Move", show=False),
        Binding("up", "move(-1)", "Move", show=False),
        Binding("pagedown", "move(10)", "Move", show=False),
        Binding("pageup", "move(-10)", "Move", show=False),
    ]

    @dataclass
    class Picked(Message):
        """A row was picked with Enter or a click; ``option_id`` is the bucket name."""

        option_id: str

    def __init__(self, *, prefix: str) -> None:
        super().__init__(classes="bucket-picker")
        self.prefix = prefix

    def compose(self) -> ComposeResult:
        yield Input(placeholder="type to filter; ↑/↓ move; Enter picks", id=f"{self.prefix}-filter")
        yield Static("", id=f"{self.prefix}-state", classes="hint", markup=False)
        yield MarkedList(id=f"{self.prefix}-list")
        yield Static("Selected: none yet", id=f"{self.prefix}-selected", markup=False)

    @property
    def listing(self) -> OptionList:
        return self.query_one(f"#{self.prefix}-list", OptionList)

    @property
    def filter_text(self) -> str:
        return self.query_one(f"#{self.prefix}-filter", Input).value.strip().lower()

    def show(self, rows: list[tuple[str, str]], chosen: str) -> None:
        """``rows``: (id, label). The marker starts on the chosen bucket, else the first row."""
        listing = self.listing
        listing.clear_options()
        listing.add_options(Option(label, id=row_id) for row_id, label in rows)
        ids = [row_id for row_id, _ in rows]
        if rows:
            listing.highlighted = ids.index(chosen) if chosen in ids else 0

    def state(self, text: str) -> None:
        self.query_one(f"#{self.prefix}-state", Static).update(Content(text))

    def selected(self, text: str) -> None:
        self.query_one(f"#{self.prefix}-selected", Static).update(
            Content(f"Selected: {text}" if text else "Selected: none yet")
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
            self.state(
                f"✗ No bucket name contains {text!r}: change the filter."
                if text
                else "✗ No buckets to pick from yet."
            )
            return
        option = listing.get_option_at_index(listing.highlighted)
        self.post_message(self.Picked(option.id or ""))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(event.option.id or ""))
