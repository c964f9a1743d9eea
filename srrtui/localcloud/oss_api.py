"""The OSS service: path-style routing, authentication, faults, and the bucket operations.

Requests arrive path-style, as oss2 addresses an IP endpoint (oss2/api.py ``_UrlMaker``):
``/`` (service), ``/<bucket>/`` and ``/<bucket>/<url-quoted key>``. The operation is chosen by
method, scope and sub-resource, and named as in the OSS API reference; handlers live here
(buckets), in oss_objects.py and oss_listing.py. ``register`` lets later parts (the replication
APIs) plug in handlers without touching the router.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from srrtui.localcloud import auth_oss, ec_codes
from srrtui.localcloud.config import CloudConfig
from srrtui.localcloud.faults import ERROR_KINDS, Faults
from srrtui.localcloud.http_body import BodyError
from srrtui.localcloud.http_types import Request, Response
from srrtui.localcloud.oss_store import Bucket, OssStore
from srrtui.localcloud.oss_xml import (
    OssError,
    element,
    error_response,
    http_date,
    iso8601,
    new_request_id,
    parse_xml,
    sub,
    xml_response,
)


class ResetConnection(Exception):
    """Raised to make the server drop the connection without a response (a "reset" fault)."""


@dataclass(frozen=True)
class OssContext:
    request: Request
    bucket: str
    key: str
    operation: str
    caller: auth_oss.Caller
    store: OssStore
    config: CloudConfig
    request_id: str

    def bucket_record(self) -> Bucket:
        return self.store.bucket(self.bucket)


Handler = Callable[[OssContext], Response]

# (method, scope, sub-resource) -> operation; scope is "service", "bucket" or "object"; the first
# listed sub-resource present in the query wins, "" means none of them.
_ROUTES: list[tuple[str, str, str, str]] = [
    ("GET", "service", "", "ListBuckets"),
    ("PUT", "bucket", "versioning", "PutBucketVersioning"),
    ("GET", "bucket", "versioning", "GetBucketVersioning"),
    ("GET", "bucket", "bucketInfo", "GetBucketInfo"),
    ("GET", "bucket", "location", "GetBucketLocation"),
    ("POST", "bucket", "replication", "PutBucketReplication"),  # comp=add / comp=delete below
    ("GET", "bucket", "replication", "GetBucketReplication"),
    ("GET", "bucket", "replicationLocation", "GetBucketReplicationLocation"),
    ("GET", "bucket", "replicationProgress", "GetBucketReplicationProgress"),
    ("PUT", "bucket", "rtc", "PutBucketRTC"),
    ("POST", "bucket", "delete", "DeleteMultipleObjects"),
    ("GET", "bucket", "uploads", "ListMultipartUploads"),
    ("POST", "object", "uploads", "InitiateMultipartUpload"),
    ("PUT", "object", "uploadId", "UploadPart"),  # UploadPartCopy with x-oss-copy-source
    ("POST", "object", "uploadId", "CompleteMultipartUpload"),
    ("DELETE", "object", "uploadId", "AbortMultipartUpload"),
    ("GET", "object", "uploadId", "ListParts"),
    ("GET", "bucket", "", "ListObjects"),
    ("PUT", "bucket", "", "PutBucket"),
    ("DELETE", "bucket", "", "DeleteBucket"),
    ("PUT", "object", "tagging", "PutObjectTagging"),
    ("GET", "object", "tagging", "GetObjectTagging"),
    ("DELETE", "object", "tagging", "DeleteObjectTagging"),
    ("HEAD", "object", "objectMeta", "GetObjectMeta"),
    ("PUT", "object", "acl", "PutObjectACL"),
    ("GET", "object", "acl", "GetObjectACL"),
    ("PUT", "object", "", "PutObject"),
    ("GET", "object", "", "GetObject"),
    ("HEAD", "object", "", "HeadObject"),
    ("DELETE", "object", "", "DeleteObject"),
]
_ROUTED_SUBRESOURCES = {sub_ for _, _, sub_, _ in _ROUTES if sub_}
# Sub-resources of real OSS APIs this service does not implement: 501 rather than a wrong answer.
_OTHER_SUBRESOURCES = (
    auth_oss.SUBRESOURCE_KEYS
    - _ROUTED_SUBRESOURCES
    - {
        "versionId",
        "continuation-token",
        "security-token",
        "comp",
        "position",
        "partNumber",
    }
    - {k for k in auth_oss.SUBRESOURCE_KEYS if k.startswith("response-")}
)
# Operations that may address a bucket of another region through this endpoint.
_CROSS_REGION_OK = {"GetBucketLocation", "GetBucketInfo"}
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")


def split_path(raw_path: str) -> tuple[str, str]:
    """(bucket, key) from a raw path-style path; the key is percent-decoded as UTF-8 and
    stays an opaque string (it never becomes a filesystem path)."""
    bucket_raw, _, key_raw = raw_path.lstrip("/").partition("/")
    return unquote(bucket_raw), unquote(key_raw, errors="strict")


def classify(method: str, bucket: str, key: str, query: dict[str, str]) -> str:
    scope = "object" if key else "bucket" if bucket else "service"
    present = [s for s in query if s in _ROUTED_SUBRESOURCES]
    if any(s in _OTHER_SUBRESOURCES for s in query):
        return "NotImplemented"
    for route_method, route_scope, subresource, operation in _ROUTES:
        if route_method != method or route_scope != scope:
            continue
        if subresource and subresource in present:
            if operation == "PutBucketReplication" and query.get("comp") == "delete":
                return "DeleteBucketReplication"
            return operation
        if not subresource and not present:
            if operation == "ListObjects" and query.get("list-type") == "2":
                return "ListObjectsV2"
            return operation
    return "NotImplemented"


def validate_bucket_name(name: str) -> None:
    if not BUCKET_NAME.match(name):
        raise OssError(
            400, "InvalidBucketName", "The specified bucket is not valid.", BucketName=name
        )


class OssService:
    def __init__(self, store: OssStore, config: CloudConfig, faults: Faults) -> None:
        self.store = store
        self.config = config
        self.faults = faults
        self.handlers: dict[str, Handler] = {}
        from srrtui.localcloud import oss_acl, oss_copy, oss_listing, oss_multipart, oss_objects

        self.handlers.update(HANDLERS)
        for module in (oss_objects, oss_listing, oss_acl, oss_copy, oss_multipart):
            self.handlers.update(module.HANDLERS)

    def register(self, operation: str, handler: Handler) -> None:
        """Add or replace the handler of an operation (e.g. the replication APIs)."""
        self.handlers[operation] = handler

    def handle(self, request: Request) -> Response:
        request_id = new_request_id()
        head = request.method == "HEAD"
        try:
            bucket, key = split_path(request.path)
        except UnicodeDecodeError:
            error = OssError(400, "InvalidObjectName", "The specified object is not valid.")
            host_id = self.config.extranet_endpoint
            return self._finish(error_response(error, request_id, host_id, head=head), request_id)
        operation = classify(request.method, bucket, key, request.query)
        if request.header("x-oss-copy-source") and operation in ("PutObject", "UploadPart"):
            operation = "CopyObject" if operation == "PutObject" else "UploadPartCopy"
        # HostId as real OSS writes it: the virtual-hosted name of what was addressed.
        endpoint = self.config.extranet_endpoint
        host_id = f"{bucket}.{endpoint}" if bucket else endpoint
        try:
            response = self._run(request, bucket, key, operation, request_id)
        except OssError as error:
            response = error_response(error, request_id, host_id, head=head)
        except BodyError as error:  # cut short or silent: nothing was stored
            response = error_response(
                OssError(error.status, error.code, error.message), request_id, host_id, head=head
            )
        return self._finish(response, request_id)

    @staticmethod
    def _finish(response: Response, request_id: str) -> Response:
        response.headers["x-oss-request-id"] = request_id
        response.headers.setdefault("x-oss-server-time", "0")
        return response

    def _run(
        self, request: Request, bucket: str, key: str, operation: str, request_id: str
    ) -> Response:
        fault = self.faults.take(operation)
        if fault is not None:
            if fault.kind == "reset":
                raise ResetConnection(operation)
            if fault.kind == "latency":
                time.sleep(fault.delay)
            else:
                status, code, _, message = ERROR_KINDS[fault.kind]
                raise OssError(status, code, message)
        caller = auth_oss.verify(request, bucket, key, self.config)
        handler = self.handlers.get(operation)
        if handler is None:
            raise OssError(
                501,
                "NotImplemented",
                f"{operation} is not implemented by the local cloud."
                if operation != "NotImplemented"
                else "A header you provided implies functionality that is not implemented.",
            )
        if bucket:
            validate_bucket_name(bucket)
        if bucket and operation != "PutBucket":
            record = self.store.bucket(bucket)  # NoSuchBucket before anything else
            if record.region != self.config.region and operation not in _CROSS_REGION_OK:
                raise OssError(
                    403,
                    "AccessDenied",
                    "The bucket you are attempting to access must be addressed using the "
                    "specified endpoint. Please send all future requests to this endpoint.",
                    Bucket=bucket,
                    Endpoint=f"oss-{record.region}.aliyuncs.com",
                )
        if len(key.encode("utf-8")) > 1023 or key.startswith(("/", "\\")):
            raise OssError(400, "InvalidObjectName", "The specified object is not valid.", Key=key)
        ctx = OssContext(
            request, bucket, key, operation, caller, self.store, self.config, request_id
        )
        return handler(ctx)


# --- bucket operations ---------------------------------------------------------------------


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

__all__ = ["OssContext", "OssService", "ResetConnection", "classify", "http_date", "split_path"]
