"""Every step at 60x20 and 100x30 (issue 15 item 8): nothing cut or overlapping, the keys to go
on and back in the footer, and the help pane giving way on small screens. Snapshots of each
step at both sizes, plus a check of the geometry that does not depend on reading them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Label
from wizard_helpers import (
    DEMO_PLAN,
    confirm_enable,
    demo_app,
    goto,
    next_,
    screen_settled,
    step,
    wait_for_cloud,
    wait_until,
)

from srrtui.domain.plan import Tag, TagFilter
from srrtui.localcloud import LocalCloud

SIZES = [(60, 20), (100, 30)]
TAGGED = TagFilter(tags=(Tag("env", "prod"), Tag("team", "finance")), enabled=True)
LOGS = DEMO_PLAN.with_changes(source_bucket="demo-logs", rule_id="srr-demo-logs-layout")
# The steps a plan is enough for (the last two need a rule: see below).
PLANS = {
    "source": DEMO_PLAN,
    "destination": DEMO_PLAN.with_changes(destination_bucket=""),
    "objects": DEMO_PLAN.with_changes(prefixes=("photos/", "docs/")),
    "tags": DEMO_PLAN.with_changes(tag_filter=TAGGED),
    "deletes": DEMO_PLAN,
    "historical": DEMO_PLAN,
    "kms": DEMO_PLAN,
    "role": DEMO_PLAN,
    "review": LOGS,
}


def shown_at(pilot: Pilot, key: str):  # noqa: ANN201 - a run_before
    async def run(pilot: Pilot) -> None:
        if key == "credentials":
            await wait_for_cloud(pilot)
        else:
            await goto(pilot, key, PLANS[key])
            if key == "review":
                panel = pilot.app.wizard.current  # type: ignore[attr-defined]
                await wait_until(pilot, lambda: panel.report is not None, "the preflight")
        await screen_settled(pilot)

    return run


async def enabled(pilot: Pilot, then_progress: bool) -> None:
    app = pilot.app
    await goto(pilot, "review", LOGS)
    await wait_until(pilot, lambda: app.wizard.current.report is not None, "the preflight")  # type: ignore[attr-defined]
    await confirm_enable(pilot)
    await wait_until(pilot, lambda: app.ctx.rule_created, "the rule to be created")  # type: ignore[attr-defined]
    if then_progress:
        await next_(pilot)
        panel = app.wizard.current  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: panel.polls.checked_at is not None, "the first poll")
    await screen_settled(pilot)


@pytest.fixture
def frozen_cloud(demo_seed_copy) -> Iterator[LocalCloud]:  # noqa: ANN001
    """A fresh demo cloud (enabling writes) whose new rules stay ``starting`` for a day."""
    with LocalCloud(demo_seed_copy("cloud"), seed="demo", start_delay=86_400.0) as cloud:
        yield cloud


def check_layout(pilot: Pilot) -> None:
    """The step's question is whole and in view, nothing overlaps the step, all twelve steps
    are listed, the help pane leaves the step most of the height, and the footer offers the
    way on and back, on screen."""
    from textual.widgets._footer import FooterKey

    from srrtui.screens.widgets.help_pane import HelpPane
    from srrtui.screens.widgets.step_list import StepList

    app = pilot.app
    wizard = app.wizard  # type: ignore[attr-defined]
    panel = wizard.current
    screen = app.screen.region
    assert screen.contains_region(panel.region), "the step reaches past the screen"
    for other in app.screen.query("StepList, HelpPane, Footer"):
        assert not other.region.overlaps(panel.region), f"{other} covers the step"
    for question in panel.query(".question").results(Label):  # the forms ask one
        visible = panel.scrollable_content_region
        assert visible.contains_region(question.region), "the question is out of view"
    steps = app.screen.query_one(StepList)
    assert steps.content_region.height >= len(steps.titles), "steps cut off"
    help_pane = app.screen.query_one(HelpPane)
    assert 3 <= help_pane.region.height <= screen.height // 4 or help_pane.region.width < 40
    keys = {key.action: key.region for key in app.screen.query(FooterKey)}
    wanted = {"next"} if panel.form and wizard.index + 1 < 12 else set()
    if wizard.index > 0 and not wizard.ctx.rule_created:
        wanted.add("back")
    for action in wanted:
        assert action in keys, f"no {action} key in the footer"
        assert screen.contains_region(keys[action]), f"the {action} key is off the screen"


KEYS = ["credentials", *PLANS]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("key", KEYS)
def test_step_layout_snapshot(key, size, snap_compare, shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)

    async def run(pilot: Pilot) -> None:
        await shown_at(pilot, key)(pilot)
        assert step(pilot) == key
        check_layout(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("key", ["enable", "progress"])
def test_rule_step_layout_snapshot(key, size, snap_compare, frozen_cloud, tmp_path) -> None:
    app = demo_app(frozen_cloud, tmp_path / "app")

    async def run(pilot: Pilot) -> None:
        await enabled(pilot, then_progress=key == "progress")
        assert step(pilot) == key
        check_layout(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run)
