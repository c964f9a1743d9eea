"""KMS keys of the region for the wizard's picker, without a KMS SDK.

There is no KMS SDK in srrtui's dependencies, so this uses the generic OpenAPI client that the
RAM SDK already brings (``alibabacloud_tea_openapi.client.Client.call_api`` with ``Params``;
RPC style, ACS3-HMAC-SHA256 signing, like every generated SDK method). KMS API 2016-01-20:
ListKeys (``Keys.Key[].KeyId``, paged by PageNumber/PageSize <= 100) and DescribeKey
(``KeyMetadata{KeyId, KeyState, Description}``); endpoint ``kms.<region>.aliyuncs.com``
(KMS API reference, "Endpoints"). A key that does not exist is ``Forbidden.KeyNotFound``
(KMS error-code list; unconfirmed whether every region uses the same code, so
``EntityNotExist.Key`` is accepted too); an alias that names no key is
``Forbidden.AliasNotFound`` (DescribeKey's error table in the KMS API metadata; the Terraform
provider's DescribeKey callers treat both codes as "not found").

Listing is a convenience: on any failure the caller gets a CloudError saying "could not list
keys", and the wizard lets the user type a CMK ID instead.
"""

from __future__ import annotations

from typing import Any, TypeVar

from srrtui.cloud.ram import openapi_config
from srrtui.cloud.retry import DEFAULT_POLICY, RetryPolicy, call
from srrtui.cloud.types import CloudError, Connection, KmsKey
from srrtui.domain.words.translate import _

T = TypeVar("T")

KMS_VERSION = "2016-01-20"
KEY_NOT_FOUND = frozenset(
    {"Forbidden.KeyNotFound", "Forbidden.AliasNotFound", "EntityNotExist.Key", "NotFound.Key"}
)


def kms_target(connection: Connection) -> tuple[str, str]:
    """(host[:port], protocol): the region's KMS endpoint, or the local cloud's port."""
    from srrtui.cloud.ram import ram_target

    host, protocol = ram_target(connection)
    if protocol == "http":  # a loopback local cloud serves every product on one port
        return host, protocol
    return f"kms.{connection.region}.aliyuncs.com", "https"


def rpc_params(action: str, version: str = KMS_VERSION, protocol: str = "HTTPS") -> Any:
    """The OpenAPI ``Params`` of one KMS RPC call, as the generated SDKs build them."""
    from alibabacloud_tea_openapi.utils_models import Params

    return Params(
        action=action,
        version=version,
        protocol=protocol,
        pathname="/",
        method="POST",
        auth_type="AK",
        style="RPC",
        req_body_type="formData",
        body_type="json",
    )


class KmsAdapter:
    def __init__(self, connection: Connection, *, policy: RetryPolicy = DEFAULT_POLICY) -> None:
        self.connection = connection
        self.policy = policy
        self._client: Any = None

    def _rpc(self, action: str, query: dict[str, str]) -> dict[str, Any]:
        from alibabacloud_tea_openapi.client import Client
        from alibabacloud_tea_openapi.utils_models import OpenApiRequest
        from darabonba.runtime import RuntimeOptions

        if self._client is None:
            target = kms_target(self.connection)
            self._client = Client(openapi_config(self.connection, *target, self.policy.timeouts))
        params = rpc_params(action)
        request = OpenApiRequest(query=query)

        def send() -> dict[str, Any]:
            answer: dict[str, Any] = self._client.call_api(params, request, RuntimeOptions())
            return answer

        response = call(action, send, self.policy)
        body = response.get("body")
        return body if isinstance(body, dict) else {}

    def list_keys(self, limit: int = 100, describe: int = 50) -> list[KmsKey]:
        """The region's CMKs (at most ``limit``); the first ``describe`` get state and
        description from DescribeKey. Raises CloudError("could not list keys: ...")."""
        try:
            ids: list[str] = []
            page = 1
            while len(ids) < limit:
                body = self._rpc("ListKeys", {"PageNumber": str(page), "PageSize": "100"})
                keys = (body.get("Keys") or {}).get("Key") or []
                ids.extend(str(k.get("KeyId", "")) for k in keys if k.get("KeyId"))
                total = int(body.get("TotalCount") or 0)
                if not keys or len(ids) >= total:
                    break
                page += 1
            ids = ids[:limit]
            return [
                (self.describe_key(k) or KmsKey(k)) if i < describe else KmsKey(k)
                for i, k in enumerate(ids)
            ]
        except CloudError as error:
            raise CloudError(
                error.code,
                _("could not list keys: {error}").format(error=error.message),
                error.request_id,
                error.status,
                error.operation,
            ) from error

    def describe_key(self, key_id: str) -> KmsKey | None:
        """The key's state and description; None when KMS says there is no such key."""
        try:
            body = self._rpc("DescribeKey", {"KeyId": key_id})
        except CloudError as error:
            if error.code in KEY_NOT_FOUND:
                return None
            raise
        meta = body.get("KeyMetadata") or {}
        return KmsKey(
            key_id=str(meta.get("KeyId") or key_id),
            state=str(meta.get("KeyState") or ""),
            description=str(meta.get("Description") or ""),
        )
