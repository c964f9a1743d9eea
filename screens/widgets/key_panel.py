"""Textual's keys panel (the palette's "Keys" command), speaking the language shown: its table
lists the focused widgets' bindings by their descriptions, which for Textual's own widgets are
fixed English (``textual/widgets/*.py``) and for ours are marked ``N_`` and shown untranslated
by Textual. The table is drawn as Textual draws it, then each description is translated."""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import HelpPanel, KeyPanel, Markdown
from textual.widgets._key_panel import BindingsTable

from srrtui.domain.words.translate import N_, _

# The descriptions of the bindings of Textual's widgets that srrtui shows (textual 8.2), so
# that the catalog holds them; tests/i18n/test_textual_words.py checks the list is complete.
TEXTUAL_BINDING_WORDS = (
    # App.COMMAND_PALETTE_BINDING (its description, "palette", is in the footer's words)
    N_("Open the command palette"),
    # App
    N_("Quit"),
    # Screen
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Copy selected text"),
    # ScrollView
    N_("Scroll Up"),
    N_("Scroll Down"),
    N_("Scroll Left"),
    N_("Scroll Right"),
    N_("Scroll Home"),
    N_("Scroll End"),
    N_("Page Up"),
    N_("Page Down"),
    N_("Page Left"),
    N_("Page Right"),
    # Input
    N_("Move cursor left"),
    N_("Move cursor left and select"),
    N_("Move cursor left a word"),
    N_("Move cursor left a word and select"),
    N_("Move cursor right or accept the completion suggestion"),
    N_("Move cursor right and select"),
    N_("Move cursor right a word"),
    N_("Move cursor right a word and select"),
    N_("Delete character left"),
    N_("Select all"),
    N_("Go to start"),
    N_("Go to end"),
    N_("Select line start"),
    N_("Select line end"),
    N_("Delete character right"),
    N_("Submit"),
    N_("Delete left to start of word"),
    N_("Delete all to the left"),
    N_("Delete right to start of word"),
    N_("Delete all to the right"),
    N_("Cut selected text"),
    N_("Paste text from the clipboard"),
    # OptionList
    N_("Down"),
    N_("Last"),
    N_("Select"),
    N_("First"),
    N_("Up"),
    # RadioSet
    N_("Next option"),
    N_("Toggle"),
    N_("Previous option"),
    # DataTable
    N_("Cursor up"),
    N_("Cursor down"),
    N_("Cursor right"),
    N_("Cursor left"),
    N_("Page up"),
    N_("Page down"),
    N_("Top"),
    N_("Bottom"),
    N_("Home"),
    N_("End"),
    # Tabs
    N_("Previous tab"),
    N_("Next tab"),
    # Button
    N_("Press button"),
    # SelectionList
    N_("Toggle option"),
    # TextArea
    N_("Cursor word left"),
    N_("Cursor word right"),
    N_("Cursor line start"),
    N_("Cursor line end"),
    N_("Cursor page up"),
    N_("Cursor page down"),
    N_("Cursor left word select"),
    N_("Cursor right word select"),
    N_("Cursor line start select"),
    N_("Cursor line end select"),
    N_("Cursor up select"),
    N_("Cursor down select"),
    N_("Cursor left select"),
    N_("Cursor right select"),
    N_("Select line"),
    N_("Cut"),
    N_("Copy"),
    N_("Paste"),
    N_("Delete to line start"),
    N_("Delete to line end"),
    N_("Delete line"),
    N_("Undo"),
    N_("Redo"),
)


class WordsBindingsTable(BindingsTable):
    def render_bindings_table(self) -> Table:
        table = super().render_bindings_table()
        descriptions = table.columns[-1]  # the keys' column keeps the keys as Textual shows them
        descriptions._cells = [_translated(cell) for cell in descriptions._cells]
        return table


def _translated(cell: RenderableType) -> RenderableType:
    """A description, and the dim tooltip Textual appends to it after a space."""
    if not isinstance(cell, Text) or not cell.plain:
        return cell
    tooltip = next((span for span in cell.spans if span.style == "dim"), None)
    end = tooltip.start if tooltip else len(cell.plain)
    said = Text(_(cell.plain[:end].rstrip()), style=cell.style, end=cell.end)
    if tooltip:
        said.append(" ")
        said.append(_(cell.plain[tooltip.start : tooltip.end]), "dim")
    return said


class WordsKeyPanel(KeyPanel):
    def compose(self) -> ComposeResult:
        yield WordsBindingsTable(shrink=True, expand=False)


class WordsHelpPanel(HelpPanel):
    def compose(self) -> ComposeResult:
        yield Markdown(id="widget-help")
        yield WordsKeyPanel(id="keys-help")
