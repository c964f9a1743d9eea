"""RAM users of the local cloud: an AccessKey that belongs to a RAM user, not to the account,
may call only the RAM actions its user's policies allow, as in real RAM; the account's own
keys (and STS keys) may call everything.

A denied call answers 403 ``NoPermission``, RAM's code for an action the caller's policies do
not allow (the RAM permission-diagnosis guide reads ``NoPermission`` with ``AccessDeniedDetail``
from such errors). Resources follow the RAM "Resource Access Management (IMS)" authorization
page: ``acs:ram:*:<account>:role/<RoleName>`` for role actions, ``.../policy/<PolicyName>`` for
policy actions. How a key comes to belong to a user is the local cloud's own affair (``bind``,
used by tests and seeds): real RAM makes the key with CreateAccessKey.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping

from srrtui.localcloud.ram.errors import RamError
from srrtui.localcloud.ram.evaluate import evaluate

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS ram_user_keys (
        access_key_id TEXT PRIMARY KEY,
        user_name TEXT NOT NULL COLLATE NOCASE)""",
    """CREATE TABLE IF NOT EXISTS ram_user_policies (
        user_name TEXT NOT NULL COLLATE NOCASE,
        policy_type TEXT NOT NULL,
        policy_name TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (user_name, policy_type, policy_name))""",
)

# The parameter that names each action's resource; actions not listed act on "*".
_ROLE_ACTIONS = {
    "CreateRole",
    "GetRole",
    "DeleteRole",
    "AttachPolicyToRole",
    "DetachPolicyFromRole",
    "ListPoliciesForRole",
}
_USER_ACTIONS = {"ListPoliciesForUser", "ListGroupsForUser"}
_POLICY_ACTIONS = {"CreatePolicy", "GetPolicy", "DeletePolicy"} | {
    "CreatePolicyVersion",
    "DeletePolicyVersion",
}


def ensure_schema(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA:
        conn.execute(statement)


def bind(
    conn: sqlite3.Connection, user: str, access_key_id: str, policies: list[tuple[str, str]]
) -> None:
    """Make ``access_key_id`` the key of RAM user ``user``, with ``(type, name)`` policies."""
    conn.execute("INSERT OR REPLACE INTO ram_user_keys VALUES (?, ?)", (access_key_id, user))
    for policy_type, name in policies:
        conn.execute(
            "INSERT OR IGNORE INTO ram_user_policies VALUES (?, ?, ?)", (user, policy_type, name)
        )


def resource(action: str, params: Mapping[str, str], account_uid: str) -> str:
    base = f"acs:ram:*:{account_uid}"
    if action in _ROLE_ACTIONS:
        return f"{base}:role/{params.get('RoleName', '')}"
    if action in _POLICY_ACTIONS:
        return f"{base}:policy/{params.get('PolicyName', '')}"
    if action == "ListRoles":
        return f"{base}:role/*"
    if action in _USER_ACTIONS:
        return f"{base}:user/{params.get('UserName', '')}"
    if action == "ListPoliciesForGroup":
        return f"{base}:group/{params.get('GroupName', '')}"
    return "*"


def user_of(conn: sqlite3.Connection, access_key_id: str) -> str | None:
    row = conn.execute(
        "SELECT user_name FROM ram_user_keys WHERE access_key_id = ?", (access_key_id,)
    ).fetchone()
    return None if row is None else str(row[0])


def user_exists(conn: sqlite3.Connection, user: str) -> bool:
    return any(
        conn.execute(f"SELECT 1 FROM {table} WHERE user_name = ? LIMIT 1", (user,)).fetchone()
        for table in ("ram_user_keys", "ram_user_policies")
    )


def user_policies(conn: sqlite3.Connection, user: str) -> list[tuple[str, str, str, str]]:
    """(type, name, description, default version) of each policy attached to ``user``."""
    rows = conn.execute(
        """SELECT p.policy_type, p.policy_name, p.description, p.default_version
           FROM ram_user_policies u
           JOIN ram_policies p ON p.policy_type = u.policy_type AND p.policy_name = u.policy_name
           WHERE u.user_name = ? ORDER BY p.policy_type, p.policy_name""",
        (user,),
    ).fetchall()
    return [(str(t), str(n), str(d or ""), str(v)) for t, n, d, v in rows]


def check(
    conn: sqlite3.Connection,
    access_key_id: str,
    action: str,
    params: Mapping[str, str],
    account_uid: str,
) -> None:
    """Raise NoPermission when the key is a RAM user's and its policies do not allow
    ``ram:<action>`` on the action's resource."""
    user = user_of(conn, access_key_id)
    if user is None:
        return  # the account's own key, or an STS key: RAM checks the role's policy elsewhere
    documents = conn.execute(
        """SELECT p.policy_type, p.policy_name, v.document
           FROM ram_user_policies u
           JOIN ram_policies p ON p.policy_type = u.policy_type AND p.policy_name = u.policy_name
           JOIN ram_policy_versions v ON v.policy_type = p.policy_type
                AND v.policy_name = p.policy_name AND v.version_id = p.default_version
           WHERE u.user_name = ?""",
        (user,),
    ).fetchall()
    wanted = f"ram:{action}"
    decision = evaluate(
        [json.loads(document) for _t, _n, document in documents],
        wanted,
        resource(action, params, account_uid),
        names=[f"{t} policy {n}" for t, n, _d in documents],
    )
    if not decision.allowed:
        raise RamError(
            403,
            "NoPermission",
            f"You are not authorized to do this action. You should be authorized by RAM. "
            f"(RAM user {user} is not allowed {wanted})",
        )
