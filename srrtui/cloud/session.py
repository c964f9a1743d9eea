"""``CloudSession``: the ``CloudApi`` the wizard and the commands use, composed of the adapters.

Construction is cheap and imports no SDK; the first call that needs one imports it (so a
screen can hold a session from its constructor and use it only in workers).
"""

from __future__ import annotations

from collections.abc import Callable

from srrtui.cloud.diff import DiffPage
from srrtui.cloud.diff import diff_rule as run_diff
from srrtui.cloud.enable import enable as run_enable
from srrtui.cloud.kms import KmsAdapter
from srrtui.cloud.oss import OssAdapter
from srrtui.cloud.preflight import preflight as run_preflight
from srrtui.cloud.ram import RamAdapter
from srrtui.cloud.replicas import Upstream
from srrtui.cloud.retry import DEFAULT_POLICY, RetryPolicy
from srrtui.cloud.scope import ScopeLimits
from srrtui.cloud.types import (
    BucketDetails,
    BucketPage,
    Connection,
    EnableResult,
    EnableStep,
    KmsKey,
    PreflightReport,
    RoleSummary,
)
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.rules import RuleConfig, RuleProgress


class CloudSession:
    def __init__(
        self,
        connection: Connection,
        *,
        signature: str = "v4",
        policy: RetryPolicy = DEFAULT_POLICY,
        scope_limits: ScopeLimits | None = None,
    ) -> None:
        self.connection = connection
        self.region = connection.region
        self.oss = OssAdapter(connection, signature=signature, policy=policy)
        self.ram = RamAdapter(connection, policy=policy)
        self.kms = KmsAdapter(connection, policy=policy)
        self.scope_limits = scope_limits or ScopeLimits()

    # -- buckets ----------------------------------------------------------------------------
    def list_buckets(self, prefix: str = "", marker: str = "", max_keys: int = 100) -> BucketPage:
        return self.oss.list_buckets(prefix, marker, max_keys)

    def bucket_details(self, bucket: str) -> BucketDetails:
        return self.oss.bucket_details(bucket)

    def first_level_prefixes(self, bucket: str, limit: int = 100) -> list[str]:
        return self.oss.first_level_prefixes(bucket, limit)

    def enable_versioning(self, bucket: str) -> None:
        self.oss.enable_versioning(bucket)

    # -- RAM / KMS ------------------------------------------------------------------------
    def list_roles(self) -> list[RoleSummary]:
        return self.ram.list_roles()

    def list_kms_keys(self) -> list[KmsKey]:
        """Raises CloudError ("could not list keys: ...") when KMS cannot be asked; the wizard
        then lets the user type a CMK ID."""
        return self.kms.list_keys()

    def describe_kms_key(self, key_id: str) -> KmsKey | None:
        return self.kms.describe_key(key_id)

    # -- the plan -------------------------------------------------------------------------
    def preflight(self, plan: ReplicationPlan) -> PreflightReport:
        return run_preflight(plan, self.oss, self.ram, self.kms, self.scope_limits)

    def enable(
        self, plan: ReplicationPlan, on_step: Callable[[EnableStep], object] | None = None
    ) -> EnableResult:
        return run_enable(plan, self.oss, self.ram, on_step)

    # -- rules ----------------------------------------------------------------------------
    def list_rules(self, bucket: str) -> list[RuleConfig]:
        return list(self.oss.list_rules(bucket))

    def rule_progress(self, bucket: str, rule_id: str) -> RuleProgress:
        return self.oss.rule_progress(bucket, rule_id)

    def delete_rule(self, bucket: str, rule_id: str) -> None:
        self.oss.delete_rule(bucket, rule_id)

    def diff_rule(
        self,
        bucket: str,
        rule: RuleConfig,
        *,
        limit: int = 100,
        marker: str = "",
        upstream: Upstream | None = None,
    ) -> DiffPage:
        return run_diff(self.oss, bucket, rule, limit=limit, marker=marker, upstream=upstream)
