"""Where the bucket pickers' "›" marker starts, which is what Enter picks: on a bucket whose
name is the filter text exactly, and before any choice on a bucket in the session's region (the
alphabetically first bucket may sit alone in another region: a dead end at the destination)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input
from wizard_helpers import (
    DEMO_PLAN,
    demo_app,
    goto,
    next_,
    settle,
    step,
    wait_for_cloud,
    wait_until,
)

from srrtui.screens.widgets.bucket_picker import BucketPicker

ROWS = [("demo-photos", "demo-photos"), ("demo-photos-backup", "demo-photos-backup")]


async def test_an_exact_name_takes_the_marker_from_the_previous_source(
    shared_demo_cloud, tmp_path
) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "source", DEMO_PLAN.with_changes(source_bucket="demo-photos-backup"))
        picker = app.screen.query_one(BucketPicker)
        await pilot.press(*"demo-photos")  # also a part of the previous pick's name
        await settle(pilot)
        assert picker.highlighted_id == "demo-photos"
        await next_(pilot)
        assert app.wizard.plan.source_bucket == "demo-photos"
        assert step(pilot) == "destination"


async def test_an_exact_name_takes_the_marker_at_the_destination(
    shared_demo_cloud, tmp_path
) -> None:
    plan = DEMO_PLAN.with_changes(
        source_bucket="demo-logs", destination_bucket="demo-photos-backup"
    )
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "destination", plan)
        picker = app.screen.query_one(BucketPicker)
        await wait_until(pilot, lambda: picker.highlighted_id is not None, "the buckets")
        await pilot.press(*"demo-photos")
        await settle(pilot)
        assert picker.highlighted_id == "demo-photos"
        await next_(pilot)
        assert app.wizard.plan.destination_bucket == "demo-photos"
        assert step(pilot) == "objects"


async def test_the_first_source_offered_is_in_the_sessions_region(
    shared_demo_cloud, tmp_path
) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_cloud(pilot)
        await next_(pilot)  # credentials (demo) -> source
        panel = app.wizard.current
        picker = panel.picker
        await wait_until(pilot, lambda: picker.listing.option_count == 6, "the buckets")
        listing = picker.listing
        names = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert names[0] == "demo-cn-shanghai"  # still listed, first by name
        assert app.ctx.cloud.region == "cn-hangzhou"
        assert picker.highlighted_id == "demo-logs"  # the first in cn-hangzhou
        await next_(pilot)  # Enter picks it, and the destination has buckets to offer
        assert app.wizard.plan.source_bucket == "demo-logs"
        state = app.screen.query_one("#dest-state")
        offered = lambda: "Enter picks the › row" in str(state.render())  # noqa: E731
        await wait_until(pilot, offered, "the destinations to be offered")


class PickerApp(App[None]):
    def compose(self) -> ComposeResult:
        yield BucketPicker(prefix="t")


async def test_results_arriving_later_move_only_a_marker_nobody_moved() -> None:
    app = PickerApp()
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.query_one(BucketPicker)
        app.query_one(Input).value = "demo-photos"
        # Loaded so far: only the longer name (it came first in some page); it gets the marker.
        picker.show([("demo-photos-backup", "demo-photos-backup")], "")
        assert picker.highlighted_id == "demo-photos-backup"
        # The search finds the exact name while the person looks: the marker goes to it.
        picker.show(ROWS, "", keep=True)
        assert picker.highlighted_id == "demo-photos"
        # Once the person moves the marker, later results leave it where they put it.
        await pilot.press("down")
        assert picker.highlighted_id == "demo-photos-backup"
        picker.show([*ROWS, ("demo-photos-old", "demo-photos-old")], "", keep=True)
        assert picker.highlighted_id == "demo-photos-backup"
