"""CopyObject, and the copy source that UploadPartCopy shares with it.

The CopyObject reference (https://www.alibabacloud.com/help/en/oss/developer-reference/copyobject):
``x-oss-copy-source: /<bucket>/<url-encoded key>[?versionId=...]`` (what oss2's ``copy_object``
sends), within one region; ``x-oss-metadata-directive`` COPY (default: the source's content type
and user metadata) or REPLACE (the request's); ``x-oss-tagging-directive`` Copy (default) or
Replace (``x-oss-tagging``); ``x-oss-storage-class`` and ``x-oss-object-acl`` for the new object
(its ACL is ``default`` unless given, as on PutObject); the four
``x-oss-copy-source-if-*`` conditions (a failed match/unmodified-since is 412
PreconditionFailed, a failed none-match/modified-since 304 Not Modified). Objects above
``CloudConfig.copy_object_max`` (1 GB in OSS) must be copied with UploadPartCopy.

A source that cannot be read (``copy_source``, shared by both operations): a missing bucket
404 NoSuchBucket, a missing key 404 NoSuchKey, a missing version 404 NoSuchVersion (EC
0012-00000203 on CopyObject), a delete marker's versionId 400 InvalidArgument (EC 0016-00000307
on CopyObject), a header not of the form ``/bucket/key[?versionId=id]`` 400 InvalidArgument (EC
0016-00000305 on CopyObject, 0042-00000301 on UploadPartCopy), an object the caller may not
read 403 AccessDenied "You have no right to access this object." (HTTP 403 errors page), a
bucket in another region 403 AccessDenied with its Endpoint ("Copy objects" guide: same region
only; the answer itself undocumented, OSS's wrong-endpoint AccessDenied chosen).

Replication (data-replication docs): a copy creates an object, replicated like a PutObject; a
copy of an object onto itself that changes only its storage class is the documented exception
("storage-class changes by lifecycle or CopyObject are not replicated"): it is logged as a
``storage_class`` event, which the replication engine skips.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, unquote

from srrtui.localcloud.http.types import Response
from srrtui.localcloud.oss import ec_codes
from srrtui.localcloud.oss.acl import readable, requested_acl
from srrtui.localcloud.oss.context import Handler, OssContext
from srrtui.localcloud.oss.objects import check_tags, version_headers
from srrtui.localcloud.oss.records import ObjectVersion, StoredBody
from srrtui.localcloud.oss.responses import (
    OssError,
    element,
    invalid_argument,
    iso8601,
    no_such_key,
    sub,
    xml_response,
)

COPY_SOURCE = "x-oss-copy-source"


def copy_source(ctx: OssContext) -> ObjectVersion:
    """The source version a CopyObject or UploadPartCopy names, after its conditions; each way
    the source cannot be read is answered as OSS documents it (see the module docstring)."""
    raw = ctx.request.header(COPY_SOURCE)
    copying = ctx.operation == "CopyObject"  # the EC pages differ between the two operations
    path, _, query = raw.partition("?")
    params = dict(parse_qsl(query, keep_blank_values=True))
    # "/bucket/key[?versionId=id]": the leading slash is required (page 0042-00000301), and a
    # versionId, when there, is not empty (page 0016-00000305).
    bucket, _, key = unquote(path)[1:].partition("/") if path.startswith("/") else ("", "", "")
    version_id = params.get("versionId")
    if not bucket or not key or version_id == "":
        raise OssError(
            400,
            "InvalidArgument",
            "Copy Source must mention the source bucket and key: /sourcebucket/sourcekey.",
            ec=ec_codes.COPY_SOURCE_INVALID if copying else ec_codes.PART_COPY_SOURCE_INVALID,
            ArgumentName=COPY_SOURCE,
            ArgumentValue=raw,
        )
    source_bucket = ctx.store.bucket(bucket)  # NoSuchBucket (404)
    if source_bucket.region != ctx.config.region:
        # "The source bucket and destination bucket must be in the same region" (Copy objects
        # guide). The answer is not documented; OSS's answer to a bucket reached through
        # another region's endpoint (HTTP 403 errors page) is the likely one.
        raise OssError(
            403,
            "AccessDenied",
            "The bucket you are attempting to access must be addressed using the specified "
            "endpoint. Please send all future requests to this endpoint.",
            Bucket=bucket,
            Endpoint=f"oss-{source_bucket.region}.aliyuncs.com",
        )
    try:
        source = ctx.store.head_object(bucket, key, version_id)  # NoSuchKey / NoSuchVersion
    except OssError as missing:
        if copying and missing.code == "NoSuchVersion":
            missing.ec = ec_codes.COPY_SOURCE_NO_SUCH_VERSION
        raise
    if source.delete_marker:
        if version_id is not None:  # UploadPartCopy reference: a delete marker by version is 400
            raise OssError(
                400,
                "InvalidArgument",
                "The specified version is a delete marker.",
                ec=ec_codes.COPY_SOURCE_DELETE_MARKER if copying else "",
                ArgumentName=COPY_SOURCE,
                ArgumentValue=raw,
            )
        raise no_such_key(key)
    if not readable(ctx, source_bucket, source):
        # "To copy an object, you must have read permissions on the source object" (Copy
        # objects guide); HTTP 403 errors page: AccessDenied, "You have no right to access
        # this object."
        raise OssError(403, "AccessDenied", "You have no right to access this object.")
    _check_conditions(ctx, source)
    return source


def _check_conditions(ctx: OssContext, source: ObjectVersion) -> None:
    header = ctx.request.header
    etag = f'"{source.etag}"'
    if_match = header("x-oss-copy-source-if-match")
    if if_match and if_match.strip() not in (etag, source.etag):
        raise OssError(
            412,
            "PreconditionFailed",
            "At least one of the pre-conditions you specified did not hold.",
            Condition="If-Match",
        )
    unmodified = _date(header("x-oss-copy-source-if-unmodified-since"))
    if unmodified is not None and int(source.last_modified) > unmodified:
        raise OssError(
            412,
            "PreconditionFailed",
            "At least one of the pre-conditions you specified did not hold.",
            Condition="If-Unmodified-Since",
        )
    none_match = header("x-oss-copy-source-if-none-match")
    modified = _date(header("x-oss-copy-source-if-modified-since"))
    if (none_match and none_match.strip() in (etag, source.etag)) or (
        modified is not None and int(source.last_modified) <= modified
    ):
        raise OssError(304, "NotModified", "The object was not modified.")


def _date(text: str) -> float | None:
    if not text:
        return None
    try:
        return parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError):
        return None  # an unparsable condition is ignored, as HTTP caches ignore one


def request_meta(ctx: OssContext) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted(
            (name[len("x-oss-meta-") :], value)
            for name, value in ctx.request.headers.items()
            if name.startswith("x-oss-meta-")
        )
    )


def copy_object(ctx: OssContext) -> Response:

    source = copy_source(ctx)
    if source.size > ctx.config.copy_object_max:
        # "Use UploadPartCopy to copy files larger than 1 GB" (UploadPartCopy reference); the
        # page names no code: EntityTooLarge, OSS's code for a body above a size limit.
        raise OssError(
            400,
            "EntityTooLarge",
            "The source object is larger than CopyObject copies; use UploadPartCopy.",
            MaxSizeAllowed=str(ctx.config.copy_object_max),
        )
    directive = (ctx.request.header("x-oss-metadata-directive") or "COPY").upper()
    tag_directive = (ctx.request.header("x-oss-tagging-directive") or "Copy").capitalize()
    if directive not in ("COPY", "REPLACE"):
        raise invalid_argument("Invalid metadata directive.", "x-oss-metadata-directive", directive)
    if tag_directive not in ("Copy", "Replace"):
        raise invalid_argument(
            "Invalid tagging directive.", "x-oss-tagging-directive", tag_directive
        )
    replace = directive == "REPLACE"
    content_type = (
        (ctx.request.header("content-type") or "application/octet-stream")
        if replace
        else source.content_type
    )
    user_meta = request_meta(ctx) if replace else source.user_meta
    tags = (
        check_tags(parse_qsl(ctx.request.header("x-oss-tagging"), keep_blank_values=True))
        if tag_directive == "Replace"
        else source.tags
    )
    storage_class = ctx.request.header("x-oss-storage-class") or source.storage_class
    in_place = (source.bucket, source.key) == (ctx.bucket, ctx.key) and source.is_latest
    same_content = (content_type, user_meta, tags) == (
        source.content_type,
        source.user_meta,
        source.tags,
    )
    storage_only = in_place and same_content and storage_class != source.storage_class
    ctx.store.verify(source)  # the copy shares the source's bytes: never damaged ones
    obj = ctx.store.write_version(
        ctx.bucket,
        ctx.key,
        StoredBody.of_version(source),
        content_type=content_type,
        tags=tags,
        user_meta=user_meta,
        sse_algorithm=source.sse_algorithm,
        sse_kms_key_id=source.sse_kms_key_id,
        storage_class=storage_class,
        acl=requested_acl(ctx, source.acl if storage_only else "default"),
        object_type=source.object_type,
        event_kind="storage_class" if storage_only else "put",
    )
    root = element("CopyObjectResult")
    sub(root, "ETag", f'"{obj.etag}"')
    sub(root, "LastModified", iso8601(obj.last_modified))
    headers = {"ETag": f'"{obj.etag}"', **version_headers(obj)}
    if source.version_id != "null":
        headers["x-oss-copy-source-version-id"] = source.version_id
    return xml_response(root, headers=headers)


HANDLERS: dict[str, Handler] = {"CopyObject": copy_object}
