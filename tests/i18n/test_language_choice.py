"""Which language srrtui speaks: --lang, then SRRTUI_LANG, then LC_ALL, LC_MESSAGES, LANG (the
first one set), English otherwise; the command line and --help follow it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from srrtui import language
from srrtui.cli import lang_flag
from srrtui.domain.words.translate import _


@pytest.fixture
def english_after() -> Iterator[None]:
    yield
    language.activate(language.ENGLISH)


@pytest.mark.parametrize(
    ("flag", "environ", "expected"),
    [
        (None, {}, "en"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh-CN"),
        (None, {"LANG": "zh_CN"}, "zh-CN"),
        (None, {"LANG": "zh_SG.UTF-8"}, "zh-CN"),
        (None, {"LANG": "zh_TW.UTF-8"}, "en"),  # Traditional: no catalog
        (None, {"LANG": "en_US.UTF-8"}, "en"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {"LANG": "fr_FR.UTF-8"}, "en"),
        # LC_MESSAGES over LANG, LC_ALL over both (POSIX); an empty variable is not set.
        (None, {"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh-CN"),
        (None, {"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "C"}, "en"),
        (None, {"LC_MESSAGES": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        (None, {"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh-CN"),
        (None, {"LANG": "zh_CN.UTF-8", "LC_ALL": ""}, "zh-CN"),
        # SRRTUI_LANG over the locale; --lang over everything.
        (None, {"LC_ALL": "en_US.UTF-8", "SRRTUI_LANG": "zh-CN"}, "zh-CN"),
        (None, {"LC_ALL": "zh_CN.UTF-8", "SRRTUI_LANG": "en"}, "en"),
        ("en", {"SRRTUI_LANG": "zh-CN", "LANG": "zh_CN.UTF-8"}, "en"),
        ("zh-CN", {"SRRTUI_LANG": "en", "LC_ALL": "C"}, "zh-CN"),
    ],
)
def test_the_order_of_the_sources(flag: str | None, environ: dict[str, str], expected: str) -> None:
    assert language.choose(flag, environ) == expected


def test_lang_is_found_before_parsing() -> None:
    assert lang_flag(["--lang", "zh-CN", "plan", "check", "x.toml"]) == "zh-CN"
    assert lang_flag(["--demo", "--lang=en"]) == "en"
    assert lang_flag(["watch", "--", "--lang", "zh-CN"]) is None
    assert lang_flag(["--demo"]) is None


def test_activating_chinese_translates_and_english_restores(english_after: None) -> None:
    sentence = "the destination must be a different bucket from the source"
    language.activate(language.CHINESE)
    assert language.current() == "zh-CN"
    assert _(sentence) == "目标 Bucket 必须与源 Bucket 不同"
    language.activate(language.ENGLISH)
    assert language.current() == "en"
    assert _(sentence) == sentence


def _srrtui(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    clean.pop("SRRTUI_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "srrtui", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_help_follows_lang_and_the_flag_wins() -> None:
    chinese = _srrtui("--help", LANG="zh_CN.UTF-8")
    english = _srrtui("--lang", "en", "--help", LANG="zh_CN.UTF-8")
    assert chinese.returncode == english.returncode == 0
    assert "同区域复制" in chinese.stdout
    assert (
        "用法：srrtui" in chinese.stdout and "显示此帮助信息并退出" in chinese.stdout
    )  # argparse's
    assert "same-region replication" in english.stdout
    assert "usage: srrtui" in english.stdout
    assert "同区域复制" not in english.stdout


def test_argparse_errors_follow_lang_and_keep_the_exit_code() -> None:
    chinese = _srrtui("--lang", "zh-CN", "plan", "check")
    english = _srrtui("plan", "check", LANG="en_US.UTF-8")
    assert chinese.returncode == english.returncode == 2
    assert "缺少以下必需参数：FILE" in chinese.stderr
    assert "the following arguments are required: FILE" in english.stderr


def test_doctor_speaks_chinese_and_its_json_stays_the_same(tmp_path) -> None:
    home = {"HOME": str(tmp_path), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    chinese = _srrtui("--lang", "zh-CN", "doctor", "--timeout", "1", **home)
    english = _srrtui("--lang", "en", "doctor", "--timeout", "1", **home)
    assert chinese.returncode == english.returncode
    assert "srrtui doctor：凭证和密钥环" in chinese.stdout and "需要做什么" in chinese.stdout
    assert "srrtui doctor: credentials and keyring" in english.stdout
    as_json = [
        _srrtui("--lang", lang, "doctor", "--json", "--timeout", "1", **home) for lang in LANGS
    ]
    assert as_json[0].stdout == as_json[1].stdout
    assert as_json[0].returncode == as_json[1].returncode


LANGS = ("en", "zh-CN")
