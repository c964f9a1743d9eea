"""Policies, versions and attachments through the real RAM SDK."""

from __future__ import annotations

import json

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client
from ram_helpers import (
    LEAST_PRIVILEGE,
    OSS_TRUST,
    attach,
    attached,
    create_policy,
    create_role,
    detach,
    error_of,
    get_policy,
)

from srrtui.localcloud.ram import RamLimits

SYSTEM = {
    "AliyunOSSFullAccess": "oss:*",
    "AliyunOSSReadOnlyAccess": ["oss:Get*", "oss:List*"],
    "AliyunKMSFullAccess": "kms:*",
}


@pytest.mark.parametrize(("name", "action"), SYSTEM.items())
def test_system_policies_exist(client: Client, name: str, action: object) -> None:
    body = get_policy(client, name, "System").body
    assert body.policy.policy_type == "System"
    assert body.policy.default_version == "v1"
    document = json.loads(body.default_policy_version.policy_document)
    assert document["Statement"][0]["Action"] == action
    assert body.default_policy_version.is_default_version is True


def test_kms_crypto_user_policy_allows_key_use(client: Client) -> None:
    body = get_policy(client, "AliyunKMSCryptoUserAccess", "System").body
    actions = json.loads(body.policy.policy_document)["Statement"][0]["Action"]
    assert {"kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"} <= set(actions)


def test_create_and_get_custom_policy(client: Client) -> None:
    created = create_policy(
        client, "srr-policy", LEAST_PRIVILEGE, description="replication"
    ).body.policy
    assert (created.policy_name, created.policy_type) == ("srr-policy", "Custom")
    assert (created.default_version, created.description) == ("v1", "replication")
    body = get_policy(client, "SRR-POLICY").body
    assert body.policy.policy_name == "srr-policy"
    assert body.policy.attachment_count == 0
    assert body.policy.policy_document == LEAST_PRIVILEGE
    assert body.default_policy_version.version_id == "v1"


def test_duplicate_policy(client: Client) -> None:
    create_policy(client, "p1")
    assert error_of(lambda: create_policy(client, "P1")) == (
        "EntityAlreadyExists.Policy",
        409,
    )


def test_custom_and_system_policies_are_separate(client: Client) -> None:
    assert error_of(lambda: get_policy(client, "AliyunOSSFullAccess")) == (
        "EntityNotExist.Policy",
        404,
    )


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("dots.not.allowed", "InvalidParameter.PolicyName.InvalidChars"),
        ("under_score", "InvalidParameter.PolicyName.InvalidChars"),
        ("p" * 129, "InvalidParameter.PolicyName.Length"),
    ],
)
def test_invalid_policy_names(client: Client, name: str, code: str) -> None:
    assert error_of(lambda: create_policy(client, name)) == (code, 400)


def test_policy_document_length_limit(client: Client) -> None:
    padding = " " * (6145 - len(LEAST_PRIVILEGE))
    call = lambda: create_policy(client, "big", LEAST_PRIVILEGE + padding)  # noqa: E731
    assert error_of(call) == ("InvalidParameter.PolicyDocument.Length", 400)
    exactly = LEAST_PRIVILEGE + " " * (6144 - len(LEAST_PRIVILEGE))
    assert create_policy(client, "big", exactly).body.policy.policy_name == "big"


@pytest.mark.parametrize(
    "document",
    [
        "[]",
        "{oops",
        '{"Version":"1"}',
        '{"Version":1,"Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}',
        '{"Version":"1","Statement":[{"Effect":"Allow","Resource":"*"}]}',
        '{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*"}]}',
        '{"Version":"1","Statement":[{"Effect":"allow","Action":"oss:*","Resource":"*"}]}',
        '{"Version":"1","Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]}',
        '{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*","Principal":{"RAM":"*"}}]}',
        '{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*","Colour":"blue"}]}',
        '{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*","Condition":"x"}]}',
    ],
)
def test_malformed_policy_documents(client: Client, document: str) -> None:
    call = lambda: create_policy(client, "bad", document)  # noqa: E731
    assert error_of(call) == ("MalformedPolicyDocument", 400)


def test_get_policy_parameters(client: Client) -> None:
    no_type = lambda: client.get_policy(ram_models.GetPolicyRequest(policy_name="x"))  # noqa: E731
    assert error_of(no_type) == ("MissingPolicyType", 400)
    bad_type = lambda: get_policy(client, "x", "Managed")  # noqa: E731
    assert error_of(bad_type) == ("InvalidParameter.PolicyType.InvalidValue", 400)
    assert error_of(lambda: get_policy(client, "absent")) == ("EntityNotExist.Policy", 404)


def test_attach_list_detach(client: Client) -> None:
    create_role(client, "SyncRole")
    create_policy(client, "srr")
    attach(client, "srr", "SyncRole")
    attach(client, "AliyunKMSCryptoUserAccess", "syncrole", "System")
    assert attached(client, "SyncRole") == [
        ("Custom", "srr"),
        ("System", "AliyunKMSCryptoUserAccess"),
    ]
    body = client.list_policies_for_role(
        ram_models.ListPoliciesForRoleRequest(role_name="SyncRole")
    )
    first = body.body.policies.policy[0]
    assert (first.default_version, first.attach_date[:2]) == ("v1", "20")
    assert get_policy(client, "srr").body.policy.attachment_count == 1
    detach(client, "srr", "SyncRole")
    assert attached(client, "SyncRole") == [("System", "AliyunKMSCryptoUserAccess")]
    assert error_of(lambda: detach(client, "srr", "SyncRole")) == (
        "EntityNotExist.Role.Policy",
        404,
    )


def test_attach_errors(client: Client) -> None:
    create_role(client, "SyncRole")
    create_policy(client, "srr")
    assert error_of(lambda: attach(client, "srr", "Ghost")) == ("EntityNotExist.Role", 404)
    assert error_of(lambda: attach(client, "ghost", "SyncRole")) == ("EntityNotExist.Policy", 404)
    attach(client, "srr", "SyncRole")
    assert error_of(lambda: attach(client, "SRR", "syncrole")) == (
        "EntityAlreadyExists.Role.Policy",
        409,
    )
    missing_type = lambda: client.attach_policy_to_role(  # noqa: E731
        ram_models.AttachPolicyToRoleRequest(policy_name="srr", role_name="SyncRole")
    )
    assert error_of(missing_type) == ("MissingPolicyType", 400)


def test_list_policies_for_missing_role(client: Client) -> None:
    assert error_of(lambda: attached(client, "Ghost")) == ("EntityNotExist.Role", 404)


def test_delete_policy(client: Client) -> None:
    create_policy(client, "temp")
    client.delete_policy(ram_models.DeletePolicyRequest(policy_name="temp"))
    assert error_of(lambda: get_policy(client, "temp")) == ("EntityNotExist.Policy", 404)
    again = lambda: client.delete_policy(ram_models.DeletePolicyRequest(policy_name="temp"))  # noqa: E731
    assert error_of(again) == ("EntityNotExist.Policy", 404)


def test_delete_attached_policy_conflicts_unless_cascading(client: Client) -> None:
    create_role(client, "SyncRole")
    create_policy(client, "srr")
    attach(client, "srr", "SyncRole")
    delete = lambda: client.delete_policy(ram_models.DeletePolicyRequest(policy_name="srr"))  # noqa: E731
    assert error_of(delete) == ("DeleteConflict.Policy.Role", 409)
    client.delete_policy(ram_models.DeletePolicyRequest(policy_name="srr", cascading_delete=True))
    assert attached(client, "SyncRole") == []


def test_system_policies_cannot_be_deleted(client: Client) -> None:
    call = lambda: client.delete_policy(  # noqa: E731
        ram_models.DeletePolicyRequest(policy_name="AliyunOSSFullAccess")
    )
    assert error_of(call) == ("EntityNotExist.Policy", 404)


def _new_version(client: Client, document: str, default: bool, rotate: str | None = None):
    return client.create_policy_version(
        ram_models.CreatePolicyVersionRequest(
            policy_name="srr",
            policy_document=document,
            set_as_default=default,
            rotate_strategy=rotate,
        )
    ).body.policy_version


def test_policy_versions(client: Client) -> None:
    create_policy(client, "srr")
    wider = LEAST_PRIVILEGE.replace('"acs:oss:*:*:src/*"', '"*"')
    v2 = _new_version(client, wider, default=False)
    assert (v2.version_id, v2.is_default_version) == ("v2", False)
    assert get_policy(client, "srr").body.policy.policy_document == LEAST_PRIVILEGE
    v3 = _new_version(client, wider, default=True)
    body = get_policy(client, "srr").body
    assert (body.policy.default_version, body.policy.policy_document) == (v3.version_id, wider)
    delete = lambda: client.delete_policy(ram_models.DeletePolicyRequest(policy_name="srr"))  # noqa: E731
    assert error_of(delete) == ("DeleteConflict.Policy.Version", 409)
    delete_default = lambda: client.delete_policy_version(  # noqa: E731
        ram_models.DeletePolicyVersionRequest(policy_name="srr", version_id="v3")
    )
    assert error_of(delete_default) == ("DeleteConflict.Policy.Version.Default", 409)
    for version in ("v1", "v2"):
        client.delete_policy_version(
            ram_models.DeletePolicyVersionRequest(policy_name="srr", version_id=version)
        )
    delete_gone = lambda: client.delete_policy_version(  # noqa: E731
        ram_models.DeletePolicyVersionRequest(policy_name="srr", version_id="v1")
    )
    assert error_of(delete_gone) == ("EntityNotExist.Policy.Version", 404)
    client.delete_policy(ram_models.DeletePolicyRequest(policy_name="srr"))


@pytest.mark.parametrize("limits", [RamLimits(versions_per_policy=2)])
def test_policy_version_limit_and_rotation(client: Client) -> None:
    create_policy(client, "srr")
    _new_version(client, LEAST_PRIVILEGE, default=True)  # v2 default; v1 is the oldest non-default
    call = lambda: _new_version(client, LEAST_PRIVILEGE, default=False)  # noqa: E731
    assert error_of(call) == ("LimitExceeded.Policy.Version", 409)
    rotated = _new_version(
        client,
        LEAST_PRIVILEGE,
        default=False,
        rotate="DeleteOldestNonDefaultVersionWhenLimitExceeded",
    )
    assert rotated.version_id == "v3"


@pytest.mark.parametrize("limits", [RamLimits(custom_policies=1)])
def test_custom_policy_limit(client: Client) -> None:
    create_policy(client, "first")
    assert error_of(lambda: create_policy(client, "second")) == (
        "LimitExceeded.Policy",
        409,
    )


def test_trust_policy_round_trips(client: Client) -> None:
    role = create_role(client, "R").body.role
    assert json.loads(role.assume_role_policy_document) == json.loads(OSS_TRUST)
