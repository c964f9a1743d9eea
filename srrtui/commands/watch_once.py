"""``srrtui watch --once [--json]``: the rules the dashboard would show and their progress, read
once and printed, for scripts and for places without a terminal. The same search and poll as
the dashboard (``screens.watch.tasks``), so both see the same rules."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from typing import Any

from srrtui.cloud.types import CloudError, Connection

EXIT_OK, EXIT_CLOUD = 0, 4


def run_once(connection: Connection, bucket: str, rule_id: str, *, as_json: bool) -> int:
    from srrtui.cloud.session import CloudSession
    from srrtui.commands.report_text import progress_line
    from srrtui.screens.watch.tasks import Found, Search, poll

    session = CloudSession(connection)
    found: list[Found] = []
    try:
        end = Search(session, bucket).run(found.append)
    except CloudError as error:
        return _fail(error, as_json)
    keys = [
        (f.bucket, rule.rule_id)
        for f in found
        for rule in f.rules
        if not rule_id or rule.rule_id == rule_id
    ]
    results = poll(session, keys, lambda: datetime.now(timezone.utc))
    rules: list[dict[str, Any]] = []
    for result in results:
        entry: dict[str, Any] = {"bucket": result.bucket, "rule_id": result.rule_id}
        if result.progress is not None:
            entry.update(_progress(result.progress))
        if result.error is not None:
            entry["error"] = _error(result.error)
        rules.append(entry)
        if not as_json:
            text = (
                progress_line(result.progress)
                if result.progress is not None
                else f"error: {result.error}"
            )
            print(f"{result.bucket} {result.rule_id}: {text}")
    if as_json:
        document = {"buckets_checked": end.checked, "notes": list(end.notes), "rules": rules}
        print(json.dumps(document, indent=2, sort_keys=True))
    else:
        if not rules:
            print("no replication rules found")
        for note in end.notes:
            print(f"note: {note}", file=sys.stderr)
    return EXIT_OK


def _progress(progress: Any) -> dict[str, Any]:
    rule = progress.rule
    return {
        "status": rule.status.value if rule.status else None,
        "destination_bucket": rule.destination_bucket,
        "historical": progress.historical_fraction,
        "new_object_time": progress.new_object_time.isoformat()
        if progress.new_object_time
        else None,
    }


def _error(error: CloudError) -> dict[str, str]:
    return {"code": error.code, "message": error.message, "request_id": error.request_id}


def _fail(error: CloudError, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": _error(error)}, indent=2, sort_keys=True))
    print(f"error: {error}", file=sys.stderr)
    return EXIT_CLOUD
