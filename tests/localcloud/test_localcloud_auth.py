"""Signature checks: unknown key, wrong secret, skewed clocks (V1 and V4), anonymous calls,
wrong V4 region, presigned URLs and STS tokens."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import oss2
import pytest
import requests
from localcloud_helpers import error_fields, raw, signed_v1_headers, signed_v4_headers

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

AK, SK = DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET


def _v4(ak: str, sk: str) -> oss2.ProviderAuthV4:
    return oss2.ProviderAuthV4(oss2.credentials.StaticCredentialsProvider(ak, sk))


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_unknown_key_and_wrong_secret(local_cloud, version: str) -> None:
    make = oss2.Auth if version == "v1" else _v4
    unknown = oss2.Service(make("LTAI-NOBODY", SK), local_cloud.endpoint, region="cn-hangzhou")
    with pytest.raises(oss2.exceptions.ServerError) as info:
        unknown.list_buckets()
    assert (info.value.status, info.value.code) == (403, "InvalidAccessKeyId")

    wrong = oss2.Service(make(AK, "not-the-secret"), local_cloud.endpoint, region="cn-hangzhou")
    with pytest.raises(oss2.exceptions.SignatureDoesNotMatch) as mismatch:
        wrong.list_buckets()
    assert mismatch.value.status == 403
    details = mismatch.value.details
    assert details["StringToSign"]  # what the server signed, for debugging, as OSS sends it
    assert (
        SK not in mismatch.value.body.decode()
        and "not-the-secret" not in mismatch.value.body.decode()
    )
    if version == "v4":
        assert details["StringToSign"].startswith("OSS4-HMAC-SHA256\n")
        assert "CanonicalRequest" in details


def test_v1_clock_skew_is_refused(local_cloud) -> None:
    fresh = oss2.utils.http_date(time.time() - 5 * 60)  # within 15 minutes: fine
    status, _, _ = raw(
        local_cloud.endpoint,
        "GET",
        "/",
        signed_v1_headers("GET", "", "", fresh, access_key_id=AK, secret=SK),
    )
    assert status == 200
    stale = oss2.utils.http_date(time.time() - 20 * 60)
    status, headers, body = raw(
        local_cloud.endpoint,
        "GET",
        "/",
        signed_v1_headers("GET", "", "", stale, access_key_id=AK, secret=SK),
    )
    assert status == 403
    fields = error_fields(body)
    assert fields["Code"] == "RequestTimeTooSkewed"
    assert fields["MaxAllowedSkewMilliseconds"] == "900000"
    assert fields["RequestId"] == headers["x-oss-request-id"]


def test_v4_clock_skew_is_refused(local_cloud) -> None:
    past = (datetime.now(timezone.utc) - timedelta(minutes=16)).strftime("%Y%m%dT%H%M%SZ")
    headers = signed_v4_headers(
        "GET", "", "", past, access_key_id=AK, secret=SK, region="cn-hangzhou"
    )
    status, _, body = raw(local_cloud.endpoint, "GET", "/", headers)
    assert (status, error_fields(body)["Code"]) == (403, "RequestTimeTooSkewed")
    now = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    headers = signed_v4_headers(
        "GET", "", "", now, access_key_id=AK, secret=SK, region="cn-hangzhou"
    )
    assert raw(local_cloud.endpoint, "GET", "/", headers)[0] == 200


def test_anonymous_request_is_denied(local_cloud) -> None:
    status, headers, body = raw(local_cloud.endpoint, "GET", "/")
    assert status == 403
    assert error_fields(body)["Code"] == "AccessDenied"
    anonymous = oss2.Bucket(oss2.AnonymousAuth(), local_cloud.endpoint, "any-bucket")
    with pytest.raises(oss2.exceptions.AccessDenied):
        anonymous.get_object("k")


def test_v4_signed_for_another_region_fails(local_cloud) -> None:
    service = oss2.Service(_v4(AK, SK), local_cloud.endpoint, region="cn-shanghai")
    with pytest.raises(oss2.exceptions.SignatureDoesNotMatch):
        service.list_buckets()


def test_presigned_url(local_cloud) -> None:
    bucket = oss2.Bucket(oss2.Auth(AK, SK), local_cloud.endpoint, "presigned-bucket")
    bucket.create_bucket()
    bucket.put_object("shared.txt", b"shared")
    url = bucket.sign_url("GET", "shared.txt", 60)
    assert requests.get(url, timeout=10).content == b"shared"
    tampered = url.replace("shared.txt", "other.txt")
    assert requests.get(tampered, timeout=10).status_code == 403


def test_security_token_must_be_known(tmp_path) -> None:
    with LocalCloud(tmp_path / "sts", security_tokens=frozenset({"token-1"})) as cloud:
        good = oss2.Service(oss2.StsAuth(AK, SK, "token-1"), cloud.endpoint)
        assert good.list_buckets().buckets == []
        bad = oss2.Service(oss2.StsAuth(AK, SK, "token-2"), cloud.endpoint)
        with pytest.raises(oss2.exceptions.ServerError) as info:
            bad.list_buckets()
        assert (info.value.status, info.value.code) == (403, "InvalidSecurityToken")


def test_custom_access_keys_replace_the_demo_pair(tmp_path) -> None:
    with LocalCloud(tmp_path / "keys", access_keys={"LTAI-TEST-KEY": "s3cret"}) as cloud:
        assert oss2.Service(oss2.Auth("LTAI-TEST-KEY", "s3cret"), cloud.endpoint).list_buckets()
        with pytest.raises(oss2.exceptions.ServerError) as info:
            oss2.Service(oss2.Auth(AK, SK), cloud.endpoint).list_buckets()
        assert info.value.code == "InvalidAccessKeyId"
