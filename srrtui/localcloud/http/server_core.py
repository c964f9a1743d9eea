"""The connection bookkeeping under the local cloud's HTTP server: a thread per connection up to
a cap, a deadline for each request head, and a drain on stop.

A connection over the cap gets the server's ``refusal()`` bytes and is closed at once, from the
accepting thread, so a crowd of slow clients cannot grow the thread count without bound. A reaper
thread shuts down connections whose request head has not arrived by its deadline (a per-read
socket timeout alone lets a client that sends one byte at a time hold a thread forever).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from http.server import ThreadingHTTPServer
from typing import Any

# What socketserver hands a server (a TCP server: always the connection's socket).
_Request = socket.socket | tuple[bytes, socket.socket]


class ConnectionServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], handler: type, max_connections: int, head_timeout: float
    ) -> None:
        self.max_connections = max_connections
        self.stopping = False
        self._connections: set[socket.socket] = set()
        self._heads: dict[Any, float] = {}  # handler -> monotonic deadline of its request head
        self._inflight = 0
        self._idle = threading.Condition()
        self._closed = threading.Event()
        super().__init__(address, handler)
        self._reaper = threading.Thread(
            target=self._reap, args=(min(0.25, head_timeout / 4),), daemon=True
        )
        self._reaper.start()

    def refusal(self) -> bytes:
        """The whole answer sent to a connection over the cap."""
        return b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"

    # Track connections so stop() can wake idle keep-alive readers, and in-flight requests so it
    # can let them finish before the database closes.
    def process_request(self, request: _Request, client_address: Any) -> None:
        assert isinstance(request, socket.socket)  # a TCP server's requests are its connections
        with self._idle:
            full = len(self._connections) >= self.max_connections
            if not full:
                self._connections.add(request)
        if full:
            with contextlib.suppress(OSError):
                request.settimeout(1.0)
                request.sendall(self.refusal())
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def shutdown_request(self, request: _Request) -> None:
        assert isinstance(request, socket.socket)
        with self._idle:
            self._connections.discard(request)
        super().shutdown_request(request)

    def open_connections(self) -> int:
        with self._idle:
            return len(self._connections)

    # --- request-head deadlines -----------------------------------------------------------
    def watch(self, handler: Any, deadline: float) -> None:
        with self._idle:
            self._heads[handler] = deadline

    def unwatch(self, handler: Any) -> None:
        with self._idle:
            self._heads.pop(handler, None)

    def _reap(self, interval: float) -> None:
        while not self._closed.wait(interval):
            now = time.monotonic()
            with self._idle:
                late = [h for h, deadline in self._heads.items() if deadline <= now]
                for handler in late:
                    del self._heads[handler]
            for handler in late:
                handler.head_expired = True
                with contextlib.suppress(OSError):
                    handler.connection.shutdown(socket.SHUT_RDWR)

    def server_close(self) -> None:
        self._closed.set()
        super().server_close()

    # --- in-flight requests ---------------------------------------------------------------
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
