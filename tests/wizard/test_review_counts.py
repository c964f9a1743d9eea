"""The review's verdict counts what the review lists, in words with the right number."""

from __future__ import annotations

import re

from textual.widgets import Static
from wizard_helpers import DEMO_PLAN, demo_app, goto, wait_until


def text_of(pilot, selector: str) -> str:  # noqa: ANN001 - a Pilot
    return str(pilot.app.screen.query_one(selector, Static).render())


async def test_the_verdict_counts_each_list_of_warnings(shared_demo_cloud, tmp_path) -> None:
    # demo-logs has never had versioning: historical replication makes preflight warn.
    plan = DEMO_PLAN.with_changes(source_bucket="demo-logs")
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "review", plan)
        verdict = lambda: text_of(pilot, "#review-verdict")  # noqa: E731
        await wait_until(pilot, lambda: "Preflight passed" in verdict(), "the preflight")
        listed = text_of(pilot, "#review-warnings").splitlines()
        warned = [
            line for line in text_of(pilot, "#review-preflight").splitlines() if "⚠ warn" in line
        ]
        assert len(listed) == 3 and len(warned) == 1, (listed, warned)
        found = re.search(
            r"read the warnings below: (\d+) under Warnings, (\d+) under Preflight", verdict()
        )
        assert found, verdict()
        assert (int(found[1]), int(found[2])) == (len(listed), len(warned))
        assert "(s)" not in verdict()


async def test_one_problem_is_said_in_the_singular(shared_demo_cloud, tmp_path) -> None:
    plan = DEMO_PLAN.with_changes(prefixes=("  ",))
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "review", plan)
        assert text_of(pilot, "#review-verdict") == "✗ The plan has 1 problem, listed below."
        assert "✗ objects.prefixes[0]: a prefix cannot be only spaces" in text_of(
            pilot, "#review-problems"
        )
