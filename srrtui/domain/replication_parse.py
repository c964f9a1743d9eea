"""Parsing of the replication XML bodies into the typed results of ``srrtui.domain.rules``.

``parse_put_replication`` reads a PutBucketReplication request the way OSS would (the local
cloud uses it) and refuses what OSS refuses; the response parsers are lenient about what they
do not model, so a newer OSS adding an element or a status does not break a client.

What oss2 2.19 sends (``oss2.xml_utils.to_put_bucket_replication``), and so what the put parser
must accept: Destination before PrefixSet; ``Action`` as a comma-joined list ("PUT,DELETE");
``HistoricalObjectReplication`` always present; ``EncryptionConfiguration`` before
``SourceSelectionCriteria``; no ``UserTaggings`` (oss2 does not model the tag filter).
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree as ET

from srrtui.domain import limits
from srrtui.domain.plan import DeleteMode, Tag, TagFilter, TagMatch
from srrtui.domain.rules import (
    LocationTransferTypes,
    ReplicationLocations,
    RuleConfig,
    RuleProgress,
    RuleStatus,
)
from srrtui.domain.xmltext import (
    ReplicationXmlError,
    child_text,
    invalid,
    malformed,
    parse_document,
    single,
)

# A rule with the raised quota of 100 prefixes of 1023 bytes, each fully escaped, stays well
# under 1 MiB; responses list up to 100 rules.
MAX_REQUEST_BYTES = 1024 * 1024
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
TRANSFER_TYPES = frozenset({"internal", "oss_acc"})
_RULE_SINGLETONS = (
    "ID",
    "PrefixSet",
    "Action",
    "Destination",
    "HistoricalObjectReplication",
    "SyncRole",
    "SourceSelectionCriteria",
    "EncryptionConfiguration",
    "UserTaggings",
)


def parse_put_replication(
    body: bytes | str, *, prefix_limit: int = limits.RAISED_PREFIX_LIMIT
) -> RuleConfig:
    """The one rule of a PutBucketReplication body. ``prefix_limit`` is the caller's quota."""
    root = parse_document(body, root="ReplicationConfiguration", max_bytes=MAX_REQUEST_BYTES)
    rules = root.findall("Rule")
    if not rules:
        raise malformed("ReplicationConfiguration has no Rule")
    if len(rules) > 1:
        # The PutBucketReplication / DeleteBucketReplication error tables (Alibaba Cloud
        # documents 181408, 181413): more than one rule in a request is TooManyReplicationRules.
        raise ReplicationXmlError(
            "TooManyReplicationRules", "PutBucketReplication adds exactly one Rule per request"
        )
    for tag in _RULE_SINGLETONS:
        single(rules[0], tag)
    rule = _rule(rules[0], request=True)
    _check_request(rule, prefix_limit)
    return rule


def parse_replication_config(body: bytes | str) -> tuple[RuleConfig, ...]:
    """Every rule of a GetBucketReplication response, with its Status."""
    root = parse_document(body, root="ReplicationConfiguration", max_bytes=MAX_RESPONSE_BYTES)
    return tuple(_rule(node, request=False) for node in root.findall("Rule"))


def parse_replication_progress(body: bytes | str) -> RuleProgress:
    """A GetBucketReplicationProgress response. While a rule is ``starting`` OSS sends no
    Progress element, and both progress values are None."""
    root = parse_document(body, root="ReplicationProgress", max_bytes=MAX_RESPONSE_BYTES)
    node = root.find("Rule")
    if node is None:
        raise malformed("ReplicationProgress has no Rule")
    fraction_text = child_text(node, "Progress/HistoricalObject")
    new_object_text = child_text(node, "Progress/NewObject")
    return RuleProgress(
        rule=_rule(node, request=False),
        historical_fraction=None if fraction_text is None else _fraction(fraction_text),
        new_object_time=None if new_object_text is None else parse_gmt(new_object_text),
    )


def parse_replication_location(body: bytes | str) -> ReplicationLocations:
    """A GetBucketReplicationLocation response."""
    root = parse_document(body, root="ReplicationLocation", max_bytes=MAX_RESPONSE_BYTES)
    transfer_types = tuple(
        LocationTransferTypes(
            location=child_text(node, "Location") or "",
            types=tuple(t.text or "" for t in node.findall("TransferTypes/Type")),
        )
        for node in root.findall("LocationTransferTypeConstraint/LocationTransferType")
    )
    return ReplicationLocations(
        locations=tuple(node.text or "" for node in root.findall("Location")),
        transfer_types=transfer_types,
        rtc_locations=tuple(n.text or "" for n in root.findall("LocationRTCConstraint/Location")),
    )


def parse_gmt(text: str) -> datetime:
    """``Thu, 24 Sep 2015 15:39:18 GMT`` -> an aware datetime in UTC."""
    try:
        moment = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        raise malformed(
            f"{text!r} is not a GMT date such as 'Thu, 24 Sep 2015 15:39:18 GMT'"
        ) from None
    if moment.tzinfo is None:  # RFC 2822 "-0000": UTC without a claim about local time
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


# -- one Rule -------------------------------------------------------------------------------
def _rule(node: ET.Element, *, request: bool) -> RuleConfig:
    destination = node.find("Destination")
    if destination is None:
        raise malformed("Rule has no Destination")
    bucket = child_text(destination, "Bucket")
    location = child_text(destination, "Location")
    if not bucket or not location:
        raise malformed("Destination needs a Bucket and a Location")
    transfer_type = child_text(destination, "TransferType") or "internal"
    if request and transfer_type not in TRANSFER_TYPES:
        raise invalid(f"TransferType must be internal or oss_acc, not {transfer_type!r}")
    sse_status = child_text(node, "SourceSelectionCriteria/SseKmsEncryptedObjects/Status")
    return RuleConfig(
        rule_id=child_text(node, "ID") or "",
        prefixes=tuple(p.text or "" for p in node.findall("PrefixSet/Prefix")),
        action=_action(child_text(node, "Action")),
        destination_bucket=bucket,
        destination_location=location,
        transfer_type=transfer_type,
        historical=_historical(child_text(node, "HistoricalObjectReplication")),
        sync_role=child_text(node, "SyncRole") or "",
        replicate_sse_kms=_sse_kms(sse_status),
        replica_kms_key_id=child_text(node, "EncryptionConfiguration/ReplicaKmsKeyID") or "",
        tag_filter=_tag_filter(node.find("UserTaggings"), request=request),
        # Status is response-only; in a request it is ignored as OSS ignores it.
        status=None if request else _status(child_text(node, "Status")),
    )


def _action(text: str | None) -> DeleteMode:
    # oss2 and Terraform send comma-joined lists ("PUT,DELETE"). srrtui models the two console
    # modes: any list that replicates deletes is ALL, a list of PUT alone is PUT.
    if text is None or not text.strip():
        return DeleteMode.ALL  # the API's default
    actions = {part.strip().upper() for part in text.split(",")}
    unknown = actions - {"ALL", "PUT", "DELETE", "ABORT"}
    if unknown:
        raise invalid(f"unknown Action {', '.join(sorted(unknown))}; use ALL or PUT")
    if actions == {"PUT"}:
        return DeleteMode.PUT_ONLY
    if "ALL" in actions or "DELETE" in actions:
        return DeleteMode.ALL
    raise invalid(f"Action {text!r} does not replicate writes; use ALL or PUT")


def _historical(text: str | None) -> bool:
    if text is None:
        return True  # the API's default
    value = text.strip().lower()
    if value not in ("enabled", "disabled"):
        raise invalid(f"HistoricalObjectReplication must be enabled or disabled, not {text!r}")
    return value == "enabled"


def _sse_kms(text: str | None) -> bool:
    if text is None:
        return False
    if text not in ("Enabled", "Disabled"):
        raise invalid(f"SseKmsEncryptedObjects/Status must be Enabled or Disabled, not {text!r}")
    return text == "Enabled"


def _tag_filter(node: ET.Element | None, *, request: bool) -> TagFilter:
    if node is None:
        return TagFilter()
    tags = tuple(
        Tag(key=child_text(tagging, "Key") or "", value=child_text(tagging, "Value") or "")
        for tagging in node.findall("UserTagging")
    )
    filter_type = child_text(node, "FilterType")
    if filter_type is None and not request:
        filter_type = "AND"
    if filter_type is None or filter_type.strip().upper() not in ("AND", "OR"):
        raise invalid(f"UserTaggings/FilterType must be AND or OR, not {filter_type!r}")
    if not tags:
        if request:
            raise invalid("UserTaggings needs at least one UserTagging")
        return TagFilter()
    return TagFilter(tags=tags, match=TagMatch.from_filter_type(filter_type.strip()), enabled=True)


def _status(text: str | None) -> RuleStatus | None:
    if text is None:
        return None
    try:
        return RuleStatus(text.strip().lower())
    except ValueError:
        return None  # a status srrtui does not know yet: shown as unknown, not a crash


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise malformed(f"Progress/HistoricalObject {text!r} is not a number") from None
    if not math.isfinite(value):
        raise malformed(f"Progress/HistoricalObject {text!r} is not a finite number")
    return value


def _check_request(rule: RuleConfig, prefix_limit: int) -> None:
    """The constraints the PutBucketReplication reference states for one rule."""
    if len(rule.prefixes) > prefix_limit:
        raise invalid(f"at most {prefix_limit} prefixes per rule ({len(rule.prefixes)} given)")
    seen: set[str] = set()
    for prefix in rule.prefixes:
        if not prefix:
            raise invalid("a Prefix cannot be empty")
        if len(prefix.encode("utf-8")) > limits.PREFIX_MAX_BYTES:
            raise invalid(f"a Prefix is at most {limits.PREFIX_MAX_BYTES} bytes")
        if prefix in seen:
            raise invalid(f"Prefix {prefix!r} is listed twice")
        seen.add(prefix)
    if rule.replicate_sse_kms and not rule.replica_kms_key_id:
        raise invalid("ReplicaKmsKeyID is required when SseKmsEncryptedObjects is Enabled")
    if rule.replicate_sse_kms and not rule.sync_role:
        raise invalid("SyncRole is required to replicate SSE-KMS encrypted objects")
    tags = rule.tag_filter.tags
    if len(tags) > limits.TAG_LIMIT:
        raise invalid(f"at most {limits.TAG_LIMIT} UserTagging elements ({len(tags)} given)")
    if tags and rule.action is DeleteMode.ALL:
        raise invalid("a tag filter (UserTaggings) cannot be used with Action ALL")
    if any(not tag.key for tag in tags):
        raise invalid("a UserTagging needs a Key")
