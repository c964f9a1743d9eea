"""Untrusted text (object keys, service messages) made safe to print."""

from __future__ import annotations

import unicodedata


def printable(text: str) -> str:
    """Keys are untrusted: control characters would move the cursor or recolour the terminal."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def cells(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` columns (str.ljust counts characters, and a
    Chinese word is twice as wide as its length)."""
    return text + " " * max(0, width - cells(text))
