"""``srrtui watch --once --json`` and ``watch --json`` values: plain dicts in the shape of
``assets/schemas/watch.schema.json`` (documented in docs/json.md). Bump ``SCHEMA_VERSION`` on
any change a consumer could notice (a field removed, renamed or retyped)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from srrtui.cloud.discovery import BucketRules, DiscoveryEnd, DiscoveryProgress
from srrtui.cloud.rule_search import PollResult
from srrtui.cloud.types import CloudError
from srrtui.commands.jsonout import SCHEMA_VERSION, iso
from srrtui.commands.jsonout import cloud_error_object as error_object
from srrtui.domain.rules import RuleConfig

Json = dict[str, Any]


def rule_object(bucket: str, rule: RuleConfig) -> Json:
    return {
        "bucket": bucket,
        "rule_id": rule.rule_id,
        "destination_bucket": rule.destination_bucket,
        "destination_location": rule.destination_location,
        "status": rule.status.value if rule.status else None,
        "historical": rule.historical,
        "prefixes": list(rule.prefixes),
        "action": rule.action.value,
    }


def progress_object(result: PollResult) -> Json:
    """One GetBucketReplicationProgress answer (or its failure) at ``checked_at``."""
    progress = result.progress
    fraction = progress.historical_fraction if progress else None
    watermark = progress.new_object_time if progress else None
    lag = (result.at - watermark).total_seconds() if watermark is not None else None
    status = progress.rule.status if progress else None
    return {
        "bucket": result.bucket,
        "rule_id": result.rule_id,
        "checked_at": iso(result.at),
        "status": status.value if status else None,
        "historical_percent": round(fraction * 100, 1) if fraction is not None else None,
        "new_object_time": iso(watermark),
        "lag_seconds": max(0.0, round(lag, 1)) if lag is not None else None,
        "error": error_object(result.error) if result.error else None,
    }


def discovery_object(end: DiscoveryEnd) -> Json:
    return {"buckets_read": end.read, "buckets_total": end.total, "notes": list(end.notes)}


def once_document(
    region: str,
    bucket: str,
    end: DiscoveryEnd | None,
    found: list[BucketRules],
    polls: list[PollResult],
    error: CloudError | None = None,
) -> Json:
    """``watch --once --json``: the rules and one progress reading each, or why not."""
    by_key = {(p.bucket, p.rule_id): p for p in polls}
    rules = []
    for each in sorted(found, key=lambda f: f.bucket):
        for rule in each.rules:
            poll = by_key.get((each.bucket, rule.rule_id))
            rules.append(
                {
                    **rule_object(each.bucket, rule),
                    "progress": progress_object(poll) if poll else None,
                }
            )
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "watch",
        "region": region,
        "bucket": bucket or None,
        "ok": error is None,
        "discovery": discovery_object(end) if end is not None else None,
        "rules": rules,
        "error": error_object(error) if error is not None else None,
    }


def event(kind: str, at: datetime, **fields: Any) -> Json:
    """One line of ``watch --json``."""
    return {"schema_version": SCHEMA_VERSION, "event": kind, "time": iso(at), **fields}


def progress_fields(progress: DiscoveryProgress) -> Json:
    return {
        "buckets_read": progress.read,
        "buckets_total": progress.total,
        "listed": progress.listed,
    }
