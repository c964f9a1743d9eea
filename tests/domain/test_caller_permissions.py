"""Which RAM calls of a role route a caller's policies do not allow (pure, RAM semantics)."""

from __future__ import annotations

import json

from srrtui.domain.caller_permissions import missing_permissions, needed_permissions
from srrtui.domain.plan import RoleKind


def _doc(*statements: dict[str, object]) -> str:
    return json.dumps({"Version": "1", "Statement": list(statements)})


NEW = needed_permissions(RoleKind.NEW, "r1", "p1", "1234")


def test_each_route_needs_the_calls_srrtui_makes_on_its_own_role_and_policy() -> None:
    assert ("ram:AttachPolicyToRole", "acs:ram:*:1234:role/r1") in NEW
    assert ("ram:CreatePolicy", "acs:ram:*:1234:policy/p1") in NEW
    assert len(NEW) == 6
    assert [a for a, _ in needed_permissions(RoleKind.CUSTOM, "r1", "p1", "1234")] == [
        "ram:GetRole",
        "ram:ListPoliciesForRole",
    ]
    assert [a for a, _ in needed_permissions(RoleKind.ALIYUN_OSS_ROLE, "r", "p", "1")] == [
        "ram:GetRole"
    ]


def test_an_explicit_deny_wins_over_a_wildcard_allow() -> None:
    documents = [
        (
            "System policy AliyunRAMFullAccess",
            _doc({"Effect": "Allow", "Action": "ram:*", "Resource": "*"}),
        ),
        (
            "Custom policy no-attach",
            _doc({"Effect": "Deny", "Action": "ram:Attach*", "Resource": "acs:ram:*:*:role/*"}),
        ),
    ]
    assert missing_permissions(NEW, documents) == ["ram:AttachPolicyToRole"]


def test_a_policy_on_other_roles_allows_nothing_here_and_unreadable_documents_are_skipped() -> None:
    other = _doc({"Effect": "Allow", "Action": "ram:*", "Resource": "acs:ram:*:*:role/other"})
    assert missing_permissions(NEW, [("a", other), ("b", "not json")]) == [a for a, _ in NEW]
    assert missing_permissions(NEW, []) == [a for a, _ in NEW]
