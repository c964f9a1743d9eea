"""The request and response values passed between the HTTP server and the OSS / RAM services."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # raw path as sent, still percent-encoded, without the query string
    query_string: str  # raw, still percent-encoded
    headers: dict[str, str]  # keys lower-cased
    body: bytes = b""
    client: str = "127.0.0.1"

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
