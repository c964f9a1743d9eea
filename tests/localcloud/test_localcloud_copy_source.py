"""CopyObject and UploadPartCopy when the copy source cannot be read, through oss2 (V1 and V4).

Pages: CopyObject reference (x-oss-copy-source ``/bucket/key[?versionId=]``); "Copy objects"
guide ("you must have read permissions on the source object"; "the source bucket and
destination bucket must be in the same region"); OSS HTTP 403 errors page (AccessDenied "You
have no right to access this object.", and the wrong-endpoint AccessDenied); EC pages
0016-00000305 (an invalid copy source of CopyObject), 0042-00000301 (of UploadPartCopy),
0012-00000203 (a versionId that does not exist), 0016-00000307 (a delete marker's versionId).
Nothing is written when the source cannot be read.
"""

from __future__ import annotations

from collections.abc import Callable

import oss2
import pytest

from srrtui.localcloud import LocalCloud

OTHER_ACCOUNT = "2000000000000002"

Copy = Callable[..., object]


def _copies(bucket: oss2.Bucket) -> dict[str, Copy]:
    """The two ways to copy, each as f(source_bucket, source_key, **kwargs)."""

    def copy_object(source_bucket: str, source_key: str, **kwargs: object) -> object:
        return bucket.copy_object(source_bucket, source_key, "target", **kwargs)

    def upload_part_copy(source_bucket: str, source_key: str, **kwargs: object) -> object:
        upload_id = bucket.init_multipart_upload("target").upload_id
        return bucket.upload_part_copy(
            source_bucket, source_key, (0, 2), "target", upload_id, 1, **kwargs
        )

    return {"CopyObject": copy_object, "UploadPartCopy": upload_part_copy}


@pytest.fixture(params=["CopyObject", "UploadPartCopy"])
def copier(request: pytest.FixtureRequest, oss_bucket) -> tuple[str, oss2.Bucket, Copy]:  # noqa: ANN001
    bucket = oss_bucket("copy-into")
    bucket.put_object("present", b"source bytes")
    return request.param, bucket, _copies(bucket)[request.param]


def _refused(copy: Copy, *args: str, **kwargs: object) -> oss2.exceptions.ServerError:
    with pytest.raises(oss2.exceptions.ServerError) as caught:
        copy(*args, **kwargs)
    return caught.value


def test_no_such_object_or_bucket(copier) -> None:  # noqa: ANN001
    _, bucket, copy = copier
    missing = _refused(copy, "copy-into", "absent")
    assert (missing.status, missing.code) == (404, "NoSuchKey")
    gone = _refused(copy, "no-such-source-bucket", "present")
    assert (gone.status, gone.code) == (404, "NoSuchBucket")
    assert gone.details["BucketName"] == "no-such-source-bucket"
    assert not bucket.object_exists("target")


def test_another_accounts_private_object_is_access_denied(copier, local_cloud: LocalCloud) -> None:  # noqa: ANN001
    _, bucket, copy = copier
    store = local_cloud.store
    assert store is not None
    # Another account's bucket, written straight into the store (the local cloud has one
    # account's keys, so no request of ours could create it).
    store.create_bucket("foreign-src", region="cn-hangzhou", owner=OTHER_ACCOUNT)
    store.put_object("foreign-src", "private.bin", b"not yours")
    store.put_object("foreign-src", "shared.bin", b"for everyone", acl="public-read")
    denied = _refused(copy, "foreign-src", "private.bin")
    assert (denied.status, denied.code) == (403, "AccessDenied")
    assert denied.message == "You have no right to access this object."
    assert not bucket.object_exists("target")
    copy("foreign-src", "shared.bin")  # a public-read object is readable by anyone


def test_a_source_in_another_region_is_refused(copier, local_cloud: LocalCloud) -> None:  # noqa: ANN001
    _, bucket, copy = copier
    store = local_cloud.store
    assert store is not None
    store.create_bucket("far-src", region="cn-shanghai", owner=local_cloud.config.account_uid)
    store.put_object("far-src", "k", b"far away")
    refused = _refused(copy, "far-src", "k")
    assert (refused.status, refused.code) == (403, "AccessDenied")
    assert refused.details["Endpoint"] == "oss-cn-shanghai.aliyuncs.com"
    assert not bucket.object_exists("target")


def test_versions_that_cannot_be_copied(copier, oss_bucket) -> None:  # noqa: ANN001
    operation, bucket, copy = copier
    versioned = oss_bucket("copy-versioned")
    versioned.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled"))
    versioned.put_object("k", b"v1")
    marker = versioned.delete_object("k").versionid
    unknown = _refused(
        copy, "copy-versioned", "k", params={"versionId": "CAEQNRiBgIDMh4mD0BYiIDc4"}
    )
    assert (unknown.status, unknown.code) == (404, "NoSuchVersion")
    by_marker = _refused(copy, "copy-versioned", "k", params={"versionId": marker})
    assert (by_marker.status, by_marker.code) == (400, "InvalidArgument")
    empty = _refused(copy, "copy-versioned", "k", params={"versionId": ""})
    assert (empty.status, empty.code) == (400, "InvalidArgument")
    current = _refused(copy, "copy-versioned", "k")  # the current version is the marker
    assert (current.status, current.code) == (404, "NoSuchKey")
    if operation == "CopyObject":
        assert (unknown.ec, by_marker.ec, empty.ec) == (
            "0012-00000203",
            "0016-00000307",
            "0016-00000305",
        )
    else:
        assert empty.ec == "0042-00000301"
    assert not bucket.object_exists("target")
