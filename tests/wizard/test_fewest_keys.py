"""A new user gets from launch to an enabled rule on the demo in at most 12 keys (issue 15 item
12), every one a real key press through Pilot, each step's highlighted default taken with Enter.
The same walk is benchmark 10 (bench/bench_keys.py), whose count is in docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path

from test_wizard_enable import rules_read_back
from textual.pilot import Pilot
from textual.widgets import OptionList
from wizard_helpers import demo_app, settle, step, wait_for_cloud, wait_until

MOST_KEYS = 12
DEFAULTS = ("objects", "tags", "deletes", "historical", "kms", "role")


async def test_launch_to_enabled_rule_in_at_most_12_keys(demo_cloud, tmp_path: Path) -> None:
    app = demo_app(demo_cloud, tmp_path)
    pressed: list[str] = []

    async def press(pilot: Pilot, key: str) -> None:
        pressed.append(key)
        await pilot.press(key)
        await settle(pilot)

    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_cloud(pilot)
        await press(pilot, "enter")
        for key in ("source", "destination"):
            assert step(pilot) == key
            panel = app.wizard.current
            listed = lambda p=panel: any(w.highlighted is not None for w in p.query(OptionList))  # noqa: E731
            await wait_until(pilot, listed, f"the {key} list, marked")
            await press(pilot, "enter")
        for key in DEFAULTS:
            assert step(pilot) == key, pressed
            await press(pilot, "enter")
        assert step(pilot) == "review"
        review = app.wizard.current
        await wait_until(pilot, lambda: review.blocked() is None, "the preflight", 60)
        await press(pilot, "enter")
        assert type(app.screen).__name__ == "ConfirmModal"
        await press(pilot, "y")
        await wait_until(pilot, lambda: app.ctx.rule_created, "the rule to be created", 60)
        plan = app.wizard.plan
        rule_id = app.ctx.rule_id

    assert len(pressed) <= MOST_KEYS, pressed
    # Every decision was still asked: the rule is the plan's, read back from the cloud.
    assert (plan.source_bucket, plan.destination_bucket) == ("demo-logs", "demo-photos")
    rules = [r for r in rules_read_back(demo_cloud, plan.source_bucket) if r.rule_id == rule_id]
    assert len(rules) == 1 and rules[0].destination_bucket == plan.destination_bucket
