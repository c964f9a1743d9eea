"""``srrtui watch`` without a screen. ``--once`` finds the rules, reads each one's progress once,
prints a table (or one JSON object with ``--json``) and exits; ``--json`` alone streams JSON
Lines events as they happen (discovery progress, each rule found, then each poll) until Ctrl+C.
Shapes: ``srrtui.commands.watch_json``; exit codes: 0, or 4 when the rules cannot be listed."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from srrtui.cloud.discovery import BucketRules, DiscoveryEnd, RuleDiscovery, read_bucket
from srrtui.cloud.rule_polls import GONE_CODES
from srrtui.cloud.rule_search import poll
from srrtui.cloud.types import CloudError
from srrtui.commands import watch_json as shapes
from srrtui.domain.words.text import cells, pad
from srrtui.domain.words.translate import N_, _
from srrtui.screens.watch.board import WatchedRule

if TYPE_CHECKING:
    from srrtui.cloud.api import CloudApi
    from srrtui.cloud.discovery import DiscoveryProgress

EXIT_OK, EXIT_CLOUD, EXIT_INTERRUPTED = 0, 4, 130
STREAM_PROGRESS_EVERY = 0.25  # seconds between "progress" lines while buckets are read
Clock = Callable[[], datetime]


class JsonLines:
    """One JSON object a line, flushed at once; written from reader threads, hence the lock."""

    def __init__(self, out: IO[str]) -> None:
        self.out, self.lock = out, threading.Lock()

    def write(self, value: dict[str, Any]) -> None:
        with self.lock:
            self.out.write(json.dumps(value, sort_keys=True) + "\n")
            self.out.flush()


def discover(
    cloud: CloudApi,
    bucket: str,
    on_rules: Callable[[BucketRules], None],
    on_progress: Callable[[DiscoveryProgress], None],
    cancelled: Callable[[], bool],
    clock: Clock,
    progress_every: float = 0.0,
) -> DiscoveryEnd:
    """One bucket's rules (one request), or every bucket's. Raises CloudError."""
    if bucket:
        on_rules(read_bucket(cloud, bucket))
        return DiscoveryEnd(1, 1, at=clock())
    discovery = RuleDiscovery(cloud, progress_every=progress_every, clock=clock)
    return discovery.run(on_rules, on_progress, cancelled)


def chosen(found: list[BucketRules], rule_id: str) -> list[BucketRules]:
    """Only the rule asked for (``watch BUCKET RULE_ID``), if one was."""
    if not rule_id:
        return found
    kept = [BucketRules(f.bucket, tuple(r for r in f.rules if r.rule_id == rule_id)) for f in found]
    return [f for f in kept if f.rules]


def run_once(
    cloud: CloudApi, bucket: str, rule_id: str, clock: Clock, *, as_json: bool, out: IO[str]
) -> int:
    found: list[BucketRules] = []
    try:
        end = discover(cloud, bucket, found.append, lambda _: None, lambda: False, clock)
    except CloudError as error:
        if as_json:
            document = shapes.once_document(cloud.region, bucket, None, [], [], error)
            out.write(json.dumps(document, indent=2, sort_keys=True) + "\n")
        else:
            out.write(_("error: {error}").format(error=error) + "\n")
        return EXIT_CLOUD
    found = chosen(found, rule_id)
    keys = [(f.bucket, r.rule_id) for f in found for r in f.rules]
    polls = poll(cloud, keys, clock)
    if as_json:
        document = shapes.once_document(cloud.region, bucket, end, found, polls)
        out.write(json.dumps(document, indent=2, sort_keys=True) + "\n")
    else:
        out.write(once_table(found, polls, end, cloud.region))
    return EXIT_OK


ONCE_COLUMNS = (N_("BUCKET"), N_("RULE"), N_("DESTINATION"), N_("STATUS"), N_("COPIED"), N_("LAG"))


def once_table(found: list[BucketRules], polls: list, end: DiscoveryEnd, region: str) -> str:  # noqa: ANN001
    """Bucket, rule, destination, status, historical %, lag: the dashboard's words."""
    watched = {(f.bucket, r.rule_id): WatchedRule(f.bucket, r) for f in found for r in f.rules}
    for result in polls:
        watched[(result.bucket, result.rule_id)].record(result.at, result.progress, result.error)
    header = tuple(_(name) for name in ONCE_COLUMNS)
    rows = [header] + [
        (w.bucket, w.rule.rule_id, w.rule.destination_bucket, w.status_mark(), w.percent(), w.lag())
        for w in sorted(watched.values(), key=lambda w: w.key)
    ]
    # Columns by terminal cells: a Chinese word is twice as wide as its length.
    widths = [max(cells(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    if len(rows) == 1:
        lines = [_("No replication rules found.")]
    failed = _("error: {bucket} {rule}: {error}")
    lines += [
        failed.format(bucket=w.bucket, rule=w.rule.rule_id, error=w.last_error)
        for w in watched.values()
        if w.last_error
    ]
    scope = (
        _("Checked all {count} buckets of {region}.").format(count=f"{end.total:,}", region=region)
        if end.total > 1
        else ""
    )
    notes = [_("Note: {note}.").format(note=note) for note in end.said_notes()]
    lines += [line for line in (scope,) if line] + notes
    return "\n".join(lines) + "\n"


def stream(
    cloud: CloudApi,
    bucket: str,
    rule_id: str,
    clock: Clock,
    interval: float,
    lines: JsonLines,
    stop: threading.Event,
) -> int:
    """Events until ``stop`` is set: started, progress, rule_found, discovery_done, then
    rule_progress (or rule_gone) every ``interval`` seconds, and stopped."""
    lines.write(shapes.event("started", clock(), region=cloud.region, bucket=bucket or None))

    def found(each: BucketRules) -> None:
        for kept in chosen([each], rule_id):
            for rule in kept.rules:
                rule_json = shapes.rule_object(kept.bucket, rule)
                lines.write(shapes.event("rule_found", clock(), rule=rule_json))
                keys.append((kept.bucket, rule.rule_id))

    def progressed(progress: DiscoveryProgress) -> None:
        lines.write(shapes.event("progress", clock(), **shapes.progress_fields(progress)))

    keys: list[tuple[str, str]] = []
    try:
        end = discover(cloud, bucket, found, progressed, stop.is_set, clock, STREAM_PROGRESS_EVERY)
    except CloudError as error:
        lines.write(shapes.event("error", clock(), error=shapes.error_object(error)))
        return EXIT_CLOUD
    lines.write(shapes.event("discovery_done", clock(), **shapes.discovery_object(end)))
    keys.sort()
    while not stop.is_set():
        for result in poll(cloud, list(keys), clock, stop.is_set):
            if result.error is not None and result.error.code in GONE_CODES:
                keys.remove((result.bucket, result.rule_id))
                lines.write(
                    shapes.event("rule_gone", clock(), bucket=result.bucket, rule_id=result.rule_id)
                )
            else:
                lines.write(
                    shapes.event("rule_progress", clock(), progress=shapes.progress_object(result))
                )
        stop.wait(interval)
    lines.write(shapes.event("stopped", clock()))
    return EXIT_OK


def stream_until_interrupted(run: Callable[[threading.Event], int]) -> int:
    """``run(stop)`` in a thread; Ctrl+C sets ``stop`` (the reads in flight finish, the queued
    ones are dropped) and waits for the "stopped" line."""
    stop, finished = threading.Event(), threading.Event()
    outcome: list[int] = []

    def target() -> None:
        try:
            outcome.append(run(stop))
        finally:
            finished.set()

    # Waited on through an Event, not Thread.join: a join that Ctrl+C interrupts can mark the
    # thread finished while it still runs (threading._wait_for_tstate_lock releases the running
    # thread's lock; python/cpython#90882, seen on 3.11), and the process then exits before the
    # "stopped" line.
    worker = threading.Thread(target=target, name="srrtui-watch-json")
    try:
        # Started inside the try: a Ctrl+C that lands as soon as the stream runs, before the
        # wait below, is still caught here instead of escaping with the stream running.
        worker.start()
        while not finished.wait(0.2):
            pass
    except KeyboardInterrupt:
        stop.set()
        if worker.ident is not None:  # started: wait for its "stopped" line
            finished.wait()
        return EXIT_INTERRUPTED
    return outcome[0] if outcome else EXIT_CLOUD
