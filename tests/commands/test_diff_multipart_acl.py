"""``diff_rule`` with multipart objects and object ACLs against the local cloud.

A multipart object's ETag ("<hex>-<parts>") is not the MD5 of its bytes (CompleteMultipartUpload
reference), so a destination holding the same bytes under another ETag form is compared by
x-oss-hash-crc64ecma; the object ACL is replicated (data-replication docs), so another ACL in
the destination is a difference.
"""

from __future__ import annotations

import os

import oss2
from diff_helpers import add_rule, caught_up, new_bucket, session_for, wait_rule

from srrtui.cloud.diff import diff_rule
from srrtui.domain.replication_scope import Difference, is_multipart_etag
from srrtui.localcloud import LocalCloud

PART = 100 * 1024


def _multipart(bucket: oss2.Bucket, key: str, parts: list[bytes]) -> str:
    upload_id = bucket.init_multipart_upload(key).upload_id
    infos = [
        oss2.models.PartInfo(n, bucket.upload_part(key, upload_id, n, data).etag)
        for n, data in enumerate(parts, start=1)
    ]
    return bucket.complete_multipart_upload(key, upload_id, infos).etag


def test_multipart_and_acl_differences(local_cloud: LocalCloud) -> None:
    src, dst = new_bucket(local_cloud, "dmp-src"), new_bucket(local_cloud, "dmp-dst")
    parts = [os.urandom(PART), b"tail"]
    etag = _multipart(src, "big.bin", parts)
    assert is_multipart_etag(etag)
    src.put_object("open.txt", b"shared", headers={"x-oss-object-acl": "public-read"})
    add_rule(local_cloud, "dmp-src", "r", "dmp-dst")
    wait_rule(local_cloud, "dmp-src", "r", caught_up, "caught up")
    session = session_for(local_cloud)
    rule = next(r for r in session.list_rules("dmp-src") if r.rule_id == "r")
    assert diff_rule(session.oss, "dmp-src", rule).entries == ()  # both replicated as they are

    # The same bytes written in one PUT carry a plain MD5 ETag: not a difference (CRC-64s match).
    dst.put_object("big.bin", b"".join(parts))
    assert dst.head_object("big.bin").etag != etag
    # Another ACL in the destination is.
    dst.put_object_acl("open.txt", oss2.OBJECT_ACL_PRIVATE)
    page = diff_rule(session.oss, "dmp-src", rule)
    assert [(e.key, e.difference) for e in page.entries] == [("open.txt", Difference.ACL)]
    # Whether the rule's watermark has passed the object yet (whole seconds) decides the state;
    # the ACL note comes first either way.
    assert page.entries[0].reason.startswith(
        "object ACL public-read here, private in the destination"
    )
    dst.put_object("big.bin", b"x" * (PART + 4))  # same size, other bytes
    keys = {e.key: e.difference for e in diff_rule(session.oss, "dmp-src", rule).entries}
    assert keys["big.bin"] is Difference.DIFFERENT
