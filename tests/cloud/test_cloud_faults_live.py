"""Retries and error mapping through the real SDKs, with the local cloud's fault injection."""

from __future__ import annotations

from typing import Any

import pytest

from srrtui.cloud.retry import RetryPolicy
from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import CloudError
from srrtui.localcloud import LocalCloud


def _fired(cloud: LocalCloud, api: str) -> int:
    return sum(1 for fault in cloud.faults.fired if fault.api == api)


@pytest.mark.parametrize("kind", ["503", "500", "throttle", "reset"])
def test_oss_transient_failures_are_retried(
    session: CloudSession,
    local_cloud: LocalCloud,
    buckets: tuple[Any, Any],
    sleeps: list[float],
    policy: RetryPolicy,
    kind: str,
) -> None:
    local_cloud.faults.inject("GetBucketInfo", kind=kind, count=policy.attempts - 1)
    assert session.bucket_details(buckets[0].bucket_name).name == buckets[0].bucket_name
    assert _fired(local_cloud, "GetBucketInfo") == policy.attempts - 1
    assert len(sleeps) == policy.attempts - 1


def test_oss_gives_up_with_code_status_and_request_id(
    session: CloudSession,
    local_cloud: LocalCloud,
    buckets: tuple[Any, Any],
    sleeps: list[float],
    policy: RetryPolicy,
) -> None:
    local_cloud.faults.inject("GetBucketInfo", kind="throttle", count=policy.attempts)
    with pytest.raises(CloudError) as raised:
        session.bucket_details(buckets[0].bucket_name)
    error = raised.value
    assert (error.code, error.status, error.operation) == ("SlowDown", 503, "GetBucketInfo")
    assert error.request_id
    assert _fired(local_cloud, "GetBucketInfo") == policy.attempts
    assert len(sleeps) == policy.attempts - 1


def test_a_permanent_oss_error_is_not_retried(session: CloudSession, sleeps: list[float]) -> None:
    with pytest.raises(CloudError, match="NoSuchBucket"):
        session.bucket_details("missing-bucket")
    assert sleeps == []


@pytest.mark.parametrize("kind", ["503", "throttle", "reset"])
def test_ram_transient_failures_are_retried(
    session: CloudSession,
    local_cloud: LocalCloud,
    sleeps: list[float],
    policy: RetryPolicy,
    kind: str,
) -> None:
    local_cloud.faults.inject("ListRoles", kind=kind, count=policy.attempts - 1)
    assert session.list_roles() == []
    assert _fired(local_cloud, "ListRoles") == policy.attempts - 1
    assert len(sleeps) == policy.attempts - 1


def test_ram_throttling_exhausted_keeps_code_and_request_id(
    session: CloudSession, local_cloud: LocalCloud, policy: RetryPolicy
) -> None:
    local_cloud.faults.inject("ListRoles", kind="throttle", count=policy.attempts)
    with pytest.raises(CloudError) as raised:
        session.list_roles()
    error = raised.value
    assert (error.code, error.status, error.operation) == ("Throttling.User", 400, "ListRoles")
    assert error.request_id
    assert "throttling" in error.message


def test_ram_service_error_maps_code_message_and_request_id(
    session: CloudSession, sleeps: list[float]
) -> None:
    from srrtui.domain.policies import trust_policy_json

    session.ram.create_role("some-role", trust_policy_json(indent=None), "test")
    with pytest.raises(CloudError) as raised:
        session.ram.attach_policy("some-role", "no-such-policy")
    error = raised.value
    assert error.code == "EntityNotExist.Policy"
    assert error.status == 404
    assert error.request_id
    assert error.operation == "AttachPolicyToRole"
    assert not error.message.startswith("code:")  # the plain service message, not the SDK's
    assert sleeps == []
