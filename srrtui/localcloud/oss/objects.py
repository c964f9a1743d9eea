"""Object operations: Put/Get/Head/DeleteObject, DeleteMultipleObjects and object tagging.

Headers follow what oss2/models.py reads (ETag, x-oss-version-id, x-oss-delete-marker,
x-oss-hash-crc64ecma, x-oss-object-type...) and the PutObject / GetObject references.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import parse_qsl, quote

from srrtui.domain import limits
from srrtui.localcloud.http.types import Response
from srrtui.localcloud.oss.acl import requested_acl
from srrtui.localcloud.oss.context import Handler, OssContext
from srrtui.localcloud.oss.records import NULL_VERSION, ObjectVersion
from srrtui.localcloud.oss.responses import (
    OssError,
    element,
    http_date,
    invalid_argument,
    no_such_key,
    parse_xml,
    sub,
    xml_response,
)

_SSE_ALGORITHMS = ("AES256", "KMS", "SM4")
# Object tags: letters, digits, space and + - = . _ : / (OSS object tagging documentation).
_TAG_TEXT = re.compile(r"^[A-Za-z0-9 +\-=._:/]*$")
_RANGE = re.compile(r"^bytes=([0-9]*)-([0-9]*)$")  # ASCII digits only, as HTTP means
_MAX_DELETE_KEYS = 1000


def check_tags(pairs: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    if len(pairs) > limits.TAG_LIMIT:
        raise invalid_argument(f"Object tags cannot be greater than {limits.TAG_LIMIT}")
    if len({k for k, _ in pairs}) != len(pairs):
        raise invalid_argument("Object tag keys must be unique.")
    for key, value in pairs:
        if not key or len(key) > limits.TAG_KEY_MAX or not _TAG_TEXT.match(key):
            raise invalid_argument(f"The tag key is not valid: {key!r}", "TagKey", key)
        if len(value) > limits.TAG_VALUE_MAX or not _TAG_TEXT.match(value):
            raise invalid_argument(f"The tag value is not valid: {value!r}", "TagValue", value)
    return tuple(pairs)


def _check_md5(ctx: OssContext) -> None:
    given = ctx.request.header("content-md5")
    if not given:
        return
    actual = base64.b64encode(ctx.request.payload.digests()[0]).decode("ascii")
    if given != actual:
        raise OssError(
            400,
            "InvalidDigest",
            "The Content-MD5 you specified is not valid.",
            CalculatedDigest=actual,
            ExpectedDigest=given,
        )


def _sse_headers(obj: ObjectVersion) -> dict[str, str]:
    headers = {}
    if obj.sse_algorithm:
        headers["x-oss-server-side-encryption"] = obj.sse_algorithm
    if obj.sse_kms_key_id:
        headers["x-oss-server-side-encryption-key-id"] = obj.sse_kms_key_id
    return headers


def version_headers(obj: ObjectVersion) -> dict[str, str]:
    # Objects written while versioning was never enabled carry no version header.
    if obj.version_id == NULL_VERSION and not obj.delete_marker:
        return {}
    headers = {"x-oss-version-id": obj.version_id}
    if obj.delete_marker:
        headers["x-oss-delete-marker"] = "true"  # oss2 reads it with bool(): send only when true
    return headers


def put_object(ctx: OssContext) -> Response:
    bucket = ctx.bucket_record()
    sse = ctx.request.header("x-oss-server-side-encryption") or bucket.sse_algorithm
    key_id = ctx.request.header("x-oss-server-side-encryption-key-id")
    if sse and sse not in _SSE_ALGORITHMS:
        raise OssError(
            400,
            "InvalidEncryptionAlgorithmError",
            "The Encryption request you specified is not valid. Supported value: AES256/KMS/SM4",
        )
    if key_id and sse != "KMS":
        raise invalid_argument(
            "x-oss-server-side-encryption-key-id is only valid with KMS encryption.",
            "x-oss-server-side-encryption-key-id",
            key_id,
        )
    if sse == "KMS" and not key_id:
        key_id = bucket.sse_kms_key_id  # empty: the OSS-managed default CMK
    tags = check_tags(parse_qsl(ctx.request.header("x-oss-tagging"), keep_blank_values=True))
    meta = tuple(
        sorted(
            (name[len("x-oss-meta-") :], value)
            for name, value in ctx.request.headers.items()
            if name.startswith("x-oss-meta-")
        )
    )
    acl = requested_acl(ctx)
    data = ctx.request.payload.spool()  # after every header check: a refusal reads no body
    _check_md5(ctx)
    obj = ctx.store.put_object(
        ctx.bucket,
        ctx.key,
        data,
        content_type=ctx.request.header("content-type") or "application/octet-stream",
        tags=tags,
        user_meta=meta,
        sse_algorithm=sse,
        sse_kms_key_id=key_id if sse == "KMS" else "",
        storage_class=ctx.request.header("x-oss-storage-class"),
        acl=acl,
    )
    headers = {
        "ETag": f'"{obj.etag}"',
        "x-oss-hash-crc64ecma": obj.crc64,
        "Content-MD5": base64.b64encode(bytes.fromhex(obj.etag)).decode("ascii"),
    }
    headers.update(version_headers(obj))
    headers.update(_sse_headers(obj))
    return Response(200, headers)


def _current(ctx: OssContext) -> ObjectVersion:
    obj = ctx.store.head_object(ctx.bucket, ctx.key, ctx.request.query.get("versionId"))
    if obj.delete_marker:
        if "versionId" in ctx.request.query:  # addressing a delete marker by version: 405
            error = OssError(
                405,
                "MethodNotAllowed",
                "The specified method is not allowed against this resource.",
            )
        else:
            error = no_such_key(ctx.key)
        error.headers.update(version_headers(obj))
        raise error
    return obj


def _object_headers(obj: ObjectVersion) -> dict[str, str]:
    headers = {
        "Content-Type": obj.content_type,
        "ETag": f'"{obj.etag}"',
        "Last-Modified": http_date(obj.last_modified),
        "Accept-Ranges": "bytes",
        "x-oss-object-type": obj.object_type,
        "x-oss-storage-class": obj.storage_class,
        "x-oss-hash-crc64ecma": obj.crc64,
    }
    if obj.tags:
        headers["x-oss-tagging-count"] = str(len(obj.tags))
    headers.update({f"x-oss-meta-{name}": value for name, value in obj.user_meta})
    headers.update(version_headers(obj))
    headers.update(_sse_headers(obj))
    return headers


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """[start, end] inclusive, or None for the whole object. OSS's default range behaviour
    (GetObject reference): a malformed or unsatisfiable range is ignored and the whole object
    is returned with 200, unless x-oss-range-behavior: standard (not modelled here)."""
    match = _RANGE.match(header.strip())
    if not match or size == 0:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # bytes=-N: the last N bytes
        start, end = max(size - int(last), 0), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        return None
    return start, end


def get_object(ctx: OssContext) -> Response:
    obj = _current(ctx)
    headers = _object_headers(obj)
    span = _byte_range(ctx.request.header("range"), obj.size)
    if span is None:
        return Response(200, headers, ctx.store.read_body(obj))
    start, end = span
    headers["Content-Range"] = f"bytes {start}-{end}/{obj.size}"
    return Response(206, headers, ctx.store.read_body(obj, start, end + 1))


def head_object(ctx: OssContext) -> Response:
    obj = _current(ctx)
    headers = _object_headers(obj)
    headers["Content-Length"] = str(obj.size)  # the server keeps it: HEAD has no body
    return Response(200, headers)


def get_object_meta(ctx: OssContext) -> Response:
    obj = _current(ctx)
    headers = {
        "ETag": f'"{obj.etag}"',
        "Last-Modified": http_date(obj.last_modified),
        "Content-Length": str(obj.size),
        "x-oss-hash-crc64ecma": obj.crc64,
    }
    headers.update(version_headers(obj))
    return Response(200, headers)


def delete_object(ctx: OssContext) -> Response:
    version_id, marker = ctx.store.delete_object(
        ctx.bucket, ctx.key, ctx.request.query.get("versionId")
    )
    headers = {}
    if version_id:
        headers["x-oss-version-id"] = version_id
    if marker:
        headers["x-oss-delete-marker"] = "true"
    return Response(204, headers)


def delete_multiple_objects(ctx: OssContext) -> Response:
    """POST /<bucket>/?delete: oss2 sends Delete{Quiet, Object{Key[, VersionId]}} with
    Content-MD5, which OSS requires for this call (DeleteMultipleObjects reference)."""
    if not ctx.request.header("content-md5"):
        raise OssError(
            400, "MissingArgument", "Missing Some Required Arguments.", ArgumentName="Content-MD5"
        )
    _check_md5(ctx)
    root = parse_xml(ctx.request.body, "Delete")
    objects = root.findall("Object")
    if not objects or len(objects) > _MAX_DELETE_KEYS:
        raise OssError(400, "MalformedXML", "The XML you provided was not well-formed.")
    quiet = (root.findtext("Quiet") or "false").strip().lower() == "true"
    url = ctx.request.query.get("encoding-type") == "url"
    result = element("DeleteResult")
    if url:
        sub(result, "EncodingType", "url")
    for node in objects:
        key = node.findtext("Key") or ""
        version = node.findtext("VersionId")
        version_id, marker = ctx.store.delete_object(ctx.bucket, key, version)
        if quiet:
            continue
        deleted = sub(result, "Deleted")
        sub(deleted, "Key", quote(key, safe="/") if url else key)
        if version is not None:
            sub(deleted, "VersionId", version)
        if marker:
            sub(deleted, "DeleteMarker", "true")
            sub(deleted, "DeleteMarkerVersionId", version_id)
    return xml_response(result)


def put_object_tagging(ctx: OssContext) -> Response:
    root = parse_xml(ctx.request.body, "Tagging")
    pairs = [
        (t.findtext("Key") or "", t.findtext("Value") or "") for t in root.findall("TagSet/Tag")
    ]
    obj = ctx.store.set_tags(
        ctx.bucket, ctx.key, check_tags(pairs), ctx.request.query.get("versionId")
    )
    return Response(200, version_headers(obj))


def get_object_tagging(ctx: OssContext) -> Response:
    obj = _current(ctx)
    root = element("Tagging")
    tag_set = sub(root, "TagSet")
    for key, value in obj.tags:
        tag = sub(tag_set, "Tag")
        sub(tag, "Key", key)
        sub(tag, "Value", value)
    return xml_response(root, headers=version_headers(obj))


def delete_object_tagging(ctx: OssContext) -> Response:
    obj = ctx.store.set_tags(ctx.bucket, ctx.key, (), ctx.request.query.get("versionId"))
    return Response(204, version_headers(obj))


HANDLERS: dict[str, Handler] = {
    "PutObject": put_object,
    "GetObject": get_object,
    "HeadObject": head_object,
    "GetObjectMeta": get_object_meta,
    "DeleteObject": delete_object,
    "DeleteMultipleObjects": delete_multiple_objects,
    "PutObjectTagging": put_object_tagging,
    "GetObjectTagging": get_object_tagging,
    "DeleteObjectTagging": delete_object_tagging,
}
