"""The help pane: what the current choice means and what follows from it. It takes the keyboard
(Tab, or F1) so a long text can be scrolled with the arrows, and F1 makes it fill the screen."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from srrtui.domain.words.translate import N_, _


class HelpPane(VerticalScroll, can_focus=True):
    """Plain text (never markup: help quotes bucket names and other user input)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", N_("Scroll up"), show=False),
        Binding("down", "scroll_down", N_("Scroll down"), show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.relabel()
        self._body = Static("", markup=False, id="help-text")

    def compose(self):  # noqa: ANN201 - a generator of widgets
        yield self._body

    def show(self, text: str) -> None:
        self._body.update(Content(text))
        self.scroll_home(animate=False)

    def set_full(self, full: bool) -> None:
        """Full height (the step list and form hidden) or the usual pane."""
        self.set_class(full, "-full")
        self.relabel()

    def relabel(self) -> None:
        """The pane's titles, in the language of now."""
        self.border_title = _("What this means")
        full = self.has_class("-full")
        self.border_subtitle = _("F1 or Esc: back to the step") if full else _("F1 full help")
