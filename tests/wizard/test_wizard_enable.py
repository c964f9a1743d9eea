"""Walks that end with a rule: review, the confirmation, each enable step, the progress pane,
and the rule read back through oss2 and compared with the choices. Failures injected at each
enable step are retried from the wizard."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from wizard_helpers import (
    confirm_enable,
    connection_to,
    demo_app,
    goto,
    next_,
    settle,
    step,
    typed,
    wait_until,
)

from srrtui.cloud.retry import RetryPolicy
from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import CheckStatus
from srrtui.domain.plan import DeleteMode, ReplicationPlan, RoleChoice, RoleKind, Tag, TagMatch
from srrtui.domain.policies import policy_json, trust_policy_json
from srrtui.domain.replication_parse import parse_replication_config
from srrtui.domain.rules import RuleConfig
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud
from srrtui.localcloud.seed.demo import DEMO_REPLICA_KMS_KEY_ID
from srrtui.screens.widgets.marked_list import MarkedList

FAST = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.01)
PLAN = ReplicationPlan(
    source_bucket="demo-logs", source_region="cn-hangzhou", destination_bucket="demo-photos-backup"
)


def app_for(cloud: LocalCloud, tmp_path):  # noqa: ANN001, ANN201 - an SrrApp
    return demo_app(cloud, tmp_path, open_cloud=lambda conn: CloudSession(conn, policy=FAST))


async def watch_progress(pilot: Pilot) -> None:
    """After a successful enable the step stays, with each result and the rule ID, until Enter
    asks for the progress pane."""
    app = pilot.app
    await wait_until(pilot, lambda: app.ctx.rule_created, "the rule to be created")  # type: ignore[attr-defined]
    assert step(pilot) == "enable"
    shown = str(app.screen.query_one("#enable-steps").render())
    assert "✓  done            Add the rule" in shown and f"rule {app.ctx.rule_id}" in shown, shown  # type: ignore[attr-defined]
    state = str(app.screen.query_one("#enable-state").render())
    assert app.ctx.rule_id in state and "Enter" in state  # type: ignore[attr-defined]
    await next_(pilot)
    assert step(pilot) == "progress"


def rules_read_back(cloud: LocalCloud, bucket: str) -> tuple[RuleConfig, ...]:
    """GetBucketReplication through oss2's own signed request. oss2 does not model the tag
    filter, so the body is parsed by the domain layer; oss2's model is checked too."""
    import oss2

    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    handle = oss2.Bucket(auth, cloud.endpoint, bucket)
    modelled = handle.get_bucket_replication().rule_list
    raw = handle._Bucket__do_bucket("GET", params={"replication": ""})  # noqa: SLF001
    parsed = parse_replication_config(raw.read())
    assert {r.rule_id for r in modelled} == {r.rule_id for r in parsed}
    return parsed


def only_rule_to(cloud: LocalCloud, plan: ReplicationPlan) -> RuleConfig:
    rules = [
        r
        for r in rules_read_back(cloud, plan.source_bucket)
        if r.destination_bucket == plan.destination_bucket
    ]
    assert len(rules) == 1, rules
    return rules[0]


def assert_rule_matches(rule: RuleConfig, plan: ReplicationPlan) -> None:
    assert rule.destination_bucket == plan.destination_bucket
    assert rule.destination_location == plan.destination_location
    assert sorted(rule.prefixes) == sorted(plan.prefixes)
    assert rule.action is plan.delete_mode
    assert rule.historical is plan.historical
    assert rule.sync_role == plan.sync_role_name
    assert rule.replicate_sse_kms is plan.kms.replicate
    assert rule.replica_kms_key_id == (plan.kms.cmk_id if plan.kms.replicate else "")
    assert set(rule.tag_filter.tags) == set(plan.tag_filter.tags)
    if plan.tag_filter.tags:
        assert rule.tag_filter.match is plan.tag_filter.match


async def test_defaults_create_the_rule_and_show_progress(demo_cloud, tmp_path) -> None:
    app = app_for(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "review", PLAN)
        await confirm_enable(pilot)
        await watch_progress(pilot)
        assert app.ctx.rule_created and app.ctx.rule_id
        status = str(app.screen.query_one("#progress-status").render())
        assert status.startswith("Status: ")
        # Once the rule exists, earlier steps are closed and quitting asks nothing.
        await pilot.press("escape")
        await settle(pilot)
        assert step(pilot) == "progress"
        plan = app.wizard.plan
        await pilot.press("q")
        await settle(pilot)
    assert_rule_matches(only_rule_to(demo_cloud, plan), plan)


async def test_prefixes_and_tags_walked_by_keys(demo_cloud, tmp_path) -> None:
    app = app_for(demo_cloud, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await goto(pilot, "objects", PLAN)
        await pilot.press("down")  # only prefixes
        await typed(pilot, "#new-prefix", "app/")
        await pilot.press("enter")
        await next_(pilot)
        assert step(pilot) == "tags"
        await pilot.press("down")  # filter on
        await typed(pilot, ".tag-key", "env")
        await typed(pilot, ".tag-value", "prod")
        app.screen.query_one("#tag-match").focus()
        await pilot.press("down")  # match any
        for _ in range(5):  # tags, delete mode, historical, KMS, role
            await next_(pilot, 0.01)
        await confirm_enable(pilot)
        await watch_progress(pilot)
        plan = app.wizard.plan
    assert plan.prefixes == ("app/",)
    assert plan.tag_filter.tags == (Tag("env", "prod"),)
    assert plan.tag_filter.match is TagMatch.ANY
    assert_rule_matches(only_rule_to(demo_cloud, plan), plan)


async def test_aliyun_oss_role(demo_cloud, tmp_path) -> None:
    plan = PLAN.with_changes(
        role=RoleChoice(kind=RoleKind.ALIYUN_OSS_ROLE), delete_mode=DeleteMode.ALL
    )
    app = app_for(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "role", plan)
        assert "every bucket" in str(app.screen.query_one("#role-detail").render())
        await next_(pilot, 0.01)
        await confirm_enable(pilot)
        await watch_progress(pilot)
    assert_rule_matches(only_rule_to(demo_cloud, plan), plan)


async def test_custom_role_from_the_list(demo_cloud, tmp_path) -> None:
    name = "my-replicator"
    session = CloudSession(connection_to(demo_cloud))
    session.ram.create_role(name, trust_policy_json(indent=None), "made by the test")
    custom = PLAN.with_changes(role=RoleChoice(kind=RoleKind.CUSTOM, name=name))
    session.ram.create_policy(f"{name}-policy", policy_json(custom, indent=None), "test")
    session.ram.attach_policy(name, f"{name}-policy")
    app = app_for(demo_cloud, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await goto(pilot, "role", PLAN)
        await pilot.press("down", "down")  # an existing role
        await settle(pilot)
        listing = app.screen.query_one("#role-list")
        names = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert name in names
        listing.focus()
        listing.highlighted = names.index(name)
        await pilot.press("enter")  # picks it into the name field
        await settle(pilot)
        assert app.screen.query_one("#role-name", Input).value == name
        await next_(pilot, 0.01)
        assert step(pilot) == "review"
        await confirm_enable(pilot)
        await watch_progress(pilot)
    assert_rule_matches(only_rule_to(demo_cloud, custom), custom)


@pytest.mark.parametrize(
    "api", ["CreateRole", "CreatePolicy", "AttachPolicyToRole", "PutBucketReplication"]
)
async def test_a_failed_enable_step_is_retried(api: str, demo_cloud, tmp_path) -> None:
    demo_cloud.faults.inject(api, kind="500", count=FAST.attempts)
    app = app_for(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "review", PLAN)
        await confirm_enable(pilot)
        assert step(pilot) == "enable"
        shown = str(app.screen.query_one("#enable-steps").render())
        assert "✗  FAILED" in shown and "Code: InternalError" in shown and "RequestId: " in shown
        await pilot.press("r")
        await settle(pilot)
        assert "cannot be edited" in app.screen.body  # the confirmation again
        await pilot.press("y")
        await settle(pilot)
        await watch_progress(pilot)
    session = CloudSession(connection_to(demo_cloud))
    roles = [r.name for r in session.list_roles() if r.name == PLAN.sync_role_name]
    assert roles == [PLAN.sync_role_name]
    assert [p.name for p in session.ram.policies_for_role(PLAN.sync_role_name)] == [
        PLAN.new_policy_name
    ]
    assert_rule_matches(only_rule_to(demo_cloud, PLAN), PLAN)


def kms_check(pilot: Pilot) -> tuple[CheckStatus, str]:
    """The review's preflight line about the KMS key."""
    review = pilot.app.wizard.current  # type: ignore[attr-defined]
    assert review.report is not None
    (line,) = [c for c in review.report.lines if "KMS key" in c.title]
    return line.status, line.title


async def test_kms_key_picked_from_the_listed_keys(demo_cloud, tmp_path) -> None:
    app = app_for(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "kms", PLAN)
        await pilot.press("down")  # replicate SSE-KMS objects
        listing = app.screen.query_one("#kms-keys", MarkedList)
        # The demo's two enabled keys; its disabled one is left out.
        await wait_until(pilot, lambda: listing.option_count == 2, "the demo's enabled keys")
        listing.focus()
        await pilot.press("down", "enter")  # the second key: the one for replicas
        await settle(pilot)
        assert app.screen.query_one("#cmk-id", Input).value == DEMO_REPLICA_KMS_KEY_ID
        await next_(pilot)
        await next_(pilot, 0.01)  # role: new
        assert step(pilot) == "review"
        review = app.wizard.current
        await wait_until(pilot, lambda: review.report is not None, "the preflight")
        assert kms_check(pilot) == (
            CheckStatus.PASS,
            f"the KMS key {DEMO_REPLICA_KMS_KEY_ID} is enabled",
        )
        await confirm_enable(pilot)
        await watch_progress(pilot)
        plan = app.wizard.plan
    assert plan.kms.replicate and plan.kms.cmk_id == DEMO_REPLICA_KMS_KEY_ID
    assert_rule_matches(only_rule_to(demo_cloud, plan), plan)


async def test_kms_key_typed_when_keys_cannot_be_listed(demo_cloud, tmp_path) -> None:
    # Listing fails (every try of ListKeys answers 503): the ID is typed instead, and preflight
    # still checks it with DescribeKey; the rule is created.
    demo_cloud.faults.inject("ListKeys", kind="503", count=FAST.attempts)
    app = app_for(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "kms", PLAN)
        await pilot.press("down")  # replicate SSE-KMS objects
        await typed(pilot, "#cmk-id", "alias/demo-replicas")
        await next_(pilot)
        await next_(pilot, 0.01)  # role: new
        keys_state = str(app.wizard.panels[7].query_one("#keys-state").render())
        assert "Could not list keys (ServiceUnavailable" in keys_state
        assert "type the key ID" in keys_state
        assert step(pilot) == "review"
        review = app.wizard.current
        await wait_until(pilot, lambda: review.report is not None, "the preflight")
        assert kms_check(pilot) == (CheckStatus.PASS, "the KMS key alias/demo-replicas is enabled")
        await confirm_enable(pilot)
        await watch_progress(pilot)
        plan = app.wizard.plan
    assert plan.kms.replicate and plan.kms.cmk_id == "alias/demo-replicas"
    assert_rule_matches(only_rule_to(demo_cloud, plan), plan)
