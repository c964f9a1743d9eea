"""One key=value row of the tag filter."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Input, Static

from srrtui.domain.words.translate import _


class TagRow(Horizontal):
    DEFAULT_CSS = """
    TagRow .tag-eq {
        width: 1;
        height: 3;
        content-align: center middle;
    }
    TagRow .tag-remove {
        margin: 1 0 0 1;
        min-width: 8; /* the button's 16 pushed it past the edge at 60 columns */
    }
    """

    @dataclass
    class Remove(Message):
        row: TagRow

    def __init__(self, key: str = "", value: str = "", *, blink: bool = True) -> None:
        super().__init__(classes="tag-row")
        self._key, self._value, self._blink = key, value, blink

    def compose(self) -> ComposeResult:
        yield Input(self._key, placeholder=_("key"), classes="tag-key")
        yield Static("=", classes="tag-eq")
        yield Input(self._value, placeholder=_("value"), classes="tag-value")
        yield Button(_("Remove"), classes="tag-remove", compact=True)

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = self._blink

    @property
    def pair(self) -> tuple[str, str]:
        return self.query_one(".tag-key", Input).value, self.query_one(".tag-value", Input).value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Remove(self))
