"""What an export gives its caller: the text, and what it could not carry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportText:
    """``losses``: plan choices the export cannot express (the CLI refuses them unless told
    ``--allow-lossy``); ``caveats``: things the user must know that are not a certain loss."""

    text: str
    losses: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
