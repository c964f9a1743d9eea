"""Wire-level helpers for the reliability suite: capture exactly what a real SDK sends, replay it
(changed or not) with http.client, and take snapshots of everything the local cloud stores; and
the oss2 client of the bucket the ``cloud`` fixture creates.

Capturing goes through a recorder on loopback rather than through private signing functions, so
a test tampers with the very bytes oss2 or the RAM SDK put on the wire and nothing else.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import oss2

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

REGION = "cn-hangzhou"
BUCKET = "reliability-bucket"  # what the ``cloud`` fixture (conftest.py) creates


def bucket(endpoint: str, scheme: str = "v4") -> oss2.Bucket:
    """BUCKET through oss2, signed with the demo key: V1 (``oss2.Auth``) or V4."""
    auth = oss2.Auth if scheme == "v1" else oss2.AuthV4
    return oss2.Bucket(
        auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET), endpoint, BUCKET, region=REGION
    )


def assert_serving(cloud: LocalCloud) -> None:
    """The server still answers a good request after whatever came before."""
    auth = oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    service = oss2.Service(auth, cloud.endpoint, region=REGION)
    assert BUCKET in [b.name for b in service.list_buckets().buckets]


@dataclass(frozen=True)
class Captured:
    """One HTTP request as a client sent it: the target keeps its raw percent-encoding."""

    method: str
    target: str  # path and query, e.g. /bucket/key?tagging
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def with_header(self, name: str, value: str) -> Captured:
        headers = {k: v for k, v in self.headers.items() if k.lower() != name.lower()}
        headers[name] = value
        return replace(self, headers=headers)

    def with_target(self, target: str) -> Captured:
        return replace(self, target=target)

    def with_body(self, body: bytes) -> Captured:
        return replace(self, body=body)

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), "")


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _RecorderServer

    def _record(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.captured.append(
            Captured(self.command, self.path, dict(self.headers.items()), body)
        )
        # A body both SDKs accept as a success: oss2 reads only headers for writes, and the
        # OpenAPI client wants JSON.
        payload = b'{"RequestId": "RECORDED"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("x-oss-request-id", "RECORDED")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _record

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class _RecorderServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.captured: list[Captured] = []


@contextlib.contextmanager
def _recorder() -> Iterator[_RecorderServer]:
    server = _RecorderServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def capture(send: Callable[[str], Any]) -> Captured:
    """Call ``send(endpoint)`` against a recorder and return the last request it made."""
    with _recorder() as server:
        send(f"http://127.0.0.1:{server.server_address[1]}")
    assert server.captured, "the client sent nothing"
    return server.captured[-1]


def send(
    endpoint: str, request: Captured, *, timeout: float = 10.0
) -> tuple[int, dict[str, str], bytes]:
    """Send ``request`` as is (its own Host header included) on a new connection."""
    host, _, port = endpoint.removeprefix("http://").partition(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.putrequest(request.method, request.target, skip_host=True, skip_accept_encoding=True)
        names = {name.lower() for name in request.headers}
        for name, value in request.headers.items():
            if name.lower() != "content-length":
                conn.putheader(name, value)
        if request.body or "content-length" in names or request.method in ("PUT", "POST"):
            conn.putheader("Content-Length", str(len(request.body)))
        conn.endheaders(request.body or None)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def error_code(body: bytes) -> str:
    """The Code of an OSS XML or a RAM JSON error body."""
    text = body.strip()
    if text.startswith(b"{"):
        return str(json.loads(text).get("Code", ""))
    return ET.fromstring(text).findtext("Code") or ""


def database_rows(cloud: LocalCloud) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: two equal dumps mean nothing was stored or changed."""
    assert cloud.db is not None
    with cloud.db.read() as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: sorted(
                (tuple(row) for row in conn.execute(f'SELECT * FROM "{table}"')),
                key=repr,
            )
            for table in tables
        }


def file_tree(root: Path) -> list[tuple[str, int]]:
    """(relative path, size) of every file below ``root``; directories as size -1."""
    entries = []
    for path in sorted(root.rglob("*")):
        size = path.stat().st_size if path.is_file() else -1
        entries.append((path.relative_to(root).as_posix(), size))
    return entries


def world(cloud: LocalCloud) -> tuple[dict[str, list[tuple]], list[tuple[str, int]]]:
    """What the local cloud holds: its database rows and its blob files."""
    return database_rows(cloud), file_tree(cloud.data_dir / "blobs")
