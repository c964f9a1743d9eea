"""Bounded exponential backoff with full jitter, and state-checked retries for writes.

Backoff: "full jitter" (sleep a uniform random time in ``[0, min(cap, base * 2**n))``) from the
AWS Architecture Blog's "Exponential Backoff And Jitter"; it spreads retries of many clients
best. The sleep and the random source are injected so tests never wait.

One policy for every call of a command (``command_policy``): a total ``Deadline`` that no try
starts after and no pause crosses, per-try (connect, read) timeouts of at most a quarter of it,
and an ``on_retry`` notice the CLI prints to stderr before each pause. A general retry library
(tenacity) was weighed and not taken: the loop is a dozen lines, and what matters here is
srrtui's own (which errors are retryable, asking ``landed()`` before repeating a write, the
deadline shared across calls), which tenacity would not remove.

Neither SDK retries by itself as srrtui configures them: oss2's ``_Base._do`` sends once, and the
OpenAPI client retries only when ``Config.retry_options`` is set (``darabonba/core.py``
``should_retry``), which srrtui leaves unset. So every retry happens here, once.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from srrtui.cloud.errors import TIMEOUT, is_retryable, to_cloud_error
from srrtui.cloud.requestlog import attempt as logged_attempt
from srrtui.cloud.types import CloudError
from srrtui.domain.words.translate import _, clauses

T = TypeVar("T")
R = TypeVar("R")


class Deadline:
    """The time one command may take in all (``srrtui apply --timeout``), shared by its calls."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._ends = clock() + seconds

    def left(self) -> float:
        return max(0.0, self._ends - self._clock())

    def restart(self) -> None:
        """The whole time again, from now (``apply`` of many plans: each plan has it)."""
        self._ends = self._clock() + self.seconds


# Called as on_retry(operation, error, pause, next_try, tries) just before a retry's pause.
RetryNotice = Callable[[str, CloudError, float, int, int], None]


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries in all, the first included
    base_delay: float = 0.3  # seconds
    max_delay: float = 5.0
    sleep: Callable[[float], None] = time.sleep
    uniform: Callable[[], float] = random.random  # in [0, 1)
    # (connect, read) seconds for one try; None: each adapter's own defaults.
    timeouts: tuple[float, float] | None = None
    deadline: Deadline | None = None  # no try starts, and no pause is taken, past it
    on_retry: RetryNotice | None = None

    def delay(self, retry_index: int) -> float:
        """The pause before retry number ``retry_index`` (0 for the first retry)."""
        ceiling: float = min(self.max_delay, self.base_delay * (2**retry_index))
        return ceiling * self.uniform()


DEFAULT_POLICY = RetryPolicy()
NO_RETRY = RetryPolicy(attempts=1)
DEFAULT_COMMAND_SECONDS = 40.0  # with one try in flight at its end, a command ends within 55 s


def command_policy(seconds: float, on_retry: RetryNotice | None = None) -> RetryPolicy:
    """The policy of a command with ``seconds`` in all: a try gets at most a quarter of them
    (connect 5 s, read 30 s at most), so a silent endpoint still sees every retry."""
    quarter = seconds / 4
    return RetryPolicy(
        timeouts=(min(5.0, quarter), min(30.0, quarter)),
        deadline=Deadline(seconds),
        on_retry=on_retry,
    )


def _past_deadline(policy: RetryPolicy, operation: str, error: CloudError | None) -> CloudError:
    seconds = policy.deadline.seconds if policy.deadline else 0
    note = _("gave up: the command's {seconds} s deadline passed (--timeout)").format(
        seconds=f"{seconds:g}"
    )
    if error is None:
        return CloudError(TIMEOUT, note, operation=operation)
    return replace(error, message=clauses([error.message, note]))


def _next_pause(policy: RetryPolicy, operation: str, attempt: int, error: CloudError) -> float:
    """The pause before the next try, or raise ``error`` when there is none to take."""
    if attempt >= policy.attempts or not is_retryable(error):
        raise error
    pause = policy.delay(attempt - 1)
    if policy.deadline is not None and policy.deadline.left() <= pause:
        raise _past_deadline(policy, operation, error)
    if policy.on_retry is not None:
        policy.on_retry(operation, error, pause, attempt + 1, policy.attempts)
    return pause


def call(operation: str, fn: Callable[[], T], policy: RetryPolicy = DEFAULT_POLICY) -> T:
    """Run an idempotent call; retry it on retryable failures; raise a CloudError otherwise."""
    for attempt in range(1, policy.attempts + 1):
        if policy.deadline is not None and policy.deadline.left() <= 0:
            raise _past_deadline(policy, operation, None)
        try:
            return logged_attempt(operation, fn)
        except Exception as exc:
            error = to_cloud_error(exc, operation)
            try:
                pause = _next_pause(policy, operation, attempt, error)
            except CloudError as final:
                raise final from None  # the SDK error may quote signed headers (STS token)
            policy.sleep(pause)
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
        if policy.deadline is not None and policy.deadline.left() <= 0:
            raise _past_deadline(policy, operation, None)
        try:
            return logged_attempt(operation, fn), False
        except Exception as exc:
            error = to_cloud_error(exc, operation)
            try:
                pause = _next_pause(policy, operation, attempt, error)
            except CloudError as final:
                raise final from None  # the SDK error may quote signed headers (STS token)
            policy.sleep(pause)
            found = call(f"{operation} (checking whether it took effect)", landed, policy)
            if found is not None:
                return found, True
    raise AssertionError("unreachable: attempts must be >= 1")
