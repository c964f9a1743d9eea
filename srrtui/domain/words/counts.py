"""Counts in words, in the right number."""

from __future__ import annotations

from srrtui.domain.words.translate import ngettext


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``count`` and the noun in the right number: "1 bucket", "0 buckets", "2 policies".

    ``many`` is the plural form when adding "s" is wrong. "bucket(s)" reads as if the count
    were unknown; every caller here knows it.
    """
    word = ngettext(noun, many or f"{noun}s", count)
    return f"{count:,} {word}"
