"""Textual's own words on a Chinese screen: the keys panel's descriptions of the bindings of
every Textual widget srrtui shows are in the catalog (a Textual upgrade that adds or renames one
fails here), and translated."""

from __future__ import annotations

import gettext

import textual.app
import textual.screen
import textual.scroll_view
import textual.widgets as widgets
from textual.binding import Binding

from srrtui.screens.widgets.key_panel import TEXTUAL_BINDING_WORDS

SHOWN = (
    textual.app.App,
    textual.screen.Screen,
    textual.scroll_view.ScrollView,
    widgets.Button,
    widgets.DataTable,
    widgets.Input,
    widgets.OptionList,
    widgets.RadioButton,
    widgets.RadioSet,
    widgets.SelectionList,
    widgets.TabbedContent,
    widgets.Tabs,
    widgets.TextArea,
)


def _descriptions() -> set[str]:
    return {
        binding.description
        for shown in SHOWN
        for klass in shown.__mro__
        for binding in getattr(klass, "BINDINGS", ()) or ()
        if isinstance(binding, Binding) and binding.description and not binding.system
    }


def test_every_description_of_textuals_bindings_is_listed_and_translated() -> None:
    from srrtui import language

    assert _descriptions() <= set(TEXTUAL_BINDING_WORDS)
    catalog = gettext.translation("srrtui", language.LOCALE_DIR, ["zh_CN"])
    untranslated = [w for w in TEXTUAL_BINDING_WORDS if catalog.gettext(w) == w]
    assert untranslated == []
