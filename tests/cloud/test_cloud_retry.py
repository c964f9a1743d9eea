"""The retry policy with an injected sleep: bounded, exponential, jittered, state-checked."""

from __future__ import annotations

import pytest

from srrtui.cloud.retry import RetryPolicy, call, call_checked
from srrtui.cloud.types import CloudError

BUSY = CloudError("ServiceUnavailable", "busy", "rid", 503)
DENIED = CloudError("AccessDenied", "no", "rid", 403)


class Flaky:
    """Fails with the given errors in turn, then returns ``value``."""

    def __init__(self, errors: list[Exception], value: str = "ok") -> None:
        self.errors = list(errors)
        self.value = value
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return self.value


def _policy(sleeps: list[float], attempts: int = 4) -> RetryPolicy:
    return RetryPolicy(
        attempts=attempts, base_delay=0.5, max_delay=2.0, sleep=sleeps.append, uniform=lambda: 1.0
    )


def test_retries_transient_failures_with_exponential_capped_pauses() -> None:
    sleeps: list[float] = []
    fn = Flaky([BUSY, BUSY, BUSY])
    assert call("GetBucketInfo", fn, _policy(sleeps)) == "ok"
    assert fn.calls == 4
    assert sleeps == [0.5, 1.0, 2.0]


def test_gives_up_after_the_last_attempt_with_the_mapped_error() -> None:
    sleeps: list[float] = []
    fn = Flaky([BUSY] * 5)
    with pytest.raises(CloudError) as raised:
        call("GetBucketInfo", fn, _policy(sleeps, attempts=3))
    assert fn.calls == 3
    assert len(sleeps) == 2
    assert raised.value.code == "ServiceUnavailable"
    assert raised.value.operation == "GetBucketInfo"


def test_does_not_retry_a_permanent_error() -> None:
    sleeps: list[float] = []
    fn = Flaky([DENIED])
    with pytest.raises(CloudError):
        call("GetBucketInfo", fn, _policy(sleeps))
    assert fn.calls == 1
    assert sleeps == []


def test_jitter_spreads_the_pause_below_the_ceiling() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=10.0, uniform=lambda: 0.25)
    assert [policy.delay(n) for n in range(5)] == [0.25, 0.5, 1.0, 2.0, 2.5]


def test_non_idempotent_call_is_not_repeated_when_it_landed() -> None:
    sleeps: list[float] = []
    fn = Flaky([BUSY])
    result, found = call_checked("CreateRole", fn, lambda: "role-from-check", _policy(sleeps))
    assert (result, found) == ("role-from-check", True)
    assert fn.calls == 1


def test_non_idempotent_call_is_retried_when_it_did_not_land() -> None:
    sleeps: list[float] = []
    fn = Flaky([BUSY], value="created")
    result, found = call_checked("CreateRole", fn, lambda: None, _policy(sleeps))
    assert (result, found) == ("created", False)
    assert fn.calls == 2
    assert len(sleeps) == 1
