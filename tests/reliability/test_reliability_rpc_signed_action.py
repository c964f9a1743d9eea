"""Issue 18 item 3: with the RPC (HMAC-SHA1) signature scheme only the parameters are signed, so
the signed Action and Version decide what runs: an unsigned ``x-acs-action`` / ``x-acs-version``
header that disagrees with them is refused, and nothing changes.

Requests are signed by hand here, after Alibaba Cloud's RPC signature documentation (percent-
encode each name and value, sort, join with '&'; string to sign ``POST&%2F&`` + the encoded
query; HMAC-SHA1 keyed with ``secret + '&'``, base64).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import uuid
from datetime import datetime, timezone
from urllib.parse import quote, urlencode

import pytest

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

ROLE = "KeepMe"
RAM_VERSION = "2015-05-01"
TRUST = json.dumps(
    {
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": {"Service": ["oss.aliyuncs.com"]},
            }
        ],
    }
)


def _encode(text: str) -> str:
    return quote(text, safe="~")


def _signed_form(action: str, version: str = RAM_VERSION, **extra: str) -> dict[str, str]:
    params = {
        "Action": action,
        "Version": version,
        "Format": "JSON",
        "AccessKeyId": DEMO_ACCESS_KEY_ID,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "SignatureNonce": uuid.uuid4().hex,
        "Timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        **extra,
    }
    canonical = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(params.items()))
    to_sign = f"POST&%2F&{_encode(canonical)}"
    key = f"{DEMO_ACCESS_KEY_SECRET}&".encode()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha1).digest()
    return {**params, "Signature": base64.b64encode(signature).decode()}


def _post(cloud: LocalCloud, form: dict[str, str], headers: dict[str, str]) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", cloud.port, timeout=10)
    try:
        conn.request(
            "POST",
            "/",
            body=urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
        )
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def _headers(action: str, version: str = RAM_VERSION) -> dict[str, str]:
    return {"x-acs-action": action, "x-acs-version": version}


@pytest.fixture
def cloud(local_cloud: LocalCloud) -> LocalCloud:
    form = _signed_form("CreateRole", RoleName=ROLE, AssumeRolePolicyDocument=TRUST)
    status, body = _post(local_cloud, form, _headers("CreateRole"))
    assert status == 200, body
    return local_cloud


def _role_exists(cloud: LocalCloud) -> bool:
    status, body = _post(cloud, _signed_form("GetRole", RoleName=ROLE), _headers("GetRole"))
    assert status in (200, 404), body
    return status == 200


def test_a_request_signed_for_get_role_cannot_run_delete_role(cloud: LocalCloud) -> None:
    form = _signed_form("GetRole", RoleName=ROLE)
    status, body = _post(cloud, form, _headers("DeleteRole"))
    assert (status, body["Code"]) == (400, "InvalidParameter")
    assert "x-acs-action" in body["Message"]
    assert _role_exists(cloud)


def test_a_header_version_disagreeing_with_the_signed_one_is_refused(cloud: LocalCloud) -> None:
    form = _signed_form("GetRole", RoleName=ROLE)
    status, body = _post(cloud, form, _headers("GetRole", "2016-01-20"))  # KMS's version
    assert (status, body["Code"]) == (400, "InvalidParameter")
    assert "x-acs-version" in body["Message"]


def test_an_action_only_in_the_unsigned_header_is_refused(cloud: LocalCloud) -> None:
    form = _signed_form("GetRole", RoleName=ROLE)
    del form["Action"]  # (the signature no longer matches either; the header must not rescue it)
    status, body = _post(cloud, form, _headers("DeleteRole"))
    assert status == 400, body
    assert _role_exists(cloud)


def test_headers_that_repeat_the_signed_call_run_it(cloud: LocalCloud) -> None:
    form = _signed_form("DeleteRole", RoleName=ROLE)
    status, body = _post(cloud, form, _headers("DeleteRole"))
    assert status == 200, body
    assert not _role_exists(cloud)
