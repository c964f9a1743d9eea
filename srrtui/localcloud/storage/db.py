"""The local cloud's SQLite database, shared by the OSS and RAM services and the engine.

One connection guarded by a lock: the server is threaded, and SQLite serialises writers anyway.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


class DataDirError(Exception):
    """A data directory the local cloud must not open: the message says what was found and what
    to do (one line, shown as is by ``srrtui local-cloud``, which exits 2)."""


def damaged(path: Path, error: sqlite3.DatabaseError) -> DataDirError:
    return DataDirError(
        f"{path} is damaged ({error}): restore it from a backup, or start clean with "
        "--reset-data (deletes the data)"
    )


def migrate(conn: sqlite3.Connection, component: str, migrations: Sequence[str]) -> None:
    """Bring one component's tables (``oss``, ``repl``...) to ``len(migrations)`` inside the
    caller's transaction. Each component versions its own schema in ``schema_versions``."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_versions "
        "(component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
    )
    row = conn.execute(
        "SELECT version FROM schema_versions WHERE component = ?", (component,)
    ).fetchone()
    current, latest = (row[0] if row else 0), len(migrations)
    if current > latest:
        raise DataDirError(
            f"the data directory was written by a newer srrtui ({component} schema {current}, "
            f"this one knows {latest}): run that srrtui, or start another --data directory"
        )
    for script in migrations[current:]:
        for statement in filter(str.strip, script.split(";")):
            conn.execute(statement)
    conn.execute(
        "INSERT OR REPLACE INTO schema_versions (component, version) VALUES (?, ?)",
        (component, latest),
    )


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        try:
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"...
            self._conn.close()
            raise damaged(path, exc) from None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed when the block ends, rolled back on an exception."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    def close(self) -> None:
        with self._lock:
            self._conn.close()
