"""Keys a new user looks for: + adds a tag row, the review's x/e/s/p are in the footer, the
XML/policy dialog switches tabs with 1-3 and says so; saving a plan asks where (prefilled) and
asks before replacing a file."""

from __future__ import annotations

from textual.widgets import Input, Static, TabbedContent
from wizard_helpers import DEMO_PLAN, demo_app, goto, settle, wait_until

from srrtui.domain.plan import ReplicationPlan, Tag, TagFilter
from srrtui.domain.planfile import parse_plan
from srrtui.screens.widgets.tag_row import TagRow

PLAN = ReplicationPlan(
    source_bucket="demo-logs", source_region="cn-hangzhou", destination_bucket="demo-photos-backup"
)


def screen_name(pilot) -> str:  # noqa: ANN001 - a Pilot
    return type(pilot.app.screen).__name__


async def test_plus_adds_a_tag_row_outside_a_field(shared_demo_cloud, tmp_path) -> None:
    tags = TagFilter(tags=(Tag("env", "prod"),), enabled=True)
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "tags", DEMO_PLAN.with_changes(tag_filter=tags))
        panel = app.wizard.current  # type: ignore[attr-defined]
        panel.query_one("#tag-filter").focus()
        await settle(pilot)
        assert "plus" in app.screen.active_bindings
        await pilot.press("plus")
        await settle(pilot)
        assert len(panel.query(TagRow)) == 2
        assert isinstance(app.focused, Input)  # the new row's key field
        await pilot.press("plus")  # a tag character in a field: typed, not a new row
        await settle(pilot)
        assert len(panel.query(TagRow)) == 2 and app.focused.value == "+"


async def test_the_review_keys_are_in_the_footer_and_the_dialog_says_how_to_switch_tabs(
    shared_demo_cloud, tmp_path
) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "review", PLAN)
        footer = app.screen.query_one("Footer")
        await settle(pilot)
        keys = {item.key for item in footer.query("FooterKey")}  # type: ignore[attr-defined]
        assert {"x", "e", "s", "p", "f2", "f1", "escape", "enter", "ctrl+c"} <= keys
        shown = [item for item in footer.query("FooterKey") if item.region.width]
        assert footer.region.contains_region(shown[-1].region)  # nothing cut at 80 columns
        await pilot.press("x")
        await settle(pilot)
        assert screen_name(pilot) == "TextViewModal"
        hint = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "1-3 switch tabs" in hint
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == "tab1"


async def test_saving_asks_where_and_before_replacing(demo_cloud, tmp_path) -> None:
    app = demo_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "review", PLAN)
        await pilot.press("s")
        await wait_until(pilot, lambda: screen_name(pilot) == "SavePlanModal", "the path dialog")
        field = app.screen.query_one("#plan-path", Input)
        suggested = tmp_path / "srr-demo-logs-to-demo-photos-backup.toml"
        assert field.value == str(suggested)
        field.value = str(tmp_path / "mine.toml")
        await pilot.press("enter")
        mine = tmp_path / "mine.toml"
        await wait_until(pilot, mine.exists, "the plan written where asked")
        assert parse_plan(mine.read_text()).plan == app.wizard.plan  # type: ignore[attr-defined]
        assert not suggested.exists()

        mine.write_text("# someone's notes\n")
        await pilot.press("s")
        await wait_until(pilot, lambda: screen_name(pilot) == "SavePlanModal", "the path dialog")
        app.screen.query_one("#plan-path", Input).value = str(mine)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: screen_name(pilot) == "ConfirmModal", "the replace question"
        )
        await pilot.press("n")
        await settle(pilot)
        assert mine.read_text() == "# someone's notes\n"  # kept
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: screen_name(pilot) == "ConfirmModal", "the replace question"
        )
        await pilot.press("y")
        await wait_until(pilot, lambda: "version = 1" in mine.read_text(), "the file replaced")
