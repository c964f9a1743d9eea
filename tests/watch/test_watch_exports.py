"""watch's rule details offer the wizard's exports of the rule; Terraform adopts it with import
blocks (and, for a role srrtui created, the role, its policy and the attachment)."""

from __future__ import annotations

import pytest
from test_watch_snapshots import SIZES, TARGET, details_ready
from textual.pilot import Pilot
from textual.widgets import TabbedContent, TextArea
from watch_helpers import settle, until, watch_app

from srrtui.domain.exports import export_tabs
from srrtui.localcloud.seed.replication import DEMO_RULE_ID
from srrtui.screens.modals.text_view import TextViewModal


async def exports_open(pilot: Pilot) -> None:
    await details_ready(pilot)
    await pilot.press("e")
    await until(pilot, lambda: isinstance(pilot.app.screen, TextViewModal))
    await settle(pilot)


async def test_details_export_the_rule_with_terraform_imports(frozen_demo_cloud, tmp_path) -> None:
    app = watch_app(frozen_demo_cloud, tmp_path, target=TARGET)
    async with app.run_test(size=(120, 40)) as pilot:
        await exports_open(pilot)
        modal = app.screen
        assert isinstance(modal, TextViewModal)
        assert list(modal.texts) == ["XML", *export_tabs(_any_plan())]
        assert "<ID>demo-photos-to-backup</ID>" in modal.texts["XML"]
        terraform = modal.texts["Terraform"]
        assert f'id = "demo-photos:{DEMO_RULE_ID}"' in terraform
        assert "data.alicloud_ram_roles.sync_role.names[0]" in terraform  # AliyunOSSRole
        assert "SyncRole>AliyunOSSRole<" in modal.texts["Python"]
        shown = modal.query_one(TabbedContent).get_pane("tab1").query_one(TextArea).text
        assert shown == terraform


def _any_plan():  # noqa: ANN202 - only the tab names are compared
    from srrtui.domain.plan import ReplicationPlan

    return ReplicationPlan(
        source_bucket="a-src", source_region="cn-hangzhou", destination_bucket="a-dst"
    )


@pytest.mark.parametrize("size", SIZES)
def test_details_exports_modal(size, frozen_demo_cloud, tmp_path, snap_compare) -> None:
    app = watch_app(frozen_demo_cloud, tmp_path, target=TARGET)
    assert snap_compare(app, run_before=exports_open, terminal_size=size)
