"""Textual's command palette, speaking the language shown: its search field's placeholder and its
"no matches" line are fixed English inside Textual (textual/command.py), the commands themselves
are translated by the app (``SrrApp.get_system_commands``)."""

from __future__ import annotations

from typing import Any

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from srrtui.domain.words.translate import _


class WordsCommandPalette(CommandPalette):
    def __init__(self, placeholder: str = "", **options: Any) -> None:
        """``placeholder`` translated already (the commands' one by default)."""
        super().__init__(placeholder=placeholder or _("Search for commands…"), **options)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own countdown (textual 8.2, command.py), with its line translated: after a
        # short wait without a match, one disabled line says so; an empty search says nothing.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
            self._list_visible = bool(search_value)

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
