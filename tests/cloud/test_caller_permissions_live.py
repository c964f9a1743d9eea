"""Preflight judges the RAM permissions of the person running srrtui before anything is written
(issue 15 item 6): STS GetCallerIdentity says who they are, their policies are read through the
RAM SDK and each call of the role route is evaluated. Against the local cloud, whose RAM holds a
RAM user's AccessKey to its policies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import oss2
import pytest
from alibabacloud_ram20150501 import models
from alibabacloud_ram20150501.client import Client
from alibabacloud_tea_openapi.models import Config
from Tea.exceptions import TeaException

from srrtui.cloud.identity import caller_identity
from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import CheckStatus, Connection, PreflightReport
from srrtui.domain.plan import ReplicationPlan
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

USER_ID, USER_SECRET = "LTAI5tPermsUser001", "perms-user-secret-1"
ROLE_ROUTE = [
    "ram:GetRole",
    "ram:CreateRole",
    "ram:GetPolicy",
    "ram:CreatePolicy",
    "ram:ListPoliciesForRole",
    "ram:AttachPolicyToRole",
]
SELF_READ = ["ram:ListPoliciesForUser", "ram:ListGroupsForUser"]


def _policy(actions: list[str]) -> str:
    return json.dumps(
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}
    )


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[LocalCloud]:
    keys = {DEMO_ACCESS_KEY_ID: DEMO_ACCESS_KEY_SECRET, USER_ID: USER_SECRET}
    with LocalCloud(tmp_path / "cloud", start_delay=0.05, access_keys=keys) as started:
        auth = oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
        for name in ("perm-src", "perm-dst"):
            oss2.Bucket(auth, started.endpoint, name, region="cn-hangzhou").create_bucket()
        yield started


def root_ram(cloud: LocalCloud) -> Client:
    return Client(
        Config(
            access_key_id=DEMO_ACCESS_KEY_ID,
            access_key_secret=DEMO_ACCESS_KEY_SECRET,
            endpoint=cloud.endpoint.removeprefix("http://"),
            protocol="http",
        )
    )


def grant(cloud: LocalCloud, actions: list[str]) -> None:
    """Make USER_ID the key of RAM user ``ops`` carrying a custom policy allowing ``actions``."""
    request = models.CreatePolicyRequest(policy_name="ops-rights", policy_document=_policy(actions))
    root_ram(cloud).create_policy(request)
    cloud.ram.add_user("ops", USER_ID, [("Custom", "ops-rights")])


def session_as(cloud: LocalCloud, key_id: str, secret: str) -> CloudSession:
    return CloudSession(
        Connection(
            endpoint=cloud.endpoint,
            region="cn-hangzhou",
            access_key_id=key_id,
            access_key_secret=secret,
        )
    )


PLAN = ReplicationPlan(
    source_bucket="perm-src", source_region="cn-hangzhou", destination_bucket="perm-dst"
)


def caller_line(report: PreflightReport) -> tuple[CheckStatus, str, str]:
    lines = [
        line for line in report.lines if "RAM user" in line.title or "RAM permissions" in line.title
    ]
    assert len(lines) == 1, report.lines
    return lines[0].status, lines[0].title, lines[0].detail


def test_get_caller_identity_tells_root_from_a_ram_user(cloud: LocalCloud) -> None:
    grant(cloud, ["ram:GetRole"])
    root = caller_identity(session_as(cloud, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET).connection)
    assert (root.identity_type, root.arn) == ("Account", f"acs:ram::{root.account_id}:root")
    user = caller_identity(session_as(cloud, USER_ID, USER_SECRET).connection)
    assert user.identity_type == "RAMUser" and user.name == "ops"
    assert user.arn == f"acs:ram::{root.account_id}:user/ops"


def test_a_user_missing_attach_policy_is_refused_and_nothing_is_created(
    cloud: LocalCloud,
) -> None:
    grant(cloud, [a for a in ROLE_ROUTE if a != "ram:AttachPolicyToRole"] + SELF_READ)
    report = session_as(cloud, USER_ID, USER_SECRET).preflight(PLAN)

    assert not report.ok
    status, title, _detail = caller_line(report)
    assert status is CheckStatus.FAIL
    assert title == "RAM user ops lacks ram:AttachPolicyToRole"
    failure = next(line for line in report.lines if line.status is CheckStatus.FAIL)
    assert failure.error is not None and failure.error.operation == "AttachPolicyToRole"
    # Read back with the account's key: no role, no policy.
    root = root_ram(cloud)
    roles = root.list_roles(models.ListRolesRequest()).body.roles.role
    assert [r.role_name for r in roles] == []
    with pytest.raises(TeaException) as missing:
        root.get_policy(
            models.GetPolicyRequest(policy_name=PLAN.new_policy_name, policy_type="Custom")
        )
    assert missing.value.code == "EntityNotExist.Policy"


def test_a_user_with_every_permission_passes_and_can_enable(cloud: LocalCloud) -> None:
    grant(cloud, ROLE_ROUTE + SELF_READ)
    session = session_as(cloud, USER_ID, USER_SECRET)
    report = session.preflight(PLAN)

    assert report.ok, report.lines
    status, title, detail = caller_line(report)
    assert (status, title) == (
        CheckStatus.PASS,
        "RAM user ops may make the RAM calls this role needs",
    )
    assert detail == "6 permissions checked against its policies"
    assert session.enable(PLAN).ok


def test_a_user_who_may_not_read_its_policies_is_warned_and_may_proceed(
    cloud: LocalCloud,
) -> None:
    grant(cloud, ROLE_ROUTE)
    session = session_as(cloud, USER_ID, USER_SECRET)
    report = session.preflight(PLAN)

    assert report.ok, report.lines
    status, title, detail = caller_line(report)
    assert (status, title) == (CheckStatus.WARN, "your RAM permissions could not be checked")
    assert "RAM user ops's own policies could not be read" in detail
    assert "ram:ListPoliciesForUser: NoPermission" in detail
    assert "ram:AttachPolicyToRole" in detail
    assert session.enable(PLAN).ok


def test_the_account_key_needs_no_check(cloud: LocalCloud) -> None:
    report = session_as(cloud, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET).preflight(PLAN)
    assert report.ok, report.lines
    assert [line.title for line in report.lines if "AccessKey" in line.title] == [
        "you use the account's own AccessKey"
    ]


def test_an_assumed_role_is_warned_about_and_does_not_block(cloud: LocalCloud) -> None:
    uid = cloud.config.account_uid
    key = cloud.config.temporary_keys.issue(f"acs:ram::{uid}:role/deployer", 3600, "ci-run")
    connection = Connection(
        endpoint=cloud.endpoint,
        region="cn-hangzhou",
        access_key_id=key.access_key_id,
        access_key_secret=key.secret,
        security_token=key.token,
    )
    who = caller_identity(connection)
    assert who.identity_type == "AssumedRoleUser"
    assert who.arn == f"acs:ram::{uid}:assumed-role/deployer/ci-run"

    report = CloudSession(connection).preflight(PLAN)
    assert report.ok, report.lines
    status, title, detail = caller_line(report)
    assert (status, title) == (CheckStatus.WARN, "your RAM permissions could not be checked")
    assert "you act as the assumed role deployer" in detail


def test_sts_is_asked_where_the_local_cloud_serves_it_else_at_the_public_endpoint() -> None:
    from srrtui.cloud.identity import sts_target

    keys = {"access_key_id": "LTAI5tAnyKey", "access_key_secret": "any-secret"}
    local = Connection(endpoint="http://127.0.0.1:9000", region="cn-hangzhou", **keys)
    assert sts_target(local) == ("127.0.0.1:9000", "http")
    public = Connection(endpoint="oss-cn-hangzhou.aliyuncs.com", region="cn-hangzhou", **keys)
    assert sts_target(public) == ("sts.aliyuncs.com", "https")
    vpc_ram = Connection(
        endpoint="oss-cn-hangzhou.aliyuncs.com",
        region="cn-hangzhou",
        ram_endpoint="ram.vpc-proxy.aliyuncs.com",
        **keys,
    )
    assert sts_target(vpc_ram) == ("sts.aliyuncs.com", "https")
