"""KMS through the real OpenAPI client against a minimal KMS stand-in on loopback.

The local cloud serves no KMS, so this tiny server answers ListKeys / DescribeKey with the JSON
shapes of the KMS API reference (2016-01-20) and checks that the request is a signed RPC call.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from srrtui.cloud.kms import KmsAdapter
from srrtui.cloud.retry import RetryPolicy
from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import CheckStatus, CloudError, Connection, KmsKey
from srrtui.domain.plan import KmsChoice, ReplicationPlan

KEYS = {
    "key-enabled": ("Enabled", "replica key"),
    "key-disabled": ("Disabled", "retired"),
    "key-pending": ("PendingDeletion", ""),
}


class _Kms(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        form = parse_qs(self.rfile.read(length).decode()) if length else {}
        query = {**parse_qs(urlparse(self.path).query), **form}
        action = self.headers.get("x-acs-action", "")
        assert self.headers.get("x-acs-version") == "2016-01-20"
        assert self.headers.get("authorization", "").startswith("ACS3-HMAC-SHA256 ")
        status, body = 200, {"RequestId": "KMS-REQ-1"}
        if action == "ListKeys":
            page = int(query.get("PageNumber", ["1"])[0])
            ids = sorted(KEYS) if page == 1 else []
            body |= {"Keys": {"Key": [{"KeyId": k} for k in ids]}, "TotalCount": len(KEYS)}
        elif action == "DescribeKey":
            key_id = query.get("KeyId", [""])[0]
            if key_id in KEYS:
                state, description = KEYS[key_id]
                body["KeyMetadata"] = {
                    "KeyId": key_id,
                    "KeyState": state,
                    "Description": description,
                }
            else:
                status = 404
                body |= {
                    "Code": "Forbidden.KeyNotFound",
                    "Message": "The specified Key is not found.",
                }
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def kms_endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Kms)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def kms(kms_endpoint: str, policy: RetryPolicy) -> KmsAdapter:
    connection = Connection(
        "http://127.0.0.1:1", "cn-hangzhou", "LTAI-TEST", "secret", ram_endpoint=kms_endpoint
    )
    return KmsAdapter(connection, policy=policy)


def test_lists_keys_with_state_and_description(kms: KmsAdapter) -> None:
    assert kms.list_keys() == [
        KmsKey("key-disabled", "Disabled", "retired"),
        KmsKey("key-enabled", "Enabled", "replica key"),
        KmsKey("key-pending", "PendingDeletion", ""),
    ]


def test_a_missing_key_is_none(kms: KmsAdapter) -> None:
    assert kms.describe_key("key-missing") is None


def test_listing_failure_says_it_could_not_list(policy: RetryPolicy) -> None:
    unreachable = Connection("http://127.0.0.1:9", "cn-hangzhou", "ak", "sk")
    with pytest.raises(CloudError) as raised:
        KmsAdapter(unreachable, policy=policy).list_keys()
    assert raised.value.code == "NetworkError"
    assert raised.value.message.startswith("could not list keys: ")


@pytest.mark.parametrize(
    ("cmk", "status", "title"),
    [
        ("key-enabled", CheckStatus.PASS, "the KMS key key-enabled is enabled"),
        ("key-disabled", CheckStatus.FAIL, "the KMS key key-disabled is Disabled"),
        ("key-pending", CheckStatus.FAIL, "the KMS key key-pending is PendingDeletion"),
        ("key-missing", CheckStatus.FAIL, "the KMS key key-missing does not exist"),
    ],
)
def test_preflight_checks_the_replica_key(
    session: CloudSession,
    kms: KmsAdapter,
    buckets: tuple[Any, Any],
    plan: ReplicationPlan,
    cmk: str,
    status: CheckStatus,
    title: str,
) -> None:
    session.kms = kms  # the session's KMS adapter, pointed at the stand-in
    report = session.preflight(plan.with_changes(kms=KmsChoice(True, cmk)))
    assert [(line.status, line.title) for line in report.lines if "KMS key" in line.title] == [
        (status, title)
    ]
