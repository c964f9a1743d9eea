"""srrtui watch in Simplified Chinese at 80x24 and 120x40: the dashboard's table stays aligned
with double-width headers and words, the details, the diff table and the typed confirmation
(the same deterministic states as test_watch_snapshots, in the other language)."""

from __future__ import annotations

import pytest
from test_watch_snapshots import (
    SIZES,
    TARGET,
    GivenCloud,
    details_ready,
    diff_ready,
    given_app,
    stop_modal,
)
from textual.pilot import Pilot
from watch_helpers import settle, until, watch_app

pytestmark = pytest.mark.usefixtures("chinese")  # every test here reads Chinese


async def dashboard_polled(pilot: Pilot) -> None:
    board = lambda: pilot.app.screen.board  # noqa: E731 - the dashboard's, once it is shown
    await until(pilot, lambda: any(w.checked_at for w in board().rules.values()))
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_chinese_dashboard(size, tmp_path, snap_compare) -> None:
    app = given_app(GivenCloud(), tmp_path)
    assert snap_compare(app, run_before=dashboard_polled, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_chinese_details(size, frozen_demo_cloud, tmp_path, snap_compare) -> None:
    app = watch_app(frozen_demo_cloud, tmp_path, target=TARGET)
    assert snap_compare(app, run_before=details_ready, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_chinese_diff(size, frozen_demo_cloud, tmp_path, snap_compare) -> None:
    app = watch_app(frozen_demo_cloud, tmp_path, target=TARGET)
    assert snap_compare(app, run_before=diff_ready, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_chinese_stop_modal(size, frozen_demo_cloud, tmp_path, snap_compare) -> None:
    app = watch_app(frozen_demo_cloud, tmp_path, target=TARGET)

    async def ready(pilot: Pilot) -> None:
        await stop_modal(pilot, "demo-photos")

    assert snap_compare(app, run_before=ready, terminal_size=size)
