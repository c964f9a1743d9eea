"""Buckets addressed by virtual host, as the SDKs address them on OSS's own host names.

oss2 (``_UrlMaker``) and alibabacloud-oss-v2 (``_build_url``) put the bucket in the host,
``BUCKET.oss-cn-hangzhou.aliyuncs.com``, unless the endpoint is an IP; OSS accepts only that
style on its endpoints and answers a path naming a bucket there with 403
SecondLevelDomainForbidden (OSS developer reference, "Request style"; HTTP 403 error list).
Here the SDKs keep their public endpoint and reach the local cloud as their HTTP proxy (the
request carries the public name: RFC 9112's absolute form), so nothing resolves a real name.
The same routing serves the product end to end in tests/localcloud_sts (a network namespace).
"""

from __future__ import annotations

from email.utils import formatdate

import oss2
import pytest
from localcloud_helpers import error_fields, raw, signed_v1_headers

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

PUBLIC = "http://oss-cn-hangzhou.aliyuncs.com"


def _proxied(cloud: LocalCloud) -> dict[str, str]:
    return {"http": cloud.endpoint}


def test_oss2_on_the_public_endpoint_addresses_buckets_by_host(local_cloud: LocalCloud) -> None:
    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    bucket = oss2.Bucket(auth, PUBLIC, "vhost-bucket", proxies=_proxied(local_cloud))
    bucket.create_bucket()
    key = "dir/a b+ü?.txt"  # quoted in the path; the bucket is not in it
    bucket.put_object(key, b"by host")
    assert bucket.get_object(key).read() == b"by host"
    assert [o.key for o in bucket.list_objects().object_list] == [key]
    assert bucket.get_bucket_location().location == "oss-cn-hangzhou"
    service = oss2.Service(auth, PUBLIC, proxies=_proxied(local_cloud))
    assert [b.name for b in service.list_buckets().buckets] == ["vhost-bucket"]
    # The path-style form of the same store still answers on the IP endpoint.
    same = oss2.Bucket(auth, local_cloud.endpoint, "vhost-bucket")
    assert same.get_object(key).read() == b"by host"


def test_v4_signatures_verify_on_a_virtual_host(local_cloud: LocalCloud) -> None:
    provider = oss2.credentials.StaticCredentialsProvider(
        DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    )
    auth = oss2.ProviderAuthV4(provider)
    bucket = oss2.Bucket(
        auth, PUBLIC, "vhost-v4", region="cn-hangzhou", proxies=_proxied(local_cloud)
    )
    bucket.create_bucket()
    bucket.put_object("k", b"v4")
    assert bucket.get_object("k").read() == b"v4"


def test_alibabacloud_oss_v2_on_the_public_endpoint(local_cloud: LocalCloud) -> None:
    import alibabacloud_oss_v2 as oss

    config = oss.config.load_default()
    config.credentials_provider = oss.credentials.StaticCredentialsProvider(
        DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    )
    config.region = "cn-hangzhou"
    config.endpoint = "oss-cn-hangzhou.aliyuncs.com"
    config.disable_ssl = True
    config.proxy_host = {"http": local_cloud.endpoint}
    client = oss.Client(config)
    client.put_bucket(oss.PutBucketRequest(bucket="vhost-v2"))
    client.put_object(oss.PutObjectRequest(bucket="vhost-v2", key="x/y.txt", body=b"v2"))
    got = client.get_object(oss.GetObjectRequest(bucket="vhost-v2", key="x/y.txt"))
    assert got.body.read() == b"v2"


def test_path_style_on_an_oss_host_name_is_second_level_domain_forbidden(
    local_cloud: LocalCloud,
) -> None:
    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    oss2.Bucket(auth, local_cloud.endpoint, "path-bucket").create_bucket()
    forced = oss2.Bucket(
        auth, PUBLIC, "path-bucket", is_path_style=True, proxies=_proxied(local_cloud)
    )
    with pytest.raises(oss2.exceptions.ServerError) as refused:
        forced.get_bucket_info()
    assert (refused.value.status, refused.value.code) == (403, "SecondLevelDomainForbidden")
    with pytest.raises(oss2.exceptions.ServerError) as refused_put:
        forced.put_object("k", b"never stored")
    assert refused_put.value.code == "SecondLevelDomainForbidden"
    same = oss2.Bucket(auth, local_cloud.endpoint, "path-bucket")
    assert not same.object_exists("k")


def test_the_host_header_picks_the_bucket_with_a_port_and_any_case(
    local_cloud: LocalCloud,
) -> None:
    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    oss2.Bucket(auth, local_cloud.endpoint, "host-case").create_bucket()
    oss2.Bucket(auth, local_cloud.endpoint, "host-case").put_object("some/key", b"found")
    date = formatdate(usegmt=True)
    keys = {"access_key_id": DEMO_ACCESS_KEY_ID, "secret": DEMO_ACCESS_KEY_SECRET}
    headers = signed_v1_headers("GET", "host-case", "some/key", date, **keys)
    headers["Host"] = "HOST-CASE.OSS-CN-HANGZHOU.ALIYUNCS.COM:443"
    status, _, body = raw(local_cloud.endpoint, "GET", "/some/key", headers=headers)
    assert (status, body) == (200, b"found")
    headers = signed_v1_headers("GET", "absent-b", "", date, **keys)
    headers["Host"] = "absent-b.oss-cn-hangzhou-internal.aliyuncs.com"
    status, _, body = raw(local_cloud.endpoint, "GET", "/", headers=headers)
    assert status == 404 and error_fields(body)["Code"] == "NoSuchBucket"
