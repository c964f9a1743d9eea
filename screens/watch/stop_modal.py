"""Stopping a rule cannot be undone, so the user types its id: the Stop button stays disabled
until the text matches exactly. Escape (or Cancel) leaves everything as it was."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from srrtui.domain.words.translate import N_, _

BODY = N_(
    "DeleteBucketReplication removes rule {rule_id} from {bucket}. OSS stops copying to "
    "{destination}; objects already copied stay there. The rule shows closing until OSS has "
    "removed it. This cannot be undone: replicating again means a new rule, and its "
    "historical copy starts over."
)


class StopRuleModal(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(
        self, bucket: str, rule_id: str, destination: str, *, cursor_blink: bool = True
    ) -> None:
        super().__init__(classes="modal")
        self.bucket, self.rule_id, self.destination = bucket, rule_id, destination
        self.cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = _("Stop replication rule {rule}?").format(rule=self.rule_id)
            yield Static(Content(title), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(
                    Content(
                        _(BODY).format(
                            rule_id=self.rule_id, bucket=self.bucket, destination=self.destination
                        )
                    )
                )
                yield Static(
                    Content(_("Type the rule id ({rule}) to confirm:").format(rule=self.rule_id))
                )
                yield Input(placeholder=self.rule_id, id="typed-rule-id")
                yield Static("", id="typed-state", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Stop rule"), id="stop", variant="error", disabled=True)
                yield Button(_("Cancel (Esc)"), id="cancel", variant="primary")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = self.cursor_blink  # snapshots need a steady cursor
        field.focus()
        self.show_match("")

    def matches(self, text: str) -> bool:
        return text == self.rule_id

    def show_match(self, text: str) -> None:
        # Said in words as well as by the button's dimming (colours may not survive SSH).
        if self.matches(text):
            state = _("✓ matches: Stop rule is enabled (Enter).")
        elif text:
            state = _("✗ does not match the rule id yet.")
        else:
            state = _("Stop rule stays disabled until the id matches.")
        self.query_one("#typed-state", Static).update(state)
        self.query_one("#stop", Button).disabled = not self.matches(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show_match(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.matches(event.value):
            self.dismiss(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "stop" and self.matches(self.query_one(Input).value))

    def action_cancel(self) -> None:
        self.dismiss(False)
