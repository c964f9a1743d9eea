"""Issue 18 item 8: every error the local cloud answers over OSS's port is OSS-shaped XML with an
x-oss-request-id, whatever the client sent: unknown methods, over-long lines, bad framing,
Unicode digits, control characters in names, folded headers. No 500, no malformed XML.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

import oss2
import pytest
from raw_http import head_bytes, raw_exchange
from reliability_wire import BUCKET, assert_serving, bucket, capture

from srrtui.localcloud import LocalCloud

GET_ROOT = b"GET / HTTP/1.1\r\nHost: x\r\n"
PUT_VERSIONING = f"PUT /{BUCKET}?versioning HTTP/1.1\r\nHost: x\r\n".encode()
RAW_CASES = {
    "unknown method": (b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 405, "MethodNotAllowed"),
    "request line over 64 KiB": (b"GET /" + b"a" * 65537, 400, "InvalidArgument"),
    "header line over 64 KiB": (GET_ROOT + b"X-Big: " + b"a" * 65537, 400, "InvalidArgument"),
    "101 headers": (
        GET_ROOT + b"".join(b"X-%d: 1\r\n" % i for i in range(101)),
        400,
        "InvalidArgument",
    ),
    "Content-Length in Unicode digits": (
        PUT_VERSIONING + "Content-Length: ²\r\n\r\n".encode("latin-1"),
        400,
        "InvalidArgument",
    ),
    "negative Content-Length": (
        PUT_VERSIONING + b"Content-Length: -5\r\n\r\n",
        400,
        "InvalidArgument",
    ),
    "two different Content-Lengths": (
        PUT_VERSIONING + b"Content-Length: 5\r\nContent-Length: 6\r\n\r\n",
        400,
        "InvalidArgument",
    ),
    "Content-Length and chunked": (
        PUT_VERSIONING + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
        400,
        "InvalidArgument",
    ),
    "folded header": (GET_ROOT + b"X-Folded: a\r\n b\r\n\r\n", 400, "InvalidArgument"),
    "control character in a bucket name": (
        b"GET /bad%01name/ HTTP/1.1\r\nHost: x\r\n\r\n",
        403,  # anonymous: refused before the name is looked at, and the XML is still well-formed
        "AccessDenied",
    ),
}


def _assert_oss_error(status: int, headers: dict[str, str], body: bytes) -> ET.Element:
    assert headers.get("x-oss-request-id"), headers
    assert headers.get("content-type") == "application/xml", headers
    root = ET.fromstring(body)  # well-formed, or this raises
    assert root.tag == "Error"
    assert root.findtext("RequestId") == headers["x-oss-request-id"]
    return root


@pytest.mark.parametrize("case", list(RAW_CASES))
def test_hostile_requests_get_oss_shaped_errors(cloud: LocalCloud, case: str) -> None:
    data, want_status, want_code = RAW_CASES[case]
    status, headers, body = raw_exchange(cloud.port, data)
    root = _assert_oss_error(status, headers, body)
    assert (status, root.findtext("Code")) == (want_status, want_code)
    assert_serving(cloud)


@pytest.mark.parametrize("size", [b"zz", b"-5", "²".encode("latin-1"), b"1" * 40])
def test_bad_chunk_sizes_in_a_signed_upload_are_400(cloud: LocalCloud, size: bytes) -> None:
    signed = capture(lambda ep: bucket(ep, "v1").put_object("chunked.txt", b"data"))
    head = head_bytes(signed, Content_Length="", Transfer_Encoding="chunked")
    status, headers, body = raw_exchange(cloud.port, head + size + b"\r\ndata\r\n0\r\n\r\n")
    root = _assert_oss_error(status, headers, body)
    assert (status, root.findtext("Code")) == (400, "InvalidArgument")
    with pytest.raises(oss2.exceptions.NoSuchKey):
        bucket(cloud.endpoint).head_object("chunked.txt")


def test_unicode_digits_in_max_keys_are_400_not_500(cloud: LocalCloud) -> None:
    with pytest.raises(oss2.exceptions.OssError) as caught:
        bucket(cloud.endpoint).list_objects(max_keys="²")
    assert (caught.value.status, caught.value.code) == (400, "InvalidArgument")
    assert caught.value.request_id


def test_control_characters_in_keys_never_make_malformed_xml(cloud: LocalCloud) -> None:
    client = bucket(cloud.endpoint)
    key = "odd\x01key\x1f.txt"
    client.put_object(key, b"x")
    # Without encoding-type=url (oss2 always asks for it) the key is escaped, not sent raw.
    raw = client._do("GET", BUCKET, "", params={"prefix": "odd"})  # noqa: SLF001
    root = ET.fromstring(raw.read())  # well-formed, or this raises
    assert [k.text for k in root.iter("Key")] == ["odd%01key%1F.txt"]
    assert [o.key for o in client.list_objects(prefix="odd").object_list] == [key]
    with pytest.raises(oss2.exceptions.NoSuchKey) as caught:
        client.get_object("missing\x02key")
    assert caught.value.details["Key"] == "missing%02key"
