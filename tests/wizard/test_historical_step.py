"""The historical step's versioning against the demo cloud: a bucket with a replication rule
cannot change versioning (OSS refuses, the local cloud too), a failed enable leaves Next refused,
v leaves the footer once it cannot help, and what was enabled is named when quitting."""

from __future__ import annotations

from textual.pilot import Pilot
from wizard_helpers import STEP_KEYS, demo_app, goto, next_, settle, step, wait_until

from srrtui.cloud.retry import RetryPolicy
from srrtui.cloud.session import CloudSession
from srrtui.domain.plan import ReplicationPlan
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud
from srrtui.screens.steps.historical import HistoricalStep

FAST = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.01)


def fast(conn):  # noqa: ANN001, ANN201 - a CloudSession
    return CloudSession(conn, policy=FAST)


def plan(source: str, destination: str) -> ReplicationPlan:
    return ReplicationPlan(
        source_bucket=source, source_region="cn-hangzhou", destination_bucket=destination
    )


def versioning_of(cloud: LocalCloud, name: str) -> str | None:
    import oss2

    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    return oss2.Bucket(auth, cloud.endpoint, name).get_bucket_versioning().status


def shown(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#versioning").render())


def v_offered(pilot: Pilot) -> bool:
    """v is in the footer (the footer shows exactly the active bindings)."""
    return "v" in pilot.app.screen.active_bindings


def modal_name(pilot: Pilot) -> str:
    return type(pilot.app.screen).__name__


async def at_historical(pilot: Pilot, source: str, destination: str) -> HistoricalStep:
    await goto(pilot, "historical", plan(source, destination))
    panel = pilot.app.wizard.current  # type: ignore[attr-defined]
    assert isinstance(panel, HistoricalStep)
    await wait_until(pilot, lambda: panel.details, "the versioning states")
    return panel


async def enable_with_v(pilot: Pilot, panel: HistoricalStep) -> None:
    """v, y, and the states read back after the enable (or its failure)."""
    await pilot.press("v")
    await wait_until(pilot, lambda: modal_name(pilot) == "ConfirmModal", "the enable question")
    await pilot.press("y")
    await wait_until(pilot, lambda: panel.details, "the states after enabling")


async def test_a_source_with_a_rule_says_choose_other_buckets_instead_of_offering_v(
    demo_cloud: LocalCloud, tmp_path
) -> None:
    # The demo seed replicates demo-photos (never versioned) to demo-photos-backup, so OSS
    # refuses to change demo-photos' versioning; demo-versioned-dst is versioned.
    app = demo_app(demo_cloud, tmp_path, open_cloud=fast)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await at_historical(pilot, "demo-photos", "demo-versioned-dst")
        assert shown(pilot).endswith(
            "✗ The states differ: OSS refuses a rule until they match.\n"
            "✗ Versioning cannot be changed on demo-photos: it has a replication rule.\n"
            "✗ Go back and choose other buckets."
        )
        assert not v_offered(pilot)
        assert not panel.query_one("#enable-versioning").display
        assert "it cannot be enabled on demo-photos." in panel.help_text()
        await pilot.press("v")
        await settle(pilot)
        assert modal_name(pilot) == "WizardScreen"

        await next_(pilot)
        assert step(pilot) == "historical"
        assert [n.message for n in app._notifications][-1] == (
            "The buckets' versioning states differ (demo-photos: never enabled, "
            "demo-versioned-dst: enabled), and versioning cannot be changed on demo-photos. "
            "Go back and choose other buckets."
        )
    assert versioning_of(demo_cloud, "demo-photos") is None
    assert app.ctx.changes == []


async def test_a_destination_of_another_rule_is_found_before_anything_changes(
    demo_cloud: LocalCloud, tmp_path
) -> None:
    # demo-photos-backup is the seed rule's destination: OSS refuses to change its versioning.
    # Found before v is offered, so demo-logs is not changed on the way to that refusal.
    app = demo_app(demo_cloud, tmp_path, open_cloud=fast)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await at_historical(pilot, "demo-logs", "demo-photos-backup")
        assert shown(pilot).splitlines() == [
            "demo-logs: never enabled",
            "demo-photos-backup: never enabled",
            "• Versioning cannot be changed on demo-photos-backup: it is the destination of "
            "demo-photos's replication rule.",
        ]
        assert not v_offered(pilot)
        assert not panel.query_one("#enable-versioning").display
        await pilot.press("v")
        await settle(pilot)
        assert modal_name(pilot) == "WizardScreen"
        assert app.ctx.changes == []
    assert versioning_of(demo_cloud, "demo-logs") is None
    assert app.exit_summary() == ""  # nothing to report: nothing changed


class SecondEnableRefused:
    """The real session, with OSS failing the second PutBucketVersioning of the run (a 500
    for every retry): what a refusal after the first change looks like."""

    def __init__(self, session: CloudSession, cloud: LocalCloud) -> None:
        self.session, self.cloud, self.enables = session, cloud, 0

    def enable_versioning(self, bucket: str) -> None:
        self.enables += 1
        if self.enables == 2:
            self.cloud.faults.inject("PutBucketVersioning", kind="500", count=FAST.attempts)
        self.session.enable_versioning(bucket)

    def __getattr__(self, name: str):  # noqa: ANN204 - everything else as the session does it
        return getattr(self.session, name)


async def test_a_refusal_after_the_first_change_says_what_changed_and_what_is_left(
    demo_cloud: LocalCloud, tmp_path
) -> None:
    import oss2

    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    oss2.Bucket(auth, demo_cloud.endpoint, "demo-fresh").create_bucket()
    app = demo_app(
        demo_cloud, tmp_path, open_cloud=lambda conn: SecondEnableRefused(fast(conn), demo_cloud)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await at_historical(pilot, "demo-logs", "demo-fresh")
        assert v_offered(pilot)
        await enable_with_v(pilot, panel)
        lines = shown(pilot).splitlines()
        assert lines[0] == "✓ Versioning is now enabled on demo-logs (it cannot be turned off)."
        assert lines[1].startswith("✗ demo-fresh refused: PutBucketVersioning: InternalError")
        assert lines[2:] == [
            "demo-logs: enabled",
            "demo-fresh: never enabled",
            "✗ The states differ: OSS refuses a rule until they match.",
        ]
        # A 500 may pass next time: v stays offered, and enables only what is left.
        assert v_offered(pilot)
        await next_(pilot)
        assert step(pilot) == "historical"
        assert app.ctx.changes == [
            "versioning enabled on demo-logs (it can be suspended, not turned off)"
        ]
        await pilot.press("q")
        await wait_until(pilot, lambda: modal_name(pilot) == "ConfirmModal", "the quit question")
        assert "Already changed in your account: versioning enabled on demo-logs" in (
            app.screen.body  # type: ignore[attr-defined]
        )
    assert versioning_of(demo_cloud, "demo-logs") == "Enabled"
    assert app.exit_summary() == (
        "No replication rule was created. Changed in your account: versioning enabled on "
        "demo-logs (it can be suspended, not turned off)."
    )


async def test_the_review_names_what_changed_in_the_account(
    demo_cloud: LocalCloud, tmp_path
) -> None:
    app = demo_app(demo_cloud, tmp_path, open_cloud=fast)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await at_historical(pilot, "demo-logs", "demo-versioned-dst")
        await enable_with_v(pilot, panel)
        await next_(pilot)
        assert step(pilot) == "kms"
        wizard = app.wizard  # type: ignore[attr-defined]
        await wizard.show_step(STEP_KEYS.index("review"))
        await settle(pilot)
        help_text = wizard.current.help_text()
        assert "Nothing has been written" not in help_text
        assert help_text.startswith(
            "No rule has been created yet. Already changed in your account: versioning "
            "enabled on demo-logs"
        )


async def test_v_leaves_the_footer_once_both_are_versioned_and_quitting_names_the_change(
    demo_cloud: LocalCloud, tmp_path
) -> None:
    app = demo_app(demo_cloud, tmp_path, open_cloud=fast)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await at_historical(pilot, "demo-logs", "demo-versioned-dst")
        assert v_offered(pilot)
        await enable_with_v(pilot, panel)
        assert "✓ Both buckets" in shown(pilot)
        assert not v_offered(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert modal_name(pilot) == "WizardScreen"

        # Only demo-logs changed: demo-versioned-dst was versioned already.
        await pilot.press("q")
        await wait_until(pilot, lambda: modal_name(pilot) == "ConfirmModal", "the quit question")
        body = app.screen.body  # type: ignore[attr-defined]
        assert "nothing changes" not in body
        assert (
            "Already changed in your account: versioning enabled on demo-logs (it can be "
            "suspended, not turned off)."
        ) in body
        await pilot.press("n")
        await settle(pilot)
        await next_(pilot)
        assert step(pilot) == "kms"


async def test_a_bucket_pair_already_versioned_never_offers_v(
    demo_cloud: LocalCloud, tmp_path
) -> None:
    app = demo_app(demo_cloud, tmp_path, open_cloud=fast)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await at_historical(pilot, "demo-versioned-src", "demo-versioned-dst")
        assert "✓ Both buckets" in shown(pilot)
        assert not v_offered(pilot)
        assert not panel.query_one("#enable-versioning").display
