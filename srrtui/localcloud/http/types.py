"""The request and response values passed between the HTTP server and the OSS / RAM services."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from srrtui.localcloud.http.body import Body


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # raw path as sent, still percent-encoded, without the query string
    query_string: str  # raw, still percent-encoded
    headers: dict[str, str]  # keys lower-cased
    # Unread until asked for; bytes given here (tests, internal callers) become a Body at once.
    payload: Body = field(default_factory=lambda: Body.of(b""))
    client: str = "127.0.0.1"

    def __post_init__(self) -> None:
        if isinstance(self.payload, bytes | bytearray):  # a body already in memory
            object.__setattr__(self, "payload", Body.of(bytes(self.payload)))

    @property
    def body(self) -> bytes:
        """The body in memory, for small documents (XML, forms, JSON): see ``Body.read``.
        Object data goes through ``payload.spool()`` instead."""
        return self.payload.read()

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    @property
    def query(self) -> dict[str, str]:
        """Decoded query parameters; a bare ``?replication`` maps to an empty string."""
        return dict(parse_qsl(self.query_string, keep_blank_values=True))


@dataclass
class Response:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class ResetConnection(Exception):
    """Raised by a service to make the server drop the connection without a response (the
    "reset" fault of faults.py)."""
