"""The OSS store: buckets, object versions and an ordered write log in SQLite; bytes in blobs/.

The replication engine builds on two things here:
- every write or delete appends a row to ``oss_events`` with a monotonically increasing ``seq``
  and its time (``events_since(seq)`` finds "new writes since X"; each object version also
  records the ``seq`` that wrote it), and
- ``subscribe(callback)`` calls ``callback(event)`` after each committed write or delete.
Objects carry ``is_replica`` so the engine never replicates a replica again.

Errors are raised as OSS errors (NoSuchBucket, BucketNotEmpty...) because the store is the OSS
service's model; the engine may catch them the same way.
"""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from srrtui.localcloud.http.body import Spooled
from srrtui.localcloud.oss.records import (
    NULL_VERSION,
    OBJECT_COLUMNS,
    Bucket,
    ObjectEvent,
    ObjectPage,
    ObjectVersion,
    StoredBody,
    bucket_from_row,
    object_from_row,
    select_page,
)
from srrtui.localcloud.oss.responses import OssError, no_such_bucket, no_such_key
from srrtui.localcloud.oss.store_schema import migrate
from srrtui.localcloud.storage.blobs import BlobDamaged, BlobInfo, BlobStore
from srrtui.localcloud.storage.db import Database

log = logging.getLogger(__name__)


class DamagedObject(OssError):
    """An object whose stored data is missing or changed: never served or copied as good."""

    def __init__(self, obj: ObjectVersion, reason: str) -> None:
        version = "" if obj.version_id == NULL_VERSION else f" (version {obj.version_id})"
        super().__init__(
            500,
            "InternalError",
            f"object {obj.key!r}{version} in {obj.bucket} is damaged: {reason}",
        )
        self.reason = reason


class OssStore:
    def __init__(self, db: Database, blob_dir: Path) -> None:
        self.db = db
        self.blobs = BlobStore(blob_dir)
        self._subscribers: list[Callable[[ObjectEvent], None]] = []
        self._sub_lock = threading.Lock()
        self.blob_lock = threading.RLock()  # a blob's last reference vs. a new one
        self._damage_logged: set[tuple[str, ...]] = set()
        with db.transaction() as conn:
            migrate(conn)
        # Only what is provably garbage goes at start: half-written temporaries. A blob no row
        # names may belong to a database restored from a backup; it is left alone (a blob goes
        # when the delete of its last object commits, see release).
        self.blobs.sweep_temporaries()

    # --- observers -----------------------------------------------------------------------
    def subscribe(self, callback: Callable[[ObjectEvent], None]) -> None:
        with self._sub_lock:
            self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[ObjectEvent], None]) -> None:
        with self._sub_lock:
            self._subscribers.remove(callback)

    def _notify(self, events: list[ObjectEvent]) -> None:
        with self._sub_lock:
            subscribers = list(self._subscribers)
        for event in events:
            for callback in subscribers:
                try:
                    callback(event)
                except Exception:  # an observer's bug must not fail the client's request
                    log.exception("object event subscriber failed")

    def events_since(
        self, seq: int, bucket: str | None = None, limit: int = 1000
    ) -> list[ObjectEvent]:
        sql = "SELECT * FROM oss_events WHERE seq > ?"
        args: list[object] = [seq]
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
            last: int = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM oss_events").fetchone()[0]
            return last

    @staticmethod
    def _log_event(
        conn: sqlite3.Connection,
        bucket: str,
        key: str,
        version_id: str,
        kind: str,
        is_replica: bool,
        now: float,
    ) -> ObjectEvent:
        cur = conn.execute(
            "INSERT INTO oss_events (time, bucket, key, version_id, kind, is_replica) VALUES (?,?,?,?,?,?)",
            (now, bucket, key, version_id, kind, int(is_replica)),
        )
        assert cur.lastrowid is not None  # an INSERT's row
        return ObjectEvent(cur.lastrowid, now, bucket, key, version_id, kind, is_replica)

    # --- buckets -------------------------------------------------------------------------
    def create_bucket(
        self,
        name: str,
        *,
        region: str,
        owner: str,
        storage_class: str = "Standard",
        acl: str = "private",
        created: float | None = None,
    ) -> Bucket:
        with self.db.transaction() as conn:
            if conn.execute("SELECT 1 FROM oss_buckets WHERE name = ?", (name,)).fetchone():
                raise OssError(
                    409,
                    "BucketAlreadyExists",
                    "The requested bucket name is not available. "
                    "The bucket namespace is shared by all users of the system. "
                    "Please select a different name and try again.",
                    BucketName=name,
                )
            conn.execute(
                "INSERT INTO oss_buckets (name, region, created, storage_class, acl, owner) VALUES (?,?,?,?,?,?)",
                (name, region, created or time.time(), storage_class, acl, owner),
            )
        return self.bucket(name)

    def get_bucket(self, name: str) -> Bucket | None:
        with self.db.read() as conn:
            row = conn.execute("SELECT * FROM oss_buckets WHERE name = ?", (name,)).fetchone()
        return bucket_from_row(row) if row else None

    def bucket(self, name: str) -> Bucket:
        found = self.get_bucket(name)
        if found is None:
            raise no_such_bucket(name)
        return found

    def list_buckets(
        self, prefix: str = "", marker: str = "", limit: int = 1000
    ) -> tuple[list[Bucket], bool]:
        with self.db.read() as conn:
            rows = conn.execute(
                "SELECT * FROM oss_buckets WHERE name > ? AND substr(name, 1, ?) = ? ORDER BY name LIMIT ?",
                (marker, len(prefix), prefix, limit + 1),
            ).fetchall()
        return [bucket_from_row(r) for r in rows[:limit]], len(rows) > limit

    def delete_bucket(self, name: str) -> None:
        with self.db.transaction() as conn:
            self._require_bucket(conn, name)
            if conn.execute(
                "SELECT 1 FROM oss_objects WHERE bucket = ? LIMIT 1", (name,)
            ).fetchone():
                raise OssError(
                    409,
                    "BucketNotEmpty",
                    "The bucket you tried to delete is not empty.",
                    BucketName=name,
                )
            conn.execute("DELETE FROM oss_buckets WHERE name = ?", (name,))

    def update_bucket(self, name: str, **fields: str) -> Bucket:
        """Set bucket columns (versioning, sse_algorithm, sse_kms_key_id, storage_class, acl)."""
        allowed = {"versioning", "sse_algorithm", "sse_kms_key_id", "storage_class", "acl"}
        if not fields or set(fields) - allowed:
            raise ValueError(f"unknown bucket fields: {set(fields) - allowed}")
        with self.db.transaction() as conn:
            self._require_bucket(conn, name)
            assignments = ", ".join(f"{column} = ?" for column in fields)
            conn.execute(
                f"UPDATE oss_buckets SET {assignments} WHERE name = ?", (*fields.values(), name)
            )
        return self.bucket(name)

    @staticmethod
    def _require_bucket(conn: sqlite3.Connection, name: str) -> sqlite3.Row:
        row = conn.execute("SELECT * FROM oss_buckets WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise no_such_bucket(name)
        found: sqlite3.Row = row
        return found

    # --- objects -------------------------------------------------------------------------
    def put_object(
        self,
        bucket: str,
        key: str,
        data: bytes | Spooled,
        **fields: Any,
    ) -> ObjectVersion:
        """PutObject: store the bytes, then write a version of them (``write_version``'s
        keyword fields: content_type, tags, user_meta, sse_..., storage_class, acl...)."""
        self._require(bucket)  # before the blob: no stray bytes for a missing bucket
        with self.blob_lock:  # the blob stays until its row is written (see release)
            info: BlobInfo = self.blobs.put(data)  # before the row: a row always has its bytes
            try:
                return self.write_version(bucket, key, StoredBody.of(info), **fields)
            except BaseException:
                self.release([info.blob_id])  # no row names it (a bucket deleted meanwhile)
                raise

    def write_version(
        self,
        bucket: str,
        key: str,
        body: StoredBody,
        *,
        content_type: str = "application/octet-stream",
        tags: tuple[tuple[str, str], ...] = (),
        user_meta: tuple[tuple[str, str], ...] = (),
        sse_algorithm: str = "",
        sse_kms_key_id: str = "",
        storage_class: str = "",
        acl: str = "default",
        object_type: str = "Normal",
        is_replica: bool = False,
        event_kind: str = "put",
    ) -> ObjectVersion:
        """A new latest version of ``key`` whose bytes are an already stored blob (a PutObject,
        a copy, a completed multipart upload or a replica: blobs are content-addressed, so a
        copy or a replica shares its source's bytes on disk)."""
        now = time.time()
        released: list[str] = []
        with self.blob_lock, self.db.transaction() as conn:
            # Under the lock that release takes, a blob present now stays while its row is
            # written; one released just before is an error, never a row naming no bytes.
            if not self.blobs.exists(body.blob_id):
                raise OssError(503, "ServiceUnavailable", "Please retry: the object's bytes went.")
            b = bucket_from_row(self._require_bucket(conn, bucket))
            version_id = self._retire_latest(conn, b, key, released)
            event = self._log_event(conn, bucket, key, version_id, event_kind, is_replica, now)
            values = (
                bucket, key, version_id, 1, 0, body.size, body.etag, content_type, now,
                body.blob_id, body.crc64, storage_class or b.storage_class,
                json.dumps(list(tags)), json.dumps(list(user_meta)), sse_algorithm,
                sse_kms_key_id, int(is_replica), event.seq, acl, object_type,
            )  # fmt: skip
            conn.execute(
                f"INSERT INTO oss_objects ({OBJECT_COLUMNS}) VALUES ({', '.join('?' * len(values))})",
                values,
            )
        self.release(released)
        self._notify([event])
        return self.head_object(bucket, key, version_id)

    def _require(self, bucket: str) -> None:
        with self.db.read() as conn:
            self._require_bucket(conn, bucket)

    @staticmethod
    def _retire_latest(
        conn: sqlite3.Connection, bucket: Bucket, key: str, released: list[str]
    ) -> str:
        """Make room for a new latest version and return its version id (OSS versioning rules:
        Enabled keeps every version; Suspended and never-enabled replace the "null" version)."""
        conn.execute(
            "UPDATE oss_objects SET is_latest = 0 WHERE bucket = ? AND key = ? AND is_latest = 1",
            (bucket.name, key),
        )
        if bucket.versioning == "Enabled":
            return "CAEQ" + secrets.token_urlsafe(24)
        released += _delete_rows(
            conn, "bucket = ? AND key = ? AND version_id = ?", (bucket.name, key, NULL_VERSION)
        )
        return NULL_VERSION

    def release(self, blob_ids: list[str]) -> None:
        """Delete blobs whose last object row went in a committed transaction."""
        for blob_id in {b for b in blob_ids if b}:
            with self.blob_lock, self.db.read() as conn:
                if not conn.execute(
                    "SELECT 1 FROM oss_objects WHERE blob = ? UNION ALL "
                    "SELECT 1 FROM oss_parts WHERE blob = ? LIMIT 1",
                    (blob_id, blob_id),
                ).fetchone():
                    self.blobs.delete(blob_id)

    def head_object(self, bucket: str, key: str, version_id: str | None = None) -> ObjectVersion:
        """The latest version (possibly a delete marker) or the given version; NoSuchKey if none."""
        with self.db.read() as conn:
            self._require_bucket(conn, bucket)
            if version_id is None:
                row = conn.execute(
                    f"SELECT {OBJECT_COLUMNS} FROM oss_objects WHERE bucket = ? AND key = ? "
                    "AND is_latest = 1",
                    (bucket, key),
                ).fetchone()
            else:
                row = conn.execute(
                    f"SELECT {OBJECT_COLUMNS} FROM oss_objects WHERE bucket = ? AND key = ? "
                    "AND version_id = ?",
                    (bucket, key, version_id),
                ).fetchone()
        if row is None:
            if version_id is not None:
                raise OssError(
                    404,
                    "NoSuchVersion",
                    "The specified version does not exist.",
                    Key=key,
                    VersionId=version_id,
                )
            raise no_such_key(key)
        return object_from_row(row)

    def read_body(self, obj: ObjectVersion, start: int = 0, end: int | None = None) -> bytes:
        """The object's bytes, checked against their checksum: DamagedObject (an OssError, 500)
        when its data is missing or changed, logged once per object version and reason."""
        try:
            return self.blobs.read(obj.blob_id, obj.size, start, end)
        except BlobDamaged as damage:
            raise self._damaged(obj, damage) from None

    def body_chunks(
        self, obj: ObjectVersion, start: int = 0, end: int | None = None
    ) -> Iterator[bytes]:
        """The object's bytes [start, end) a chunk at a time, checked as ``read_body`` checks
        them (DamagedObject before the last chunk)."""
        try:
            yield from self.blobs.chunks(obj.blob_id, obj.size, start, end)
        except BlobDamaged as damage:
            raise self._damaged(obj, damage) from None

    def verify(self, obj: ObjectVersion) -> None:
        """DamagedObject unless the object's bytes are still the ones it was stored with: a
        copy or a replica shares its source's blob, so the source is checked before."""
        for _ in self.body_chunks(obj):
            pass

    def _damaged(self, obj: ObjectVersion, damage: BlobDamaged) -> DamagedObject:
        error = DamagedObject(obj, damage.reason)
        seen = (obj.bucket, obj.key, obj.version_id, damage.reason)
        if seen not in self._damage_logged:
            self._damage_logged.add(seen)
            log.error("%s", error.message)
        return error

    def delete_object(
        self, bucket: str, key: str, version_id: str | None = None, *, is_replica: bool = False
    ) -> tuple[str, bool]:
        """DeleteObject. Returns (version id, delete marker?) for the response headers; ("", False)
        when nothing was versioned. Deleting a missing key succeeds, as in OSS (204)."""
        now = time.time()
        events: list[ObjectEvent] = []
        released: list[str] = []
        with self.db.transaction() as conn:
            b = bucket_from_row(self._require_bucket(conn, bucket))
            if version_id is not None:
                row = conn.execute(
                    "SELECT is_latest, delete_marker FROM oss_objects WHERE bucket = ? AND key = ? "
                    "AND version_id = ?",
                    (bucket, key, version_id),
                ).fetchone()
                if row is None:
                    return version_id, False
                released += _delete_rows(
                    conn, "bucket = ? AND key = ? AND version_id = ?", (bucket, key, version_id)
                )
                if row["is_latest"]:  # the newest remaining version becomes the latest
                    conn.execute(
                        "UPDATE oss_objects SET is_latest = 1 WHERE id = (SELECT id FROM oss_objects "
                        "WHERE bucket = ? AND key = ? ORDER BY id DESC LIMIT 1)",
                        (bucket, key),
                    )
                events.append(
                    self._log_event(conn, bucket, key, version_id, "delete", is_replica, now)
                )
                result = (version_id, bool(row["delete_marker"]))
            elif not b.versioning:
                gone = _delete_rows(conn, "bucket = ? AND key = ?", (bucket, key))
                released += gone
                if gone:
                    events.append(
                        self._log_event(conn, bucket, key, NULL_VERSION, "delete", is_replica, now)
                    )
                result = ("", False)
            else:
                marker_id = self._retire_latest(conn, b, key, released)
                event = self._log_event(
                    conn, bucket, key, marker_id, "delete_marker", is_replica, now
                )
                values = (
                    bucket, key, marker_id, 1, 1, 0, "", "", now, "", "", "", "[]", "[]", "", "",
                    int(is_replica), event.seq, "default", "Normal",
                )  # fmt: skip
                conn.execute(
                    f"INSERT INTO oss_objects ({OBJECT_COLUMNS}) VALUES ({', '.join('?' * len(values))})",
                    values,
                )
                events.append(event)
                result = (marker_id, True)
        self.release(released)
        self._notify(events)
        return result

    def set_tags(
        self,
        bucket: str,
        key: str,
        tags: tuple[tuple[str, str], ...],
        version_id: str | None = None,
    ) -> ObjectVersion:
        return self._update_version(
            bucket, key, version_id, "tags", json.dumps(list(tags)), "tagging"
        )

    def set_acl(
        self, bucket: str, key: str, acl: str, version_id: str | None = None
    ) -> ObjectVersion:
        """PutObjectACL; logged as an "acl" event, which replication copies (data-replication
        docs: the object ACL is among what is replicated)."""
        return self._update_version(bucket, key, version_id, "acl", acl, "acl")

    def _update_version(
        self, bucket: str, key: str, version_id: str | None, column: str, value: str, kind: str
    ) -> ObjectVersion:
        obj = self.head_object(bucket, key, version_id)
        if obj.delete_marker:
            raise no_such_key(key)
        with self.db.transaction() as conn:
            conn.execute(
                f"UPDATE oss_objects SET {column} = ? WHERE bucket = ? AND key = ? "
                "AND version_id = ?",
                (value, bucket, key, obj.version_id),
            )
            event = self._log_event(
                conn, bucket, key, obj.version_id, kind, obj.is_replica, time.time()
            )
        self._notify([event])
        return self.head_object(bucket, key, obj.version_id)

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

    def snapshot(self) -> dict[str, object]:
        """A JSON-able summary for the admin view."""
        with self.db.read() as conn:
            buckets = conn.execute(
                "SELECT b.name, b.region, b.versioning, COUNT(o.key) AS objects "
                "FROM oss_buckets b LEFT JOIN oss_objects o ON o.bucket = b.name "
                "AND o.is_latest = 1 AND o.delete_marker = 0 GROUP BY b.name "
                "ORDER BY b.name"
            ).fetchall()
        return {"buckets": [dict(r) for r in buckets], "last_seq": self.last_seq()}


def _delete_rows(conn: sqlite3.Connection, where: str, args: tuple[object, ...]) -> list[str]:
    """Delete object rows; returns their blob ids (one per row, "" for delete markers)."""
    blobs = [r[0] for r in conn.execute(f"SELECT blob FROM oss_objects WHERE {where}", args)]
    conn.execute(f"DELETE FROM oss_objects WHERE {where}", args)
    return blobs
