"""The pure parts of watch: rows from samples, a rule read back in words, and the command's
clean exit without credentials (the search for rules: tests/cloud/test_discovery.py)."""

from __future__ import annotations

from datetime import timedelta

from watch_helpers import FIXED_NOW

from srrtui.cli import main
from srrtui.cloud.types import CloudError
from srrtui.domain.plan import DeleteMode
from srrtui.domain.rules import RuleConfig, RuleProgress, RuleStatus
from srrtui.domain.words.plans import rule_in_words
from srrtui.screens.watch.board import Board, WatchedRule

RULE = RuleConfig(
    rule_id="r1",
    destination_bucket="dst",
    destination_location="oss-cn-hangzhou",
    action=DeleteMode.ALL,
    sync_role="my-role",
    status=RuleStatus.STARTING,
)


def progress(fraction: float | None, lag_seconds: int = 30) -> RuleProgress:
    doing = RuleConfig(**{**RULE.__dict__, "status": RuleStatus.DOING})
    watermark = FIXED_NOW - timedelta(seconds=lag_seconds)
    return RuleProgress(doing, historical_fraction=fraction, new_object_time=watermark)


def test_a_row_reads_status_percent_lag_and_eta() -> None:
    watched = WatchedRule("src", RULE)
    assert watched.row()[1:] == ("◔ starting", "—", "—", "—")
    watched.record(FIXED_NOW - timedelta(minutes=10), progress(0.2), None)
    watched.record(FIXED_NOW, progress(0.5, lag_seconds=90), None)
    assert watched.row() == ("src → dst\n  r1", "▶ doing", "50 %", "1 min 30 s", "16 min 40 s")
    blip = CloudError("NetworkError", "reset", operation="GetBucketReplicationProgress")
    watched.record(FIXED_NOW, None, blip)
    assert watched.row()[1:3] == ("⟳ retrying", "50 %")  # a blip keeps the last values
    denied = CloudError("AccessDenied", "no", status=403)
    watched.record(FIXED_NOW, None, denied)
    assert watched.status_mark() == "✗ error"


def test_a_rule_gone_from_oss_leaves_the_board() -> None:
    board = Board()
    (watched,) = board.add("src", [RULE])
    assert board.add("src", [RULE]) == []  # known rules keep their history
    watched.record(FIXED_NOW, None, CloudError("NoSuchReplicationRule", "gone", status=404))
    assert board.drop_gone() == [watched] and not board.rules


def test_a_rule_reads_back_in_the_reviews_words() -> None:
    words = rule_in_words("src", "cn-hangzhou", RULE)
    assert words[0] == "Copy from src to dst (both in cn-hangzhou)."
    assert "Deletions in the source are replicated (ALL)." in words
    assert words[-1] == "OSS uses your role my-role."


def test_watch_without_credentials_exits_cleanly(tmp_path, monkeypatch, capsys) -> None:
    for name in list(__import__("os").environ):
        if name.startswith(("ALIBABA_CLOUD_", "ALICLOUD_", "OSS_", "SRRTUI_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    # --once: without a terminal (as under pytest) the dashboard itself stops first (exit 2).
    assert main(["watch", "demo-photos", "--once"]) == 4
    assert capsys.readouterr().err.startswith("error: ")
