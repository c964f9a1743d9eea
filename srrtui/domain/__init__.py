"""Pure domain layer: the replication plan, its validation and every rendering of it.

Nothing here imports Textual, an SDK or does IO beyond what a caller hands in.
"""

from srrtui.domain.plan import (
    DeleteMode,
    KmsChoice,
    ReplicationPlan,
    RoleChoice,
    RoleKind,
    Tag,
    TagFilter,
    TagMatch,
)
from srrtui.domain.validation import Issue, Report, validate

__all__ = [
    "DeleteMode",
    "Issue",
    "KmsChoice",
    "ReplicationPlan",
    "Report",
    "RoleChoice",
    "RoleKind",
    "Tag",
    "TagFilter",
    "TagMatch",
    "validate",
]
