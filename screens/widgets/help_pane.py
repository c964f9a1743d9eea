"""The help pane: what the current choice means and what follows from it. It takes the keyboard
(Tab, or F1) so a long text can be scrolled with the arrows, and F1 makes it fill the screen."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static


class HelpPane(VerticalScroll, can_focus=True):
    """Plain text (never markup: help quotes bucket names and other user input)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "What this means"
        self.border_subtitle = "F1 full help"
        self._body = Static("", markup=False, id="help-text")

    def compose(self):  # noqa: ANN201 - a generator of widgets
        yield self._body

    def show(self, text: str) -> None:
        self._body.update(Content(text))
        self.scroll_home(animate=False)

    def set_full(self, full: bool) -> None:
        """Full height (the step list and form hidden) or the usual pane."""
        self.set_class(full, "-full")
        self.border_subtitle = "F1 or Esc: back to the step" if full else "F1 full help"
