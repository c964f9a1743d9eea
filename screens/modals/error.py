"""An unexpected failure: what happened, with the service's Code, Message and RequestId, which
can be copied (OSC 52) to hand to support."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from srrtui.domain.words.errors import ServiceError, error_block
from srrtui.domain.words.translate import N_, _


def describe_error(error: BaseException) -> str:
    """Plain lines about an error; CloudError's fields each on their own line; where the debug
    log is, when one is being written (srrtui --debug)."""
    from srrtui.cloud.requestlog import current_path

    if isinstance(error, ServiceError) and error.code:
        operation = getattr(error, "operation", "") or "-"
        text = _("Operation: {operation}").format(operation=operation) + f"\n{error_block(error)}"
    else:
        text = f"{type(error).__name__}: {error}"
    debug_log = current_path()
    if debug_log is not None:
        text += "\n" + _("Debug log: {path}").format(path=debug_log)
    return text


class ErrorModal(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss_error", N_("Close")),
        Binding("c", "copy", N_("Copy")),
    ]

    def __init__(self, title: str, error: BaseException) -> None:
        super().__init__(classes="modal")
        self.heading = title
        self.text = describe_error(error)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(f"✗ {self.heading}"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(Content(self.text), id="error-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Copy (c)"), id="copy")
                yield Button(_("Close (Esc)"), id="close", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "copy":
            self.action_copy()
        else:
            self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(f"{self.heading}\n{self.text}")
        self.query_one("#copy", Button).label = _("Copied ✓ (c)")  # a toast would hide the buttons

    def action_dismiss_error(self) -> None:
        self.dismiss(None)
