"""Oversized and malformed request bodies and broken HTTP framing against the local cloud: each
gets a 4xx (MalformedXML for a body an XML API cannot take), nothing stored changes, nothing is
logged as a local cloud bug, and the server answers the next request.
"""

from __future__ import annotations

import base64
import hashlib
import re
import socket

import oss2
import pytest
from reliability_wire import BUCKET, assert_serving, bucket, world

from srrtui.localcloud import LocalCloud

KEY = "tagged.txt"


# --- XML bodies ----------------------------------------------------------------------------
def _replication_body(padding: int = 0) -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n<ReplicationConfiguration><Rule>"
        "<PrefixSet><Prefix>" + "p" * padding + "</Prefix></PrefixSet><Action>PUT</Action>"
        "<Destination><Bucket>other-bucket</Bucket><Location>oss-cn-hangzhou</Location>"
        "</Destination></Rule></ReplicationConfiguration>"
    ).encode()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]><VersioningConfiguration><Status>&lol9;</Status></VersioningConfiguration>"
)
MALFORMED = {
    "truncated": b"<VersioningConfiguration><Status>Enab",
    "binary junk": bytes(range(256)) * 4,
    "not xml": b"Status=Enabled",
    "wrong root": b"<Hello><Status>Enabled</Status><ID>x</ID><Object><Key>k</Key></Object></Hello>",
    "internal entity": (
        b'<!DOCTYPE x [<!ENTITY e "Enabled">]>'
        b"<VersioningConfiguration><Status>&e;</Status></VersioningConfiguration>"
    ),
    "external entity": (
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<VersioningConfiguration><Status>&e;</Status></VersioningConfiguration>"
    ),
    "billion laughs": LAUGHS,
    "deep nesting": b"<a>" * 50_000 + b"</a>" * 50_000,
    "utf-16 junk": "<VersioningConfiguration>".encode("utf-16"),
}
# Every operation of the local cloud that reads an XML body -> (method, params, object key).
XML_OPERATIONS = {
    "PutBucket": ("PUT", {}, ""),  # CreateBucketConfiguration, on the existing bucket
    "PutBucketVersioning": ("PUT", {"versioning": ""}, ""),
    "PutBucketReplication": ("POST", {"replication": "", "comp": "add"}, ""),
    "DeleteBucketReplication": ("POST", {"replication": "", "comp": "delete"}, ""),
    "DeleteMultipleObjects": ("POST", {"delete": ""}, ""),
    "PutObjectTagging": ("PUT", {"tagging": ""}, KEY),
}


def _signed_call(
    cloud: LocalCloud, method: str, params: dict[str, str], key: str, body: bytes
) -> tuple[int, str]:
    client = bucket(cloud.endpoint)
    headers = {"Content-MD5": base64.b64encode(hashlib.md5(body).digest()).decode()}
    try:
        client._do(method, BUCKET, key, params=params, data=body, headers=headers)  # noqa: SLF001
    except oss2.exceptions.OssError as error:
        return error.status, error.code
    return 200, ""


@pytest.mark.parametrize("operation", sorted(XML_OPERATIONS))
def test_malformed_xml_bodies_are_malformed_xml_and_change_nothing(
    cloud: LocalCloud, operation: str
) -> None:
    method, params, key = XML_OPERATIONS[operation]
    bucket(cloud.endpoint).put_object(KEY, b"tagged")
    before = world(cloud)
    answers = {
        name: _signed_call(cloud, method, params, key, body) for name, body in MALFORMED.items()
    }
    assert answers == dict.fromkeys(MALFORMED, (400, "MalformedXML"))
    assert world(cloud) == before
    assert_serving(cloud)


def test_an_oversized_replication_body_is_refused_before_parsing(cloud: LocalCloud) -> None:
    body = _replication_body(padding=2 * 1024 * 1024)
    before = world(cloud)
    status, code = _signed_call(cloud, "POST", {"replication": "", "comp": "add"}, "", body)
    assert (status, code) == (400, "MalformedXML")
    assert world(cloud) == before
    assert_serving(cloud)


def _raw_status(cloud: LocalCloud, data: bytes) -> int:
    """Send raw bytes on a fresh connection and read the answer until the server closes it."""
    with socket.create_connection(("127.0.0.1", cloud.port), timeout=5) as conn:
        conn.sendall(data)
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    if reply.startswith(b"HTTP/1."):
        return int(reply.split()[1])
    # A request line without a version is HTTP/0.9, whose answer is a bare body.
    found = re.search(rb"Error code: (\d+)", reply)
    assert found, reply[:200]
    return int(found.group(1))


PUT_VERSIONING = f"PUT /{BUCKET}?versioning HTTP/1.1\r\nHost: x\r\n".encode()
# Each case ends where the server stops reading: bytes left unread when it closes the connection
# would turn the close into a TCP reset that can destroy its answer before the client reads it.
BROKEN_FRAMING = {
    "header line over 64 KiB": b"GET / HTTP/1.1\r\nX-Big: " + b"a" * (65537 - 7),
    "101 headers": b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(101)),
    "request line over 64 KiB": b"GET /" + b"a" * (65537 - 5),
    "binary request line": b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\xff\xfe\r\n",
    "body over the 64 MiB limit": PUT_VERSIONING + b"Content-Length: 999999999999\r\n\r\n",
    "negative Content-Length": PUT_VERSIONING + b"Content-Length: -5\r\n\r\n",
    "non-numeric Content-Length": PUT_VERSIONING + b"Content-Length: lots\r\n\r\n",
    "bad chunk size": PUT_VERSIONING + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n",
    "negative chunk size": PUT_VERSIONING + b"Transfer-Encoding: chunked\r\n\r\n-5\r\n",
}


@pytest.mark.parametrize("case", list(BROKEN_FRAMING))
def test_broken_http_framing_gets_a_4xx_and_the_server_keeps_serving(
    cloud: LocalCloud, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    assert 400 <= _raw_status(cloud, BROKEN_FRAMING[case]) < 500
    # A client's mistake is not a local cloud bug: nothing is logged as an unhandled error.
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    assert_serving(cloud)
