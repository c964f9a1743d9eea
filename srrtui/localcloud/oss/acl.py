"""Object ACL: PutObjectACL / GetObjectACL and the ``x-oss-object-acl`` request header.

Shapes: the PutObjectACL and GetObjectACL API references (the ACL travels in the
``x-oss-object-acl`` header; GetObjectACL answers ``AccessControlPolicy{Owner{ID,
DisplayName}, AccessControlList{Grant}}``), as oss2's ``put_object_acl`` sends it and
``parse_get_object_acl`` reads it. An object's ACL is ``default`` (it follows the bucket's)
until one is set. The data-replication documentation lists the ACL among what is replicated
and PutObjectACL among the operations an Action PUT rule replicates.
"""

from __future__ import annotations

from srrtui.localcloud.http.types import Response
from srrtui.localcloud.oss.context import Handler, OssContext
from srrtui.localcloud.oss.records import Bucket, ObjectVersion
from srrtui.localcloud.oss.responses import OssError, element, no_such_key, sub, xml_response

OBJECT_ACLS = ("default", "private", "public-read", "public-read-write")
ACL_HEADER = "x-oss-object-acl"


def readable(ctx: OssContext, bucket: Bucket, obj: ObjectVersion) -> bool:
    """Whether the caller may read ``obj``: every key here is the account's own, so the
    account's buckets are readable, and another account's only through a public-read or
    public-read-write ACL (the object's, or the bucket's for an object whose ACL is default)."""
    if bucket.owner == ctx.config.account_uid:
        return True
    acl = bucket.acl if obj.acl in ("", "default") else obj.acl
    return acl in ("public-read", "public-read-write")


def requested_acl(ctx: OssContext, default: str = "default") -> str:
    """The ACL a write asks for in x-oss-object-acl; InvalidArgument when it names none."""
    acl = ctx.request.header(ACL_HEADER)
    if not acl:
        return default
    if acl not in OBJECT_ACLS:
        # The PutObjectACL reference: an ACL outside the four values is InvalidArgument.
        raise OssError(
            400,
            "InvalidArgument",
            "no such object access control exists",
            ArgumentName=ACL_HEADER,
            ArgumentValue=acl,
        )
    return acl


def put_object_acl(ctx: OssContext) -> Response:
    if not ctx.request.header(ACL_HEADER):
        raise OssError(
            400, "MissingArgument", "Missing Some Required Arguments.", ArgumentName=ACL_HEADER
        )
    obj = ctx.store.set_acl(
        ctx.bucket, ctx.key, requested_acl(ctx), ctx.request.query.get("versionId")
    )
    return Response(200, _version_header(obj.version_id))


def get_object_acl(ctx: OssContext) -> Response:
    obj = ctx.store.head_object(ctx.bucket, ctx.key, ctx.request.query.get("versionId"))
    if obj.delete_marker:
        raise no_such_key(ctx.key)
    root = element("AccessControlPolicy")
    owner = sub(root, "Owner")
    sub(owner, "ID", ctx.config.account_uid)
    sub(owner, "DisplayName", ctx.config.account_uid)
    sub(sub(root, "AccessControlList"), "Grant", obj.acl)
    return xml_response(root, headers=_version_header(obj.version_id))


def _version_header(version_id: str) -> dict[str, str]:
    return {"x-oss-version-id": version_id} if version_id != "null" else {}


HANDLERS: dict[str, Handler] = {"PutObjectACL": put_object_acl, "GetObjectACL": get_object_acl}
