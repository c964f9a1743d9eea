"""RAM through the whole local cloud: its HTTP server routes ``x-acs-action`` calls to RamService.

The other test modules use a lean single-service server for speed and isolation; these run the
same SDK against ``LocalCloud`` to prove the wiring (routing, header handling, faults, seeding).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_tea_openapi.models import Config
from ram_helpers import (
    ACCESS_KEY_ID,
    ACCESS_KEY_SECRET,
    ACCOUNT_UID,
    DST_OBJECT,
    LEAST_PRIVILEGE,
    SRC_OBJECT,
    attach,
    create_policy,
    create_role,
)

from srrtui.localcloud import LocalCloud


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    data = tmp_path_factory.mktemp("ram-localcloud")
    keys = {ACCESS_KEY_ID: ACCESS_KEY_SECRET}
    with LocalCloud(data, access_keys=keys, account_uid=ACCOUNT_UID) as running:
        yield running


def sdk(cloud: LocalCloud, secret: str = ACCESS_KEY_SECRET) -> Client:
    # The RAM SDK wants host:port (it becomes the signed Host header), not a URL.
    config = Config(
        access_key_id=ACCESS_KEY_ID,
        access_key_secret=secret,
        endpoint=f"127.0.0.1:{cloud.port}",
        protocol="http",
    )
    return Client(config)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_role_policy_and_permission_check(cloud: LocalCloud) -> None:
    client = sdk(cloud)
    role, policy = unique("srr-role"), unique("srr-policy")
    created = create_role(client, role).body.role
    assert created.arn == f"acs:ram::{ACCOUNT_UID}:role/{role}"
    create_policy(client, policy, LEAST_PRIVILEGE)
    attach(client, policy, role)
    assert cloud.ram is not None
    assert cloud.ram.role_allows(role, "oss:ReplicatePut", DST_OBJECT).allowed
    assert not cloud.ram.role_allows(role, "oss:ReplicatePut", SRC_OBJECT).allowed


def test_wrong_secret_through_the_cloud(cloud: LocalCloud) -> None:
    with pytest.raises(ClientException) as caught:
        sdk(cloud, secret="wrong").list_roles(ram_models.ListRolesRequest())
    assert (caught.value.code, caught.value.status_code) == ("SignatureDoesNotMatch", 400)


def test_injected_throttling_then_recovery(cloud: LocalCloud) -> None:
    client = sdk(cloud)
    cloud.faults.inject("GetRole", kind="throttle", count=1)
    role = unique("throttled")
    create_role(client, role)
    with pytest.raises(ClientException) as caught:
        client.get_role(ram_models.GetRoleRequest(role_name=role))
    assert caught.value.code == "Throttling.User"
    assert client.get_role(ram_models.GetRoleRequest(role_name=role)).body.role.role_name == role


def test_demo_seed_has_the_oss_service_role(tmp_path: Path) -> None:
    keys = {ACCESS_KEY_ID: ACCESS_KEY_SECRET}
    with LocalCloud(tmp_path, access_keys=keys, seed="demo", start_delay=60) as demo:
        role = sdk(demo).get_role(ram_models.GetRoleRequest(role_name="AliyunOSSRole")).body.role
        assert role.role_name == "AliyunOSSRole"
        assert demo.ram is not None
        assert demo.ram.role_allows("AliyunOSSRole", "oss:ReplicateGet", SRC_OBJECT).allowed
