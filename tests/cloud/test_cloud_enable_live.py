"""Enabling a plan against the local cloud: resumable after a failure at any point, idempotent,
and the rule read back equals the plan."""

from __future__ import annotations

from typing import Any

import pytest

from srrtui.cloud.ram import AttachedPolicy
from srrtui.cloud.retry import RetryPolicy
from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import EnableResult, EnableStep, StepState
from srrtui.domain.plan import ReplicationPlan, RoleChoice, RoleKind, Tag, TagFilter
from srrtui.domain.replication_xml import plan_differences
from srrtui.localcloud import LocalCloud

NEW_ROLE_STEPS = ["create-role", "create-policy", "attach-policy", "put-rule"]
# Every API the new-role sequence calls, in order, and the step that calls it first. A failure
# injected on each one is a failure "between" the steps before it and the steps after it.
CALLS = [
    ("GetRole", "create-role"),
    ("CreateRole", "create-role"),
    ("GetPolicy", "create-policy"),
    ("CreatePolicy", "create-policy"),
    ("ListPoliciesForRole", "attach-policy"),
    ("AttachPolicyToRole", "attach-policy"),
    ("GetBucketReplication", "put-rule"),
    ("PutBucketReplication", "put-rule"),
]


def _states(result: EnableResult) -> dict[str, StepState]:
    return {step.key: step.state for step in result.steps}


def _custom_policy_count(cloud: LocalCloud) -> int:
    from srrtui.localcloud.ram import store

    assert cloud.db is not None
    with cloud.db.read() as conn:
        return store.count_custom_policies(conn)


def _assert_exactly_one_of_each(
    session: CloudSession, cloud: LocalCloud, plan: ReplicationPlan
) -> str:
    assert [r.name for r in session.list_roles()] == [plan.sync_role_name]
    assert session.ram.policies_for_role(plan.sync_role_name) == [
        AttachedPolicy(plan.new_policy_name, "Custom")
    ]
    assert _custom_policy_count(cloud) == 1
    rules = session.list_rules(plan.source_bucket)
    assert len(rules) == 1
    assert plan_differences(plan, rules[0]) == []
    return rules[0].rule_id


def test_enable_creates_role_policy_and_rule_reporting_each_step(
    session: CloudSession, local_cloud: LocalCloud, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    seen: list[tuple[str, StepState]] = []
    result = session.enable(plan, on_step=lambda s: seen.append((s.key, s.state)))
    assert result.ok, result
    assert [s.key for s in result.steps] == NEW_ROLE_STEPS
    assert set(_states(result).values()) == {StepState.DONE}
    assert seen == [(k, st) for k in NEW_ROLE_STEPS for st in (StepState.RUNNING, StepState.DONE)]
    assert result.rule_id == _assert_exactly_one_of_each(session, local_cloud, plan)


def test_applying_the_same_plan_again_creates_nothing(
    session: CloudSession, local_cloud: LocalCloud, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    first = session.enable(plan)
    again = session.enable(plan)
    assert again.ok
    assert set(_states(again).values()) == {StepState.EXISTED}
    assert again.rule_id == first.rule_id
    _assert_exactly_one_of_each(session, local_cloud, plan)


@pytest.mark.parametrize(("api", "failing_step"), CALLS)
def test_enable_resumes_after_a_failure_at_any_point(
    session: CloudSession,
    local_cloud: LocalCloud,
    buckets: tuple[Any, Any],
    plan: ReplicationPlan,
    policy: RetryPolicy,
    api: str,
    failing_step: str,
) -> None:
    local_cloud.faults.inject(api, kind="503", count=policy.attempts)  # outlasts the retries
    failed = session.enable(plan)
    assert not failed.ok
    index = NEW_ROLE_STEPS.index(failing_step)
    expected = (
        [StepState.DONE] * index
        + [StepState.FAILED]
        + [StepState.SKIPPED] * (len(NEW_ROLE_STEPS) - index - 1)
    )
    assert [s.state for s in failed.steps] == expected
    error = failed.steps[index].error
    assert error is not None
    assert (error.code, error.status, error.operation) == ("ServiceUnavailable", 503, api)
    assert error.request_id

    resumed = session.enable(plan)
    assert resumed.ok, resumed
    assert [s.state for s in resumed.steps] == (
        [StepState.EXISTED] * index + [StepState.DONE] * (len(NEW_ROLE_STEPS) - index)
    )
    _assert_exactly_one_of_each(session, local_cloud, plan)


def test_a_throttled_create_is_retried_within_one_run(
    session: CloudSession,
    local_cloud: LocalCloud,
    buckets: tuple[Any, Any],
    plan: ReplicationPlan,
    sleeps: list[float],
) -> None:
    local_cloud.faults.inject("CreateRole", kind="throttle", count=1)
    local_cloud.faults.inject("PutBucketReplication", kind="503", count=1)
    assert session.enable(plan).ok
    assert len(sleeps) == 2
    _assert_exactly_one_of_each(session, local_cloud, plan)


def test_the_rule_read_back_equals_a_plan_with_every_option(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    full = plan.with_changes(
        prefixes=("logs/", "images/"),
        tag_filter=TagFilter(tags=(Tag("env", "prod"), Tag("team", "a b")), enabled=True),
        historical=True,
    )
    result = session.enable(full)
    assert result.ok, result
    (rule,) = session.list_rules(full.source_bucket)
    assert rule.rule_id == result.rule_id
    assert plan_differences(full, rule) == []
    assert rule.tag_filter.tags == full.tag_filter.tags


def test_a_different_rule_to_the_same_destination_is_refused(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    assert session.enable(plan).ok
    other = session.enable(plan.with_changes(prefixes=("only/",)))
    assert _states(other)["put-rule"] is StepState.FAILED
    error = other.steps[-1].error
    assert error is not None and error.code == "BucketReplicationAlreadyExist"
    assert "objects" in error.message
    assert len(session.list_rules(plan.source_bucket)) == 1


def test_aliyun_oss_role_is_checked_then_used(
    session: CloudSession, local_cloud: LocalCloud, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    local_cloud.ram.seed(with_aliyun_oss_role=True)
    aliyun = plan.with_changes(role=RoleChoice(RoleKind.ALIYUN_OSS_ROLE))
    result = session.enable(aliyun)
    assert result.ok, result
    assert [(s.key, s.state) for s in result.steps] == [
        ("check-role", StepState.EXISTED),
        ("put-rule", StepState.DONE),
    ]
    assert session.list_rules(plan.source_bucket)[0].sync_role == "AliyunOSSRole"


def test_a_missing_custom_role_stops_before_the_rule(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    steps: list[EnableStep] = []
    custom = plan.with_changes(role=RoleChoice(RoleKind.CUSTOM, "no-such-role"))
    result = session.enable(custom, on_step=steps.append)
    assert [(s.key, s.state) for s in result.steps] == [
        ("check-role", StepState.FAILED),
        ("put-rule", StepState.SKIPPED),
    ]
    assert result.steps[0].error is not None
    assert result.steps[0].error.code == "EntityNotExist.Role"
    assert session.list_rules(plan.source_bucket) == []
