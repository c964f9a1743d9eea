"""Injected faults: make the next N calls of a named API fail, stall or drop the connection.

API names are the operation names of the OSS, RAM and KMS references ("ListBuckets",
"PutObject", "PutBucketReplication", "CreateRole", "ListKeys"...), or "*" for every call. Faults
are checked before authentication, the way a real front end fails before it looks at a signature.

    cloud.faults.inject("ListBuckets", kind="503", count=2)
    cloud.faults.inject("CreateRole", kind="throttle")
    cloud.faults.inject("*", kind="latency", delay=0.2, count=5)
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass

# kind -> (HTTP status, OSS error code, RAM/KMS (POP gateway) error code, message); "reset" and
# "latency" have none.
# OSS 503 ServiceUnavailable and 500 InternalError are documented OSS codes; OSS's throttling
# code is not documented for these APIs, so "throttle" uses 503 SlowDown, the S3-compatible code
# (unconfirmed for OSS). RAM and KMS throttling is the POP gateway's Throttling.User (HTTP 400;
# KMS's error tables also list a plain "Throttling").
ERROR_KINDS: dict[str, tuple[int, str, str, str]] = {
    "500": (
        500,
        "InternalError",
        "InternalError",
        "We encountered an internal error. Please try again.",
    ),
    "503": (
        503,
        "ServiceUnavailable",
        "ServiceUnavailable",
        "Service is unavailable. Please try again.",
    ),
    "throttle": (
        503,
        "SlowDown",
        "Throttling.User",
        "Request was denied due to request throttling.",
    ),
}
KINDS = frozenset({*ERROR_KINDS, "reset", "latency"})


@dataclass
class Fault:
    api: str
    kind: str
    count: int  # calls still to affect
    delay: float = 0.0  # seconds, for "latency"


@dataclass(frozen=True)
class FiredFault:
    api: str
    kind: str
    time: float


class Faults:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[Fault] = []
        self.fired: list[FiredFault] = []

    def inject(self, api: str, kind: str = "503", count: int = 1, delay: float = 0.0) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {sorted(KINDS)}")
        if count < 1:
            raise ValueError("count must be at least 1")
        if kind == "latency" and delay <= 0:
            raise ValueError("a latency fault needs delay > 0")
        with self._lock:
            self._pending.append(Fault(api, kind, count, delay))

    def take(self, api: str) -> Fault | None:
        """The fault that applies to this call of ``api`` (consuming one of its count), if any."""
        with self._lock:
            for fault in self._pending:
                if fault.api in (api, "*"):
                    fault.count -= 1
                    if fault.count == 0:
                        self._pending.remove(fault)
                    self.fired.append(FiredFault(api, fault.kind, time.time()))
                    return Fault(api, fault.kind, 1, fault.delay)
        return None

    def clear(self, api: str | None = None) -> None:
        with self._lock:
            self._pending = [f for f in self._pending if api is not None and f.api != api]

    def pending(self) -> list[dict[str, object]]:
        with self._lock:
            return [asdict(f) for f in self._pending]
