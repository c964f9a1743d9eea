"""Fixtures: srrtui's KmsAdapter and the raw OpenAPI client on the empty ``local_cloud``
(tests/conftest.py), with keys added the way the demo seed adds them."""

from __future__ import annotations

import pytest
from alibabacloud_tea_openapi.client import Client
from kms_helpers import FAST, connection_to, openapi_client

from srrtui.cloud.kms import KmsAdapter
from srrtui.localcloud import LocalCloud


@pytest.fixture
def kms(local_cloud: LocalCloud) -> KmsAdapter:
    return KmsAdapter(connection_to(local_cloud), policy=FAST)


@pytest.fixture
def client(local_cloud: LocalCloud) -> Client:
    return openapi_client(local_cloud)


@pytest.fixture
def keys(local_cloud: LocalCloud) -> list[str]:
    """25 enabled keys, created a minute apart (ListKeys order), plus aliases on two."""
    assert local_cloud.kms is not None
    ids = [f"key-test-{i:04d}" for i in range(25)]
    for i, key_id in enumerate(ids):
        local_cloud.kms.add_key(
            key_id,
            description=f"test key {i}",
            aliases=("alias/first",) if i == 0 else ("alias/last",) if i == 24 else (),
            creation_date=f"2025-02-01T10:{i:02d}:00Z",
        )
    return ids
