"""The demo seed: buckets, objects and KMS keys a new user can point the wizard at.

Written once per data directory (a ``localcloud_meta`` row records it), so a restart never
duplicates or resurrects anything. The replication rule of the demo is added by the replication
part on top of this (it owns rules). The KMS keys are added on every start, each only if absent:
data directories seeded before the local cloud had KMS get them too, and nothing changes twice.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from srrtui.localcloud.oss.multipart_store import MultipartStore
from srrtui.localcloud.oss.store import OssStore
from srrtui.localcloud.seed.replication import seed_demo_rules

if TYPE_CHECKING:
    from srrtui.localcloud.seed.target import SeedTarget

SOURCE = "demo-photos"
DESTINATION = "demo-photos-backup"
VERSIONED_SOURCE = "demo-versioned-src"
VERSIONED_DESTINATION = "demo-versioned-dst"
OTHER = "demo-logs"
DEMO_KMS_KEY_ID = "key-demo-0000000000000001"  # encrypts the seeded SSE-KMS object
DEMO_REPLICA_KMS_KEY_ID = "key-demo-0000000000000002"
DEMO_DISABLED_KMS_KEY_ID = "key-demo-0000000000000003"
# (key id, state, description, aliases, creation date): fixed ids and dates, so every demo data
# directory lists the same keys and the wizard's snapshots never change. The disabled key shows
# the wizard leaving unusable keys out of its list.
DEMO_KMS_KEYS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    (
        DEMO_KMS_KEY_ID,
        "Enabled",
        "demo: source objects",
        ("alias/demo-source",),
        "2025-01-15T08:00:00Z",
    ),
    (
        DEMO_REPLICA_KMS_KEY_ID,
        "Enabled",
        "demo: replicas",
        ("alias/demo-replicas",),
        "2025-01-15T08:05:00Z",
    ),
    (DEMO_DISABLED_KMS_KEY_ID, "Disabled", "demo: retired key", (), "2024-06-01T09:30:00Z"),
)
# Enough objects that historical replication at the default rate (20 objects/s) takes a minute.
PHOTO_COUNT = 1200


def _second_region(region: str) -> str:
    return "cn-shanghai" if region != "cn-shanghai" else "cn-beijing"


def seed_demo_keys(cloud: SeedTarget) -> None:
    """The demo's KMS keys, each added only if absent (idempotent)."""
    if cloud.kms is None:
        return
    for key_id, state, description, aliases, created in DEMO_KMS_KEYS:
        cloud.kms.add_key(
            key_id, state=state, description=description, aliases=aliases, creation_date=created
        )


def _seed_acls_and_multipart(store: OssStore) -> None:
    """Objects with their own ACL, and one multipart object (three parts), for the demo rule
    to replicate: the ACL and the multipart ETag travel with the replica."""

    for key, acl in (("public/index.html", "public-read"), ("public/logo.svg", "public-read")):
        store.put_object(
            SOURCE, key, b"<!-- public demo page -->\n", content_type="text/html", acl=acl
        )
    store.put_object(
        SOURCE, "private/payroll.csv", b"name,amount\n", content_type="text/csv", acl="private"
    )
    multipart = MultipartStore(store)
    upload = multipart.initiate(
        SOURCE,
        "videos/intro.mp4",
        content_type="video/mp4",
        tags=(),
        user_meta=(),
        acl="default",
        storage_class="",
        sse_algorithm="",
        sse_kms_key_id="",
    )
    parts = [
        multipart.put_part(upload, number, store.blobs.put(bytes([number]) * size))
        for number, size in ((1, 100 * 1024), (2, 100 * 1024), (3, 4096))
    ]
    multipart.complete(upload, parts)


def seed_demo(cloud: SeedTarget) -> None:
    db, store, config = cloud.db, cloud.store, cloud.config
    assert db is not None and store is not None
    seed_demo_keys(cloud)  # before the once-only check below: see the module docstring
    with db.transaction() as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS localcloud_meta (key TEXT PRIMARY KEY, value TEXT)"
        )
        if conn.execute("SELECT 1 FROM localcloud_meta WHERE key = 'seed.demo'").fetchone():
            return
    uid, region = config.account_uid, config.region
    now = time.time()
    for name in (SOURCE, DESTINATION, VERSIONED_SOURCE, VERSIONED_DESTINATION, OTHER):
        store.create_bucket(name, region=region, owner=uid, created=now - 86400 * 30)
    far = f"demo-{_second_region(region)}"
    store.create_bucket(far, region=_second_region(region), owner=uid, created=now - 86400 * 60)
    for name in (VERSIONED_SOURCE, VERSIONED_DESTINATION):
        store.update_bucket(name, versioning="Enabled")

    for i in range(PHOTO_COUNT):
        year = 2024 if i % 2 else 2025
        tags = (("env", "prod"),) if i % 3 == 0 else (("env", "dev"),) if i % 3 == 1 else ()
        store.put_object(
            SOURCE,
            f"photos/{year}/img-{i:04d}.jpg",
            b"\xff\xd8demo-photo-%d" % (i % 8),  # few bodies: blobs are content-addressed
            content_type="image/jpeg",
            tags=tags,
        )
    for i in range(20):
        store.put_object(
            SOURCE,
            f"docs/report-{i:02d}.txt",
            f"report {i}\n".encode(),
            content_type="text/plain",
            tags=(("team", "finance"),),
        )
    store.put_object(
        SOURCE,
        "secrets/kms-encrypted.bin",
        b"encrypted at rest with KMS",
        sse_algorithm="KMS",
        sse_kms_key_id=DEMO_KMS_KEY_ID,
    )
    store.put_object(SOURCE, "readme.txt", b"The demo source bucket.\n", content_type="text/plain")
    _seed_acls_and_multipart(store)
    for i in range(10):
        store.put_object(
            VERSIONED_SOURCE, f"data/item-{i}.json", b'{"v": 1}', content_type="application/json"
        )
        store.put_object(
            VERSIONED_SOURCE, f"data/item-{i}.json", b'{"v": 2}', content_type="application/json"
        )
    for i in range(30):
        store.put_object(
            OTHER, f"app/{i:03d}.log", f"log line {i}\n".encode(), content_type="text/plain"
        )
    store.put_object(
        far, "far-away.txt", b"a bucket in another region\n", content_type="text/plain"
    )

    if cloud.ram is not None:
        cloud.ram.seed(with_aliyun_oss_role=True)
    seed_demo_rules(cloud, SOURCE, DESTINATION)
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO localcloud_meta (key, value) VALUES ('seed.demo', ?)", (str(now),)
        )
