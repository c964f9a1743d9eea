"""The multipart family: InitiateMultipartUpload, UploadPart, UploadPartCopy,
CompleteMultipartUpload, AbortMultipartUpload, ListParts and ListMultipartUploads.

Requests and responses as the API references give them and oss2 2.19 sends and parses them
(``init_multipart_upload``, ``upload_part``, ``upload_part_copy``, ``complete_multipart_upload``,
``list_parts``, ``list_multipart_uploads``; oss2/xml_utils.py ``parse_*``). Limits and codes:
- part numbers 1-10000, else InvalidArgument (EC 0017-00000220); a part above 5 GB EntityTooLarge;
- Content-MD5 is checked per part (InvalidDigest);
- CompleteMultipartUpload: parts in ascending order (InvalidPartOrder, EC 0042-00000209), each
  uploaded with the ETag given (InvalidPart), each but the last at least 100 KB (EntityTooSmall,
  EC 0042-00000213: sizes are checked only here, "UploadPart cannot know which part is last");
- an unknown, aborted or completed upload id is NoSuchUpload (404, EC 0042-00000002).
"""

from __future__ import annotations

import base64
from urllib.parse import parse_qsl, quote

from srrtui.localcloud.http.types import Response
from srrtui.localcloud.oss.acl import requested_acl
from srrtui.localcloud.oss.context import Handler, OssContext
from srrtui.localcloud.oss.copy import copy_source, request_meta
from srrtui.localcloud.oss.multipart_store import MultipartStore, Part, Upload, no_such_upload
from srrtui.localcloud.oss.objects import check_tags, version_headers
from srrtui.localcloud.oss.responses import (
    OssError,
    element,
    iso8601,
    parse_xml,
    sub,
    xml_response,
)

MAX_PART_NUMBER = 10000
_RANGE_PREFIX = "bytes="


def _parts_store(ctx: OssContext) -> MultipartStore:
    return MultipartStore(ctx.store)


def _url(ctx: OssContext, key: str) -> str:
    return quote(key, safe="/") if ctx.request.query.get("encoding-type") == "url" else key


def initiate(ctx: OssContext) -> Response:

    bucket = ctx.bucket_record()
    sse = ctx.request.header("x-oss-server-side-encryption") or bucket.sse_algorithm
    key_id = ctx.request.header("x-oss-server-side-encryption-key-id")
    if sse == "KMS" and not key_id:
        key_id = bucket.sse_kms_key_id
    upload = _parts_store(ctx).initiate(
        ctx.bucket,
        ctx.key,
        content_type=ctx.request.header("content-type") or "application/octet-stream",
        tags=check_tags(parse_qsl(ctx.request.header("x-oss-tagging"), keep_blank_values=True)),
        user_meta=request_meta(ctx),
        acl=requested_acl(ctx),
        storage_class=ctx.request.header("x-oss-storage-class"),
        sse_algorithm=sse,
        sse_kms_key_id=key_id if sse == "KMS" else "",
    )
    root = element("InitiateMultipartUploadResult")
    sub(root, "Bucket", ctx.bucket)
    sub(root, "Key", _url(ctx, ctx.key))
    sub(root, "UploadId", upload.upload_id)
    return xml_response(root)


def _part_number(ctx: OssContext) -> int:
    text = ctx.request.query.get("partNumber", "")
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_PART_NUMBER:
        raise OssError(
            400,
            "InvalidArgument",
            "Part number must be an integer between 1 and 10000, inclusive.",
            ec="0017-00000220",
            ArgumentName="partNumber",
            ArgumentValue=text,
        )
    return int(text)


def upload_part(ctx: OssContext) -> Response:
    store = _parts_store(ctx)
    number = _part_number(ctx)
    upload = store.upload(ctx.bucket, ctx.key, ctx.request.query.get("uploadId", ""))
    if (ctx.request.payload.length or 0) > ctx.config.max_part_size:
        raise OssError(
            400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size."
        )
    # Streamed to the spool with its digests (never whole in memory), checked, then moved
    # into the blob store.
    spooled = ctx.request.payload.spool()
    given_md5 = ctx.request.header("content-md5")
    actual_md5 = base64.b64encode(spooled.md5).decode("ascii")
    if given_md5 and given_md5 != actual_md5:
        spooled.discard()
        raise OssError(
            400,
            "InvalidDigest",
            "The Content-MD5 you specified is not valid.",
            CalculatedDigest=actual_md5,
            ExpectedDigest=given_md5,
        )
    info = ctx.store.blobs.put(spooled)
    part = store.put_part(upload, number, info)
    return Response(200, _part_headers(part, upload.sse_algorithm))


def upload_part_copy(ctx: OssContext) -> Response:
    store = _parts_store(ctx)
    number = _part_number(ctx)
    upload = store.upload(ctx.bucket, ctx.key, ctx.request.query.get("uploadId", ""))
    source = copy_source(ctx)
    start, end = _copy_range(ctx.request.header("x-oss-copy-source-range"), source.size)
    if end - start > ctx.config.max_part_size:
        raise OssError(
            400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size."
        )
    info = ctx.store.blobs.put_stream(ctx.store.body_chunks(source, start, end))
    part = store.put_part(upload, number, info)
    root = element("CopyPartResult")
    sub(root, "LastModified", iso8601(part.last_modified))
    sub(root, "ETag", f'"{part.etag}"')
    headers = _part_headers(part, upload.sse_algorithm)
    if source.version_id != "null":
        headers["x-oss-copy-source-version-id"] = source.version_id
    return xml_response(root, headers=headers)


def _copy_range(header: str, size: int) -> tuple[int, int]:
    """[start, end) of x-oss-copy-source-range ("bytes=first-last", inclusive); the whole
    object without one. A range outside the object is InvalidArgument."""
    if not header:
        return 0, size
    first, _, last = header.strip().removeprefix(_RANGE_PREFIX).partition("-")
    try:
        start, end = int(first), int(last) + 1
    except ValueError:
        start, end = -1, -1
    if not 0 <= start < end <= size:
        raise OssError(
            400,
            "InvalidArgument",
            "The x-oss-copy-source-range is not valid.",
            ArgumentName="x-oss-copy-source-range",
            ArgumentValue=header,
        )
    return start, end


def _part_headers(part: Part, sse: str) -> dict[str, str]:
    headers = {
        "ETag": f'"{part.etag}"',
        "x-oss-hash-crc64ecma": part.crc64,
        "Content-MD5": base64.b64encode(bytes.fromhex(part.etag)).decode("ascii"),
    }
    if sse:
        headers["x-oss-server-side-encryption"] = sse
    return headers


def complete(ctx: OssContext) -> Response:

    store = _parts_store(ctx)
    upload = store.upload(ctx.bucket, ctx.key, ctx.request.query.get("uploadId", ""))
    uploaded = {p.part_number: p for p in store.parts(upload.upload_id)}
    if ctx.request.header("x-oss-complete-all").lower() == "yes":
        chosen = [uploaded[n] for n in sorted(uploaded)]  # "complete all" takes every part
    else:
        chosen = _chosen_parts(ctx, uploaded)
    if not chosen:
        raise OssError(400, "MalformedXML", "The XML you provided was not well-formed.")
    minimum = ctx.config.min_part_size
    for part in chosen[:-1]:
        if part.size < minimum:
            raise OssError(
                400,
                "EntityTooSmall",
                "Your proposed upload is smaller than the minimum allowed size.",
                MinSizeAllowed=str(minimum),
                ProposedSize=str(part.size),
                PartNumber=str(part.part_number),
            )
    obj = store.complete(upload, chosen)
    root = element("CompleteMultipartUploadResult")
    if ctx.request.query.get("encoding-type") == "url":
        sub(root, "EncodingType", "url")
    sub(root, "Location", f"http://{ctx.bucket}.{ctx.config.extranet_endpoint}/{quote(ctx.key)}")
    sub(root, "Bucket", ctx.bucket)
    sub(root, "Key", _url(ctx, ctx.key))
    sub(root, "ETag", f'"{obj.etag}"')
    headers = {"ETag": f'"{obj.etag}"', "x-oss-hash-crc64ecma": obj.crc64, **version_headers(obj)}
    return xml_response(root, headers=headers)


def _chosen_parts(ctx: OssContext, uploaded: dict[int, Part]) -> list[Part]:
    root = parse_xml(ctx.request.body, "CompleteMultipartUpload")
    chosen: list[Part] = []
    for node in root.findall("Part"):
        text = (node.findtext("PartNumber") or "").strip()
        etag = (node.findtext("ETag") or "").strip().strip('"').upper()
        if not text.isdigit():
            raise OssError(400, "MalformedXML", "The XML you provided was not well-formed.")
        number = int(text)
        if chosen and number <= chosen[-1].part_number:
            raise OssError(
                400,
                "InvalidPartOrder",
                "The list of parts was not in ascending order. Parts list must specified in "
                "order by part number.",
            )
        part = uploaded.get(number)
        if part is None or part.etag != etag:
            raise OssError(
                400,
                "InvalidPart",
                "One or more of the specified parts could not be found or the specified entity "
                "tag might not have matched the part's entity tag.",
                PartNumber=str(number),
                ETag=etag,
            )
        chosen.append(part)
    return chosen


def abort(ctx: OssContext) -> Response:
    store = _parts_store(ctx)
    store.abort(store.upload(ctx.bucket, ctx.key, ctx.request.query.get("uploadId", "")))
    return Response(204)


def list_parts(ctx: OssContext) -> Response:
    store = _parts_store(ctx)
    upload = store.upload(ctx.bucket, ctx.key, ctx.request.query.get("uploadId", ""))
    marker = _int_param(ctx, "part-number-marker", 0, 0, MAX_PART_NUMBER)
    limit = _int_param(ctx, "max-parts", 1000, 1, 1000)
    page = store.parts(upload.upload_id, marker, limit + 1)
    truncated = len(page) > limit
    page = page[:limit]
    root = element("ListPartsResult")
    sub(root, "Bucket", ctx.bucket)
    sub(root, "Key", _url(ctx, ctx.key))
    sub(root, "UploadId", upload.upload_id)
    sub(root, "StorageClass", upload.storage_class or ctx.bucket_record().storage_class)
    sub(root, "PartNumberMarker", str(marker))
    sub(root, "NextPartNumberMarker", str(page[-1].part_number if page else marker))
    sub(root, "MaxParts", str(limit))
    sub(root, "IsTruncated", "true" if truncated else "false")
    for part in page:
        node = sub(root, "Part")
        sub(node, "PartNumber", str(part.part_number))
        sub(node, "LastModified", iso8601(part.last_modified))
        sub(node, "ETag", f'"{part.etag}"')
        sub(node, "HashCrc64ecma", part.crc64)
        sub(node, "Size", str(part.size))
    return xml_response(root)


def list_uploads(ctx: OssContext) -> Response:
    query = ctx.request.query
    prefix, delimiter = query.get("prefix", ""), query.get("delimiter", "")
    key_marker, id_marker = query.get("key-marker", ""), query.get("upload-id-marker", "")
    limit = _int_param(ctx, "max-uploads", 1000, 1, 1000)
    root = element("ListMultipartUploadsResult")
    for tag, text in (
        ("Bucket", ctx.bucket),
        ("KeyMarker", key_marker),
        ("UploadIdMarker", id_marker),
    ):
        sub(root, tag, text)
    uploads: list[Upload] = []
    prefixes: list[str] = []
    truncated = False
    next_key = next_id = ""
    for upload in _parts_store(ctx).uploads(ctx.bucket, prefix, key_marker, id_marker):
        cut = upload.key.find(delimiter, len(prefix)) if delimiter else -1
        common = upload.key[: cut + len(delimiter)] if cut >= 0 else None
        if common is not None and prefixes and prefixes[-1] == common:
            continue
        if len(uploads) + len(prefixes) >= limit:
            truncated = True
            break
        if common is not None:
            prefixes.append(common)
        else:
            uploads.append(upload)
        next_key, next_id = upload.key, upload.upload_id
    sub(root, "NextKeyMarker", _url(ctx, next_key) if truncated else "")
    sub(root, "NextUploadIdMarker", next_id if truncated else "")
    sub(root, "MaxUploads", str(limit))
    sub(root, "IsTruncated", "true" if truncated else "false")
    for upload in uploads:
        node = sub(root, "Upload")
        sub(node, "Key", _url(ctx, upload.key))
        sub(node, "UploadId", upload.upload_id)
        sub(node, "Initiated", iso8601(upload.initiated))
    for common in prefixes:
        sub(sub(root, "CommonPrefixes"), "Prefix", _url(ctx, common))
    return xml_response(root)


def _int_param(ctx: OssContext, name: str, default: int, low: int, high: int) -> int:
    text = ctx.request.query.get(name)
    if text is None or text == "":
        return default
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise OssError(
            400,
            "InvalidArgument",
            f"The {name} is not valid.",
            ArgumentName=name,
            ArgumentValue=text,
        )
    return int(text)


HANDLERS: dict[str, Handler] = {
    "InitiateMultipartUpload": initiate,
    "UploadPart": upload_part,
    "UploadPartCopy": upload_part_copy,
    "CompleteMultipartUpload": complete,
    "AbortMultipartUpload": abort,
    "ListParts": list_parts,
    "ListMultipartUploads": list_uploads,
}
__all__ = ["HANDLERS", "no_such_upload"]
