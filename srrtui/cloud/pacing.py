"""How many requests to keep in flight when reading many buckets: a limit that follows the
answers' round-trip time (after TCP Vegas), so discovery is as concurrent as the endpoint's
latency needs and no more.

Why not a fixed number: against real OSS a GetBucketReplication takes tens of milliseconds and
most of it is waiting, so sixteen or more readers are what keeps 10,000 buckets short; against
an endpoint that answers in a millisecond (the local cloud, an OSS internal endpoint from the
same zone) the work is the client's own CPU, the readers share one interpreter lock, and every
reader past a few only adds lock hand-offs (benchmark 6 in docs/benchmarks.md measured 16
readers slower than 2 there). The round-trip time tells the two apart: when requests queue
(behind the lock or at a busy endpoint, including retried ``Throttling`` answers) it rises above
the least seen, and the estimated queue ``limit * (1 - least / recent)`` says whether to open
or close. The limit moves by one per window of about ``limit`` answers, between ``least`` and
``most``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

GROW_BELOW = 3.0  # estimated requests queued: below this the limit grows (Vegas' alpha)
SHRINK_ABOVE = 6.0  # above this it shrinks (Vegas' beta)


class VegasLimit:
    """A concurrency limit for threads: ``began = limit.acquire()`` before each request (it
    blocks while ``limit`` requests are in flight) and ``limit.release(began)`` after it; each
    one's round-trip time feeds the limit."""

    def __init__(
        self,
        initial: int = 4,
        least: int = 2,
        most: int = 32,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.least, self.most = least, most
        self.limit = max(least, min(initial, most))
        self.clock = clock
        self._changed = threading.Condition()
        self._in_flight = 0
        self._least_rtt = float("inf")
        self._window: list[float] = []

    def acquire(self) -> float:
        """Wait for a free slot; returns when the request began, for ``release``."""
        with self._changed:
            while self._in_flight >= self.limit:
                self._changed.wait()
            self._in_flight += 1
        return self.clock()

    def release(self, began: float) -> None:
        """The request that began at ``began`` ended: its slot is free, its time counted."""
        rtt = self.clock() - began
        with self._changed:
            self._in_flight -= 1
            self._least_rtt = min(self._least_rtt, rtt)
            self._window.append(rtt)
            if len(self._window) >= self.limit:
                self._adjust(sum(self._window) / len(self._window))
                self._window.clear()
            # Wake only as many waiters as there are free slots: waking them all on every
            # answer is a stampede for the interpreter lock.
            self._changed.notify(max(0, self.limit - self._in_flight))

    def _adjust(self, recent_rtt: float) -> None:
        if recent_rtt <= 0:
            return
        queued = self.limit * (1 - self._least_rtt / recent_rtt)
        if queued < GROW_BELOW:
            self.limit = min(self.most, self.limit + 1)
        elif queued > SHRINK_ABOVE:
            self.limit = max(self.least, self.limit - 1)
