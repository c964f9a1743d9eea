"""The plan in plain sentences, for the review step (pure: no Textual)."""

from __future__ import annotations

from srrtui.domain.plan import DeleteMode, ReplicationPlan, RoleKind, TagMatch
from srrtui.domain.tag_words import tag_words


def plan_in_words(plan: ReplicationPlan) -> list[str]:
    region = plan.source_region or "?"
    lines = [
        f"Copy from {plan.source_bucket or '?'} to {plan.destination_bucket or '?'} "
        f"(both in {region}).",
    ]
    if plan.all_objects:
        lines.append("Objects: all of them.")
    else:
        lines.append("Objects: only those under " + ", ".join(plan.prefixes) + ".")
    tags = plan.tag_filter
    if tags.active:
        how = "every one" if tags.match is TagMatch.ALL else "at least one"
        listed = ", ".join(tag_words(t) for t in tags.tags) or "(none given)"
        lines.append(f"Tags: objects carrying {how} of {listed}.")
    if plan.delete_mode is DeleteMode.ALL:
        lines.append("Deletions in the source are replicated (ALL).")
    else:
        lines.append("Deletions are not replicated (PUT only): copies stay.")
    lines.append(
        "Existing objects are copied too."
        if plan.historical
        else "Only objects written from now on are copied."
    )
    if plan.kms.replicate:
        lines.append(f"SSE-KMS objects are replicated; replicas use KMS key {plan.kms.cmk_id}.")
    else:
        lines.append("SSE-KMS objects are not replicated.")
    if plan.role.kind is RoleKind.NEW:
        lines.append(f"OSS uses a new role {plan.sync_role_name} with a least-privilege policy.")
    elif plan.role.kind is RoleKind.ALIYUN_OSS_ROLE:
        lines.append("OSS uses AliyunOSSRole (access to every bucket).")
    else:
        lines.append(f"OSS uses your role {plan.role.name}.")
    return lines
