"""The translation hook. Every user-facing sentence in ``srrtui.domain.words`` (and the
validation messages) is passed through ``_`` or ``ngettext``; until a catalog is installed
they return the English text unchanged."""

from __future__ import annotations

import gettext

_catalog: gettext.NullTranslations = gettext.NullTranslations()


def install(catalog: gettext.NullTranslations) -> None:
    """Use ``catalog`` (e.g. ``gettext.translation("srrtui", ...)``) from now on."""
    global _catalog
    _catalog = catalog


def _(message: str) -> str:
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _catalog.ngettext(singular, plural, count)
