"""SVG snapshots of srrtui watch at 80x24 and 120x40: the dashboard (starting, doing, retrying,
empty), a rule's details, the typed confirmation (empty, wrong, right), the diff and the closing
state. Deterministic: a fixed clock, the demo rule frozen in "starting" (or closing) by an hour's
start delay, or values given by a stand-in cloud; only seeded names and ids on screen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from watch_helpers import FIXED_NOW, settle, table_text, text_of, until, watch_app

from srrtui.cloud.types import BucketPage, BucketSummary, CloudError
from srrtui.domain.plan import DeleteMode, Tag, TagFilter
from srrtui.domain.rules import RuleConfig, RuleProgress, RuleStatus
from srrtui.localcloud.seed.replication import DEMO_RULE_ID
from srrtui.screens.watch.board import WatchTarget
from srrtui.screens.watch.details import RuleDetailsScreen
from srrtui.screens.watch.diff_view import DiffScreen
from srrtui.screens.watch.stop_modal import StopRuleModal

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
TARGET = WatchTarget("demo-photos", DEMO_RULE_ID)


class GivenCloud:
    """A stand-in cloud answering with fixed values: two rules, one part-way, one new-only."""

    region = "cn-hangzhou"

    def __init__(self, error: CloudError | None = None) -> None:
        self.error = error
        self.rules = {
            "demo-photos": RuleConfig(
                rule_id=DEMO_RULE_ID,
                destination_bucket="demo-photos-backup",
                destination_location="oss-cn-hangzhou",
                action=DeleteMode.PUT_ONLY,
                sync_role="AliyunOSSRole",
                status=RuleStatus.DOING,
            ),
            "demo-logs": RuleConfig(
                rule_id="logs-to-archive",
                prefixes=("app/",),
                destination_bucket="demo-logs-archive",
                destination_location="oss-cn-hangzhou",
                historical=False,
                sync_role="oss-replication-logs",
                tag_filter=TagFilter(tags=(Tag("env", "prod"),), enabled=True),
                status=RuleStatus.DOING,
            ),
        }

    def list_buckets(self, prefix: str = "", marker: str = "", max_keys: int = 100) -> BucketPage:
        names = ["demo-logs", "demo-photos", "demo-photos-backup"]
        return BucketPage(tuple(BucketSummary(name, self.region) for name in names))

    def list_rules(self, bucket: str) -> list[RuleConfig]:
        return [self.rules[bucket]] if bucket in self.rules else []

    def rule_progress(self, bucket: str, rule_id: str) -> RuleProgress:
        if self.error is not None and bucket == "demo-photos":
            raise self.error
        rule = self.rules[bucket]
        fraction = 0.42 if rule.historical else None
        watermark = FIXED_NOW - timedelta(seconds=95)
        return RuleProgress(rule, historical_fraction=fraction, new_object_time=watermark)


def given_app(cloud: GivenCloud, tmp_path):  # noqa: ANN001, ANN201 - an SrrApp
    # No local cloud: start_demo's connection is never used, open_cloud returns the stand-in.
    return watch_app(None, tmp_path, start_demo=lambda: None, open_cloud=lambda _: cloud)  # type: ignore[arg-type]


async def dashboard_ready(pilot: Pilot) -> None:
    await until(pilot, lambda: "Last checked" in text_of(pilot, "#watch-state"))
    await settle(pilot)


async def details_ready(pilot: Pilot) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, RuleDetailsScreen))
    await until(pilot, lambda: "starting" in text_of(pilot, "#progress-status"))
    await settle(pilot)


async def stop_modal(pilot: Pilot, typed: str = "") -> None:
    await details_ready(pilot)
    await pilot.press("s")
    await until(pilot, lambda: isinstance(pilot.app.screen, StopRuleModal))
    pilot.app.screen.query_one(Input).value = typed
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_dashboard(size, frozen_demo_cloud, tmp_path, snap_compare) -> None:
    app = watch_app(frozen_demo_cloud, tmp_path)
    assert snap_compare(app, run_before=dashboard_ready, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_empty(size, local_cloud, tmp_path, snap_compare) -> None:
    async def ready(pilot: Pilot) -> None:
        await until(pilot, lambda: "No replication" in text_of(pilot, "#watch-state"))
        await settle(pilot)

    assert snap_compare(watch_app(local_cloud, tmp_path), run_before=ready, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_given_values(size, tmp_path, snap_compare) -> None:
    app = given_app(GivenCloud(), tmp_path)
    assert snap_compare(app, run_before=dashboard_ready, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_retrying(size, tmp_path, snap_compare) -> None:
    blip = CloudError("NetworkError", "connection reset", operation="GetBucketReplicationProgress")
    app = given_app(GivenCloud(blip), tmp_path)

    async def ready(pilot: Pilot) -> None:
        await dashboard_ready(pilot)
        await until(pilot, lambda: "⟳ retrying" in table_text(pilot))

    assert snap_compare(app, run_before=ready, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_details(size, frozen_demo_cloud, tmp_path, snap_compare) -> None:
    app = watch_app(frozen_demo_cloud, tmp_path, target=TARGET)
    assert snap_compare(app, run_before=details_ready, terminal_size=size)


@pytest.mark.parametrize(
    "typed", ["", "demo-photos", DEMO_RULE_ID], ids=["empty", "wrong", "right"]
)
@pytest.mark.parametrize("size", SIZES)
def test_stop_modal(size, typed, frozen_demo_cloud, tmp_path, snap_compare) -> None:
    app = watch_app(frozen_demo_cloud, tmp_path, target=TARGET)

    async def ready(pilot: Pilot) -> None:
        await stop_modal(pilot, typed)

    assert snap_compare(app, run_before=ready, terminal_size=size)


async def diff_ready(pilot: Pilot) -> None:
    """The rule's details, then its diff (d) with its first page read."""
    await details_ready(pilot)
    await pilot.press("d")
    await until(pilot, lambda: isinstance(pilot.app.screen, DiffScreen))
    await until(pilot, lambda: pilot.app.screen.page is not None)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_diff(size, frozen_demo_cloud, tmp_path, snap_compare) -> None:
    app = watch_app(frozen_demo_cloud, tmp_path, target=TARGET)
    assert snap_compare(app, run_before=diff_ready, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_closing(size, fresh_frozen_cloud, tmp_path, snap_compare) -> None:
    app = watch_app(fresh_frozen_cloud, tmp_path, target=TARGET)

    async def ready(pilot: Pilot) -> None:
        await stop_modal(pilot, DEMO_RULE_ID)
        await pilot.press("enter")
        await until(pilot, lambda: "closing" in text_of(pilot, "#progress-status"))
        # The "Stopping" toast is part of the picture: wait until it is on screen, not for a
        # lucky moment (under load the frame could be taken before it arrives).
        await until(pilot, lambda: bool(pilot.app.screen.query("Toast")))
        await settle(pilot)

    assert snap_compare(app, run_before=ready, terminal_size=size)
