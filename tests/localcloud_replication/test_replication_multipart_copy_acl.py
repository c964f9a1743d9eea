"""Replication of what multipart uploads, CopyObject and object ACLs write.

Data-replication docs (shared/reference/oss-replication.md; Action PUT lists PutObjectACL,
CopyObject and the multipart operations): a completed multipart object is replicated byte-exact
with its multipart ETag; an upload in progress is never visible at the destination; a copy is a
new object and is replicated; a storage-class change made by CopyObject on the object itself is
not; the object ACL is replicated.
"""

from __future__ import annotations

import os

import oss2
from repl_helpers import bucket_on, put_rule, wait_caught_up

PART = 100 * 1024


def test_multipart_object_replicates_only_when_complete(local_cloud, bucket) -> None:
    src, dst = bucket("mpr-src"), bucket("mpr-dst")
    rule_id = put_rule(src, "mpr-dst")
    wait_caught_up(local_cloud, "mpr-src", rule_id)
    parts = [os.urandom(PART), os.urandom(PART), b"last"]
    upload_id = src.init_multipart_upload("big.bin").upload_id
    infos = []
    for number, data in enumerate(parts, start=1):
        infos.append(
            oss2.models.PartInfo(number, src.upload_part("big.bin", upload_id, number, data).etag)
        )
    wait_caught_up(local_cloud, "mpr-src", rule_id)
    assert not dst.object_exists("big.bin")  # in progress: nothing at the destination
    assert dst.list_multipart_uploads().upload_list == []
    done = src.complete_multipart_upload("big.bin", upload_id, infos)
    wait_caught_up(local_cloud, "mpr-src", rule_id)
    replica = dst.get_object("big.bin")
    assert replica.read() == b"".join(parts)
    assert (replica.etag, replica.headers["x-oss-object-type"]) == (done.etag, "Multipart")
    assert replica.server_crc == src.head_object("big.bin").server_crc


def test_copies_are_replicated_but_in_place_storage_class_changes_are_not(
    local_cloud, bucket
) -> None:
    src, dst, other = bucket("cpr-src"), bucket("cpr-dst"), bucket("cpr-other")
    other.put_object("outside.txt", b"from another bucket")
    src.put_object("orig.txt", b"original")
    rule_id = put_rule(src, "cpr-dst")
    wait_caught_up(local_cloud, "cpr-src", rule_id)
    src.copy_object("cpr-src", "orig.txt", "copy.txt")
    src.copy_object("cpr-other", "outside.txt", "imported.txt")
    src.copy_object("cpr-src", "orig.txt", "orig.txt", headers={"x-oss-storage-class": "IA"})
    wait_caught_up(local_cloud, "cpr-src", rule_id)
    assert dst.get_object("copy.txt").read() == b"original"
    assert dst.get_object("imported.txt").read() == b"from another bucket"
    assert src.head_object("orig.txt").headers["x-oss-storage-class"] == "IA"
    assert dst.head_object("orig.txt").headers["x-oss-storage-class"] == "Standard"


def test_object_acl_is_replicated(local_cloud, bucket) -> None:
    src, dst = bucket("aclr-src"), bucket("aclr-dst")
    src.put_object("before.txt", b"x", headers={"x-oss-object-acl": "public-read"})
    rule_id = put_rule(src, "aclr-dst")
    wait_caught_up(local_cloud, "aclr-src", rule_id)
    assert dst.get_object_acl("before.txt").acl == "public-read"  # historical copy
    src.put_object("after.txt", b"y")
    src.put_object_acl("after.txt", oss2.OBJECT_ACL_PRIVATE)
    wait_caught_up(local_cloud, "aclr-src", rule_id)
    assert dst.get_object_acl("after.txt").acl == "private"
    assert bucket_on(local_cloud, "aclr-dst", create=False).get_object("after.txt").read() == b"y"
