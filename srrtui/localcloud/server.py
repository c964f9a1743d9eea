"""The local cloud's HTTP server: one loopback port for OSS, RAM, KMS and the admin view.

A request with the OpenAPI SDK's ``x-acs-action`` header is an RPC call, for KMS when it names
KMS's API version (``x-acs-version`` or ``Version``: 2016-01-20), else for RAM (which answers any
version but its own with InvalidVersion); a path under ``/-/admin/`` (no OSS bucket name can
start with "-") is the admin API; everything else is OSS. HTTP/1.1 with keep-alive: every
response has a Content-Length. Logging names the method, path and status only: never a header
(Authorization, security tokens) nor a query string (presigned signatures).

The handler interface: a service is ``Callable[[Request], Response]``. The server reads only the
request head; ``request.payload`` (http_body.Body) is still on the wire, so a service
authenticates from the headers first and then takes the body in one of two ways:

- ``request.body`` (bytes, at most ~8 MiB: XML documents, RPC forms, admin JSON), or
- ``request.payload.spool()``: the body streamed to a file under ``<data>/spool/`` with its
  size, MD5, SHA-256 and CRC-64 computed on the way; ``OssStore.put_object`` / ``BlobStore.put``
  take that ``Spooled`` and move the file into the blob store (no whole-object copy in memory).

A body cut short (fewer bytes than Content-Length, a chunked body without its last chunk, a client
silent for ``Limits.body_idle_timeout``) raises ``BodyError``; OSS answers it as IncompleteBody or
RequestTimeout and nothing is stored. A body the service never read is drained when small, else
the connection closes after the answer. The server caps concurrent connections (one more gets
503 at once) and gives a request head ``Limits.head_timeout`` seconds to arrive whole, so slow
clients cannot hold threads for long and others keep being served. Errors the server itself
answers (broken framing, unknown methods) are OSS-shaped XML with an ``x-oss-request-id``.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from srrtui.localcloud.http.body import Body, BodyError
from srrtui.localcloud.http.server_core import ConnectionServer
from srrtui.localcloud.http.types import Request, ResetConnection, Response
from srrtui.localcloud.oss.responses import OssError, error_response, new_request_id
from srrtui.localcloud.pop.rpc import KMS_VERSION, rpc_version

log = logging.getLogger("srrtui.localcloud")

Service = Callable[[Request], Response]
_QUERY = re.compile(r"\?[^\s'\"]*")


@dataclass(frozen=True)
class Limits:
    max_connections: int = 64  # open connections at once; one more is answered 503 and closed
    head_timeout: float = 20.0  # seconds for a request line and headers (and keep-alive idling)
    body_idle_timeout: float = 30.0  # seconds a body may go silent (OSS: RequestTimeout)
    max_body: int = 5 * 1024**3  # PutObject's documented 5 GiB limit
    drain_limit: int = 1024 * 1024  # an unread body up to this is read away to keep the connection


class CloudHTTPServer(ConnectionServer):
    def __init__(
        self,
        address: tuple[str, int],
        *,
        oss: Service,
        ram: Service,
        admin: Service,
        kms: Service | None = None,
        spool_dir: Path,
        limits: Limits = Limits(),  # noqa: B008 - frozen
    ) -> None:
        self.oss, self.ram, self.admin, self.kms = oss, ram, admin, kms
        self.spool_dir = spool_dir
        self.limits = limits
        super().__init__(address, _Handler, limits.max_connections, limits.head_timeout)

    def refusal(self) -> bytes:
        response = server_error(503, "ServiceUnavailable", "Too many open connections.")
        head = "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in response.headers.items())
        return f"{head}Content-Length: {len(response.body)}\r\n\r\n".encode() + response.body


def server_error(status: int, code: str, message: str) -> Response:
    """An OSS-shaped error for what the server answers itself (before any service)."""
    request_id = new_request_id()
    response = error_response(OssError(status, code, message), request_id, "localhost")
    response.headers["x-oss-request-id"] = request_id
    return response


# http.server's own refusals -> (status, OSS code).
_SERVER_ERRORS = {501: (405, "MethodNotAllowed"), 408: (400, "RequestTimeout")}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.1"  # a refused request line still gets a status line
    server_version = "AliyunOSS"
    sys_version = ""
    server: CloudHTTPServer
    _headers_buffer: list[bytes]  # made by send_response (http.server); written in one go below
    head_expired = False

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.limits.head_timeout)
        # Headers and body go out in one write below; no Nagle delay on keep-alive connections.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle_one_request(self) -> None:
        self.server.watch(self, time.monotonic() + self.server.limits.head_timeout)
        try:
            super().handle_one_request()
        finally:
            self.server.unwatch(self)
        if self.head_expired:
            self.close_connection = True

    def handle_expect_100(self) -> bool:
        return True  # "100 Continue" goes out only when a service reads the body

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

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        status, oss_code = _SERVER_ERRORS.get(code, (400, "InvalidArgument"))
        self.close_connection = True
        self._write(server_error(status, oss_code, message or "Bad request."))

    def _dispatch(self) -> None:
        self.server.unwatch(self)
        if self.head_expired:
            self.close_connection = True  # the head never arrived whole
            return
        if not self.server.begin():
            self.close_connection = True
            self._write(server_error(503, "ServiceUnavailable", "The local cloud is stopping."))
            return
        body = None
        try:
            body = self._body()
            request = self._request(body)
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
            self._settle(body)
            self._write(response)
        except ResetConnection:
            self._reset()
        except BodyError as error:
            self.close_connection = True
            self._write(server_error(error.status, error.code, error.message))
        except Exception:
            log.exception("unhandled error serving %s %s", self.command, self.path.split("?", 1)[0])
            self.close_connection = True
            self._write(server_error(500, "InternalError", "A local cloud bug; see its log."))
        finally:
            if body is not None:
                body.close()
            self.server.end()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_OPTIONS = _dispatch

    def _rpc_service(self, request: Request) -> Service:
        # The real products have an endpoint each; on this one port the version tells them apart.
        if self.server.kms is not None and rpc_version(request) == KMS_VERSION:
            return self.server.kms
        return self.server.ram

    def _body(self) -> Body:
        """The request's body, framed from its head but not read."""
        limits = self.server.limits
        encoding = self.headers.get("transfer-encoding", "").strip().lower()
        length_text = self.headers.get_all("content-length") or []
        if encoding:
            if encoding != "chunked" or length_text:
                raise BodyError(400, "InvalidArgument", "Unsupported Transfer-Encoding.")
            length = None
        else:
            values = {v.strip() for v in length_text} or {"0"}
            text = values.pop()
            # ASCII digits only: int() also takes "-5", "²" and " 1_0 ".
            if values or not (text.isascii() and text.isdigit()) or len(text) > 19:
                raise BodyError(400, "InvalidArgument", "The Content-Length is not valid.")
            length = int(text)
            if length > limits.max_body:
                raise BodyError(400, "EntityTooLarge", "The body exceeds the maximum size.")
        expects = self.headers.get("expect", "").lower() == "100-continue"
        return Body(
            self.rfile,
            length,
            spool_dir=self.server.spool_dir,
            max_size=limits.max_body,
            idle_timeout=limits.body_idle_timeout,
            connection=self.connection,
            on_first_read=self._continue if expects else None,
        )

    def _continue(self) -> None:
        self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        self.wfile.flush()

    def _request(self, body: Body) -> Request:
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            if "\n" in value or "\r" in value:  # obs-fold (RFC 9112 5.2): refused, not joined
                raise BodyError(400, "InvalidArgument", "Folded header lines are not allowed.")
            headers[name.lower()] = value
        target = self.path
        if target.startswith(("http://", "https://")):
            # The absolute form (RFC 9112 3.2.2), as a client sends it through an HTTP proxy:
            # its authority is the Host, and the Host header is ignored.
            _, _, rest = target.partition("://")
            authority, slash, after = rest.partition("/")
            headers["host"], target = authority, slash + after or "/"
        path, _, query = target.partition("?")
        return Request(self.command, path, query, headers, body, self.client_address[0])

    def _settle(self, body: Body) -> None:
        """Leave the connection ready for the next request, or mark it to close."""
        if body.broken:
            self.close_connection = True
        elif not body.started and self.headers.get("expect", "").lower() == "100-continue":
            self.close_connection = body.unread() != 0  # the client holds its body back
        elif not body.drain(self.server.limits.drain_limit):
            self.close_connection = True

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
