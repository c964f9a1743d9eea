"""Constants and real-SDK call helpers shared by the RAM tests."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client
from alibabacloud_tea_openapi.exceptions import ClientException

from srrtui.localcloud.ram import oss_arn

ACCESS_KEY_ID = "LTAI-TEST-RAM"
ACCESS_KEY_SECRET = "test-secret-ram"
ACCOUNT_UID = "1234567890123456"
REGION = "cn-hangzhou"

OSS_TRUST = json.dumps(
    {
        "Version": "1",
        "Statement": [
            {
                "Action": "sts:AssumeRole",
                "Effect": "Allow",
                "Principal": {"Service": ["oss.aliyuncs.com"]},
            }
        ],
    }
)
# The least-privilege SRR policy of the OSS guide "Required permissions for data replication".
LEAST_PRIVILEGE = json.dumps(
    {
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["oss:ReplicateList", "oss:ReplicateGet"],
                "Resource": ["acs:oss:*:*:src", "acs:oss:*:*:src/*"],
            },
            {
                "Effect": "Allow",
                "Action": [
                    "oss:ReplicateList",
                    "oss:ReplicateGet",
                    "oss:ReplicatePut",
                    "oss:ReplicateDelete",
                ],
                "Resource": ["acs:oss:*:*:dst", "acs:oss:*:*:dst/*"],
            },
        ],
    }
)
SRC_OBJECT = oss_arn(REGION, ACCOUNT_UID, "src", "docs/a.txt")
DST_OBJECT = oss_arn(REGION, ACCOUNT_UID, "dst", "docs/a.txt")


def error_of(call: Callable[[], object]) -> tuple[str, int]:
    """(Code, HTTP status) of the ClientException the SDK raises for ``call``."""
    with pytest.raises(ClientException) as caught:
        call()
    return caught.value.code, caught.value.status_code


def create_role(client: Client, name: str, trust: str = OSS_TRUST, **extra: object):
    return client.create_role(
        ram_models.CreateRoleRequest(role_name=name, assume_role_policy_document=trust, **extra)
    )


def create_policy(client: Client, name: str, document: str = LEAST_PRIVILEGE, **extra: object):
    return client.create_policy(
        ram_models.CreatePolicyRequest(policy_name=name, policy_document=document, **extra)
    )


def get_policy(client: Client, name: str, policy_type: str = "Custom"):
    return client.get_policy(ram_models.GetPolicyRequest(policy_name=name, policy_type=policy_type))


def attach(client: Client, name: str, role: str, policy_type: str = "Custom") -> None:
    client.attach_policy_to_role(
        ram_models.AttachPolicyToRoleRequest(
            policy_type=policy_type, policy_name=name, role_name=role
        )
    )


def detach(client: Client, name: str, role: str, policy_type: str = "Custom") -> None:
    client.detach_policy_from_role(
        ram_models.DetachPolicyFromRoleRequest(
            policy_type=policy_type, policy_name=name, role_name=role
        )
    )


def attached(client: Client, role: str) -> list[tuple[str, str]]:
    body = client.list_policies_for_role(ram_models.ListPoliciesForRoleRequest(role_name=role)).body
    return [(p.policy_type, p.policy_name) for p in body.policies.policy]
