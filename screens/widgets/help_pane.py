"""The help pane: what the current choice means and what follows from it."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static


class HelpPane(VerticalScroll, can_focus=False):
    """Plain text (never markup: help quotes bucket names and other user input)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "What this means"
        self._body = Static("", markup=False, id="help-text")

    def compose(self):  # noqa: ANN201 - a generator of widgets
        yield self._body

    def show(self, text: str) -> None:
        self._body.update(Content(text))
        self.scroll_home(animate=False)
