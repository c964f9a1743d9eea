"""The review's exports are the CLI's: the same texts as `srrtui plan render` for the plan."""

from __future__ import annotations

from textual.widgets import TabbedContent, TextArea
from wizard_helpers import DEMO_PLAN, demo_app, goto, settle, wait_until

from srrtui.commands.plan import render
from srrtui.screens.modals.text_view import TextViewModal


async def test_review_offers_every_export_of_the_plan(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(pilot, "review")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, TextViewModal), "the exports")
        await settle(pilot)
        texts = app.screen.texts
        assert texts == {
            "Terraform": render(DEMO_PLAN, "terraform").text,
            "Shell, ossutil 2": render(DEMO_PLAN, "ossutil", ossutil=2).text,
            "Shell, ossutil 1": render(DEMO_PLAN, "ossutil", ossutil=1).text,
            "Python": render(DEMO_PLAN, "python").text,
        }
        # The new role is created by every export, not only named.
        assert 'resource "alicloud_ram_role"' in texts["Terraform"]
        assert "aliyun ram CreateRole" in texts["Shell, ossutil 2"]
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.get_pane("tab3").query_one(TextArea).text == texts["Python"]
