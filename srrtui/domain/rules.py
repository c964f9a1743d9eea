"""Typed replication rules as OSS reports them (GetBucketReplication / ...Progress).

The XML module parses into these; the cloud layer, the local cloud and the screens consume them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from srrtui.domain.plan import DeleteMode, TagFilter


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
