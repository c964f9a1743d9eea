"""Cloud queries about replication rules, run in the screens' thread workers and by ``srrtui
watch --once/--json``: polling the rules' progress, and which buckets have a rule (OSS then
refuses to change their versioning). Finding the rules of a region is
``srrtui.cloud.discovery``. Results go back as values, which the workers turn into messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from srrtui.cloud.types import BucketDetails, CloudError
from srrtui.domain.rules import RuleProgress

if TYPE_CHECKING:
    from srrtui.cloud.api import CloudApi


@dataclass(frozen=True)
class PollResult:
    bucket: str
    rule_id: str
    at: datetime
    progress: RuleProgress | None
    error: CloudError | None = None


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
