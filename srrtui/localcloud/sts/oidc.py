"""The local cloud as a test OIDC identity provider, and STS's AssumeRoleWithOIDC.

The provider is registered in the account as ``acs:ram::<uid>:oidc-provider/local-cloud``. Its
tokens are JWTs signed with HS256 under a secret of this running cloud (a real provider signs
RS256 and publishes its keys; the checks that matter here are the same: signature, audience,
expiry, and the role trusting the provider in a ``Federated`` principal).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from datetime import datetime, timezone
from typing import Any

from srrtui.localcloud.keys import TemporaryKeys
from srrtui.localcloud.pop.rpc import Params, PopError
from srrtui.localcloud.sts.api import DEFAULT_DURATION

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
        now = int(time.time())
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        claims: dict[str, object] = {"iss": "https://oidc.local-cloud", "sub": subject}
        claims.update(aud=OIDC_AUDIENCE, iat=now, exp=now + int(lifetime))
        body = _b64(json.dumps(claims).encode())
        mac = hmac.new(self._key, f"{header}.{body}".encode(), hashlib.sha256).digest()
        return f"{header}.{body}.{_b64(mac)}"

    def verify(self, token: str) -> dict[str, Any] | None:
        """The token's claims when it is ours, for STS, and unexpired; else None."""
        try:
            header, body, mac = token.split(".")
            expected = hmac.new(self._key, f"{header}.{body}".encode(), hashlib.sha256).digest()
            if not hmac.compare_digest(_unb64(mac), expected):
                return None
            claims = json.loads(_unb64(body))
            if not isinstance(claims, dict):
                return None
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
    key = temporary.issue(arn, seconds, session)
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
