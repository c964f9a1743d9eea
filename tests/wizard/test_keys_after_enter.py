"""Keys typed right after an Enter that moves the wizard on reach the step shown next.

A user typed "photo" into the source filter, Enter, then "back" for the destination filter: the
source filter read "photoback" and the wizard stayed where it was. The next step is built and
focused a few messages after the Enter, and keys that arrived meanwhile went to the field that
still had the focus. ``burst`` queues the keys before the app handles the first, as tmux and a
fast typist deliver them (``pilot.press`` lets the app go idle after each key, so it never
showed this).
"""

from __future__ import annotations

from textual.widgets import Input, OptionList, SelectionList
from wizard_helpers import (
    DEMO_PLAN,
    burst,
    demo_app,
    goto,
    settle,
    step,
    wait_for_cloud,
    wait_until,
)

from srrtui.localcloud import LocalCloud


async def source_shown(pilot) -> Input:  # noqa: ANN001 - a Pilot
    """The source step with its buckets listed, its filter holding the keyboard."""
    app = pilot.app
    panel = app.wizard.current
    field = panel.query_one("#bucket-filter", Input)
    listed = lambda: panel.query_one("#bucket-list", OptionList).option_count > 0  # noqa: E731
    await wait_until(pilot, listed, "the buckets")
    await wait_until(pilot, lambda: app.focused is field, "the filter's focus")
    return field


async def test_keys_after_enter_in_the_source_filter_go_to_the_destination(
    demo_cloud: LocalCloud, tmp_path
) -> None:
    app = demo_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_cloud(pilot)
        await pilot.press("enter")
        await settle(pilot)
        source_filter = await source_shown(pilot)
        await pilot.press(*"photo")
        await settle(pilot)
        await burst(pilot, "enter", *"back")
        await wait_until(pilot, lambda: step(pilot) == "destination", "the destination step")
        await settle(pilot)
        assert source_filter.value == "photo"
        assert app.wizard.plan.source_bucket == "demo-photos"
        assert app.wizard.current.query_one("#dest-filter", Input).value == "back"


async def test_keys_after_next_on_a_step_without_fields_are_not_lost(
    demo_cloud: LocalCloud, tmp_path
) -> None:
    app = demo_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_cloud(pilot)
        await burst(pilot, "enter", *"photo")
        assert step(pilot) == "source"
        assert (await source_shown(pilot)).value == "photo"


async def test_a_field_whose_enter_stays_keeps_the_keys_typed_after_it(
    shared_demo_cloud: LocalCloud, tmp_path
) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "objects", DEMO_PLAN.with_changes(prefixes=("photos/",)))
        field = app.wizard.current.query_one("#new-prefix", Input)
        field.focus()
        await wait_until(pilot, lambda: app.focused is field, "the prefix field's focus")
        await pilot.press(*"docs/")
        await burst(pilot, "enter", *"logs/")
        assert step(pilot) == "objects"
        ticked = app.wizard.current.query_one("#prefix-list", SelectionList).selected
        assert "docs/" in ticked
        assert field.value == "logs/"
