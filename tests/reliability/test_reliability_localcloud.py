"""Hardening of the local cloud against what a hostile client sends: signed requests tampered
with or replayed, unknown keys, and path traversal in object keys. Every refusal must leave the
stored state exactly as it was. (Bodies and HTTP framing: test_reliability_localcloud_bodies.py.)

The signed requests are captured from the real SDKs (reliability_wire.capture) and replayed with
one thing changed, so each case isolates the part of the signature it is about.
"""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import oss2
import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi.models import Config
from reliability_wire import (
    BUCKET,
    REGION,
    Captured,
    bucket,
    capture,
    error_code,
    file_tree,
    send,
    world,
)

from srrtui.domain.policies import trust_policy_json
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

AK, SK = DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
KEY = "original.txt"
BODY = b"the original bytes"
ROLE = "ReplayedRole"
STALE = timedelta(minutes=16)  # beyond OSS's and RAM's 15-minute window


# --- clients -------------------------------------------------------------------------------
def _ram(endpoint: str) -> RamClient:
    host = endpoint.removeprefix("http://")
    config = Config(
        access_key_id=AK, access_key_secret=SK, endpoint=host, protocol="http", region_id=REGION
    )
    return RamClient(config)


def _put_original(scheme: str) -> Callable[[str], object]:
    """PutObject with a signed header and a Content-MD5, so both the headers and the body are
    covered by what the server checks (V1 signs Content-MD5; V4 signs it by default)."""
    md5 = base64.b64encode(hashlib.md5(BODY).digest()).decode()
    headers = {"Content-MD5": md5, "x-oss-meta-note": "original"}
    return lambda endpoint: bucket(endpoint, scheme).put_object(KEY, BODY, headers=headers)


def _create_role(endpoint: str) -> object:
    request = ram_models.CreateRoleRequest(
        role_name=ROLE, assume_role_policy_document=trust_policy_json(indent=None)
    )
    return _ram(endpoint).create_role(request)


def _signed_now(scheme: str) -> Captured:
    return capture(_create_role if scheme == "acs3" else _put_original(scheme))


# --- tampering -----------------------------------------------------------------------------
def _tampered_body(request: Captured) -> Captured:
    return request.with_body(b"X" * len(request.body))


def _v4_declared_hash(request: Captured) -> Captured:
    # Declare the hash of a new body: the declared hash is signed, so this must not verify.
    changed = _tampered_body(request)
    return changed.with_header("x-oss-content-sha256", hashlib.sha256(changed.body).hexdigest())


def _other_key_id(request: Captured) -> Captured:
    authorization = request.header("authorization").replace(AK, "LTAI-NOBODY-RELIABILITY", 1)
    return request.with_header("Authorization", authorization)


def _retarget(old: str, new: str) -> Callable[[Captured], Captured]:
    def change(request: Captured) -> Captured:
        assert old in request.target
        return request.with_target(request.target.replace(old, new, 1))

    return change


def _header(name: str, value: str) -> Callable[[Captured], Captured]:
    return lambda request: request.with_header(name, value)


MISMATCH_OSS, MISMATCH_RAM = (403, "SignatureDoesNotMatch"), (400, "SignatureDoesNotMatch")
# (scheme, what changes after signing, change, expected status and code)
TAMPERING = [
    *[
        case
        for scheme in ("v1", "v4")
        for case in [
            (scheme, "signed header", _header("x-oss-meta-note", "tampered"), MISMATCH_OSS),
            (scheme, "object key", _retarget(KEY, "other.txt"), MISMATCH_OSS),
            # PutObject turned into PutObjectTagging: a sub-resource is part of both signatures.
            (scheme, "query", _retarget(KEY, KEY + "?tagging"), MISMATCH_OSS),
            (scheme, "body", _tampered_body, (400, "InvalidDigest")),
            (scheme, "key id", _other_key_id, (403, "InvalidAccessKeyId")),
        ]
    ],
    ("v4", "declared payload hash", _v4_declared_hash, MISMATCH_OSS),
    ("acs3", "signed header", _header("x-acs-action", "DeleteRole"), MISMATCH_RAM),
    ("acs3", "query", _retarget(f"RoleName={ROLE}", "RoleName=Intruder"), MISMATCH_RAM),
    ("acs3", "body", lambda r: r.with_body(b"x"), MISMATCH_RAM),
    ("acs3", "key id", _other_key_id, (404, "InvalidAccessKeyId.NotFound")),
]


@pytest.mark.parametrize(
    ("scheme", "change", "expected"),
    [(scheme, change, expected) for scheme, _, change, expected in TAMPERING],
    ids=[f"{scheme}-{what}" for scheme, what, _, _ in TAMPERING],
)
def test_a_request_changed_after_signing_is_refused_and_changes_nothing(
    cloud: LocalCloud,
    scheme: str,
    change: Callable[[Captured], Captured],
    expected: tuple[int, str],
) -> None:
    original = _signed_now(scheme)
    before = world(cloud)
    status, _, body = send(cloud.endpoint, change(original))
    assert (status, error_code(body)) == expected
    assert world(cloud) == before

    # The control: the same capture, unchanged, is accepted, so the change alone was refused.
    assert send(cloud.endpoint, original)[0] == 200
    assert world(cloud) != before
    if scheme == "acs3":
        assert _ram(cloud.endpoint).get_role(ram_models.GetRoleRequest(role_name=ROLE))
    else:
        stored = bucket(cloud.endpoint).get_object(KEY)
        assert (stored.read(), stored.headers["x-oss-meta-note"]) == (BODY, "original")


# --- replays -------------------------------------------------------------------------------
@pytest.fixture
def past_clocks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make oss2 (V1 Date, V4 x-oss-date) and the OpenAPI client (x-acs-date) sign as if it were
    16 minutes ago: what they capture is an old request an attacker replays now."""
    import oss2.auth
    import oss2.utils
    from alibabacloud_tea_openapi.utils import Utils

    http_date = oss2.utils.http_date

    class _PastDatetime(datetime):
        @classmethod
        def utcnow(cls) -> datetime:  # type: ignore[override]
            return datetime.utcnow() - STALE

    def past_http_date(timeval: float | None = None) -> str:
        return http_date(time.time() - STALE.total_seconds())

    monkeypatch.setattr(oss2.utils, "http_date", past_http_date)
    monkeypatch.setattr(oss2.auth, "datetime", _PastDatetime)
    monkeypatch.setattr(
        Utils,
        "get_timestamp",
        staticmethod(lambda: (datetime.utcnow() - STALE).strftime("%Y-%m-%dT%H:%M:%SZ")),
    )
    yield


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ("v1", (403, "RequestTimeTooSkewed")),
        ("v4", (403, "RequestTimeTooSkewed")),
        ("acs3", (400, "InvalidTimeStamp.Expired")),
    ],
)
def test_a_request_signed_over_15_minutes_ago_is_refused(
    cloud: LocalCloud, past_clocks: None, scheme: str, expected: tuple[int, str]
) -> None:
    old = _signed_now(scheme)
    before = world(cloud)
    status, _, body = send(cloud.endpoint, old)
    assert (status, error_code(body)) == expected
    assert world(cloud) == before


def test_a_replayed_ram_request_is_refused_by_its_nonce(cloud: LocalCloud) -> None:
    created = _signed_now("acs3")
    assert send(cloud.endpoint, created)[0] == 200
    client = _ram(cloud.endpoint)
    client.delete_role(ram_models.DeleteRoleRequest(role_name=ROLE))
    after_delete = world(cloud)

    # The exact bytes again, well inside the time window: the nonce alone stops it, and the
    # deleted role does not come back.
    status, _, body = send(cloud.endpoint, created)
    assert (status, error_code(body)) == (400, "SignatureNonceUsed")
    assert world(cloud) == after_delete


def test_a_refused_request_does_not_burn_its_nonce(cloud: LocalCloud) -> None:
    """A tampered copy must not use up the nonce of the genuine request (else anyone who sees a
    request in flight could make it fail)."""
    genuine = _signed_now("acs3")
    forged = _retarget(f"RoleName={ROLE}", "RoleName=Intruder")(genuine)
    assert error_code(send(cloud.endpoint, forged)[2]) == "SignatureDoesNotMatch"
    assert send(cloud.endpoint, genuine)[0] == 200


# --- path traversal in object keys ---------------------------------------------------------
ESCAPE = f"srrtui-escape-{uuid.uuid4().hex[:8]}"
# (the key as stored, the raw request paths that must all address exactly that key)
TRAVERSALS = [
    (
        "../../etc/passwd",
        ["../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd"],
    ),
    (f"../../../../../../tmp/{ESCAPE}", [f"../../../../../../tmp/{ESCAPE}"]),
    (f"a/../../{ESCAPE}", [f"a/../../{ESCAPE}", f"a%2F..%2F..%2F{ESCAPE}"]),
    (f"..\\..\\{ESCAPE}.ini", [f"..%5C..%5C{ESCAPE}.ini", f"..\\..\\{ESCAPE}.ini"]),
    (f"%2e%2e%2f{ESCAPE}", [f"%252e%252e%252f{ESCAPE}"]),  # a literal percent stays literal
    (f"nul\x00{ESCAPE}", [f"nul%00{ESCAPE}"]),
    (f"./{ESCAPE}/.", [f"./{ESCAPE}/.", f"%2E/{ESCAPE}/%2E"]),
]
REFUSED_PATHS = {
    "/etc/passwd": "absolute key",
    "\\etc\\passwd": "absolute Windows key",
}


def _put_raw_path(cloud: LocalCloud, key: str, raw_path: str, body: bytes) -> int:
    """PutObject signed (V1) for ``key`` but sent with ``raw_path`` as the request path: V1 signs
    the decoded key, so every encoding of the same key carries the same valid signature."""
    signed = capture(lambda endpoint: bucket(endpoint, "v1").put_object(key, body))
    assert signed.target.startswith(f"/{BUCKET}/")
    return send(cloud.endpoint, signed.with_target(f"/{BUCKET}/{raw_path}"))[0]


def _outside(tmp_path: Path) -> list[tuple[str, int]]:
    """Everything under the test's directory except the cloud's own SQLite files, whose sizes
    change with every write."""
    return [
        (name, size)
        for name, size in file_tree(tmp_path)
        if not Path(name).name.startswith("cloud.sqlite3") and not name.startswith("cloud/blobs")
    ]


def test_traversal_keys_are_opaque_and_nothing_escapes_the_data_dir(
    cloud: LocalCloud, tmp_path: Path
) -> None:
    before = _outside(tmp_path)
    passwd = Path("/etc/passwd").stat() if Path("/etc/passwd").exists() else None
    client = bucket(cloud.endpoint)
    for key, raw_paths in TRAVERSALS:
        for index, raw_path in enumerate(raw_paths):
            body = f"{key}#{index}".encode()
            assert _put_raw_path(cloud, key, raw_path, body) == 200, raw_path
            # Read back through the SDK's own encoding: the same key, the latest bytes.
            assert client.get_object(key).read() == body, raw_path
    assert sorted(o.key for o in oss2.ObjectIterator(client)) == sorted(k for k, _ in TRAVERSALS)

    for raw_path in REFUSED_PATHS:
        assert _put_raw_path(cloud, raw_path, raw_path, b"x") == 400, REFUSED_PATHS[raw_path]

    # Only content-addressed blobs were added, all inside the data directory.
    assert _outside(tmp_path) == before
    blobs = [Path(n) for n, size in file_tree(cloud.data_dir / "blobs") if size >= 0]
    assert all(len(p.name) == 64 and len(p.parts) == 2 for p in blobs)
    for place in (Path("/tmp"), cloud.data_dir.parent, cloud.data_dir.parent.parent):
        assert not list(place.glob(f"*{ESCAPE}*"))
    if passwd is not None:
        assert Path("/etc/passwd").stat().st_mtime == passwd.st_mtime


def test_an_overlong_utf8_dot_is_an_invalid_name_not_a_traversal(cloud: LocalCloud) -> None:
    # %C0%AE is an overlong "." that lax decoders turn into a dot; strict UTF-8 refuses it.
    signed = capture(lambda endpoint: bucket(endpoint, "v1").put_object("x", b"x"))
    request = signed.with_target(f"/{BUCKET}/%C0%AE%C0%AE/{quote(ESCAPE)}")
    before = world(cloud)
    status, _, body = send(cloud.endpoint, request)
    assert (status, error_code(body)) == (400, "InvalidObjectName")
    assert world(cloud) == before
