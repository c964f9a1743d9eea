"""ListKeys, DescribeKey and ListAliases on the local cloud, through srrtui's KmsAdapter and the
OpenAPI client it is built on."""

from __future__ import annotations

import re

import pytest
from alibabacloud_tea_openapi.client import Client
from kms_helpers import error_of, rpc

from srrtui.cloud.kms import KmsAdapter
from srrtui.cloud.types import KmsKey
from srrtui.localcloud import DEMO_ACCOUNT_UID, LocalCloud

ARN = f"acs:kms:cn-hangzhou:{DEMO_ACCOUNT_UID}:key/"
DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def page(client: Client, **query: str) -> dict:
    return rpc(client, "ListKeys", query)["body"]


def test_list_keys_pages_ten_by_default(client: Client, keys: list[str]) -> None:
    body = page(client)
    assert (body["PageNumber"], body["PageSize"], body["TotalCount"]) == (1, 10, 25)
    assert [k["KeyId"] for k in body["Keys"]["Key"]] == keys[:10]
    assert body["Keys"]["Key"][0] == {"KeyId": keys[0], "KeyArn": ARN + keys[0]}


def test_list_keys_walks_every_page(client: Client, keys: list[str]) -> None:
    seen: list[str] = []
    for number in (1, 2, 3):
        body = page(client, PageNumber=str(number), PageSize="10")
        assert body["PageNumber"] == number and body["TotalCount"] == 25
        seen += [k["KeyId"] for k in body["Keys"]["Key"]]
    assert seen == keys
    beyond = page(client, PageNumber="4", PageSize="10")
    assert beyond["Keys"]["Key"] == [] and beyond["TotalCount"] == 25


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PageSize", "101"),
        ("PageSize", "0"),
        ("PageSize", "ten"),
        ("PageNumber", "0"),
        ("PageNumber", "-1"),
        ("PageNumber", "9" * 20),  # no Integer: refused, not a server error
    ],
)
def test_list_keys_refuses_bad_paging(client: Client, name: str, value: str) -> None:
    error = error_of(lambda: rpc(client, "ListKeys", {name: value}))
    assert (error.code, error.status_code) == ("InvalidParameter", 400)
    assert error.data["Message"] == f'The specified parameter "{name}" is not valid.'


def test_page_size_100_is_the_largest(client: Client, keys: list[str]) -> None:
    assert len(page(client, PageSize="100")["Keys"]["Key"]) == 25


def test_adapter_lists_across_pages_of_100(local_cloud: LocalCloud, kms: KmsAdapter) -> None:
    assert local_cloud.kms is not None
    ids = [f"key-many-{i:04d}" for i in range(130)]
    for i, key_id in enumerate(ids):
        local_cloud.kms.add_key(key_id, creation_date=f"2025-03-01T{i // 60:02d}:{i % 60:02d}:00Z")
    listed = kms.list_keys(limit=200, describe=2)
    assert [k.key_id for k in listed] == ids
    assert listed[:3] == [
        KmsKey(ids[0], "Enabled", ""),
        KmsKey(ids[1], "Enabled", ""),
        KmsKey(ids[2]),
    ]


def test_adapter_lists_state_and_description(local_cloud: LocalCloud, kms: KmsAdapter) -> None:
    assert local_cloud.kms is not None
    local_cloud.kms.add_key("key-a", description="replicas", creation_date="2025-01-01T00:00:00Z")
    local_cloud.kms.add_key(
        "key-b", state="Disabled", description="old", creation_date="2025-01-02T00:00:00Z"
    )
    local_cloud.kms.add_key(
        "key-c",
        state="PendingDeletion",
        delete_date="2025-02-01T00:00:00Z",
        creation_date="2025-01-03T00:00:00Z",
    )
    assert kms.list_keys() == [
        KmsKey("key-a", "Enabled", "replicas"),
        KmsKey("key-b", "Disabled", "old"),
        KmsKey("key-c", "PendingDeletion", ""),
    ]


def test_no_keys_is_an_empty_list(kms: KmsAdapter) -> None:
    assert kms.list_keys() == []


@pytest.mark.parametrize("reference", ["key-test-0000", "alias/first", ARN + "key-test-0000"])
def test_describe_by_id_alias_or_arn(client: Client, keys: list[str], reference: str) -> None:
    meta = rpc(client, "DescribeKey", {"KeyId": reference})["body"]["KeyMetadata"]
    assert meta["KeyId"] == "key-test-0000"  # the id, whatever named the key
    assert meta["Arn"] == ARN + "key-test-0000"
    assert meta["KeyState"] == "Enabled"
    assert meta["Description"] == "test key 0"
    assert meta["Creator"] == DEMO_ACCOUNT_UID
    assert meta["CreationDate"] == "2025-02-01T10:00:00Z"
    assert (meta["KeyUsage"], meta["KeySpec"]) == ("ENCRYPT/DECRYPT", "Aliyun_AES_256")
    assert "DeleteDate" not in meta  # only while PendingDeletion


def test_adapter_describes_through_an_alias(kms: KmsAdapter, keys: list[str]) -> None:
    assert kms.describe_key("alias/last") == KmsKey("key-test-0024", "Enabled", "test key 24")


def test_pending_deletion_has_a_delete_date(local_cloud: LocalCloud, client: Client) -> None:
    assert local_cloud.kms is not None
    local_cloud.kms.add_key(
        "key-going", state="PendingDeletion", delete_date="2025-09-01T00:00:00Z"
    )
    meta = rpc(client, "DescribeKey", {"KeyId": "key-going"})["body"]["KeyMetadata"]
    assert (meta["KeyState"], meta["DeleteDate"]) == ("PendingDeletion", "2025-09-01T00:00:00Z")
    assert DATE.fullmatch(meta["CreationDate"])


@pytest.mark.parametrize(
    ("reference", "code"),
    [
        ("key-missing", "Forbidden.KeyNotFound"),
        ("alias/missing", "Forbidden.AliasNotFound"),
        ("acs:kms:cn-shanghai:" + DEMO_ACCOUNT_UID + ":key/key-test-0000", "Forbidden.KeyNotFound"),
        ("acs:kms:cn-hangzhou:9999999999999999:key/key-test-0000", "Forbidden.KeyNotFound"),
    ],
)
def test_an_unknown_key(
    client: Client, kms: KmsAdapter, keys: list[str], reference: str, code: str
) -> None:
    error = error_of(lambda: rpc(client, "DescribeKey", {"KeyId": reference}))
    assert (error.code, error.status_code) == (code, 404)
    assert error.data["Message"].startswith("The specified ")
    assert error.data["Message"].endswith(" is not found.")
    assert kms.describe_key(reference) is None  # what preflight reads as "does not exist"


def test_describe_without_a_key_id(client: Client) -> None:
    error = error_of(lambda: rpc(client, "DescribeKey"))
    assert (error.code, error.status_code) == ("MissingKeyId", 400)


def test_list_aliases(client: Client, keys: list[str]) -> None:
    body = rpc(client, "ListAliases")["body"]
    assert (body["TotalCount"], body["PageNumber"], body["PageSize"]) == (2, 1, 20)
    prefix = f"acs:kms:cn-hangzhou:{DEMO_ACCOUNT_UID}:"
    assert body["Aliases"]["Alias"] == [
        {"KeyId": "key-test-0000", "AliasName": "alias/first", "AliasArn": prefix + "alias/first"},
        {"KeyId": "key-test-0024", "AliasName": "alias/last", "AliasArn": prefix + "alias/last"},
    ]


def test_an_action_kms_does_not_have_here(client: Client) -> None:
    error = error_of(lambda: rpc(client, "Encrypt", {"KeyId": "k", "Plaintext": "x"}))
    assert (error.code, error.status_code) == ("InvalidAction.NotFound", 404)


def test_responses_carry_the_request_id(client: Client) -> None:
    response = rpc(client, "ListKeys")
    assert response["headers"]["x-acs-request-id"] == response["body"]["RequestId"]
    assert response["headers"]["content-type"] == "application/json;charset=utf-8"
