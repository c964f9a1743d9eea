"""What stands in front of every RPC product's actions on the local cloud (RAM, KMS), as the
POP gateway does for the real ones: the API version, the ACS3 signature with its skew window and
replay check, the JSON answer with its RequestId, and the error body (see rpc.py)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, Protocol

from srrtui.localcloud.http.types import Request, Response
from srrtui.localcloud.keys import TemporaryKeys
from srrtui.localcloud.pop.acs3 import NonceCache, authenticate
from srrtui.localcloud.pop.rpc import (
    DEFAULT_MAX_SKEW_SECONDS,
    PopError,
    error_response,
    invalid_version,
    json_response,
    missing,
    new_request_id,
    rpc_params,
)

log = logging.getLogger(__name__)

Action = Callable[[str, dict[str, str]], dict[str, Any]]
# An action that is told who signed the call: (caller's AccessKey ID, action, params).
CallerAction = Callable[[str, str, dict[str, str]], dict[str, Any]]


class ProductConfig(Protocol):
    """What an RPC product needs from the local cloud's CloudConfig."""

    @property
    def region(self) -> str: ...

    @property
    def account_uid(self) -> str: ...

    @property
    def access_keys(self) -> Mapping[str, str]: ...


def signed_call(request: Request, params: Mapping[str, str]) -> tuple[str, str]:
    """(action, version) as the signature covers them. With the RPC HMAC-SHA1 scheme only the
    parameters are signed, so Action/Version come from them and an ``x-acs-action`` /
    ``x-acs-version`` header may only repeat them; with ACS3 the headers are signed. Either way
    a header and a parameter that disagree are refused, never one picked over the other."""
    rpc_v1 = not request.header("authorization") and "Signature" in params
    values = []
    for header, param in (("x-acs-action", "Action"), ("x-acs-version", "Version")):
        said, signed = request.header(header), params.get(param, "")
        if said and signed and said != signed:
            raise PopError(
                400,
                "InvalidParameter",
                f"The {header} header ({said}) does not match the signed {param} ({signed}).",
            )
        if rpc_v1 and not signed:
            raise missing(param)
        values.append(signed or said)
    return values[0], values[1]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class RpcGateway:
    """One product's gateway. Each keeps its own nonces: the real products have an endpoint
    each, so a nonce seen by RAM is no replay at KMS."""

    def __init__(
        self,
        config: ProductConfig,
        *,
        version: str,
        product: str,
        host_id: str,
        internal_error: PopError,
        clock: Callable[[], datetime],
    ) -> None:
        self.config = config
        self.version = version
        self.product = product  # as the error bodies name it: "Ram", "Kms"
        self.host_id = host_id
        self.internal_error = internal_error  # the product's own words for "we failed"
        self.clock = clock
        self.max_skew = float(getattr(config, "max_skew_seconds", DEFAULT_MAX_SKEW_SECONDS))
        self.nonces = NonceCache(window_seconds=2 * self.max_skew)

    def answer(self, request: Request, call: Action) -> Response:
        """Check the request, run ``call(action, params)``, answer as the product would."""
        return self.answer_for_caller(request, lambda _key, action, params: call(action, params))

    def answer_for_caller(self, request: Request, call: CallerAction) -> Response:
        """As ``answer``, telling ``call`` the AccessKey ID the verified signature names (RAM
        holds a RAM user's key to its policies; STS says who the caller is)."""
        request_id = new_request_id()
        try:
            params = rpc_params(request)
            action, version = signed_call(request, params)
            if version != self.version:
                raise invalid_version()
            caller = authenticate(
                request,
                params,
                _signing_keys(self.config),
                self.clock(),
                self.max_skew,
                self.nonces,
            )
            _check_token(self.config, caller.access_key_id, request, params)
            body = call(caller.access_key_id, action, params)
        except PopError as error:
            return self.error(error, request_id)
        except Exception:  # a bug here must still answer like the service, not drop the socket
            log.exception("%s request %s failed", self.product, request_id)
            return self.error(self.internal_error, request_id)
        return json_response(200, {"RequestId": request_id, **body}, request_id)

    def error(self, error: PopError, request_id: str) -> Response:
        return error_response(error, request_id, host_id=self.host_id, product=self.product)


def _signing_keys(config: ProductConfig) -> Mapping[str, str]:
    """The account's keys and the temporary keys STS issued (srrtui.localcloud.keys)."""
    return getattr(config, "signing_keys", config.access_keys)


def _check_token(
    config: ProductConfig, access_key_id: str, request: Request, params: Mapping[str, str]
) -> None:
    """A security token must belong to the key that signed (ACS3 sends it in the signed
    ``x-acs-security-token`` header, the RPC signature in ``SecurityToken``) and be unexpired."""
    temporary = getattr(config, "temporary_keys", None)
    if temporary is None:
        return
    token = request.header("x-acs-security-token") or params.get("SecurityToken", "")
    accepted: frozenset[str] = getattr(config, "security_tokens", frozenset())
    problem = rpc_token_problem(temporary, access_key_id, token, accepted)
    if problem is not None:
        raise problem


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
        temporary.refuse_expired()
        return PopError(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
    return None


def token_mismatch() -> PopError:
    return PopError(
        400,
        "InvalidSecurityToken.MismatchWithAccessKey",
        "Specified SecurityToken mismatch with the AccessKey.",
    )
