"""The footer, its key descriptions in the language of now: bindings are declared once, with
English descriptions marked ``N_``, and translated here each time the footer is built (a change
of language rebuilds it with ``refresh_bindings``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the one piece that shows a description

from srrtui.domain.words.translate import N_, _

# Textual's own bindings, shown in footers: in the catalog so they are translated here too.
TEXTUAL_WORDS = (N_("palette"),)


class WordsFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description:
                widget.description = _(widget.description)
            yield widget
