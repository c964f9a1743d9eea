"""Where the shipped assets are, in a wheel and in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def assets_dir() -> Path:
    """The assets folder: ``srrtui/assets`` when installed, ``assets/`` in a checkout."""
    installed = _PACKAGE / "assets"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "assets"


def asset(name: str) -> Path:
    return assets_dir() / name
