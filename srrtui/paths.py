"""Where the shipped assets are: ``srrtui/assets`` (in a checkout a symlink to ``assets/``)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def assets_dir() -> Path:
    return _PACKAGE / "assets"


def asset(name: str) -> Path:
    return assets_dir() / name
