"""Sentences that were still English on a Chinese screen: the notes that end watch's search
(with Chinese plurals and a list joined by 、) while watch --json keeps them in English, and
the one line the full-screen commands print without a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from srrtui import language
from srrtui.cloud.discovery import DiscoveryEnd
from srrtui.domain.regions import region_name
from srrtui.domain.words.translate import _

UNREADABLE = (("AccessDenied", ("b-4", "b-2", "b-1", "b-3")), ("NoSuchBucket", ("gone",)))


def test_discovery_notes_in_chinese_and_json_notes_in_english(chinese: None) -> None:
    end = DiscoveryEnd(9, 9, elsewhere=2, unreadable=UNREADABLE)
    assert end.said_notes() == (
        "2 个其他地域的 Bucket 未检查",
        "4 个 Bucket 无法读取（AccessDenied）：b-1、b-2、b-3 及另外 1 个",
        "1 个 Bucket 无法读取（NoSuchBucket）：gone",
    )
    assert end.notes == (  # machine output: the same in every language
        "2 buckets in other regions not checked",
        "4 buckets not readable (AccessDenied): b-1, b-2, b-3 and 1 more",
        "1 bucket not readable (NoSuchBucket): gone",
    )


def test_discovery_notes_in_english_say_one_bucket() -> None:
    end = DiscoveryEnd(2, 2, elsewhere=1)
    assert end.said_notes() == end.notes == ("1 bucket in another region not checked",)


@pytest.mark.parametrize("argv", [["--demo"], ["watch", "--demo"]])
def test_no_terminal_line_in_chinese(tmp_path: Path, argv: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OSS_", "ALIBABA_CLOUD_"))}
    env.update(HOME=str(tmp_path), SRRTUI_CONFIG_DIR=str(tmp_path / "config"), SRRTUI_LANG="zh-CN")
    with open(os.devnull, "rb") as stdin, open(tmp_path / "out", "wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "srrtui", *argv],
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )
    assert done.returncode == 2
    line = done.stderr.decode()
    assert "需要终端，但 stdin 和 stdout 不是终端；脚本中请使用" in line, line
    assert "needs" not in line and " and " not in line


def test_joining_words_follows_the_language() -> None:
    from srrtui.domain.words.translate import all_of, clauses, listing, sentences, titled

    def joined() -> tuple[str, ...]:
        return (
            listing(["a", "b", "c"]),
            all_of(["AliyunOSSFullAccess", "AliyunKMSCryptoUserAccess"]),
            all_of(["x"]),
            clauses(["one", "two"]),
            titled("version", "missing"),
            titled("only a title", ""),
            sentences("First.", "", "Second."),
        )

    assert joined() == (
        "a, b, c",
        "AliyunOSSFullAccess and AliyunKMSCryptoUserAccess",
        "x",
        "one; two",
        "version: missing",
        "only a title",
        "First. Second.",
    )
    language.activate("zh-CN")
    try:
        assert joined() == (
            "a、b、c",
            "AliyunOSSFullAccess 和 AliyunKMSCryptoUserAccess",
            "x",
            "one；two",
            "version：missing",
            "only a title",
            "First.Second.",
        )
    finally:
        language.activate(language.ENGLISH)


def test_policy_reasons_in_chinese(chinese: None) -> None:
    from english_finder import english_sentences

    from srrtui.domain.policy_eval import evaluate

    deny = {"Statement": [{"Effect": "Deny", "Action": "oss:*", "Resource": "*"}]}
    odd = {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "oss:ReplicateGet",
                "Resource": "*",
                "Condition": {"NoSuchOperator": {"acs:SourceIp": "10.0.0.1"}},
            }
        ]
    }
    denied = evaluate([deny], "oss:ReplicateGet", "acs:oss:*:1:src", names=["stop-all"])
    unknown = evaluate([odd], "oss:ReplicateGet", "acs:oss:*:1:src", names=["odd"])
    assert not denied.allowed and "stop-all 的第 1 条语句明确拒绝" in denied.reason
    assert not unknown.allowed and "不支持条件运算符 NoSuchOperator" in unknown.reason
    assert english_sentences(denied.reason + "\n" + unknown.reason) == []


# Each as Alibaba Cloud's Chinese pages name it (sources in docs/glossary-zh.md: the VPC network
# ACL overview's region table; DescribeRegions' LocalName): Zhongwei is 西北2, not 西北1.
DOCUMENTED_NAMES = {
    "cn-zhongwei": "西北2（中卫）",
    "cn-wuhan-lr": "华中1（武汉-本地地域）",
    "na-south-1": "墨西哥",
    "cn-huhehaote": "华北5（呼和浩特）",
    "ap-southeast-6": "菲律宾（马尼拉）",
}


@pytest.mark.parametrize(("region", "name"), DOCUMENTED_NAMES.items())
def test_region_names_in_chinese_are_the_documented_ones(
    chinese: None, region: str, name: str
) -> None:
    assert _(region_name(region)) == name
