"""Signature verification for the local cloud's RPC calls (RAM and KMS): ACS3-HMAC-SHA256 and
the older RPC HMAC-SHA1. One implementation for every product, as one POP gateway verifies them.

What the client computes (alibabacloud_tea_openapi 0.4.x, ``utils.py``, ``Utils.get_authorization``)::

    canonical_request = METHOD \n canonical_uri \n canonical_query \n canonical_headers \n
                        signed_headers \n hex(sha256(body))
    string_to_sign    = "ACS3-HMAC-SHA256" \n hex(sha256(canonical_request))
    Authorization     = ACS3-HMAC-SHA256 Credential=<ak>,SignedHeaders=<a;b>,Signature=<hex hmac>

The canonical query sorts the parameters by name and encodes each value with
``quote(value, safe="~")`` (names are not encoded); the canonical headers are every header the SDK
set before signing (host, accept, user-agent, every x-acs-*, content-type when there is a body),
lower-cased, sorted, ``name:value.strip()``. A request captured from the installed SDK (RAM
20150501 1.3.0 over tea-openapi 0.4.6) signed ``accept;host;user-agent;x-acs-action;
x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version``
and sent every parameter in the query string with an empty body.

The SDK uses ACS3 by default; it falls back to the RPC HMAC-SHA1 scheme (``Signature`` query
parameter, ``Utils.get_rpcsignature``) only with ``Config(signature_algorithm="v2")``. Both are
verified here so either client configuration works against the local cloud.

Error codes and statuses are the POP gateway's, as seen in captured responses:
InvalidAccessKeyId.NotFound 404 (honwen/aliyun-ddns-cli#24), SignatureDoesNotMatch 400
(aliyun/aliyun-openapi-python-sdk#211 tests for 400 + that code), IncompleteSignature 400
(aliyun/aliyun-openapi-python-sdk#390), InvalidTimeStamp.Expired 400 (jeessy2/ddns-go#1291: "user
time and server time not within 15 minutes"), MissingAccessKeyId (aliyun/alibabacloud-csharp-sdk#40).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qsl, quote, quote_plus

from srrtui.localcloud.http.types import Request
from srrtui.localcloud.pop.rpc import PopError, missing

ACS3_ALGORITHM = "ACS3-HMAC-SHA256"
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# Headers an ACS3 request must sign whether or not a client chose to.
_ALWAYS_SIGNED = ("host", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256")


@dataclass(frozen=True)
class Caller:
    access_key_id: str
    signature_method: str  # "ACS3-HMAC-SHA256" or "HMAC-SHA1"


class NonceCache:
    """Signature nonces seen within the skew window: a replayed request is refused."""

    def __init__(self, window_seconds: float) -> None:
        self._window = window_seconds
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def claim(self, nonce: str, now: float) -> bool:
        with self._lock:
            if len(self._seen) > 10_000:  # forget nonces whose requests would be stale anyway
                self._seen = {n: t for n, t in self._seen.items() if now - t <= self._window}
            if nonce in self._seen and now - self._seen[nonce] <= self._window:
                return False
            self._seen[nonce] = now
            return True


def authenticate(
    request: Request,
    params: Mapping[str, str],
    access_keys: Mapping[str, str],
    now: datetime,
    max_skew_seconds: float,
    nonces: NonceCache,
) -> Caller:
    """Verify the request's signature; return the caller or raise the gateway's PopError."""
    authorization = request.header("authorization")
    if authorization:
        return _verify_acs3(request, authorization, access_keys, now, max_skew_seconds, nonces)
    if "Signature" in params:
        return _verify_rpc_v1(request, params, access_keys, now, max_skew_seconds, nonces)
    raise missing("AccessKeyId")


def _incomplete() -> PopError:
    return PopError(
        400, "IncompleteSignature", "The request signature does not conform to Aliyun standards."
    )


def _parse_authorization(value: str) -> tuple[str, dict[str, str]]:
    algorithm, _, rest = value.strip().partition(" ")
    fields: dict[str, str] = {}
    for part in rest.split(","):
        name, sep, field_value = part.strip().partition("=")
        if not sep:
            raise _incomplete()
        fields[name] = field_value
    if not {"Credential", "SignedHeaders", "Signature"} <= fields.keys():
        raise _incomplete()
    return algorithm, fields


def _check_time(stamp: str, now: datetime, max_skew_seconds: float) -> None:
    try:
        sent = datetime.strptime(stamp, TIMESTAMP_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        raise PopError(
            400,
            "InvalidTimeStamp.Format",
            "Specified time stamp or date value is not well formatted.",
        ) from None
    if abs((now - sent).total_seconds()) > max_skew_seconds:
        raise PopError(
            400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired."
        )


def _secret_for(access_keys: Mapping[str, str], access_key_id: str) -> str:
    secret = access_keys.get(access_key_id)
    if secret is None:
        raise PopError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
    return secret


def _claim_nonce(nonces: NonceCache, nonce: str, now: datetime) -> None:
    if not nonces.claim(nonce, now.timestamp()):
        raise PopError(400, "SignatureNonceUsed", "Specified signature nonce was used already.")


def canonical_query(query_string: str) -> str:
    """The SDK's canonical query (``get_canonical_query_string``) rebuilt from the raw query."""
    pairs = sorted(parse_qsl(query_string, keep_blank_values=True))
    return "&".join(f"{name}={quote(value, safe='~')}" for name, value in pairs)


def acs3_string_to_sign(request: Request, signed_headers: list[str], payload_hash: str) -> str:
    canonical_headers = "".join(
        f"{name}:{request.header(name).strip()}\n" for name in signed_headers
    )
    canonical_request = "\n".join(
        [
            request.method.upper(),
            request.path or "/",
            canonical_query(request.query_string),
            canonical_headers,
            ";".join(signed_headers),
            payload_hash,
        ]
    )
    digest = hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    return f"{ACS3_ALGORITHM}\n{digest}"


def _verify_acs3(
    request: Request,
    authorization: str,
    access_keys: Mapping[str, str],
    now: datetime,
    max_skew_seconds: float,
    nonces: NonceCache,
) -> Caller:
    algorithm, fields = _parse_authorization(authorization)
    if algorithm != ACS3_ALGORITHM:  # ACS3-HMAC-SM3 / ACS3-RSA-SHA256 are not offered here
        raise _incomplete()
    signed_headers = [h.strip().lower() for h in fields["SignedHeaders"].split(";") if h.strip()]
    required = set(_ALWAYS_SIGNED) | {h for h in request.headers if h.startswith("x-acs-")}
    if request.header("content-type"):
        required.add("content-type")
    if not required <= set(signed_headers) or not all(request.header(h) for h in _ALWAYS_SIGNED):
        raise _incomplete()
    secret = _secret_for(access_keys, fields["Credential"])
    _check_time(request.header("x-acs-date"), now, max_skew_seconds)
    payload_hash = request.header("x-acs-content-sha256").lower()
    if not hmac.compare_digest(payload_hash, hashlib.sha256(request.body).hexdigest()):
        raise PopError(
            400,
            "SignatureDoesNotMatch",
            "The x-acs-content-sha256 header does not match the SHA-256 of the request body.",
        )
    string_to_sign = acs3_string_to_sign(request, sorted(signed_headers), payload_hash)
    expected = hmac.new(
        secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, fields["Signature"].lower()):
        # Real wording (aliyun/alibabacloud-csharp-sdk#40); the string to sign holds no secret.
        raise PopError(
            400,
            "SignatureDoesNotMatch",
            "Specified signature does not match our calculation. "
            f"server StringToSign is [{string_to_sign}]",
        )
    _claim_nonce(nonces, request.header("x-acs-signature-nonce"), now)
    return Caller(fields["Credential"], ACS3_ALGORITHM)


def rpc_v1_string_to_sign(method: str, params: Mapping[str, str]) -> str:
    """``Utils.get_rpcsignature``: every parameter but Signature, sorted, percent-encoded."""
    canonical = "&".join(
        f"{quote(name, safe='~')}={quote(value, safe='~')}"
        for name, value in sorted(params.items())
        if name != "Signature"
    )
    return f"{method.upper()}&%2F&{quote_plus(canonical, safe='~')}"


def _verify_rpc_v1(
    request: Request,
    params: Mapping[str, str],
    access_keys: Mapping[str, str],
    now: datetime,
    max_skew_seconds: float,
    nonces: NonceCache,
) -> Caller:
    for name in ("AccessKeyId", "Timestamp", "SignatureNonce"):
        if not params.get(name):
            raise missing(name)
    if params.get("SignatureMethod", "HMAC-SHA1") != "HMAC-SHA1":
        raise PopError(
            400, "InvalidSignatureMethod", "Specified signature method is not supported."
        )
    secret = _secret_for(access_keys, params["AccessKeyId"])
    _check_time(params["Timestamp"], now, max_skew_seconds)
    string_to_sign = rpc_v1_string_to_sign(request.method, params)
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    if not hmac.compare_digest(base64.b64encode(digest).decode(), params["Signature"]):
        raise PopError(
            400,
            "SignatureDoesNotMatch",
            "Specified signature is not matched with our calculation. "
            f"server string to sign is:{string_to_sign}",
        )
    _claim_nonce(nonces, params["SignatureNonce"], now)
    return Caller(params["AccessKeyId"], "HMAC-SHA1")
