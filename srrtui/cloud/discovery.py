"""Finding the replication rules of every bucket of a region, for ``srrtui watch``.

OSS has no account-wide list of replication rules: each bucket's rules come from its own
GetBucketReplication. So discovery lists the buckets page by page (ListBuckets, at most 1,000 a
page) and, while later pages are still coming, reads the buckets already listed with a bounded
pool of readers. Rules are reported as soon as their bucket is read, progress after each bucket
(or at most every ``progress_every`` seconds), and everything learned is kept in a ``RuleCache`` for the session.

How many reads are in flight follows the answers' round-trip time (``srrtui.cloud.pacing``):
from four up to ``readers`` (32) against a distant endpoint, down to two when the client's own
CPU is the limit. Thirty-two stay far below OSS's per-account limit of 10,000 requests per
second ("0004-00000302", https://www.alibabacloud.com/help/en/oss/user-guide/0004-00000302); a
``Throttling`` or 5xx answer is retried with backoff by the adapter (``srrtui.cloud.retry``)
before it counts as a bucket that could not be read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from srrtui.cloud.pacing import VegasLimit
from srrtui.cloud.types import CloudError
from srrtui.domain.rules import RuleConfig
from srrtui.domain.words.discovery import Unreadable, discovery_notes

if TYPE_CHECKING:
    from srrtui.cloud.api import CloudApi

DEFAULT_READERS = 32  # at most; the pacing decides how many of them read at once
FIRST_READERS = 4
LIST_PAGE = 1000  # ListBuckets' max-keys limit
FIRST_PAGE = 100  # a small first page: the readers start (and the first rule shows) sooner


@dataclass(frozen=True)
class BucketRules:
    """One bucket's rules (maybe none), or why they could not be read."""

    bucket: str
    rules: tuple[RuleConfig, ...]
    error: CloudError | None = None


@dataclass(frozen=True)
class DiscoveryProgress:
    read: int  # buckets whose rules are known
    total: int  # buckets of this region listed so far
    listed: bool  # the bucket list is complete, so ``total`` is final


@dataclass(frozen=True)
class DiscoveryEnd:
    read: int
    total: int
    elsewhere: int = 0  # buckets of other regions, not read
    unreadable: Unreadable = ()  # buckets that could not be read, by error code
    cancelled: bool = False
    from_cache: bool = False
    at: datetime | None = None  # when it ended

    @property
    def notes(self) -> tuple[str, ...]:
        """What was left out, in English (``watch --json``); on screen: ``said_notes``."""
        return discovery_notes(self.elsewhere, self.unreadable, english=True)

    def said_notes(self) -> tuple[str, ...]:
        """What was left out, in the user's language."""
        return discovery_notes(self.elsewhere, self.unreadable)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class RuleCache:
    """What discovery learned in this session, so watch opened again shows it at once (``r``
    reads everything again). Filled from reader threads, hence the lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.owner: object = None  # the cloud it describes; another cloud empties it
        self.buckets: dict[str, BucketRules] = {}
        self.end: DiscoveryEnd | None = None  # set once a discovery ran to its end

    def bound_to(self, cloud: object) -> RuleCache:
        with self.lock:
            if self.owner is not cloud:
                self.owner, self.buckets, self.end = cloud, {}, None
        return self

    def forget(self) -> None:
        with self.lock:
            self.buckets, self.end = {}, None

    def remember(self, found: BucketRules) -> None:
        with self.lock:
            self.buckets[found.bucket] = found

    def with_rules(self) -> list[BucketRules]:
        with self.lock:
            return [found for found in self.buckets.values() if found.rules]


def read_bucket(cloud: CloudApi, bucket: str, cache: RuleCache | None = None) -> BucketRules:
    """One bucket's rules. Raises CloudError when they cannot be read."""
    found = BucketRules(bucket, tuple(cloud.list_rules(bucket)))
    if cache is not None:
        cache.remember(found)
    return found


class RuleDiscovery:
    def __init__(
        self,
        cloud: CloudApi,
        cache: RuleCache | None = None,
        *,
        readers: int = DEFAULT_READERS,
        progress_every: float = 0.0,  # 0: after every bucket (a TUI coalesces the messages)
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.cloud = cloud
        self.cache = (cache or RuleCache()).bound_to(cloud)
        self.readers = readers
        self.pace = VegasLimit(initial=FIRST_READERS, least=min(2, readers), most=readers)
        self.progress_every = progress_every
        self.clock = clock
        self._lock = threading.Lock()  # callbacks are called one at a time
        self._read = self._total = self._elsewhere = 0
        self._listed = False
        self._last_progress = 0.0
        self._failed: dict[str, list[str]] = {}  # error code -> buckets

    def run(
        self,
        on_rules: Callable[[BucketRules], object],
        on_progress: Callable[[DiscoveryProgress], object],
        cancelled: Callable[[], bool] = lambda: False,
        *,
        fresh: bool = False,
    ) -> DiscoveryEnd:
        """Reports each bucket with rules and the progress; returns how it ended. Unless
        ``fresh``, a finished discovery of this session is replayed from the cache. Raises
        CloudError when the buckets cannot be listed."""
        if not fresh and self.cache.end is not None:
            for found in self.cache.with_rules():
                on_rules(found)
            end = self.cache.end
            on_progress(DiscoveryProgress(end.read, end.total, True))
            return replace(end, from_cache=True)
        self.cache.forget()  # a fresh look: buckets deleted meanwhile must not linger
        # Leaving the block waits for the reads; once cancelled, each queued one returns at once.
        with ThreadPoolExecutor(self.readers, thread_name_prefix="srrtui-discovery") as pool:
            self._list(pool, on_rules, on_progress, cancelled)
        end = DiscoveryEnd(
            self._read,
            self._total,
            self._elsewhere,
            tuple((code, tuple(names)) for code, names in sorted(self._failed.items())),
            cancelled=cancelled(),
            at=self.clock(),
        )
        on_progress(DiscoveryProgress(self._read, self._total, self._listed))
        if not end.cancelled:
            self.cache.end = end
        return end

    def _list(
        self,
        pool: ThreadPoolExecutor,
        on_rules: Callable[[BucketRules], object],
        on_progress: Callable[[DiscoveryProgress], object],
        cancelled: Callable[[], bool],
    ) -> None:
        marker = ""
        while not cancelled():
            size = LIST_PAGE if marker else FIRST_PAGE
            page = self.cloud.list_buckets(marker=marker, max_keys=size)
            # Same-region replication: a rule lives on a bucket of this region's endpoint.
            here = [b.name for b in page.buckets if self._in_region(b.region)]
            marker = page.next_marker
            with self._lock:
                self._elsewhere += len(page.buckets) - len(here)
                self._total += len(here)
                self._listed = not marker
                on_progress(DiscoveryProgress(self._read, self._total, self._listed))
            for name in here:
                pool.submit(self._read_one, name, on_rules, on_progress, cancelled)
            if not marker:
                return

    def _in_region(self, region: str) -> bool:
        return not region or not self.cloud.region or region == self.cloud.region

    def _read_one(
        self,
        name: str,
        on_rules: Callable[[BucketRules], object],
        on_progress: Callable[[DiscoveryProgress], object],
        cancelled: Callable[[], bool],
    ) -> None:
        if cancelled():
            return
        began = self.pace.acquire()
        try:
            found = read_bucket(self.cloud, name, self.cache)
        except CloudError as error:
            # One bucket we may not read must not hide the others' rules.
            found = BucketRules(name, (), error)
            self.cache.remember(found)
        finally:
            self.pace.release(began)
        with self._lock:
            self._read += 1
            if found.error is not None:
                self._failed.setdefault(found.error.code, []).append(name)
            if found.rules:
                on_rules(found)
            now = time.monotonic()
            if now - self._last_progress >= self.progress_every:
                self._last_progress = now
                on_progress(DiscoveryProgress(self._read, self._total, self._listed))
