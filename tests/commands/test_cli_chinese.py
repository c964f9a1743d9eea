"""The command line in Simplified Chinese: human output and --help follow --lang, while machine
output (--json) and exit codes are the same in every language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_apply import PLAN, cloud_env  # noqa: F401 - the fixture, used by name

from srrtui import language
from srrtui.cli import main
from srrtui.localcloud import LocalCloud


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    language.activate(language.ENGLISH)


def _apply(cloud: LocalCloud, plan: Path, lang: str, *extra: str) -> int:
    where = ["--endpoint", cloud.endpoint, "--region", "cn-hangzhou"]
    return main(["--lang", lang, "apply", str(plan), *where, *extra])


def test_apply_json_is_the_same_in_every_language(cloud_env, tmp_path, capsys) -> None:  # noqa: F811
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    outputs = []
    for lang in ("en", "zh-CN"):
        code = _apply(cloud_env, plan, lang, "--json", "--dry-run")
        outputs.append((code, capsys.readouterr().out))
    assert outputs[0] == outputs[1]
    assert '"title": "the source bucket apply-src exists"' in outputs[0][1]


def test_apply_speaks_chinese_with_the_same_exit_code(cloud_env, tmp_path, capsys) -> None:  # noqa: F811
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    assert _apply(cloud_env, plan, "en", "--dry-run") == 0
    english = capsys.readouterr()
    assert _apply(cloud_env, plan, "zh-CN", "--dry-run") == 0
    chinese = capsys.readouterr()
    assert "dry run: nothing was created" in english.err
    assert "试运行：未创建任何内容" in chinese.err
    assert "源 Bucket apply-src 存在" in chinese.out
    assert "the source bucket" not in chinese.out


def test_plan_check_in_chinese(tmp_path, capsys) -> None:
    good = tmp_path / "good.toml"
    good.write_text(PLAN, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(PLAN.replace('bucket = "apply-dst"', 'bucket = "apply-src"'), encoding="utf-8")
    assert main(["--lang", "zh-CN", "plan", "check", str(good)]) == 0
    assert f"{good}：有效" in capsys.readouterr().err
    assert main(["--lang", "zh-CN", "plan", "check", str(bad)]) == 2
    assert "目标 Bucket 必须与源 Bucket 不同" in capsys.readouterr().err
    assert main(["--lang", "en", "plan", "check", str(bad)]) == 2
    assert "must be a different bucket" in capsys.readouterr().err


def test_command_help_in_chinese(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "zh-CN", "apply", "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert "退出码" in text and "预检后停止" in text
