"""Option lists whose highlighted row carries a "›" marker: Textual shows the cursor by colour
only, which is lost in tmux without colour, over SSH, and with NO_COLOR."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList

CURSOR = "› "
NO_CURSOR = "  "


class _CursorMarker:
    """Reserves two columns on the left (the way SelectionList reserves its checkbox's) and
    draws the marker there on the first line of the highlighted option."""

    def _get_left_gutter_width(self) -> int:
        return super()._get_left_gutter_width() + len(CURSOR)  # type: ignore[misc]

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)  # type: ignore[misc]
        line = self.scroll_offset.y + y  # type: ignore[attr-defined]
        lines = self._lines  # type: ignore[attr-defined]
        marked = False
        if line < len(lines):
            index, offset = lines[line]
            marked = offset == 0 and index == self.highlighted  # type: ignore[attr-defined]
        style = strip._segments[0].style if strip._segments else None
        return Strip.join([Strip([Segment(CURSOR if marked else NO_CURSOR, style)]), strip])


class MarkedList(_CursorMarker, OptionList):
    """An OptionList whose highlighted row starts with "›" (``highlighted`` repaints)."""


class MarkedSelectionList(_CursorMarker, SelectionList[str]):
    """A SelectionList whose highlighted row starts with "›"."""
