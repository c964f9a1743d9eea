"""Response views, paging markers and account limits for the RAM actions."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from srrtui.localcloud.ram.errors import RamError
from srrtui.localcloud.ram.store import PolicyRow, RoleRow


@dataclass(frozen=True)
class RamLimits:
    """Account quotas (RAM "Limits" page); tests lower them to reach LimitExceeded.* quickly."""

    roles: int = 1000
    custom_policies: int = 1500
    versions_per_policy: int = 5


def role_arn(account_uid: str, role_name: str) -> str:
    # Real accounts report role ARNs with the name lower-cased (acs:ram::<uid>:role/aliyunossrole),
    # while the API reference sample keeps the case; matching ARNs is case-insensitive.
    return f"acs:ram::{account_uid}:role/{role_name.lower()}"


def role_view(account_uid: str, row: RoleRow, *, full: bool) -> dict[str, Any]:
    view: dict[str, Any] = {
        "RoleId": row.role_id,
        "RoleName": row.role_name,
        "Arn": role_arn(account_uid, row.role_name),
        "Description": row.description,
        "CreateDate": row.create_date,
        "UpdateDate": row.update_date,
        "MaxSessionDuration": row.max_session_duration,
    }
    if full:
        view["AssumeRolePolicyDocument"] = row.trust_policy
        view["RolePrincipalName"] = f"{row.role_name}@role.{account_uid}.onaliyunservice.com"
        view["IsServiceLinkedRole"] = False
    return view


def policy_view(row: PolicyRow) -> dict[str, Any]:
    return {
        "PolicyName": row.policy_name,
        "PolicyType": row.policy_type,
        "Description": row.description,
        "DefaultVersion": row.default_version,
        "CreateDate": row.create_date,
        "UpdateDate": row.update_date,
        "AttachmentCount": row.attachment_count,
        "PolicyDocument": row.document,
    }


def encode_marker(seq: int) -> str:
    return base64.urlsafe_b64encode(f"role:{seq}".encode()).decode()


def decode_marker(marker: str) -> int:
    if not marker:
        return 0
    try:
        kind, _, seq = base64.urlsafe_b64decode(marker.encode()).decode().partition(":")
        if kind == "role" and seq.isdigit():
            return int(seq)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise RamError(400, "InvalidParameter.Marker", "The parameter Marker is invalid.")
