"""STS ``GetCallerIdentity``: who signed the call. Any identity may ask, no policy needed.

The answer's fields are the STS SDK's (alibabacloud-go/sts-20150401 ``GetCallerIdentityResponseBody``:
``AccountId``, ``Arn``, ``IdentityType``, ``PrincipalId``, ``UserId``, ``RoleId``), with
``IdentityType`` ``Account`` (the account's own key, ARN ``acs:ram::<uid>:root``), ``RAMUser``
(``acs:ram::<uid>:user/<name>``) or ``AssumedRoleUser`` (an STS key,
``acs:ram::<uid>:assumed-role/<role>/<session>``). Ids are made up but stable per identity.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

from srrtui.localcloud.keys import TemporaryKeys


def _id(text: str) -> str:
    # Real principal ids are long decimal strings; a CRC keeps them stable per name.
    return str(20000000000000000 + zlib.crc32(text.encode()))


def caller_identity(
    account_uid: str,
    caller: str,
    temporary: TemporaryKeys,
    find_user: Callable[[str], str | None],
) -> dict[str, Any]:
    base = {"AccountId": account_uid}
    key = temporary.get(caller)
    if key is not None:
        role = key.role_arn.rpartition("/")[2]
        session = key.session or "session"
        role_id = _id(f"role/{role}")
        return {
            **base,
            "IdentityType": "AssumedRoleUser",
            "Arn": f"acs:ram::{account_uid}:assumed-role/{role}/{session}",
            "RoleId": role_id,
            "PrincipalId": f"{role_id}:{session}",
        }
    user = find_user(caller)
    if user is not None:
        user_id = _id(f"user/{user}")
        return {
            **base,
            "IdentityType": "RAMUser",
            "Arn": f"acs:ram::{account_uid}:user/{user}",
            "UserId": user_id,
            "PrincipalId": user_id,
        }
    return {
        **base,
        "IdentityType": "Account",
        "Arn": f"acs:ram::{account_uid}:root",
        "UserId": account_uid,
        "PrincipalId": account_uid,
    }
