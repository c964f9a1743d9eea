"""The headless layers never load Textual; start-up never loads a cloud SDK."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

HEADLESS = ["srrtui.domain", "srrtui.cloud", "srrtui.credentials", "srrtui.localcloud"]
SDKS = ["oss2", "alibabacloud_ram20150501", "alibabacloud_tea_openapi", "keyring"]


def _modules_loaded_by(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("package", HEADLESS)
def test_headless_package_loads_no_textual(package: str) -> None:
    if importlib.util.find_spec(package) is None:
        pytest.fail(f"{package} is missing")
    loaded = _modules_loaded_by(f"import {package}")
    assert package in loaded
    assert not {name for name in loaded if name == "textual" or name.startswith("textual.")}


def test_cli_import_loads_no_sdk_and_no_textual() -> None:
    loaded = _modules_loaded_by("import srrtui.cli; srrtui.cli.build_parser()")
    assert "srrtui.cli" in loaded
    assert not loaded & set(SDKS)
    assert "textual" not in loaded


def test_the_wizards_arguments_import_no_subcommand_module() -> None:
    statement = "import srrtui.cli as c; c.build_parser(c.chosen_command(['--demo'])).parse_args(['--demo'])"
    loaded = _modules_loaded_by(statement)
    assert not {name for name in loaded if name.startswith("srrtui.commands.")}
    assert "srrtui.cloud.types" not in loaded


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        ([], None),
        (["--demo"], None),
        (["plan", "check", "x.toml"], "plan"),
        (["--profile", "plan"], None),  # a profile named like a command
        (["--region", "cn-hangzhou", "apply", "p.toml"], "apply"),
        (["--endpoint=http://x", "doctor"], "doctor"),
        (["--", "plan"], None),
        (["bogus"], None),
    ],
)
def test_chosen_command(argv: list[str], command: str | None) -> None:
    from srrtui.cli import chosen_command

    assert chosen_command(argv) == command
