"""The short road for bodiless GETs (srrtui/cloud/quick_get.py): oss2 signs, urllib3 sends. It
must read what oss2's own road reads, fail as it fails, and step aside where it cannot do the
same (a proxy, a redirect). Against the local cloud through the real oss2, and against a
recording server on 127.0.0.1 for what arrives on the wire."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import oss2
import pytest

from srrtui.cloud import requestlog
from srrtui.cloud.errors import NETWORK_ERROR
from srrtui.cloud.http_session import oss_session
from srrtui.cloud.quick_get import QuickGet
from srrtui.cloud.retry import RetryPolicy
from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import CloudError, Connection
from srrtui.domain.plan import ReplicationPlan
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

SOURCE, DESTINATION = "srr-source", "srr-destination"  # as tests/cloud/conftest.py

REGION = "cn-hangzhou"
TIMEOUT = (5.0, 10.0)


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Callable[[], list[str]]]:
    path = requestlog.start(tmp_path / "log")
    yield lambda: path.read_text(encoding="utf-8").splitlines()
    for handler in list(requestlog.log.handlers):
        requestlog.log.removeHandler(handler)
        handler.close()
    requestlog._path = None


def _scene(raw_bucket: Callable[[str], Any]) -> None:
    for name in (SOURCE, DESTINATION):
        raw_bucket(name).create_bucket()


def test_rules_are_read_once_each_on_the_short_road(
    session: CloudSession,
    raw_bucket: Callable[[str], Any],
    debug_log: Callable[[], list[str]],
) -> None:
    _scene(raw_bucket)
    assert session.list_rules(SOURCE) == []  # 404 NoSuchReplicationConfiguration: no rules
    plan = ReplicationPlan(
        source_bucket=SOURCE, source_region=REGION, destination_bucket=DESTINATION
    )
    rule_id = session.enable(plan).rule_id
    rules = session.list_rules(SOURCE)
    assert [(r.rule_id, r.destination_bucket) for r in rules] == [(rule_id, DESTINATION)]
    assert CloudSession(session.connection, signature="v1").list_rules(SOURCE) == rules
    # oss2's own model of the same answer agrees.
    theirs = raw_bucket(SOURCE).get_bucket_replication().rule_list
    assert [(r.rule_id, r.target_bucket_name) for r in theirs] == [(rule_id, DESTINATION)]
    reads = [line for line in debug_log() if " GetBucketReplication " in line]
    # The first read's 404 is logged as the error it is, and no read was sent twice.
    assert re.search(r"status=404 error=NoSuchReplicationConfiguration request_id=\w+", reads[0])
    assert len(reads) == len({line.split("request_id=")[1].split()[0] for line in reads})


@pytest.mark.parametrize("bucket", ["no-such-bucket", SOURCE])
def test_an_error_answer_is_the_error_oss2_raises(
    local_cloud: LocalCloud, raw_bucket: Callable[[str], Any], bucket: str
) -> None:
    _scene(raw_bucket)
    wrong = Connection(
        endpoint=local_cloud.endpoint,
        region=REGION,
        access_key_id=DEMO_ACCESS_KEY_ID,
        access_key_secret="not-the-secret" if bucket == SOURCE else DEMO_ACCESS_KEY_SECRET,
    )
    with pytest.raises(CloudError) as ours:
        CloudSession(wrong).list_rules(bucket)
    auth = oss2.AuthV4(wrong.access_key_id, wrong.access_key_secret)
    with pytest.raises(oss2.exceptions.OssError) as theirs:
        oss2.Bucket(auth, local_cloud.endpoint, bucket, region=REGION).get_bucket_replication()
    expected = {"no-such-bucket": "NoSuchBucket", SOURCE: "SignatureDoesNotMatch"}[bucket]
    assert (ours.value.code, ours.value.status) == (expected, theirs.value.status)
    assert ours.value.message == theirs.value.message
    assert ours.value.request_id and ours.value.operation == "GetBucketReplication"
    assert "not-the-secret" not in str(ours.value)


def test_a_refused_connection_is_a_network_error() -> None:
    with socket.socket() as unused:  # bound, never listening: connections are refused
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    connection = Connection(
        endpoint=f"http://127.0.0.1:{port}",
        region=REGION,
        access_key_id=DEMO_ACCESS_KEY_ID,
        access_key_secret=DEMO_ACCESS_KEY_SECRET,
    )
    sleeps: list[float] = []
    policy = RetryPolicy(attempts=2, base_delay=0.1, max_delay=1.0, sleep=sleeps.append)
    with pytest.raises(CloudError) as raised:
        CloudSession(connection, policy=policy).list_rules("some-bucket")
    assert raised.value.code == NETWORK_ERROR and len(sleeps) == 1  # retried once, as before


def test_tls_is_verified_with_the_bundle_requests_would_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LocalCloud(tmp_path / "cloud", tls=True) as cloud:
        auth = oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
        connection = Connection(
            endpoint=cloud.endpoint,
            region=REGION,
            access_key_id=DEMO_ACCESS_KEY_ID,
            access_key_secret=DEMO_ACCESS_KEY_SECRET,
        )
        monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
        monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
        # Not trusted: the local cloud's CA is in no default bundle.
        with pytest.raises(CloudError) as raised:
            CloudSession(connection).list_rules(SOURCE)
        assert raised.value.code == NETWORK_ERROR
        assert "CERTIFICATE_VERIFY_FAILED" in raised.value.message
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cloud.ca_file))
        session = oss2.Session()  # oss2's own road, trusting the bundle the same way
        oss2.Bucket(auth, cloud.endpoint, SOURCE, region=REGION, session=session).create_bucket()
        assert CloudSession(connection).list_rules(SOURCE) == []


# --- on the wire ---------------------------------------------------------------------------
class Recorder(BaseHTTPRequestHandler):
    """Answers 200 ``<ok/>``, or a 302 for bucket ``moved``; records request lines and headers."""

    seen: list[tuple[str, dict[str, str]]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.seen.append((self.requestline, dict(self.headers.items())))
        moved = self.path.startswith("/moved")
        body = b"" if moved else b"<ok/>"
        self.send_response(302 if moved else 200)
        if moved:
            self.send_header("Location", "/landed")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _quick(endpoint: str) -> tuple[QuickGet, Any]:
    auth = oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    session = oss_session(4)
    template = oss2.Bucket(auth, endpoint, "template", region=REGION, session=session)
    return QuickGet(template, session.session, 4), template


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.mark.usefixtures("no_proxy_env")
def test_the_request_on_the_wire_is_oss2s(recorder: str) -> None:
    quick, template = _quick(recorder)
    answer = quick.get("bucket-a", {"replicationProgress": "", "rule-id": "r-1"}, TIMEOUT)
    assert answer is not None and (answer.status, answer.read()) == (200, b"<ok/>")
    template.bucket_name = "bucket-a"
    template._do("GET", "bucket-a", "", params={"replicationProgress": "", "rule-id": "r-1"})
    (ours_line, ours), (theirs_line, theirs) = Recorder.seen
    assert ours_line == theirs_line == "GET /bucket-a/?replicationProgress=&rule-id=r-1 HTTP/1.1"
    signed_at = {"x-oss-date", "Authorization"}  # the same but for the second they were made
    assert {k: v for k, v in ours.items() if k not in signed_at} == {
        k: v for k, v in theirs.items() if k not in signed_at
    }
    assert ours.keys() == theirs.keys()


@pytest.mark.usefixtures("no_proxy_env")
def test_a_redirect_takes_oss2s_road(recorder: str) -> None:
    quick, _ = _quick(recorder)
    assert quick.get("moved", {"replication": ""}, TIMEOUT) is None  # path style: /moved/
    assert len(Recorder.seen) == 1  # asked once; the caller's oss2 road follows it


def test_a_proxy_in_the_environment_takes_oss2s_road(
    recorder: str, monkeypatch: pytest.MonkeyPatch, no_proxy_env: None
) -> None:
    monkeypatch.setenv("HTTP_PROXY", recorder)
    quick, _ = _quick("http://oss-cn-hangzhou.aliyuncs.com")
    assert quick.get("bucket-a", {"replication": ""}, TIMEOUT) is None
    assert Recorder.seen == []  # nothing sent around the proxy
