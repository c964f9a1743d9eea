"""A yes/no question that scrolls when it does not fit."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from srrtui.domain.words.translate import N_, _


class ConfirmModal(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Yes")),
        Binding("n,escape", "answer(False)", N_("No")),
    ]

    def __init__(self, title: str, body: str, *, yes: str = "", no: str = "") -> None:
        super().__init__(classes="modal")
        self.heading, self.body = title, body
        self.yes, self.no = yes or _("Yes"), no or _("No")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.heading), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(Content(self.body))
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    _("{label} ({key})").format(label=self.yes, key="y"), id="yes", variant="error"
                )
                yield Button(
                    _("{label} ({key})").format(label=self.no, key="n"), id="no", variant="primary"
                )

    def on_mount(self) -> None:
        # The safe answer has the focus: Enter on a surprise dialog must not do harm.
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
