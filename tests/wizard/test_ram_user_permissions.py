"""Preflight checks the RAM permissions of the user running srrtui for the chosen role before
anything is written (issue 15 item 6): a RAM user whose policies do not allow ram:GetRole is
told so at the review, by name, and enabling stays blocked; the local cloud's RAM refuses that
user's calls the way RAM does (NoPermission)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static
from wizard_helpers import DEMO_PLAN, goto, services, wait_until

from srrtui.app import SrrApp
from srrtui.cloud.types import Connection
from srrtui.localcloud import LocalCloud
from srrtui.localcloud.config import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

USER_ID, USER_SECRET = "LTAI5tOpsUserKey01", "ops-user-secret-1"
PLAN = DEMO_PLAN.with_changes(source_bucket="demo-logs")


@pytest.fixture
def cloud(demo_seed_copy) -> Iterator[LocalCloud]:  # noqa: ANN001
    keys = {DEMO_ACCESS_KEY_ID: DEMO_ACCESS_KEY_SECRET, USER_ID: USER_SECRET}
    with LocalCloud(demo_seed_copy("cloud"), seed="demo", access_keys=keys) as started:
        # OSS rights only, as a user given AliyunOSSFullAccess and nothing for RAM.
        started.ram.add_user("ops", USER_ID, [("System", "AliyunOSSFullAccess")])
        yield started


def as_ops_user(cloud: LocalCloud, tmp_path: Path) -> SrrApp:
    def connection() -> Connection:
        return Connection(
            endpoint=cloud.endpoint,
            region="cn-hangzhou",
            access_key_id=USER_ID,
            access_key_secret=USER_SECRET,
            ram_endpoint=cloud.endpoint,
        )

    return SrrApp(services(tmp_path, start_demo=connection))


async def test_a_missing_ram_permission_is_named_at_the_review(cloud, tmp_path: Path) -> None:
    app = as_ops_user(cloud, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await goto(pilot, "review", PLAN)
        review = app.wizard.current
        await wait_until(pilot, lambda: review.report is not None, "the preflight", 30)
        shown = str(app.screen.query_one("#review-preflight", Static).render())
        assert "✗ FAIL  this AccessKey may not call ram:GetRole" in shown, shown
        assert "ram:CreateRole" in shown and "NoPermission" not in shown.split(":")[0]
        verdict = [
            str(w.render()) for w in review.query(Static) if "Preflight found" in str(w.render())
        ]
        assert verdict and "enabling is blocked" in verdict[0]
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ != "ConfirmModal"
    # Nothing was written: no new role (read back through the RAM SDK with the account key).
    from alibabacloud_ram20150501 import models
    from alibabacloud_ram20150501.client import Client
    from alibabacloud_tea_openapi.models import Config

    host = cloud.endpoint.removeprefix("http://")
    account = Client(
        Config(
            access_key_id=DEMO_ACCESS_KEY_ID,
            access_key_secret=DEMO_ACCESS_KEY_SECRET,
            endpoint=host,
            protocol="http",
        )
    )
    roles = account.list_roles(models.ListRolesRequest()).body.roles.role
    assert not [r.role_name for r in roles if r.role_name.startswith("oss-replication-")]
