"""A radio set whose arrows choose and whose Enter is left to the wizard (Enter = Next)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import RadioButton, RadioSet

from srrtui.domain.words.translate import N_


class Choice(RadioSet, inherit_bindings=False):
    """Up/down move *and* select, space selects, Enter bubbles up to the wizard's Next. With
    Textual's RadioSet Enter toggles the highlighted button, so a keyboard user would need a
    second key to go on; here choosing and continuing are one gesture each."""

    BINDINGS = [
        Binding("down,right", "next_option", N_("Next option"), show=False),
        Binding("up,left", "previous_option", N_("Previous option"), show=False),
        Binding("space", "toggle_button", N_("Choose"), show=False),
    ]

    def on_mount(self) -> None:
        # Start the cursor on the chosen button, not on the first one. RadioSet's own mount
        # handler runs after this one (handlers are called down the class hierarchy) and puts
        # the cursor on the first button, so move it once that has run: a highlighted "No"
        # beside a chosen "● Yes" read as if "No" were the choice.
        self.call_next(self._cursor_to_chosen)

    def _cursor_to_chosen(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def action_next_option(self) -> None:
        self._step(1)

    def action_previous_option(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        """Choose the next enabled button that way; at either end stay put. RadioSet wraps
        around, and since arrows choose here, Up on the first option silently chose the last
        one (on the role step, one that then asks for a name)."""
        buttons = self.children  # RadioSet's ``_selected`` indexes its children
        index = self._selected
        if index is None:
            index = -1 if direction > 0 else len(buttons)
        index += direction
        while 0 <= index < len(buttons):
            if not buttons[index].disabled:
                self._selected = index
                self.action_toggle_button()
                return
            index += direction

    @property
    def chosen(self) -> str:
        """The id of the pressed button ("" when none)."""
        button = self.pressed_button
        return button.id or "" if button is not None else ""


class Pick(RadioButton):
    """A radio button whose state shows in its shape ("●" chosen, "○" not), not only in its
    colour: over SSH and with NO_COLOR the colours may be gone."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - shadows Textual's class attribute
        return "●" if self.value else "○"
