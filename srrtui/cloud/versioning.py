"""Which buckets' versioning cannot be changed, and enabling it on a pair all-or-nothing.

OSS refuses PutBucketVersioning on a bucket that takes part in a data replication task, as its
source *or* its destination ("A data replication task exists on this bucket"; OSS
"Replication: limits": versioning of buckets in a replication rule cannot be changed). A rule
is read from its source bucket only, so the destination side is found by reading the rules of
the account's other buckets in the same region (same-region replication).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from srrtui.cloud.types import BucketDetails, BucketSummary, CloudError
from srrtui.domain.words.translate import _

if TYPE_CHECKING:
    from srrtui.cloud.api import CloudApi


@dataclass(frozen=True)
class VersioningLock:
    """Why one bucket's versioning cannot change."""

    bucket: str
    reason: str  # e.g. "it has a replication rule", "it is the destination of demo-photos' rule"


@dataclass(frozen=True)
class EnableOutcome:
    """What enabling versioning on a pair did: ``enabled`` changed (for good), ``refused`` did
    not (with OSS's words), ``locks`` stopped it before anything changed."""

    enabled: tuple[str, ...] = ()
    refused: tuple[tuple[str, CloudError], ...] = ()
    locks: tuple[VersioningLock, ...] = ()

    def lasting_refusals(self) -> tuple[VersioningLock, ...]:
        """Refusals that asking again would meet too (not a 5xx): locks from now on, so the
        wizard stops offering the change."""
        return tuple(
            VersioningLock(
                name, _("OSS refused the change ({message})").format(message=error.message)
            )
            for name, error in self.refused
            if error.status < 500
        )


def _same_region_buckets(cloud: CloudApi, region: str) -> Iterator[BucketSummary]:
    marker = ""
    while True:
        page = cloud.list_buckets(marker=marker, max_keys=1000)
        yield from (b for b in page.buckets if not region or b.region == region)
        if not page.next_marker:
            return
        marker = page.next_marker


def versioning_locks(
    cloud: CloudApi, details: Iterable[BucketDetails]
) -> tuple[VersioningLock, ...]:
    """The locks on the buckets that enabling would change (those not versioned yet), source
    of a rule first, then destination of another bucket's rule. Unreadable rules count as no
    lock: OSS's refusal is then caught and shown when it comes. Runs in a worker."""
    pending = [d for d in details if d.versioning != "Enabled"]
    locks: dict[str, VersioningLock] = {}
    for bucket in pending:
        try:
            if cloud.list_rules(bucket.name):
                locks[bucket.name] = VersioningLock(bucket.name, _("it has a replication rule"))
        except CloudError:
            pass
    targets = {b.name: b.region for b in pending if b.name not in locks}
    if not targets:
        return tuple(locks[b.name] for b in pending if b.name in locks)
    regions = set(targets.values())
    region = regions.pop() if len(regions) == 1 else ""
    try:
        for other in _same_region_buckets(cloud, region):
            try:
                rules = cloud.list_rules(other.name)
            except CloudError:
                continue
            for rule in rules:
                name = rule.destination_bucket
                if name in targets and name not in locks and other.name != name:
                    locks[name] = VersioningLock(
                        name,
                        _("it is the destination of {bucket}'s replication rule").format(
                            bucket=other.name
                        ),
                    )
            if all(name in locks for name in targets):
                break
    except CloudError:
        pass  # the bucket list is unreadable: the refusal, if any, is shown when it comes
    return tuple(locks[b.name] for b in pending if b.name in locks)


def enable_pair(cloud: CloudApi, source: str, destination: str) -> EnableOutcome:
    """Enable versioning on both buckets, or on neither when a precondition fails: both are
    read and checked first. OSS has no transaction across buckets and versioning cannot be
    turned off again, so a refusal after the first change is reported as exactly that."""
    details = [cloud.bucket_details(source), cloud.bucket_details(destination)]
    locks = versioning_locks(cloud, details)
    if locks:
        return EnableOutcome(locks=locks)
    enabled: list[str] = []
    for bucket in details:
        if bucket.versioning == "Enabled":
            continue
        try:
            cloud.enable_versioning(bucket.name)
        except CloudError as error:
            return EnableOutcome(tuple(enabled), ((bucket.name, error),))
        enabled.append(bucket.name)
    return EnableOutcome(tuple(enabled))
