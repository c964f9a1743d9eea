"""``srrtui.screens`` is an ordinary subpackage everywhere: in a checkout (srrtui/screens and
srrtui/assets are symlinks to the root's screens/ and assets/), and in the wheel, which carries
real files; an installed srrtui finds its TCSS."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # A copy of the tree keeps build/ and *.egg-info out of the checkout.
    src = out / "src"
    files = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    for name in filter(None, files):
        target = src / name.decode()
        origin = REPO / name.decode()
        if origin.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(os.readlink(origin))
        elif origin.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(origin.read_bytes())
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("srrtui-*.whl")
    return built


def test_wheel_contains_screens_and_assets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    screens = {n for n in names if n.startswith("srrtui/screens/")}
    assets = {n for n in names if n.startswith("srrtui/assets/")}
    assert "srrtui/screens/__init__.py" in screens
    sources = {
        f"srrtui/screens/{p.relative_to(REPO / 'screens').as_posix()}"
        for p in (REPO / "screens").rglob("*.py")
    }
    assert sources <= screens
    assert "srrtui/assets/app.tcss" in assets
    # The Chinese catalog the stdlib's gettext reads (nothing compiles it at install time).
    assert "srrtui/locale/zh_CN/LC_MESSAGES/srrtui.mo" in names
    assert not any(n.startswith(("screens/", "assets/", "tests/")) for n in names)


def test_installed_wheel_finds_its_tcss(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import srrtui, srrtui.paths, srrtui.screens;"
        "print(srrtui.__file__); print(srrtui.screens.__file__);"
        "print(srrtui.paths.asset('app.tcss').is_file());"
        "import srrtui.language as lang; lang.activate('zh-CN');"
        "from srrtui.domain.words.translate import _; print(_('one region'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    package_file, screens_file, found, chinese = out
    assert package_file.startswith(str(target))
    assert screens_file.startswith(str(target / "srrtui" / "screens"))
    assert found == "True"
    assert chinese == "同一地域"  # the installed package's catalog


def test_a_checkout_resolves_screens_as_a_subpackage_and_nothing_else(tmp_path: Path) -> None:
    """No path trick: srrtui has one folder, so tests/, bench/ and setup files are not its
    subpackages, and srrtui.screens is found under it (as tools following imports see it)."""
    code = (
        "import importlib.util, srrtui, srrtui.screens.steps.base as b, srrtui.paths as p;"
        "print(len(srrtui.__path__)); print(b.__file__); print(p.asset('app.tcss').is_file());"
        "print(importlib.util.find_spec('srrtui.tests'))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(REPO)!r}); {code}"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert out == [
        "1",
        str(REPO / "srrtui" / "screens" / "steps" / "base.py"),
        "True",
        "None",
    ]
