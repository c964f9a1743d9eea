"""A read-only, selectable view of a rendering (XML, policy, exports) with a copy key."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TabbedContent, TabPane, TextArea

from srrtui.domain.words.translate import N_, _


class TextViewModal(ModalScreen[None]):
    """Tabs of texts. ``c`` copies the shown one through the terminal (OSC 52); where that does
    not reach the clipboard, the text area allows selecting with the mouse or shift+arrows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close")),
        Binding("c", "copy", N_("Copy"), priority=True),
        # The tabs without Tab-then-arrows: the text area keeps the arrows for itself.
        Binding("1", "tab(0)", N_("First tab"), show=False, priority=True),
        Binding("2", "tab(1)", N_("Second tab"), show=False, priority=True),
        Binding("3", "tab(2)", N_("Third tab"), show=False, priority=True),
    ]

    def __init__(self, title: str, texts: dict[str, str]) -> None:
        super().__init__(classes="modal")
        self.heading = title
        self.texts = texts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Content(self.heading), classes="dialog-title")
            with TabbedContent():
                for index, (name, text) in enumerate(self.texts.items()):
                    with TabPane(name, id=f"tab{index}"):
                        yield TextArea(
                            text, read_only=True, show_line_numbers=False, soft_wrap=False
                        )
            yield Static(
                _(
                    "1-{count} switch tabs (or Tab to the tabs, then ←/→). c copies the shown "
                    "text through the terminal (OSC 52); where that does not reach the "
                    "clipboard, select the text with the mouse or shift+arrows."
                ).format(count=len(self.texts)),
                classes="hint",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Copy (c)"), id="copy")
                yield Button(_("Close (Esc)"), id="close", variant="primary")

    def _shown(self) -> str:
        tabs = self.query_one(TabbedContent)
        pane = tabs.get_pane(tabs.active) if tabs.active else None
        if pane is None:
            return ""
        area = pane.query_one(TextArea)
        return area.selected_text or area.text

    def action_tab(self, index: int) -> None:
        if index < len(self.texts):
            self.query_one(TabbedContent).active = f"tab{index}"

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self._shown())
        # Said on the button, not in a toast: a toast lay over this dialog's buttons.
        self.query_one("#copy", Button).label = _("Copied ✓ (c)")

    def action_close(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "copy":
            self.action_copy()
        else:
            self.dismiss(None)
