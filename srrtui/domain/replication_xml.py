"""The replication XML: the PutBucketReplication body a plan becomes, and the response bodies the
local cloud serves. Parsing lives in ``replication_parse`` and is re-exported here, so callers
import one module.

Compatibility with oss2 2.19 (``oss2/xml_utils.py``), which is what the cloud layer and many
users' scripts parse our responses with:
- ``parse_get_bucket_replication_result`` and ``parse_get_bucket_replication_progress_result``
  call ``_find_tag`` (which raises when the element is missing) on ``Status``,
  ``HistoricalObjectReplication`` and ``Action``, so responses always carry all three; progress
  also needs ``ID`` and ``Destination/{Bucket,Location}``.
- ``Action`` is split on commas; we always send a single token (``PUT`` or ``ALL``), which
  oss2 reads back as ``['PUT']`` / ``['ALL']``.
- oss2 turns a missing ``Progress/HistoricalObject`` into 0 and a missing ``NewObject`` into None.
- oss2 parses ``ReplicationLocation``'s ``Location`` list and transfer-type constraints but not
  ``LocationRTCConstraint``; it models no ``UserTaggings`` at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import TypeVar

from srrtui.domain.plan import ReplicationPlan, TagFilter, TagMatch
from srrtui.domain.replication_parse import (
    parse_gmt,
    parse_put_replication,
    parse_replication_config,
    parse_replication_location,
    parse_replication_progress,
)
from srrtui.domain.rules import ReplicationLocations, RuleConfig, RuleProgress, rule_from_plan
from srrtui.domain.words import rule_differences as words
from srrtui.domain.xmltext import Node, ReplicationXmlError, branch, leaf, to_document

T = TypeVar("T")

__all__ = [
    "ReplicationXmlError",
    "format_gmt",
    "parse_gmt",
    "parse_put_replication",
    "parse_replication_config",
    "parse_replication_location",
    "parse_replication_progress",
    "plan_differences",
    "render_put_replication",
    "render_replication_config",
    "render_replication_location",
    "render_replication_progress",
    "render_rule",
    "rule_from_plan",
]


def plan_differences(plan: ReplicationPlan, rule: RuleConfig) -> list[str]:
    """What differs between the rule a plan asks for and ``rule`` as read back, one sentence
    each; empty when they agree. Prefix and tag order do not matter; the rule ID is compared
    only when the plan names one; Status is not compared."""
    wanted = rule_from_plan(plan)
    found: list[str] = []

    def differ(what: str, planned: T, actual: T, describe: Callable[[T], str] = repr) -> None:
        if planned != actual:
            found.append(words.difference(what, describe(planned), describe(actual)))

    if plan.rule_id:
        differ(words.RULE_ID, wanted.rule_id, rule.rule_id)
    differ(words.DESTINATION_BUCKET, wanted.destination_bucket, rule.destination_bucket)
    differ(words.DESTINATION_LOCATION, wanted.destination_location, rule.destination_location)
    differ(words.TRANSFER_TYPE, wanted.transfer_type, rule.transfer_type)
    differ(
        words.OBJECTS, frozenset(wanted.prefixes), frozenset(rule.prefixes), words.prefixes_words
    )
    differ(words.TAG_FILTER, _tag_key(wanted.tag_filter), _tag_key(rule.tag_filter), _tag_words)
    differ(words.DELETES, wanted.action, rule.action, words.action_words)
    differ(words.HISTORICAL, wanted.historical, rule.historical, words.on_off)
    differ(words.SYNC_ROLE, wanted.sync_role, rule.sync_role)
    differ(words.SSE_KMS, wanted.replicate_sse_kms, rule.replicate_sse_kms, words.on_off)
    differ(words.REPLICA_KMS_KEY, wanted.replica_kms_key_id, rule.replica_kms_key_id)
    return found


_TagKey = tuple[TagMatch, frozenset[tuple[str, str]]] | None


def _tag_key(tag_filter: TagFilter) -> _TagKey:
    if not tag_filter.tags:
        return None
    return tag_filter.match, frozenset((tag.key, tag.value) for tag in tag_filter.tags)


def _tag_words(key: _TagKey) -> str:
    return words.tags_words(None, frozenset()) if key is None else words.tags_words(*key)


def render_rule(rule: RuleConfig) -> str:
    """The PutBucketReplication request body for one rule (Status is response-only)."""
    return to_document(branch("ReplicationConfiguration", _rule_node(rule, with_status=False)))


def render_put_replication(plan: ReplicationPlan) -> str:
    """The PutBucketReplication request body for a plan."""
    return render_rule(rule_from_plan(plan))


def render_replication_config(rules: Iterable[RuleConfig]) -> str:
    """A GetBucketReplication response body listing ``rules`` with their Status. Give every
    rule a status: oss2 raises on a rule without one, as it never happens with OSS."""
    nodes = [_rule_node(rule, with_status=True) for rule in rules]
    return to_document(branch("ReplicationConfiguration", *nodes))


def render_replication_progress(progress: RuleProgress) -> str:
    """A GetBucketReplicationProgress response body. OSS sends no Progress element while the
    rule is ``starting``; here, whenever both values are None."""
    parts: list[Node] = []
    if progress.historical_fraction is not None:
        # repr() is the shortest text that float() reads back exactly ("0.85", "1.0").
        parts.append(leaf("HistoricalObject", repr(float(progress.historical_fraction))))
    if progress.new_object_time is not None:
        parts.append(leaf("NewObject", format_gmt(progress.new_object_time)))
    rule = _rule_node(progress.rule, with_status=True, progress=parts)
    return to_document(branch("ReplicationProgress", rule))


def render_replication_location(locations: ReplicationLocations) -> str:
    """A GetBucketReplicationLocation response body."""
    constraint = None
    if locations.transfer_types:
        constraint = branch(
            "LocationTransferTypeConstraint",
            *(
                branch(
                    "LocationTransferType",
                    leaf("Location", item.location),
                    branch("TransferTypes", *(leaf("Type", t) for t in item.types)),
                )
                for item in locations.transfer_types
            ),
        )
    rtc = None
    if locations.rtc_locations:
        rtc = branch(
            "LocationRTCConstraint", *(leaf("Location", loc) for loc in locations.rtc_locations)
        )
    return to_document(
        branch(
            "ReplicationLocation",
            *(leaf("Location", loc) for loc in locations.locations),
            constraint,
            rtc,
        )
    )


def format_gmt(moment: datetime) -> str:
    """An aware datetime as ``Thu, 24 Sep 2015 15:39:18 GMT`` (seconds precision)."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is required (OSS dates are GMT)")
    return format_datetime(moment.astimezone(timezone.utc).replace(microsecond=0), usegmt=True)


def _rule_node(rule: RuleConfig, *, with_status: bool, progress: list[Node] | None = None) -> Node:
    tags = rule.tag_filter.tags
    return branch(
        "Rule",
        leaf("ID", rule.rule_id) if rule.rule_id else None,
        branch("PrefixSet", *(leaf("Prefix", p) for p in rule.prefixes)) if rule.prefixes else None,
        branch(
            "UserTaggings",
            leaf("FilterType", rule.tag_filter.match.filter_type),
            *(branch("UserTagging", leaf("Key", t.key), leaf("Value", t.value)) for t in tags),
        )
        if tags
        else None,
        leaf("Action", rule.action.value),
        branch(
            "Destination",
            leaf("Bucket", rule.destination_bucket),
            leaf("Location", rule.destination_location),
            leaf("TransferType", rule.transfer_type) if rule.transfer_type else None,
        ),
        leaf("Status", rule.status.value) if with_status and rule.status is not None else None,
        leaf("HistoricalObjectReplication", "enabled" if rule.historical else "disabled"),
        leaf("SyncRole", rule.sync_role) if rule.sync_role else None,
        branch(
            "SourceSelectionCriteria", branch("SseKmsEncryptedObjects", leaf("Status", "Enabled"))
        )
        if rule.replicate_sse_kms
        else None,
        branch("EncryptionConfiguration", leaf("ReplicaKmsKeyID", rule.replica_kms_key_id))
        if rule.replica_kms_key_id
        else None,
        branch("Progress", *progress) if progress else None,
    )
