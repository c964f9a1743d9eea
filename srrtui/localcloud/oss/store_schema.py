"""The OSS store's SQLite schema and its migrations.

Each component sharing the local cloud's database (OSS store, RAM, engine) records its own schema
version in ``schema_versions``; a newer version adds a migration step below, never edits one.
"""

from __future__ import annotations

import sqlite3

from srrtui.localcloud.storage.db import migrate as migrate_component

COMPONENT = "oss"

_MIGRATIONS: list[str] = [
    # 1: buckets, object versions, and the ordered event log the replication engine reads.
    """
    CREATE TABLE oss_buckets (
        name TEXT PRIMARY KEY,
        region TEXT NOT NULL,
        created REAL NOT NULL,
        versioning TEXT NOT NULL DEFAULT '',
        storage_class TEXT NOT NULL DEFAULT 'Standard',
        acl TEXT NOT NULL DEFAULT 'private',
        sse_algorithm TEXT NOT NULL DEFAULT '',
        sse_kms_key_id TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL
    );
    CREATE TABLE oss_objects (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        bucket TEXT NOT NULL REFERENCES oss_buckets(name),
        key TEXT NOT NULL,
        version_id TEXT NOT NULL,
        is_latest INTEGER NOT NULL,
        delete_marker INTEGER NOT NULL DEFAULT 0,
        size INTEGER NOT NULL,
        etag TEXT NOT NULL,
        content_type TEXT NOT NULL,
        last_modified REAL NOT NULL,
        blob TEXT NOT NULL,
        crc64 TEXT NOT NULL,
        storage_class TEXT NOT NULL,
        tags TEXT NOT NULL,
        user_meta TEXT NOT NULL,
        sse_algorithm TEXT NOT NULL,
        sse_kms_key_id TEXT NOT NULL,
        is_replica INTEGER NOT NULL,
        seq INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX oss_objects_version ON oss_objects(bucket, key, version_id);
    CREATE INDEX oss_objects_latest ON oss_objects(bucket, is_latest, key);
    CREATE TABLE oss_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        time REAL NOT NULL,
        bucket TEXT NOT NULL,
        key TEXT NOT NULL,
        version_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        is_replica INTEGER NOT NULL
    );
    CREATE INDEX oss_events_bucket ON oss_events(bucket, seq);
    """,
    # 2: object ACLs, the object type (Normal / Multipart), and multipart uploads with their
    # parts (each part a blob; a completed upload's object is a new blob of the parts).
    """
    ALTER TABLE oss_objects ADD COLUMN acl TEXT NOT NULL DEFAULT 'default';
    ALTER TABLE oss_objects ADD COLUMN object_type TEXT NOT NULL DEFAULT 'Normal';
    CREATE TABLE oss_uploads (
        upload_id TEXT PRIMARY KEY,
        bucket TEXT NOT NULL REFERENCES oss_buckets(name),
        key TEXT NOT NULL,
        initiated REAL NOT NULL,
        content_type TEXT NOT NULL,
        tags TEXT NOT NULL,
        user_meta TEXT NOT NULL,
        acl TEXT NOT NULL,
        storage_class TEXT NOT NULL,
        sse_algorithm TEXT NOT NULL,
        sse_kms_key_id TEXT NOT NULL
    );
    CREATE INDEX oss_uploads_bucket ON oss_uploads(bucket, key, initiated);
    CREATE TABLE oss_parts (
        upload_id TEXT NOT NULL REFERENCES oss_uploads(upload_id) ON DELETE CASCADE,
        part_number INTEGER NOT NULL,
        blob TEXT NOT NULL,
        size INTEGER NOT NULL,
        etag TEXT NOT NULL,
        crc64 TEXT NOT NULL,
        last_modified REAL NOT NULL,
        PRIMARY KEY (upload_id, part_number)
    );
    """,
]
SCHEMA_VERSION = len(_MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the OSS tables to SCHEMA_VERSION inside the caller's transaction."""
    migrate_component(conn, COMPONENT, _MIGRATIONS)
