"""Typed replication rules as OSS reports them (GetBucketReplication / ...Progress), and the
two conversions between a plan and a rule: ``rule_from_plan`` (what OSS is asked to create) and
``plan_from_rule`` (what a rule read back amounts to, so it is described in the plan's words).

The XML module parses into these; the cloud layer, the local cloud and the screens consume them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from srrtui.domain.plan import (
    ALIYUN_OSS_ROLE,
    DeleteMode,
    KmsChoice,
    ReplicationPlan,
    RoleChoice,
    RoleKind,
    TagFilter,
    region_of,
)


class RuleStatus(str, Enum):
    STARTING = "starting"  # task being created
    DOING = "doing"  # effective
    CLOSING = "closing"  # being removed after DeleteBucketReplication


@dataclass(frozen=True)
class RuleConfig:
    """One ``ReplicationConfiguration/Rule``. ``status`` is None in a request body."""

    rule_id: str = ""
    prefixes: tuple[str, ...] = ()
    action: DeleteMode = DeleteMode.ALL  # the API's default when Action is absent
    destination_bucket: str = ""
    destination_location: str = ""
    transfer_type: str = "internal"
    historical: bool = True
    sync_role: str = ""
    replicate_sse_kms: bool = False
    replica_kms_key_id: str = ""
    tag_filter: TagFilter = field(default_factory=TagFilter)
    status: RuleStatus | None = None


@dataclass(frozen=True)
class RuleProgress:
    """``ReplicationProgress/Rule``. While a rule is ``starting`` OSS reports no Progress, so
    both progress values are None then."""

    rule: RuleConfig
    historical_fraction: float | None = None  # 0.0 .. 1.0
    new_object_time: datetime | None = None  # every object written before it is replicated


@dataclass(frozen=True)
class LocationTransferTypes:
    """One ``LocationTransferTypeConstraint/LocationTransferType``: the transfer types a
    destination location accepts (``oss_acc`` for acceleration)."""

    location: str
    types: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReplicationLocations:
    """GetBucketReplicationLocation: where this bucket can replicate to (``oss-<region>``)."""

    locations: tuple[str, ...] = ()
    transfer_types: tuple[LocationTransferTypes, ...] = ()
    rtc_locations: tuple[str, ...] = ()


def rule_from_plan(plan: ReplicationPlan) -> RuleConfig:
    """The rule a plan asks OSS to create (no status: it has not been created yet)."""
    tags = plan.tag_filter.tags
    return RuleConfig(
        rule_id=plan.rule_id,
        prefixes=plan.prefixes,
        action=plan.delete_mode,
        destination_bucket=plan.destination_bucket,
        destination_location=plan.destination_location,
        transfer_type="internal",  # SRR: acceleration (oss_acc) is for cross-region rules only
        historical=plan.historical,
        sync_role=plan.sync_role_name,
        replicate_sse_kms=plan.kms.replicate,
        replica_kms_key_id=plan.kms.cmk_id if plan.kms.replicate else "",
        # Normalised as parsing produces it: a filter with tags is on; without tags it is off.
        tag_filter=TagFilter(tags=tags, match=plan.tag_filter.match, enabled=True)
        if tags
        else TagFilter(),
    )


def plan_from_rule(bucket: str, region: str, rule: RuleConfig) -> ReplicationPlan:
    """The plan a rule on ``bucket`` (in ``region``) amounts to: the inverse of
    ``rule_from_plan`` up to what a rule does not record (who made its role)."""
    if rule.sync_role == ALIYUN_OSS_ROLE:
        role = RoleChoice(RoleKind.ALIYUN_OSS_ROLE)
    else:
        # Whoever created it, the rule names an existing role now.
        role = RoleChoice(RoleKind.CUSTOM, rule.sync_role or "?")
    destination_region = region_of(rule.destination_location) if rule.destination_location else ""
    return ReplicationPlan(
        source_bucket=bucket,
        source_region=region,
        destination_bucket=rule.destination_bucket,
        destination_region="" if destination_region == region else destination_region,
        prefixes=rule.prefixes,
        tag_filter=rule.tag_filter,
        delete_mode=rule.action,
        historical=rule.historical,
        kms=KmsChoice(rule.replicate_sse_kms, rule.replica_kms_key_id),
        role=role,
        rule_id=rule.rule_id,
    )
