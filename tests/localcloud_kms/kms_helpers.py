"""Calling the local cloud's KMS through the real OpenAPI client (the code srrtui's KmsAdapter
uses), for the requests the adapter never makes: chosen pages, bad values, fixed nonces; and the
connection and retry policy the adapter is given."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
from alibabacloud_tea_openapi.client import Client
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_tea_openapi.utils_models import Config, OpenApiRequest
from darabonba.runtime import RuntimeOptions

from srrtui.cloud.kms import KMS_VERSION, rpc_params
from srrtui.cloud.retry import RetryPolicy
from srrtui.demo import connection_to  # noqa: F401 - the tests import it from here
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

# Two tries, no pause: a retried failure is seen without waiting on a clock.
FAST = RetryPolicy(attempts=2, base_delay=0.0, max_delay=0.0, sleep=lambda _: None)


def openapi_client(
    cloud: LocalCloud,
    access_key_id: str = DEMO_ACCESS_KEY_ID,
    access_key_secret: str = DEMO_ACCESS_KEY_SECRET,
) -> Client:
    # host:port, not a URL: it becomes the signed Host header.
    return Client(
        Config(
            access_key_id=access_key_id,
            access_key_secret=access_key_secret,
            endpoint=f"127.0.0.1:{cloud.port}",
            protocol="http",
        )
    )


def rpc(
    client: Client,
    action: str,
    query: Mapping[str, str] | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    version: str = KMS_VERSION,
) -> dict[str, Any]:
    """One signed RPC call; ``headers`` replace the SDK's own before signing (a fixed nonce or
    date is then signed like any other). Returns the whole response: body, headers, status."""
    params = rpc_params(action, version, protocol="HTTP")
    request = OpenApiRequest(query=dict(query or {}), headers=dict(headers or {}))
    return client.call_api(params, request, RuntimeOptions())


def error_of(call: Callable[[], object]) -> ClientException:
    """The SDK's error for ``call`` (its ``code``, ``status_code`` and ``data``: the body)."""
    with pytest.raises(ClientException) as caught:
        call()
    return caught.value
