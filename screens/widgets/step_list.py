"""The wizard's step list: done / current / to do, marked by symbol and word, not colour.

One widget that renders twelve lines, rather than an OptionList: the list is on the first frame,
and an OptionList (a scroll view with options, a line cache and its own styles) cost about a
twentieth of the time to that frame (docs/benchmarks.md, startup)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from srrtui.domain.words.text import pad
from srrtui.domain.words.translate import N_, _

MARK_DONE = "✓"
MARK_CURRENT = "▶"
MARK_PENDING = "·"


class StepList(Widget, can_focus=True):
    """Lists the steps; a done step can be chosen (click, or arrows + Enter) to go back to it.
    Steps not reached yet cannot be chosen: the cursor skips them and a click does nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", N_("Up"), show=False),
        Binding("down", "move(1)", N_("Down"), show=False),
        Binding("home", "move(-99)", N_("First"), show=False),
        Binding("end", "move(99)", N_("Last"), show=False),
        Binding("enter", "choose", N_("Go to step"), show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"step-list--cursor", "step-list--pending"}
    # The cursor: where Enter goes; on the current step until the list is focused.
    DEFAULT_CSS = """
    StepList:focus {
        background-tint: $foreground 5%;
    }
    StepList > .step-list--cursor {
        background: $block-cursor-blurred-background;
    }
    StepList:focus > .step-list--cursor {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    StepList > .step-list--pending {
        color: $text-disabled;
    }
    """

    @dataclass
    class Jump(Message):
        index: int

    def __init__(self, titles: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles = titles
        self.current = 0
        self.cursor = 0
        self.done: set[int] = set()
        self.locked = False  # after the rule exists, earlier steps cannot be revisited
        self.border_title = _("Steps")

    def refresh_steps(self, current: int, done: set[int], *, locked: bool = False) -> None:
        self.current, self.done, self.locked = current, set(done), locked
        self.border_title = _("Steps")  # in the language of now
        self.cursor = current
        self.refresh()

    def reachable(self, index: int) -> bool:
        return index == self.current or (index in self.done and not self.locked)

    def render(self) -> Content:
        width = self.size.width
        cursor = self.get_visual_style("step-list--cursor", partial=True)
        pending = self.get_visual_style("step-list--pending", partial=True)
        lines = []
        for index, title in enumerate(self.titles):
            if index == self.current:
                mark, style = MARK_CURRENT, "bold"
            elif index in self.done:
                mark, style = MARK_DONE, ""
            else:
                mark, style = MARK_PENDING, "dim"
            # Too narrow for titles (under 70 columns): marks and numbers, all twelve whole.
            text = f"{mark} {index + 1:>2} {_(title)}" if width >= 12 else f"{mark}{index + 1:>3}"
            # Padded by cells, not characters: a Chinese title is two cells a character.
            line = Content.styled(pad(text, width), style)
            if not self.reachable(index):
                line = line.stylize_before(pending)
            elif index == self.cursor:
                line = line.stylize_before(cursor)
            lines.append(line)
        return Content("\n").join(lines)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self.titles)

    # -- choosing -------------------------------------------------------------------------------
    def action_move(self, steps: int) -> None:
        """Move the cursor by ``steps`` rows, over the steps that can be chosen."""
        choosable = [i for i in range(len(self.titles)) if self.reachable(i)]
        here = choosable.index(self.cursor) if self.cursor in choosable else 0
        self.cursor = choosable[max(0, min(len(choosable) - 1, here + steps))]
        self.refresh()

    def action_choose(self) -> None:
        # Choosing the current step goes back into its form; another step jumps there.
        self.post_message(self.Jump(self.cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not 0 <= offset.y < len(self.titles):
            return
        if self.reachable(offset.y):
            self.cursor = offset.y
            self.refresh()
            self.post_message(self.Jump(offset.y))
        elif self.locked and offset.y in self.done:
            self.post_message(self.Jump(offset.y))  # the wizard says why it cannot go there
