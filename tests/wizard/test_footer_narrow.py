"""The footer on a narrow terminal: a step's own keys make room first; Next, Back, Steps, Help,
Quit and the language key F3 stay, in that order of importance, each whole on screen.

Before, the row was simply cut at the edge (at 60 columns the review lost Steps and Help to
its x/e/s/p), and F3 was left out below 70 columns while "w Watch existing rules" stayed."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets._footer import FooterKey
from wizard_helpers import DEMO_PLAN, demo_app, goto, settle, wait_for_cloud, wait_until

from srrtui import language
from srrtui.screens.widgets.footer import fitting
from srrtui.screens.wizard import ESSENTIAL_KEYS

REVIEW_PLAN = DEMO_PLAN.with_changes(source_bucket="demo-logs")


def shown(app: App[None]) -> list[str]:
    """The actions of the footer's keys, after checking each lies whole on the screen."""
    keys = list(app.screen.query(FooterKey))
    for key in keys:
        assert app.screen.region.contains_region(key.region), f"{key.action} is cut"
    return [key.action for key in keys]


def test_the_step_keys_go_first_then_the_least_important() -> None:
    # widths: a step key (10), Next (5), Quit (5), another step key (10), Help (5)
    widths, ranks = [10, 5, 5, 10, 5], [None, 0, 2, None, 1]
    assert fitting(widths, ranks, 35) == [0, 1, 2, 3, 4]
    assert fitting(widths, ranks, 34) == [0, 1, 2, 4]  # the last step key first
    assert fitting(widths, ranks, 24) == [1, 2, 4]
    assert fitting(widths, ranks, 14) == [1, 4]  # Quit (rank 2) before Help (rank 1)
    assert fitting(widths, ranks, 4) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_key_of_the_first_step_at_80_columns(lang, shared_demo_cloud, tmp_path):
    if lang == "zh":
        language.activate(language.CHINESE)
    try:
        app = demo_app(shared_demo_cloud, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_cloud(pilot)
            assert set(shown(app)) == {
                "next",
                "focus_steps",
                "toggle_help",
                "request_quit",
                "watch",
                "switch_language",
            }
    finally:
        language.activate(language.ENGLISH)


async def test_f3_stays_at_60_columns_and_the_step_key_gives_way(shared_demo_cloud, tmp_path):
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(60, 24)) as pilot:
        await wait_for_cloud(pilot)
        actions = shown(app)
        assert "switch_language" in actions
        assert "watch" not in actions  # the first step's own key made room
        assert {"next", "focus_steps", "toggle_help", "request_quit"} <= set(actions)


async def test_the_review_keeps_the_wizard_keys_at_60_columns(
    chinese, shared_demo_cloud, tmp_path
) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(60, 24)) as pilot:
        await goto(pilot, "review", REVIEW_PLAN)
        actions = shown(app)
        assert {"next", "back", "focus_steps", "toggle_help", "request_quit"} <= set(actions)
        assert "show_request" in actions  # x XML still fits; the later step keys gave way
        assert "preflight_again" not in actions


async def test_a_narrower_terminal_refits_the_footer(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "review", REVIEW_PLAN)
        assert "preflight_again" in shown(app)
        await pilot.resize_terminal(44, 24)
        await wait_until(pilot, lambda: "preflight_again" not in shown(app), "the footer refit")
        await settle(pilot)
        # Only the wizard's own keys are left, the most important ones.
        actions = shown(app)
        assert set(actions) <= set(ESSENTIAL_KEYS)
        assert {"next", "back", "focus_steps", "toggle_help"} <= set(actions)


async def test_the_watch_footer_leaves_room_for_the_palette_key(shared_demo_cloud, tmp_path):
    """srrtui watch's footer shows ^p palette docked right: the other keys stop short of it."""
    from textual.widgets import DataTable
    from wizard_helpers import connection_to, services

    from srrtui.app import SrrApp

    app = SrrApp(
        services(tmp_path, start_demo=lambda: connection_to(shared_demo_cloud)), start="watch"
    )
    async with app.run_test(size=(40, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query(DataTable), "the watch screen")
        await settle(pilot)
        keys = list(app.screen.query(FooterKey))
        palette = [key for key in keys if key.has_class("-command-palette")]
        assert len(palette) == 1
        for key in keys:
            assert app.screen.region.contains_region(key.region), f"{key.action} is cut"
            if key is not palette[0]:
                assert not key.region.overlaps(palette[0].region), f"{key.action} under ^p"
