"""The replication engine: one background thread that moves rules through their states and
replicates, at most ``replication_rate`` objects per second.

- ``starting`` -> ``doing`` once ``start_delay`` has passed since the rule was created (real OSS
  takes 3-5 minutes); ``closing`` -> removed once ``start_delay`` has passed since the delete.
- While ``doing``: new writes first (the source's event log after ``cursor_seq``, in order),
  then the historical work list. A denied permission or a missing bucket blocks the rule (the
  reason is logged once and kept in the rule's ``blocked`` / ``last_error``) and it is tried
  again every ``recheck`` seconds, so fixing the role's policy unblocks it.
- The thread sleeps on a Condition: woken by the store's write events (subscribe), by the API
  (``notify``), or by the nearest timer (start delay, rate limit, recheck). No busy polling.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone

from srrtui.domain.rules import RuleProgress, RuleStatus
from srrtui.localcloud.config import CloudConfig
from srrtui.localcloud.oss.records import ObjectEvent
from srrtui.localcloud.oss.store import OssStore
from srrtui.localcloud.replication.copy import SKIPPED, Blocked, Replicator
from srrtui.localcloud.replication.store import ReplicationStore, RuleRecord

log = logging.getLogger("srrtui.localcloud")
Clock = Callable[[], float]
BATCH = 64  # units per rule per cycle: rules take turns, and stop() is never kept waiting long


class TokenBucket:
    """``rate`` tokens per second, at most ``burst`` saved up; one token = one object."""

    def __init__(self, rate: float, *, burst: float | None = None, clock: Clock = time.monotonic):
        if rate <= 0:
            raise ValueError("the replication rate must be positive")
        self.rate = rate
        self.capacity = burst if burst is not None else max(1.0, rate / 10)
        self._clock = clock
        self._tokens = self.capacity
        self._last = clock()

    def try_take(self) -> float:
        """0.0 when a token was taken; otherwise the seconds until one is available."""
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= 1.0 - 1e-9:  # float drift must not turn "now" into a 1e-14 s wait
            self._tokens = max(0.0, self._tokens - 1.0)
            return 0.0
        return (1.0 - self._tokens) / self.rate


class Unthrottled:
    """Replication rate 0: every object may go now."""

    def try_take(self) -> float:
        return 0.0


def _rate_limit(rate: float) -> TokenBucket | Unthrottled:
    return Unthrottled() if rate == 0 else TokenBucket(rate)


class ReplicationEngine:
    def __init__(
        self,
        oss: OssStore,
        repl: ReplicationStore,
        replicator: Replicator,
        config: CloudConfig,
        *,
        clock: Clock = time.time,
        tokens: Callable[[], TokenBucket | Unthrottled] | None = None,
        recheck: float | None = None,
    ) -> None:
        self.oss = oss
        self.repl = repl
        self.replicator = replicator
        self.config = config
        self.clock = clock
        # One rate limit per rule, as real OSS runs each rule's task on its own: a new rule is
        # not starved by one that is still copying (the demo seed's rule, say).
        self._new_bucket = tokens or (lambda: _rate_limit(config.replication_rate))
        self._buckets: dict[int, TokenBucket | Unthrottled] = {}
        # How often a blocked rule is tried again: quick in tests (small start delays), at most
        # every 2 s in the demo.
        self.recheck = recheck if recheck is not None else min(2.0, max(0.2, config.start_delay))
        self._cond = threading.Condition()
        self._dirty = False
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._retry_at: dict[int, float] = {}

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the replication engine is already running")
        self._stopping = False
        self.oss.subscribe(self._on_event)
        self._thread = threading.Thread(target=self._run, name="srrtui-replication", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Finish the unit in progress and return; every finished unit is already on disk."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        thread.join(timeout=10)
        with contextlib.suppress(ValueError):  # never subscribed (start failed)
            self.oss.unsubscribe(self._on_event)

    def notify(self) -> None:
        with self._cond:
            self._dirty = True
            self._cond.notify_all()

    def _on_event(self, event: ObjectEvent) -> None:
        # The engine's own writes are replicas; waking for them would spin while rate-limited.
        if not event.is_replica:
            self.notify()

    def _stop_requested(self) -> bool:
        with self._cond:
            return self._stopping

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._stopping:
                    return
                self._dirty = False
            try:
                wait = self.run_once()
            except Exception:  # a bug must not kill replication for good: log, retry later
                log.exception("replication engine cycle failed")
                wait = self.recheck
            with self._cond:
                if self._stopping:
                    return
                if self._dirty or wait == 0.0:
                    continue
                self._cond.wait(timeout=wait)

    # --- one cycle -------------------------------------------------------------------------
    def run_once(self) -> float | None:
        """Advance every rule once. Returns the seconds until something is due (0.0: more
        work now), or None when idle until the next write or API call."""
        waits: list[float] = []
        for record in self.repl.rules():
            if self._stop_requested():
                return 0.0
            wait = self._advance(record, self.clock())
            if wait is not None:
                waits.append(max(0.0, wait))
        return min(waits) if waits else None

    def _advance(self, record: RuleRecord, now: float) -> float | None:
        delay = self.config.start_delay
        if record.status is RuleStatus.STARTING:
            if now < record.created + delay:
                return record.created + delay - now
            if self.repl.set_status(record.id, RuleStatus.STARTING, RuleStatus.DOING, now):
                log.info("replication rule %s (%s) is now doing", record.rule_id, record.source)
            return 0.0
        if record.status is RuleStatus.CLOSING:
            if now < record.status_since + delay:
                return record.status_since + delay - now
            self.repl.remove(record.id)
            self._retry_at.pop(record.id, None)
            self._buckets.pop(record.id, None)
            log.info("replication rule %s (%s) closed and removed", record.rule_id, record.source)
            return None
        retry = self._retry_at.get(record.id)
        if retry is not None and now < retry:
            return retry - now
        return self._work(record)

    def _work(self, record: RuleRecord) -> float | None:
        events = self.oss.events_since(record.cursor_seq, bucket=record.source, limit=BATCH)
        passed = 0  # highest seq of events that need no work, not yet saved
        for event in events:
            if self._stop_requested():
                break
            if not self.replicator.wants_event(record, event):
                passed = event.seq
                continue
            wait = self._tokens(record).try_take()
            if wait > 0:
                self._flush(record, passed)
                return wait
            outcome = self._attempt(
                record, functools.partial(self.replicator.replicate_event, record, event)
            )
            if outcome is None:
                self._flush(record, passed)
                return self.recheck
            self.repl.advance(record.id, event.seq, outcome)
        self._flush(record, passed)
        if len(events) == BATCH:
            return 0.0
        if not record.rule.historical or record.historical_done >= record.historical_total:
            return None
        items = self.repl.pending_historical(record.id, BATCH)
        for key, version_id in items:
            if self._stop_requested():
                return 0.0
            wait = self._tokens(record).try_take()
            if wait > 0:
                return wait
            outcome = self._attempt(
                record,
                functools.partial(self.replicator.replicate_historical, record, key, version_id),
            )
            if outcome is None:
                return self.recheck
            self.repl.finish_historical(record.id, key, outcome)
        return 0.0 if items else None

    def _tokens(self, record: RuleRecord) -> TokenBucket | Unthrottled:
        bucket = self._buckets.get(record.id)
        if bucket is None:
            bucket = self._buckets[record.id] = self._new_bucket()
        return bucket

    def _flush(self, record: RuleRecord, seq: int) -> None:
        if seq:
            self.repl.advance(record.id, seq, "")

    def _attempt(self, record: RuleRecord, unit: Callable[[], str]) -> str | None:
        try:
            outcome = unit()
        except Blocked as blocked:
            if record.id not in self._retry_at or blocked.reason != record.blocked:
                # Once per new reason, not on every recheck. Reasons name roles, policies,
                # actions and ARNs, never a key or token.
                log.warning(
                    "replication rule %s (%s -> %s) is blocked: %s",
                    record.rule_id,
                    record.source,
                    record.destination,
                    blocked.reason,
                )
            self.repl.set_blocked(record.id, blocked.reason)
            self._retry_at[record.id] = self.clock() + self.recheck
            return None
        if self._retry_at.pop(record.id, None) is not None:
            log.info("replication rule %s (%s) unblocked", record.rule_id, record.source)
        return outcome or SKIPPED

    # --- views -----------------------------------------------------------------------------
    def progress(self, record: RuleRecord) -> RuleProgress:
        """GetBucketReplicationProgress: Progress only while ``doing`` (GetBucketReplication-
        Progress reference: "returned only when the task is in the doing state")."""
        if record.status is not RuleStatus.DOING:
            return RuleProgress(rule=record.rule)
        fraction = None
        if record.rule.historical:  # HistoricalObject is valid only with historical enabled
            total = record.historical_total
            # Floored to the percent, so 1.0 means every historical object is done.
            fraction = 1.0 if total == 0 else record.historical_done * 100 // total / 100
        return RuleProgress(
            rule=record.rule,
            historical_fraction=fraction,
            new_object_time=datetime.fromtimestamp(self.new_object_time(record), timezone.utc),
        )

    def new_object_time(self, record: RuleRecord) -> float:
        """Every write before this moment is replicated: the time of the oldest event still to
        process, or now when caught up."""
        events = self.oss.events_since(record.cursor_seq, bucket=record.source, limit=500)
        for event in events:
            if self.replicator.wants_event(record, event):
                return event.time
        return events[-1].time if len(events) == 500 else self.clock()

    def rule_state(self, record: RuleRecord) -> dict[str, object]:
        with self.oss.db.read() as conn:
            pending = conn.execute(
                "SELECT COUNT(*) FROM oss_events WHERE bucket = ? AND seq > ? AND is_replica = 0",
                (record.source, record.cursor_seq),
            ).fetchone()[0]
        progress = self.progress(record)
        return {
            "rule_id": record.rule_id,
            "source": record.source,
            "destination": record.destination,
            "status": record.status.value,
            "sync_role": record.rule.sync_role,
            "historical": {
                "enabled": record.rule.historical,
                "total": record.historical_total,
                "done": record.historical_done,
                "fraction": progress.historical_fraction,
            },
            "created_seq": record.created_seq,
            "cursor_seq": record.cursor_seq,
            "pending_events": pending,
            "copied": record.copied,
            "deleted": record.deleted,
            "skipped": record.skipped,
            "blocked": record.blocked or None,
            "last_error": record.last_error or None,
            "new_object_time": progress.new_object_time.isoformat()
            if progress.new_object_time
            else None,
        }

    def state(self) -> dict[str, object]:
        return {
            "rate_per_rule": self.config.replication_rate,
            "rules": [self.rule_state(record) for record in self.repl.rules()],
        }
