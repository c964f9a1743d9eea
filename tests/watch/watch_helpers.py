"""Building ``srrtui watch`` for tests and waiting on what it shows (with deadlines, no sleeps)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from textual.css.query import NoMatches
from textual.pilot import Pilot

from srrtui.app import SrrApp
from srrtui.demo import connection_to  # noqa: F401 - the tests import it from here
from srrtui.localcloud import LocalCloud
from srrtui.localcloud.seed.replication import DEMO_RULE_ID
from srrtui.screens.services import WizardServices
from srrtui.screens.watch.board import EVERYTHING, WatchTarget

FIXED_NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
DEMO_BUCKET = "demo-photos"
DEMO_KEY = (DEMO_BUCKET, DEMO_RULE_ID)


def watch_app(
    cloud: LocalCloud, tmp_path: Path, target: WatchTarget = EVERYTHING, **changes: object
) -> SrrApp:
    """``srrtui watch`` against a started local cloud: fixed clock, steady cursor, and polls an
    hour apart unless a test asks otherwise (so only the polls a test triggers happen)."""
    values: dict[str, object] = {
        "clock": lambda: FIXED_NOW,
        "cursor_blink": False,
        "config_dir": tmp_path / "config",
        "plan_dir": tmp_path,
        "env": {"HOME": str(tmp_path)},
        "poll_interval": 3600.0,
        "start_demo": lambda: connection_to(cloud),
    }
    values.update(changes)
    services = WizardServices(**values)  # type: ignore[arg-type]
    return SrrApp(services, start="watch", target=target)


async def until(pilot: Pilot, condition: Callable[[], object], timeout: float = 30.0) -> None:
    """Let the app run until ``condition()`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not _holds(condition):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {condition}")
        await pilot.pause(0.05)


def _holds(condition: Callable[[], object]) -> bool:
    try:
        return bool(condition())
    except NoMatches:  # the widget it reads is not mounted yet
        return False


async def settle(pilot: Pilot) -> None:
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(pilot: Pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector).render())


def table_text(pilot: Pilot, selector: str = "#watch-rules") -> str:
    """Every cell of a DataTable, row by row, one line per row."""
    table = pilot.app.screen.query_one(selector)
    rows = [
        " | ".join(str(cell) for cell in table.get_row_at(index))
        for index in range(table.row_count)
    ]
    return "\n".join(rows)
