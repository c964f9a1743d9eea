"""The one JSON contract of the commands' ``--json`` (docs/json.md): every document and every
JSON Lines event carries ``schema_version`` and ``command``; every error is an object.

Keys and codes are stable English identifiers, never translated: scripts read them in any
language. Each command's schema is ``srrtui/assets/schemas/<command>.schema.json``.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from typing import Any, TextIO

from srrtui.cloud.types import CloudError

SCHEMA_VERSION = 1  # bump on a change a consumer could notice (a field removed, renamed, retyped)
Json = dict[str, Any]


def iso(moment: datetime | None) -> str | None:
    """UTC, to the second: ``YYYY-MM-DDTHH:MM:SSZ``."""
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def error_object(
    code: str,
    message: str,
    request_id: str = "",
    http_status: int = 0,
    operation: str = "",
    field: str | None = None,
) -> Json:
    """An error: the service's (or srrtui's) code and message, the RequestId and HTTP status
    ("" and 0 when no answer came), the API operation, and ``field`` for a bad input."""
    error: Json = {
        "code": code,
        "message": message,
        "request_id": request_id,
        "http_status": http_status,
        "operation": operation,
    }
    if field is not None:
        error["field"] = field
    return error


def cloud_error_object(error: CloudError) -> Json:
    return error_object(error.code, error.message, error.request_id, error.status, error.operation)


def issue_object(field: str, message: str, code: object) -> Json:
    """A plan file problem (``srrtui.domain.validation.Issue``) as an error with its field."""
    value = getattr(code, "value", code)
    return error_object(str(value) or "invalid-plan", message, field=field)


def document(command: str, **fields: Any) -> Json:
    return {"schema_version": SCHEMA_VERSION, "command": command, **fields}


def event(command: str, kind: str, **fields: Any) -> Json:
    """One JSON Lines event, stamped now."""
    return {
        "schema_version": SCHEMA_VERSION,
        "command": command,
        "event": kind,
        "time": iso(datetime.now(timezone.utc)),
        **fields,
    }


def print_document(doc: Json, out: TextIO | None = None) -> None:
    print(json.dumps(doc, indent=2, sort_keys=True), file=out or sys.stdout, flush=True)


def print_line(doc: Json, out: TextIO | None = None) -> None:
    """One JSON Lines line, flushed at once (a pipe must see it as it happens)."""
    print(json.dumps(doc, sort_keys=True), file=out or sys.stdout, flush=True)
