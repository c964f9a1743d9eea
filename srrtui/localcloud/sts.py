"""STS in the local cloud: ``AssumeRole`` (RPC style, version 2015-04-01, on the same port as RAM
and KMS, told apart by the version like them) and the temporary keys it issues, which OSS, RAM
and KMS accept with their security token until they expire.

What the real service returns (STS API reference, AssumeRole; the credential library reads
exactly these fields in ``provider/ram_role_arn.py``)::

    {"RequestId": "...", "AssumedRoleUser": {"Arn": "acs:ram::<uid>:role/<name>/<session>",
     "AssumedRoleId": "<role id>:<session>"}, "Credentials": {"AccessKeyId": "STS.NU...",
     "AccessKeySecret": "...", "SecurityToken": "CAIS...", "Expiration": "2015-04-09T11:52:19Z"}}

The caller must be allowed by the role's trust policy: every key of the local cloud is the
account's own (root), so a ``RAM`` principal naming the account (``acs:ram::<uid>:root`` or the
bare UID) allows it, as it allows any identity of that account in a real one. Durations are the
requested ``DurationSeconds`` (default 3600) within the role's ``MaxSessionDuration``, and
within ``CloudConfig.sts_max_duration`` so tests can watch keys expire in seconds.

Refusals of an expired or forged token use the documented codes: OSS ``SecurityTokenExpired`` /
``InvalidSecurityToken`` (403), the POP gateway's ``InvalidSecurityToken.Expired`` /
``InvalidSecurityToken.MismatchWithAccessKey`` for RAM and KMS.
"""

from __future__ import annotations

import base64
import secrets
import string
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from srrtui.localcloud.pop import Params, PopError, invalid_action

STS_VERSION = "2015-04-01"
STS_HOST_ID = "sts.aliyuncs.com"
DEFAULT_DURATION = 3600
MIN_DURATION = 900
_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class TemporaryKey:
    access_key_id: str
    secret: str = field(repr=False)
    token: str = field(repr=False)
    expires_at: float  # unix seconds
    role_arn: str

    def expired(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) >= self.expires_at


class TemporaryKeys:
    """The keys STS issued, by AccessKey ID (thread-safe; kept in memory: a restart is a new
    STS session, as expired keys would be anyway)."""

    def __init__(self) -> None:
        self._keys: dict[str, TemporaryKey] = {}
        self._lock = threading.Lock()

    def issue(self, role_arn: str, seconds: float) -> TemporaryKey:
        key = TemporaryKey(
            access_key_id="STS." + "".join(secrets.choice(_ALPHABET) for _ in range(25)),
            secret="".join(secrets.choice(_ALPHABET) for _ in range(44)),
            token="CAIS" + base64.b64encode(secrets.token_bytes(96)).decode(),
            expires_at=time.time() + seconds,
            role_arn=role_arn,
        )
        with self._lock:
            now = time.time()  # forget keys long gone, so a long session does not grow
            self._keys = {k: v for k, v in self._keys.items() if v.expires_at > now - 3600}
            self._keys[key.access_key_id] = key
        return key

    def get(self, access_key_id: str) -> TemporaryKey | None:
        with self._lock:
            return self._keys.get(access_key_id)


class SigningKeys(Mapping[str, str]):
    """AccessKey ID -> secret for signature checks: the account's keys, then live STS keys
    (an expired one still verifies, so its refusal can say it expired)."""

    def __init__(self, permanent: Mapping[str, str], temporary: TemporaryKeys) -> None:
        self._permanent = permanent
        self._temporary = temporary

    def __getitem__(self, access_key_id: str) -> str:
        if access_key_id in self._permanent:
            return self._permanent[access_key_id]
        found = self._temporary.get(access_key_id)
        if found is None:
            raise KeyError(access_key_id)
        return found.secret

    def __iter__(self) -> Iterator[str]:
        return iter(self._permanent)

    def __len__(self) -> int:
        return len(self._permanent)


def rpc_token_problem(
    temporary: TemporaryKeys,
    access_key_id: str,
    token: str,
    accepted: frozenset[str] = frozenset(),
) -> PopError | None:
    """The POP gateway's refusal of a RAM/KMS call's security token, or None when it is fine.
    A permanent key takes no token but one of ``accepted`` (CloudConfig.security_tokens, the
    same rule as OSS)."""
    found = temporary.get(access_key_id)
    if found is None:
        if token and token not in accepted:  # not a token issued for this key
            return token_mismatch()
        return None
    if not token or not secrets.compare_digest(token, found.token):
        return token_mismatch()
    if found.expired():
        return PopError(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
    return None


def token_mismatch() -> PopError:
    return PopError(
        400,
        "InvalidSecurityToken.MismatchWithAccessKey",
        "Specified SecurityToken mismatch with the AccessKey.",
    )


class StsApi:
    """The actions: ``call(action, params)`` for the RPC gateway."""

    def __init__(self, config: Any, temporary: TemporaryKeys, find_role: Any) -> None:
        self._config = config
        self._temporary = temporary
        self._find_role = find_role  # name -> (trust policy JSON, max session seconds) | None

    def call(self, action: str, params: dict[str, str]) -> dict[str, Any]:
        if action != "AssumeRole":
            raise invalid_action()
        return self.assume_role(Params(params))

    def assume_role(self, params: Params) -> dict[str, Any]:
        import json

        arn = params.required("RoleArn")
        session = params.required("RoleSessionName")
        prefix = f"acs:ram::{self._config.account_uid}:role/"
        found = self._find_role(arn[len(prefix) :]) if arn.lower().startswith(prefix) else None
        if found is None:
            raise PopError(404, "EntityNotExist.Role", "The role not exists: " + arn)
        trust, max_seconds = found
        if not _trusts_account(json.loads(trust), self._config.account_uid):
            raise PopError(
                403,
                "NoPermission",
                "You are not authorized to do this action. You should be authorized by RAM.",
            )
        requested = int(params.optional("DurationSeconds") or DEFAULT_DURATION)
        if requested < MIN_DURATION or requested > max_seconds:
            raise PopError(
                400,
                "InvalidParameter.DurationSeconds",
                f"The parameter DurationSeconds must be between {MIN_DURATION} and {max_seconds}.",
            )
        seconds = min(requested, float(getattr(self._config, "sts_max_duration", requested)))
        key = self._temporary.issue(arn, seconds)
        expiration = datetime.fromtimestamp(key.expires_at, timezone.utc)
        role_name = arn[len(prefix) :]
        return {
            "AssumedRoleUser": {
                "Arn": f"{arn}/{session}",
                "AssumedRoleId": f"{role_name}:{session}",
            },
            "Credentials": {
                "AccessKeyId": key.access_key_id,
                "AccessKeySecret": key.secret,
                "SecurityToken": key.token,
                "Expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        }


def _trusts_account(policy: dict[str, Any], account_uid: str) -> bool:
    for statement in policy.get("Statement", []):
        if statement.get("Effect") != "Allow":
            continue
        principals = (statement.get("Principal") or {}).get("RAM", [])
        principals = [principals] if isinstance(principals, str) else principals
        if any(p in (account_uid, f"acs:ram::{account_uid}:root") for p in principals):
            return True
    return False


# --- OIDC ------------------------------------------------------------------------------------
# The local cloud is also a test OIDC identity provider, registered in the account as
# ``acs:ram::<uid>:oidc-provider/local-cloud``. Its tokens are JWTs signed with HS256 under a
# secret of this running cloud (a real provider signs RS256 and publishes its keys; the checks
# that matter here are the same: signature, audience, expiry, and the role trusting the
# provider in a ``Federated`` principal).
OIDC_PROVIDER = "local-cloud"
OIDC_AUDIENCE = "sts.aliyuncs.com"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class OidcIssuer:
    def __init__(self, account_uid: str) -> None:
        self.provider_arn = f"acs:ram::{account_uid}:oidc-provider/{OIDC_PROVIDER}"
        self._key = secrets.token_bytes(32)

    def issue(self, subject: str, lifetime: float = 3600) -> str:
        import hashlib
        import hmac
        import json

        now = int(time.time())
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        claims = {"iss": "https://oidc.local-cloud", "sub": subject, "aud": OIDC_AUDIENCE}
        claims.update(iat=now, exp=now + int(lifetime))
        body = _b64(json.dumps(claims).encode())
        mac = hmac.new(self._key, f"{header}.{body}".encode(), hashlib.sha256).digest()
        return f"{header}.{body}.{_b64(mac)}"

    def verify(self, token: str) -> dict[str, Any] | None:
        """The token's claims when it is ours, for STS, and unexpired; else None."""
        import hashlib
        import hmac
        import json

        try:
            header, body, mac = token.split(".")
            expected = hmac.new(self._key, f"{header}.{body}".encode(), hashlib.sha256).digest()
            if not hmac.compare_digest(_unb64(mac), expected):
                return None
            claims = json.loads(_unb64(body))
        except (ValueError, TypeError):
            return None
        if claims.get("aud") != OIDC_AUDIENCE or float(claims.get("exp", 0)) <= time.time():
            return None
        return claims


def _trusts_provider(policy: dict[str, Any], provider_arn: str) -> bool:
    for statement in policy.get("Statement", []):
        if statement.get("Effect") != "Allow":
            continue
        federated = (statement.get("Principal") or {}).get("Federated", [])
        federated = [federated] if isinstance(federated, str) else federated
        if provider_arn in federated:
            return True
    return False


def assume_role_with_oidc(
    config: Any,
    temporary: TemporaryKeys,
    issuer: OidcIssuer,
    find_role: Any,
    values: dict[str, str],
) -> dict[str, Any]:
    """AssumeRoleWithOIDC: anonymous (the OIDC token is the credential), so no signature."""
    import json

    params = Params(values)
    arn = params.required("RoleArn")
    provider = params.required("OIDCProviderArn")
    token = params.required("OIDCToken")
    session = params.optional("RoleSessionName") or "oidc"
    if provider != issuer.provider_arn:
        raise PopError(404, "EntityNotExist.OIDCProvider", "The OIDC provider does not exist.")
    if issuer.verify(token) is None:
        raise PopError(400, "AuthenticationFail.OIDCToken.Invalid", "The OIDC token is invalid.")
    prefix = f"acs:ram::{config.account_uid}:role/"
    found = find_role(arn[len(prefix) :]) if arn.lower().startswith(prefix) else None
    if found is None:
        raise PopError(404, "EntityNotExist.Role", "The role not exists: " + arn)
    trust, max_seconds = found
    if not _trusts_provider(json.loads(trust), provider):
        raise PopError(
            403,
            "NoPermission",
            "You are not authorized to do this action. You should be authorized by RAM.",
        )
    requested = int(params.optional("DurationSeconds") or DEFAULT_DURATION)
    seconds = min(requested, max_seconds, float(getattr(config, "sts_max_duration", requested)))
    key = temporary.issue(arn, seconds)
    expiration = datetime.fromtimestamp(key.expires_at, timezone.utc)
    return {
        "AssumedRoleUser": {"Arn": f"{arn}/{session}", "AssumedRoleId": f"{arn}:{session}"},
        "Credentials": {
            "AccessKeyId": key.access_key_id,
            "AccessKeySecret": key.secret,
            "SecurityToken": key.token,
            "Expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    }
