"""The Progress step inside the wizard, right after enabling a rule in the demo: the plan fixes
the rule ID, the local cloud's start delay keeps the rule ``starting`` for the whole test, and
the clock is frozen, so the frame is the same on every run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot
from wizard_helpers import DEMO_PLAN, confirm_enable, demo_app, goto, next_, step, wait_until

from srrtui.localcloud import LocalCloud

PLAN = DEMO_PLAN.with_changes(source_bucket="demo-logs", rule_id="srr-demo-logs-snapshot")


@pytest.fixture
def frozen_cloud(demo_seed_copy) -> Iterator[LocalCloud]:  # noqa: ANN001
    """A fresh demo cloud (enabling writes) whose new rules stay ``starting`` for a day."""
    with LocalCloud(demo_seed_copy("cloud"), seed="demo", start_delay=86_400.0) as cloud:
        yield cloud


async def enabled_and_polled(pilot: Pilot) -> None:
    app = pilot.app
    await goto(pilot, "review", PLAN)
    await wait_until(pilot, lambda: app.wizard.current.report is not None, "the preflight")  # type: ignore[attr-defined]
    await confirm_enable(pilot)
    await wait_until(pilot, lambda: app.ctx.rule_created, "the rule to be created")  # type: ignore[attr-defined]
    await next_(pilot)
    assert step(pilot) == "progress"
    panel = app.wizard.current  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: panel.polls.checked_at is not None, "the first poll")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_progress_step_after_enable(
    size: tuple[int, int], snap_compare, frozen_cloud, tmp_path
) -> None:
    app = demo_app(frozen_cloud, tmp_path / "app")
    assert snap_compare(app, terminal_size=size, run_before=enabled_and_polled)
    assert app.ctx.rule_id == PLAN.rule_id
