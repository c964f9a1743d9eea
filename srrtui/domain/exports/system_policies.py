"""``--as policy`` for a role srrtui does not create: which system policies apply.

The console's rules (OSS user guide "Same-region replication within the same account", role
types): AliyunOSSRole carries the system policy AliyunOSSFullAccess; replicating SSE-KMS objects
also needs KMS access, which the console grants with AliyunKMSCryptoUserAccess (the newer guides)
or AliyunKMSFullAccess (the older ones). A custom role needs the same permissions; srrtui's
preflight checks what its attached policies actually allow.
"""

from __future__ import annotations

from srrtui.domain.plan import ReplicationPlan, RoleKind

OSS_POLICY = "AliyunOSSFullAccess"
KMS_POLICIES = ("AliyunKMSCryptoUserAccess", "AliyunKMSFullAccess")


def system_policy_text(plan: ReplicationPlan) -> str:
    """Plain text: the role, the system policies that apply, and how to attach them."""
    role = plan.sync_role_name
    kms = plan.kms.replicate
    if plan.role.kind is RoleKind.ALIYUN_OSS_ROLE:
        lines = [
            f"The rule uses {role}, the service role OSS creates when you authorise it in the",
            "console. srrtui creates no policy for it; these system policies apply:",
        ]
    elif plan.role.kind is RoleKind.CUSTOM:
        lines = [
            f"The rule uses your role {role}; srrtui creates no policy for it. It must trust",
            "oss.aliyuncs.com and allow what these system policies allow (or the narrower",
            "least-privilege statements srrtui's preflight checks for):",
        ]
    else:
        raise ValueError("a new role gets srrtui's own policy document (policies.policy_json)")
    lines.append(f"  {OSS_POLICY}  (System): replication reads the source, writes the destination")
    if kms:
        lines.append(
            f"  {KMS_POLICIES[0]} or {KMS_POLICIES[1]}  (System): the plan replicates "
            "SSE-KMS objects"
        )
    else:
        lines.append("  no KMS policy: the plan does not replicate SSE-KMS objects")
    lines += ["", "Attach one that is missing with, for example:"]
    names = [OSS_POLICY] + ([KMS_POLICIES[0]] if kms else [])
    lines += [
        f"  aliyun ram AttachPolicyToRole --PolicyType System --PolicyName {name} --RoleName {role}"
        for name in names
    ]
    return "\n".join(lines) + "\n"
