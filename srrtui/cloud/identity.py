"""Who the caller is: STS ``GetCallerIdentity`` (API 2015-04-01), which any identity may call.

Sent through the OpenAPI SDK's generic ``call_api`` (alibabacloud-tea-openapi; the same request the
STS SDK alibabacloud-sts20150401 builds: RPC style, ``POST /``, JSON answer), so no STS SDK is
needed beside the RAM one. The answer's fields (STS SDK ``GetCallerIdentityResponseBody``):
``AccountId``, ``Arn``, ``IdentityType`` (``Account``, ``RAMUser``, ``AssumedRoleUser``),
``UserId``, ``RoleId``, ``PrincipalId``; e.g. ``acs:ram::<uid>:user/<name>`` for a RAM user.
See docs/reference-notes.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from srrtui.cloud.kms import rpc_params
from srrtui.cloud.ram import openapi_config, ram_target
from srrtui.cloud.retry import DEFAULT_POLICY, RetryPolicy, call
from srrtui.cloud.types import Connection

DEFAULT_STS_ENDPOINT = "sts.aliyuncs.com"
STS_VERSION = "2015-04-01"
ACCOUNT, RAM_USER, ASSUMED_ROLE = "Account", "RAMUser", "AssumedRoleUser"


@dataclass(frozen=True)
class CallerIdentity:
    account_id: str
    arn: str
    identity_type: str  # ACCOUNT, RAM_USER or ASSUMED_ROLE (or a type srrtui does not know)

    @property
    def name(self) -> str:
        """The RAM user's name (``.../user/<name>``) or the assumed role's (``assumed-role/<role>/...``)."""
        path = self.arn.split(":", 4)[-1]
        parts = path.split("/")
        return parts[1] if len(parts) > 1 else path


def sts_target(connection: Connection) -> tuple[str, str]:
    """(host[:port], protocol): the public STS endpoint, or the local cloud's one port (which
    serves RAM, KMS and STS alike), as ``kms_target`` does."""
    host, protocol = ram_target(connection)
    if protocol == "http":  # a loopback local cloud
        return host, protocol
    return DEFAULT_STS_ENDPOINT, "https"


def caller_identity(connection: Connection, policy: RetryPolicy = DEFAULT_POLICY) -> CallerIdentity:
    from alibabacloud_tea_openapi.client import Client
    from alibabacloud_tea_openapi.utils_models import OpenApiRequest
    from darabonba.runtime import RuntimeOptions

    client = Client(openapi_config(connection, *sts_target(connection), policy.timeouts))
    params = rpc_params("GetCallerIdentity", STS_VERSION)

    def send() -> Any:
        return client.call_api(params, OpenApiRequest(), RuntimeOptions())

    body = call("GetCallerIdentity", send, policy).get("body") or {}
    return CallerIdentity(
        account_id=str(body.get("AccountId") or ""),
        arn=str(body.get("Arn") or ""),
        identity_type=str(body.get("IdentityType") or ""),
    )
