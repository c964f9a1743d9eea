"""The footer, its key descriptions in the language of now: bindings are declared once, with
English descriptions marked ``N_``, and translated here each time the footer is built (a change
of language rebuilds it with ``refresh_bindings``)."""

from __future__ import annotations

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


# Below this width the footer has no room for the language key (F3 and the palette still work).
LANGUAGE_KEY_WIDTH = 70


class WordsFooter(Footer):
    def compose(self) -> ComposeResult:
        narrow = self.app.size.width < LANGUAGE_KEY_WIDTH
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if narrow and widget.action == "switch_language":
                    continue
                if widget.description:
                    widget.description = _(widget.description)
            yield widget
