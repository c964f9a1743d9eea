"""``diff_rule``: the objects of a rule's source that are missing or different in its destination,
one bounded page at a time, each with whether replication will still bring it and why not.

Cost per page (all bounded): ListObjects of the source under the rule's prefixes (at most
``scan_limit`` objects), one HeadObject in the destination per scanned object (size and ETag),
and for each object reported: one HeadObject of the source (SSE is only in its headers), one
GetObjectTagging when the rule filters on tags; one GetBucketReplicationProgress per page; and
the replica check (``srrtui.cloud.replicas``: its bucket search runs once, on the first
difference, and can be handed to the next page through ``DiffPage.upstream``).

Paging: the effective prefixes (``effective_prefixes``: none inside another) are listed in key
order; as none is a prefix of another, their key ranges do not overlap and come in the same
order, so the last scanned key is a marker for the whole listing.

Limits: ETags are compared as OSS reports them; an object whose replica was written with
another part layout would show a different ETag (whether OSS keeps multipart ETags on replicas
is unconfirmed), and is then reported as different.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from srrtui.cloud.oss import ObjectEntry, ObjectHead, OssAdapter
from srrtui.cloud.replicas import DEFAULT_MAX_BUCKETS, Upstream, find_upstream_rules, replica_source
from srrtui.cloud.scope import effective_prefixes
from srrtui.domain.replication_scope import (
    Difference,
    DiffState,
    RuleView,
    SourceFacts,
    classify,
    compare,
    is_multipart_etag,
    outside_scope,
    tag_filter_matches,
)
from srrtui.domain.rules import RuleConfig

DEFAULT_LIMIT = 100
DEFAULT_SCAN_LIMIT = 1000


@dataclass(frozen=True)
class DiffEntry:
    key: str
    size: int
    etag: str
    last_modified: int  # unix seconds
    storage_class: str
    difference: Difference
    destination_size: int | None  # None: missing
    destination_etag: str
    state: DiffState
    reason: str
    # False: the rule is not meant to copy it (its filter, OSS's limits); not a lag.
    in_scope: bool = True


@dataclass(frozen=True)
class DiffPage:
    bucket: str
    rule_id: str
    destination: str
    entries: tuple[DiffEntry, ...]
    scanned: int  # source objects compared on this page
    next_marker: str  # "" = the listing is complete; else pass it as ``marker`` for more
    notes: tuple[str, ...] = ()  # what the page could not check
    upstream: Upstream | None = field(default=None, repr=False)  # for the next page's call

    @property
    def in_scope(self) -> tuple[DiffEntry, ...]:
        return tuple(e for e in self.entries if e.in_scope)

    @property
    def out_of_scope(self) -> tuple[DiffEntry, ...]:
        return tuple(e for e in self.entries if not e.in_scope)

    @property
    def missing(self) -> int:
        return sum(e.difference is Difference.MISSING for e in self.entries)

    @property
    def different(self) -> int:
        return sum(e.difference is Difference.DIFFERENT for e in self.entries)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (enums as their values), without the replica search's internals."""
        entries = [
            {**asdict(e), "difference": e.difference.value, "state": e.state.value}
            for e in self.entries
        ]
        return {
            "bucket": self.bucket,
            "rule_id": self.rule_id,
            "destination": self.destination,
            "entries": entries,
            "scanned": self.scanned,
            "missing": self.missing,
            "different": self.different,
            "next_marker": self.next_marker,
            "notes": list(self.notes),
        }


def diff_rule(
    oss: OssAdapter,
    bucket: str,
    rule: RuleConfig,
    *,
    limit: int = DEFAULT_LIMIT,
    marker: str = "",
    scan_limit: int = DEFAULT_SCAN_LIMIT,
    upstream: Upstream | None = None,
    max_buckets: int = DEFAULT_MAX_BUCKETS,
) -> DiffPage:
    """One page: at most ``limit`` differences, found among at most ``scan_limit`` objects
    after ``marker``. Raises CloudError (e.g. NoSuchBucket) when a call fails."""
    if limit < 1 or scan_limit < 1:
        raise ValueError("limit and scan_limit must be at least 1")
    # The rule's progress is read *before* the destination is: an object written before that
    # watermark and still missing afterwards really was not copied. Read after, a copy landing
    # between the two calls could pass for "changed in the destination".
    judge = _Judge(oss, bucket, rule, _rule_view(oss, bucket, rule), upstream, max_buckets)
    entries: list[DiffEntry] = []
    scanned, last, next_marker = 0, "", ""
    page_size = min(1000, scan_limit + 1)
    for obj in _listing(oss, bucket, rule.prefixes, marker, page_size):
        if scanned >= scan_limit or len(entries) >= limit:
            next_marker = last  # ``obj`` exists, so the next page is not empty
            break
        scanned, last = scanned + 1, obj.key
        head = oss.head_object(rule.destination_bucket, obj.key)
        size, etag = (head.size, head.etag) if head is not None else (None, "")
        difference, acl_note = _difference(oss, bucket, rule, obj, head)
        if difference is None:
            continue
        judged = judge.judge(obj)
        if judged is None:
            continue  # deleted from the source since it was listed
        state, reason, in_scope = judged
        if acl_note:
            reason = f"{acl_note}; {reason}" if reason else acl_note
        entries.append(
            DiffEntry(
                obj.key,
                obj.size,
                obj.etag,
                obj.last_modified,
                obj.storage_class,
                difference,
                size,
                etag,
                state,
                reason,
                in_scope,
            )
        )
    return DiffPage(
        bucket,
        rule.rule_id,
        rule.destination_bucket,
        tuple(entries),
        scanned,
        next_marker,
        judge.notes(),
        judge.upstream,
    )


def _difference(
    oss: OssAdapter, bucket: str, rule: RuleConfig, obj: ObjectEntry, head: ObjectHead | None
) -> tuple[Difference | None, str]:
    """Missing, different bytes, or the same bytes with another ACL (the data-replication docs
    list the object ACL among what is replicated). Multipart ETags fall back on the CRC-64s,
    which takes a HEAD of the source; the ACLs take a GetObjectACL on each side."""
    if head is None:
        return Difference.MISSING, ""
    source_crc = ""
    other_etags = obj.etag.strip('"').upper() != head.etag.strip('"').upper()
    multipart = is_multipart_etag(obj.etag) or is_multipart_etag(head.etag)
    if head.size == obj.size and other_etags and multipart:
        source = oss.head_object(bucket, obj.key)
        source_crc = source.crc64 if source is not None else ""
    difference = compare(obj.size, obj.etag, head.size, head.etag, source_crc, head.crc64)
    if difference is not None:
        return difference, ""
    source_acl = oss.object_acl(bucket, obj.key)
    destination_acl = oss.object_acl(rule.destination_bucket, obj.key)
    if source_acl == destination_acl:
        return None, ""
    return Difference.ACL, f"object ACL {source_acl} here, {destination_acl} in the destination"


def _listing(
    oss: OssAdapter, bucket: str, prefixes: tuple[str, ...], marker: str, page_size: int
) -> Iterator[ObjectEntry]:
    for prefix in effective_prefixes(prefixes):
        if marker > prefix and not marker.startswith(prefix):
            continue  # every key under this prefix sorts before the marker
        yield from oss.iter_objects(bucket, prefix, page_size=page_size, marker=marker)


class _Judge:
    """Gathers the facts about a differing object (only then: an object in sync costs no more
    calls) and hands them to the pure ``classify``."""

    def __init__(
        self,
        oss: OssAdapter,
        bucket: str,
        rule: RuleConfig,
        view: RuleView,
        upstream: Upstream | None,
        max_buckets: int,
    ) -> None:
        self.oss, self.bucket, self.rule, self.view = oss, bucket, rule, view
        self.upstream = upstream  # searched on the first difference, unless handed in
        self._max_buckets = max_buckets
        self._notes: list[str] = []

    def judge(self, obj: ObjectEntry) -> tuple[DiffState, str, bool] | None:
        facts = self._facts(obj)
        if facts is None:
            return None
        state, reason = classify(self.rule, facts, self.view)
        return state, reason, not outside_scope(self.rule, facts)

    def notes(self) -> tuple[str, ...]:
        upstream = self.upstream.notes if self.upstream is not None else ()
        return tuple(dict.fromkeys([*upstream, *self._notes]))  # once each, in order

    def _facts(self, obj: ObjectEntry) -> SourceFacts | None:
        if self.upstream is None:
            self.upstream = find_upstream_rules(
                self.oss, self.bucket, max_buckets=self._max_buckets
            )
        replica_of, note = replica_source(self.oss, self.upstream, obj.key, obj.size, obj.etag)
        if note:
            self._notes.append(note)
        if replica_of:
            return SourceFacts(
                obj.storage_class, last_modified=obj.last_modified, replica_of=replica_of
            )
        head = self.oss.head_object(self.bucket, obj.key)  # SSE is only in the headers
        if head is None:
            return None
        tags_match = True
        if self.rule.tag_filter.tags:
            tags = self.oss.object_tags(self.bucket, obj.key)
            tags_match = tag_filter_matches(self.rule.tag_filter, tags)
        return SourceFacts(obj.storage_class, head.sse_algorithm, obj.last_modified, tags_match)


def _rule_view(oss: OssAdapter, bucket: str, rule: RuleConfig) -> RuleView:
    progress = oss.rule_progress(bucket, rule.rule_id)
    return RuleView(progress.rule.status, progress.new_object_time, progress.historical_fraction)
