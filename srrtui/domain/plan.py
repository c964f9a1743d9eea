"""The replication plan: every choice the console's SRR flow asks for, as one frozen value."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

ALIYUN_OSS_ROLE = "AliyunOSSRole"
NEW_ROLE_PREFIX = "oss-replication-"
# A fixed namespace so that the same plan always names the same new role and policy: applying a
# plan twice (or resuming after a failure) finds what the first run created instead of adding more.
_ROLE_NAMESPACE = uuid.UUID("5d1b7c1e-6f0a-4d38-9a57-2f4f3f7a2b10")


class DeleteMode(str, Enum):
    """What the rule replicates: ``PUT`` = writes only (disaster recovery), ``ALL`` = writes and
    deletions (data sharing)."""

    PUT_ONLY = "PUT"
    ALL = "ALL"


class TagMatch(str, Enum):
    """How the object-tag filter matches; the API calls these FilterType AND / OR."""

    ALL = "all"
    ANY = "any"

    @property
    def filter_type(self) -> str:
        return "AND" if self is TagMatch.ALL else "OR"

    @classmethod
    def from_filter_type(cls, value: str) -> TagMatch:
        return cls.ALL if value.upper() == "AND" else cls.ANY


class RoleKind(str, Enum):
    NEW = "new"
    ALIYUN_OSS_ROLE = "aliyun-oss-role"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Tag:
    key: str
    value: str

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


@dataclass(frozen=True)
class TagFilter:
    """Object-tag filter. No tags means the filter is off."""

    tags: tuple[Tag, ...] = ()
    match: TagMatch = TagMatch.ALL
    # The user switched the filter on; with no tags that is a validation problem, not "off".
    enabled: bool = False

    @property
    def active(self) -> bool:
        return self.enabled or bool(self.tags)


@dataclass(frozen=True)
class KmsChoice:
    replicate: bool = False
    cmk_id: str = ""


@dataclass(frozen=True)
class RoleChoice:
    kind: RoleKind = RoleKind.NEW
    name: str = ""  # the custom role's name; for NEW, an explicit override of the derived name


@dataclass(frozen=True)
class ReplicationPlan:
    source_bucket: str = ""
    source_region: str = ""
    destination_bucket: str = ""
    destination_region: str = ""  # empty: the source's region (SRR)
    prefixes: tuple[str, ...] = ()  # empty: all objects
    tag_filter: TagFilter = field(default_factory=TagFilter)
    delete_mode: DeleteMode = DeleteMode.PUT_ONLY
    historical: bool = True
    kms: KmsChoice = field(default_factory=KmsChoice)
    role: RoleChoice = field(default_factory=RoleChoice)
    rule_id: str = ""

    # -- derived values ---------------------------------------------------------------------
    @property
    def effective_destination_region(self) -> str:
        return self.destination_region or self.source_region

    @property
    def destination_location(self) -> str:
        """The ``Destination/Location`` value, e.g. ``oss-cn-hangzhou``."""
        return location_of(self.effective_destination_region)

    @property
    def all_objects(self) -> bool:
        return not self.prefixes

    @property
    def sync_role_name(self) -> str:
        """The RAM role OSS assumes for this rule (the rule's SyncRole)."""
        if self.role.kind is RoleKind.ALIYUN_OSS_ROLE:
            return ALIYUN_OSS_ROLE
        if self.role.kind is RoleKind.CUSTOM or self.role.name:
            return self.role.name
        return new_role_name(self)

    @property
    def new_policy_name(self) -> str:
        """The least-privilege policy srrtui creates for a new role."""
        return f"{self.sync_role_name}-policy"

    def with_changes(self, **changes: Any) -> ReplicationPlan:
        return replace(self, **changes)


def location_of(region: str) -> str:
    if not region:
        return ""
    return region if region.startswith("oss-") else f"oss-{region}"


def region_of(location: str) -> str:
    return location.removeprefix("oss-")


def new_role_name(plan: ReplicationPlan) -> str:
    """``oss-replication-{uuid}``, stable for the same region, source and destination."""
    seed = f"{plan.source_region}/{plan.source_bucket}->{plan.destination_bucket}"
    return f"{NEW_ROLE_PREFIX}{uuid.uuid5(_ROLE_NAMESPACE, seed)}"


SHARED_ROLE_SLOTS = 1000  # more shared roles than an account may have (1,000 roles by default)


def shared_role_name(region: str, slot: int = 0) -> str:
    """A new role ``srrtui apply`` shares among a region's plans that want one
    (``oss-replication-{uuid}``, stable for the region and slot): a hundred plans make a few
    roles, not a hundred (an account has a role quota). Each plan attaches its own policy, and
    RAM attaches at most ``limits.CUSTOM_POLICIES_PER_ROLE`` custom policies to a role, so
    plans fill slot 0, then slot 1, ..."""
    seed = f"{region}/shared by srrtui apply" + (f"/{slot}" if slot else "")
    return f"{NEW_ROLE_PREFIX}{uuid.uuid5(_ROLE_NAMESPACE, seed)}"


def shared_role_slot(region: str, name: str) -> int | None:
    """The slot of ``region``'s shared role called ``name``; None for any other role."""
    if not name.startswith(NEW_ROLE_PREFIX):
        return None
    return next(
        (slot for slot in range(SHARED_ROLE_SLOTS) if shared_role_name(region, slot) == name),
        None,
    )
