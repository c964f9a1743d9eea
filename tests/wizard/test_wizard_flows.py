"""Complete walks through the wizard against the demo local cloud, with the keyboard, each
ending with what the cloud holds afterwards read back through oss2."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from wizard_helpers import (
    STEP_KEYS,
    demo_app,
    errors,
    next_,
    settle,
    step,
    typed,
    wait_for_cloud,
    wait_until,
)

from srrtui.cloud.retry import RetryPolicy
from srrtui.cloud.session import CloudSession
from srrtui.domain.plan import DeleteMode, RoleKind, TagMatch
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud
from srrtui.screens.widgets.step_list import StepList

FAST = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.01)


def fast_app(cloud: LocalCloud, tmp_path: Path):  # noqa: ANN201 - an SrrApp
    return demo_app(cloud, tmp_path, open_cloud=lambda conn: CloudSession(conn, policy=FAST))


async def pick_buckets(pilot: Pilot, source: str, dest_filter: str) -> None:
    await wait_for_cloud(pilot)
    await next_(pilot)  # credentials (demo) -> source
    assert step(pilot) == "source"
    await pilot.press(*source)
    await settle(pilot)
    await next_(pilot)  # the filter's first match gets the cursor
    if step(pilot) == "source":
        await next_(pilot)  # Enter on the highlighted bucket picks it
    assert step(pilot) == "destination"
    await pilot.press(*dest_filter)
    await next_(pilot)  # exactly one match: Enter picks it
    assert step(pilot) == "objects"


async def next_until(pilot: Pilot, key: str) -> None:
    """Next with the defaults, step by step, until the step ``key`` is shown."""
    for _ in range(len(STEP_KEYS)):
        if step(pilot) == key:
            return
        await next_(pilot)
    raise AssertionError(f"Next never reached {key}; stuck at {step(pilot)}: {errors(pilot)}")


async def test_defaults_reach_review_with_a_passing_preflight(demo_cloud, tmp_path) -> None:
    app = fast_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pick_buckets(pilot, "logs", "back")
        for expected in ("tags", "deletes", "historical", "kms", "role", "review"):
            await next_(pilot)
            assert step(pilot) == expected
        plan = app.wizard.plan
        assert (plan.source_bucket, plan.destination_bucket) == ("demo-logs", "demo-photos-backup")
        assert plan.all_objects and not plan.tag_filter.active
        assert plan.delete_mode is DeleteMode.PUT_ONLY and plan.historical
        assert plan.role.kind is RoleKind.NEW
        review = app.wizard.current
        assert review.report is not None
        failed = [line for line in review.report.lines if line.status.value == "fail"]
        assert not failed, failed


async def test_going_back_keeps_every_value(demo_cloud, tmp_path) -> None:
    app = fast_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pick_buckets(pilot, "logs", "back")
        await pilot.press("down")  # objects: only prefixes
        await typed(pilot, "#new-prefix", "app/")
        await pilot.press("enter")  # adds the prefix
        await next_(pilot)  # empty field: Next
        assert step(pilot) == "tags"
        await pilot.press("down")  # tags: on
        await typed(pilot, ".tag-key", "env")
        await typed(pilot, ".tag-value", "prod")
        await next_(pilot)
        assert step(pilot) == "deletes"
        for _ in range(2):
            await pilot.press("escape")
            await settle(pilot)
        assert step(pilot) == "objects"
        assert app.wizard.plan.prefixes == ("app/",)
        await next_(pilot)
        await next_(pilot)
        plan = app.wizard.plan
        assert plan.prefixes == ("app/",)
        assert [str(t) for t in plan.tag_filter.tags] == ["env=prod"]
        assert plan.tag_filter.match is TagMatch.ALL


async def test_all_with_a_tag_filter_is_refused_at_the_delete_step(demo_cloud, tmp_path) -> None:
    app = fast_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pick_buckets(pilot, "logs", "back")
        await next_(pilot)  # all objects
        await pilot.press("down")
        await typed(pilot, ".tag-key", "env")
        await typed(pilot, ".tag-value", "prod")
        await next_(pilot)
        await pilot.press("down")  # ALL
        await next_(pilot)
        assert step(pilot) == "deletes"
        assert "delete replication" in errors(pilot)
        await pilot.press("up")  # back to PUT only: accepted
        await next_(pilot)
        assert step(pilot) == "historical"


async def test_tags_step_explains_why_it_is_unavailable_with_all(demo_cloud, tmp_path) -> None:
    app = fast_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pick_buckets(pilot, "logs", "back")
        await next_(pilot)
        await next_(pilot)  # tags: off
        await pilot.press("down")  # delete mode ALL
        await next_(pilot)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert step(pilot) == "tags"
        notice = str(app.screen.query_one("#tags-unavailable").render())
        assert "PUT only" in notice and "Delete mode" in notice


async def test_kms_needs_a_key_and_takes_one(demo_cloud, tmp_path) -> None:
    app = fast_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pick_buckets(pilot, "logs", "back")
        await next_until(pilot, "kms")
        await pilot.press("down")  # replicate SSE-KMS objects
        await next_(pilot)
        assert step(pilot) == "kms"  # refused: no key
        assert "KMS key" in errors(pilot)
        await typed(pilot, "#cmk-id", "alias/demo-replicas")
        await next_(pilot)
        assert step(pilot) == "role"
        assert app.wizard.plan.kms.cmk_id == "alias/demo-replicas"


async def test_custom_role_is_picked_from_the_list(demo_cloud, tmp_path) -> None:
    app = fast_app(demo_cloud, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pick_buckets(pilot, "logs", "back")
        await next_until(pilot, "role")
        await pilot.press("down", "down")  # custom
        await settle(pilot)
        await typed(pilot, "#role-name", "bad name")
        await next_(pilot)
        assert step(pilot) == "role"
        assert "letters, digits" in errors(pilot)


async def test_aliyun_oss_role_warns(demo_cloud, tmp_path) -> None:
    app = fast_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pick_buckets(pilot, "logs", "back")
        await next_until(pilot, "role")
        await pilot.press("down")
        await settle(pilot)
        assert "every bucket" in str(app.screen.query_one("#role-detail").render())
        await next_(pilot)
        assert step(pilot) == "review"
        assert app.wizard.plan.role.kind is RoleKind.ALIYUN_OSS_ROLE


async def test_quit_asks_first_and_stays_on_no(demo_cloud, tmp_path) -> None:
    app = fast_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_cloud(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmModal"
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is app.wizard
        await pilot.press("ctrl+c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert app.return_code == 0


async def test_a_destination_the_source_already_replicates_to_is_marked(
    demo_cloud, tmp_path
) -> None:
    # The demo seed has the rule demo-photos -> demo-photos-backup.
    app = fast_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_cloud(pilot)
        await next_(pilot)
        await pilot.press(*"photos")
        await settle(pilot)
        await next_(pilot)
        if step(pilot) == "source":
            await next_(pilot)
        assert app.wizard.plan.source_bucket == "demo-photos"
        panel = app.wizard.current
        await wait_until(pilot, lambda: "demo-photos-backup" in panel.targets, "the rules")
        state = str(panel.query_one("#dest-state").render())
        assert "↺: demo-photos replicates there already." in state
        await pilot.press(*"backup")
        await next_(pilot)  # picks it, and stays: the notice must be read first
        assert step(pilot) == "destination"
        notice = panel.query_one("#dest-existing")
        assert notice.display
        assert "rule demo-photos-to-backup" in str(notice.render())
        await next_(pilot)
        assert step(pilot) == "objects"
        assert app.wizard.plan.destination_bucket == "demo-photos-backup"


async def test_the_step_list_goes_back_by_keys_and_by_click(demo_cloud, tmp_path) -> None:
    app = fast_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pick_buckets(pilot, "logs", "back")
        await next_until(pilot, "deletes")
        steps = app.wizard.query_one(StepList)
        await pilot.press("f2")
        assert app.focused is steps and steps.cursor == 5
        await pilot.press("down")  # the steps after this one are not reached: no cursor there
        assert steps.cursor == 5
        await pilot.press("up", "up", "enter")
        await settle(pilot)
        assert step(pilot) == "objects"
        assert app.wizard.plan.destination_bucket == "demo-photos-backup"
        # A click on a step not reached yet does nothing; on a done one it goes there.
        await pilot.click(StepList, offset=(4, 1 + 9))
        await settle(pilot)
        assert step(pilot) == "objects"
        await pilot.click(StepList, offset=(4, 1 + 1))
        await settle(pilot)
        assert step(pilot) == "source"
        assert "▶  2 Source bucket" in str(steps.render())


def oss2_bucket(cloud: LocalCloud, name: str):  # noqa: ANN201 - an oss2.Bucket
    import oss2

    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    return oss2.Bucket(auth, cloud.endpoint, name)


async def test_enabling_versioning_from_the_historical_step(demo_cloud, tmp_path) -> None:
    app = fast_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        # demo-versioned-dst has versioning on, demo-logs never had it: they must match.
        await pick_buckets(pilot, "logs", "versioned-dst")
        await next_until(pilot, "historical")
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, 0.2)
        assert "✓ Both buckets" in str(app.screen.query_one("#versioning").render())
    for name in ("demo-logs", "demo-versioned-dst"):
        assert oss2_bucket(demo_cloud, name).get_bucket_versioning().status == "Enabled"


async def test_differing_versioning_blocks_next_at_the_historical_step(
    demo_cloud, tmp_path
) -> None:
    app = fast_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        # demo-logs was never versioned, demo-versioned-dst is: OSS refuses such a rule.
        await pick_buckets(pilot, "logs", "versioned-dst")
        await next_until(pilot, "historical")
        versioning = lambda: str(app.screen.query_one("#versioning").render())  # noqa: E731
        await wait_until(pilot, lambda: "✗ The states differ" in versioning(), "the states")
        panel = app.wizard.current
        # Reloading: the states are unknown until they arrive, and that alone blocks nothing
        # (the worker's answer cannot land before this coroutine yields).
        panel.cloud_ready()
        assert panel.blocked() is None
        await wait_until(pilot, lambda: panel.details, "the states to load again")

        for choice in ("no", "yes"):  # whatever the choice, OSS refuses the rule
            await pilot.press("down" if choice == "no" else "up")
            assert panel.collect().historical is (choice == "yes")
            await next_(pilot)
            assert step(pilot) == "historical", choice
        said = [n.message for n in app._notifications]
        assert (
            "The buckets' versioning states differ (demo-logs: never enabled, "
            "demo-versioned-dst: enabled). Press v to enable versioning on both, or go back "
            "and choose other buckets."
        ) in said

        await pilot.press("v")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmModal", "the modal")
        await pilot.press("y")
        await wait_until(pilot, lambda: "✓ Both buckets" in versioning(), "versioning on both")
        await next_(pilot)
        assert step(pilot) == "kms"
