"""The bucket operations: PutBucket, DeleteBucket, GetBucketLocation / Info / Versioning,
PutBucketVersioning (the replication ones are added by srrtui.localcloud.replication)."""

from __future__ import annotations

from srrtui.localcloud.http.types import Response
from srrtui.localcloud.oss import ec_codes
from srrtui.localcloud.oss.context import Handler, OssContext
from srrtui.localcloud.oss.responses import (
    OssError,
    element,
    iso8601,
    parse_xml,
    sub,
    xml_response,
)
from srrtui.localcloud.oss.routing import validate_bucket_name


def put_bucket(ctx: OssContext) -> Response:
    validate_bucket_name(ctx.bucket)
    storage_class = "Standard"
    if ctx.request.body.strip():
        root = parse_xml(ctx.request.body, "CreateBucketConfiguration")
        storage_class = root.findtext("StorageClass") or storage_class
        if storage_class not in ("Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive"):
            raise OssError(
                400, "InvalidStorageClass", "The storage class you specified is not valid."
            )
    acl = ctx.request.header("x-oss-acl") or "private"
    ctx.store.create_bucket(
        ctx.bucket,
        region=ctx.config.region,
        owner=ctx.config.account_uid,
        storage_class=storage_class,
        acl=acl,
    )
    return Response(200, {"Location": f"/{ctx.bucket}"})


def delete_bucket(ctx: OssContext) -> Response:
    ctx.store.delete_bucket(ctx.bucket)
    return Response(204)


def get_bucket_location(ctx: OssContext) -> Response:
    return xml_response(element("LocationConstraint", f"oss-{ctx.bucket_record().region}"))


def get_bucket_info(ctx: OssContext) -> Response:
    """Shape: oss2/xml_utils.py parse_get_bucket_info; the GetBucketInfo API reference."""
    b = ctx.bucket_record()
    root = element("BucketInfo")
    node = sub(root, "Bucket")
    sub(node, "AccessMonitor", "Disabled")
    sub(node, "CreationDate", iso8601(b.created))
    sub(node, "ExtranetEndpoint", f"oss-{b.region}.aliyuncs.com")
    sub(node, "IntranetEndpoint", f"oss-{b.region}-internal.aliyuncs.com")
    sub(node, "Location", f"oss-{b.region}")
    sub(node, "StorageClass", b.storage_class)
    sub(node, "TransferAcceleration", "Disabled")
    sub(node, "CrossRegionReplication", "Disabled")
    sub(node, "Name", b.name)
    sub(node, "Region", b.region)
    owner = sub(node, "Owner")
    sub(owner, "DisplayName", b.owner)
    sub(owner, "ID", b.owner)
    sub(sub(node, "AccessControlList"), "Grant", b.acl)
    sse = sub(node, "ServerSideEncryptionRule")
    sub(sse, "SSEAlgorithm", b.sse_algorithm or "None")
    if b.sse_kms_key_id:
        sub(sse, "KMSMasterKeyID", b.sse_kms_key_id)
    if b.versioning:
        sub(node, "Versioning", b.versioning)
    sub(node, "DataRedundancyType", "LRS")
    return xml_response(root)


def get_bucket_versioning(ctx: OssContext) -> Response:
    root = element("VersioningConfiguration")
    status = ctx.bucket_record().versioning
    if status:  # never-enabled buckets answer an empty configuration
        sub(root, "Status", status)
    return xml_response(root)


def put_bucket_versioning(ctx: OssContext) -> Response:
    status = parse_xml(ctx.request.body, "VersioningConfiguration").findtext("Status")
    if status not in ("Enabled", "Suspended"):
        # EC 0012-00000003 (Status empty) and 0012-00000004 (Status neither Enabled nor
        # Suspended); their pages name no code: InvalidArgument, OSS's code for a bad value.
        ec = ec_codes.VERSIONING_STATUS_INVALID if status else ec_codes.VERSIONING_STATUS_EMPTY
        raise OssError(
            400,
            "InvalidArgument",
            "The versioning Status must be Enabled or Suspended.",
            ec=ec,
            ArgumentName="Status",
            ArgumentValue=status or "",
        )
    ctx.store.update_bucket(ctx.bucket, versioning=status)
    return Response(200)


def _replication_pending(ctx: OssContext) -> Response:
    raise OssError(
        501,
        "NotImplemented",
        f"{ctx.operation} is not implemented by the local cloud yet (replication lands later).",
    )


HANDLERS: dict[str, Handler] = {
    "PutBucket": put_bucket,
    "DeleteBucket": delete_bucket,
    "GetBucketLocation": get_bucket_location,
    "GetBucketInfo": get_bucket_info,
    "GetBucketVersioning": get_bucket_versioning,
    "PutBucketVersioning": put_bucket_versioning,
    # Replaced through OssService.register() by the replication part.
    "PutBucketReplication": _replication_pending,
    "GetBucketReplication": _replication_pending,
    "GetBucketReplicationLocation": _replication_pending,
    "GetBucketReplicationProgress": _replication_pending,
    "DeleteBucketReplication": _replication_pending,
    "PutBucketRTC": _replication_pending,
}
