"""Verify OSS request signatures exactly as oss2 computes them.

Sources (oss2 2.19.x, oss2/auth.py): ``ProviderAuth`` (V1: ``__get_bytes_to_sign``,
``__get_headers_bytes``, ``__get_resource_string``, ``_subresource_key_set``, ``_sign_url``) and
``ProviderAuthV4`` (``__get_canonical_request_bytes``, ``__get_string_to_sign_bytes``,
``__get_signing_key``, ``__v4_uri_encode``). Parsing is lenient (spacing, part order), the check
strict (constant-time comparison of the whole signature). Secrets never leave this module: errors
carry only the string to sign, as OSS's own SignatureDoesNotMatch body does.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from base64 import b64encode
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from srrtui.localcloud.config import CloudConfig
from srrtui.localcloud.http.types import Request
from srrtui.localcloud.oss.responses import OssError

# Copied from oss2/auth.py ProviderAuth._subresource_key_set: only these query parameters are
# part of the V1 canonicalized resource (prefix, marker, max-keys, rule-id ... are not).
SUBRESOURCE_KEYS = frozenset(
    [
        "response-content-type",
        "response-content-language",
        "response-cache-control",
        "logging",
        "response-content-encoding",
        "acl",
        "uploadId",
        "uploads",
        "partNumber",
        "group",
        "link",
        "delete",
        "website",
        "location",
        "objectInfo",
        "objectMeta",
        "response-expires",
        "response-content-disposition",
        "cors",
        "lifecycle",
        "restore",
        "qos",
        "referer",
        "stat",
        "bucketInfo",
        "append",
        "position",
        "security-token",
        "live",
        "comp",
        "status",
        "vod",
        "startTime",
        "endTime",
        "x-oss-process",
        "symlink",
        "callback",
        "callback-var",
        "tagging",
        "encryption",
        "versions",
        "versioning",
        "versionId",
        "policy",
        "requestPayment",
        "x-oss-traffic-limit",
        "qosInfo",
        "asyncFetch",
        "x-oss-request-payer",
        "sequential",
        "inventory",
        "inventoryId",
        "continuation-token",
        "worm",
        "wormId",
        "wormExtend",
        "replication",
        "replicationLocation",
        "replicationProgress",
        "transferAcceleration",
        "cname",
        "metaQuery",
        "x-oss-ac-source-ip",
        "x-oss-ac-subnet-mask",
        "x-oss-ac-vpc-id",
        "x-oss-ac-forward-allow",
        "resourceGroup",
        "style",
        "styleName",
        "x-oss-async-process",
        "regionList",
        "x-oss-write-get-object-response",
        "bucketArchiveDirectRead",
        "httpsConfig",
        "redundancyTransition",
        "x-oss-target-redundancy-type",
        "x-oss-redundancy-transition-taskid",
        "accessPoint",
        "accessPointPolicy",
        "publicAccessBlock",
        "x-oss-access-point-name",
        "requesterQosInfo",
        "qosRequester",
        "resourcePoolInfo",
        "resourcePool",
        "resourcePoolBuckets",
    ]
)
V4_ALGORITHM = "OSS4-HMAC-SHA256"
_V4_DEFAULT_SIGNED = ("content-type", "content-md5")  # oss2 auth.DEFAULT_SIGNED_HEADERS
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-~.")


@dataclass(frozen=True)
class Caller:
    access_key_id: str
    signature_version: str  # "v1", "v1-url" or "v4"


def verify(request: Request, bucket: str, key: str, config: CloudConfig) -> Caller:
    auth = request.header("authorization").strip()
    if auth.startswith(V4_ALGORITHM):
        caller = _verify_v4(request, bucket, key, config, auth[len(V4_ALGORITHM) :])
    elif auth.startswith("OSS "):
        caller = _verify_v1(request, bucket, key, config, auth[4:])
    elif auth:
        raise OssError(400, "InvalidArgument", "Authorization header is invalid.")
    elif "OSSAccessKeyId" in request.query:
        caller = _verify_v1_url(request, bucket, key, config)
    else:
        raise OssError(403, "AccessDenied", "Anonymous access is forbidden for this operation.")
    _check_security_token(request, config, caller.access_key_id)
    return caller


def _secret_for(access_key_id: str, config: CloudConfig) -> str:
    secret = config.signing_keys.get(access_key_id)
    if secret is None:
        raise OssError(
            403,
            "InvalidAccessKeyId",
            "The OSS Access Key Id you provided does not exist in our records.",
            OSSAccessKeyId=access_key_id,
        )
    return secret


def _check_security_token(request: Request, config: CloudConfig, access_key_id: str) -> None:
    """A key STS issued needs its own token, unexpired; a permanent key takes no token but one
    of ``config.security_tokens``. Codes: OSS error responses, InvalidSecurityToken (403) and
    SecurityTokenExpired (403)."""
    token = request.header("x-oss-security-token") or request.query.get("security-token", "")
    issued = config.temporary_keys.get(access_key_id)
    if issued is None:
        valid = not token or token in config.security_tokens
    else:
        valid = bool(token) and hmac.compare_digest(token, issued.token)
    if not valid:
        raise OssError(403, "InvalidSecurityToken", "The security token you provided is invalid.")
    if issued is not None and issued.expired():
        config.temporary_keys.refuse_expired()
        raise OssError(403, "SecurityTokenExpired", "The security token you provided has expired.")


def _check_skew(request_time: datetime, config: CloudConfig) -> None:
    now = time.time()
    skew = abs(now - request_time.timestamp())
    if skew > config.max_skew_seconds:
        raise OssError(
            403,
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large.",
            RequestTime=request_time.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            ServerTime=time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(now)),
            MaxAllowedSkewMilliseconds=str(int(config.max_skew_seconds * 1000)),
        )


def _mismatch(access_key_id: str, provided: str, string_to_sign: str, **extra: str) -> OssError:
    return OssError(
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. "
        "Check your key and signing method.",
        OSSAccessKeyId=access_key_id,
        SignatureProvided=provided,
        StringToSign=string_to_sign,
        **extra,
    )


# --- V1 -----------------------------------------------------------------------------------


def v1_string_to_sign(request: Request, bucket: str, key: str, date: str) -> str:
    """oss2 ProviderAuth.__get_bytes_to_sign, given the Date (or x-oss-date / Expires) value."""
    oss_headers = sorted(
        (name, value) for name, value in request.headers.items() if name.startswith("x-oss-")
    )
    headers = "".join(f"{name}:{value}\n" for name, value in oss_headers)
    subresources = sorted((k, v) for k, v in request.query.items() if k in SUBRESOURCE_KEYS)
    sub = "&".join(f"{k}={v}" if v else k for k, v in subresources)
    resource = f"/{bucket}/{key}" if bucket else "/"
    if sub:
        resource += "?" + sub
    lines = [request.method, request.header("content-md5"), request.header("content-type"), date]
    return "\n".join(lines) + "\n" + headers + resource


def _v1_signature(secret: str, string_to_sign: str) -> str:
    digest = hmac.new(secret.encode(), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    return b64encode(digest).decode("ascii")


def _verify_v1(request: Request, bucket: str, key: str, config: CloudConfig, rest: str) -> Caller:
    access_key_id, sep, provided = rest.strip().rpartition(":")
    if not sep or not access_key_id:
        raise OssError(400, "InvalidArgument", "Authorization header is invalid.")
    secret = _secret_for(access_key_id, config)
    date = request.header("x-oss-date") or request.header("date")
    if not date:
        raise OssError(403, "AccessDenied", "Missing Date Header.")
    try:
        when = parsedate_to_datetime(date)
    except (TypeError, ValueError) as exc:
        raise OssError(403, "AccessDenied", f"Invalid Date Header: {date}") from exc
    _check_skew(when, config)
    string_to_sign = v1_string_to_sign(request, bucket, key, date)
    if not hmac.compare_digest(_v1_signature(secret, string_to_sign), provided):
        raise _mismatch(access_key_id, provided, string_to_sign)
    return Caller(access_key_id, "v1")


def _verify_v1_url(request: Request, bucket: str, key: str, config: CloudConfig) -> Caller:
    """Presigned URL (oss2 ProviderAuth._sign_url): OSSAccessKeyId, Expires, Signature."""
    query = request.query
    access_key_id = query.get("OSSAccessKeyId", "")
    expires, provided = query.get("Expires", ""), query.get("Signature", "")
    if not (expires.isascii() and expires.isdigit()) or not provided:
        raise OssError(
            403,
            "AccessDenied",
            "Query-string authentication requires the Signature, Expires and OSSAccessKeyId "
            "parameters",
        )
    secret = _secret_for(access_key_id, config)
    if int(expires) < time.time():
        raise OssError(403, "AccessDenied", "Request has expired.", Expires=expires)
    string_to_sign = v1_string_to_sign(request, bucket, key, expires)
    if not hmac.compare_digest(_v1_signature(secret, string_to_sign), provided):
        raise _mismatch(access_key_id, provided, string_to_sign)
    return Caller(access_key_id, "v1-url")


# --- V4 -----------------------------------------------------------------------------------


def v4_uri_encode(text: str, keep_slash: bool) -> str:
    """oss2 ProviderAuthV4.__v4_uri_encode: RFC 3986 unreserved kept, the rest %XX upper-case."""
    out = []
    for byte in text.encode("utf-8"):
        if byte in _UNRESERVED or (keep_slash and byte == 0x2F):
            out.append(chr(byte))
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def _parse_v4_authorization(rest: str) -> dict[str, str]:
    """`Credential=..., AdditionalHeaders=..., Signature=...` in any order, commas with or without
    spaces (oss2 writes ', '; alibabacloud-oss-v2 writes ',')."""
    parts: dict[str, str] = {}
    for piece in rest.split(","):
        name, sep, value = piece.strip().partition("=")
        if sep:
            parts[name.strip()] = value.strip()
    return parts


def v4_canonical_request(request: Request, bucket: str, key: str, additional: list[str]) -> str:
    uri = v4_uri_encode(f"/{bucket}/{key}" if bucket else "/", keep_slash=True)
    params = sorted(
        (v4_uri_encode(k, False), v4_uri_encode(v, False)) for k, v in request.query.items()
    )
    query = "&".join(f"{k}={v}" if v else k for k, v in params)
    signed = set(additional)
    headers = sorted(
        (name, value)
        for name, value in request.headers.items()
        if name.startswith("x-oss-") or name in _V4_DEFAULT_SIGNED or name in signed
    )
    canonical_headers = "".join(f"{name}:{value}\n" for name, value in headers)
    payload = request.header("x-oss-content-sha256") or "UNSIGNED-PAYLOAD"
    return "\n".join(
        [request.method, uri, query, canonical_headers, ";".join(sorted(additional)), payload]
    )


def _v4_signing_key(secret: str, day: str, region: str) -> bytes:
    key = hmac.new(f"aliyun_v4{secret}".encode(), day.encode(), hashlib.sha256).digest()
    for part in (region, "oss", "aliyun_v4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def _verify_v4(request: Request, bucket: str, key: str, config: CloudConfig, rest: str) -> Caller:
    parts = _parse_v4_authorization(rest)
    credential, provided = parts.get("Credential", ""), parts.get("Signature", "")
    scope = credential.split("/")
    if len(scope) != 5 or not provided:
        raise OssError(400, "InvalidArgument", "Authorization header is invalid.")
    access_key_id, day, region, product, terminal = scope
    secret = _secret_for(access_key_id, config)
    stamp = request.header("x-oss-date")
    try:
        when = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except ValueError as exc:
        raise OssError(403, "AccessDenied", "Missing or invalid x-oss-date header.") from exc
    _check_skew(when, config)
    if day != stamp[:8] or product != "oss" or terminal != "aliyun_v4_request":
        raise OssError(403, "AccessDenied", f"Invalid credential scope: {'/'.join(scope[1:])}")
    if region != config.region:
        # Real OSS signs with its own region, so a client scoped to another region fails here.
        raise OssError(
            403,
            "SignatureDoesNotMatch",
            f"Invalid signing region in Authorization header: {region!r}, expected "
            f"{config.region!r}.",
            OSSAccessKeyId=access_key_id,
        )
    additional = [h.strip().lower() for h in parts.get("AdditionalHeaders", "").split(";")]
    additional = [h for h in additional if h and h in request.headers]
    canonical = v4_canonical_request(request, bucket, key, additional)
    scope_text = f"{day}/{region}/oss/aliyun_v4_request"
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    string_to_sign = f"{V4_ALGORITHM}\n{stamp}\n{scope_text}\n{digest}"
    expected = hmac.new(
        _v4_signing_key(secret, day, region), string_to_sign.encode(), hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, provided):
        raise _mismatch(access_key_id, provided, string_to_sign, CanonicalRequest=canonical)
    payload = request.header("x-oss-content-sha256")
    if payload not in ("", "UNSIGNED-PAYLOAD") and not hmac.compare_digest(
        payload.lower(), request.payload.digests()[1]
    ):
        # The signature covers the declared hash; the body must match it too. Checked after the
        # signature, so only an authenticated caller's body is read (to disk, not memory).
        raise OssError(
            400, "InvalidArgument", "The x-oss-content-sha256 does not match the request body."
        )
    return Caller(access_key_id, "v4")
