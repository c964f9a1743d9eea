"""Replication state in SQLite (``repl_*`` tables): rules, each rule's event cursor, its
historical work list and the source -> replica version map.

Everything the engine needs to resume after a restart lives here: a rule remembers the last
``oss_events`` seq it has processed (``cursor_seq``), and historical replication is a work list
of the matching objects that existed when the rule was created (taken in the same transaction
that reads ``created_seq``, so no write falls between the two), each row pending or done.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from functools import lru_cache

from srrtui.domain.replication_xml import parse_put_replication, render_rule
from srrtui.domain.rules import RuleConfig, RuleStatus
from srrtui.localcloud.oss.records import OBJECT_COLUMNS, object_from_row
from srrtui.localcloud.replication.filter import eligible
from srrtui.localcloud.storage.db import Database
from srrtui.localcloud.storage.db import migrate as migrate_component

COMPONENT = "repl"
_MIGRATIONS: list[str] = [
    """
    CREATE TABLE repl_rules (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        rule_id TEXT NOT NULL,
        source TEXT NOT NULL,
        destination TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL,
        created REAL NOT NULL,
        status_since REAL NOT NULL,
        created_seq INTEGER NOT NULL,
        cursor_seq INTEGER NOT NULL,
        historical_total INTEGER NOT NULL DEFAULT 0,
        historical_done INTEGER NOT NULL DEFAULT 0,
        copied INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        blocked TEXT NOT NULL DEFAULT '',
        last_error TEXT NOT NULL DEFAULT ''
    );
    CREATE UNIQUE INDEX repl_rules_id ON repl_rules(source, rule_id);
    CREATE INDEX repl_rules_destination ON repl_rules(destination);
    CREATE TABLE repl_historical (
        rule INTEGER NOT NULL,
        key TEXT NOT NULL,
        version_id TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        PRIMARY KEY (rule, key)
    );
    CREATE INDEX repl_historical_pending ON repl_historical(rule, state);
    CREATE TABLE repl_versions (
        rule INTEGER NOT NULL,
        key TEXT NOT NULL,
        src_version TEXT NOT NULL,
        dst_version TEXT NOT NULL,
        PRIMARY KEY (rule, key, src_version)
    );
    """,
]
SCHEMA_VERSION = len(_MIGRATIONS)
_COUNTERS = ("copied", "deleted", "skipped")


@dataclass(frozen=True)
class RuleRecord:
    id: int  # internal row id (rule IDs are unique per source bucket only)
    rule: RuleConfig  # with its status
    source: str
    created: float
    status_since: float
    created_seq: int
    cursor_seq: int
    historical_total: int
    historical_done: int
    copied: int
    deleted: int
    skipped: int
    blocked: str
    last_error: str

    @property
    def rule_id(self) -> str:
        return self.rule.rule_id

    @property
    def status(self) -> RuleStatus:
        assert self.rule.status is not None
        return self.rule.status

    @property
    def destination(self) -> str:
        return self.rule.destination_bucket


@lru_cache(maxsize=512)
def _parse(body: str) -> RuleConfig:
    # The body was validated when the rule was created; parse with the highest quota so a
    # stored rule always reads back.
    return parse_put_replication(body)


def _record(row: sqlite3.Row) -> RuleRecord:
    rule = replace(_parse(row["body"]), status=RuleStatus(row["status"]))
    return RuleRecord(
        id=row["id"],
        rule=rule,
        source=row["source"],
        created=row["created"],
        status_since=row["status_since"],
        created_seq=row["created_seq"],
        cursor_seq=row["cursor_seq"],
        historical_total=row["historical_total"],
        historical_done=row["historical_done"],
        copied=row["copied"],
        deleted=row["deleted"],
        skipped=row["skipped"],
        blocked=row["blocked"],
        last_error=row["last_error"],
    )


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the repl_ tables to SCHEMA_VERSION inside the caller's transaction."""
    migrate_component(conn, COMPONENT, _MIGRATIONS)


class ReplicationStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        with db.transaction() as conn:
            migrate(conn)

    # --- rules ---------------------------------------------------------------------------
    def create_rule(self, source: str, rule: RuleConfig, now: float) -> RuleRecord:
        """Insert a ``starting`` rule; snapshot the event seq and, with historical replication,
        the matching latest objects of the source, all in one transaction."""
        body = render_rule(replace(rule, status=None))
        with self.db.transaction() as conn:
            created_seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM oss_events").fetchone()[0]
            cur = conn.execute(
                "INSERT INTO repl_rules (rule_id, source, destination, body, status, created, "
                "status_since, created_seq, cursor_seq) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    rule.rule_id,
                    source,
                    rule.destination_bucket,
                    body,
                    RuleStatus.STARTING.value,
                    now,
                    now,
                    created_seq,
                    created_seq,
                ),
            )
            rid = cur.lastrowid
            assert rid is not None  # an INSERT's row
            if rule.historical:
                rows = conn.execute(
                    f"SELECT {OBJECT_COLUMNS} FROM oss_objects WHERE bucket = ? AND is_latest = 1 "
                    "AND delete_marker = 0 AND is_replica = 0 AND seq <= ?",
                    (source, created_seq),
                ).fetchall()
                work = [
                    (rid, obj.key, obj.version_id)
                    for obj in map(object_from_row, rows)
                    if eligible(rule, obj)
                ]
                conn.executemany(
                    "INSERT INTO repl_historical (rule, key, version_id) VALUES (?,?,?)", work
                )
                conn.execute(
                    "UPDATE repl_rules SET historical_total = ? WHERE id = ?", (len(work), rid)
                )
        found = self.get(rid)
        assert found is not None
        return found

    def get(self, rid: int) -> RuleRecord | None:
        with self.db.read() as conn:
            row = conn.execute("SELECT * FROM repl_rules WHERE id = ?", (rid,)).fetchone()
        return _record(row) if row else None

    def find(self, source: str, rule_id: str) -> RuleRecord | None:
        with self.db.read() as conn:
            row = conn.execute(
                "SELECT * FROM repl_rules WHERE source = ? AND rule_id = ?", (source, rule_id)
            ).fetchone()
        return _record(row) if row else None

    def rules(self, source: str | None = None) -> list[RuleRecord]:
        """Rules in creation order, of one source bucket or all."""
        sql, args = "SELECT * FROM repl_rules", tuple[str, ...]()
        if source is not None:
            sql, args = sql + " WHERE source = ?", (source,)
        with self.db.read() as conn:
            rows = conn.execute(sql + " ORDER BY id", args).fetchall()
        return [_record(r) for r in rows]

    def count_touching(self, bucket: str) -> int:
        """Rules in which ``bucket`` is the source or the destination."""
        with self.db.read() as conn:
            count: int = conn.execute(
                "SELECT COUNT(*) FROM repl_rules WHERE source = ? OR destination = ?",
                (bucket, bucket),
            ).fetchone()[0]
        return count

    def set_status(self, rid: int, old: RuleStatus, new: RuleStatus, now: float) -> bool:
        """Compare-and-set, so the engine and a DeleteBucketReplication never undo each other."""
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE repl_rules SET status = ?, status_since = ? WHERE id = ? AND status = ?",
                (new.value, now, rid, old.value),
            )
        return cur.rowcount == 1

    def close(self, rid: int, now: float) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE repl_rules SET status = ?, status_since = ? WHERE id = ? AND status != ?",
                (RuleStatus.CLOSING.value, now, rid, RuleStatus.CLOSING.value),
            )

    def remove(self, rid: int) -> None:
        with self.db.transaction() as conn:
            for table, column in (
                ("repl_historical", "rule"),
                ("repl_versions", "rule"),
                ("repl_rules", "id"),
            ):
                conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (rid,))

    # --- engine bookkeeping ----------------------------------------------------------------
    def advance(self, rid: int, seq: int, outcome: str) -> None:
        """The event ``seq`` is done (``outcome`` is copied, deleted or skipped)."""
        counter = outcome if outcome in _COUNTERS else "skipped"
        with self.db.transaction() as conn:
            conn.execute(
                f"UPDATE repl_rules SET cursor_seq = MAX(cursor_seq, ?), {counter} = {counter} + 1, "
                "blocked = '' WHERE id = ?",
                (seq, rid),
            )

    def pending_historical(self, rid: int, limit: int) -> list[tuple[str, str]]:
        with self.db.read() as conn:
            rows = conn.execute(
                "SELECT key, version_id FROM repl_historical WHERE rule = ? AND state = 'pending' "
                "ORDER BY key LIMIT ?",
                (rid, limit),
            ).fetchall()
        return [(r["key"], r["version_id"]) for r in rows]

    def finish_historical(self, rid: int, key: str, outcome: str) -> None:
        counter = outcome if outcome in _COUNTERS else "skipped"
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE repl_historical SET state = ? WHERE rule = ? AND key = ? AND state = 'pending'",
                (counter, rid, key),
            )
            if cur.rowcount:
                conn.execute(
                    f"UPDATE repl_rules SET historical_done = historical_done + 1, "
                    f"{counter} = {counter} + 1, blocked = '' WHERE id = ?",
                    (rid,),
                )

    def set_blocked(self, rid: int, reason: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE repl_rules SET blocked = ?, last_error = ? WHERE id = ?",
                (reason, reason, rid),
            )

    def record_version(self, rid: int, key: str, src_version: str, dst_version: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO repl_versions (rule, key, src_version, dst_version) "
                "VALUES (?,?,?,?)",
                (rid, key, src_version, dst_version),
            )

    def replica_version(self, rid: int, key: str, src_version: str) -> str | None:
        with self.db.read() as conn:
            row = conn.execute(
                "SELECT dst_version FROM repl_versions WHERE rule = ? AND key = ? AND src_version = ?",
                (rid, key, src_version),
            ).fetchone()
        return row[0] if row else None
