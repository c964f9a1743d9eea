"""The tag filter where OSS does not offer it: a demo cloud in cn-zhangjiakou (the demo seed
creates its buckets in the cloud's own region), walked to the tags step with the keyboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot
from wizard_helpers import DEMO_PLAN, demo_app, goto, next_, settle, step, wait_for_cloud

from srrtui.localcloud import LocalCloud
from srrtui.screens.widgets.choice import Choice

REGION = "cn-zhangjiakou"
PLAN = DEMO_PLAN.with_changes(source_region=REGION)


@pytest.fixture(scope="module")
def zhangjiakou(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    folder = tmp_path_factory.mktemp("zhangjiakou")
    with LocalCloud(folder, region=REGION, seed="demo", start_delay=0.05) as cloud:
        yield cloud


async def test_tags_step_says_why_and_what_to_change(zhangjiakou, tmp_path) -> None:
    app = demo_app(zhangjiakou, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_cloud(pilot)
        await next_(pilot)  # credentials (demo) -> source
        await pilot.press(*"logs")
        await settle(pilot)
        await next_(pilot)  # the only match: demo-logs
        assert step(pilot) == "destination"
        assert app.wizard.plan.source_region == REGION
        await pilot.press(*"backup")
        await next_(pilot)
        await next_(pilot)  # objects: all
        assert step(pilot) == "tags"
        notice = str(app.screen.query_one("#tags-unavailable").render())
        assert f"OSS does not offer the tag filter in {REGION}" in notice
        assert "Use prefixes on the Objects step" in notice
        assert app.screen.query_one("#tag-filter", Choice).disabled
        await next_(pilot)  # no filter: the step lets the walk go on
        assert step(pilot) == "deletes"
        assert not app.wizard.plan.tag_filter.active


async def tags_unavailable_in_region(pilot: Pilot) -> None:
    await goto(pilot, "tags", PLAN)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_tags_unavailable_in_region(
    size: tuple[int, int], snap_compare, zhangjiakou, tmp_path
) -> None:
    app = demo_app(zhangjiakou, tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=tags_unavailable_in_region)
