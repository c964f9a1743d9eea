"""Raw HTTP against the local cloud, for what an SDK will not send (skewed clocks, bad names)."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import oss2
from oss2.http import Request as OssRequest


def raw(
    endpoint: str, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(endpoint)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def signed_v1_headers(
    method: str,
    bucket: str,
    key: str,
    date: str,
    *,
    access_key_id: str,
    secret: str,
    params: dict[str, str] | None = None,
) -> dict[str, str]:
    """Headers oss2 V1 would send, but with the given Date (oss2 always signs "now")."""
    auth = oss2.Auth(access_key_id, secret)
    req = OssRequest(method, "http://unused/", params=params or {}, headers={"date": date})
    credentials = auth.credentials_provider.get_credentials()
    signature = auth._ProviderAuth__make_signature(req, bucket, key, credentials)  # noqa: SLF001
    return {"Date": date, "Authorization": f"OSS {access_key_id}:{signature}"}


def signed_v4_headers(
    method: str, bucket: str, key: str, stamp: str, *, access_key_id: str, secret: str, region: str
) -> dict[str, str]:
    """Headers oss2 V4 would send, with the given x-oss-date (yyyymmddTHHMMSSZ)."""
    provider = oss2.credentials.StaticCredentialsProvider(access_key_id, secret)
    auth = oss2.ProviderAuthV4(provider)
    headers = {"x-oss-date": stamp, "x-oss-content-sha256": "UNSIGNED-PAYLOAD"}
    req = OssRequest(method, "http://unused/", headers=dict(headers), region=region, product="oss")
    credentials = provider.get_credentials()
    signature = auth._ProviderAuthV4__make_signature(req, bucket, key, [], credentials, stamp)  # noqa: SLF001
    scope = f"{stamp[:8]}/{region}/oss/aliyun_v4_request"
    headers["Authorization"] = (
        f"OSS4-HMAC-SHA256 Credential={access_key_id}/{scope}, Signature={signature}"
    )
    return headers


def error_fields(body: bytes) -> dict[str, str]:
    root = ET.fromstring(body)
    assert root.tag == "Error"
    return {child.tag: child.text or "" for child in root}


def v2_client(cloud):  # noqa: ANN001, ANN201 - a LocalCloud -> alibabacloud_oss_v2.Client
    """alibabacloud-oss-v2 (V4 signatures) on the local cloud, path-style over plain HTTP."""
    import alibabacloud_oss_v2 as oss

    from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    config = oss.config.load_default()
    config.credentials_provider = oss.credentials.StaticCredentialsProvider(
        DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    )
    config.region = cloud.config.region
    config.endpoint = cloud.endpoint
    config.use_path_style = True
    config.disable_ssl = True
    return oss.Client(config)
