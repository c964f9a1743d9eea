"""The cloud layer's contract: what the wizard and the commands call.

``srrtui.cloud.session.CloudSession`` implements it over oss2 and the RAM SDK; screens receive
an object of this shape in their constructor and call it only from workers (every method
blocks on the network).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from srrtui.cloud.diff import DiffPage
from srrtui.cloud.replicas import Upstream
from srrtui.cloud.types import (
    BucketDetails,
    BucketPage,
    EnableResult,
    EnableStep,
    KmsKey,
    PreflightReport,
    RoleSummary,
)
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.rules import RuleConfig, RuleProgress


class CloudApi(Protocol):
    region: str

    def list_buckets(self, prefix: str = "", marker: str = "", max_keys: int = 100) -> BucketPage:
        """One page of buckets (all regions), with each bucket's region."""
        ...

    def bucket_details(self, bucket: str) -> BucketDetails: ...

    def first_level_prefixes(self, bucket: str, limit: int = 100) -> list[str]:
        """The bucket's first-level "folders" (delimiter '/'), for prefix suggestions."""
        ...

    def enable_versioning(self, bucket: str) -> None: ...

    def list_roles(self) -> list[RoleSummary]: ...

    def list_kms_keys(self) -> list[KmsKey]: ...

    def describe_kms_key(self, key_id: str) -> KmsKey | None:
        """The key's state (None: KMS has no such key); CloudError when KMS cannot be asked."""
        ...

    def preflight(self, plan: ReplicationPlan) -> PreflightReport: ...

    def enable(
        self, plan: ReplicationPlan, on_step: Callable[[EnableStep], object] | None = None
    ) -> EnableResult:
        """Create/check the role and policy, then put the rule. Idempotent and resumable."""
        ...

    def list_rules(self, bucket: str) -> list[RuleConfig]: ...

    def rule_progress(self, bucket: str, rule_id: str) -> RuleProgress: ...

    def delete_rule(self, bucket: str, rule_id: str) -> None: ...

    def diff_rule(
        self,
        bucket: str,
        rule: RuleConfig,
        *,
        limit: int = 100,
        marker: str = "",
        upstream: Upstream | None = None,
    ) -> DiffPage:
        """One page of the rule's source objects missing or different in its destination
        (``srrtui.cloud.diff``); pass the page's ``next_marker`` and ``upstream`` for the next."""
