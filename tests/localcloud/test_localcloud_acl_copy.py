"""Object ACL and CopyObject through oss2 (V1, V4) and alibabacloud-oss-v2.

Pages: PutObjectACL / GetObjectACL references (x-oss-object-acl; an object's ACL is "default"
until set); CopyObject reference (x-oss-copy-source, metadata and tagging directives, storage
class, the x-oss-copy-source-if-* conditions: 412 PreconditionFailed / 304); UploadPartCopy
reference ("use UploadPartCopy to copy files larger than 1 GB").
"""

from __future__ import annotations

import oss2
import pytest
from localcloud_helpers import v2_client

from srrtui.localcloud import LocalCloud


def test_object_acl_put_get_and_on_put_object(oss_bucket) -> None:
    b = oss_bucket("acl-bucket")
    b.put_object("plain", b"x")
    assert b.get_object_acl("plain").acl == "default"
    b.put_object("public", b"y", headers={"x-oss-object-acl": "public-read"})
    assert b.get_object_acl("public").acl == "public-read"
    b.put_object_acl("plain", oss2.OBJECT_ACL_PRIVATE)
    assert b.get_object_acl("plain").acl == "private"
    with pytest.raises(oss2.exceptions.ServerError) as bad:
        b.put_object("bad", b"z", headers={"x-oss-object-acl": "everyone"})
    assert (bad.value.status, bad.value.code) == (400, "InvalidArgument")
    assert not b.object_exists("bad")
    with pytest.raises(oss2.exceptions.NoSuchKey):
        b.get_object_acl("absent")


def test_object_acl_through_v2(local_cloud: LocalCloud) -> None:
    import alibabacloud_oss_v2 as oss

    client = v2_client(local_cloud)
    client.put_bucket(oss.PutBucketRequest(bucket="acl-v2"))
    client.put_object(oss.PutObjectRequest(bucket="acl-v2", key="k", body=b"data", acl="private"))
    got = client.get_object_acl(oss.GetObjectAclRequest(bucket="acl-v2", key="k"))
    assert got.acl == "private"
    client.put_object_acl(oss.PutObjectAclRequest(bucket="acl-v2", key="k", acl="public-read"))
    assert (
        client.get_object_acl(oss.GetObjectAclRequest(bucket="acl-v2", key="k")).acl
        == "public-read"
    )


def test_copy_within_and_across_buckets(oss_bucket) -> None:
    src, dst = oss_bucket("copy-src"), oss_bucket("copy-dst")
    put = src.put_object(
        "a/b c.txt",
        b"payload",
        headers={"x-oss-meta-who": "alice", "Content-Type": "text/plain", "x-oss-tagging": "k=v"},
    )
    same = src.copy_object("copy-src", "a/b c.txt", "copy.txt")
    assert same.etag == put.etag
    other = dst.copy_object("copy-src", "a/b c.txt", "there.txt")
    got = dst.get_object("there.txt")
    assert (got.read(), got.etag, other.etag) == (b"payload", put.etag, put.etag)
    # COPY (default): the source's content type, user metadata and tags come along.
    assert got.headers["x-oss-meta-who"] == "alice"
    assert got.content_type == "text/plain"
    assert dst.get_object_tagging("there.txt").tag_set.tagging_rule == {"k": "v"}
    assert dst.get_object_acl("there.txt").acl == "default"


def test_copy_replace_directives_and_storage_class(oss_bucket) -> None:
    b = oss_bucket("copy-dir")
    b.put_object("s", b"data", headers={"x-oss-meta-old": "1", "x-oss-tagging": "a=1"})
    b.copy_object(
        "copy-dir",
        "s",
        "t",
        headers={
            "x-oss-metadata-directive": "REPLACE",
            "x-oss-meta-new": "2",
            "Content-Type": "application/json",
            "x-oss-tagging-directive": "Replace",
            "x-oss-tagging": "b=2",
            "x-oss-storage-class": "IA",
            "x-oss-object-acl": "private",
        },
    )
    head = b.head_object("t")
    assert head.headers.get("x-oss-meta-new") == "2" and "x-oss-meta-old" not in head.headers
    assert head.content_type == "application/json"
    assert head.headers["x-oss-storage-class"] == "IA"
    assert b.get_object_tagging("t").tag_set.tagging_rule == {"b": "2"}
    assert b.get_object_acl("t").acl == "private"


def test_copy_conditions(oss_bucket) -> None:
    b = oss_bucket("copy-cond")
    etag = b.put_object("s", b"data").etag
    b.copy_object("copy-cond", "s", "ok", headers={"x-oss-copy-source-if-match": f'"{etag}"'})
    with pytest.raises(oss2.exceptions.PreconditionFailed):
        b.copy_object("copy-cond", "s", "no", headers={"x-oss-copy-source-if-match": '"0000"'})
    with pytest.raises(oss2.exceptions.NotModified):
        b.copy_object("copy-cond", "s", "no", headers={"x-oss-copy-source-if-none-match": etag})
    assert not b.object_exists("no")


def test_copy_source_missing_or_unreadable(oss_bucket) -> None:
    b = oss_bucket("copy-bad")
    with pytest.raises(oss2.exceptions.NoSuchKey):
        b.copy_object("copy-bad", "absent", "t")
    with pytest.raises(oss2.exceptions.NoSuchBucket):
        b.copy_object("copy-no-such-bucket", "k", "t")


def test_copy_above_the_limit_is_refused_then_done_by_upload_part_copy(tmp_path, oss_auth) -> None:  # noqa: ANN001
    with LocalCloud(tmp_path / "c", copy_object_max=1000) as cloud:
        b = oss2.Bucket(oss_auth, cloud.endpoint, "copy-big", region="cn-hangzhou")
        b.create_bucket()
        data = bytes(range(256)) * 8  # 2048 bytes, over the 1000-byte limit
        b.put_object("big", data)
        with pytest.raises(oss2.exceptions.ServerError) as caught:
            b.copy_object("copy-big", "big", "copy")
        assert (caught.value.status, caught.value.code) == (400, "EntityTooLarge")
        upload_id = b.init_multipart_upload("copy").upload_id
        part = b.upload_part_copy("copy-big", "big", (0, len(data) - 1), "copy", upload_id, 1)
        b.complete_multipart_upload("copy", upload_id, [oss2.models.PartInfo(1, part.etag)])
        assert b.get_object("copy").read() == data


def test_copy_through_v2(local_cloud: LocalCloud) -> None:
    import alibabacloud_oss_v2 as oss

    client = v2_client(local_cloud)
    client.put_bucket(oss.PutBucketRequest(bucket="copy-v2"))
    client.put_object(oss.PutObjectRequest(bucket="copy-v2", key="s", body=b"v2 bytes"))
    result = client.copy_object(
        oss.CopyObjectRequest(bucket="copy-v2", key="t", source_bucket="copy-v2", source_key="s")
    )
    assert result.status_code == 200
    got = client.get_object(oss.GetObjectRequest(bucket="copy-v2", key="t"))
    assert got.body.read() == b"v2 bytes"
