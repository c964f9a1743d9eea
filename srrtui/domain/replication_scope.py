"""Why one object of a rule's source is missing from, or different in, the destination.

Pure: the cloud layer gathers the facts (``srrtui.cloud.diff``) and this module judges them, so
the rules of the judgement can be tested without a cloud. Sources for each reason are in
docs/oss-replication.md ("Behaviour and limits", "Progress") and the
PutBucketReplication reference (document 181408):

- objects that are themselves replicas are not replicated again (no A -> B -> C cascade);
- Cold Archive and Deep Cold Archive objects are not replicated;
- SSE-KMS objects only when the rule sets ``SseKmsEncryptedObjects`` Enabled;
- with a tag filter, only objects whose tags pass it;
- ``Progress/NewObject`` is a watermark: every object written before it has been replicated.
  With historical replication off, an object written before the rule never is; the rule's
  creation time is not exposed by the API, so the watermark is the only clock there is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from srrtui.domain.plan import TagFilter, TagMatch
from srrtui.domain.rules import RuleConfig, RuleStatus
from srrtui.domain.words.translate import _

# OSS "Replication: limits": objects in these storage classes are not replicated.
NOT_REPLICATED_CLASSES = frozenset({"ColdArchive", "DeepColdArchive"})


class DiffState(str, Enum):
    PENDING = "not replicated yet"
    EXCLUDED = "will not be replicated"


class Difference(str, Enum):
    MISSING = "missing"  # no such key in the destination
    DIFFERENT = "different"  # the destination's object has another size or ETag
    ACL = "other ACL"  # same bytes, another object ACL (the ACL is replicated too)


@dataclass(frozen=True)
class SourceFacts:
    """What the cloud layer found out about one source object that differs."""

    storage_class: str = ""
    sse_algorithm: str = ""  # "", "AES256", "KMS", "SM4"
    last_modified: int = 0  # unix seconds (OSS reports whole seconds); 0 = unknown
    tags_match: bool = True  # False: outside the rule's tag filter
    replica_of: str = ""  # "bucket (rule id)" when the object came from another rule


@dataclass(frozen=True)
class RuleView:
    """The rule's replication state now (GetBucketReplicationProgress)."""

    status: RuleStatus | None = None
    watermark: datetime | None = None  # Progress/NewObject
    historical_fraction: float | None = None  # Progress/HistoricalObject, 0.0 .. 1.0


def compare(
    size: int,
    etag: str,
    other_size: int | None,
    other_etag: str,
    crc64: str = "",
    other_crc64: str = "",
) -> Difference | None:
    """``other_size`` None = not in the destination. ETags are compared without quotes or case
    (OSS sends upper-case hex; they are opaque, so anything else is simply different). A
    multipart object's ETag ("<hex>-<parts>") is not the MD5 of its bytes and depends on how it
    was cut into parts, so when either ETag has that form and the two differ, the CRC-64s
    (x-oss-hash-crc64ecma, of the bytes themselves) decide, when both are known."""
    if other_size is None:
        return Difference.MISSING
    if size != other_size:
        return Difference.DIFFERENT
    etag, other_etag = etag.strip('"').upper(), other_etag.strip('"').upper()
    if etag == other_etag:
        return None
    multipart = is_multipart_etag(etag) or is_multipart_etag(other_etag)
    return None if multipart and crc64 and crc64 == other_crc64 else Difference.DIFFERENT


def is_multipart_etag(etag: str) -> bool:
    """The "<32 hex>-<parts>" form OSS gives objects made by CompleteMultipartUpload."""
    digest, dash, parts = etag.strip('"').rpartition("-")
    return bool(dash) and len(digest) == 32 and parts.isdigit()


def tag_filter_matches(tag_filter: TagFilter, object_tags: Mapping[str, str]) -> bool:
    """Whether an object with ``object_tags`` passes the rule's tag filter.

    Reading implemented (the console's words allow two): "match all" (FilterType AND) = the
    object carries every key=value pair of the rule (it may carry more); "match any" (OR) = it
    carries at least one. Keys and values compare case-sensitively, as OSS tags do. An object
    without tags never passes an active filter. The local cloud's engine, the preflight's scope
    count and ``srrtui diff`` all use this one function.
    """
    if not tag_filter.tags:
        return True
    hits = [object_tags.get(tag.key) == tag.value for tag in tag_filter.tags]
    return all(hits) if tag_filter.match is TagMatch.ALL else any(hits)


def key_in_rule(rule: RuleConfig, key: str) -> bool:
    """An object matches when its key starts with any prefix of the rule; none = every key."""
    return not rule.prefixes or any(key.startswith(prefix) for prefix in rule.prefixes)


def outside_scope(rule: RuleConfig, facts: SourceFacts) -> str:
    """Why the rule is not meant to replicate this object at all (its filter, OSS's limits),
    or "" when it is in the rule's scope. A difference outside the scope is expected, not a
    sign that replication fell behind."""
    if facts.replica_of:
        return _("a replica from {source}; OSS does not replicate replicas again").format(
            source=facts.replica_of
        )
    if facts.storage_class in NOT_REPLICATED_CLASSES:
        return _("{storage_class} objects are not replicated").format(
            storage_class=facts.storage_class
        )
    if facts.sse_algorithm == "KMS" and not rule.replicate_sse_kms:
        return _("SSE-KMS encrypted; the rule does not replicate SSE-KMS objects")
    if not facts.tags_match:
        return _("outside the rule's tag filter")
    return ""


def classify(rule: RuleConfig, facts: SourceFacts, view: RuleView) -> tuple[DiffState, str]:
    """(state, reason) for a source object of ``rule`` that is missing or different in the
    destination. The first reason that applies wins, most fundamental first."""
    outside = outside_scope(rule, facts)
    if outside:
        return DiffState.EXCLUDED, outside
    if view.status is RuleStatus.CLOSING:
        return DiffState.EXCLUDED, _("the rule is being deleted (closing)")
    if view.status is RuleStatus.STARTING or view.watermark is None:
        if rule.historical:
            return DiffState.PENDING, _("the rule is still starting")
        hedge = _(
            "the rule is still starting (or predates the rule: historical replication is off)"
        )
        return DiffState.PENDING, hedge
    fraction = view.historical_fraction
    if rule.historical and fraction is not None and fraction < 1.0:
        return DiffState.PENDING, _("historical replication is at {fraction}").format(
            fraction=f"{fraction:.0%}"
        )
    # Written before the watermark: any copy replication owed it has been made. (Whole seconds
    # on both sides: ``lm < wm`` on the truncated values implies it on the true ones.)
    if facts.last_modified and facts.last_modified < int(view.watermark.timestamp()):
        if not rule.historical:
            return DiffState.EXCLUDED, _(
                "predates the rule (historical replication is off), "
                "or was changed in the destination after it was replicated"
            )
        # Replication copies source writes only: a destination copy changed or deleted later
        # stays so until the source object is written again.
        return DiffState.EXCLUDED, _(
            "already replicated; changed in the destination since "
            "(until the source is written again)"
        )
    if not rule.historical:
        return DiffState.PENDING, _("or predates the rule: historical replication is off")
    return DiffState.PENDING, ""
