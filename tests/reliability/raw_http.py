"""Raw-socket HTTP clients for the reliability suite: requests cut short, trickled or left silent,
which no SDK sends, with the answer read back by http.client's parser."""

from __future__ import annotations

import http.client
import socket
from xml.etree import ElementTree as ET

from reliability_wire import Captured


def connect(port: int, timeout: float = 5.0) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def head_bytes(request: Captured, **override: str) -> bytes:
    """The request line and headers of ``request``; ``override`` replaces or (with "") drops
    headers, e.g. ``Content_Length="1048576"``."""
    headers = {k: v for k, v in request.headers.items()}
    for name, value in override.items():
        name = name.replace("_", "-")
        headers = {k: v for k, v in headers.items() if k.lower() != name.lower()}
        if value:
            headers[name] = value
    lines = [f"{request.method} {request.target} HTTP/1.1"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def read_reply(conn: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Status, lower-cased headers and body of the next answer on ``conn``."""
    response = http.client.HTTPResponse(conn)
    response.begin()
    body = response.read()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def raw_exchange(port: int, data: bytes, timeout: float = 5.0) -> tuple[int, dict[str, str], bytes]:
    with connect(port, timeout) as conn:
        conn.sendall(data)
        return read_reply(conn)


def xml_code(body: bytes) -> str:
    return ET.fromstring(body).findtext("Code") or ""


def closed_by_server(conn: socket.socket) -> bool:
    """True once the server has closed ``conn`` (EOF or reset); waits up to the socket timeout."""
    try:
        while conn.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionError:
        return True
    return True
