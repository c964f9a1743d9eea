"""Option lists whose highlighted row carries a "›" marker: Textual shows the cursor by colour
only, which is lost in tmux without colour, over SSH, and with NO_COLOR."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.scalar import Unit
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import RulesMap
from textual.widgets import OptionList, SelectionList

from srrtui.domain.words.translate import N_

CURSOR = "› "
NO_CURSOR = "  "


# The mixins below extend OptionList; the checker sees them as its subclasses.
if TYPE_CHECKING:
    _OptionListBase = OptionList
else:
    _OptionListBase = object


class _CursorMarker(_OptionListBase):
    """Reserves two columns on the left (the way SelectionList reserves its checkbox's) and
    draws the marker there on the first line of the highlighted option."""

    def _get_left_gutter_width(self) -> int:
        return super()._get_left_gutter_width() + len(CURSOR)

    def on_focus(self) -> None:
        # OptionList shows no cursor until an arrow is pressed: no "›" would say where Enter
        # goes, and Enter would do nothing.
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        line = self.scroll_offset.y + y
        lines = self._lines
        marked = False
        if line < len(lines):
            index, offset = lines[line]
            marked = offset == 0 and index == self.highlighted
        style = strip._segments[0].style if strip._segments else None
        return Strip.join([Strip([Segment(CURSOR if marked else NO_CURSOR, style)]), strip])


class _CappedHeight(_OptionListBase):
    """OptionList's auto height measures every option at every layout: O(n) per frame, 10,000
    buckets included. With a max-height in lines and more options than that, each option being
    at least a line tall, the box stops at max-height whatever the sum is: say so at once."""

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        cap = self.styles.max_height
        if cap is not None and cap.unit is Unit.CELLS and self.option_count > cap.value:
            return int(cap.value) + 1
        return super().get_content_height(container, viewport, width)


class MarkedList(_CappedHeight, _CursorMarker, OptionList):
    """An OptionList whose highlighted row starts with "›" (``highlighted`` repaints)."""


class MarkedSelectionList(_CappedHeight, _CursorMarker, SelectionList[str], inherit_bindings=False):
    """A SelectionList whose highlighted row starts with "›". Space ticks; Enter is left to the
    wizard (Next), as everywhere else: OptionList's Enter ticked too, so it never went on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", N_("Down"), show=False),
        Binding("up", "cursor_up", N_("Up"), show=False),
        Binding("home", "first", N_("First"), show=False),
        Binding("end", "last", N_("Last"), show=False),
        Binding("pagedown", "page_down", N_("Page Down"), show=False),
        Binding("pageup", "page_up", N_("Page Up"), show=False),
        Binding("space", "select", N_("Tick"), show=False),
    ]

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Toggle the row Space was pressed on. SelectionList toggles whatever is highlighted
        # when the message is handled: keys arriving in one burst ("Space Down Space") move the
        # cursor first, and both Spaces toggled the second row (on, then off again).
        event.stop()
        event.prevent_default()  # SelectionList's own handler would toggle a second time
        index = event.option_index
        if index < self.option_count and self.get_option_at_index(index) is event.option:
            self.toggle(self.get_option_at_index(index))


class ListRow(Content):
    """A row's text that remembers its height for every width it was measured at.

    ``Content`` keeps one (width, height) pair, and OptionList measures every row at two widths
    in turn (``_update_lines`` without the marker's gutter, ``get_content_height`` with it), so
    with thousands of rows each layout re-wrapped every one of them (~30 µs a row: 0.3 s for
    10,000). A row that fits is one line without wrapping it. Keyed on the width alone: these
    lists never change text-wrap or text-overflow at run time, the other inputs of the height
    of a row that does not fit."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._heights: dict[int, int] = {}

    def get_height(self, rules: RulesMap, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            # A row that fits on one line is one line: no need to wrap it to find out.
            room = width - 2 * rules.get("line_pad", 0)
            fits = self.cell_length <= room and "\n" not in self.plain
            height = 1 if fits else super().get_height(rules, width)
            self._heights[width] = height
        return height
