"""Hand-built RAM requests for the cases the SDK never produces (skew, replay, tampering).

Signing reuses the SDK's own signer (``alibabacloud_tea_openapi.utils.Utils.get_authorization``) so
the only thing a test changes is the one field it is about.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from alibabacloud_tea_openapi.utils import Utils

TIMESTAMP = "%Y-%m-%dT%H:%M:%SZ"


def acs_date(offset: timedelta = timedelta(0)) -> str:
    return (datetime.now(timezone.utc) + offset).strftime(TIMESTAMP)


def send(
    endpoint: str,
    action: str,
    query: Mapping[str, str] | None = None,
    *,
    access_key_id: str,
    secret: str,
    form: Mapping[str, str] | None = None,
    date: str | None = None,
    nonce: str | None = None,
    version: str = "2015-05-01",
    sign: bool = True,
    after_signing: Callable[[dict[str, str], dict[str, str]], None] | None = None,
    body_override: bytes | None = None,
) -> tuple[int, dict[str, str], dict[str, Any]]:
    """POST one RPC call; ``after_signing(headers, query)`` may tamper with the signed request."""
    query = dict(query or {})
    headers = {
        "host": endpoint,
        "x-acs-version": version,
        "x-acs-action": action,
        "x-acs-date": date or acs_date(),
        "x-acs-signature-nonce": nonce or uuid.uuid4().hex,
        "accept": "application/json",
    }
    body = b""
    if form is not None:
        body = urlencode(form).encode()
        headers["content-type"] = "application/x-www-form-urlencoded"
    payload_hash = hashlib.sha256(body).hexdigest()
    headers["x-acs-content-sha256"] = payload_hash
    if sign:
        unsigned = SimpleNamespace(method="POST", pathname="/", query=query, headers=headers)
        headers["Authorization"] = Utils.get_authorization(
            unsigned, "ACS3-HMAC-SHA256", payload_hash, access_key_id, secret
        )
    if after_signing is not None:
        after_signing(headers, query)
    if body_override is not None:
        body = body_override
    host, port = endpoint.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("POST", "/?" + urlencode(query), body, headers)
        response = connection.getresponse()
        payload = json.loads(response.read())
        return response.status, {k.lower(): v for k, v in response.getheaders()}, payload
    finally:
        connection.close()
