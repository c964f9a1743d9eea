"""The OSS store's records (buckets, object versions, write events) and their SQLite rows."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from srrtui.localcloud.storage.blobs import BlobInfo

NULL_VERSION = "null"  # OSS's version id of objects written while versioning was off/suspended


@dataclass(frozen=True)
class Bucket:
    name: str
    region: str
    created: float
    versioning: str  # "" (never enabled), "Enabled" or "Suspended"
    storage_class: str
    acl: str
    sse_algorithm: str
    sse_kms_key_id: str
    owner: str


@dataclass(frozen=True)
class ObjectVersion:
    bucket: str
    key: str
    version_id: str
    is_latest: bool
    delete_marker: bool
    size: int
    etag: str  # upper-case MD5 hex, without quotes
    content_type: str
    last_modified: float
    blob_id: str
    crc64: str
    storage_class: str
    tags: tuple[tuple[str, str], ...]
    user_meta: tuple[tuple[str, str], ...]
    sse_algorithm: str
    sse_kms_key_id: str
    is_replica: bool
    seq: int
    acl: str = (
        "default"  # default (inherit the bucket's) | private | public-read | public-read-write
    )
    object_type: str = "Normal"  # Normal, or Multipart for CompleteMultipartUpload's objects


@dataclass(frozen=True)
class StoredBody:
    """An object's bytes as stored: the blob and what OSS reports about them."""

    blob_id: str
    size: int
    etag: str  # upper-case MD5 hex, or the "<hex>-<parts>" form of a multipart object
    crc64: str

    @classmethod
    def of(cls, info: BlobInfo) -> StoredBody:
        return cls(info.blob_id, info.size, info.md5_hex, info.crc64)

    @classmethod
    def of_version(cls, obj: ObjectVersion) -> StoredBody:
        return cls(obj.blob_id, obj.size, obj.etag, obj.crc64)


@dataclass(frozen=True)
class ObjectEvent:
    seq: int
    time: float
    bucket: str
    key: str
    version_id: str
    # "put", "delete" (a version or unversioned object removed), "delete_marker", "tagging",
    # "acl"
    kind: str
    is_replica: bool


@dataclass(frozen=True)
class ObjectPage:
    objects: list[ObjectVersion]
    prefixes: list[str]
    truncated: bool
    next_marker: str


OBJECT_COLUMNS = (
    "bucket, key, version_id, is_latest, delete_marker, size, etag, content_type, last_modified, "
    "blob, crc64, storage_class, tags, user_meta, sse_algorithm, sse_kms_key_id, is_replica, seq, "
    "acl, object_type"
)


def object_from_row(row: sqlite3.Row) -> ObjectVersion:
    return ObjectVersion(
        bucket=row["bucket"],
        key=row["key"],
        version_id=row["version_id"],
        is_latest=bool(row["is_latest"]),
        delete_marker=bool(row["delete_marker"]),
        size=row["size"],
        etag=row["etag"],
        content_type=row["content_type"],
        last_modified=row["last_modified"],
        blob_id=row["blob"],
        crc64=row["crc64"],
        storage_class=row["storage_class"],
        tags=tuple(tuple(pair) for pair in json.loads(row["tags"])),
        user_meta=tuple(tuple(pair) for pair in json.loads(row["user_meta"])),
        sse_algorithm=row["sse_algorithm"],
        sse_kms_key_id=row["sse_kms_key_id"],
        is_replica=bool(row["is_replica"]),
        seq=row["seq"],
        acl=row["acl"],
        object_type=row["object_type"],
    )


def bucket_from_row(row: sqlite3.Row) -> Bucket:
    return Bucket(**{name: row[name] for name in row.keys()})  # noqa: SIM118 - Row has no iter of keys


def select_page(
    conn: sqlite3.Connection, bucket: str, prefix: str, delimiter: str, marker: str, max_keys: int
) -> ObjectPage:
    """Latest non-deleted versions in key order (code-point order = UTF-8 byte order, as OSS
    sorts), rolling keys up to CommonPrefixes at the first delimiter after the prefix."""
    objects: list[ObjectVersion] = []
    prefixes: list[str] = []
    last = ""
    cursor = conn.execute(
        f"SELECT {OBJECT_COLUMNS} FROM oss_objects WHERE bucket = ? AND is_latest = 1 AND delete_marker = 0 "
        "AND key > ? AND key >= ? AND substr(key, 1, ?) = ? ORDER BY key",
        (bucket, marker, prefix, len(prefix), prefix),
    )
    for row in cursor:
        key = row["key"]
        cut = key.find(delimiter, len(prefix)) if delimiter else -1
        common = key[: cut + len(delimiter)] if cut >= 0 else None
        # A common prefix already returned (on this page, or as the marker of a previous
        # page) hides every key under it.
        if common is not None and (common <= marker or (prefixes and common == prefixes[-1])):
            continue
        if len(objects) + len(prefixes) >= max_keys:
            return ObjectPage(objects, prefixes, True, last)
        if common is not None:
            prefixes.append(common)
            last = common
        else:
            objects.append(object_from_row(row))
            last = key
    return ObjectPage(objects, prefixes, False, "")
