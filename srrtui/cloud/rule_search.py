"""Cloud queries about replication rules, run in the screens' thread workers and by ``srrtui
watch --once/--json``: polling the rules' progress. Finding the rules of a region is
``srrtui.cloud.discovery``; which buckets' versioning a rule locks is ``srrtui.cloud.versioning``.
Results go back as values, which the workers turn into messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from srrtui.cloud.types import CloudError
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
