"""Verifying credentials with one signed ListBuckets call, against the local cloud.

The local cloud tests use the ``local_cloud`` fixture from tests/conftest.py. The network tests
need no cloud: they talk to ports on 127.0.0.1 that refuse or never answer."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from credentials_helpers import KEY_ID, SECRET

from srrtui.cloud.types import Connection
from srrtui.credentials import ResolvedCredentials, verify
from srrtui.credentials.verify import network_message
from srrtui.localcloud import LocalCloud


@pytest.fixture
def cloud(local_cloud: LocalCloud) -> LocalCloud:
    return local_cloud


@contextmanager
def own_cloud(tmp_path: Path, **config: Any) -> Iterator[Any]:
    """A local cloud with settings the shared fixture does not have (tokens, clock limits)."""
    tokens = config.pop("security_tokens", frozenset())
    instance = LocalCloud(tmp_path / "cloud", security_tokens=tokens, start_delay=0.05)
    instance.config = dataclasses.replace(instance.config, **config)
    with instance:
        yield instance


def _conn(cloud: Any, key_id: str, secret: str, token: str = "") -> Connection:
    return Connection(cloud.endpoint, cloud.config.region, key_id, secret, token)


def _demo_key(cloud: Any) -> tuple[str, str]:
    return next(iter(cloud.config.access_keys.items()))


@pytest.mark.parametrize("signature", ["v1", "v4"])
def test_good_credentials_pass(cloud: Any, signature: str) -> None:
    key_id, secret = _demo_key(cloud)
    result = verify(_conn(cloud, key_id, secret), timeout=5, signature=signature)
    assert result.ok and result.kind == "ok", result


def test_resolved_credentials_are_accepted(cloud: Any) -> None:
    key_id, secret = _demo_key(cloud)
    creds = ResolvedCredentials(
        key_id, secret, source="test", region=cloud.config.region, endpoint=cloud.endpoint
    )
    assert verify(creds, timeout=5).ok


def test_unknown_key_id(cloud: Any) -> None:
    result = verify(_conn(cloud, KEY_ID, SECRET), timeout=5)
    assert not result.ok and result.kind == "auth"
    assert result.code == "InvalidAccessKeyId"
    assert result.message == "the AccessKey ID is not known to Alibaba Cloud (or was disabled)"
    assert result.request_id


@pytest.mark.parametrize("signature", ["v1", "v4"])
def test_wrong_secret(cloud: Any, signature: str) -> None:
    key_id, _ = _demo_key(cloud)
    result = verify(_conn(cloud, key_id, SECRET), timeout=5, signature=signature)
    assert (result.ok, result.code) == (False, "SignatureDoesNotMatch")
    assert result.message == "the AccessKey secret does not match the ID"
    assert SECRET not in repr(result)


def test_clock_too_far_off(tmp_path: Path) -> None:
    # A skew limit below zero makes every request "too skewed": the service's answer is real.
    with own_cloud(tmp_path, max_skew_seconds=-1.0) as skewed:
        key_id, secret = _demo_key(skewed)
        result = verify(_conn(skewed, key_id, secret), timeout=5)
    assert (result.ok, result.kind, result.code) == (False, "clock", "RequestTimeTooSkewed")
    assert "more than 15 minutes off" in result.message


def test_sts_token_is_sent(tmp_path: Path) -> None:
    with own_cloud(tmp_path, security_tokens=frozenset({"good-token"})) as sts:
        key_id, secret = _demo_key(sts)
        assert verify(_conn(sts, key_id, secret, "good-token"), timeout=5).ok
        assert verify(_conn(sts, key_id, secret, "good-token"), signature="v1").ok
        refused = verify(_conn(sts, key_id, secret, "bad-token"), timeout=5)
    assert (refused.ok, refused.kind, refused.code) == (False, "auth", "InvalidSecurityToken")
    assert refused.message == "the STS security token is not valid"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused() -> None:
    endpoint = f"http://127.0.0.1:{_free_port()}"  # nothing listens there any more
    result = verify(Connection(endpoint, "cn-hangzhou", KEY_ID, SECRET), timeout=2)
    assert (result.ok, result.kind) == (False, "network")
    assert (
        result.message
        == f"{endpoint} refused the connection: is the endpoint right, and the service up?"
    )


def test_no_answer_times_out() -> None:
    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}"
        result = verify(Connection(endpoint, "cn-hangzhou", KEY_ID, SECRET), timeout=0.2)
    assert (result.ok, result.kind) == (False, "network")
    assert result.message.startswith(f"no answer from {endpoint} within 0.2 s")


def test_dns_failure_wording() -> None:
    # Real requests exception objects, as oss2 wraps them; no lookup is made.
    error = requests.exceptions.ConnectionError(
        "HTTPSConnectionPool(host='oss-nowhere-1.aliyuncs.com', port=443): Max retries exceeded "
        "(Caused by NameResolutionError: Failed to resolve 'oss-nowhere-1.aliyuncs.com' "
        "([Errno -2] Name or service not known))"
    )
    message = network_message(error, "https://oss-nowhere-1.aliyuncs.com", 10)
    assert message.startswith(
        "the host name oss-nowhere-1.aliyuncs.com could not be resolved (DNS)"
    )
