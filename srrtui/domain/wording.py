"""Small wording helpers shared by the screens and the commands (pure: no Textual)."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``count`` and the noun in the right number: "1 bucket", "0 buckets", "2 policies".

    ``many`` is the plural form when adding "s" is wrong. "bucket(s)" reads as if the count
    were unknown; every caller here knows it.
    """
    word = noun if count == 1 else (many or f"{noun}s")
    return f"{count:,} {word}"
