"""The OSS store's read-only queries: the event log, listings, versions and the admin summary
(a base class of ``OssStore``, which holds ``db``)."""

from __future__ import annotations

from srrtui.localcloud.db import Database
from srrtui.localcloud.oss_records import (
    OBJECT_COLUMNS,
    ObjectEvent,
    ObjectPage,
    ObjectVersion,
    object_from_row,
    select_page,
)
from srrtui.localcloud.oss_xml import no_such_bucket


class OssStoreReads:
    db: Database

    @staticmethod
    def _require_bucket(conn, name: str):  # noqa: ANN001, ANN205
        row = conn.execute("SELECT * FROM oss_buckets WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise no_such_bucket(name)
        return row

    def events_since(
        self, seq: int, bucket: str | None = None, limit: int = 1000
    ) -> list[ObjectEvent]:
        sql = "SELECT * FROM oss_events WHERE seq > ?"
        args: list = [seq]
        if bucket is not None:
            sql += " AND bucket = ?"
            args.append(bucket)
        with self.db.read() as conn:
            rows = conn.execute(sql + " ORDER BY seq LIMIT ?", [*args, limit]).fetchall()
        return [
            ObjectEvent(
                r["seq"],
                r["time"],
                r["bucket"],
                r["key"],
                r["version_id"],
                r["kind"],
                bool(r["is_replica"]),
            )
            for r in rows
        ]

    def last_seq(self) -> int:
        with self.db.read() as conn:
            return conn.execute("SELECT COALESCE(MAX(seq), 0) FROM oss_events").fetchone()[0]

    def list_objects(
        self,
        bucket: str,
        *,
        prefix: str = "",
        delimiter: str = "",
        marker: str = "",
        max_keys: int = 100,
    ) -> ObjectPage:
        """Latest non-deleted versions in key order (code-point order = UTF-8 byte order, as OSS
        sorts), rolling keys up to CommonPrefixes at the first delimiter after the prefix."""
        with self.db.read() as conn:
            self._require_bucket(conn, bucket)
            return select_page(conn, bucket, prefix, delimiter, marker, max_keys)

    def object_versions(self, bucket: str, key: str) -> list[ObjectVersion]:
        """Every version of a key, newest first (for the engine and tests)."""
        with self.db.read() as conn:
            rows = conn.execute(
                f"SELECT {OBJECT_COLUMNS} FROM oss_objects WHERE bucket = ? AND key = ? "
                "ORDER BY id DESC",
                (bucket, key),
            ).fetchall()
        return [object_from_row(r) for r in rows]

    def snapshot(self) -> dict:
        """A JSON-able summary for the admin view."""
        with self.db.read() as conn:
            buckets = conn.execute(
                "SELECT b.name, b.region, b.versioning, COUNT(o.key) AS objects "
                "FROM oss_buckets b LEFT JOIN oss_objects o ON o.bucket = b.name "
                "AND o.is_latest = 1 AND o.delete_marker = 0 GROUP BY b.name "
                "ORDER BY b.name"
            ).fetchall()
        return {"buckets": [dict(r) for r in buckets], "last_seq": self.last_seq()}
