"""Which bucket, key and OSS operation a request names.

Addressing, as the SDKs build URLs (oss2/api.py ``_UrlMaker``, alibabacloud_oss_v2/_client.py
``_resolve_address_style`` / ``_build_url``): on an OSS host name the bucket is in the Host,
``BUCKET.oss-cn-hangzhou.aliyuncs.com`` with the whole path as the url-quoted key (virtual-hosted
style, the SDKs' default); on an IP endpoint both SDKs switch to path style, ``/<bucket>/<key>``.
OSS accepts only virtual-hosted style on its own endpoints ("OSS developer reference, Overview:
Request style"): a path naming a bucket under ``oss-<region>.aliyuncs.com`` is answered 403
SecondLevelDomainForbidden (OSS's HTTP 403 error list), while ``/`` there is ListBuckets.

The operation is chosen by method, scope and sub-resource, and named as in the OSS API reference.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from srrtui.localcloud.oss import auth
from srrtui.localcloud.oss.responses import OssError

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
    auth.SUBRESOURCE_KEYS
    - _ROUTED_SUBRESOURCES
    - {
        "versionId",
        "continuation-token",
        "security-token",
        "comp",
        "position",
        "partNumber",
    }
    - {k for k in auth.SUBRESOURCE_KEYS if k.startswith("response-")}
)
# Operations that may address a bucket of another region through this endpoint.
CROSS_REGION_OK = {"GetBucketLocation", "GetBucketInfo"}
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")


# An OSS endpoint's host name: oss-<region>.aliyuncs.com and its -internal form; a bucket's
# virtual host is one more label in front of it.
_OSS_HOST = re.compile(r"^oss-[a-z0-9-]+\.aliyuncs\.com$")


def address(host: str, raw_path: str) -> tuple[str, str]:
    """(bucket, key) that a request addresses, by its Host header and raw path (see the module
    docstring); the key is percent-decoded as UTF-8 and stays an opaque string (it never
    becomes a filesystem path)."""
    name = _host_name(host)
    if _OSS_HOST.match(name):  # the endpoint itself: ListBuckets only
        bucket, key = split_path(raw_path)
        if bucket:
            raise OssError(
                403,
                "SecondLevelDomainForbidden",
                "Please use virtual hosted style to access.",
                Bucket=bucket,
            )
        return "", ""
    label, _, rest = name.partition(".")
    if label and _OSS_HOST.match(rest):  # BUCKET.oss-<region>.aliyuncs.com
        return label, unquote(
            raw_path[1:] if raw_path.startswith("/") else raw_path, errors="strict"
        )
    return split_path(raw_path)


def _host_name(host: str) -> str:
    """The Host header's name, lower-case, without its port ("" for an IP literal's brackets)."""
    host = host.strip().lower()
    if host.startswith("["):  # an IPv6 literal: path style
        return host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


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
