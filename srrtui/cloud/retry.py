"""Bounded exponential backoff with full jitter, and state-checked retries for writes.

Backoff: "full jitter" (sleep a uniform random time in ``[0, min(cap, base * 2**n))``) from the
AWS Architecture Blog's "Exponential Backoff And Jitter"; it spreads retries of many clients
best. The sleep and the random source are injected so tests never wait.

Neither SDK retries by itself as srrtui configures them: oss2's ``_Base._do`` sends once, and the
OpenAPI client retries only when ``Config.retry_options`` is set (``darabonba/core.py``
``should_retry``), which srrtui leaves unset. So every retry happens here, once.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from srrtui.cloud.errors import is_retryable, to_cloud_error
from srrtui.cloud.requestlog import attempt as logged_attempt

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries in all, the first included
    base_delay: float = 0.3  # seconds
    max_delay: float = 5.0
    sleep: Callable[[float], None] = time.sleep
    uniform: Callable[[], float] = random.random  # in [0, 1)

    def delay(self, retry_index: int) -> float:
        """The pause before retry number ``retry_index`` (0 for the first retry)."""
        ceiling = min(self.max_delay, self.base_delay * (2**retry_index))
        return ceiling * self.uniform()


DEFAULT_POLICY = RetryPolicy()
NO_RETRY = RetryPolicy(attempts=1)


def call(operation: str, fn: Callable[[], T], policy: RetryPolicy = DEFAULT_POLICY) -> T:
    """Run an idempotent call; retry it on retryable failures; raise a CloudError otherwise."""
    for attempt in range(1, policy.attempts + 1):
        try:
            return logged_attempt(operation, fn)
        except Exception as exc:
            error = to_cloud_error(exc, operation)
            if attempt >= policy.attempts or not is_retryable(error):
                raise error from None  # the SDK error may quote signed headers (STS token)
            policy.sleep(policy.delay(attempt - 1))
    raise AssertionError("unreachable: attempts must be >= 1")


def call_checked(
    operation: str,
    fn: Callable[[], T],
    landed: Callable[[], R | None],
    policy: RetryPolicy = DEFAULT_POLICY,
) -> tuple[T | R, bool]:
    """Run a non-idempotent call (create, attach, put rule).

    After a retryable failure the request may still have taken effect (the response was lost),
    so ``landed()`` is asked first; if it finds the result, that is returned with ``True``
    ("found in place") and the call is not repeated. Otherwise the call is retried.
    ``landed`` runs under the same policy as an idempotent read.
    """
    for attempt in range(1, policy.attempts + 1):
        try:
            return logged_attempt(operation, fn), False
        except Exception as exc:
            error = to_cloud_error(exc, operation)
            if attempt >= policy.attempts or not is_retryable(error):
                raise error from None  # the SDK error may quote signed headers (STS token)
            policy.sleep(policy.delay(attempt - 1))
            found = call(f"{operation} (checking whether it took effect)", landed, policy)
            if found is not None:
                return found, True
    raise AssertionError("unreachable: attempts must be >= 1")
