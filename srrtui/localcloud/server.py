"""The local cloud's HTTP server: one loopback port for OSS, RAM, KMS and the admin view.

A request with the OpenAPI SDK's ``x-acs-action`` header is an RPC call, for KMS when it names
KMS's API version (``x-acs-version`` or ``Version``: 2016-01-20), else for RAM (which answers any
version but its own with InvalidVersion); a path under ``/-/admin/`` (no OSS bucket name can
start with "-") is the admin API; everything else is OSS. HTTP/1.1 with keep-alive: every
response has a Content-Length. Logging names the method, path and status only: never a header
(Authorization, security tokens) nor a query string (presigned signatures).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import struct
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from srrtui.localcloud.http_types import Request, Response
from srrtui.localcloud.oss_api import ResetConnection
from srrtui.localcloud.pop import KMS_VERSION, rpc_version

log = logging.getLogger("srrtui.localcloud")

Service = Callable[[Request], Response]
_MAX_BODY = 64 * 1024 * 1024  # the local cloud keeps bodies in memory
_MAX_LINE = 65536  # a chunk-size line, as http.server limits request and header lines
_QUERY = re.compile(r"\?[^\s'\"]*")


class _Unreadable(Exception):
    """A request whose body cannot be framed: answered with ``status``, then the connection
    closes (what follows on it cannot be told apart from the broken body)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class CloudHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        *,
        oss: Service,
        ram: Service,
        admin: Service,
        kms: Service | None = None,
    ) -> None:
        self.oss, self.ram, self.admin, self.kms = oss, ram, admin, kms
        self.stopping = False
        self._connections: set[socket.socket] = set()
        self._inflight = 0
        self._idle = threading.Condition()
        super().__init__(address, _Handler)

    # Track connections so stop() can wake idle keep-alive readers, and in-flight requests so it
    # can let them finish before the database closes.
    def process_request(self, request, client_address) -> None:  # noqa: ANN001
        with self._idle:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:  # noqa: ANN001
        with self._idle:
            self._connections.discard(request)
        super().shutdown_request(request)

    def begin(self) -> bool:
        with self._idle:
            if self.stopping:
                return False
            self._inflight += 1
            return True

    def end(self) -> None:
        with self._idle:
            self._inflight -= 1
            self._idle.notify_all()

    def drain(self, timeout: float = 5.0) -> None:
        """Refuse new requests, wait for in-flight ones, and close idle connections."""
        with self._idle:
            self.stopping = True
            self._idle.wait_for(lambda: self._inflight == 0, timeout)
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "AliyunOSS"
    sys_version = ""
    timeout = 120  # idle keep-alive connections end eventually
    server: CloudHTTPServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in one write below; no Nagle delay on keep-alive connections.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def version_string(self) -> str:
        return self.server_version  # "Server: AliyunOSS", as real OSS answers

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        # http.server quotes a refused request line whole ("Bad request syntax ('GET
        # /k?security-token=...')"): its query string, which may hold credentials, is dropped.
        log.debug("%s - %s", self.address_string(), _QUERY.sub("?...", format % args))

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # No path when the request line itself was refused (binary junk, over 64 KiB).
        path = getattr(self, "path", "").split("?", 1)[0]
        log.info("%s %s -> %s", self.command or "-", path or "-", code)

    def _dispatch(self) -> None:
        if not self.server.begin():
            self.close_connection = True
            self._write(Response(503, {"Content-Type": "text/plain"}, b"shutting down\n"))
            return
        try:
            request = self._read_request()
            if request.path.startswith("/-/admin/"):
                response = self.server.admin(request)
            elif (
                request.header("x-acs-action")
                or {"Action", "Signature"} <= request.query.keys()
                or request.query.get("Action") == "AssumeRoleWithOIDC"
            ):
                # ACS3 names the action in a header; the RPC signature (the credential
                # library's STS calls) in the query string, with the signature beside it;
                # AssumeRoleWithOIDC is unsigned (the OIDC token is the credential).
                response = self._rpc_service(request)(request)
            else:
                response = self.server.oss(request)
            self._write(response)
        except ResetConnection:
            self._reset()
        except _Unreadable as error:
            self.close_connection = True
            body = f"{error}\n".encode()
            self._write(Response(error.status, {"Content-Type": "text/plain"}, body))
        except Exception:
            log.exception("unhandled error serving %s %s", self.command, self.path.split("?", 1)[0])
            body = json.dumps({"Code": "InternalError", "Message": "local cloud bug"}).encode()
            self.close_connection = True
            self._write(Response(500, {"Content-Type": "application/json"}, body))
        finally:
            self.server.end()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_OPTIONS = _dispatch

    def _rpc_service(self, request: Request) -> Service:
        # The real products have an endpoint each; on this one port the version tells them apart.
        if self.server.kms is not None and rpc_version(request) == KMS_VERSION:
            return self.server.kms
        return self.server.ram

    def _read_request(self) -> Request:
        path, _, query = self.path.partition("?")
        headers = {name.lower(): value for name, value in self.headers.items()}
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = self._read_chunked()
        else:
            text = headers.get("content-length", "").strip() or "0"
            # Digits only: int() also takes "-5", and a negative read blocks until the client
            # closes the connection.
            if not (text.isascii() and text.isdigit()):
                raise _Unreadable(400, "bad Content-Length")
            length = int(text)
            if length > _MAX_BODY:
                raise _Unreadable(413, "body too large")
            body = self.rfile.read(length) if length else b""
        return Request(self.command, path, query, headers, body, self.client_address[0])

    def _read_chunked(self) -> bytes:
        chunks = []
        total = 0
        while True:
            line = self.rfile.readline(_MAX_LINE + 1).split(b";", 1)[0].strip() or b"0"
            if len(line) > 16 or not all(c in b"0123456789abcdefABCDEF" for c in line):
                raise _Unreadable(400, "bad chunk size")
            size = int(line, 16)
            total += size
            if total > _MAX_BODY:
                raise _Unreadable(413, "body too large")
            if size == 0:
                while self.rfile.readline(_MAX_LINE + 1) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline(_MAX_LINE + 1)

    def _write(self, response: Response) -> None:
        self.send_response(response.status)
        headers = dict(response.headers)
        if self.command == "HEAD":
            headers.setdefault("Content-Length", str(len(response.body)))
        else:
            headers["Content-Length"] = str(len(response.body))
        if self.close_connection:
            headers["Connection"] = "close"
        for name, value in headers.items():
            self.send_header(name, value)
        self._headers_buffer.append(b"\r\n")  # end_headers() without its separate flush
        if self.command != "HEAD" and response.body:
            self._headers_buffer.append(response.body)
        self.flush_headers()

    def _reset(self) -> None:
        """Drop the connection with a TCP RST (SO_LINGER 0), as a failing proxy would."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
