"""Fault injection at every cloud call of enable and of polling.

The calls are not listed here: a clean enable against the local cloud records them (a 1 µs
latency fault on "*" fires, and is logged, on every call without changing any), so a new call in
the enable sequence is swept as soon as it exists. Each point is the n-th call of an API in that
sequence, so a read that follows a write (GetRole after CreateRole, GetBucketReplication after
PutBucketReplication) is faulted on its own, not only the first call of the same name.

At each point and for each fault kind, enough failures to outlast the retries must give an
explained failure (a FAILED step carrying a retryable CloudError) over a consistent state (never a
duplicate; everything before the failed step exists, nothing after it), and running the same plan
again must complete, reporting as EXISTED exactly what was there.
"""

from __future__ import annotations

import functools
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import oss2
import pytest

from srrtui.cloud.errors import NETWORK_ERROR, TIMEOUT, is_retryable
from srrtui.cloud.retry import RetryPolicy
from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import CloudError, Connection, EnableResult, StepState
from srrtui.domain.plan import ReplicationPlan, RoleChoice, RoleKind
from srrtui.domain.rules import RuleStatus
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud
from srrtui.localcloud.faults import ERROR_KINDS, Fault

REGION = "cn-hangzhou"
SOURCE, DESTINATION = "faults-source", "faults-destination"
ATTEMPTS = 2  # one retry: enough to see it happen, cheap to outlast
# No pause between retries: the sweep stays fast and never waits on a clock.
POLICY = RetryPolicy(attempts=ATTEMPTS, base_delay=0.0, max_delay=0.0, sleep=lambda _: None)
HTTP_KINDS = tuple(ERROR_KINDS)  # "500", "503", "throttle"
KINDS = (*HTTP_KINDS, "reset")
# Seconds, for the latency cases only: short to keep them cheap, yet well above what a loopback
# call takes on a loaded machine (a spurious timeout elsewhere would fail the wrong step).
READ_TIMEOUT = 0.15
ROLE_KINDS = {"new": RoleKind.NEW, "aliyun": RoleKind.ALIYUN_OSS_ROLE}


# --- the scene -----------------------------------------------------------------------------
def _session(cloud: LocalCloud) -> CloudSession:
    connection = Connection(cloud.endpoint, REGION, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    return CloudSession(connection, policy=POLICY)


def _scene(cloud: LocalCloud, role_kind: str) -> ReplicationPlan:
    """Two empty buckets (and AliyunOSSRole for that choice); the plan between them."""
    auth = oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    for name in (SOURCE, DESTINATION):
        oss2.Bucket(auth, cloud.endpoint, name, region=REGION).create_bucket()
    if role_kind == "aliyun":
        cloud.ram.seed(with_aliyun_oss_role=True)
    return ReplicationPlan(
        source_bucket=SOURCE,
        source_region=REGION,
        destination_bucket=DESTINATION,
        historical=False,
        role=RoleChoice(ROLE_KINDS[role_kind]),
    )


@functools.cache
def _clean_enable_calls(role_kind: str) -> tuple[str, ...]:
    """The API names a clean enable calls, in order, read from the local cloud's fault log."""
    with tempfile.TemporaryDirectory() as data, LocalCloud(Path(data), start_delay=0.05) as cloud:
        plan = _scene(cloud, role_kind)
        cloud.faults.inject("*", kind="latency", delay=1e-6, count=1_000_000)
        first = len(cloud.faults.fired)
        assert _session(cloud).enable(plan).ok
        cloud.faults.clear()
        return tuple(fault.api for fault in cloud.faults.fired[first:])


@dataclass(frozen=True)
class CallPoint:
    role_kind: str
    api: str
    occurrence: int  # 1: the first call of ``api`` in the sequence

    def __str__(self) -> str:
        return f"{self.role_kind}-{self.api}#{self.occurrence}"

    @property
    def is_write(self) -> bool:
        return self.api.startswith(("Create", "Attach", "Put"))


def _call_points() -> list[CallPoint]:
    points = []
    for role_kind in ROLE_KINDS:
        seen: dict[str, int] = {}
        for api in _clean_enable_calls(role_kind):
            seen[api] = seen.get(api, 0) + 1
            points.append(CallPoint(role_kind, api, seen[api]))
    return points


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Recorded once per collection (about 0.1 s): the sweep follows the code, not a list.
    if "point" in metafunc.fixturenames:
        points = _call_points()
        if "kind" in metafunc.fixturenames:
            cases = [(p, k) for p in points for k in KINDS]
            metafunc.parametrize(("point", "kind"), cases, ids=[f"{p}-{k}" for p, k in cases])
        else:  # latency beyond the client timeout: each write once, the lost-response case
            writes = list({p.api: p for p in reversed(points) if p.is_write}.values())[::-1]
            metafunc.parametrize("point", writes, ids=[str(p) for p in writes])


def _fail_from(cloud: LocalCloud, point: CallPoint, kind: str, delay: float = 0.0) -> None:
    """Arm ``ATTEMPTS`` faults of ``kind`` on ``point.api`` when its n-th call arrives: the
    local cloud's own injection does the failing, this only picks the moment."""
    faults = cloud.faults
    take = faults.take
    seen = 0

    def take_at_point(api: str) -> Fault | None:
        nonlocal seen
        if api == point.api:
            seen += 1
            if seen == point.occurrence:
                faults.inject(api, kind=kind, count=ATTEMPTS, delay=delay)
        return take(api)

    faults.take = take_at_point  # type: ignore[method-assign]


# --- what exists -----------------------------------------------------------------------------
def _exists(session: CloudSession, plan: ReplicationPlan) -> dict[str, bool]:
    """For each step, whether what it makes is in place."""
    role = session.ram.get_role(plan.sync_role_name) is not None
    policies = session.ram.policies_for_role(plan.sync_role_name) if role else []
    return {
        "check-role": role,
        "create-role": role,
        "create-policy": session.ram.get_policy_document(plan.new_policy_name) is not None,
        "attach-policy": any(p.name == plan.new_policy_name for p in policies),
        "put-rule": bool(session.list_rules(plan.source_bucket)),
    }


def _assert_no_duplicates(session: CloudSession, cloud: LocalCloud, plan: ReplicationPlan) -> None:
    from srrtui.localcloud.ram import store

    assert cloud.db is not None
    with cloud.db.read() as conn:
        custom_policies = store.count_custom_policies(conn)
    roles = [r.name for r in session.list_roles()]
    assert roles.count(plan.sync_role_name) <= 1 and len(roles) <= 1, roles
    assert custom_policies <= 1
    assert len(session.ram.policies_for_role(plan.sync_role_name) if roles else []) <= 1
    assert len(session.list_rules(plan.source_bucket)) <= 1


def _assert_explained(result: EnableResult, point: CallPoint, kind: str) -> CloudError:
    """One FAILED step with a retryable error naming the call; DONE/EXISTED before, SKIPPED after."""
    assert not result.ok
    states = [s.state for s in result.steps]
    failed = states.index(StepState.FAILED)
    assert set(states[:failed]) <= {StepState.DONE, StepState.EXISTED}, states
    assert set(states[failed + 1 :]) <= {StepState.SKIPPED}, states
    error = result.steps[failed].error
    assert error is not None
    assert error.operation.startswith(point.api), error
    assert is_retryable(error), error  # the UI says "try again" and the rerun resumes
    if kind in HTTP_KINDS:
        status, oss_code, ram_code, _ = ERROR_KINDS[kind]
        assert error.code in (oss_code, ram_code), error
        assert error.request_id, error
    else:
        assert error.code == (TIMEOUT if kind == "latency" else NETWORK_ERROR), error
    return error


def _assert_consistent_then_resumed(
    result: EnableResult, cloud: LocalCloud, plan: ReplicationPlan
) -> None:
    session = _session(cloud)
    _assert_no_duplicates(session, cloud, plan)
    exists = _exists(session, plan)
    for step in result.steps:
        if step.state in (StepState.DONE, StepState.EXISTED):
            assert exists[step.key], (step.key, result)
        if step.state is StepState.SKIPPED:
            assert not exists[step.key], (step.key, result)
    # A FAILED step's write may have landed (a lost response, a failed read-back): the rerun
    # must then find it and say so.

    again = session.enable(plan)
    assert again.ok, again
    for step in again.steps:
        expected = StepState.EXISTED if exists[step.key] else StepState.DONE
        assert step.state is expected, (step.key, again)
    now = _exists(session, plan)
    assert all(now[step.key] for step in again.steps)
    _assert_no_duplicates(session, cloud, plan)
    (rule,) = session.list_rules(plan.source_bucket)
    assert rule.rule_id == again.rule_id


# --- enable --------------------------------------------------------------------------------
def test_every_enable_call_is_swept() -> None:
    """The recording sees the whole new-role sequence (a guard against recording nothing)."""
    calls = _clean_enable_calls("new")
    for api in ("CreateRole", "CreatePolicy", "AttachPolicyToRole", "PutBucketReplication"):
        assert api in calls


def test_a_fault_outlasting_the_retries_is_explained_and_resumable(
    local_cloud: LocalCloud, point: CallPoint, kind: str
) -> None:
    plan = _scene(local_cloud, point.role_kind)
    _fail_from(local_cloud, point, kind)
    result = _session(local_cloud).enable(plan)
    assert [f.api for f in local_cloud.faults.fired] == [point.api] * ATTEMPTS
    _assert_explained(result, point, kind)
    local_cloud.faults.clear()
    _assert_consistent_then_resumed(result, local_cloud, plan)


def test_a_write_that_outlives_the_client_timeout_is_resumed_without_a_duplicate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: CallPoint
) -> None:
    """The server applies the write after the client gave up: the classic lost response."""
    import srrtui.cloud.ram

    monkeypatch.setattr(srrtui.cloud.ram, "READ_TIMEOUT_MS", int(READ_TIMEOUT * 1000))
    data = tmp_path / "cloud"
    with LocalCloud(data, start_delay=0.05) as cloud:
        plan = _scene(cloud, point.role_kind)
        _fail_from(cloud, point, "latency", delay=2 * READ_TIMEOUT)
        session = _session(cloud)
        session.oss.timeout = (5.0, READ_TIMEOUT)
        result = session.enable(plan)
        _assert_explained(result, point, "latency")
    # stop() let the delayed requests finish, so what they did is all on disk now.
    with LocalCloud(data, start_delay=0.05) as cloud:
        _assert_consistent_then_resumed(result, cloud, plan)


# --- polling -------------------------------------------------------------------------------
def _wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


@pytest.mark.parametrize("kind", [*KINDS, "latency"])
def test_progress_polling_retries_or_fails_retryably_while_replication_goes_on(
    local_cloud: LocalCloud, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    api = "GetBucketReplicationProgress"
    plan = _scene(local_cloud, "new")
    session = _session(local_cloud)
    rule_id = session.enable(plan).rule_id
    session.oss.timeout = (5.0, READ_TIMEOUT)  # only the latency case comes near it
    delay = 2 * READ_TIMEOUT if kind == "latency" else 0.0

    # Fewer failures than attempts: the poll is retried and answers.
    local_cloud.faults.inject(api, kind=kind, count=ATTEMPTS - 1, delay=delay)
    assert session.rule_progress(SOURCE, rule_id).rule.rule_id == rule_id

    # As many as the attempts: a CloudError the progress pane shows as "retrying".
    local_cloud.faults.inject(api, kind=kind, count=1_000, delay=delay)
    with pytest.raises(CloudError) as raised:
        session.rule_progress(SOURCE, rule_id)
    _assert_explained_poll(raised.value, kind)

    # The rule keeps replicating underneath, whatever the polls see.
    auth = oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    source = oss2.Bucket(auth, local_cloud.endpoint, SOURCE, region=REGION)
    destination = oss2.Bucket(auth, local_cloud.endpoint, DESTINATION, region=REGION)
    source.put_object("during-the-outage.txt", b"still replicated")
    _wait_for(lambda: destination.object_exists("during-the-outage.txt"))

    local_cloud.faults.clear()
    progress = session.rule_progress(SOURCE, rule_id)
    assert progress.rule.status is RuleStatus.DOING


def _assert_explained_poll(error: CloudError, kind: str) -> None:
    assert is_retryable(error), error
    assert error.operation == "GetBucketReplicationProgress"
    if kind in HTTP_KINDS:
        assert (error.status, error.code) == ERROR_KINDS[kind][:2], error
        assert error.request_id
    else:
        assert error.code == (TIMEOUT if kind == "latency" else NETWORK_ERROR), error
