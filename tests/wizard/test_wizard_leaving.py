"""Saying no, quitting and what is left afterwards: "Not yet" in the confirmation, the command
palette's Quit, stale error toasts, the progress pane's words about quitting, and the summary
printed once the terminal is back."""

from __future__ import annotations

from textual.pilot import Pilot
from wizard_helpers import (
    connection_to,
    demo_app,
    goto,
    next_,
    services,
    settle,
    step,
    typed,
    wait_for_cloud,
    wait_until,
)

from srrtui.app import SrrApp
from srrtui.cloud.retry import RetryPolicy
from srrtui.cloud.session import CloudSession
from srrtui.domain.plan import ReplicationPlan
from srrtui.localcloud import LocalCloud
from srrtui.screens.widgets.progress_view import AFTER_QUIT, DEMO_AFTER_QUIT
from srrtui.screens.widgets.step_list import StepList

FAST = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.01)
PLAN = ReplicationPlan(
    source_bucket="demo-logs", source_region="cn-hangzhou", destination_bucket="demo-photos-backup"
)


def fast(conn):  # noqa: ANN001, ANN201 - a CloudSession
    return CloudSession(conn, policy=FAST)


def modal_name(pilot: Pilot) -> str:
    return type(pilot.app.screen).__name__


async def create_rule(pilot: Pilot) -> None:
    """From the review: Enter, "Not yet", then Enter on the enable step asks again; y creates."""
    await next_(pilot)
    assert modal_name(pilot) == "ConfirmModal"
    await pilot.press("n")
    await settle(pilot)
    assert step(pilot) == "enable" and not pilot.app.ctx.rule_created  # type: ignore[attr-defined]
    await next_(pilot)
    assert modal_name(pilot) == "ConfirmModal", "Enter after 'Not yet' must ask again"
    await pilot.press("y")
    await settle(pilot)
    await wait_until(pilot, lambda: pilot.app.ctx.rule_created, "the rule to be created")  # type: ignore[attr-defined]


async def progress_words(pilot: Pilot) -> str:
    await next_(pilot)
    assert step(pilot) == "progress"
    return str(pilot.app.screen.query_one("#progress-checked").render())


async def test_not_yet_then_enter_asks_again_and_the_demo_says_what_quitting_does(
    demo_cloud: LocalCloud, tmp_path
) -> None:
    app = demo_app(demo_cloud, tmp_path, open_cloud=fast)
    async with app.run_test(size=(100, 30)) as pilot:
        await goto(pilot, "review", PLAN)
        await create_rule(pilot)
        words = await progress_words(pilot)
        assert DEMO_AFTER_QUIT in words and "srrtui watch" not in words
        # No step can be revisited now: F2 leaves the footer, a click on a done step stays.
        assert "f2" not in app.screen.active_bindings
        await pilot.click(StepList, offset=(4, 1 + 2))
        await settle(pilot)
        assert step(pilot) == "progress"
    summary = app.exit_summary()
    assert app.ctx.rule_id and f"Rule {app.ctx.rule_id} replicates demo-logs" in summary
    assert "demo's local cloud has stopped" in summary


async def test_a_real_connection_says_how_to_watch_after_quitting(
    demo_cloud: LocalCloud, tmp_path
) -> None:
    app = SrrApp(services(tmp_path, connection=connection_to(demo_cloud), open_cloud=fast))
    async with app.run_test(size=(100, 30)) as pilot:
        await goto(pilot, "review", PLAN)
        await create_rule(pilot)
        assert AFTER_QUIT in await progress_words(pilot)
    assert app.exit_summary().endswith(f"Watch it: srrtui watch demo-logs {app.ctx.rule_id}")


async def test_nothing_to_summarise_without_a_rule(demo_cloud: LocalCloud, tmp_path) -> None:
    app = demo_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_cloud(pilot)
    assert app.exit_summary() == ""


async def test_the_palette_quit_asks_first(demo_cloud: LocalCloud, tmp_path) -> None:
    app = demo_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_cloud(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"quit")
        await settle(pilot, 0.1)  # the palette searches in a worker
        await pilot.press("enter")
        await settle(pilot)
        assert modal_name(pilot) == "ConfirmModal"
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running and app.screen is app.wizard


async def test_an_error_toast_goes_once_the_step_is_fixed(demo_cloud: LocalCloud, tmp_path) -> None:
    app = demo_app(demo_cloud, tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await goto(pilot, "objects", PLAN)
        await pilot.press("down")  # only objects under prefixes, and none given
        await next_(pilot)
        assert step(pilot) == "objects"
        await wait_until(pilot, lambda: app.screen.query("Toast"), "a toast saying why")
        await typed(pilot, "#new-prefix", "app/")
        await next_(pilot)  # adds the prefix
        await next_(pilot)
        assert step(pilot) == "tags"
        await settle(pilot)
        assert not app.screen.query("Toast")
