"""A plan in plain sentences (the review step), and a rule read back from OSS in the same
sentences (watch's details), through the plan it amounts to."""

from __future__ import annotations

from srrtui.domain.plan import DeleteMode, ReplicationPlan, RoleKind, TagMatch
from srrtui.domain.rules import RuleConfig, plan_from_rule
from srrtui.domain.words.tags import tag_words
from srrtui.domain.words.translate import _, listing


def plan_in_words(plan: ReplicationPlan) -> list[str]:
    lines = [
        _("Copy from {source} to {destination} (both in {region}).").format(
            source=plan.source_bucket or "?",
            destination=plan.destination_bucket or "?",
            region=plan.source_region or "?",
        )
    ]
    if plan.all_objects:
        lines.append(_("Objects: all of them."))
    else:
        lines.append(
            _("Objects: only those under {prefixes}.").format(prefixes=listing(plan.prefixes))
        )
    tags = plan.tag_filter
    if tags.active:
        listed = listing([tag_words(t) for t in tags.tags]) or _("(none given)")
        if tags.match is TagMatch.ALL:
            lines.append(_("Tags: objects carrying every one of {tags}.").format(tags=listed))
        else:
            lines.append(_("Tags: objects carrying at least one of {tags}.").format(tags=listed))
    if plan.delete_mode is DeleteMode.ALL:
        lines.append(_("Deletions in the source are replicated (ALL)."))
    else:
        lines.append(_("Deletions are not replicated (PUT only): copies stay."))
    lines.append(
        _("Existing objects are copied too.")
        if plan.historical
        else _("Only objects written from now on are copied.")
    )
    if plan.kms.replicate:
        lines.append(
            _("SSE-KMS objects are replicated; replicas use KMS key {key}.").format(
                key=plan.kms.cmk_id
            )
        )
    else:
        lines.append(_("SSE-KMS objects are not replicated."))
    if plan.role.kind is RoleKind.NEW:
        lines.append(
            _("OSS uses a new role {role} with a least-privilege policy.").format(
                role=plan.sync_role_name
            )
        )
    elif plan.role.kind is RoleKind.ALIYUN_OSS_ROLE:
        lines.append(_("OSS uses AliyunOSSRole (access to every bucket)."))
    else:
        lines.append(_("OSS uses your role {role}.").format(role=plan.role.name))
    return lines


def rule_in_words(bucket: str, region: str, rule: RuleConfig) -> list[str]:
    return plan_in_words(plan_from_rule(bucket, region, rule))
