"""SVG snapshots of the dashboard's new states at 80x24 and 120x40: the search part-way through
a large account (rules found so far, "Checked 40 of 1,000+ buckets…") and the filter narrowing
the rules. Deterministic: a stand-in account that answers the first 40 buckets and holds the
rest (and its second page of buckets) until the test is over. The rules are found in a fixed
order (the table keeps its cursor on the first rule found, wherever later ones sort)."""

from __future__ import annotations

import threading
import time

import pytest
from test_watch_snapshots import SIZES, GivenCloud, dashboard_ready, given_app
from textual.pilot import Pilot
from watch_helpers import text_of, until

from srrtui.cloud.types import BucketPage, BucketSummary
from srrtui.domain.plan import DeleteMode
from srrtui.domain.rules import RuleConfig, RuleProgress, RuleStatus

ANSWERED = 40
RELEASE_S = 5.0


class HalfReadAccount:
    """1,000 buckets on the first page and more to come; buckets 9, 19, 29, 39 have a rule."""

    region = "cn-hangzhou"

    def __init__(self) -> None:
        # The held reads end RELEASE_S after the test has seen the state it snapshots (the
        # screenshot follows at once), or when the test ends: Textual's exit waits for them.
        self.gate = threading.Event()
        self.release_at = float("inf")
        # Buckets 19, 29, 39 answer once the table shows bucket 9's rule: read in parallel,
        # they could otherwise be found first and hold the cursor on a lower row.
        self.first_shown = threading.Event()

    def hold(self) -> None:
        while not self.gate.wait(0.05) and time.monotonic() < self.release_at:
            pass

    def list_buckets(self, prefix: str = "", marker: str = "", max_keys: int = 100) -> BucketPage:
        if marker:
            self.hold()
            return BucketPage(())
        names = tuple(BucketSummary(f"team-{i:04d}", self.region) for i in range(1000))
        return BucketPage(names, next_marker="team-0999")

    def list_rules(self, bucket: str) -> list[RuleConfig]:
        index = int(bucket.rsplit("-", 1)[1])
        if index >= ANSWERED:
            self.hold()
            return []
        if index % 10 != 9:
            return []
        if index > 9:
            while not self.gate.is_set() and not self.first_shown.wait(0.05):
                pass
        rule = RuleConfig(
            rule_id=f"{bucket}-to-backup",
            destination_bucket=f"{bucket}-backup",
            destination_location="oss-cn-hangzhou",
            action=DeleteMode.PUT_ONLY,
            sync_role="AliyunOSSRole",
            status=RuleStatus.STARTING,
        )
        return [rule]

    def rule_progress(self, bucket: str, rule_id: str) -> RuleProgress:
        raise AssertionError("no polls before the search ends")


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_searching_a_large_account(size, tmp_path, snap_compare) -> None:
    account = HalfReadAccount()
    app = given_app(account, tmp_path)  # type: ignore[arg-type]

    async def ready(pilot: Pilot) -> None:
        # No settle(): the search worker is still running (it waits on the held buckets).
        await until(pilot, lambda: pilot.app.screen.query_one("#watch-rules").row_count == 1)
        account.first_shown.set()
        await until(pilot, lambda: pilot.app.screen.query_one("#watch-rules").row_count == 4)
        await until(pilot, lambda: "Checked 40 of 1,000+ buckets" in text_of(pilot, "#watch-state"))
        account.release_at = time.monotonic() + RELEASE_S
        await pilot.pause()

    try:
        assert snap_compare(app, run_before=ready, terminal_size=size)
    finally:
        account.gate.set()


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_filtered(size, tmp_path, snap_compare) -> None:
    app = given_app(GivenCloud(), tmp_path)

    async def ready(pilot: Pilot) -> None:
        await dashboard_ready(pilot)
        await pilot.press("slash", *"logs")
        await until(pilot, lambda: "Showing 1 of 2" in text_of(pilot, "#watch-state"))
        await pilot.pause()

    assert snap_compare(app, run_before=ready, terminal_size=size)
