"""srrtui: a terminal wizard for Alibaba Cloud OSS same-region replication."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

# In a source checkout, screens/ stands beside this package rather than inside it (STYLE.md);
# installed wheels carry it as srrtui/screens. Extending __path__ makes ``srrtui.screens``
# resolve in both, including a plain ``pytest`` run from the repository root.
_here = Path(__file__).resolve().parent
if not (_here / "screens").is_dir() and (_here.parent / "screens" / "__init__.py").is_file():
    __path__.append(str(_here.parent))  # noqa: F821 - __path__ is defined for packages
