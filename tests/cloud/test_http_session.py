"""The session under oss2 reads proxies from the environment once per host, and otherwise
merges settings exactly as ``requests`` does."""

from __future__ import annotations

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
