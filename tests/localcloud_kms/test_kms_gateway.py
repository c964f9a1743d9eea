"""What KMS shares with RAM on the local cloud's one port: signature checks, error bodies,
request ids and injected faults; and the routing by API version that keeps RAM working."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi.client import Client
from alibabacloud_tea_openapi.models import Config
from kms_helpers import FAST, connection_to, error_of, openapi_client, rpc

from srrtui.cloud.kms import KmsAdapter
from srrtui.cloud.types import CloudError
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

KMS_HOST = "kms.cn-hangzhou.aliyuncs.com"


def acs_date(offset: timedelta) -> str:
    return (datetime.now(timezone.utc) + offset).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_wrong_secret_is_refused_as_ram_refuses_it(local_cloud: LocalCloud) -> None:
    error = error_of(
        lambda: rpc(openapi_client(local_cloud, access_key_secret="wrong"), "ListKeys")
    )
    assert (error.code, error.status_code) == ("SignatureDoesNotMatch", 400)
    assert error.data["HostId"] == KMS_HOST
    assert "ACS3-HMAC-SHA256" in error.data["Message"]  # the server's string to sign
    assert "wrong" not in error.data["Message"] and DEMO_ACCESS_KEY_SECRET not in str(error.data)
    recommend = error.data["Recommend"]
    assert "product=Kms" in recommend and recommend.endswith(error.data["RequestId"])


def test_unknown_access_key_is_not_found(local_cloud: LocalCloud) -> None:
    client = openapi_client(local_cloud, access_key_id="LTAI-NOBODY")
    error = error_of(lambda: rpc(client, "DescribeKey", {"KeyId": "key-x"}))
    assert (error.code, error.status_code) == ("InvalidAccessKeyId.NotFound", 404)


def test_adapter_reports_a_refused_signature(local_cloud: LocalCloud) -> None:
    adapter = KmsAdapter(connection_to(local_cloud, secret="wrong"), policy=FAST)
    with pytest.raises(CloudError) as raised:
        adapter.list_keys()
    assert raised.value.code == "SignatureDoesNotMatch"
    assert raised.value.message.startswith("could not list keys: ")
    assert "wrong" not in str(raised.value)


def test_a_replayed_nonce_is_refused(client: Client) -> None:
    nonce = {"x-acs-signature-nonce": uuid.uuid4().hex}
    rpc(client, "ListKeys", headers=nonce)
    error = error_of(lambda: rpc(client, "ListKeys", headers=nonce))
    assert (error.code, error.status_code) == ("SignatureNonceUsed", 400)


@pytest.mark.parametrize(
    ("skew", "accepted"), [(timedelta(minutes=-16), False), (timedelta(minutes=14), True)]
)
def test_the_15_minute_skew_window(client: Client, skew: timedelta, accepted: bool) -> None:
    call = lambda: rpc(client, "ListKeys", headers={"x-acs-date": acs_date(skew)})  # noqa: E731
    if accepted:
        assert call()["statusCode"] == 200
    else:
        assert error_of(call).code == "InvalidTimeStamp.Expired"


def test_version_in_the_query_routes_too(client: Client) -> None:
    # No x-acs-version value: the Version parameter names the API, as in hand-built RPC calls.
    body = rpc(client, "ListKeys", {"Version": "2016-01-20"}, headers={"x-acs-version": ""})
    assert body["body"]["TotalCount"] == 0


def test_an_unknown_version_still_answers_invalid_version(client: Client) -> None:
    error = error_of(lambda: rpc(client, "ListKeys", version="2099-01-01"))
    assert (error.code, error.status_code) == ("InvalidVersion", 400)
    assert error.data["HostId"] == "ram.aliyuncs.com"  # RAM answered, as before KMS existed


def test_ram_still_works_on_the_same_port(local_cloud: LocalCloud, client: Client) -> None:
    ram = RamClient(
        Config(
            access_key_id=DEMO_ACCESS_KEY_ID,
            access_key_secret=DEMO_ACCESS_KEY_SECRET,
            endpoint=f"127.0.0.1:{local_cloud.port}",
            protocol="http",
        )
    )
    assert ram.list_roles(ram_models.ListRolesRequest()).body.roles.role == []
    assert rpc(client, "ListKeys")["body"]["TotalCount"] == 0
    # A KMS action sent with RAM's version is RAM's to refuse.
    error = error_of(lambda: rpc(client, "ListKeys", version="2015-05-01"))
    assert (error.code, error.data["HostId"]) == ("InvalidAction.NotFound", "ram.aliyuncs.com")


def test_faults_apply_to_kms_calls(local_cloud: LocalCloud, kms: KmsAdapter) -> None:
    local_cloud.faults.inject("ListKeys", kind="503", count=FAST.attempts)
    with pytest.raises(CloudError) as raised:
        kms.list_keys()
    assert (raised.value.code, raised.value.status) == ("ServiceUnavailable", 503)
    assert raised.value.message.startswith("could not list keys: ")
    assert [f.api for f in local_cloud.faults.fired] == ["ListKeys"] * FAST.attempts
    assert kms.list_keys() == []  # the faults are used up


def test_a_throttled_call_is_retried(local_cloud: LocalCloud, client: Client) -> None:
    assert local_cloud.kms is not None
    local_cloud.kms.add_key("key-1", description="one")
    local_cloud.faults.inject("DescribeKey", kind="throttle", count=1)
    error = error_of(lambda: rpc(client, "DescribeKey", {"KeyId": "key-1"}))
    assert (error.code, error.status_code, error.data["HostId"]) == (
        "Throttling.User",
        400,
        KMS_HOST,
    )
    adapter = KmsAdapter(connection_to(local_cloud), policy=FAST)
    local_cloud.faults.inject("DescribeKey", kind="throttle", count=1)
    assert adapter.describe_key("key-1") is not None  # the retry got through
