"""The footer, its key descriptions in the language of now: bindings are declared once, with
English descriptions marked ``N_``, and translated here each time the footer is built (a change
of language rebuilds it with ``refresh_bindings``). When the row is too narrow for every key, the
keys a screen names as essential stay and the others make room (a resize builds it again)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the one piece that shows a description

from srrtui.domain.words.translate import N_, _

# Textual's own words: its footer binding and the command palette's system commands (the app
# translates those in get_system_commands). In the catalog so they are translated too.
TEXTUAL_WORDS = (
    N_("palette"),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Hide the keys and widget help panel"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
)


def fitting(widths: Sequence[int], ranks: Sequence[int | None], room: int) -> list[int]:
    """Which keys (their indexes, in order) fit in ``room`` columns. A key with no rank (one
    only a step or a widget offers) goes first, the last shown before the one before it; then
    the ranked ones, the highest rank number (the least important) first."""
    kept = list(range(len(widths)))
    unranked = [i for i in kept if ranks[i] is None]
    ranked = sorted((i for i in kept if ranks[i] is not None), key=lambda i: ranks[i] or 0)
    dropping = [*reversed(unranked), *reversed(ranked)]
    while kept and sum(widths[i] for i in kept) > room:
        kept.remove(dropping.pop(0))
    return kept


class WordsFooter(Footer):
    """``keep``: the actions whose keys must stay when the row is too narrow for every key,
    most important first; the others (a step's own keys) make room first. Textual's footer
    would cut the row at the edge instead, losing the keys at its end whatever they are."""

    def __init__(self, *, keep: Sequence[str] = (), **options: Any) -> None:
        super().__init__(**options)
        self.keep = tuple(keep)
        self._composed_for = 0  # the width the keys were chosen for

    def compose(self) -> ComposeResult:
        keys: list[FooterKey] = []
        palette: list[FooterKey] = []
        self._composed_for = self.app.size.width
        # The last key's margin may fall past the edge: nothing of it is seen.
        room = self._composed_for + (1 if self.compact else 0)
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if widget.description:
                    widget.description = _(widget.description)
                if widget.has_class("-command-palette"):
                    palette.append(widget)
                    room -= self._width(widget)  # docked right, beside the others
                    continue
                if not widget.has_class("-grouped"):
                    keys.append(widget)
                    continue
            yield widget  # (srrtui declares no binding groups: their keys are not weighed)
        widths = [self._width(key) for key in keys]
        ranks = [self.keep.index(k.action) if k.action in self.keep else None for k in keys]
        for index in fitting(widths, ranks, room):
            yield keys[index]
        yield from palette

    def _width(self, key: FooterKey) -> int:
        """The columns a key takes, as Textual's footer CSS lays it out (compact: no padding
        round the key, a space before the words, one column between keys)."""
        words = cell_len(key.description)
        if self.compact:
            return cell_len(key.key_display) + (words + 1 if words else 0) + 1
        return cell_len(key.key_display) + 2 + (words + 1 if words else 0)

    def on_resize(self, event: events.Resize) -> None:
        if self._composed_for and event.size.width != self._composed_for:
            self._composed_for = event.size.width
            self.refresh(recompose=True)
