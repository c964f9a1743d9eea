"""Every SDK failure as one ``CloudError(code, message, request_id, status, operation)``.

The SDK exception modules are looked up in ``sys.modules`` rather than imported: an exception
raised by an SDK means that SDK is already loaded, and mapping a plain error must not pull one in.

Sources read (installed versions: oss2 2.19.1, alibabacloud-tea-openapi 0.4.6, darabonba-core 1.0.9):
- ``oss2/exceptions.py``: ``OssError`` carries ``status``, ``code``, ``message``, ``request_id``,
  ``body``; ``RequestError`` (status -2) wraps the ``requests`` exception in ``.exception``;
  ``ClientError`` (status -1) is a local argument problem.
- ``alibabacloud_tea_openapi/client.py`` (``do_request``): a 4xx/5xx JSON error becomes
  ``ClientException`` / ``ServerException`` / ``ThrottlingException`` with ``status_code``,
  ``code``, ``request_id`` and the raw JSON in ``data``; its ``message`` is decorated
  (``"code: 404, <Message> request id: ..."``), so the plain ``data["Message"]`` is preferred.
- ``darabonba/core.py`` (``do_action``): a transport failure (``IOError``: refused, reset,
  timeout) becomes ``RetryError(str(e))``, which the client loop finally wraps in
  ``Tea.exceptions.UnretryableException`` with ``.inner_exception``.
"""

from __future__ import annotations

import sys
from dataclasses import replace

from srrtui.cloud.types import CloudError
from srrtui.domain.words.translate import _

NETWORK_ERROR = "NetworkError"
TIMEOUT = "Timeout"
INVALID_RESPONSE = "InvalidResponse"

# Service codes that mean "try again later" (OSS error-code docs; RAM/OpenAPI "Throttling.*").
_RETRYABLE_CODES = frozenset(
    {
        NETWORK_ERROR,
        TIMEOUT,
        INVALID_RESPONSE,
        "RequestTimeout",
        "InternalError",
        "ServiceUnavailable",
        "Throttling",
        "ThrottlingException",
        "TooManyRequests",
        "SlowDown",
    }
)


def is_retryable(error: CloudError) -> bool:
    """Throttling, 5xx, timeouts and broken connections: worth another try after a pause."""
    if error.code in _RETRYABLE_CODES or error.code.startswith("Throttling"):
        return True
    return error.status == 429 or 500 <= error.status <= 599


def to_cloud_error(exc: BaseException, operation: str = "") -> CloudError:
    """Map any exception raised while calling a cloud SDK (or the network) to a CloudError."""
    if isinstance(exc, CloudError):
        return exc if exc.operation or not operation else replace(exc, operation=operation)
    oss_exceptions = sys.modules.get("oss2.exceptions")
    if oss_exceptions is not None and isinstance(exc, oss_exceptions.OssError):
        return _from_oss(exc, operation, oss_exceptions)
    inner = getattr(exc, "inner_exception", None)
    if inner is not None and type(exc).__name__ == "UnretryableException":
        # The OpenAPI client's retry loop gave up: the real failure is inside.
        return to_cloud_error(inner, operation)
    if _is_tea_error(exc):
        return _from_tea(exc, operation)
    return _from_transport(exc, operation)


def _from_oss(exc: BaseException, operation: str, oss_exceptions: object) -> CloudError:
    status = int(getattr(exc, "status", 0) or 0)
    request_id = str(getattr(exc, "request_id", "") or "")
    if isinstance(exc, oss_exceptions.RequestError):  # type: ignore[attr-defined]
        return _from_transport(exc.exception, operation)
    if isinstance(exc, oss_exceptions.ClientError):  # type: ignore[attr-defined]
        body = str(getattr(exc, "body", "") or "")
        return CloudError("ClientError", body.removeprefix("ClientError: "), "", 0, operation)
    code = str(getattr(exc, "code", "") or "")
    message = str(getattr(exc, "message", "") or "")
    if not code:
        # A body-less error (HEAD, or a proxy's HTML page): name it after the status.
        code = _status_code_name(status)
    if not message:
        raw: object = getattr(exc, "body", None)
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw or "")
        message = text.strip()[:300] or f"HTTP {status}"
    return CloudError(code, message, request_id, status, operation)


def _is_tea_error(exc: BaseException) -> bool:
    module = type(exc).__module__
    return module.startswith(("Tea.", "darabonba.", "alibabacloud_")) and hasattr(exc, "code")


def _from_tea(exc: BaseException, operation: str) -> CloudError:
    data = getattr(exc, "data", None)
    data = data if isinstance(data, dict) else {}
    status = getattr(exc, "status_code", None) or getattr(exc, "statusCode", None)
    status = status or data.get("statusCode") or 0
    code = str(getattr(exc, "code", "") or data.get("Code") or "")
    if type(exc).__name__ == "RetryError" or (not code and not status):
        return _from_transport(exc, operation)
    message = str(data.get("Message") or data.get("message") or getattr(exc, "message", "") or "")
    request_id = getattr(exc, "request_id", None) or data.get("RequestId") or ""
    if request_id == "None":  # the client formats a missing id with f"{request_id}"
        request_id = data.get("RequestId") or ""
    if code in ("", "None"):
        code = _status_code_name(int(status))
    return CloudError(code, message, str(request_id), int(status), operation)


def _from_transport(exc: BaseException, operation: str) -> CloudError:
    """Connection refused/reset, timeouts, unreadable responses; anything else is unexpected."""
    text = str(exc) or type(exc).__name__
    names = {cls.__name__ for cls in type(exc).__mro__}
    lowered = text.lower()
    if names & {"Timeout", "ReadTimeout", "ConnectTimeout", "TimeoutError", "timeout"} or (
        "timed out" in lowered or "timeout" in lowered
    ):
        said = _("the request timed out ({error})").format(error=text)
        return CloudError(TIMEOUT, said, "", 0, operation)
    if names & {"JSONDecodeError", "ParseError", "ExpatError", "ChunkedEncodingError"}:
        said = _("unreadable response: {error}").format(error=text)
        return CloudError(INVALID_RESPONSE, said, "", 0, operation)
    if names & {"ConnectionError", "OSError", "RetryError", "RequestException"}:
        said = _("could not reach the service ({error})").format(error=text)
        return CloudError(NETWORK_ERROR, said, "", 0, operation)
    return CloudError(type(exc).__name__, text, "", 0, operation)


def _status_code_name(status: int) -> str:
    return {429: "TooManyRequests", 500: "InternalError", 503: "ServiceUnavailable"}.get(
        status, f"Http{status}"
    )
