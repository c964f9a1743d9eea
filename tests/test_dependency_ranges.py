"""pyproject's dependency ranges, .ci/lowest.txt (the floors CI tests) and .ci/constraints.txt
(the Textual the snapshots were made with) stay in step."""

from __future__ import annotations

import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]


def _requirements() -> list[Requirement]:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(line) for line in data["project"]["dependencies"]]


def _pins(name: str) -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (REPO / ".ci" / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            package, _, version = line.partition("==")
            pins[canonicalize_name(package)] = Version(version)
    return pins


def _floor(specifier: SpecifierSet) -> Version | None:
    floors = [Version(s.version) for s in specifier if s.operator == ">="]
    return max(floors) if floors else None


def test_every_dependency_has_a_range_not_a_pin() -> None:
    for req in _requirements():
        assert not any(s.operator in ("==", "===") for s in req.specifier), req
        assert _floor(req.specifier) is not None, f"{req.name} has no lower bound"


def test_lowest_constraints_are_the_lower_bounds() -> None:
    lowest = _pins("lowest.txt")
    wanted = {
        canonicalize_name(r.name): _floor(r.specifier)
        for r in _requirements()
        if r.marker is None or r.marker.evaluate()
    }
    assert lowest == wanted


def test_zero_major_dependencies_stop_below_the_next_minor() -> None:
    for req in _requirements():
        floor = _floor(req.specifier)
        if floor is not None and floor.major == 0:
            next_minor = Version(f"0.{floor.minor + 1}")
            assert not req.specifier.contains(next_minor), f"{req} allows {next_minor}"


def test_locked_textual_is_inside_the_allowed_range() -> None:
    (textual,) = (r for r in _requirements() if r.name == "textual")
    locked = _pins("constraints.txt")["textual"]
    assert textual.specifier.contains(locked)
