"""Fixtures: a RamService on loopback HTTP and the real RAM SDK pointed at it.

Until the local cloud's own server (``srrtui.localcloud.LocalCloud``) is wired to RAM, a tiny
ThreadingHTTPServer adapts HTTP to ``RamService.handle`` the way that server will: every request
becomes a ``Request`` with lower-cased headers and the raw path / query string.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from alibabacloud_ram20150501.client import Client
from alibabacloud_tea_openapi.models import Config
from ram_helpers import ACCESS_KEY_ID, ACCESS_KEY_SECRET, ACCOUNT_UID

from srrtui.localcloud.config import CloudConfig
from srrtui.localcloud.http.types import Request
from srrtui.localcloud.ram import RamLimits, RamService
from srrtui.localcloud.storage.db import Database


class _RamHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _RamHTTPServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without TCP_NODELAY, Nagle's algorithm plus the
        # client's delayed ACK stalls every response by ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _dispatch(self) -> None:
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = Request(self.command, path, query, headers, body, self.client_address[0])
        response = self.server.ram.handle(request)
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)

    do_GET = do_POST = _dispatch

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


class _RamHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, ram: RamService) -> None:
        super().__init__(("127.0.0.1", 0), _RamHandler)
        self.ram = ram


@pytest.fixture
def cloud_config() -> CloudConfig:
    return CloudConfig(account_uid=ACCOUNT_UID, access_keys={ACCESS_KEY_ID: ACCESS_KEY_SECRET})


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "cloud.db")
    yield database
    database.close()


@pytest.fixture
def limits() -> RamLimits:
    return RamLimits()


@pytest.fixture
def ram(db: Database, cloud_config: CloudConfig, limits: RamLimits) -> RamService:
    return RamService(db, cloud_config, limits=limits)


@pytest.fixture
def endpoint(ram: RamService) -> Iterator[str]:
    server = _RamHTTPServer(ram)
    # A short poll interval makes shutdown() return promptly (the default waits up to 0.5 s).
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.01},
        name="ram-test-http",
        daemon=True,
    )
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def make_client(endpoint: str) -> Callable[..., Client]:
    def make(
        access_key_id: str = ACCESS_KEY_ID,
        access_key_secret: str = ACCESS_KEY_SECRET,
        **config: object,
    ) -> Client:
        return Client(
            Config(
                access_key_id=access_key_id,
                access_key_secret=access_key_secret,
                endpoint=endpoint,
                protocol="http",
                **config,
            )
        )

    return make


@pytest.fixture
def client(make_client: Callable[..., Client]) -> Client:
    return make_client()
