"""The admin API under ``/-/admin/`` (a path no OSS bucket can have): loopback only, and only
with the admin token the local cloud prints at start (header ``x-srrtui-admin-token``).

- ``GET /-/admin/state``: JSON of every state provider (OSS buckets, faults, and whatever later
  parts register, e.g. the replication engine's reasons).
- ``GET /-/admin/faults``: pending faults; ``POST /-/admin/faults`` with JSON
  ``{"api": "ListBuckets", "kind": "503", "count": 2, "delay": 0}`` injects one;
  ``DELETE /-/admin/faults[?api=NAME]`` clears them.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable

from srrtui.localcloud.faults import Faults
from srrtui.localcloud.http.types import Request, Response

StateProvider = Callable[[], object]
_LOOPBACK = ("127.0.0.1", "::1", "::ffff:127.0.0.1")


def _json(status: int, payload: object) -> Response:
    body = json.dumps(payload, indent=2, sort_keys=True).encode("utf-8") + b"\n"
    return Response(status, {"Content-Type": "application/json"}, body)


class AdminApi:
    def __init__(self, token: str, faults: Faults, providers: dict[str, StateProvider]) -> None:
        self._token = token
        self.faults = faults
        self.providers = providers

    def state(self) -> dict[str, object]:
        return {name: provider() for name, provider in sorted(self.providers.items())}

    def handle(self, request: Request) -> Response:
        if request.client not in _LOOPBACK:
            return _json(403, {"Code": "AccessDenied", "Message": "the admin API is loopback only"})
        token = request.header("x-srrtui-admin-token")
        if not token or not hmac.compare_digest(token, self._token):
            return _json(403, {"Code": "AccessDenied", "Message": "missing or wrong admin token"})
        route = request.path.removeprefix("/-/admin/").rstrip("/")
        if route == "state" and request.method == "GET":
            return _json(200, self.state())
        if route == "faults":
            return self._faults(request)
        return _json(
            404, {"Code": "NotFound", "Message": f"no admin route {request.method} {route}"}
        )

    def _faults(self, request: Request) -> Response:
        if request.method == "GET":
            return _json(200, {"pending": self.faults.pending()})
        if request.method == "DELETE":
            self.faults.clear(request.query.get("api"))
            return _json(200, {"pending": self.faults.pending()})
        if request.method == "POST":
            try:
                spec = json.loads(request.body or b"{}")
                self.faults.inject(
                    str(spec["api"]),
                    kind=str(spec.get("kind", "503")),
                    count=int(spec.get("count", 1)),
                    delay=float(spec.get("delay", 0.0)),
                )
            except (ValueError, KeyError, TypeError) as exc:
                return _json(400, {"Code": "InvalidArgument", "Message": str(exc)})
            return _json(200, {"pending": self.faults.pending()})
        return _json(405, {"Code": "MethodNotAllowed", "Message": request.method})
