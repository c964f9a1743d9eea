"""KMS keys and aliases in the local cloud's shared SQLite file (tables prefixed ``kms_``).

Every function takes the connection of an open ``Database.transaction()`` / ``Database.read()``
block. Keys list in creation order (then id): the KMS reference does not say in which order
ListKeys returns keys, so the local cloud picks a stable one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from srrtui.localcloud.storage.db import migrate as migrate_component

COMPONENT = "kms"
_MIGRATIONS: list[str] = [
    # 1: keys (symmetric, KMS-generated material only) and their aliases.
    """
    CREATE TABLE kms_keys (
        key_id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        creator TEXT NOT NULL,
        creation_date TEXT NOT NULL,
        delete_date TEXT NOT NULL DEFAULT '',
        key_usage TEXT NOT NULL,
        key_spec TEXT NOT NULL
    );
    CREATE INDEX kms_keys_created ON kms_keys(creation_date, key_id);
    CREATE TABLE kms_aliases (
        alias_name TEXT PRIMARY KEY,
        key_id TEXT NOT NULL REFERENCES kms_keys(key_id)
    );
    CREATE INDEX kms_aliases_key ON kms_aliases(key_id);
    """,
]

_KEY_COLUMNS = (
    "key_id, state, description, creator, creation_date, delete_date, key_usage, key_spec"
)
_ORDER = "ORDER BY creation_date, key_id"


@dataclass(frozen=True)
class KeyRow:
    key_id: str
    state: str  # Enabled | Disabled | PendingDeletion
    description: str
    creator: str  # the account UID
    creation_date: str  # UTC, 2024-05-20T06:34:21Z
    delete_date: str  # set only while PendingDeletion
    key_usage: str
    key_spec: str


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the KMS tables to the latest schema inside the caller's transaction; idempotent."""
    migrate_component(conn, COMPONENT, _MIGRATIONS)


def insert_key(conn: sqlite3.Connection, row: KeyRow) -> bool:
    """Add a key unless one with its id exists (then nothing changes); True if added."""
    cursor = conn.execute(
        f"INSERT INTO kms_keys ({_KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (key_id) DO NOTHING",
        (
            row.key_id,
            row.state,
            row.description,
            row.creator,
            row.creation_date,
            row.delete_date,
            row.key_usage,
            row.key_spec,
        ),
    )
    return cursor.rowcount > 0


def insert_alias(conn: sqlite3.Connection, alias_name: str, key_id: str) -> bool:
    """Point ``alias_name`` at a key unless the alias exists (then nothing changes)."""
    cursor = conn.execute(
        "INSERT INTO kms_aliases (alias_name, key_id) VALUES (?, ?) "
        "ON CONFLICT (alias_name) DO NOTHING",
        (alias_name, key_id),
    )
    return cursor.rowcount > 0


def get_key(conn: sqlite3.Connection, key_id: str) -> KeyRow | None:
    found = conn.execute(
        f"SELECT {_KEY_COLUMNS} FROM kms_keys WHERE key_id = ?", (key_id,)
    ).fetchone()
    return KeyRow(*found) if found else None


def alias_target(conn: sqlite3.Connection, alias_name: str) -> str | None:
    found = conn.execute(
        "SELECT key_id FROM kms_aliases WHERE alias_name = ?", (alias_name,)
    ).fetchone()
    return str(found[0]) if found else None


def list_keys(conn: sqlite3.Connection, offset: int, limit: int) -> list[KeyRow]:
    rows = conn.execute(
        f"SELECT {_KEY_COLUMNS} FROM kms_keys {_ORDER} LIMIT ? OFFSET ?", (limit, offset)
    ).fetchall()
    return [KeyRow(*r) for r in rows]


def count_keys(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM kms_keys").fetchone()[0])


def list_aliases(conn: sqlite3.Connection, offset: int, limit: int) -> list[tuple[str, str]]:
    """(alias name, key id) pairs, by alias name."""
    rows = conn.execute(
        "SELECT alias_name, key_id FROM kms_aliases ORDER BY alias_name LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


def count_aliases(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM kms_aliases").fetchone()[0])


def aliases_of(conn: sqlite3.Connection, key_id: str) -> list[str]:
    rows = conn.execute(
        "SELECT alias_name FROM kms_aliases WHERE key_id = ? ORDER BY alias_name", (key_id,)
    ).fetchall()
    return [str(r[0]) for r in rows]
