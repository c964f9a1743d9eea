"""Checks on a local cloud data directory before anything in it is opened or changed.

The object bytes (``blobs/``) are only reachable through the database (``cloud.sqlite3``). Object
files with no database that knows them (deleted, emptied, or never written) mean the database was
lost, not that the files are garbage: the local cloud refuses to start and says how to recover,
unless told explicitly to start clean (``reset``), which removes both.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from srrtui.localcloud.storage.db import DataDirError

DB_NAME = "cloud.sqlite3"
_DB_FILES = (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm")


def prepare(data_dir: Path, *, reset: bool = False) -> Path:
    """Create or check ``data_dir`` and return the database path; DataDirError when it must not
    be opened."""
    if data_dir.exists() and not data_dir.is_dir():
        raise DataDirError(f"--data {data_dir} is a file, not a directory: give a directory")
    if reset:
        shutil.rmtree(data_dir / "blobs", ignore_errors=True)
        for name in _DB_FILES:
            (data_dir / name).unlink(missing_ok=True)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(f"cannot create --data {data_dir}: {exc.strerror}") from None
    db = data_dir / DB_NAME
    blobs = _object_files(data_dir / "blobs")
    if blobs and not _knows_objects(db):
        state = "missing" if not db.exists() else "empty"
        raise DataDirError(
            f"{data_dir} holds {blobs} object file(s) in blobs/ but its database {DB_NAME} is "
            f"{state}, so nothing says which objects they are: restore {DB_NAME} from a backup, "
            "or start clean with --reset-data (deletes them)"
        )
    return db


def _object_files(blobs: Path) -> int:
    if not blobs.is_dir():
        return 0
    return sum(1 for p in blobs.glob("*/*") if not p.name.startswith(".tmp-"))


def _knows_objects(db: Path) -> bool:
    """True when ``db`` has the OSS tables (a database written by a local cloud)."""
    if not db.is_file() or db.stat().st_size == 0:
        return False
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            row = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'oss_objects'"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True  # damaged, not empty: Database() says so with its own message
    return row is not None
