"""The review names a RAM permission the person running srrtui lacks for the new role's route,
found from their own policies before anything is written (issue 15 item 6): a RAM user who may
read roles but not attach a policy is stopped at the review, and no role or policy is created."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from alibabacloud_ram20150501 import models
from alibabacloud_ram20150501.client import Client
from alibabacloud_tea_openapi.models import Config
from textual.widgets import Static
from wizard_helpers import DEMO_PLAN, goto, services, wait_until

from srrtui.app import SrrApp
from srrtui.cloud.types import Connection
from srrtui.localcloud import LocalCloud
from srrtui.localcloud.config import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

USER_ID, USER_SECRET = "LTAI5tOpsWriter001", "ops-writer-secret-1"
PLAN = DEMO_PLAN.with_changes(source_bucket="demo-logs")
ALL_BUT_ATTACH = [
    "ram:GetRole",
    "ram:CreateRole",
    "ram:GetPolicy",
    "ram:CreatePolicy",
    "ram:ListPoliciesForRole",
    "ram:ListPoliciesForUser",
    "ram:ListGroupsForUser",
]


def account_ram(cloud: LocalCloud) -> Client:
    return Client(
        Config(
            access_key_id=DEMO_ACCESS_KEY_ID,
            access_key_secret=DEMO_ACCESS_KEY_SECRET,
            endpoint=cloud.endpoint.removeprefix("http://"),
            protocol="http",
        )
    )


@pytest.fixture
def cloud(demo_seed_copy) -> Iterator[LocalCloud]:  # noqa: ANN001
    keys = {DEMO_ACCESS_KEY_ID: DEMO_ACCESS_KEY_SECRET, USER_ID: USER_SECRET}
    with LocalCloud(demo_seed_copy("cloud"), seed="demo", access_keys=keys) as started:
        document = {
            "Version": "1",
            "Statement": [{"Effect": "Allow", "Action": ALL_BUT_ATTACH, "Resource": "*"}],
        }
        account_ram(started).create_policy(
            models.CreatePolicyRequest(policy_name="ops", policy_document=json.dumps(document))
        )
        started.ram.add_user("ops", USER_ID, [("Custom", "ops"), ("System", "AliyunOSSFullAccess")])
        yield started


async def test_the_review_names_the_missing_attach_permission(cloud, tmp_path: Path) -> None:
    def connection() -> Connection:
        return Connection(
            endpoint=cloud.endpoint,
            region="cn-hangzhou",
            access_key_id=USER_ID,
            access_key_secret=USER_SECRET,
            ram_endpoint=cloud.endpoint,
        )

    app = SrrApp(services(tmp_path, start_demo=connection))
    async with app.run_test(size=(100, 40)) as pilot:
        await goto(pilot, "review", PLAN)
        review = app.wizard.current
        await wait_until(pilot, lambda: review.report is not None, "the preflight", 30)
        shown = str(app.screen.query_one("#review-preflight", Static).render())
        assert "✗ FAIL  RAM user ops lacks ram:AttachPolicyToRole" in shown, shown
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ != "ConfirmModal"
    ram = account_ram(cloud)
    roles = ram.list_roles(models.ListRolesRequest()).body.roles.role
    assert not [r.role_name for r in roles if r.role_name.startswith("oss-replication-")]
