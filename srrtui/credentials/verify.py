"""Checking new credentials with the cheapest signed call there is: list one bucket.

Failures become a :class:`VerifyResult` with a plain message rather than an exception, so the
wizard can show it at the credential fields. oss2 is imported inside :func:`verify`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from srrtui.cloud.types import Connection
from srrtui.credentials.errors import CredentialsError
from srrtui.credentials.masking import scrub
from srrtui.credentials.resolved import ResolvedCredentials
from srrtui.domain.words.translate import N_, _

# OSS error codes -> what they mean for the person who just typed a key pair in.
# (Codes: OSS "Error responses" docs, and docs/oss-replication.md.)
_MESSAGES = {
    "InvalidAccessKeyId": N_("the AccessKey ID is not known to Alibaba Cloud (or was disabled)"),
    "SignatureDoesNotMatch": N_("the AccessKey secret does not match the ID"),
    "RequestTimeTooSkewed": N_(
        "this machine's clock is more than 15 minutes off: set the time (enable NTP) and try again"
    ),
    "InvalidSecurityToken": N_("the STS security token is not valid"),
    "SecurityTokenExpired": N_("the STS security token has expired: get a new one"),
}
_KINDS = {"RequestTimeTooSkewed": "clock"}


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    kind: (
        str  # "ok" | "denied" (valid key, no ListBuckets) | "auth" | "clock" | "network" | "other"
    )
    message: str
    code: str = ""  # the OSS error code, when the service answered
    request_id: str = ""


def verify(
    credentials: Connection | ResolvedCredentials,
    *,
    timeout: float = 10.0,
    signature: str = "v4",
) -> VerifyResult:
    """Sign ``GET /?max-keys=1`` (ListBuckets) with the credentials and say what happened.

    ``signature`` is "v4" (what Alibaba Cloud recommends; needs the region) or "v1", matching
    the cloud layer's choice so a key verified here also works there."""
    if signature not in ("v1", "v4"):
        raise ValueError("signature must be 'v1' or 'v4'")
    if isinstance(credentials, ResolvedCredentials):
        try:
            credentials = credentials.to_connection()
        except CredentialsError as exc:
            return VerifyResult(False, "other", str(exc))
    conn = credentials
    import oss2
    from oss2.credentials import StaticCredentialsProvider

    if signature == "v4":
        provider = StaticCredentialsProvider(
            conn.access_key_id, conn.access_key_secret, conn.security_token
        )
        auth = oss2.ProviderAuthV4(provider)
    elif conn.security_token:
        auth = oss2.StsAuth(conn.access_key_id, conn.access_key_secret, conn.security_token)
    else:
        auth = oss2.Auth(conn.access_key_id, conn.access_key_secret)
    service = oss2.Service(auth, conn.endpoint, connect_timeout=timeout, region=conn.region)
    try:
        service.list_buckets(max_keys=1)
    except oss2.exceptions.RequestError as exc:
        return VerifyResult(
            False, "network", network_message(exc.exception, conn.endpoint, timeout)
        )
    except oss2.exceptions.ServerError as exc:
        return _server_result(exc, conn)
    except oss2.exceptions.OssError as exc:  # ClientError and friends: raised before sending
        text = scrub(str(exc.body or exc), conn.access_key_secret, conn.security_token)
        return VerifyResult(False, "other", text)
    return VerifyResult(True, "ok", _("the credentials work"))


def _server_result(exc: object, conn: Connection) -> VerifyResult:
    code = getattr(exc, "code", "") or ""
    rid = getattr(exc, "request_id", "") or ""
    if code == "AccessDenied":
        return VerifyResult(
            True,
            "denied",
            _(
                "the key is valid, but it may not list buckets (AccessDenied); srrtui needs "
                "oss:ListBuckets to offer bucket names"
            ),
            code,
            rid,
        )
    if code in _MESSAGES:
        return VerifyResult(False, _KINDS.get(code, "auth"), _(_MESSAGES[code]), code, rid)
    message = getattr(exc, "message", "") or ""
    status = getattr(exc, "status", 0)
    text = scrub(f"{code or 'HTTP ' + str(status)}: {message}", conn.access_key_secret)
    return VerifyResult(False, "other", text.rstrip(": "), code, rid)


def network_message(error: BaseException | None, endpoint: str, timeout: float) -> str:
    """Plain words for a request that got no HTTP answer (oss2 wraps the ``requests`` error)."""
    import requests

    host = urlsplit(endpoint).hostname or endpoint
    text = str(error)
    if isinstance(error, requests.exceptions.Timeout):
        return _(
            "no answer from {endpoint} within {timeout} s: check the endpoint and network"
        ).format(endpoint=endpoint, timeout=f"{timeout:g}")
    if isinstance(error, requests.exceptions.SSLError):
        return _("the TLS connection to {host} failed: {error}").format(host=host, error=text)
    lowered = text.lower()
    dns_signs = (
        "name or service not known",
        "nodename nor servname",
        "getaddrinfo failed",
        "temporary failure in name resolution",
        "nameresolutionerror",
        "no address",
    )
    if any(sign in lowered for sign in dns_signs):
        return _(
            "the host name {host} could not be resolved (DNS): check the endpoint and network"
        ).format(host=host)
    if "connection refused" in lowered or "errno 111" in lowered:
        return _(
            "{endpoint} refused the connection: is the endpoint right, and the service up?"
        ).format(endpoint=endpoint)
    return _("could not reach {endpoint}: {error}").format(endpoint=endpoint, error=text)
