"""ListBuckets (GetService), ListObjects and ListObjectsV2.

Shapes: oss2/xml_utils.py parse_list_buckets / parse_list_objects / parse_list_objects_v2 and the
API references. With ``encoding-type=url`` the key-like fields are percent-encoded; oss2 decodes
them with ``urllib.parse.unquote`` (not ``unquote_plus``), so spaces are encoded as %20.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import quote
from xml.etree.ElementTree import Element

from srrtui.localcloud.http.types import Response
from srrtui.localcloud.oss.context import Handler, OssContext
from srrtui.localcloud.oss.records import ObjectPage
from srrtui.localcloud.oss.responses import (
    OssError,
    element,
    invalid_argument,
    iso8601,
    sub,
    xml_response,
)


def _max_keys(ctx: OssContext) -> int:
    raw = ctx.request.query.get("max-keys", "") or "100"
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 1000:  # not "²"
        raise invalid_argument("max-keys should be between 1 and 1000.", "max-keys", raw)
    return int(raw)


def _owner(parent: Element, ctx: OssContext) -> None:
    owner = sub(parent, "Owner")
    sub(owner, "ID", ctx.config.account_uid)
    sub(owner, "DisplayName", ctx.config.account_uid)


def list_buckets(ctx: OssContext) -> Response:
    query = ctx.request.query
    prefix, marker = query.get("prefix", ""), query.get("marker", "")
    limit = _max_keys(ctx)
    buckets, truncated = ctx.store.list_buckets(prefix, marker, limit)
    root = element("ListAllMyBucketsResult")
    # Real OSS echoes the paging parameters only when they were sent.
    if "prefix" in query:
        sub(root, "Prefix", prefix)
    if "marker" in query:
        sub(root, "Marker", marker)
    if "max-keys" in query:
        sub(root, "MaxKeys", str(limit))
    sub(root, "IsTruncated", "true" if truncated else "false")
    if truncated:
        sub(root, "NextMarker", buckets[-1].name)
    _owner(root, ctx)
    container = sub(root, "Buckets")
    for b in buckets:
        node = sub(container, "Bucket")
        sub(node, "CreationDate", iso8601(b.created))
        sub(node, "ExtranetEndpoint", f"oss-{b.region}.aliyuncs.com")
        sub(node, "IntranetEndpoint", f"oss-{b.region}-internal.aliyuncs.com")
        sub(node, "Location", f"oss-{b.region}")
        sub(node, "Name", b.name)
        sub(node, "Region", b.region)
        sub(node, "StorageClass", b.storage_class)
    return xml_response(root)


def _encode(text: str, url: bool) -> str:
    return quote(text, safe="/") if url else text


def _contents(root: Element, page: ObjectPage, ctx: OssContext, url: bool, owner: bool) -> None:
    for obj in page.objects:
        node = sub(root, "Contents")
        sub(node, "Key", _encode(obj.key, url))
        sub(node, "LastModified", iso8601(obj.last_modified))
        sub(node, "ETag", f'"{obj.etag}"')
        sub(node, "Type", "Normal")
        sub(node, "Size", str(obj.size))
        sub(node, "StorageClass", obj.storage_class)
        if owner:
            _owner(node, ctx)
    for prefix in page.prefixes:
        sub(sub(root, "CommonPrefixes"), "Prefix", _encode(prefix, url))


def _encoding(ctx: OssContext) -> bool:
    value = ctx.request.query.get("encoding-type", "")
    if value not in ("", "url"):
        raise invalid_argument("The encoding-type is not valid.", "encoding-type", value)
    return value == "url"


def list_objects(ctx: OssContext) -> Response:
    query = ctx.request.query
    url = _encoding(ctx)
    prefix, delimiter, marker = (
        query.get("prefix", ""),
        query.get("delimiter", ""),
        query.get("marker", ""),
    )
    limit = _max_keys(ctx)
    page = ctx.store.list_objects(
        ctx.bucket, prefix=prefix, delimiter=delimiter, marker=marker, max_keys=limit
    )
    root = element("ListBucketResult")
    sub(root, "Name", ctx.bucket)
    sub(root, "Prefix", _encode(prefix, url))
    sub(root, "Marker", _encode(marker, url))
    sub(root, "MaxKeys", str(limit))
    sub(root, "Delimiter", _encode(delimiter, url))
    if url:
        sub(root, "EncodingType", "url")
    sub(root, "IsTruncated", "true" if page.truncated else "false")
    if page.truncated:
        sub(root, "NextMarker", _encode(page.next_marker, url))
    _contents(root, page, ctx, url, owner=True)
    return xml_response(root)


def _token(marker: str) -> str:
    return base64.urlsafe_b64encode(marker.encode("utf-8")).decode("ascii").rstrip("=")


def _untoken(token: str) -> str:
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise invalid_argument(
            "The continuation token provided is incorrect.", "continuation-token", token
        ) from exc


def list_objects_v2(ctx: OssContext) -> Response:
    query = ctx.request.query
    url = _encoding(ctx)
    prefix, delimiter = query.get("prefix", ""), query.get("delimiter", "")
    token, start_after = query.get("continuation-token", ""), query.get("start-after", "")
    fetch_owner = query.get("fetch-owner", "false").lower() == "true"
    limit = _max_keys(ctx)
    marker = _untoken(token) if token else start_after
    page = ctx.store.list_objects(
        ctx.bucket, prefix=prefix, delimiter=delimiter, marker=marker, max_keys=limit
    )
    root = element("ListBucketResult")
    sub(root, "Name", ctx.bucket)
    sub(root, "Prefix", _encode(prefix, url))
    if start_after:
        sub(root, "StartAfter", _encode(start_after, url))
    if token:
        sub(root, "ContinuationToken", token)
    sub(root, "MaxKeys", str(limit))
    sub(root, "Delimiter", _encode(delimiter, url))
    if url:
        sub(root, "EncodingType", "url")
    sub(root, "IsTruncated", "true" if page.truncated else "false")
    if page.truncated:
        sub(root, "NextContinuationToken", _token(page.next_marker))
    sub(root, "KeyCount", str(len(page.objects) + len(page.prefixes)))
    _contents(root, page, ctx, url, owner=fetch_owner)
    return xml_response(root)


HANDLERS: dict[str, Handler] = {
    "ListBuckets": list_buckets,
    "ListObjects": list_objects,
    "ListObjectsV2": list_objects_v2,
}

__all__ = ["HANDLERS", "OssError"]
