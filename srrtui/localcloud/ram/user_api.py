"""The RAM actions that read a RAM user's permissions: ListPoliciesForUser, ListGroupsForUser and
ListPoliciesForGroup (what srrtui's preflight reads to judge the caller's own permissions).

Response shapes follow the SDK's models (alibabacloud_ram20150501 1.3,
``models/_list_policies_for_user_response_body.py``: ``{"Policies": {"Policy": [{"PolicyName",
"PolicyType", "Description", "DefaultVersion", "AttachDate"}]}}``; ``ListGroupsForUser`` ->
``{"Groups": {"Group": [{"GroupName", "Comments", "JoinDate"}]}}``). An unknown user or group is
404 ``EntityNotExist.User`` / ``EntityNotExist.Group`` (RAM API reference error tables). The
local cloud has no user groups: every user is in none, and every group is unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from srrtui.localcloud.pop.rpc import Params
from srrtui.localcloud.ram import users
from srrtui.localcloud.ram.errors import RamError
from srrtui.localcloud.storage.db import Database


def user_actions(db: Database) -> dict[str, Callable[[Params], dict[str, Any]]]:
    def existing_user(p: Params) -> str:
        name = p.required("UserName")
        with db.read() as conn:
            if not users.user_exists(conn, name):
                raise RamError(404, "EntityNotExist.User", "The user does not exist.")
        return name

    def list_policies_for_user(p: Params) -> dict[str, Any]:
        name = existing_user(p)
        with db.read() as conn:
            attached = users.user_policies(conn, name)
        policies = [
            {
                "PolicyName": policy_name,
                "PolicyType": policy_type,
                "Description": description,
                "DefaultVersion": version,
            }
            for policy_type, policy_name, description, version in attached
        ]
        return {"Policies": {"Policy": policies}}

    def list_groups_for_user(p: Params) -> dict[str, Any]:
        existing_user(p)
        return {"Groups": {"Group": []}}

    def list_policies_for_group(p: Params) -> dict[str, Any]:
        p.required("GroupName")
        raise RamError(404, "EntityNotExist.Group", "The group does not exist.")

    return {
        "ListPoliciesForUser": list_policies_for_user,
        "ListGroupsForUser": list_groups_for_user,
        "ListPoliciesForGroup": list_policies_for_group,
    }
