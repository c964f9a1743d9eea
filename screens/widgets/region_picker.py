"""The region, picked from OSS's region list by the console's names (srrtui.domain.regions):
type part of a name or id to narrow the list, Up/Down move its "›" marker, and the marked row
is the region. The keyboard stays in the field, so Enter goes on with the marked region.

A region newer than the list can still be typed whole: with no row left, the typed id is
the value (and the profile check says if it is not a region id at all)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from srrtui.domain.regions import regions_to_offer
from srrtui.domain.words.translate import N_, _
from srrtui.domain.words.translate import listing as joined_names
from srrtui.screens.widgets.field_error import FieldError
from srrtui.screens.widgets.marked_list import ListRow, MarkedList


def matching(text: str, rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The rows whose id or name contains every word typed, the exact id first."""
    words = text.lower().split()
    # The English name matches in every language ("hangzhou" finds 华东1（杭州）).
    found = [
        (rid, name)
        for rid, name in rows
        if all(w in f"{rid} {name} {_(name)}".lower() for w in words)
    ]
    return sorted(found, key=lambda row: row[0] != text.strip().lower())


class RegionPicker(Vertical):
    DEFAULT_CSS = """
    RegionPicker { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", N_("Move"), show=False),
        Binding("up", "move(-1)", N_("Move"), show=False),
        Binding("pagedown", "move(5)", N_("Move"), show=False),
        Binding("pageup", "move(-5)", N_("Move"), show=False),
    ]

    class Changed(Message):
        """The region the picker stands for changed."""

    def __init__(self, *, input_id: str, field: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.input_id = input_id
        self.field = field
        self.rows = regions_to_offer()
        self.with_buckets: tuple[str, ...] = ()
        self.held = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("type to filter, e.g. hangzhou"), id=self.input_id)
        yield FieldError(self.field)
        yield MarkedList(id=f"{self.input_id}-list")
        yield Static("", id=f"{self.input_id}-chosen", classes="hint", markup=False)

    def on_mount(self) -> None:
        # The keyboard stays in the field (arrows move the marker from there): one Tab stop,
        # so Tab goes from the region on to the next field as in any form.
        self.listing.can_focus = False
        self._refill()

    @property
    def listing(self) -> OptionList:
        return self.query_one(f"#{self.input_id}-list", OptionList)

    @property
    def value(self) -> str:
        """The marked region's id; the typed text when no row is left."""
        listing = self.listing
        if listing.highlighted is not None and listing.option_count:
            return listing.get_option_at_index(listing.highlighted).id or ""
        return self.query_one(f"#{self.input_id}", Input).value.strip()

    @property
    def typed(self) -> str:
        return self.query_one(f"#{self.input_id}", Input).value

    def hold(self, region: str) -> None:
        """Keep ``region`` as the choice through a rebuild (a language switch): marked now,
        and the start the step asks for next (``starting_region``), whatever it knew before."""
        self.held = region
        self.choose(region)

    def starting_region(self, known: str) -> str:
        """The region to start from: one held through a rebuild (once), else ``known``."""
        held, self.held = self.held, ""
        return held or known

    def choose(self, region: str, with_buckets: tuple[str, ...] = ()) -> None:
        """Start from ``region`` (the one known so far; "" for none): the filter is cleared and
        the marker put on it. Regions with buckets, when known, come first (and are said so)."""
        self.with_buckets = with_buckets
        self.rows = regions_to_offer(with_buckets or ((region,) if region else ()))
        self.query_one(f"#{self.input_id}", Input).value = ""
        self._refill(region)

    def _refill(self, wanted: str = "") -> None:
        listing = self.listing
        typed = self.query_one(f"#{self.input_id}", Input).value
        rows = matching(typed, self.rows)
        listing.set_options(Option(ListRow(f"{_(name)}  {rid}"), id=rid) for rid, name in rows)
        ids = [rid for rid, _name in rows]
        if ids:
            listing.highlighted = ids.index(wanted) if wanted in ids else 0
        self._say()

    def _say(self) -> None:
        value = self.value
        name = dict(self.rows).get(value)
        text = _("Region: {name} ({region})").format(name=_(name), region=value) if name else ""
        if name and self.with_buckets:
            text += _(" · regions with buckets first: {regions}").format(
                regions=joined_names(self.with_buckets)
            )
        if not name and value:
            text = _("No region in the list matches; {typed} is used as typed.").format(typed=value)
        self.query_one(f"#{self.input_id}-chosen", Static).update(text)
        self.post_message(self.Changed())

    def on_descendant_focus(self) -> None:
        # The list is what the typing filters: bring it into view with the field (the step
        # scrolls only the focused field into view, and at 80x24 the list stayed below).
        self.call_after_refresh(self.scroll_visible, animate=False)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id == self.input_id:
            self._refill()

    @on(OptionList.OptionHighlighted)
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._say()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        # A click or Enter on the list: the keyboard goes back to the field.
        event.stop()
        self.query_one(f"#{self.input_id}", Input).focus()

    def action_move(self, rows: int) -> None:
        listing = self.listing
        if listing.option_count:
            current = listing.highlighted if listing.highlighted is not None else -1
            listing.highlighted = max(0, min(listing.option_count - 1, current + rows))
