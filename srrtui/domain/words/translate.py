"""The translation hook. Every user-facing sentence in ``srrtui.domain.words`` (and the
validation messages) is passed through ``_`` or ``ngettext``; until a catalog is installed
they return the English text unchanged."""

from __future__ import annotations

import gettext
from collections.abc import Sequence

_catalog: gettext.NullTranslations = gettext.NullTranslations()


def install(catalog: gettext.NullTranslations) -> None:
    """Use ``catalog`` (e.g. ``gettext.translation("srrtui", ...)``) from now on."""
    global _catalog
    _catalog = catalog


def N_(message: str) -> str:
    """Marks a sentence for the catalog where it is defined (a constant, a class attribute)
    without translating it then: it is translated with ``_`` where it is shown, so a switch
    of language at runtime reaches it (gettext's "deferred translation")."""
    return message


def _(message: str) -> str:
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _catalog.ngettext(singular, plural, count)


def listing(items: Sequence[str]) -> str:
    """Names in a sentence: "a, b, c" in English, "a、b、c" in Chinese."""
    return pgettext("between the names of a list", ", ").join(items)


def pgettext(context: str, message: str) -> str:
    """``message`` where the same English needs another translation in ``context``."""
    return _catalog.pgettext(context, message)


def all_of(items: Sequence[str]) -> str:
    """Names that all count: "a and b", "a, b and c" (Chinese "a 和 b", "a、b 和 c")."""
    if len(items) < 2:
        return listing(items)
    return _("{names} and {last}").format(names=listing(items[:-1]), last=items[-1])


def clauses(items: Sequence[str]) -> str:
    """Clauses of one sentence: "a; b" in English, "a；b" in Chinese."""
    return pgettext("between the clauses of a sentence", "; ").join(items)


def titled(title: str, text: str) -> str:
    """``title: text`` ("标题：正文" in Chinese); the title alone when there is no text."""
    return _("{title}: {text}").format(title=title, text=text) if text else title


def sentences(*parts: str) -> str:
    """Whole sentences one after another: a space between them in English, none in Chinese
    (its full stop carries the gap). Empty parts are left out."""
    # (A catalog cannot translate " " to nothing: an empty translation means "not translated".)
    said = ""
    for part in parts:
        if part:
            joined = pgettext("sentences in a row", "{first} {then}")
            said = joined.format(first=said, then=part) if said else part
    return said
