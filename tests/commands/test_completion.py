"""``srrtui completion``: the scripts are valid for their shell, and bash, running the script in
a subprocess with COMP_WORDS as it does on Tab, completes subcommands, options, plan files
(``.toml`` and folders) and saved profile names."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from srrtui.credentials.profiles import Profile, ProfileStore

BIN = Path(sys.executable).parent  # where this environment installed the srrtui command


def script(shell: str) -> str:
    out = subprocess.run(
        [BIN / "srrtui", "completion", shell], check=True, capture_output=True, text=True
    )
    return out.stdout


def bash_complete(line: str, cwd: Path, env: dict[str, str]) -> list[str]:
    """What bash offers for ``line`` (the cursor at its end), through the generated script."""
    words = line.split(" ")
    program = (
        "source <(srrtui completion bash)\n"
        f"COMP_WORDS=({' '.join(repr(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        f"COMP_LINE={line!r}\n"
        "COMP_POINT=${#COMP_LINE}\n"
        f"_python_argcomplete srrtui {words[-1]!r} {words[-2]!r}\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    out = subprocess.run(
        ["bash", "-c", program], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return sorted(word.strip() for word in out.stdout.splitlines() if word.strip())


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "config"
    ProfileStore(config).save(
        Profile(name="prod", region="cn-hangzhou", access_key_id="LTAI5tProdExample")
    )
    ProfileStore(config).save(
        Profile(name="staging", region="cn-shanghai", access_key_id="LTAI5tStagingExample")
    )
    return {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(tmp_path),
        "SRRTUI_CONFIG_DIR": str(config),
    }


def test_the_bash_script_is_valid_bash() -> None:
    checked = subprocess.run(["bash", "-n"], input=script("bash"), capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_the_zsh_and_fish_scripts_are_valid(shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here, so its parser cannot check the script")
    flag = ["-n"] if shell == "zsh" else ["--no-execute"]
    checked = subprocess.run([shell, *flag], input=script(shell), capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_fish_script_registers_srrtui() -> None:
    assert "complete --command srrtui" in script("fish")


def test_subcommands_and_options_complete(tmp_path: Path, env: dict[str, str]) -> None:
    assert bash_complete("srrtui wa", tmp_path, env) == ["watch"]
    assert bash_complete("srrtui co", tmp_path, env) == ["completion"]
    assert "--once" in bash_complete("srrtui watch --", tmp_path, env)
    assert bash_complete("srrtui completion f", tmp_path, env) == ["fish"]


def test_plan_files_and_folders_complete_for_apply_and_plan(
    tmp_path: Path, env: dict[str, str]
) -> None:
    (tmp_path / "prod-backup.toml").write_text("version = 1\n")
    (tmp_path / "prod-notes.txt").write_text("not a plan\n")
    (tmp_path / "prod-plans").mkdir()
    assert bash_complete("srrtui apply prod", tmp_path, env) == ["prod-backup.toml", "prod-plans/"]
    assert bash_complete("srrtui plan check prod", tmp_path, env) == [
        "prod-backup.toml",
        "prod-plans/",
    ]


def test_saved_profile_names_complete(tmp_path: Path, env: dict[str, str]) -> None:
    assert bash_complete("srrtui --profile ", tmp_path, env) == ["prod", "staging"]
    assert bash_complete("srrtui watch --profile st", tmp_path, env) == ["staging"]
