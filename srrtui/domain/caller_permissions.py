"""The RAM permissions the person running srrtui needs for a plan's role route, and which of
them the policies they carry do not allow: pure, judged with ``policy_eval`` (RAM semantics).

The actions are the RAM calls ``srrtui.cloud.enable`` and preflight make for each route (the new
role: GetRole, CreateRole, GetPolicy, CreatePolicy, ListPoliciesForRole, AttachPolicyToRole; a
custom role: GetRole, ListPoliciesForRole; AliyunOSSRole: GetRole). Resources follow RAM's
authorization page: ``acs:ram:*:<account>:role/<RoleName>``, ``...:policy/<PolicyName>``.
"""

from __future__ import annotations

from srrtui.domain.plan import RoleKind
from srrtui.domain.policy_eval import PolicyFormatError, evaluate, load_policy
from srrtui.domain.words.roles import NEW_ROLE_PERMISSIONS

_POLICY_ACTIONS = {"ram:GetPolicy", "ram:CreatePolicy"}
_ROUTE_ACTIONS = {
    RoleKind.NEW: NEW_ROLE_PERMISSIONS,
    RoleKind.CUSTOM: ("ram:GetRole", "ram:ListPoliciesForRole"),
    RoleKind.ALIYUN_OSS_ROLE: ("ram:GetRole",),
}


def needed_permissions(
    kind: RoleKind, role: str, policy: str, account_id: str
) -> list[tuple[str, str]]:
    """(action, resource) of every RAM call the route makes, in the order srrtui makes them."""
    base = f"acs:ram:*:{account_id or '*'}"
    return [
        (action, f"{base}:policy/{policy}" if action in _POLICY_ACTIONS else f"{base}:role/{role}")
        for action in _ROUTE_ACTIONS.get(kind, ())
    ]


def missing_permissions(
    needed: list[tuple[str, str]], documents: list[tuple[str, str]]
) -> list[str]:
    """The actions of ``needed`` that ``(policy name, document)`` pairs do not allow (an
    unreadable document allows nothing)."""
    parsed, names = [], []
    for name, document in documents:
        try:
            parsed.append(load_policy(document))
        except PolicyFormatError:
            continue
        names.append(name)
    return [
        action
        for action, resource in needed
        if not evaluate(parsed, action, resource, names=names).allowed
    ]
