"""The console's Important/Warning notes are on their step, in view at 80x24 without scrolling,
next to the choice they concern; the help pane can take the keyboard, scroll and fill the
screen (F1)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widget import Widget
from wizard_helpers import DEMO_PLAN, demo_app, goto, settle

from srrtui.domain.plan import DeleteMode, Tag, TagFilter, TagMatch
from srrtui.localcloud import LocalCloud
from srrtui.screens.widgets.help_pane import HelpPane


def in_view(pilot: Pilot, selector: str) -> str:
    """The text of a widget if all of it is on screen in its step (not scrolled away)."""
    widget: Widget = pilot.app.screen.query_one(selector)
    step = pilot.app.wizard.current  # type: ignore[attr-defined]
    assert widget.display, f"{selector} is hidden"
    assert step.scroll_y == 0, "the step had to scroll"
    region, visible = widget.region, step.region
    assert region.height > 0 and visible.contains_region(region), f"{selector} is out of view"
    return str(widget.render())


async def test_the_overwrite_warning_is_next_to_the_historical_choice(
    shared_demo_cloud: LocalCloud, tmp_path
) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "historical")
        assert "same name in the destination are" in in_view(pilot, "#historical-warning")
        await pilot.press("down", "space")  # No: nothing is overwritten
        await settle(pilot)
        assert not app.screen.query_one("#historical-warning").display


async def test_match_any_says_any_and_the_delete_warning_is_in_view(
    shared_demo_cloud: LocalCloud, tmp_path
) -> None:
    tags = TagFilter(tags=(Tag("env", "prod"),), match=TagMatch.ANY, enabled=True)
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "tags", DEMO_PLAN.with_changes(tag_filter=tags))
        in_view(pilot, "#tag-match")
        assert str(app.screen.query_one("#any").label).startswith("Match any: an object needs")
        assert "deletions are not replicated" in in_view(pilot, "#tags-no-deletes")
        # The tags themselves and their count stay in view under the warning.
        in_view(pilot, "TagRow")
        assert "1 of at most 10 tags" in in_view(pilot, "#tag-count")
        assert "Match all:" not in app.wizard.current.help_text()  # type: ignore[attr-defined]


async def test_the_delete_all_warning_is_next_to_the_choice(
    shared_demo_cloud: LocalCloud, tmp_path
) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "deletes", DEMO_PLAN.with_changes(delete_mode=DeleteMode.ALL))
        assert "deleted in the destination too" in in_view(pilot, "#deletes-warning")


async def test_the_help_pane_takes_the_keyboard_scrolls_and_fills_the_screen(
    shared_demo_cloud: LocalCloud, tmp_path
) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "tags", DEMO_PLAN.with_changes(tag_filter=TagFilter(enabled=True)))
        help_pane = app.screen.query_one(HelpPane)
        assert help_pane.region.height <= 8
        await pilot.press("f1")
        await settle(pilot)
        assert app.focused is help_pane
        assert help_pane.region.height >= 20  # the whole body
        assert not app.screen.query_one("#step-body").display or not (
            app.screen.query_one("#step-body").region.height
        )
        await pilot.press("escape")
        await settle(pilot)
        assert help_pane.region.height <= 8
        assert app.wizard.current.key == "tags"  # type: ignore[attr-defined]  # Esc left the help, not the step
        # Scrolled with the keyboard once focused.
        help_pane.focus()
        await settle(pilot)
        assert help_pane.max_scroll_y > 0
        await pilot.press("down")
        await settle(pilot)
        assert help_pane.scroll_y > 0
