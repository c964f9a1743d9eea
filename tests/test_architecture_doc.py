"""docs/architecture.md's module map names every package and module of the tree, and nothing
that is gone: a move that forgets the map fails here."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^\| `(?P<package>[\w/]+/)` \| (?P<modules>[^|]*) \|", re.M)


def _documented() -> dict[str, set[str]]:
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    return {m["package"]: set(re.findall(r"`(\w+)`", m["modules"])) for m in ROW.finditer(text)}


def _tree() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for root in ("srrtui", "screens"):
        for init in (REPO / root).rglob("__init__.py"):
            package = init.parent
            if package.relative_to(REPO).parts[:2] in {("srrtui", "screens"), ("srrtui", "assets")}:
                continue  # the symlinks to screens/ and assets/
            name = package.relative_to(REPO).as_posix() + "/"
            found[name] = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    return found


def test_the_module_map_matches_the_tree() -> None:
    assert _documented() == _tree()
