"""The debug log (``srrtui --debug`` or ``SRRTUI_DEBUG=1``): one line per cloud request attempt
with its operation, HTTP status, error code, request id and time taken, in a file under the
platform's log directory (``platformdirs.user_log_path("srrtui")``).

What it never holds: keys, secrets, security tokens, signatures, or the service's error
message (an OSS ``SignatureDoesNotMatch`` message quotes the string to sign, which carries the
``x-oss-security-token`` header). Only the fields above are written."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
DEBUG_ENV = "SRRTUI_DEBUG"
log = logging.getLogger("srrtui.requests")
_path: Path | None = None


def wanted(flag: bool, env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return flag or env.get(DEBUG_ENV, "").strip().lower() in ("1", "true", "yes")


def start(directory: Path | None = None) -> Path:
    """Open a new log file and send request lines to it; returns its path."""
    global _path
    if directory is None:
        import platformdirs

        directory = platformdirs.user_log_path("srrtui", appauthor=False)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    path = directory / f"debug-{stamp}-{os.getpid()}.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    log.propagate = False
    _path = path
    return path


def current_path() -> Path | None:
    """The debug log's path when one is being written (the wizard names it in error dialogs)."""
    return _path


def attempt(operation: str, fn: Callable[[], T]) -> T:
    """Run one request attempt and log how it went (only when the debug log is on)."""
    if _path is None:
        return fn()
    began = time.perf_counter()
    try:
        result = fn()
    except Exception as exc:
        from srrtui.cloud.errors import to_cloud_error

        error = to_cloud_error(exc, operation)
        _line(operation, began, error.status, error.request_id, error.code)
        raise
    status, request_id = _status_and_id(result)
    # An error answered without an exception (srrtui.cloud.quick_get's expected 404s).
    _line(operation, began, status, request_id, str(getattr(result, "error_code", "") or ""))
    return result


def _line(operation: str, began: float, status: int, request_id: str, code: str) -> None:
    took = (time.perf_counter() - began) * 1000
    outcome = f"error={code}" if code else "ok"
    log.debug(
        "%s status=%s %s request_id=%s %.1fms",
        operation,
        status or "-",
        outcome,
        request_id or "-",
        took,
    )


def _status_and_id(result: Any) -> tuple[int, str]:
    """oss2 results carry ``status``/``request_id``; OpenAPI answers are dicts with
    ``statusCode`` and ``headers``/``body``; RAM SDK responses have ``status_code``/``body``."""
    if isinstance(result, tuple) and result:
        result = result[0]
    if isinstance(result, dict):
        raw_body = result.get("body")
        body = raw_body if isinstance(raw_body, dict) else {}
        headers = result.get("headers") or {}
        rid = body.get("RequestId") or headers.get("x-acs-request-id", "")
        return int(result.get("statusCode") or 0), str(rid)
    status = getattr(result, "status", None) or getattr(result, "status_code", None) or 0
    rid = getattr(result, "request_id", "") or getattr(
        getattr(result, "body", None), "request_id", ""
    )
    return int(status), str(rid or "")
