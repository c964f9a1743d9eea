"""A refused Next brings the first problem into view and puts the keyboard there; a ✗ goes away
as soon as what it names is fixed, not only on the next Next."""

from __future__ import annotations

from textual.widgets import SelectionList
from wizard_helpers import DEMO_PLAN, demo_app, errors, goto, next_, settle, step, wait_until

from srrtui.screens.widgets.field_error import FieldError

TEN = tuple(f"p{i}/" for i in range(10))


def first_error_in_view(pilot) -> bool:  # noqa: ANN001 - a Pilot
    panel = pilot.app.wizard.current
    shown = [e for e in panel.query(FieldError) if e.display]
    return bool(shown) and panel.region.contains_region(shown[0].region)


async def test_an_eleventh_ticked_prefix_is_shown_and_focused_then_cleared_when_unticked(
    shared_demo_cloud, tmp_path
) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "objects", DEMO_PLAN.with_changes(prefixes=TEN))
        selection = app.screen.query_one("#prefix-list", SelectionList)
        await wait_until(pilot, lambda: selection.option_count > 10, "the suggested folders")
        selection.focus()
        selection.highlighted = 10  # the first suggestion, below the ten ticked ones
        await pilot.press("space")
        await settle(pilot)
        assert len(selection.selected) == 11
        await next_(pilot)
        assert step(pilot) == "objects"
        assert "at most 10" in errors(pilot)
        await wait_until(pilot, lambda: first_error_in_view(pilot), "the ✗ line in view")
        assert app.focused is selection  # where the fix is made: untick one
        await pilot.press("space")  # untick it again
        await settle(pilot)
        assert errors(pilot) == ""


async def test_enter_keeps_the_precise_reason_why_there_is_no_destination(
    shared_demo_cloud, tmp_path
) -> None:
    from textual.widgets import Static

    far = DEMO_PLAN.with_changes(
        source_bucket="demo-cn-shanghai", source_region="cn-shanghai", destination_bucket=""
    )
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "destination", far)
        said = "✗ No other bucket in cn-shanghai: create one there first."

        def state() -> str:
            return str(app.screen.query_one("#dest-state", Static).render())

        await wait_until(pilot, lambda: state() == said, "the reason there is nothing to pick")
        await next_(pilot)
        assert step(pilot) == "destination"
        assert state() == said


async def test_a_tag_filter_without_tags_puts_the_keyboard_in_the_first_key_box(
    shared_demo_cloud, tmp_path
) -> None:
    # Found walking the demo in tmux: after "✗ add at least one key=value tag" the keyboard
    # stayed on the Yes/No choice, and the key typed next went nowhere.
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "tags")
        await pilot.press("down")  # Yes: only objects with these tags
        await next_(pilot)
        assert step(pilot) == "tags"
        assert "add at least one key=value tag" in errors(pilot)
        assert app.focused is not None and "tag-key" in app.focused.classes
        await pilot.press(*"env", "tab", *"prod")
        await settle(pilot)
        assert errors(pilot) == ""
        await next_(pilot)
        assert step(pilot) == "deletes"
        tags = app.wizard.plan.tag_filter.tags
        assert [(t.key, t.value) for t in tags] == [("env", "prod")]
