"""Rule discovery over a stand-in account of many buckets: every bucket read (no cap), at most
``readers`` reads at once, rules reported as found, throttled progress, what was left out in
notes, the session cache, and cancelling."""

from __future__ import annotations

import threading
import time

from srrtui.cloud.discovery import RuleCache, RuleDiscovery
from srrtui.cloud.types import BucketPage, BucketSummary, CloudError
from srrtui.domain.rules import RuleConfig

RULE = RuleConfig(rule_id="r1", destination_bucket="dst")  # what discovery carries, unread


class ManyBuckets:
    """``count`` buckets in pages of ``max_keys`` plus one bucket elsewhere per page; every
    tenth bucket has a rule, b00001 and b00003 deny reads. Reads take ``delay`` seconds."""

    region = "cn-hangzhou"

    def __init__(self, count: int, delay: float = 0.0) -> None:
        self.count, self.delay = count, delay
        self.asked: list[str] = []
        self.pages = 0
        self.running = self.most = 0
        self.lock = threading.Lock()

    def list_buckets(self, prefix: str = "", marker: str = "", max_keys: int = 100) -> BucketPage:
        self.pages += 1
        start = int(marker or 0)
        stop = min(self.count, start + max_keys)
        names = [BucketSummary(f"b{i:05d}", self.region) for i in range(start, stop)]
        names.append(BucketSummary(f"far{start}", "cn-shanghai"))
        return BucketPage(tuple(names), next_marker=str(stop) if stop < self.count else "")

    def list_rules(self, bucket: str) -> list[RuleConfig]:
        with self.lock:
            self.asked.append(bucket)
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(self.delay)
            if bucket in ("b00001", "b00003"):
                raise CloudError("AccessDenied", "no", status=403)
            return [RULE] if int(bucket[1:]) % 10 == 0 else []
        finally:
            with self.lock:
                self.running -= 1


def test_every_bucket_is_read_with_bounded_concurrency_and_the_gaps_are_noted() -> None:
    cloud = ManyBuckets(1200, delay=0.001)
    found, progress = [], []
    end = RuleDiscovery(cloud, readers=4, progress_every=0).run(found.append, progress.append)  # type: ignore[arg-type]
    assert sorted(cloud.asked) == [f"b{i:05d}" for i in range(1200)]  # no cap, each once
    assert cloud.pages == 3 and 1 < cloud.most <= 4
    assert sorted(f.bucket for f in found) == [f"b{i:05d}" for i in range(0, 1200, 10)]
    assert (end.read, end.total, end.cancelled) == (1200, 1200, False)
    assert end.notes == (
        "3 buckets in other regions not checked",
        "2 buckets not readable (AccessDenied): b00001, b00003",
    )
    assert progress[-1].read == 1200 and progress[-1].listed
    reads = [p.read for p in progress]
    assert reads == sorted(reads)


def test_progress_is_throttled() -> None:
    progress = []
    RuleDiscovery(ManyBuckets(500), progress_every=60).run(lambda _: None, progress.append)  # type: ignore[arg-type]
    assert len(progress) == 4  # two pages listed, the first read, the end


def test_a_finished_discovery_is_replayed_from_the_session_cache() -> None:
    cloud, cache = ManyBuckets(300), RuleCache()
    first = RuleDiscovery(cloud, cache).run(lambda _: None, lambda _: None)  # type: ignore[arg-type]
    asked = len(cloud.asked)
    found = []
    again = RuleDiscovery(cloud, cache).run(found.append, lambda _: None)  # type: ignore[arg-type]
    assert len(cloud.asked) == asked  # nothing read again
    assert again.from_cache and (again.read, again.total) == (first.read, first.total)
    assert len(found) == 30
    fresh = RuleDiscovery(cloud, cache).run(lambda _: None, lambda _: None, fresh=True)  # type: ignore[arg-type]
    assert len(cloud.asked) == 2 * asked and not fresh.from_cache
    other = ManyBuckets(10)
    RuleDiscovery(other, cache).run(lambda _: None, lambda _: None)  # type: ignore[arg-type]
    assert other.asked  # another account: the cache is not reused


def test_cancelling_stops_the_reads() -> None:
    cloud = ManyBuckets(3000, delay=0.001)
    stop = threading.Event()

    def found(_) -> None:  # noqa: ANN001
        stop.set()

    end = RuleDiscovery(cloud, readers=2).run(found, lambda _: None, stop.is_set)  # type: ignore[arg-type]
    assert end.cancelled and end.read < 3000 and len(cloud.asked) < 3000


def test_a_bucket_list_that_cannot_be_read_is_an_error() -> None:
    class Denied(ManyBuckets):
        def list_buckets(self, prefix: str = "", marker: str = "", max_keys: int = 100):  # noqa: ANN201
            raise CloudError("AccessDenied", "no ListBuckets", status=403)

    try:
        RuleDiscovery(Denied(5)).run(lambda _: None, lambda _: None)  # type: ignore[arg-type]
    except CloudError as error:
        assert error.code == "AccessDenied"
    else:
        raise AssertionError("expected a CloudError")
