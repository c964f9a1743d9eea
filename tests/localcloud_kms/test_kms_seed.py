"""The demo's KMS keys: what the wizard lists, and a seed that is the same on every start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import oss2
import pytest
from kms_helpers import connection_to, openapi_client, rpc

from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import KmsKey
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud
from srrtui.localcloud.seed.demo import (
    DEMO_DISABLED_KMS_KEY_ID,
    DEMO_KMS_KEY_ID,
    DEMO_REPLICA_KMS_KEY_ID,
    SOURCE,
)


def demo(data: Path) -> LocalCloud:
    return LocalCloud(data, seed="demo", start_delay=60)  # rules stay "starting": nothing copies


@pytest.fixture(scope="module")
def demo_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    with demo(tmp_path_factory.mktemp("kms-demo")) as cloud:
        yield cloud


def describe_all(cloud: LocalCloud) -> list[dict]:
    client = openapi_client(cloud)
    ids = [k["KeyId"] for k in rpc(client, "ListKeys")["body"]["Keys"]["Key"]]
    return [rpc(client, "DescribeKey", {"KeyId": i})["body"]["KeyMetadata"] for i in ids]


def test_the_session_lists_the_demo_keys(demo_cloud: LocalCloud) -> None:
    keys = CloudSession(connection_to(demo_cloud)).list_kms_keys()
    assert [k for k in keys if k.state == "Enabled"] == [
        KmsKey(DEMO_KMS_KEY_ID, "Enabled", "demo: source objects"),
        KmsKey(DEMO_REPLICA_KMS_KEY_ID, "Enabled", "demo: replicas"),
    ]
    assert KmsKey(DEMO_DISABLED_KMS_KEY_ID, "Disabled", "demo: retired key") in keys


def test_the_seeded_sse_kms_object_names_a_demo_key(demo_cloud: LocalCloud) -> None:
    auth = oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    bucket = oss2.Bucket(auth, demo_cloud.endpoint, SOURCE, region=demo_cloud.config.region)
    headers = bucket.head_object("secrets/kms-encrypted.bin").headers
    key_id = headers["x-oss-server-side-encryption-key-id"]
    kms = CloudSession(connection_to(demo_cloud)).kms
    assert kms.describe_key(key_id) == kms.describe_key("alias/demo-source")
    assert kms.describe_key(key_id) == KmsKey(DEMO_KMS_KEY_ID, "Enabled", "demo: source objects")
    assert kms.describe_key("alias/demo-replicas") == KmsKey(
        DEMO_REPLICA_KMS_KEY_ID, "Enabled", "demo: replicas"
    )


def test_seed_is_idempotent_and_deterministic(demo_cloud: LocalCloud, tmp_path: Path) -> None:
    first = describe_all(demo_cloud)
    assert len(first) == 3
    data = tmp_path / "cloud"
    with demo(data) as cloud:
        fresh = describe_all(cloud)
    with demo(data) as cloud:  # the demo reuses its data directory
        again = describe_all(cloud)
        aliases = rpc(openapi_client(cloud), "ListAliases")["body"]["TotalCount"]
    assert first == fresh == again  # fixed ids, dates and versions; nothing duplicated
    assert aliases == 2


def test_a_data_dir_seeded_before_kms_gets_the_keys(tmp_path: Path) -> None:
    data = tmp_path / "cloud"
    with demo(data) as cloud:
        assert cloud.db is not None
        with cloud.db.transaction() as conn:  # as a data directory from before KMS existed
            conn.execute("DROP TABLE kms_aliases")
            conn.execute("DROP TABLE kms_keys")
            conn.execute("DELETE FROM schema_versions WHERE component = 'kms'")
    with demo(data) as cloud:
        keys = [k.key_id for k in CloudSession(connection_to(cloud)).list_kms_keys()]
    assert sorted(keys) == [DEMO_KMS_KEY_ID, DEMO_REPLICA_KMS_KEY_ID, DEMO_DISABLED_KMS_KEY_ID]
