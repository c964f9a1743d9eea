"""Benchmark 2: the whole default flow, driven by Pilot (headless, 100x30) against the demo local
cloud, from launch until the replication rule is enabled: wall time and keystrokes.

The app is built as ``srrtui --demo`` builds it (``srrtui.demo.DemoCloud`` started by the app's
own worker after the first frame). Keys are sent one at a time as the terminal driver delivers
them; after each, the driver waits for what the key should bring (the next step, its data, the
confirmation), so the wall time is the app's and the cloud's, not Pilot's idle waits, and no
think time. Every key is counted. The default flow:

credentials (demo: Enter) -> source (type "logs", Enter picks demo-logs) -> destination (type
"back", Enter picks demo-photos-backup) -> objects, tags, delete mode, historical, KMS, RAM role
(Enter each: the defaults) -> review (Enter once preflight is done) -> confirmation (y) ->
enable -> progress. Done when the rule exists in the cloud and the wizard shows Progress.

A step that is missing or does not behave fails the benchmark loudly, naming the step; the
details list the steps reached.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from common import Result, bench_main, failed, scratch

SOURCE_FILTER, SOURCE = "logs", "demo-logs"
DEST_FILTER, DESTINATION = "back", "demo-photos-backup"
DEFAULT_STEPS = ("objects", "tags", "deletes", "historical", "kms", "role", "review")


class FlowError(Exception):
    pass


class Driver:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.keys = 0
        self.reached: list[tuple[str, float]] = []
        self.start = time.perf_counter()

    def key(self, name: str) -> None:
        from textual import events
        from textual.keys import _character_to_key

        key = name if len(name) > 1 or name.isalnum() else _character_to_key(name)
        event = events.Key(key, name if len(name) == 1 else None)
        event.set_sender(self.app)
        self.app._driver.send_message(event)
        self.keys += 1

    async def until(self, what: str, check: Callable[[], bool], timeout: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout
        while True:
            try:
                if check():
                    return
            except Exception:  # noqa: BLE001 - a widget not mounted yet: keep looking
                pass
            if time.perf_counter() > deadline:
                raise FlowError(f"{what}: not reached within {timeout:.0f} s")
            await asyncio.sleep(0.001)

    def step(self) -> str:
        wizard = getattr(self.app, "wizard", None)
        if wizard is None or wizard.index not in wizard.panels:
            return ""
        return wizard.current.key

    async def at(self, key: str, timeout: float = 30.0) -> None:
        await self.until(f"step {key!r} (now {self.step()!r})", lambda: self.step() == key, timeout)
        self.reached.append((key, round(time.perf_counter() - self.start, 3)))

    async def type(self, text: str, field: str) -> None:
        from textual.widgets import Input

        panel = self.app.wizard.current
        target = panel.query_one(field, Input)
        if not target.has_focus:  # as a user would click into it (not counted as a key)
            target.focus()
            await self.until(f"focus in {field}", lambda: target.has_focus)
        for i, char in enumerate(text):
            self.key(char)
            await self.until(
                f"typing {text!r} into {field}",
                lambda n=i + 1: panel.query_one(field, Input).value == text[:n],
            )


async def walk(driver: Driver, cloud_of: Callable[[], Any]) -> None:
    app = driver.app
    from textual.widgets import OptionList

    await driver.at("credentials")
    await driver.until("the demo cloud connected", lambda: app.ctx.cloud is not None)
    driver.key("enter")
    await driver.at("source")
    panel = app.wizard.current
    await driver.until(
        "the source bucket list",
        lambda: panel.query_one("#bucket-list", OptionList).option_count > 0,
    )
    await driver.type(SOURCE_FILTER, "#bucket-filter")
    driver.key("enter")  # one match: picks it (more than one: moves to the list)
    await driver.until("source picked", lambda: driver.step() != "source" or _list_focused(app))
    if driver.step() == "source":
        driver.key("enter")  # Enter on the highlighted bucket
    await driver.at("destination")
    if app.wizard.plan.source_bucket != SOURCE:
        raise FlowError(f"source: picked {app.wizard.plan.source_bucket!r}, not {SOURCE!r}")
    panel = app.wizard.current
    await driver.until(
        "the destination list",
        lambda: any(w.option_count > 0 for w in panel.query(OptionList)),
    )
    await driver.type(DEST_FILTER, "#" + _filter_id(panel))
    driver.key("enter")
    for expected in DEFAULT_STEPS:
        await driver.at(expected)
        if expected == "objects" and app.wizard.plan.destination_bucket != DESTINATION:
            raise FlowError(
                f"destination: picked {app.wizard.plan.destination_bucket!r}, not {DESTINATION!r}"
            )
        if expected == "review":
            review = app.wizard.current
            await driver.until("preflight finished", lambda r=review: r.blocked() is None, 60)
        driver.key("enter")
    await driver.until("the confirmation", lambda: type(app.screen).__name__ == "ConfirmModal")
    driver.key("y")
    # The enable step stays to show each step's result; Enter then opens the progress pane.
    await driver.until("ctx.rule_created", lambda: app.ctx.rule_created and app.ctx.rule_id, 60)
    driver.key("enter")
    await driver.at("progress", timeout=60)
    cloud = cloud_of()
    state = cloud.replication.rule_state(SOURCE, app.ctx.rule_id) if cloud else None
    if state is None:
        raise FlowError(f"the wizard says rule {app.ctx.rule_id!r} exists; the cloud has none")


def _list_focused(app: Any) -> bool:
    from textual.widgets import OptionList

    return isinstance(app.focused, OptionList)


def _filter_id(panel: Any) -> str:
    from textual.widgets import Input

    fields = [w.id for w in panel.query(Input) if w.id and "filter" in w.id]
    if not fields:
        raise FlowError("destination: no filter field")
    return fields[0]


# A walk drives the app from launch to an enabled rule; it is given the demo's cloud (once it
# runs) to check the rule there.
Walk = Callable[[Driver, Callable[[], Any]], Awaitable[None]]


async def drive(folder: Any, walk_with: Walk, size: tuple[int, int]) -> dict[str, Any]:
    """The demo wizard at ``size`` driven by ``walk_with``: time, keys, steps reached, rule."""
    from srrtui.app import SrrApp
    from srrtui.demo import DemoCloud
    from srrtui.screens.services import WizardServices

    demo = DemoCloud()
    services = WizardServices(
        start_demo=demo.start,
        config_dir=folder / "config",
        plan_dir=folder,
        env={"HOME": str(folder)},
        cursor_blink=False,
    )
    out: dict[str, Any] = {}
    start = time.perf_counter()
    app = SrrApp(services)
    try:
        async with app.run_test(size=size):
            driver = Driver(app)
            driver.start = start
            try:
                await walk_with(driver, lambda: demo._cloud)
                out["wall_s"] = time.perf_counter() - start
            except FlowError as error:
                out["error"] = f"{error} (at step {driver.step()!r})"
            out["keys"] = driver.keys
            out["reached"] = driver.reached
            out["rule_id"] = app.ctx.rule_id
            plan = app.wizard.plan
            out["rule"] = f"{plan.source_bucket} -> {plan.destination_bucket}"
    finally:
        demo.stop()
    return out


def walked(
    number: int, name: str, walk_with: Walk, size: tuple[int, int]
) -> tuple[dict[str, Any], Result | None]:
    """``drive`` in a scratch folder: what it measured, and the failed result if it failed."""
    try:
        with scratch(f"bench{number}") as folder:
            out = asyncio.run(drive(folder, walk_with, size))
    except Exception as error:  # noqa: BLE001
        return {}, failed(number, name, f"{type(error).__name__}: {error}")
    details = {k: v for k, v in out.items() if k != "error"}
    if "error" in out:
        return out, failed(number, name, out["error"], **details)
    return out, None


def run(quick: bool) -> list[Result]:
    name = "default flow, launch to rule enabled"
    out, failure = walked(2, name, walk, (100, 30))
    if failure is not None:
        return [failure]
    details = {k: v for k, v in out.items() if k != "error"}
    return [
        Result(2, name, out["wall_s"], "s", "", details=details),
        Result(2, "  keystrokes", out["keys"], "keys", "", details={"reached": out["reached"]}),
    ]


def main() -> int:
    return bench_main(run)


if __name__ == "__main__":
    sys.exit(main())
