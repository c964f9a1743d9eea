"""``srrtui watch`` against the local cloud: the dashboard lists and follows the demo rule, the
details read the rule back, a typed confirmation stops it (closing, then gone, checked through
oss2), the diff pages, a network blip shows "retrying" and passes, and the wizard's start opens
the dashboard."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input
from watch_helpers import (
    DEMO_BUCKET,
    connection_to,
    settle,
    table_text,
    text_of,
    until,
    watch_app,
)

from srrtui.app import SrrApp
from srrtui.cloud.retry import RetryPolicy
from srrtui.cloud.session import CloudSession
from srrtui.localcloud.seed.replication import DEMO_RULE_ID
from srrtui.screens.services import WizardServices
from srrtui.screens.watch.board import WatchTarget
from srrtui.screens.watch.dashboard import WatchScreen
from srrtui.screens.watch.details import RuleDetailsScreen
from srrtui.screens.watch.diff_view import DiffScreen
from srrtui.screens.watch.stop_modal import StopRuleModal

FAST = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.01)
TARGET = WatchTarget(DEMO_BUCKET, DEMO_RULE_ID)


def screen_is(pilot, kind: type) -> bool:  # noqa: ANN001
    return isinstance(pilot.app.screen, kind)


def rules_through_oss2(cloud) -> list[str]:  # noqa: ANN001
    """GetBucketReplication through oss2's own client: the rule ids it reports."""
    import oss2

    from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    bucket = oss2.Bucket(auth, cloud.endpoint, DEMO_BUCKET, region=cloud.config.region)
    try:
        return [rule.rule_id for rule in bucket.get_bucket_replication().rule_list]
    except oss2.exceptions.ServerError as error:  # the bucket's last rule went
        assert (error.status, error.code) == (404, "NoSuchReplicationConfiguration")
        return []


async def test_dashboard_lists_the_demo_rule_and_follows_its_progress(
    moving_demo_cloud, tmp_path
) -> None:
    app = watch_app(moving_demo_cloud, tmp_path, poll_interval=0.2)
    seen: set[str] = set()

    def row() -> str:
        text = table_text(pilot)
        seen.add(text)
        return text

    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: DEMO_RULE_ID in row())
        assert "demo-photos → demo-photos-backup" in row()
        await until(pilot, lambda: "✓ 100 %" in row(), timeout=30)
        assert "done" in row()
    # It moved while watched: some poll saw it part-way (or still starting).
    assert any("◔ starting" in text or "▶ doing | " in text and "100" not in text for text in seen)


async def test_an_empty_cloud_says_there_are_no_rules(local_cloud, tmp_path) -> None:
    app = watch_app(local_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "No replication rules found." in text_of(pilot, "#watch-state"))
        assert pilot.app.screen.query_one("#watch-rules").row_count == 0


async def test_a_rule_id_opens_its_details_in_words_and_xml(frozen_demo_cloud, tmp_path) -> None:
    app = watch_app(frozen_demo_cloud, tmp_path, target=TARGET)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: screen_is(pilot, RuleDetailsScreen))
        await settle(pilot)
        words = text_of(pilot, "#details-words")
        assert "Copy from demo-photos to demo-photos-backup (both in cn-hangzhou)." in words
        assert "Deletions are not replicated (PUT only)" in words
        assert "OSS uses AliyunOSSRole" in words
        xml = text_of(pilot, "#details-xml")
        assert "<ID>demo-photos-to-backup</ID>" in xml and "<Action>PUT</Action>" in xml
        assert "◔ starting" in text_of(pilot, "#progress-status")
        # The demo's rule lives in its local cloud: no promise that watch can reopen it.
        checked = text_of(pilot, "#progress-checked")
        assert "stop when you quit" in checked and "srrtui watch" not in checked
        await pilot.press("escape")
        assert screen_is(pilot, WatchScreen)


async def test_details_against_a_real_endpoint_say_the_rule_goes_on(
    frozen_demo_cloud, tmp_path
) -> None:
    app = watch_app(
        frozen_demo_cloud,
        tmp_path,
        target=TARGET,
        start_demo=None,
        connection=connection_to(frozen_demo_cloud),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: screen_is(pilot, RuleDetailsScreen))
        await settle(pilot)
        assert "`srrtui watch` reopens this" in text_of(pilot, "#progress-checked")


async def test_an_unknown_rule_id_is_reported(frozen_demo_cloud, tmp_path) -> None:
    app = watch_app(frozen_demo_cloud, tmp_path, target=WatchTarget(DEMO_BUCKET, "nope"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: any("No rule nope" in n.message for n in app._notifications))
        assert screen_is(pilot, WatchScreen)


async def test_stop_needs_the_typed_rule_id_then_closes_and_goes(
    moving_demo_cloud, tmp_path
) -> None:
    app = watch_app(moving_demo_cloud, tmp_path, target=TARGET, poll_interval=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: screen_is(pilot, RuleDetailsScreen))
        details = pilot.app.screen
        await pilot.press("s")
        await until(pilot, lambda: screen_is(pilot, StopRuleModal))
        await until(pilot, lambda: pilot.app.screen.query_one("#stop", Button))  # composed
        stop = pilot.app.screen.query_one("#stop", Button)
        assert stop.disabled
        await pilot.press(*"demo-photos", "enter")  # a prefix of the id is not the id
        assert screen_is(pilot, StopRuleModal) and stop.disabled
        assert "does not match" in text_of(pilot, "#typed-state")
        pilot.app.screen.query_one(Input).value = ""
        await pilot.press(*DEMO_RULE_ID)
        assert not stop.disabled and "✓ matches" in text_of(pilot, "#typed-state")
        await pilot.press("enter")
        await until(pilot, lambda: details.watched.status.value == "closing")
        assert "■ closing" in details.watched.row()[1]
        await until(pilot, lambda: screen_is(pilot, WatchScreen), 45)  # gone: details close
        await until(pilot, lambda: pilot.app.screen.query_one("#watch-rules").row_count == 0)
        await until(
            pilot, lambda: any("is gone from demo" in n.message for n in app._notifications)
        )
    assert DEMO_RULE_ID not in rules_through_oss2(moving_demo_cloud)


async def test_escape_cancels_the_stop(fresh_frozen_cloud, tmp_path) -> None:
    app = watch_app(fresh_frozen_cloud, tmp_path, target=TARGET)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: screen_is(pilot, RuleDetailsScreen))
        await pilot.press("s")
        await until(pilot, lambda: screen_is(pilot, StopRuleModal))
        await pilot.press(*DEMO_RULE_ID, "escape")
        await settle(pilot)
        assert screen_is(pilot, RuleDetailsScreen)
        assert pilot.app.screen.watched.status.value == "starting"
    assert rules_through_oss2(fresh_frozen_cloud) == [DEMO_RULE_ID]


async def test_the_diff_is_reachable_from_details_and_pages(frozen_demo_cloud, tmp_path) -> None:
    app = watch_app(frozen_demo_cloud, tmp_path, target=TARGET)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: screen_is(pilot, RuleDetailsScreen))
        await pilot.press("d")
        await until(pilot, lambda: screen_is(pilot, DiffScreen))
        screen = pilot.app.screen
        await until(pilot, lambda: screen.page is not None)
        first = table_text(pilot, "#diff-table")
        assert first.splitlines()[0].startswith("docs/report-00.txt")
        assert "missing | … not replicated yet" in first
        assert "Page 1. 50 differ (50 missing" in text_of(pilot, "#diff-summary")
        await pilot.press("n")
        await until(pilot, lambda: len(screen.starts) == 2 and not screen.fetching)
        second = table_text(pilot, "#diff-table")
        assert second != first and "Page 2." in text_of(pilot, "#diff-summary")
        await pilot.press("p")
        await until(pilot, lambda: len(screen.starts) == 1 and not screen.fetching)
        assert table_text(pilot, "#diff-table") == first


async def test_a_network_blip_shows_retrying_then_recovers(fresh_frozen_cloud, tmp_path) -> None:
    app = watch_app(fresh_frozen_cloud, tmp_path, open_cloud=lambda c: CloudSession(c, policy=FAST))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "◔ starting" in table_text(pilot))
        await settle(pilot)
        fresh_frozen_cloud.faults.inject(
            "GetBucketReplicationProgress", kind="reset", count=FAST.attempts
        )
        await pilot.press("r")
        await until(pilot, lambda: "⟳ retrying" in table_text(pilot))
        await settle(pilot)
        await pilot.press("r")
        await until(pilot, lambda: "◔ starting" in table_text(pilot))


@pytest.mark.parametrize("size", [(80, 24)])
async def test_w_on_the_wizard_start_opens_watch(frozen_demo_cloud, tmp_path, size) -> None:
    services = WizardServices(
        start_demo=lambda: connection_to(frozen_demo_cloud),
        cursor_blink=False,
        config_dir=tmp_path / "config",
        env={"HOME": str(tmp_path)},
    )
    app = SrrApp(services)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.ctx.cloud is not None and 0 in app.wizard.panels)
        await settle(pilot)
        app.screen.set_focus(None)  # the key goes to the screen, not a text field
        await pilot.press("w")
        await until(pilot, lambda: screen_is(pilot, WatchScreen))
        await until(pilot, lambda: DEMO_RULE_ID in table_text(pilot))
        await pilot.press("escape")
        assert pilot.app.screen is app.wizard
