"""Checks of the role OSS assumes: exists, trusts OSS, and (custom) allows what replication needs.

What replication needs is the least-privilege policy srrtui itself would create
(``srrtui.domain.policies.replication_policy``), so the custom-role check and the new role can
never disagree. Its resources use ``*`` for region and account (``acs:oss:*:*:bucket``); they are
made concrete with the plan's region and the account UID from the role's ARN before a custom
policy is evaluated, so a policy naming the account or region explicitly is judged correctly.
"""

from __future__ import annotations

from srrtui.cloud.ram import RamAdapter, RoleInfo
from srrtui.cloud.types import CheckLine, CheckStatus, CloudError
from srrtui.domain.plan import ALIYUN_OSS_ROLE, ReplicationPlan, RoleKind
from srrtui.domain.policy_eval import PolicyFormatError, evaluate, load_policy, trusts_service
from srrtui.domain.words.translate import _, clauses

OSS_SERVICE = "oss.aliyuncs.com"
PASS, WARN, FAIL = CheckStatus.PASS, CheckStatus.WARN, CheckStatus.FAIL
# RAM's code for an action the caller's policies do not allow (403).
NO_PERMISSION = "NoPermission"


def required_permissions(plan: ReplicationPlan, account_id: str) -> list[tuple[str, str]]:
    """Every (action, resource) the replication role must be allowed."""
    from srrtui.domain.policies import replication_policy

    region = plan.effective_destination_region
    pairs: list[tuple[str, str]] = []
    for statement in replication_policy(plan)["Statement"]:
        for resource in statement["Resource"]:
            concrete = _concrete(resource, region, account_id)
            pairs.extend((action, concrete) for action in statement["Action"])
    return pairs


def _concrete(resource: str, region: str, account_id: str) -> str:
    # acs:<service>:<region>:<account>:<path>
    parts = resource.split(":", 4)
    if len(parts) == 5:
        if parts[2] == "*" and region:
            parts[2] = region
        if parts[3] == "*" and account_id:
            parts[3] = account_id
    return ":".join(parts)


def denied_permissions(
    plan: ReplicationPlan, role: RoleInfo, documents: list[tuple[str, str]]
) -> list[str]:
    """Why each needed permission is refused, given ``(policy name, document)`` pairs."""
    parsed = []
    names = []
    for name, document in documents:
        try:
            parsed.append(load_policy(document))
            names.append(name)
        except PolicyFormatError:
            continue
    reasons = []
    for action, resource in required_permissions(plan, role.account_id):
        decision = evaluate(parsed, action, resource, names=names)
        if not decision.allowed:
            reasons.append(decision.reason)
    return reasons


def attached_documents(ram: RamAdapter, role: str) -> list[tuple[str, str]]:
    documents = []
    for attached in ram.policies_for_role(role):
        document = ram.get_policy_document(attached.name, attached.policy_type or "Custom")
        if document:
            documents.append((f"{attached.policy_type} policy {attached.name}", document))
    return documents


def check_role(plan: ReplicationPlan, ram: RamAdapter) -> list[CheckLine]:
    """Preflight lines for the plan's role. A RAM call refused for want of permission is a
    failure naming the permission (nothing is written before enabling, so it is said here,
    before anything is created); other RAM errors propagate (the caller turns them into a
    "could not check" warning)."""
    try:
        return _check_role(plan, ram)
    except CloudError as error:
        if error.code != NO_PERMISSION:
            raise
        return [_missing_permission(plan, error)]


def _missing_permission(plan: ReplicationPlan, error: CloudError) -> CheckLine:
    from srrtui.domain.words.roles import NEW_ROLE_PERMISSIONS

    missing = f"ram:{error.operation}" if error.operation else _("a RAM permission")
    needs = (
        ", ".join(NEW_ROLE_PERMISSIONS)
        if plan.role.kind is RoleKind.NEW
        else "ram:GetRole, ram:ListPoliciesForRole, ram:GetPolicy"
    )
    return CheckLine(
        FAIL,
        _("this AccessKey may not call {missing}: the role cannot be checked or set up").format(
            missing=missing
        ),
        _("grant the RAM user {needs} (RAM says: {said})").format(needs=needs, said=error.message),
        error,
    )


def _check_role(plan: ReplicationPlan, ram: RamAdapter) -> list[CheckLine]:
    name = plan.sync_role_name
    kind = plan.role.kind
    role = ram.get_role(name)
    if kind is RoleKind.NEW:
        return _new_role(plan, ram, role)
    if role is None:
        if kind is RoleKind.ALIYUN_OSS_ROLE:
            return [
                CheckLine(
                    FAIL,
                    _("{role} does not exist in this account").format(role=ALIYUN_OSS_ROLE),
                    _(
                        "authorize OSS to create it in the OSS console, or let srrtui create a "
                        "least-privilege role"
                    ),
                )
            ]
        return [
            CheckLine(
                FAIL,
                _("the role {role} does not exist").format(role=name),
                _("check the name, or let srrtui create a least-privilege role"),
            )
        ]
    if kind is RoleKind.ALIYUN_OSS_ROLE:
        return [CheckLine(PASS, _("{role} exists").format(role=ALIYUN_OSS_ROLE), role.arn)]
    lines = [_trust_line(role)]
    reasons = denied_permissions(plan, role, attached_documents(ram, name))
    if reasons:
        shown = clauses(reasons[:4]) + (
            _("; and {count} more").format(count=len(reasons) - 4) if len(reasons) > 4 else ""
        )
        lacks = _("the role {role} lacks permissions replication needs").format(role=name)
        lines.append(CheckLine(FAIL, lacks, shown))
    else:
        allows = _("the role {role} allows replication between both buckets").format(role=name)
        lines.append(CheckLine(PASS, allows))
    return lines


def _trust_line(role: RoleInfo) -> CheckLine:
    try:
        trusted = trusts_service(role.trust_policy, OSS_SERVICE)
    except PolicyFormatError as error:
        unreadable = _("the role {role}'s trust policy is unreadable").format(role=role.name)
        return CheckLine(FAIL, unreadable, str(error))
    if trusted:
        return CheckLine(
            PASS, _("the role {role} can be assumed by OSS").format(role=role.name), role.arn
        )
    return CheckLine(
        FAIL,
        _("the role {role} does not trust OSS").format(role=role.name),
        _("its trust policy must allow sts:AssumeRole for the service {service}").format(
            service=OSS_SERVICE
        ),
    )


def _new_role(plan: ReplicationPlan, ram: RamAdapter, role: RoleInfo | None) -> list[CheckLine]:
    from srrtui.domain.policies import PolicyTooLarge, policy_json

    name, policy = plan.sync_role_name, plan.new_policy_name
    try:
        policy_json(plan, indent=None)
    except PolicyTooLarge as error:
        return [CheckLine(FAIL, _("the new role's policy is too large"), str(error))]
    if role is None:
        return [
            CheckLine(
                PASS,
                _("a new role {role} will be created").format(role=name),
                _("with the least-privilege policy {policy}, for these two buckets only").format(
                    policy=policy
                ),
            )
        ]
    lines = [_trust_line(role)]
    document = ram.get_policy_document(policy)
    if document is not None:
        reasons = denied_permissions(plan, role, [(policy, document)])
        if reasons:
            lines.append(
                CheckLine(
                    FAIL,
                    _("the policy {policy} exists with other permissions").format(policy=policy),
                    clauses(reasons[:4])
                    + _(
                        "; delete the policy or the role (left by an earlier plan) and enable again"
                    ),
                )
            )
            return lines
    lines.append(
        CheckLine(
            PASS,
            _("the role {role} exists from an earlier run").format(role=name),
            _("it will be reused; missing pieces are created"),
        )
    )
    return lines
