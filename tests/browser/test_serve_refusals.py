"""`srrtui serve` over plain HTTP (no browser needed): the page and the websocket that drives
the app are served to this machine's own page only. Another web site (a page the user happens
to have open) and a DNS-rebound host name are refused, since the app runs with the user's
credentials. A session that is open when Ctrl+C comes is ended cleanly with its app."""

from __future__ import annotations

import base64
import http.client
import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from served import Served


def get(served: Served, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    address = urlsplit(served.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    connection.request("GET", path, headers=headers)
    return connection.getresponse()


def upgrade(origin: str | None, host: str) -> dict[str, str]:
    headers = {
        "Host": host,
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
    }
    if origin is not None:
        headers["Origin"] = origin
    return headers


def test_the_page_follows_the_address_the_browser_used(served: Served) -> None:
    port = urlsplit(served.url).port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost:8080"):  # ssh -L too
        response = get(served, "/", {"Host": host})
        page = response.read().decode()
        assert response.status == 200, page
        assert f'data-session-websocket-url="ws://{host}/ws"' in page
        assert f"http://{host}/static/js/textual.js" in page
        assert "googleapis" not in page and "https://" not in page  # nothing from elsewhere


def test_a_rebound_host_name_gets_no_page(served: Served) -> None:
    port = urlsplit(served.url).port
    response = get(served, "/", {"Host": f"attacker.example:{port}"})
    assert response.status == 403
    assert "127.0.0.1 and localhost only" in response.read().decode()


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        ("http://attacker.example", "127.0.0.1:{port}"),  # another site's page, same browser
        (None, "127.0.0.1:{port}"),
        ("http://127.0.0.1:1", "127.0.0.1:{port}"),  # another local port's page
        ("http://attacker.example:{port}", "attacker.example:{port}"),  # DNS rebinding
    ],
)
def test_other_pages_cannot_drive_the_app(served: Served, origin: str | None, host: str) -> None:
    port = urlsplit(served.url).port
    origin = origin.format(port=port) if origin else None
    response = get(served, "/ws", upgrade(origin, host.format(port=port)))
    assert response.status == 403
    assert not list(Path(served.env["TMPDIR"]).glob("srrtui-demo-*")), "an app was started"


def test_ctrl_c_ends_an_open_session_and_its_app(served: Served) -> None:
    address = urlsplit(served.url)
    host = f"127.0.0.1:{address.port}"
    with socket.create_connection((address.hostname, address.port), timeout=10) as session:
        lines = ["GET /ws?width=80&height=24 HTTP/1.1"]
        lines += [f"{k}: {v}" for k, v in upgrade(f"http://{host}", host).items()]
        session.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        reply = session.recv(4096).decode(errors="replace")
        assert reply.startswith("HTTP/1.1 101"), reply
        session.settimeout(30)
        assert session.recv(1), "the app sent nothing"  # its first frame: it runs
        assert len(served.apps_running()) == 2  # the server and the session's app
        assert served.ctrl_c() == 0
    assert served.apps_gone(), "the session's app outlived srrtui serve"
    assert not list(Path(served.env["TMPDIR"]).glob("srrtui-demo-*"))
    assert "Traceback" not in served.output(), served.output()
