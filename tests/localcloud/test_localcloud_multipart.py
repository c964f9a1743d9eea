"""The multipart family through oss2 (V1, V4) and alibabacloud-oss-v2.

Pages: InitiateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload,
AbortMultipartUpload, ListParts, ListMultipartUploads references; EC pages 0042-00000209
(InvalidPartOrder), 0042-00000213 (EntityTooSmall: every part but the last at least 100 KB,
checked at completion), 0042-00000002 (NoSuchUpload), 0017-00000220 (part number 1-10000); the
InvalidPart troubleshooting page ("could not be found or the specified entity tag might not
have matched"). The object's ETag is "<MD5 of the parts' MD5s>-<parts>" (upper case).
"""

from __future__ import annotations

import base64
import hashlib
import os

import oss2
import pytest
from localcloud_helpers import v2_client

from srrtui.localcloud import LocalCloud

PART = 100 * 1024  # OSS's smallest part but the last


def _multipart_etag(parts: list[bytes]) -> str:
    digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
    return f"{digest.upper()}-{len(parts)}"


def _upload(b: oss2.Bucket, key: str, parts: list[bytes]) -> tuple[str, list]:
    upload_id = b.init_multipart_upload(key).upload_id
    infos = []
    for number, data in enumerate(parts, start=1):
        result = b.upload_part(key, upload_id, number, data)
        infos.append(oss2.models.PartInfo(number, result.etag, size=len(data), part_crc=result.crc))
    return upload_id, infos


def test_upload_complete_and_read_back(oss_bucket) -> None:
    b = oss_bucket("mp-bucket")
    parts = [os.urandom(PART), os.urandom(PART), b"tail"]
    upload_id, infos = _upload(b, "big/obj.bin", parts)
    # In progress: listed as an upload, not as an object.
    assert [u.upload_id for u in b.list_multipart_uploads().upload_list] == [upload_id]
    assert not b.object_exists("big/obj.bin")
    listed = b.list_parts("big/obj.bin", upload_id).parts
    assert [(p.part_number, p.size) for p in listed] == [(1, PART), (2, PART), (3, 4)]
    done = b.complete_multipart_upload("big/obj.bin", upload_id, infos)  # oss2 checks the CRC
    assert done.etag == _multipart_etag(parts)
    head = b.head_object("big/obj.bin")
    assert (head.etag, head.object_type, head.content_length) == (
        done.etag,
        "Multipart",
        2 * PART + 4,
    )
    assert b.get_object("big/obj.bin").read() == b"".join(parts)
    assert b.list_multipart_uploads().upload_list == []
    with pytest.raises(oss2.exceptions.NoSuchUpload) as gone:
        b.upload_part("big/obj.bin", upload_id, 4, b"late")
    assert (gone.value.status, gone.value.ec) == (404, "0042-00000002")


def test_part_order_missing_parts_and_small_parts(oss_bucket) -> None:
    b = oss_bucket("mp-bad")
    upload_id, infos = _upload(b, "k", [os.urandom(PART), os.urandom(PART)])
    # oss2 sorts the parts it is given, so the out-of-order body goes through its signed path.
    body = oss2.xml_utils.to_complete_upload_request([infos[1], infos[0]])
    with pytest.raises(oss2.exceptions.ServerError) as order:
        b._Bucket__do_object("POST", "k", data=body, params={"uploadId": upload_id})  # noqa: SLF001
    assert (order.value.status, order.value.code, order.value.ec) == (
        400,
        "InvalidPartOrder",
        "0042-00000209",
    )
    with pytest.raises(oss2.exceptions.ServerError) as missing:
        b.complete_multipart_upload(
            "k", upload_id, [infos[0], oss2.models.PartInfo(3, infos[1].etag)]
        )
    assert (missing.value.status, missing.value.code) == (400, "InvalidPart")
    with pytest.raises(oss2.exceptions.ServerError) as wrong_etag:
        b.complete_multipart_upload("k", upload_id, [oss2.models.PartInfo(1, "0" * 32)])
    assert wrong_etag.value.code == "InvalidPart"
    small_id, small = _upload(b, "small", [b"x" * 1000, b"y" * 1000])
    with pytest.raises(oss2.exceptions.ServerError) as too_small:
        b.complete_multipart_upload("small", small_id, small)
    assert (too_small.value.status, too_small.value.code, too_small.value.ec) == (
        400,
        "EntityTooSmall",
        "0042-00000213",
    )
    assert not b.object_exists("small") and not b.object_exists("k")
    # The failed completions leave the uploads in place; a valid one still completes.
    b.complete_multipart_upload("k", upload_id, infos)
    assert b.object_exists("k")


def test_unknown_upload_id_and_bad_part_numbers(oss_bucket) -> None:
    b = oss_bucket("mp-unknown")
    for call in (
        lambda: b.upload_part("k", "NOSUCHUPLOAD", 1, b"x"),
        lambda: b.list_parts("k", "NOSUCHUPLOAD"),
        lambda: b.abort_multipart_upload("k", "NOSUCHUPLOAD"),
        lambda: b.complete_multipart_upload(
            "k", "NOSUCHUPLOAD", [oss2.models.PartInfo(1, "A" * 32)]
        ),
    ):
        with pytest.raises(oss2.exceptions.NoSuchUpload):
            call()
    upload_id = b.init_multipart_upload("k").upload_id
    for number in (0, 10001):
        with pytest.raises(oss2.exceptions.ServerError) as caught:
            b.upload_part("k", upload_id, number, b"x")
        assert (caught.value.status, caught.value.code, caught.value.ec) == (
            400,
            "InvalidArgument",
            "0017-00000220",
        )


def test_content_md5_is_checked_per_part(oss_bucket) -> None:
    b = oss_bucket("mp-md5")
    upload_id = b.init_multipart_upload("k").upload_id
    wrong = base64.b64encode(hashlib.md5(b"other").digest()).decode()
    with pytest.raises(oss2.exceptions.InvalidDigest):
        b.upload_part("k", upload_id, 1, b"data", headers={"Content-MD5": wrong})
    assert b.list_parts("k", upload_id).parts == []
    right = base64.b64encode(hashlib.md5(b"data").digest()).decode()
    b.upload_part("k", upload_id, 1, b"data", headers={"Content-MD5": right})
    assert [p.size for p in b.list_parts("k", upload_id).parts] == [4]


def test_abort_and_acl_meta_on_initiate(oss_bucket) -> None:
    b = oss_bucket("mp-abort")
    upload_id = b.init_multipart_upload("gone").upload_id
    b.upload_part("gone", upload_id, 1, b"x")
    b.abort_multipart_upload("gone", upload_id)
    assert b.list_multipart_uploads().upload_list == []
    headers = {
        "x-oss-object-acl": "public-read",
        "x-oss-meta-who": "bob",
        "Content-Type": "text/csv",
    }
    upload_id = b.init_multipart_upload("kept", headers=headers).upload_id
    result = b.upload_part("kept", upload_id, 1, b"a,b\n")
    b.complete_multipart_upload("kept", upload_id, [oss2.models.PartInfo(1, result.etag)])
    assert b.get_object_acl("kept").acl == "public-read"
    head = b.head_object("kept")
    assert (head.headers["x-oss-meta-who"], head.content_type) == ("bob", "text/csv")


def test_upload_part_copy_ranges(oss_bucket) -> None:
    b = oss_bucket("mp-copy")
    source = os.urandom(2 * PART + 10)
    b.put_object("src", source)
    upload_id = b.init_multipart_upload("dst").upload_id
    first = b.upload_part_copy("mp-copy", "src", (0, PART - 1), "dst", upload_id, 1)
    second = b.upload_part_copy("mp-copy", "src", (PART, len(source) - 1), "dst", upload_id, 2)
    b.complete_multipart_upload(
        "dst",
        upload_id,
        [oss2.models.PartInfo(1, first.etag), oss2.models.PartInfo(2, second.etag)],
    )
    assert b.get_object("dst").read() == source
    with pytest.raises(oss2.exceptions.NoSuchKey):
        b.upload_part_copy(
            "mp-copy", "absent", (0, 1), "dst2", b.init_multipart_upload("dst2").upload_id, 1
        )


def test_resumable_upload_end_to_end(oss_bucket, tmp_path) -> None:  # noqa: ANN001
    b = oss_bucket("mp-resumable")
    data = os.urandom(5 * PART + 123)
    path = tmp_path / "file.bin"
    path.write_bytes(data)
    store = oss2.ResumableStore(root=str(tmp_path / "checkpoints"))
    result = oss2.resumable_upload(
        b,
        "r/file.bin",
        str(path),
        store=store,
        multipart_threshold=PART,
        part_size=PART,
        num_threads=2,
    )
    assert result.etag.endswith("-6")
    assert b.get_object("r/file.bin").read() == data
    assert b.head_object("r/file.bin").object_type == "Multipart"


def test_multipart_through_v2(local_cloud: LocalCloud) -> None:
    import alibabacloud_oss_v2 as oss

    client = v2_client(local_cloud)
    client.put_bucket(oss.PutBucketRequest(bucket="mp-v2"))
    init = client.initiate_multipart_upload(
        oss.InitiateMultipartUploadRequest(bucket="mp-v2", key="k")
    )
    parts = [os.urandom(PART), b"end"]
    uploaded = []
    for number, data in enumerate(parts, start=1):
        result = client.upload_part(
            oss.UploadPartRequest(
                bucket="mp-v2", key="k", upload_id=init.upload_id, part_number=number, body=data
            )
        )
        uploaded.append(oss.UploadPart(part_number=number, etag=result.etag))
    listed = client.list_parts(
        oss.ListPartsRequest(bucket="mp-v2", key="k", upload_id=init.upload_id)
    )
    assert [p.part_number for p in listed.parts] == [1, 2]
    done = client.complete_multipart_upload(
        oss.CompleteMultipartUploadRequest(
            bucket="mp-v2",
            key="k",
            upload_id=init.upload_id,
            complete_multipart_upload=oss.CompleteMultipartUpload(parts=uploaded),
        )
    )
    assert done.etag.strip('"') == _multipart_etag(parts)
    assert client.get_object(oss.GetObjectRequest(bucket="mp-v2", key="k")).body.read() == b"".join(
        parts
    )
    with pytest.raises(oss.exceptions.OperationError) as caught:
        client.abort_multipart_upload(
            oss.AbortMultipartUploadRequest(bucket="mp-v2", key="k", upload_id=init.upload_id)
        )
    assert caught.value.unwrap().code == "NoSuchUpload"
