"""Where to save the plan: a path, prefilled, that Enter accepts; an existing file is replaced
only after a yes."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from srrtui.domain.words.translate import N_, _
from srrtui.screens.modals.confirm import ConfirmModal


class SavePlanModal(ModalScreen[Path | None]):
    """Dismissed with the path to write (the replace question answered yes), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, suggested: Path) -> None:
        super().__init__(classes="modal")
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(_("Save the plan")), classes="dialog-title")
            yield Static(
                Content(_("The file `srrtui apply` and `srrtui plan` read. Enter saves here:")),
                classes="hint",
            )
            yield Input(str(self.suggested), id="plan-path")
            yield Static("", id="plan-path-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel (Esc)"), id="cancel")
                yield Button(_("Save (Enter)"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#plan-path-error").display = False
        self.query_one("#plan-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        text = self.query_one("#plan-path", Input).value.strip()
        problem = "" if text else _("Type a file name.")
        target = Path(text).expanduser()
        if text and target.is_dir():
            problem = _("{path} is a folder: add a file name.").format(path=target)
        elif text and not target.parent.is_dir():
            problem = _("No folder {path}: create it first or choose another.").format(
                path=target.parent
            )
        if problem:
            error = self.query_one("#plan-path-error", Static)
            error.update(f"✗ {problem}")
            error.display = True
            return
        if not target.exists():
            self.dismiss(target)
            return

        def answer(replace: bool | None) -> None:
            if replace:
                self.dismiss(target)

        self.app.push_screen(
            ConfirmModal(
                _("Replace the file?"),
                _(
                    "{path} exists. Replace it with this plan? The file's old content is lost."
                ).format(path=target),
                yes=_("Replace"),
                no=_("Keep it"),
            ),
            answer,
        )
