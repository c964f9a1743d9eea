"""Building the app for tests and driving it to a step."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from srrtui.app import SrrApp
from srrtui.demo import connection_to  # noqa: F401 - the tests import it from here
from srrtui.domain.plan import ReplicationPlan
from srrtui.localcloud import LocalCloud
from srrtui.screens.services import WizardServices
from srrtui.screens.steps import STEPS
from srrtui.screens.widgets.field_error import FieldError

FIXED_NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
STEP_KEYS = [step.key for step in STEPS]

DEMO_PLAN = ReplicationPlan(
    source_bucket="demo-photos",
    source_region="cn-hangzhou",
    destination_bucket="demo-photos-backup",
)


def services(tmp_path: Path, **changes: object) -> WizardServices:
    """Deterministic services: fixed clock, steady cursor, private config and plan folders,
    an empty environment (no credentials leak in from the machine running the tests)."""
    values: dict[str, object] = {
        "clock": lambda: FIXED_NOW,
        "cursor_blink": False,
        "config_dir": tmp_path / "config",
        "plan_dir": tmp_path,
        "env": {"HOME": str(tmp_path)},
        # The keyring probe is given up after this long, and the step then says something
        # else: on a loaded CI machine 2 s was sometimes not enough for the 'fail' backend's
        # instant answer, and a snapshot showed the other notice.
        "keyring_timeout": 20.0,
    }
    values.update(changes)
    return WizardServices(**values)  # type: ignore[arg-type]


def demo_app(cloud: LocalCloud, tmp_path: Path, **changes: object) -> SrrApp:
    """The wizard as ``srrtui --demo`` runs it, against an already started local cloud."""
    return SrrApp(services(tmp_path, start_demo=lambda: connection_to(cloud), **changes))


async def settle(pilot: Pilot, delay: float = 0.0) -> None:
    """Let workers finish and the messages they post land (twice: a handler may start another),
    and the keys held after an Enter (screens/type_ahead.py) go on."""
    for _ in range(2):
        await pilot.pause(delay)
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    type_ahead = getattr(pilot.app, "type_ahead", None)
    if type_ahead is not None and type_ahead.holding:
        await wait_until(pilot, lambda: not type_ahead.holding, "the keys typed after Enter")


async def wait_until(
    pilot: Pilot, condition: Callable[[], object], what: str, timeout: float = 10.0
) -> None:
    """Wait for ``condition()`` to hold, letting the app run meanwhile; fail with ``what`` (the
    thing that did not happen) after ``timeout`` seconds instead of going on regardless."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        await pilot.pause(0.01)
    await pilot.pause()


async def screen_settled(pilot: Pilot, timeout: float = 10.0) -> None:
    """Wait until three frames in a row draw the same screen: layout, scrolling and late
    messages have all landed. For snapshots whose last action sets off a chain of refreshes."""
    deadline = time.monotonic() + timeout
    previous, same = "", 0
    while same < 2:
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for a still screen")
        await pilot.pause(0.02)
        # A scroll into view is animated: on a loaded machine its frames can be further apart
        # than the pauses here, so three equal shots alone may catch it half way.
        await pilot.wait_for_scheduled_animations()
        shot = pilot.app.export_screenshot()
        same = same + 1 if shot == previous else 0
        previous = shot


def _step_has_focus(pilot: Pilot) -> bool:
    """The shown step is mounted and its first field took the keyboard (``focus_first`` runs
    after a refresh: a test that focuses a field before then loses the focus to it)."""
    wizard = pilot.app.wizard  # type: ignore[attr-defined]
    panel = wizard.panels.get(wizard.index)
    focused = pilot.app.focused
    if panel is None or not panel.is_mounted or focused is None:
        return False
    return focused is panel or panel in focused.ancestors


async def wizard_ready(pilot: Pilot) -> None:
    """The first step is built and focused (right after the first frame)."""
    await wait_until(pilot, lambda: _step_has_focus(pilot), "the first step to take the focus")


async def wait_for_cloud(pilot: Pilot) -> None:
    app = pilot.app
    await wizard_ready(pilot)
    opened = lambda: app.ctx.cloud is not None  # type: ignore[attr-defined]  # noqa: E731
    await wait_until(pilot, opened, "the cloud session to open")
    await settle(pilot)


async def goto(pilot: Pilot, key: str, plan: ReplicationPlan = DEMO_PLAN) -> None:
    """Jump straight to a step with a plan, as if the earlier steps had been done."""
    app = pilot.app
    await wait_for_cloud(pilot)
    wizard = app.wizard  # type: ignore[attr-defined]
    index = STEP_KEYS.index(key)
    wizard.plan = plan
    wizard.done = set(range(index))
    await wizard.show_step(index)
    await settle(pilot)
    await wait_until(pilot, lambda: _step_has_focus(pilot), f"the {key} step to take the focus")


def step(pilot: Pilot) -> str:
    """The key of the step shown now."""
    return pilot.app.wizard.current.key  # type: ignore[attr-defined]


async def next_(pilot: Pilot, delay: float = 0.0) -> None:
    await pilot.press("enter")
    await settle(pilot, delay)


async def typed(pilot: Pilot, selector: str, text: str) -> None:
    """Focus a field and type into it key by key, as a person would."""
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.pause()
    await pilot.press(*text)


def errors(pilot: Pilot) -> str:
    """The messages shown at the current step's fields."""
    panel = pilot.app.wizard.current  # type: ignore[attr-defined]
    return "\n".join(str(e.render()) for e in panel.query(FieldError) if e.display)


async def confirm_enable(pilot: Pilot) -> None:
    """From the review: Enter, the confirmation says the rule cannot be edited, y creates."""
    assert step(pilot) == "review"
    await next_(pilot)
    modal = pilot.app.screen
    assert type(modal).__name__ == "ConfirmModal"
    assert "cannot be edited" in modal.body  # type: ignore[attr-defined]
    await pilot.press("y")
    await settle(pilot)


async def burst(pilot: Pilot, *keys: str) -> None:
    """Keys that arrive in one read, as from ``tmux send-keys Space Down Space`` or a fast
    typist: all queued before the app handles the first. ``pilot.press`` waits for the app to
    go idle after every key, so it never shows what a burst does."""
    app = pilot.app
    for key in keys:
        character = " " if key == "space" else key if len(key) == 1 else None
        app.post_message(events.Key(key, character))
    await settle(pilot)
