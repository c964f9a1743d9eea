"""A rule read back from OSS, in words: converted to the plan it amounts to, so the review's
sentences (``plan_words``) describe it too. Pure: no Textual."""

from __future__ import annotations

from srrtui.domain.plan import (
    ALIYUN_OSS_ROLE,
    KmsChoice,
    ReplicationPlan,
    RoleChoice,
    RoleKind,
    region_of,
)
from srrtui.domain.rules import RuleConfig
from srrtui.screens.plan_words import plan_in_words


def plan_from_rule(bucket: str, region: str, rule: RuleConfig) -> ReplicationPlan:
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


def rule_in_words(bucket: str, region: str, rule: RuleConfig) -> list[str]:
    return plan_in_words(plan_from_rule(bucket, region, rule))
