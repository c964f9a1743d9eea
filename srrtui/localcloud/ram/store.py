"""RAM state in the local cloud's shared SQLite file (tables prefixed ``ram_``).

Names are unique case-insensitively (``COLLATE NOCASE``) but kept as written, like real RAM,
where ``AliyunOSSRole`` and ``aliyunossrole`` are the same role. Every function takes the
connection of an open ``Database.transaction()`` / ``Database.read()`` block.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from srrtui.localcloud.ram.system_policies import SYSTEM_POLICIES

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS ram_roles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        role_id TEXT NOT NULL UNIQUE,
        role_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        description TEXT NOT NULL DEFAULT '',
        trust_policy TEXT NOT NULL,
        max_session_duration INTEGER NOT NULL,
        create_date TEXT NOT NULL,
        update_date TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS ram_policies (
        policy_type TEXT NOT NULL,
        policy_name TEXT NOT NULL COLLATE NOCASE,
        description TEXT NOT NULL DEFAULT '',
        default_version TEXT NOT NULL,
        next_version INTEGER NOT NULL DEFAULT 2,
        create_date TEXT NOT NULL,
        update_date TEXT NOT NULL,
        PRIMARY KEY (policy_type, policy_name))""",
    """CREATE TABLE IF NOT EXISTS ram_policy_versions (
        policy_type TEXT NOT NULL,
        policy_name TEXT NOT NULL COLLATE NOCASE,
        version_id TEXT NOT NULL,
        document TEXT NOT NULL,
        create_date TEXT NOT NULL,
        PRIMARY KEY (policy_type, policy_name, version_id),
        FOREIGN KEY (policy_type, policy_name)
            REFERENCES ram_policies (policy_type, policy_name) ON DELETE CASCADE)""",
    """CREATE TABLE IF NOT EXISTS ram_role_policies (
        role_seq INTEGER NOT NULL REFERENCES ram_roles (seq),
        policy_type TEXT NOT NULL,
        policy_name TEXT NOT NULL COLLATE NOCASE,
        attach_date TEXT NOT NULL,
        PRIMARY KEY (role_seq, policy_type, policy_name),
        FOREIGN KEY (policy_type, policy_name) REFERENCES ram_policies (policy_type, policy_name))""",
)


@dataclass(frozen=True)
class RoleRow:
    seq: int
    role_id: str
    role_name: str
    description: str
    trust_policy: str
    max_session_duration: int
    create_date: str
    update_date: str


@dataclass(frozen=True)
class PolicyRow:
    policy_type: str
    policy_name: str
    description: str
    default_version: str
    create_date: str
    update_date: str
    document: str  # the default version's document
    attachment_count: int
    version_date: str  # the default version's CreateDate


@dataclass(frozen=True)
class AttachmentRow:
    policy: PolicyRow
    attach_date: str


# System policies predate every account; the date is the API reference's sample CreateDate.
SYSTEM_POLICY_DATE = "2015-01-23T12:33:18Z"


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the tables and (re)install the system policies; idempotent."""
    now = SYSTEM_POLICY_DATE
    for statement in _SCHEMA:
        conn.execute(statement)
    for name, (description, document) in SYSTEM_POLICIES.items():
        # An upsert, never INSERT OR REPLACE: a replace would delete the row and break the
        # attachments that reference it.
        conn.execute(
            """INSERT INTO ram_policies (policy_type, policy_name, description, default_version,
                   create_date, update_date) VALUES ('System', ?, ?, 'v1', ?, ?)
               ON CONFLICT (policy_type, policy_name) DO UPDATE SET description = excluded.description""",
            (name, description, now, now),
        )
        conn.execute(
            """INSERT INTO ram_policy_versions VALUES ('System', ?, 'v1', ?, ?)
               ON CONFLICT DO UPDATE SET document = excluded.document""",
            (name, document, now),
        )


# --- roles -----------------------------------------------------------------------------------

_ROLE_COLUMNS = (
    "seq, role_id, role_name, description, trust_policy, max_session_duration, create_date, "
    "update_date"
)


def insert_role(conn: sqlite3.Connection, row: RoleRow) -> RoleRow:
    conn.execute(
        f"INSERT INTO ram_roles ({_ROLE_COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)",
        (
            row.role_id,
            row.role_name,
            row.description,
            row.trust_policy,
            row.max_session_duration,
            row.create_date,
            row.update_date,
        ),
    )
    stored = get_role(conn, row.role_name)
    assert stored is not None
    return stored


def get_role(conn: sqlite3.Connection, name: str) -> RoleRow | None:
    found = conn.execute(
        f"SELECT {_ROLE_COLUMNS} FROM ram_roles WHERE role_name = ?", (name,)
    ).fetchone()
    return RoleRow(*found) if found else None


def list_roles(conn: sqlite3.Connection, after_seq: int, limit: int) -> list[RoleRow]:
    rows = conn.execute(
        f"SELECT {_ROLE_COLUMNS} FROM ram_roles WHERE seq > ? ORDER BY seq LIMIT ?",
        (after_seq, limit),
    ).fetchall()
    return [RoleRow(*r) for r in rows]


def count_roles(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM ram_roles").fetchone()[0])


def delete_role(conn: sqlite3.Connection, seq: int) -> None:
    conn.execute("DELETE FROM ram_roles WHERE seq = ?", (seq,))


# --- policies --------------------------------------------------------------------------------

_POLICY_SELECT = """
    SELECT p.policy_type, p.policy_name, p.description, p.default_version, p.create_date,
           p.update_date, v.document,
           (SELECT COUNT(*) FROM ram_role_policies a
             WHERE a.policy_type = p.policy_type AND a.policy_name = p.policy_name),
           v.create_date
      FROM ram_policies p
      JOIN ram_policy_versions v ON v.policy_type = p.policy_type
           AND v.policy_name = p.policy_name AND v.version_id = p.default_version"""


def get_policy(conn: sqlite3.Connection, policy_type: str, name: str) -> PolicyRow | None:
    found = conn.execute(
        _POLICY_SELECT + " WHERE p.policy_type = ? AND p.policy_name = ?", (policy_type, name)
    ).fetchone()
    return PolicyRow(*found) if found else None


def insert_policy(
    conn: sqlite3.Connection, name: str, description: str, document: str, now: str
) -> PolicyRow:
    conn.execute(
        "INSERT INTO ram_policies VALUES ('Custom', ?, ?, 'v1', 2, ?, ?)",
        (name, description, now, now),
    )
    conn.execute(
        "INSERT INTO ram_policy_versions VALUES ('Custom', ?, 'v1', ?, ?)", (name, document, now)
    )
    policy = get_policy(conn, "Custom", name)
    assert policy is not None
    return policy


def count_custom_policies(conn: sqlite3.Connection) -> int:
    return int(
        conn.execute("SELECT COUNT(*) FROM ram_policies WHERE policy_type = 'Custom'").fetchone()[0]
    )


def delete_policy(conn: sqlite3.Connection, name: str) -> None:
    conn.execute(
        "DELETE FROM ram_policies WHERE policy_type = 'Custom' AND policy_name = ?", (name,)
    )


def version_ids(conn: sqlite3.Connection, name: str) -> list[str]:
    rows = conn.execute(
        """SELECT version_id FROM ram_policy_versions WHERE policy_type = 'Custom'
           AND policy_name = ? ORDER BY create_date, CAST(substr(version_id, 2) AS INTEGER)""",
        (name,),
    ).fetchall()
    return [r[0] for r in rows]


def add_version(
    conn: sqlite3.Connection, name: str, document: str, set_default: bool, now: str
) -> str:
    (number,) = conn.execute(
        "SELECT next_version FROM ram_policies WHERE policy_type = 'Custom' AND policy_name = ?",
        (name,),
    ).fetchone()
    version_id = f"v{number}"
    conn.execute(
        "INSERT INTO ram_policy_versions VALUES ('Custom', ?, ?, ?, ?)",
        (name, version_id, document, now),
    )
    conn.execute(
        """UPDATE ram_policies SET next_version = next_version + 1, update_date = ?,
               default_version = CASE WHEN ? THEN ? ELSE default_version END
           WHERE policy_type = 'Custom' AND policy_name = ?""",
        (now, set_default, version_id, name),
    )
    return version_id


def delete_version(conn: sqlite3.Connection, name: str, version_id: str) -> None:
    conn.execute(
        "DELETE FROM ram_policy_versions WHERE policy_type = 'Custom' AND policy_name = ? "
        "AND version_id = ?",
        (name, version_id),
    )


# --- attachments -----------------------------------------------------------------------------


def attach(conn: sqlite3.Connection, role: RoleRow, policy: PolicyRow, now: str) -> None:
    conn.execute(
        "INSERT INTO ram_role_policies VALUES (?, ?, ?, ?)",
        (role.seq, policy.policy_type, policy.policy_name, now),
    )


def detach(conn: sqlite3.Connection, role: RoleRow, policy_type: str, name: str) -> bool:
    cursor = conn.execute(
        "DELETE FROM ram_role_policies WHERE role_seq = ? AND policy_type = ? AND policy_name = ?",
        (role.seq, policy_type, name),
    )
    return cursor.rowcount > 0


def detach_everywhere(conn: sqlite3.Connection, name: str) -> None:
    conn.execute(
        "DELETE FROM ram_role_policies WHERE policy_type = 'Custom' AND policy_name = ?", (name,)
    )


def is_attached(conn: sqlite3.Connection, role: RoleRow, policy_type: str, name: str) -> bool:
    found = conn.execute(
        "SELECT 1 FROM ram_role_policies WHERE role_seq = ? AND policy_type = ? AND policy_name = ?",
        (role.seq, policy_type, name),
    ).fetchone()
    return found is not None


def role_attachments(conn: sqlite3.Connection, role: RoleRow) -> list[AttachmentRow]:
    rows = conn.execute(
        """SELECT r.attach_date, p.policy_type, p.policy_name, p.description, p.default_version,
                  p.create_date, p.update_date, v.document,
                  (SELECT COUNT(*) FROM ram_role_policies a
                    WHERE a.policy_type = p.policy_type AND a.policy_name = p.policy_name),
                  v.create_date
             FROM ram_role_policies r
             JOIN ram_policies p
                  ON p.policy_type = r.policy_type AND p.policy_name = r.policy_name
             JOIN ram_policy_versions v ON v.policy_type = p.policy_type
                  AND v.policy_name = p.policy_name AND v.version_id = p.default_version
            WHERE r.role_seq = ?
            ORDER BY r.attach_date, p.policy_type, p.policy_name""",
        (role.seq,),
    ).fetchall()
    return [AttachmentRow(PolicyRow(*r[1:]), r[0]) for r in rows]
