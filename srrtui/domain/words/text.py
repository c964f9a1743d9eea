"""Untrusted text (object keys, service messages) made safe to print."""

from __future__ import annotations


def printable(text: str) -> str:
    """Keys are untrusted: control characters would move the cursor or recolour the terminal."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
