"""The Chinese catalog is whole and current: the .pot is what the code marks today, the .po
translates every entry (none empty, none fuzzy, the same {placeholders}), and the shipped .mo
holds exactly what the .po compiles to (every message and translation; the header's
"Generated-By" names the Babel that compiled it and is not compared)."""

from __future__ import annotations

import io
import string
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]
LOCALE = REPO / "srrtui" / "locale"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "srrtui.po"
MO = LOCALE / "zh_CN" / "LC_MESSAGES" / "srrtui.mo"
UPDATE = "see docs/translating.md: extract, update, translate, compile"


def _read(path: Path, locale: str | None = None):  # noqa: ANN202 - a babel Catalog
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _ids(catalog) -> set[object]:  # noqa: ANN001
    return {message.id for message in catalog if message.id}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.fixture(scope="module")
def po():  # noqa: ANN201
    return _read(PO, "zh_CN")


def test_the_template_holds_what_the_code_marks_today(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(REPO / "babel.cfg"), "-o", str(fresh), str(REPO)]
    )
    assert _ids(_read(fresh)) == _ids(_read(LOCALE / "srrtui.pot")), UPDATE


def test_every_entry_is_translated_and_none_is_fuzzy(po) -> None:  # noqa: ANN001
    assert _ids(po) == _ids(_read(LOCALE / "srrtui.pot")), UPDATE
    untranslated = [
        m.id for m in po if m.id and not all(m.string if m.pluralizable else [m.string])
    ]
    fuzzy = [m.id for m in po if m.id and m.fuzzy]
    assert untranslated == [], UPDATE
    assert fuzzy == []


def test_translations_keep_every_placeholder(po) -> None:  # noqa: ANN001
    for message in po:
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        for text in strings:
            assert _fields(text) == _fields(ids[-1]), message.id


def _translations(mo: io.BufferedIOBase) -> dict[object, object]:
    """A compiled catalog's messages: (context, id) -> translation, the header left out."""
    return {
        (m.context, m.id if isinstance(m.id, str) else tuple(m.id)): (
            m.string if isinstance(m.string, str) else tuple(m.string)
        )
        for m in read_mo(mo)
        if m.id
    }


def test_the_shipped_mo_is_the_po_compiled(po) -> None:  # noqa: ANN001
    compiled = io.BytesIO()
    write_mo(compiled, po)
    compiled.seek(0)
    with MO.open("rb") as shipped:
        assert _translations(shipped) == _translations(compiled), UPDATE
