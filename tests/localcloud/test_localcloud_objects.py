"""Object APIs through oss2 (V1 and V4): put/get/head/delete, ranges, tags, SSE, Content-MD5,
versioning and delete markers, batch delete, and keys that look like paths."""

from __future__ import annotations

import base64
import hashlib

import oss2
import pytest


def test_put_get_head_round_trip(oss_bucket) -> None:
    b = oss_bucket("objects-bucket")
    data = b"hello local cloud"
    put = b.put_object("dir/hello.txt", data, headers={"x-oss-meta-owner": "alice"})
    assert put.etag == hashlib.md5(data).hexdigest().upper()
    assert put.crc is not None  # oss2 compared it with its own CRC-64 of the body
    assert put.versionid is None

    got = b.get_object("dir/hello.txt")
    assert got.read() == data
    assert got.content_type == "text/plain"  # oss2 guessed it from the extension and sent it
    assert got.etag == put.etag
    assert got.server_crc == put.crc
    assert got.headers["x-oss-meta-owner"] == "alice"

    head = b.head_object("dir/hello.txt")
    assert (head.content_length, head.object_type, head.etag) == (len(data), "Normal", put.etag)
    meta = b.get_object_meta("dir/hello.txt")
    assert meta.content_length == len(data)

    assert b.get_object("dir/hello.txt", byte_range=(6, 10)).read() == b"local"
    tail = b.get_object("dir/hello.txt", byte_range=(None, 5))
    assert (tail.status, tail.read()) == (206, b"cloud")
    # OSS ignores an unsatisfiable range and returns the whole object (GetObject reference).
    whole = b.get_object("dir/hello.txt", byte_range=(100, 200))
    assert (whole.status, whole.read()) == (200, data)

    b.delete_object("dir/hello.txt")
    assert not b.object_exists("dir/hello.txt")
    with pytest.raises(oss2.exceptions.NoSuchKey) as missing:
        b.get_object("dir/hello.txt")
    assert missing.value.details["Key"] == "dir/hello.txt"
    with pytest.raises(oss2.exceptions.NotFound) as head_missing:
        b.head_object("dir/hello.txt")
    # HEAD has no body: the error travels base64-encoded in x-oss-err, which oss2 decodes.
    assert head_missing.value.code == "NoSuchKey"
    b.delete_object("never-existed")  # deleting a missing key succeeds, as in OSS


def test_tags_from_header_and_tagging_api(oss_bucket) -> None:
    b = oss_bucket("tagged-bucket")
    b.put_object("t.bin", b"x", headers={"x-oss-tagging": "env=prod&team=data%20eng"})
    assert b.get_object_tagging("t.bin").tag_set.tagging_rule == {"env": "prod", "team": "data eng"}
    assert b.head_object("t.bin").headers["x-oss-tagging-count"] == "2"
    rule = oss2.models.TaggingRule()
    rule.add("k", "v:1/2")
    b.put_object_tagging("t.bin", oss2.models.Tagging(rule))
    assert b.get_object_tagging("t.bin").tag_set.tagging_rule == {"k": "v:1/2"}
    b.delete_object_tagging("t.bin")
    assert b.get_object_tagging("t.bin").tag_set.tagging_rule == {}
    too_many = "&".join(f"k{i}=v" for i in range(11))
    with pytest.raises(oss2.exceptions.ServerError) as info:
        b.put_object("t2.bin", b"x", headers={"x-oss-tagging": too_many})
    assert (info.value.status, info.value.code) == (400, "InvalidArgument")


def test_server_side_encryption(oss_bucket) -> None:
    b = oss_bucket("sse-bucket")
    aes = b.put_object("aes.bin", b"a", headers={"x-oss-server-side-encryption": "AES256"})
    assert aes.headers["x-oss-server-side-encryption"] == "AES256"
    kms = b.put_object(
        "kms.bin",
        b"k",
        headers={
            "x-oss-server-side-encryption": "KMS",
            "x-oss-server-side-encryption-key-id": "key-1234",
        },
    )
    assert kms.headers["x-oss-server-side-encryption-key-id"] == "key-1234"
    head = b.head_object("kms.bin")
    assert head.headers["x-oss-server-side-encryption"] == "KMS"
    assert head.headers["x-oss-server-side-encryption-key-id"] == "key-1234"
    stored = b.get_object("kms.bin")
    assert stored.read() == b"k"
    with pytest.raises(oss2.exceptions.ServerError) as bad:
        b.put_object("bad.bin", b"x", headers={"x-oss-server-side-encryption": "ROT13"})
    assert (bad.value.status, bad.value.code) == (400, "InvalidEncryptionAlgorithmError")


def test_content_md5_is_checked(oss_bucket) -> None:
    b = oss_bucket("md5-bucket")
    good = base64.b64encode(hashlib.md5(b"body").digest()).decode()
    b.put_object("ok", b"body", headers={"Content-MD5": good})
    with pytest.raises(oss2.exceptions.ServerError) as info:
        b.put_object("bad", b"other body", headers={"Content-MD5": good})
    assert (info.value.status, info.value.code) == (400, "InvalidDigest")
    assert not b.object_exists("bad")


def test_versioning_and_delete_markers(oss_bucket, local_cloud) -> None:
    b = oss_bucket("ver-bucket")
    b.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled"))
    v1 = b.put_object("doc", b"one").versionid
    v2 = b.put_object("doc", b"two").versionid
    assert v1 and v2 and v1 != v2
    assert b.get_object("doc").read() == b"two"
    assert b.get_object("doc", params={"versionId": v1}).read() == b"one"

    deleted = b.delete_object("doc")
    assert deleted.delete_marker is True
    marker = deleted.versionid
    with pytest.raises(oss2.exceptions.NoSuchKey) as gone:
        b.get_object("doc")
    assert gone.value.headers["x-oss-delete-marker"] == "true"
    assert [o.key for o in b.list_objects().object_list] == []

    b.delete_object("doc", params={"versionId": marker})  # removing the marker restores v2
    assert b.get_object("doc").read() == b"two"
    versions = local_cloud.store.object_versions("ver-bucket", "doc")
    assert [v.version_id for v in versions] == [v2, v1]


def test_batch_delete(oss_bucket) -> None:
    b = oss_bucket("batch-bucket")
    keys = ["a", "b c", "ü/ñ", "d+e"]
    for key in keys:
        b.put_object(key, b"x")
    result = b.batch_delete_objects(keys[:3] + ["missing"])
    assert sorted(result.deleted_keys) == sorted(keys[:3] + ["missing"])
    assert [o.key for o in b.list_objects().object_list] == ["d+e"]


# Keys that would be dangerous as paths. (A key of exactly ".." cannot be sent through oss2:
# urllib3 removes the dot segment from /bucket/.. before sending, as it would to real OSS.)
PATH_LIKE_KEYS = [
    "../../etc/passwd",
    "..\\..\\windows",
    "a/../../b",
    "dir/./x",
    "%2e%2e/x",
    "nul\u0000byte",
    "ключ/名字 🙂.txt",
    "a" * 1023,
]


def test_keys_are_opaque_strings(oss_bucket, local_cloud) -> None:
    b = oss_bucket("paths-bucket")
    for key in PATH_LIKE_KEYS:
        b.put_object(key, key.encode())
    for key in PATH_LIKE_KEYS:
        assert b.get_object(key).read() == key.encode()
    assert sorted(o.key for o in oss2.ObjectIterator(b)) == sorted(PATH_LIKE_KEYS)
    # Nothing outside the data directory, and only content-addressed blob files inside it.
    blob_files = [p for p in (local_cloud.data_dir / "blobs").rglob("*") if p.is_file()]
    assert len(blob_files) == len(PATH_LIKE_KEYS)
    assert all(len(p.name) == 64 for p in blob_files)
    assert not (local_cloud.data_dir.parent / "etc").exists()


def test_invalid_object_names(oss_bucket) -> None:
    b = oss_bucket("names-bucket")
    for key in ["a" * 1024, "/leading-slash", "\\leading-backslash"]:
        with pytest.raises(oss2.exceptions.ServerError) as info:
            b.put_object(key, b"x")
        assert (info.value.status, info.value.code) == (400, "InvalidObjectName")
