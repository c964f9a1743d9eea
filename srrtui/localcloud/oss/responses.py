"""Small helpers shared by the OSS handlers: request ids, dates, XML bodies and OSS errors.

Response shapes follow what oss2 parses (oss2/xml_utils.py, oss2/exceptions.py) and the OSS
"Error responses" page (https://www.alibabacloud.com/help/en/oss/user-guide/overview-14).
"""

from __future__ import annotations

import base64
import re
import secrets
import time
from email.utils import formatdate
from xml.etree import ElementTree as ET

from srrtui.domain.xmltext import ReplicationXmlError, parse_document
from srrtui.localcloud.http.types import Response
from srrtui.localcloud.oss.ec_codes import EC_BY_CODE

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'

# The EC of errors whose code has one documented cause wherever it is raised; an error with a
# cause-specific EC passes it as ``ec=`` (see ``ec_codes``). The mapping and the page for each
# EC are listed in docs/reference-notes.md; codes without a documented EC carry none.


def new_request_id() -> str:
    """24 upper-case hex digits, the shape of a real x-oss-request-id (e.g. 57ABD896CCB80C366955...)."""
    return secrets.token_hex(12).upper()


def http_date(epoch: float | None = None) -> str:
    """RFC 1123 GMT date (Last-Modified, Date); oss2.utils.http_date uses the same formatdate."""
    return formatdate(time.time() if epoch is None else epoch, usegmt=True)


def iso8601(epoch: float) -> str:
    """The ISO 8601 form oss2.utils.iso8601_to_unixtime parses: 2012-02-24T06:07:48.000Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(epoch))


class OssError(Exception):
    """An OSS error response: HTTP status, Code, Message and extra Error children."""

    def __init__(self, status: int, code: str, message: str, *, ec: str = "", **extra: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.ec = ec or EC_BY_CODE.get(code, "")
        self.extra = extra
        self.headers: dict[str, str] = {}


# Characters XML 1.0 cannot carry at all, not even as character references: C0 controls but tab,
# newline and carriage return, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with what XML cannot carry percent-encoded (a key "a\x01b" reads "a%01b"), so a
    response is never malformed; ListObjects with encoding-type=url gives keys exactly."""
    return _NOT_XML.sub(
        lambda m: "".join(f"%{b:02X}" for b in m[0].encode("utf-8", "surrogatepass")), text
    )


def element(
    tag: str, text: str | None = None, children: list[ET.Element] | None = None
) -> ET.Element:
    node = ET.Element(tag)
    if text is not None:
        node.text = xml_text(text)
    for child in children or []:
        node.append(child)
    return node


def sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    node = ET.SubElement(parent, tag)
    if text is not None:
        node.text = xml_text(text)
    return node


def xml_bytes(root: ET.Element) -> bytes:
    return XML_DECLARATION + ET.tostring(root, encoding="unicode").encode("utf-8")


def xml_response(
    root: ET.Element, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    all_headers = {"Content-Type": "application/xml"}
    all_headers.update(headers or {})
    return Response(status=status, headers=all_headers, body=xml_bytes(root))


def error_response(
    error: OssError, request_id: str, host_id: str, *, head: bool = False
) -> Response:
    """The Error body; for HEAD, OSS sends no body and puts the XML base64-encoded in x-oss-err
    (oss2/exceptions.py make_exception reads it from there)."""
    root = ET.Element("Error")
    sub(root, "Code", error.code)
    sub(root, "Message", error.message)
    sub(root, "RequestId", request_id)
    sub(root, "HostId", host_id)
    for tag, text in error.extra.items():
        sub(root, tag, text)
    ec = error.ec
    if ec:
        sub(root, "EC", ec)
        sub(root, "RecommendDoc", f"https://api.aliyun.com/troubleshoot?q={ec}")
    body = xml_bytes(root)
    headers = {"Content-Type": "application/xml", **error.headers}
    if ec:
        headers["x-oss-ec"] = ec
    if head:
        headers["x-oss-err"] = base64.b64encode(body).decode("ascii")
        return Response(status=error.status, headers=headers, body=b"")
    return Response(status=error.status, headers=headers, body=body)


# Far above any body these APIs take (DeleteMultipleObjects: 1000 keys of at most 1 KiB).
_MAX_XML_BYTES = 8 * 1024 * 1024


def parse_xml(body: bytes, root: str) -> ET.Element:
    """Parse a request body whose root element must be ``root``; any problem is OSS's
    MalformedXML (400). It goes through the replication bodies' hardened reader: a DTD or entity
    declaration is refused (ElementTree alone expands internal entities), as is another root."""
    try:
        return parse_document(body, root=root, max_bytes=_MAX_XML_BYTES)
    except ReplicationXmlError as exc:
        raise OssError(400, "MalformedXML", "The XML you provided was not well-formed.") from exc


# Constructors for the errors used in several places; statuses from the OSS error-code pages.
def no_such_bucket(bucket: str) -> OssError:
    return OssError(404, "NoSuchBucket", "The specified bucket does not exist.", BucketName=bucket)


def no_such_key(key: str) -> OssError:
    return OssError(404, "NoSuchKey", "The specified key does not exist.", Key=key)


def invalid_argument(message: str, name: str = "", value: str = "") -> OssError:
    extra = {"ArgumentName": name, "ArgumentValue": value} if name else {}
    return OssError(400, "InvalidArgument", message, **extra)
