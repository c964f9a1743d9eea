"""Multipart uploads in the OSS store's database: uploads, their parts (each part a blob) and
the completion that turns parts into one object.

An upload is invisible to listings, GetObject and replication until it completes: the object
version (and its "put" event, which the replication engine reads) is written only then. The
object's bytes are a new blob streamed from the part blobs, never held whole in memory. A
part's blob goes when its row goes (completion, abort, the part uploaded again), unless an
object or another part has the same bytes (OssStore.release): blobs are content-addressed.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from srrtui.localcloud.oss.records import ObjectVersion, StoredBody
from srrtui.localcloud.oss.responses import OssError
from srrtui.localcloud.oss.store import OssStore
from srrtui.localcloud.storage.blobs import BlobDamaged, BlobInfo


@dataclass(frozen=True)
class Upload:
    upload_id: str
    bucket: str
    key: str
    initiated: float
    content_type: str
    tags: tuple[tuple[str, str], ...]
    user_meta: tuple[tuple[str, str], ...]
    acl: str
    storage_class: str
    sse_algorithm: str
    sse_kms_key_id: str


@dataclass(frozen=True)
class Part:
    part_number: int
    blob_id: str
    size: int
    etag: str  # upper-case MD5 hex of the part
    crc64: str
    last_modified: float


def no_such_upload(upload_id: str) -> OssError:
    return OssError(
        404,
        "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, or the upload may "
        "have been aborted or completed.",
        UploadId=upload_id,
    )


def multipart_etag(parts: list[Part]) -> str:
    """OSS's ETag of a multipart object: the MD5 of the parts' binary MD5s, upper-case hex,
    then "-<number of parts>" (the form the CompleteMultipartUpload reference shows)."""
    digest = hashlib.md5(b"".join(bytes.fromhex(p.etag) for p in parts)).hexdigest().upper()
    return f"{digest}-{len(parts)}"


class MultipartStore:
    def __init__(self, store: OssStore) -> None:
        self.store = store
        self.db = store.db
        self.blobs = store.blobs

    def initiate(self, bucket: str, key: str, **fields: Any) -> Upload:
        self.store.bucket(bucket)  # NoSuchBucket
        upload = Upload(
            upload_id=secrets.token_hex(16).upper(),
            bucket=bucket,
            key=key,
            initiated=time.time(),
            **fields,  # the Upload fields initiate was given (content_type, tags, ...)
        )
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO oss_uploads (upload_id, bucket, key, initiated, content_type, tags, "
                "user_meta, acl, storage_class, sse_algorithm, sse_kms_key_id) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    upload.upload_id, bucket, key, upload.initiated, upload.content_type,
                    json.dumps(list(upload.tags)), json.dumps(list(upload.user_meta)),
                    upload.acl, upload.storage_class, upload.sse_algorithm,
                    upload.sse_kms_key_id,
                ),
            )  # fmt: skip
        return upload

    def upload(self, bucket: str, key: str, upload_id: str) -> Upload:
        with self.db.read() as conn:
            row = conn.execute(
                "SELECT * FROM oss_uploads WHERE upload_id = ? AND bucket = ? AND key = ?",
                (upload_id, bucket, key),
            ).fetchone()
        if row is None:
            raise no_such_upload(upload_id)
        return _upload_from_row(row)

    def put_part(self, upload: Upload, number: int, info: BlobInfo) -> Part:
        """Store a part (its bytes are already a blob); a part number given again replaces it."""
        part = Part(number, info.blob_id, info.size, info.md5_hex, info.crc64, time.time())
        # Under the store's blob lock, as a new object version is: the part's blob cannot be
        # released between its writing and its row (OssStore.release).
        with self.store.blob_lock, self.db.transaction() as conn:
            if not conn.execute(
                "SELECT 1 FROM oss_uploads WHERE upload_id = ?", (upload.upload_id,)
            ).fetchone():
                self.store.release([info.blob_id])  # no row will name it
                raise no_such_upload(upload.upload_id)  # aborted or completed meanwhile
            replaced = conn.execute(
                "SELECT blob FROM oss_parts WHERE upload_id = ? AND part_number = ?",
                (upload.upload_id, number),
            ).fetchone()
            conn.execute(
                "INSERT OR REPLACE INTO oss_parts (upload_id, part_number, blob, size, etag, "
                "crc64, last_modified) VALUES (?,?,?,?,?,?,?)",
                (upload.upload_id, number, part.blob_id, part.size, part.etag, part.crc64,
                 part.last_modified),
            )  # fmt: skip
        if replaced is not None:
            self.store.release([replaced["blob"]])
        return part

    def parts(self, upload_id: str, after: int = 0, limit: int = 10000) -> list[Part]:
        with self.db.read() as conn:
            rows = conn.execute(
                "SELECT * FROM oss_parts WHERE upload_id = ? AND part_number > ? "
                "ORDER BY part_number LIMIT ?",
                (upload_id, after, limit),
            ).fetchall()
        return [
            Part(r["part_number"], r["blob"], r["size"], r["etag"], r["crc64"], r["last_modified"])
            for r in rows
        ]

    def uploads(
        self, bucket: str, prefix: str = "", key_marker: str = "", id_marker: str = ""
    ) -> Iterator[Upload]:
        """In-progress uploads in (key, initiation) order after the markers."""
        with self.db.read() as conn:
            rows = conn.execute(
                "SELECT * FROM oss_uploads WHERE bucket = ? AND substr(key, 1, ?) = ? "
                "AND (key > ? OR (key = ? AND upload_id > ?)) ORDER BY key, initiated, upload_id",
                (bucket, len(prefix), prefix, key_marker, key_marker, id_marker),
            ).fetchall()
        return map(_upload_from_row, rows)

    def abort(self, upload: Upload) -> None:
        with self.db.transaction() as conn:
            blobs = self._part_blobs(conn, upload.upload_id)
            conn.execute("DELETE FROM oss_uploads WHERE upload_id = ?", (upload.upload_id,))
        self.store.release(blobs)  # the parts' bytes go with their rows (ON DELETE CASCADE)

    @staticmethod
    def _part_blobs(conn: sqlite3.Connection, upload_id: str) -> list[str]:
        rows = conn.execute("SELECT blob FROM oss_parts WHERE upload_id = ?", (upload_id,))
        return [row["blob"] for row in rows]

    def complete(self, upload: Upload, parts: list[Part]) -> ObjectVersion:
        """Write the object made of ``parts`` (already checked by the caller) and end the
        upload. The object's blob is streamed from the part blobs."""
        try:
            info = self.blobs.put_stream(
                chunk for part in parts for chunk in self.blobs.chunks(part.blob_id, part.size)
            )
        except BlobDamaged as damage:  # nothing is stored from a damaged part
            raise OssError(
                500, "InternalError", f"a part of upload {upload.upload_id} is damaged: {damage}"
            ) from None
        with self.store.blob_lock:
            with self.db.transaction() as conn:
                part_blobs = self._part_blobs(conn, upload.upload_id)
                gone = conn.execute(
                    "DELETE FROM oss_uploads WHERE upload_id = ?", (upload.upload_id,)
                ).rowcount
            try:
                if not gone:  # completed or aborted by a concurrent request
                    raise no_such_upload(upload.upload_id)
                obj = self._write(upload, parts, info)
            except BaseException:
                self.store.release([info.blob_id])  # no row names it: it goes
                raise
        self.store.release(part_blobs)
        return obj

    def _write(self, upload: Upload, parts: list[Part], info: BlobInfo) -> ObjectVersion:
        body = StoredBody(info.blob_id, info.size, multipart_etag(parts), info.crc64)
        return self.store.write_version(
            upload.bucket,
            upload.key,
            body,
            content_type=upload.content_type,
            tags=upload.tags,
            user_meta=upload.user_meta,
            sse_algorithm=upload.sse_algorithm,
            sse_kms_key_id=upload.sse_kms_key_id,
            storage_class=upload.storage_class,
            acl=upload.acl,
            object_type="Multipart",
        )


def _upload_from_row(row: sqlite3.Row) -> Upload:
    return Upload(
        upload_id=row["upload_id"],
        bucket=row["bucket"],
        key=row["key"],
        initiated=row["initiated"],
        content_type=row["content_type"],
        tags=tuple(tuple(p) for p in json.loads(row["tags"])),
        user_meta=tuple(tuple(p) for p in json.loads(row["user_meta"])),
        acl=row["acl"],
        storage_class=row["storage_class"],
        sse_algorithm=row["sse_algorithm"],
        sse_kms_key_id=row["sse_kms_key_id"],
    )
