"""Copies of the demo seed's data directory (the template tests/conftest.py writes once per
worker): a copy starts in a moment where seeding ~1,200 objects takes seconds."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

from srrtui.localcloud.storage.datadir import DB_NAME


def copy_demo_seed(seed: Path, target: Path) -> Path:
    """A fresh copy of the demo seed's data directory at ``target``, its seeded rule's clock
    starting now, as in a cloud seeded now (``start_delay`` counts from the copy, not from when
    the template was written)."""
    shutil.copytree(seed, target)
    conn = sqlite3.connect(target / DB_NAME)
    try:
        with conn:
            now = time.time()
            conn.execute("UPDATE repl_rules SET created = ?, status_since = ?", (now, now))
    finally:
        conn.close()
    return target
