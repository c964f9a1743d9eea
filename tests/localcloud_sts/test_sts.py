"""STS in the local cloud through the real OpenAPI SDK: AssumeRole (ACS3 and the RPC HMAC-SHA1
signature) for a role that trusts the account; OSS, RAM and KMS accept the temporary keys and
refuse a forged or expired token with the documented codes."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import oss2
import pytest

from srrtui.cloud.kms import rpc_params
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

UID = "1000000000000001"
TRUST_ACCOUNT = {
    "Version": "1",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {"RAM": [f"acs:ram::{UID}:root"]},
        }
    ],
}
TRUST_OSS_ONLY = {
    "Version": "1",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {"Service": ["oss.aliyuncs.com"]},
        }
    ],
}


def rpc(
    cloud: LocalCloud,
    action: str,
    version: str,
    query: dict[str, str],
    *,
    key: str = DEMO_ACCESS_KEY_ID,
    secret: str = DEMO_ACCESS_KEY_SECRET,
    token: str | None = None,
    signature_algorithm: str | None = None,
) -> dict[str, Any]:
    from alibabacloud_tea_openapi.client import Client
    from alibabacloud_tea_openapi.utils_models import Config, OpenApiRequest
    from darabonba.runtime import RuntimeOptions

    config = Config(
        access_key_id=key,
        access_key_secret=secret,
        security_token=token,
        endpoint=f"127.0.0.1:{cloud.port}",
        protocol="http",
        region_id="cn-hangzhou",
        signature_algorithm=signature_algorithm,
    )
    body = Client(config).call_api(
        rpc_params(action, version=version, protocol="HTTP"),
        OpenApiRequest(query=query),
        RuntimeOptions(),
    )["body"]
    return body


def create_role(cloud: LocalCloud, name: str, trust: dict) -> str:
    rpc(
        cloud,
        "CreateRole",
        "2015-05-01",
        {"RoleName": name, "AssumeRolePolicyDocument": json.dumps(trust)},
    )
    return f"acs:ram::{UID}:role/{name}"


def assume(cloud: LocalCloud, arn: str, **kw: Any) -> dict[str, str]:
    body = rpc(cloud, "AssumeRole", "2015-04-01", {"RoleArn": arn, "RoleSessionName": "t"}, **kw)
    return body["Credentials"]


def code_of(call: Any) -> str:
    from Tea.exceptions import TeaException

    with pytest.raises(TeaException) as caught:
        call()
    return caught.value.code


@pytest.fixture
def sts_cloud(tmp_path: Path) -> Any:
    with LocalCloud(tmp_path / "cloud", start_delay=0.05, sts_max_duration=2.0) as cloud:
        yield cloud


@pytest.mark.parametrize("signature", [None, "v2"])  # ACS3, then the RPC HMAC-SHA1 signature
def test_assume_role_gives_sts_keys_every_service_accepts(
    sts_cloud: LocalCloud, signature: Any
) -> None:
    arn = create_role(sts_cloud, "ops", TRUST_ACCOUNT)
    creds = assume(sts_cloud, arn, signature_algorithm=signature)
    assert creds["AccessKeyId"].startswith("STS.")
    assert creds["SecurityToken"] and creds["Expiration"].endswith("Z")
    key, secret, token = creds["AccessKeyId"], creds["AccessKeySecret"], creds["SecurityToken"]
    auth = oss2.StsAuth(key, secret, token, auth_version=oss2.AUTH_VERSION_4)
    oss2.Bucket(auth, sts_cloud.endpoint, "sts-made", region="cn-hangzhou").create_bucket()
    roles = rpc(sts_cloud, "ListRoles", "2015-05-01", {}, key=key, secret=secret, token=token)
    assert [r["RoleName"] for r in roles["Roles"]["Role"]] == ["ops"]
    keys = rpc(sts_cloud, "ListKeys", "2016-01-20", {}, key=key, secret=secret, token=token)
    assert "Keys" in keys


def test_forged_and_expired_tokens_are_refused_with_the_documented_codes(
    sts_cloud: LocalCloud,
) -> None:
    creds = assume(sts_cloud, create_role(sts_cloud, "ops", TRUST_ACCOUNT))
    key, secret, token = creds["AccessKeyId"], creds["AccessKeySecret"], creds["SecurityToken"]
    forged = token[:-4] + "AAAA"
    bad = oss2.Bucket(oss2.StsAuth(key, secret, forged), sts_cloud.endpoint, "sts-forged")
    with pytest.raises(oss2.exceptions.ServerError) as caught:
        bad.create_bucket()
    assert (caught.value.status, caught.value.code) == (403, "InvalidSecurityToken")
    for version, action in (("2015-05-01", "ListRoles"), ("2016-01-20", "ListKeys")):
        assert (
            code_of(
                lambda a=action, v=version: rpc(
                    sts_cloud, a, v, {}, key=key, secret=secret, token=forged
                )
            )
            == "InvalidSecurityToken.MismatchWithAccessKey"
        )
    # A permanent key with somebody's token is refused too.
    assert code_of(lambda: rpc(sts_cloud, "ListRoles", "2015-05-01", {}, token=token)) == (
        "InvalidSecurityToken.MismatchWithAccessKey"
    )
    deadline = time.monotonic() + 10
    while time.time() < sts_cloud.config.temporary_keys.get(key).expires_at:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    expired = oss2.Bucket(oss2.StsAuth(key, secret, token), sts_cloud.endpoint, "sts-forged")
    with pytest.raises(oss2.exceptions.ServerError) as caught:
        expired.create_bucket()
    assert (caught.value.status, caught.value.code) == (403, "SecurityTokenExpired")
    for version, action in (("2015-05-01", "ListRoles"), ("2016-01-20", "ListKeys")):
        assert (
            code_of(
                lambda a=action, v=version: rpc(
                    sts_cloud, a, v, {}, key=key, secret=secret, token=token
                )
            )
            == "InvalidSecurityToken.Expired"
        )
    # Counted, so tests of refreshing clients can assert that none came (watch_run.py).
    assert sts_cloud.config.temporary_keys.expired_refusals == 3


def test_a_role_that_does_not_trust_the_account_is_refused(sts_cloud: LocalCloud) -> None:
    arn = create_role(sts_cloud, "oss-only", TRUST_OSS_ONLY)
    assert code_of(lambda: assume(sts_cloud, arn)) == "NoPermission"
    assert code_of(lambda: assume(sts_cloud, f"acs:ram::{UID}:role/none")) == "EntityNotExist.Role"


def test_assume_role_with_oidc_checks_the_token_and_the_trust(sts_cloud: LocalCloud) -> None:
    import requests

    provider = sts_cloud.oidc.provider_arn
    trust = {
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Federated": [provider]}}
        ],
    }
    arn = create_role(sts_cloud, "workload", trust)
    other = create_role(sts_cloud, "ops", TRUST_ACCOUNT)

    def call(role: str, token: str) -> requests.Response:
        query = {
            "Action": "AssumeRoleWithOIDC",
            "Version": "2015-04-01",
            "Format": "JSON",
            "RoleArn": role,
            "OIDCProviderArn": provider,
            "OIDCToken": token,
            "RoleSessionName": "ack",
        }
        return requests.get(sts_cloud.endpoint + "/", params=query, timeout=10)

    token = sts_cloud.oidc.issue("system:serviceaccount:default:app")
    answer = call(arn, token)
    assert answer.status_code == 200, answer.text
    assert answer.json()["Credentials"]["AccessKeyId"].startswith("STS.")
    forged = token[: token.rindex(".") + 1] + "A" * 43
    assert call(arn, forged).json()["Code"] == "AuthenticationFail.OIDCToken.Invalid"
    assert call(other, token).json()["Code"] == "NoPermission"
