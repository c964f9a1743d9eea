"""CreateRole / GetRole / ListRoles / DeleteRole through the real RAM SDK."""

from __future__ import annotations

import re

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client
from ram_helpers import ACCOUNT_UID, OSS_TRUST, attach, create_role, error_of

from srrtui.localcloud.ram import RamLimits

DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def test_create_role_response(client: Client) -> None:
    role = create_role(
        client, "Replication-Role.1", description="SRR role", max_session_duration=7200
    ).body.role
    assert role.role_name == "Replication-Role.1"
    assert role.arn == f"acs:ram::{ACCOUNT_UID}:role/replication-role.1"
    assert role.description == "SRR role"
    assert role.assume_role_policy_document == OSS_TRUST
    assert role.max_session_duration == 7200
    assert role.role_id.isdigit()
    assert DATE.fullmatch(role.create_date)


def test_get_role_is_case_insensitive_and_complete(client: Client) -> None:
    created = create_role(client, "MyRole").body.role
    role = client.get_role(ram_models.GetRoleRequest(role_name="myrole")).body.role
    assert role.role_name == "MyRole"
    assert role.role_id == created.role_id
    assert role.max_session_duration == 3600  # the documented default
    assert role.update_date == created.create_date
    assert role.role_principal_name == f"MyRole@role.{ACCOUNT_UID}.onaliyunservice.com"


def test_duplicate_role_differs_only_in_case(client: Client) -> None:
    create_role(client, "MyRole")
    assert error_of(lambda: create_role(client, "MYROLE")) == ("EntityAlreadyExists.Role", 409)


def test_get_missing_role(client: Client) -> None:
    call = lambda: client.get_role(ram_models.GetRoleRequest(role_name="Nope"))  # noqa: E731
    assert error_of(call) == ("EntityNotExist.Role", 404)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("has space", "InvalidParameter.RoleName.InvalidChars"),
        ("under_score", "InvalidParameter.RoleName.InvalidChars"),
        ("ünïcode", "InvalidParameter.RoleName.InvalidChars"),
        ("r" * 65, "InvalidParameter.RoleName.Length"),
    ],
)
def test_invalid_role_names(client: Client, name: str, code: str) -> None:
    assert error_of(lambda: create_role(client, name)) == (code, 400)


def test_longest_role_name_is_accepted(client: Client) -> None:
    assert create_role(client, "r" * 64).body.role.role_name == "r" * 64


def test_missing_parameters(client: Client) -> None:
    no_trust = lambda: client.create_role(ram_models.CreateRoleRequest(role_name="R"))  # noqa: E731
    assert error_of(no_trust) == ("MissingAssumeRolePolicyDocument", 400)
    no_name = lambda: client.get_role(ram_models.GetRoleRequest())  # noqa: E731
    assert error_of(no_name) == ("MissingRoleName", 400)


@pytest.mark.parametrize(
    "trust",
    [
        "{not json",
        '{"Version":"2","Statement":[]}',
        '{"Version":"1","Statement":[]}',
        '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}',
        '{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Principal":{"Service":"oss.aliyuncs.com"}}]}',
        '{"Version":"1","Statement":[{"Effect":"Maybe","Action":"sts:AssumeRole","Principal":{"Service":"oss.aliyuncs.com"}}]}',
    ],
)
def test_malformed_trust_policies(client: Client, trust: str) -> None:
    assert error_of(lambda: create_role(client, "R", trust=trust)) == (
        "MalformedPolicyDocument",
        400,
    )


@pytest.mark.parametrize("seconds", [3599, 43201])
def test_max_session_duration_bounds(client: Client, seconds: int) -> None:
    call = lambda: create_role(client, "R", max_session_duration=seconds)  # noqa: E731
    assert error_of(call) == ("InvalidParameter.MaxSessionDuration", 400)


def test_description_length(client: Client) -> None:
    call = lambda: create_role(client, "R", description="d" * 1025)  # noqa: E731
    assert error_of(call) == ("InvalidParameter.Description.Length", 400)


def test_list_roles_pages_with_marker(client: Client) -> None:
    names = [f"Role-{i}" for i in range(5)]
    for name in names:
        create_role(client, name)
    seen: list[str] = []
    marker = None
    pages = 0
    while True:
        body = client.list_roles(ram_models.ListRolesRequest(max_items=2, marker=marker)).body
        pages += 1
        seen += [r.role_name for r in body.roles.role]
        assert all(r.arn.startswith(f"acs:ram::{ACCOUNT_UID}:role/") for r in body.roles.role)
        if not body.is_truncated:
            assert body.marker is None
            break
        marker = body.marker
    assert seen == names
    assert pages == 3


def test_list_roles_survives_deleting_the_marker_role(client: Client) -> None:
    for name in ("A", "B", "C"):
        create_role(client, name)
    first = client.list_roles(ram_models.ListRolesRequest(max_items=1)).body
    client.delete_role(ram_models.DeleteRoleRequest(role_name="A"))
    rest = client.list_roles(ram_models.ListRolesRequest(marker=first.marker)).body
    assert [r.role_name for r in rest.roles.role] == ["B", "C"]


def test_list_roles_empty_account(client: Client) -> None:
    body = client.list_roles(ram_models.ListRolesRequest()).body
    assert body.roles.role == []
    assert body.is_truncated is False


def test_list_roles_invalid_paging(client: Client) -> None:
    bad_marker = lambda: client.list_roles(ram_models.ListRolesRequest(marker="@@"))  # noqa: E731
    assert error_of(bad_marker) == ("InvalidParameter.Marker", 400)
    too_many = lambda: client.list_roles(ram_models.ListRolesRequest(max_items=1001))  # noqa: E731
    assert error_of(too_many) == ("InvalidParameter.MaxItems", 400)


def test_delete_role(client: Client) -> None:
    create_role(client, "Gone")
    client.delete_role(ram_models.DeleteRoleRequest(role_name="gone"))
    again = lambda: client.delete_role(ram_models.DeleteRoleRequest(role_name="Gone"))  # noqa: E731
    assert error_of(again) == ("EntityNotExist.Role", 404)


def test_delete_role_with_attached_policy_conflicts(client: Client) -> None:
    create_role(client, "Busy")
    attach(client, "AliyunOSSFullAccess", "Busy", "System")
    delete = lambda: client.delete_role(ram_models.DeleteRoleRequest(role_name="Busy"))  # noqa: E731
    assert error_of(delete) == ("DeleteConflict.Role.Policy", 409)


@pytest.mark.parametrize("limits", [RamLimits(roles=2)])
def test_role_limit(client: Client) -> None:
    create_role(client, "One")
    create_role(client, "Two")
    assert error_of(lambda: create_role(client, "Three")) == ("LimitExceeded.Role", 409)
