"""The wizard's step list: done / current / to do, marked by symbol and word, not colour."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

MARK_DONE = "✓"
MARK_CURRENT = "▶"
MARK_PENDING = "·"


class StepList(OptionList):
    """Lists the steps; a done step can be chosen (click, or arrows + Enter) to go back to it.
    Steps not reached yet are disabled, so they cannot be chosen."""

    @dataclass
    class Jump(Message):
        index: int

    def __init__(self, titles: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles = titles
        self.current = 0
        self.done: set[int] = set()
        self.locked = False  # after the rule exists, earlier steps cannot be revisited
        self.border_title = "Steps"

    def on_mount(self) -> None:
        self.refresh_steps(0, set())

    def refresh_steps(self, current: int, done: set[int], *, locked: bool = False) -> None:
        self.current, self.done, self.locked = current, set(done), locked
        options = [self._option(index, title) for index, title in enumerate(self.titles)]
        self.clear_options()
        self.add_options(options)
        self.highlighted = current

    def _option(self, index: int, title: str) -> Option:
        if index == self.current:
            mark, style = MARK_CURRENT, "bold"
        elif index in self.done:
            mark, style = MARK_DONE, ""
        else:
            mark, style = MARK_PENDING, "dim"
        text = Content.styled(f"{mark} {index + 1:>2} {title}", style)
        reachable = (index == self.current or index in self.done) and not self.locked
        return Option(text, id=f"s{index}", disabled=not reachable and index != self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        # Choosing the current step goes back into its form; another step jumps there.
        self.post_message(self.Jump(event.option_index))
