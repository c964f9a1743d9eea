"""Benchmark 10: the fewest keys a new user needs on the demo, from launch to an enabled rule
(issue 15 item 12: at most 12), with the app driven key by key as in benchmark 2.

The walk takes every step's highlighted default with Enter and decides nothing the wizard did
not offer: credentials (demo: Enter) -> source (Enter: the marker starts on the first bucket in
the session's region, demo-logs) -> destination (Enter: the first same-region bucket) ->
objects, tags, delete mode, historical, KMS, RAM role (Enter each) -> review (Enter once the
preflight is done) -> the confirmation (y). The rule must then exist in the local cloud. The
keys after that (Enter to the progress pane) are not counted: the rule is enabled by then.
"""

from __future__ import annotations

from typing import Any

from bench_flow import DEFAULT_STEPS, Driver, FlowError, walked
from common import Result, bench_main

GOAL_KEYS = 12


async def walk(driver: Driver, cloud_of: Any) -> None:
    app = driver.app
    from textual.widgets import OptionList

    await driver.at("credentials")
    await driver.until("the demo cloud connected", lambda: app.ctx.cloud is not None)
    driver.key("enter")
    for key in ("source", "destination"):
        await driver.at(key)
        panel = app.wizard.current
        await driver.until(
            f"the {key} list marked",
            lambda p=panel: any(w.highlighted is not None for w in p.query(OptionList)),
        )
        driver.key("enter")
    for expected in DEFAULT_STEPS:
        await driver.at(expected)
        if expected == "review":
            review = app.wizard.current
            await driver.until("preflight finished", lambda r=review: r.blocked() is None, 60)
        driver.key("enter")
    await driver.until("the confirmation", lambda: type(app.screen).__name__ == "ConfirmModal")
    driver.key("y")
    await driver.until("ctx.rule_created", lambda: app.ctx.rule_created and app.ctx.rule_id, 60)
    plan = app.wizard.plan
    cloud = cloud_of()
    state = cloud.replication.rule_state(plan.source_bucket, app.ctx.rule_id) if cloud else None
    if state is None:
        raise FlowError(f"the wizard says rule {app.ctx.rule_id!r} exists; the cloud has none")


def run(quick: bool) -> list[Result]:
    name = "fewest keys, launch to rule enabled (demo, 80x24)"
    out, failure = walked(10, name, walk, (80, 24))
    if failure is not None:
        return [failure]
    details = {k: v for k, v in out.items() if k != "error"}
    keys = out["keys"]
    return [
        Result(10, name, keys, "keys", f"<= {GOAL_KEYS}", passed=keys <= GOAL_KEYS, details=details)
    ]


def main() -> int:
    return bench_main(run)


if __name__ == "__main__":
    raise SystemExit(main())
