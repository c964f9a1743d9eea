"""A RAM user's AccessKey may call only the RAM actions its policies allow (403 NoPermission
otherwise), through the RAM SDK; the account's own key keeps every action."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client
from ram_helpers import OSS_TRUST
from Tea.exceptions import TeaException

from srrtui.localcloud.config import CloudConfig
from srrtui.localcloud.ram import RamService

ROOT_ID, ROOT_SECRET = "LTAI5tRootKey0001", "root-secret-1"
USER_ID, USER_SECRET = "LTAI5tUserKey0001", "user-secret-1"
READ_ROLES = {
    "Version": "1",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["ram:GetRole", "ram:ListPoliciesForRole"],
            "Resource": "acs:ram:*:*:role/*",
        }
    ],
}


@pytest.fixture
def cloud_config() -> CloudConfig:
    return CloudConfig(
        account_uid="1000000000000001", access_keys={ROOT_ID: ROOT_SECRET, USER_ID: USER_SECRET}
    )


def test_a_ram_user_may_call_only_what_its_policies_allow(
    ram: RamService, make_client: Callable[..., Client]
) -> None:
    root = make_client(ROOT_ID, ROOT_SECRET)
    root.create_policy(
        ram_models.CreatePolicyRequest(
            policy_name="read-roles", policy_document=json.dumps(READ_ROLES)
        )
    )
    ram.add_user("ops", USER_ID, [("Custom", "read-roles")])
    user = make_client(USER_ID, USER_SECRET)

    with pytest.raises(TeaException) as caught:
        user.create_role(
            ram_models.CreateRoleRequest(role_name="r1", assume_role_policy_document=OSS_TRUST)
        )
    assert caught.value.code == "NoPermission"
    assert "ram:CreateRole" in caught.value.message
    assert caught.value.data["Code"] == "NoPermission"

    root.create_role(
        ram_models.CreateRoleRequest(role_name="r1", assume_role_policy_document=OSS_TRUST)
    )
    got = user.get_role(ram_models.GetRoleRequest(role_name="r1"))
    assert got.body.role.role_name == "r1"
    with pytest.raises(TeaException) as caught:
        user.attach_policy_to_role(
            ram_models.AttachPolicyToRoleRequest(
                policy_type="Custom", policy_name="read-roles", role_name="r1"
            )
        )
    assert caught.value.code == "NoPermission"
    # Nothing was attached by the refused call.
    listed = user.list_policies_for_role(ram_models.ListPoliciesForRoleRequest(role_name="r1"))
    assert listed.body.policies.policy == []


def test_a_users_policies_are_listed_through_the_sdk_and_held_to_permissions(
    ram: RamService, make_client: Callable[..., Client]
) -> None:
    root = make_client(ROOT_ID, ROOT_SECRET)
    root.create_policy(
        ram_models.CreatePolicyRequest(
            policy_name="read-roles", policy_document=json.dumps(READ_ROLES)
        )
    )
    ram.add_user("ops", USER_ID, [("Custom", "read-roles"), ("System", "AliyunOSSFullAccess")])

    listed = root.list_policies_for_user(ram_models.ListPoliciesForUserRequest(user_name="ops"))
    policies = [(p.policy_type, p.policy_name) for p in listed.body.policies.policy]
    assert policies == [("Custom", "read-roles"), ("System", "AliyunOSSFullAccess")]
    assert listed.body.policies.policy[0].default_version == "v1"
    groups = root.list_groups_for_user(ram_models.ListGroupsForUserRequest(user_name="ops"))
    assert groups.body.groups.group == []
    with pytest.raises(TeaException) as unknown:
        root.list_policies_for_user(ram_models.ListPoliciesForUserRequest(user_name="nobody"))
    assert unknown.value.code == "EntityNotExist.User"
    # The user itself may not list its own policies: READ_ROLES does not allow it.
    user = make_client(USER_ID, USER_SECRET)
    with pytest.raises(TeaException) as refused:
        user.list_policies_for_user(ram_models.ListPoliciesForUserRequest(user_name="ops"))
    assert refused.value.code == "NoPermission"
    assert "ram:ListPoliciesForUser" in refused.value.message
