"""Which language a person reads, and its gettext catalog.

The choice, first match wins: ``--lang``, then ``SRRTUI_LANG``, then the POSIX locale variables
in their own order of precedence (``LC_ALL``, ``LC_MESSAGES``, ``LANG``; the first one set
decides, as for every gettext program); English otherwise. ``zh_CN.UTF-8``, ``zh_CN``, ``zh-CN``,
``zh_SG`` and ``zh_Hans`` mean Simplified Chinese; ``zh_TW``/``zh_HK`` (Traditional) stay English,
as there is no Traditional catalog.

The catalogs are the stdlib's gettext ``.mo`` files under ``srrtui/locale`` (compiled from the
``.po`` sources with Babel, which is needed only to extract and compile, never at runtime).
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from pathlib import Path

from srrtui.domain.words import translate

ENGLISH = "en"
CHINESE = "zh-CN"
LANGUAGES = (ENGLISH, CHINESE)
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "srrtui"
# The locale variables, strongest first (POSIX: LC_ALL overrides LC_MESSAGES overrides LANG).
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_SIMPLIFIED = {"zh", "zh_cn", "zh_sg", "zh_hans", "zh_hans_cn", "zh_hans_sg"}

_current = ENGLISH


def parse(value: str) -> str | None:
    """``zh_CN.UTF-8`` -> ``zh-CN``; ``en_US.UTF-8``, ``C``, ``POSIX`` -> ``en``; "" -> None
    (not set: the next source decides)."""
    tag = value.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    if not tag:
        return None
    return CHINESE if tag in _SIMPLIFIED else ENGLISH


def choose(flag: str | None, environ: Mapping[str, str]) -> str:
    """The language for ``--lang`` (None when not given) and the environment."""
    for value in (flag, environ.get("SRRTUI_LANG"), *map(environ.get, LOCALE_VARIABLES)):
        language = parse(value or "")
        if language is not None:
            return language
    return ENGLISH


def activate(language: str) -> None:
    """Speak ``language`` from now on (words are looked up when they are shown)."""
    global _current
    if language == CHINESE:
        catalog: gettext.NullTranslations = gettext.translation(
            DOMAIN, localedir=str(LOCALE_DIR), languages=["zh_CN"]
        )
    else:
        catalog, language = gettext.NullTranslations(), ENGLISH
    translate.install(catalog)
    _current = language


def current() -> str:
    return _current


def other(language: str) -> str:
    """The language a switch goes to (there are two)."""
    return ENGLISH if language == CHINESE else CHINESE
