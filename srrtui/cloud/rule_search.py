"""Cloud queries about replication rules, run in the screens' thread workers: finding the rules
of one bucket or of a region (bounded), polling their progress, and which buckets have a rule
(OSS then refuses to change their versioning). Results go back as values or through plain
callbacks, which the workers turn into messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from srrtui.cloud.types import BucketDetails, CloudError
from srrtui.domain.rules import RuleConfig, RuleProgress

if TYPE_CHECKING:
    from srrtui.cloud.api import CloudApi

# ListBuckets pages and GetBucketReplication calls are one request each: an account with
# thousands of buckets must not keep the dashboard loading for minutes.
MAX_BUCKETS = 300
PAGE_SIZE = 100


@dataclass(frozen=True)
class Found:
    """Some progress of the search: ``rules`` of ``bucket`` (maybe none) after ``checked`` of
    ``total`` buckets."""

    bucket: str
    rules: tuple[RuleConfig, ...]
    checked: int
    total: int


@dataclass(frozen=True)
class SearchEnd:
    checked: int
    notes: tuple[str, ...] = ()  # what the search left out (other regions, the cap, denials)


@dataclass(frozen=True)
class PollResult:
    bucket: str
    rule_id: str
    at: datetime
    progress: RuleProgress | None
    error: CloudError | None = None


@dataclass
class Search:
    """Finds the rules of one bucket, or of every bucket of the connection's region."""

    cloud: CloudApi
    bucket: str = ""
    cancelled: Callable[[], bool] = lambda: False
    notes: list[str] = field(default_factory=list)

    def run(self, found: Callable[[Found], None]) -> SearchEnd:
        """Raises CloudError when the bucket (or the bucket list) cannot be read at all."""
        if self.bucket:
            rules = self.cloud.list_rules(self.bucket)
            found(Found(self.bucket, tuple(rules), 1, 1))
            return SearchEnd(1)
        names = self._bucket_names()
        checked = 0
        for name in names:
            if self.cancelled():
                break
            try:
                rules = tuple(self.cloud.list_rules(name))
            except CloudError as error:
                # One bucket we may not read must not hide the others' rules.
                self.notes.append(f"{name} not readable ({error.code})")
                rules = ()
            checked += 1
            found(Found(name, rules, checked, len(names)))
        return SearchEnd(checked, tuple(self.notes))

    def _bucket_names(self) -> list[str]:
        names: list[str] = []
        elsewhere = 0
        marker = ""
        while len(names) < MAX_BUCKETS and not self.cancelled():
            page = self.cloud.list_buckets(marker=marker, max_keys=PAGE_SIZE)
            for bucket in page.buckets:
                # Same-region replication: a rule lives on a bucket of this region's endpoint.
                if bucket.region and self.cloud.region and bucket.region != self.cloud.region:
                    elsewhere += 1
                else:
                    names.append(bucket.name)
            marker = page.next_marker
            if not marker:
                break
        if len(names) >= MAX_BUCKETS or marker:
            names = names[:MAX_BUCKETS]
            self.notes.append(f"only the first {MAX_BUCKETS} buckets were checked")
        if elsewhere:
            where = (
                "1 bucket in another region"
                if elsewhere == 1
                else f"{elsewhere} buckets in other regions"
            )
            self.notes.append(f"{where} not checked")
        return names


def poll(
    cloud: CloudApi,
    keys: Iterable[tuple[str, str]],
    clock: Callable[[], datetime],
    cancelled: Callable[[], bool] = lambda: False,
) -> list[PollResult]:
    """GetBucketReplicationProgress for each rule; a failure is a result, not an exception."""
    results = []
    for bucket, rule_id in keys:
        if cancelled():
            break
        try:
            progress = cloud.rule_progress(bucket, rule_id)
        except CloudError as error:
            results.append(PollResult(bucket, rule_id, clock(), None, error))
            continue
        results.append(PollResult(bucket, rule_id, clock(), progress))
    return results


def rules_in_the_way(cloud: CloudApi, details: list[BucketDetails]) -> frozenset[str]:
    """The buckets that enabling versioning would change (not versioned yet) and that have a
    replication rule: OSS refuses to change their versioning. One call per bucket."""
    ruled: set[str] = set()
    for bucket in details:
        if bucket.versioning == "Enabled":
            continue
        try:
            if cloud.list_rules(bucket.name):
                ruled.add(bucket.name)
        except CloudError:
            pass  # unknown: v stays offered, and OSS's refusal is shown if it comes
    return frozenset(ruled)
