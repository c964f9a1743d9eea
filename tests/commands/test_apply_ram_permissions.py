"""``srrtui apply`` run by a RAM user: its preflight judges the user's own RAM permissions for
the role route (issue 15 item 6), in text and in ``--json`` (a preflight line whose ``error`` is
an error object, docs/json.md), and nothing is written when one is missing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from alibabacloud_ram20150501 import models
from alibabacloud_ram20150501.client import Client
from alibabacloud_tea_openapi.models import Config
from apply_helpers import REGION, make_buckets, plan_text, rules, use_demo_keys
from json_contract import valid
from Tea.exceptions import TeaException

from srrtui.cli import main
from srrtui.domain.planfile import parse_plan
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

USER_ID, USER_SECRET = "LTAI5tApplyUser001", "apply-user-secret-1"
ROUTE = ["ram:GetRole", "ram:CreateRole", "ram:GetPolicy", "ram:CreatePolicy"]
ROUTE += ["ram:ListPoliciesForRole", "ram:ListPoliciesForUser", "ram:ListGroupsForUser"]


@pytest.fixture
def cloud(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalCloud]:
    keys = {DEMO_ACCESS_KEY_ID: DEMO_ACCESS_KEY_SECRET, USER_ID: USER_SECRET}
    with LocalCloud(tmp_path / "cloud", start_delay=0.05, access_keys=keys) as started:
        make_buckets(started, "perm-src", "perm-dst")
        use_demo_keys(monkeypatch, tmp_path)
        monkeypatch.setenv("OSS_ACCESS_KEY_ID", USER_ID)  # srrtui runs as the RAM user
        monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", USER_SECRET)
        yield started


def account_ram(cloud: LocalCloud) -> Client:
    host = cloud.endpoint.removeprefix("http://")
    config = Config(
        access_key_id=DEMO_ACCESS_KEY_ID,
        access_key_secret=DEMO_ACCESS_KEY_SECRET,
        endpoint=host,
        protocol="http",
    )
    return Client(config)


def grant(cloud: LocalCloud, actions: list[str]) -> None:
    document = {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}],
    }
    request = models.CreatePolicyRequest(policy_name="ops", policy_document=json.dumps(document))
    account_ram(cloud).create_policy(request)
    cloud.ram.add_user("ops", USER_ID, [("Custom", "ops")])


def apply(cloud: LocalCloud, tmp_path: Path, *extra: str) -> int:
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text("perm-src", "perm-dst"), encoding="utf-8")
    return main(["apply", str(plan), "--endpoint", cloud.endpoint, "--region", REGION, *extra])


def test_a_missing_permission_fails_the_preflight_and_nothing_is_written(
    cloud: LocalCloud, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    grant(cloud, ROUTE)  # everything but ram:AttachPolicyToRole
    assert apply(cloud, tmp_path, "--yes") == 3
    assert "FAIL  RAM user ops lacks ram:AttachPolicyToRole" in capsys.readouterr().out

    assert apply(cloud, tmp_path, "--yes", "--json") == 3
    document = valid("apply", json.loads(capsys.readouterr().out), "document")
    (line,) = [p for p in document["preflight"] if p["title"].startswith("RAM user ops")]
    assert line["status"] == "fail"
    assert line["error"]["code"] == "MissingPermission"
    assert line["error"]["operation"] == "AttachPolicyToRole"
    assert document["plans"][0]["outcome"] == "preflight-failed"
    # Nothing was written: no rule, no role, no policy.
    assert rules(cloud, "perm-src") == []
    ram = account_ram(cloud)
    assert ram.list_roles(models.ListRolesRequest()).body.roles.role == []
    policy = parse_plan(plan_text("perm-src", "perm-dst")).plan.new_policy_name
    with pytest.raises(TeaException) as missing:
        ram.get_policy(models.GetPolicyRequest(policy_name=policy, policy_type="Custom"))
    assert missing.value.code == "EntityNotExist.Policy"


def test_a_user_who_may_not_read_its_policies_is_warned_and_enables(
    cloud: LocalCloud, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    grant(cloud, [a for a in ROUTE if "ForUser" not in a] + ["ram:AttachPolicyToRole"])
    assert apply(cloud, tmp_path, "--yes", "--json") == 0
    document = valid("apply", json.loads(capsys.readouterr().out), "document")
    (line,) = [p for p in document["preflight"] if "RAM permissions" in p["title"]]
    assert line["status"] == "warn"
    assert line["error"]["code"] == "NoPermission"
    assert line["error"]["operation"] == "ListPoliciesForUser"
    assert document["rule_id"]
    assert len(rules(cloud, "perm-src")) == 1
