"""Issue 18 item 9: hostile plan files (deep nesting, endless or huge input, binary junk) end
``plan check`` and ``apply`` with exit 2 and one line naming the problem: no RecursionError
traceback, no reading until memory runs out."""

from __future__ import annotations

from pathlib import Path

import pytest

from srrtui.cli import main

HEAD = "version = 1\n"
HOSTILE: dict[str, tuple[str | bytes, str]] = {
    "arrays nested 3000 deep": (HEAD + "a = " + "[" * 3000 + "]" * 3000 + "\n", "toml:"),
    "inline tables nested 3000 deep": (
        HEAD + "a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n",
        "toml:",
    ),
    "a field nested 500 deep": (
        HEAD + "[source]\nbucket = " + "[" * 500 + "]" * 500 + "\n",
        "toml:",
    ),
    "a 2 MiB comment": (HEAD + "#" + "x" * (2 * 1024 * 1024) + "\n", "file:"),
    "binary junk": (bytes(range(256)) * 16, "file:"),
}


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "RecursionError" not in captured.err
    return captured.err.splitlines()


@pytest.mark.parametrize("case", list(HOSTILE))
@pytest.mark.parametrize("command", ["plan", "apply"])
def test_a_hostile_plan_is_one_line_and_exit_2(
    case: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, prefix = HOSTILE[case]
    path = tmp_path / "plan.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    argv = ["plan", "check", str(path)] if command == "plan" else ["apply", str(path), "--yes"]
    lines = _run(argv, capsys)
    assert len(lines) == 1 and lines[0].startswith(prefix), lines


@pytest.mark.parametrize("command", ["plan", "apply"])
def test_dev_zero_as_a_plan_is_refused_after_a_bounded_read(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["plan", "check", "/dev/zero"] if command == "plan" else ["apply", "/dev/zero", "--yes"]
    lines = _run(argv, capsys)
    assert lines == ["file: /dev/zero: larger than 256 KiB, not a plan file"]
