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

import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from srrtui.localcloud.keys import TemporaryKeys
from srrtui.localcloud.pop.rpc import Params, PopError, invalid_action
from srrtui.localcloud.sts.identity import caller_identity

STS_VERSION = "2015-04-01"
STS_HOST_ID = "sts.aliyuncs.com"
DEFAULT_DURATION = 3600
MIN_DURATION = 900


class StsApi:
    """The actions: ``call(action, params)`` for the RPC gateway."""

    def __init__(
        self,
        config: Any,
        temporary: TemporaryKeys,
        find_role: Any,
        find_user: Callable[[str], str | None] = lambda _key: None,
    ) -> None:
        self._config = config
        self._temporary = temporary
        self._find_role = find_role  # name -> (trust policy JSON, max session seconds) | None
        self._find_user = find_user  # AccessKey ID -> the RAM user it belongs to | None

    def call(self, caller: str, action: str, params: dict[str, str]) -> dict[str, Any]:
        """One action, signed with the AccessKey ``caller`` (verified by the gateway)."""
        if action == "GetCallerIdentity":
            return caller_identity(
                self._config.account_uid, caller, self._temporary, self._find_user
            )
        if action != "AssumeRole":
            raise invalid_action()
        return self.assume_role(Params(params))

    def assume_role(self, params: Params) -> dict[str, Any]:
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
        key = self._temporary.issue(arn, seconds, session)
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
