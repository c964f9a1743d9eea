"""Bucket APIs through oss2 (V1 and V4): create, list with paging, info, location, versioning,
delete, and their errors."""

from __future__ import annotations

import oss2
import pytest
from localcloud_helpers import error_fields, raw, signed_v1_headers

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, DEMO_ACCOUNT_UID


def test_create_list_info_location(oss_bucket, oss_service, local_cloud) -> None:
    oss_bucket("alpha-bucket")
    listed = oss_service.list_buckets()
    assert [b.name for b in listed.buckets] == ["alpha-bucket"]
    (bucket,) = listed.buckets
    assert bucket.location == "oss-cn-hangzhou"
    assert bucket.region == "cn-hangzhou"
    assert bucket.extranet_endpoint == "oss-cn-hangzhou.aliyuncs.com"
    assert bucket.intranet_endpoint == "oss-cn-hangzhou-internal.aliyuncs.com"
    assert bucket.storage_class == "Standard"
    assert bucket.creation_date > 0
    assert listed.owner.id == DEMO_ACCOUNT_UID
    assert listed.is_truncated is False

    b = oss_bucket("alpha-bucket", create=False)
    info = b.get_bucket_info()
    assert (info.name, info.location, info.storage_class) == (
        "alpha-bucket",
        "oss-cn-hangzhou",
        "Standard",
    )
    assert info.owner.id == DEMO_ACCOUNT_UID
    assert info.acl.grant == "private"
    assert info.versioning_status is None  # never enabled: OSS omits the element
    assert info.bucket_encryption_rule.sse_algorithm is None
    assert b.get_bucket_location().location == "oss-cn-hangzhou"


def test_list_buckets_pages_with_prefix_and_marker(oss_bucket, oss_service) -> None:
    names = [f"page-{i:02d}" for i in range(7)] + ["other-bucket"]
    for name in names:
        oss_bucket(name)
    first = oss_service.list_buckets(prefix="page-", max_keys=3)
    assert [b.name for b in first.buckets] == ["page-00", "page-01", "page-02"]
    assert first.is_truncated and first.next_marker == "page-02"
    second = oss_service.list_buckets(prefix="page-", marker=first.next_marker, max_keys=3)
    assert [b.name for b in second.buckets] == ["page-03", "page-04", "page-05"]
    every = [b.name for b in oss2.BucketIterator(oss_service, prefix="page-", max_keys=2)]
    assert every == sorted(names[:-1])


def test_versioning_round_trip(oss_bucket) -> None:
    b = oss_bucket("versioned-bucket")
    assert b.get_bucket_versioning().status is None
    b.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled"))
    assert b.get_bucket_versioning().status == "Enabled"
    assert b.get_bucket_info().versioning_status == "Enabled"
    b.put_bucket_versioning(oss2.models.BucketVersioningConfig("Suspended"))
    assert b.get_bucket_versioning().status == "Suspended"


def test_bucket_errors(oss_bucket) -> None:
    b = oss_bucket("taken-bucket")
    with pytest.raises(oss2.exceptions.ServerError) as exists:
        b.create_bucket()
    assert (exists.value.status, exists.value.code) == (409, "BucketAlreadyExists")
    b.put_object("k", b"v")
    with pytest.raises(oss2.exceptions.BucketNotEmpty):
        b.delete_bucket()
    b.delete_object("k")
    b.delete_bucket()
    with pytest.raises(oss2.exceptions.NoSuchBucket) as missing:
        b.get_bucket_info()
    assert missing.value.status == 404
    assert missing.value.details["BucketName"] == "taken-bucket"


@pytest.mark.parametrize(
    "name", ["ab", "Upper-case", "-leading", "trailing-", "under_score", "a" * 64]
)
def test_invalid_bucket_name(local_cloud, name: str) -> None:
    # oss2 refuses these names client-side, so sign a raw request the way oss2 does.
    headers = signed_v1_headers(
        "PUT",
        name,
        "",
        oss2.utils.http_date(),
        access_key_id=DEMO_ACCESS_KEY_ID,
        secret=DEMO_ACCESS_KEY_SECRET,
    )
    status, _, body = raw(local_cloud.endpoint, "PUT", f"/{name}/", headers)
    assert status == 400
    assert error_fields(body)["Code"] == "InvalidBucketName"


def test_unimplemented_apis_answer_501_not_a_wrong_answer(oss_bucket) -> None:
    # PutBucketRTC is for cross-region rules, which the local cloud does not serve.
    b = oss_bucket("repl-source")
    body = b"<ReplicationRule><RTC><Status>enabled</Status></RTC><ID>x</ID></ReplicationRule>"
    with pytest.raises(oss2.exceptions.ServerError) as info:
        b._do("PUT", b.bucket_name, "", params={"rtc": ""}, data=body)
    assert info.value.status == 501
    assert info.value.code == "NotImplemented"
