"""The command line in Simplified Chinese: human output and --help follow --lang, while machine
output (--json) and exit codes are the same in every language."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from english_finder import english_sentences
from test_apply import PLAN, cloud_env  # noqa: F401 - the fixture, used by name

from srrtui import language
from srrtui.cli import SUBCOMMANDS, main
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


# -- no English sentence in the human output of a Chinese run ---------------------------------
BROKEN_PLAN = """\
version = 2
colour = "blue"
[source]
bucket = 3
region = "cn-hangzhou"
[destination]
bucket = "apply-dst"
hue = 1
[objects]
tag_match = "some"
prefixes = [1]
tags = [{ key = "a" }, 3]
[role]
kind = "x"
[quotas]
prefixes = 999
"""
# What a Chinese run may still print in English: the status words scripts read (pass / WARN /
# FAIL, done, OSS's rule states) are single words, and so pass the finder on their own.
ALLOWED = (
    r"\(at line \d+, column \d+\)",  # tomllib's
    r"无法连接服务（[^\n]*",  # urllib3's words inside our sentence (they differ by version)
)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _chinese_run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--lang", "zh-CN", *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_commands_say_everything_in_chinese(cloud_env, tmp_path, capsys) -> None:  # noqa: F811
    where = ["--endpoint", cloud_env.endpoint, "--region", "cn-hangzhou"]
    nowhere = ["--endpoint", f"http://127.0.0.1:{_closed_port()}", "--region", "cn-hangzhou"]
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    other = tmp_path / "other.toml"  # the same pair, other prefixes: preflight says so
    other.write_text(PLAN.replace('["docs/"]', '["docs/", "img/"]'), encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text(BROKEN_PLAN, encoding="utf-8")
    runs = {
        "plan check (every kind of problem)": (["plan", "check", str(broken)], 2),
        "plan check (no file)": (["plan", "check", str(tmp_path / "missing.toml")], 2),
        "plan check (a folder)": (["plan", "check", str(tmp_path)], 2),
        "apply": (["apply", str(plan), *where, "--yes"], 0),
        "apply (the pair has another rule)": (["apply", str(other), *where, "--yes"], 3),
        "watch --once": (["watch", "--once", *where], 0),
        "diff (no such rule)": (["diff", "apply-src", "no-such-rule", *where], 2),
        "apply (nothing listens)": (["apply", str(plan), *nowhere, "--timeout", "1", "--yes"], 4),
    }
    said = {}
    for name, (argv, expected) in runs.items():
        code, text = _chinese_run(argv, capsys)
        assert code == expected, (name, text)
        said[name] = text
        assert english_sentences(text, ALLOWED) == [], (name, text)
    assert "应为字符串，实际为整数" in said["plan check (every kind of problem)"]
    assert "同步对象：计划要求" in said["apply (the pair has another rule)"]
    assert "FAIL  " in said["apply (the pair has another rule)"]  # kept for scripts
    assert "规则" in said["diff (no such rule)"]
    assert "无法连接服务" in said["apply (nothing listens)"]
    assert "后重试（第 2 次" in said["apply (nothing listens)"]


HELP_PAGES = [
    [],
    *([name] for name in SUBCOMMANDS if name != "plan"),
    ["plan", "check"],
    ["plan", "render"],
]


@pytest.mark.parametrize("command", HELP_PAGES, ids=lambda c: " ".join(c) or "srrtui")
def test_every_help_page_in_chinese(command: list[str], capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "zh-CN", *command, "--help"])
    text = capsys.readouterr().out
    # Commands to type are not sentences.
    assert english_sentences(text, (r"srrtui(?: [a-z-]+)+",)) == [], text
    # Section headings end with the Chinese colon (argparse writes "heading:" itself).
    headings = [line for line in text.splitlines() if line and not line.startswith(" ")]
    assert not [line for line in headings if line.endswith(":")], headings
    assert "选项：" in headings


# A bad value for each kind of checked flag: argparse's line around our reason, all in Chinese.
BAD_FLAGS = {
    "port": (["serve", "--port", "99999"], "端口应在 0-65535 之间"),
    "whole number": (["serve", "--port", "x"], "'x' 不是整数"),
    "jobs": (["apply", "--jobs", "0", "p.toml"], "至少为 1，不能是 0"),
    "timeout": (["apply", "--timeout", "-1", "p.toml"], "应为大于 0 的秒数"),
    "endpoint": (["--endpoint", "ftp://x"], "不是 Endpoint 地址"),
    "endpoint port": (["--endpoint", "http://127.0.0.1:port"], "的端口无效"),
    "region": (["--region", "oss-cn-hangzhou"], "地域 ID"),
}


@pytest.mark.parametrize(("argv", "reason"), BAD_FLAGS.values(), ids=BAD_FLAGS)
def test_a_bad_flag_value_is_refused_in_chinese(argv: list[str], reason: str, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "zh-CN", *argv])
    assert exited.value.code == 2
    said = capsys.readouterr().err.splitlines()[-1]
    assert "错误：参数 --" in said and reason in said, said
    assert english_sentences(said) == [], said
