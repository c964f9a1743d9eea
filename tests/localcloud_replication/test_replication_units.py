"""Pure parts and the engine's state machine driven synchronously with injected clocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from srrtui.domain.plan import Tag, TagFilter, TagMatch
from srrtui.domain.rules import RuleConfig, RuleStatus
from srrtui.localcloud.config import CloudConfig
from srrtui.localcloud.oss.store import OssStore
from srrtui.localcloud.replication.copy import Replicator
from srrtui.localcloud.replication.engine import ReplicationEngine, TokenBucket
from srrtui.localcloud.replication.filter import skip_reason, tags_match
from srrtui.localcloud.replication.store import ReplicationStore
from srrtui.localcloud.storage.db import Database


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_token_bucket_paces_objects() -> None:
    clock = FakeClock()
    tokens = TokenBucket(10.0, burst=2.0, clock=clock)
    assert [tokens.try_take() for _ in range(2)] == [0.0, 0.0]  # the burst
    assert tokens.try_take() == pytest.approx(0.1)
    clock.now += 0.05
    assert tokens.try_take() == pytest.approx(0.05)
    clock.now += 0.05
    assert tokens.try_take() == 0.0
    clock.now += 100  # saving up stops at the burst
    assert [tokens.try_take() for _ in range(3)][-1] > 0
    with pytest.raises(ValueError):
        TokenBucket(0)


def test_tag_filter_reading_of_all_and_any() -> None:
    wanted = (Tag("env", "prod"), Tag("team", "a"))
    all_of = TagFilter(wanted, TagMatch.ALL, True)
    any_of = TagFilter(wanted, TagMatch.ANY, True)
    both = {("env", "prod"), ("team", "a"), ("extra", "1")}
    one = {("env", "prod")}
    assert tags_match(all_of, both) and not tags_match(all_of, one)
    assert tags_match(any_of, both) and tags_match(any_of, one)
    assert not tags_match(any_of, {("env", "Prod")})  # case-sensitive
    assert tags_match(TagFilter(), set())  # no filter


def test_engine_state_machine_with_injected_clock(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    try:
        oss = OssStore(db, tmp_path / "blobs")
        for name in ("src", "dst"):
            oss.create_bucket(name, region="cn-hangzhou", owner="1")
        for i in range(3):
            oss.put_object("src", f"k{i}", b"x")
        oss.put_object("src", "replica", b"x", is_replica=True)  # never replicated
        config = CloudConfig(start_delay=5.0, replication_rate=1.0)
        repl = ReplicationStore(db)
        clock, mono = FakeClock(), FakeClock()
        engine = ReplicationEngine(
            oss,
            repl,
            Replicator(oss, repl, None, config),
            config,
            clock=clock,
            tokens=lambda: TokenBucket(1.0, burst=1.0, clock=mono),
        )
        rule = RuleConfig(
            rule_id="r", destination_bucket="dst", destination_location="oss-cn-hangzhou"
        )
        record = repl.create_rule("src", rule, clock())
        assert record.historical_total == 3
        assert skip_reason(rule, oss.head_object("src", "replica")) is not None

        assert engine.run_once() == pytest.approx(5.0)  # starting until the delay is over
        clock.now += 5.0
        assert engine.run_once() == 0.0  # -> doing
        assert repl.find("src", "r").status is RuleStatus.DOING
        assert engine.run_once() == pytest.approx(1.0)  # one object, then wait for a token
        assert repl.find("src", "r").historical_done == 1
        mono.now += 1.0
        engine.run_once()
        mono.now += 1.0
        engine.run_once()
        done = repl.find("src", "r")
        assert (done.historical_done, done.copied) == (3, 3)
        assert engine.progress(done).historical_fraction == 1.0
        assert engine.run_once() is None  # idle until the next write

        repl.close(done.id, clock())
        assert engine.run_once() == pytest.approx(5.0)  # closing for the delay
        clock.now += 5.0
        assert engine.run_once() is None
        assert repl.rules() == []
    finally:
        db.close()


def test_rate_zero_is_unthrottled() -> None:
    from srrtui.localcloud.replication.engine import _rate_limit

    unthrottled = _rate_limit(0)
    assert [unthrottled.try_take() for _ in range(10_000)] == [0.0] * 10_000
    assert isinstance(_rate_limit(5), TokenBucket)
