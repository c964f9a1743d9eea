"""The session under oss2 reads proxies from the environment once per host, and otherwise
merges settings exactly as ``requests`` does; a request without a body takes a shorter road that
puts the same bytes on the wire as oss2's own session."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import oss2
import oss2.exceptions
import oss2.http
import pytest
import requests

from srrtui.cloud.http_session import EnvironmentOnceSession, oss_session

URLS = [
    "http://bucket-a.oss-cn-hangzhou.aliyuncs.com/?replication",
    "https://bucket-a.oss-cn-hangzhou.aliyuncs.com/?replication",
    "http://127.0.0.1:9000/bucket-a?replication",
    "http://internal.example:8080/",
]


@pytest.fixture
def proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "no_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3129")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,internal.example")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/corporate.pem")


@pytest.mark.usefixtures("proxy_env")
@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("proxies", [{}, {"no_proxy": "aliyuncs.com"}, {"http": "http://x:1"}])
@pytest.mark.parametrize("verify", [None, True, False, "/tmp/own.pem"])
def test_settings_match_requests(url: str, proxies: dict[str, str], verify: object) -> None:
    expected = requests.Session().merge_environment_settings(url, dict(proxies), None, verify, None)
    ours = EnvironmentOnceSession()
    for _ in range(2):  # the second answer comes from what was kept
        assert ours.merge_environment_settings(url, dict(proxies), None, verify, None) == expected


@pytest.mark.usefixtures("proxy_env")
def test_environment_is_read_once_per_host(monkeypatch: pytest.MonkeyPatch) -> None:
    session = EnvironmentOnceSession()
    first = session.merge_environment_settings(URLS[0], {}, None, None, None)
    assert first["proxies"]["http"] == "http://proxy.example:3128"
    monkeypatch.setenv("HTTP_PROXY", "http://other.example:1")
    assert session.merge_environment_settings(URLS[0], {}, None, None, None) == first
    # Another host is looked up afresh.
    other = session.merge_environment_settings("http://b.example/", {}, None, None, None)
    assert other["proxies"]["http"] == "http://other.example:1"


@pytest.mark.usefixtures("proxy_env")
def test_trust_env_off_ignores_the_environment() -> None:
    session = EnvironmentOnceSession()
    session.trust_env = False
    settings = session.merge_environment_settings(URLS[0], {}, None, None, None)
    assert settings["proxies"] == {} and settings["verify"] is True


def test_oss_session_keeps_oss2s_pools() -> None:
    session = oss_session(32)
    assert isinstance(session.session, EnvironmentOnceSession)
    adapter = session.session.get_adapter("http://bucket.oss-cn-hangzhou.aliyuncs.com/")
    assert adapter._pool_maxsize == 32


class Recorder(BaseHTTPRequestHandler):
    """Answers every request with 200 and its body, or a 302 for paths under /moved, and
    records the request line and headers as they arrived."""

    seen: list[tuple[str, list[tuple[str, str]]]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.seen.append((self.requestline, sorted(self.headers.items())))
        if self.path.startswith("/moved"):
            self.send_response(302)
            self.send_header("Location", "/landed")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"<ok/>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_DELETE = do_GET  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def oss2_request(url: str, method: str = "GET") -> oss2.http.Request:
    # As oss2.Bucket._do builds them: its own User-Agent, "Accept-Encoding: None" to drop
    # requests' default, the sub-resource as a parameter with an empty value.
    return oss2.http.Request(
        method, url, params={"replication": ""}, headers={"x-oss-date": "20261204T000000Z"}
    )


@pytest.mark.usefixtures("proxy_env")
@pytest.mark.parametrize("method", ["GET", "HEAD", "DELETE"])
@pytest.mark.parametrize("path", ["/bucket-a", "/moved"])
def test_a_request_without_a_body_arrives_as_oss2_sends_it(
    recorder: str, method: str, path: str
) -> None:
    expected = oss2.http.Session().do_request(oss2_request(recorder + path, method), 5)
    expected_body = expected.read()
    sent_by_oss2 = list(Recorder.seen)
    Recorder.seen.clear()
    ours = oss_session(4).do_request(oss2_request(recorder + path, method), 5)
    if path == "/moved":  # a redirect answer is sent again oss2's way, which follows it
        assert Recorder.seen == sent_by_oss2[:1] + sent_by_oss2
    else:  # request line and headers
        assert Recorder.seen == sent_by_oss2
    assert (ours.status, ours.read()) == (expected.status, expected_body)
    assert ours.status == 200


def test_proxies_from_the_environment_still_apply(
    recorder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", recorder)
    url = "http://bucket-a.oss-cn-hangzhou.aliyuncs.com/"
    assert oss_session(4).do_request(oss2_request(url), 5).status == 200
    request_line, _ = Recorder.seen[0]
    assert request_line == f"GET {url}?replication= HTTP/1.1"  # asked of the proxy


def test_a_refused_connection_is_oss2s_request_error() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(oss2.exceptions.RequestError):
        oss_session(4).do_request(oss2_request(f"http://127.0.0.1:{port}/bucket-a"), 5)
