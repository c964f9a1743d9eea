"""Reading rules back, their progress and locations, and deleting one, against the local cloud."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import CloudError
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.rules import RuleStatus
from srrtui.localcloud import LocalCloud

T = TypeVar("T")


def _eventually(probe: Callable[[], T], done: Callable[[T], bool], timeout: float = 5.0) -> T:
    """Poll the service until ``done`` (the engine runs on its own thread); no fixed sleep."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while True:
        value = probe()
        if done(value) or time.monotonic() > deadline:
            return value
        pause.wait(0.02)


def test_no_rules_is_an_empty_list(session: CloudSession, buckets: tuple[Any, Any]) -> None:
    assert session.list_rules(buckets[0].bucket_name) == []


def test_progress_of_a_rule_reaches_all_historical_objects(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    source, destination = buckets
    for i in range(3):
        source.put_object(f"old/{i}", b"data")
    result = session.enable(plan.with_changes(historical=True))
    assert result.ok
    progress = _eventually(
        lambda: session.rule_progress(plan.source_bucket, result.rule_id),
        lambda p: p.historical_fraction == 1.0,
    )
    assert progress.rule.rule_id == result.rule_id
    assert progress.rule.status is RuleStatus.DOING
    assert progress.historical_fraction == 1.0
    assert progress.new_object_time is not None
    assert destination.get_object("old/2").read() == b"data"


def test_progress_of_an_unknown_rule_is_no_such_replication_rule(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    assert session.enable(plan).ok
    with pytest.raises(CloudError) as raised:
        session.rule_progress(plan.source_bucket, "no-such-rule")
    assert (raised.value.code, raised.value.status) == ("NoSuchReplicationRule", 404)
    assert raised.value.request_id


def test_replication_locations_name_the_region(
    session: CloudSession, buckets: tuple[Any, Any]
) -> None:
    locations = session.oss.replication_locations(buckets[0].bucket_name)
    assert f"oss-{session.region}" in locations.locations


def test_deleting_a_rule_closes_it_and_a_retry_is_harmless(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    result = session.enable(plan)
    session.delete_rule(plan.source_bucket, result.rule_id)
    rules = session.list_rules(plan.source_bucket)
    assert all(rule.status is RuleStatus.CLOSING for rule in rules)
    gone = _eventually(lambda: session.list_rules(plan.source_bucket), lambda r: r == [])
    assert gone == []
    # DeleteBucketReplication reference: a bucket with no rule left answers 200 OK, so a
    # retry after the rule is gone is harmless.
    session.delete_rule(plan.source_bucket, result.rule_id)
    assert session.list_rules(plan.source_bucket) == []


def test_a_delete_whose_first_attempt_fails_is_checked_before_retrying(
    session: CloudSession,
    local_cloud: LocalCloud,
    buckets: tuple[Any, Any],
    plan: ReplicationPlan,
    sleeps: list[float],
) -> None:
    result = session.enable(plan)
    local_cloud.faults.inject("DeleteBucketReplication", kind="reset")
    session.delete_rule(plan.source_bucket, result.rule_id)
    assert len(sleeps) == 1
    rules = session.list_rules(plan.source_bucket)
    assert all(rule.status is RuleStatus.CLOSING for rule in rules)
