"""Blobs are content-addressed, so copies, replicas and multipart parts share bytes on disk.
Sharing must keep the hardened store's promises: a blob goes only when no object and no part
names it any more (never by a sweep at start), and damaged bytes are never shared as good."""

from __future__ import annotations

from pathlib import Path

import oss2
import pytest
from reliability_wire import REGION

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

PART = 100 * 1024  # OSS's smallest part but the last (EntityTooSmall below it)


def _client(cloud: LocalCloud, name: str) -> oss2.Bucket:
    auth = oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    client = oss2.Bucket(auth, cloud.endpoint, name, region=REGION)
    client.create_bucket()
    return client


def _blob_files(cloud: LocalCloud) -> set[str]:
    return {p.name for p in (cloud.data_dir / "blobs").glob("*/*") if not p.name.startswith(".")}


def test_aborted_and_completed_uploads_leave_no_part_bytes_behind(local_cloud: LocalCloud) -> None:
    client = _client(local_cloud, "shared-parts")
    before = _blob_files(local_cloud)
    aborted = client.init_multipart_upload("aborted.bin").upload_id
    client.upload_part("aborted.bin", aborted, 1, b"a" * PART)
    client.upload_part("aborted.bin", aborted, 1, b"b" * PART)  # replaces part 1's bytes
    assert len(_blob_files(local_cloud) - before) == 1
    client.abort_multipart_upload("aborted.bin", aborted)
    assert _blob_files(local_cloud) == before

    done = client.init_multipart_upload("done.bin").upload_id
    parts = [
        oss2.models.PartInfo(n, client.upload_part("done.bin", done, n, bytes([n]) * PART).etag)
        for n in (1, 2)
    ]
    client.complete_multipart_upload("done.bin", done, parts)
    # Only the object's own bytes stay; its parts' blobs went with their rows.
    obj = local_cloud.store.head_object("shared-parts", "done.bin")
    assert _blob_files(local_cloud) - before == {obj.blob_id}
    assert client.get_object("done.bin").read() == b"\x01" * PART + b"\x02" * PART


def test_a_copy_keeps_the_shared_bytes_when_its_source_is_deleted(
    local_cloud: LocalCloud,
) -> None:
    client = _client(local_cloud, "shared-copy")
    client.put_object("source.txt", b"kept by the copy")
    client.copy_object("shared-copy", "source.txt", "copy.txt")
    client.delete_object("source.txt")
    assert client.get_object("copy.txt").read() == b"kept by the copy"
    client.delete_object("copy.txt")
    assert _blob_files(local_cloud) == set()  # the last row went, and its bytes with it


def test_a_damaged_source_is_not_copied(local_cloud: LocalCloud) -> None:
    client = _client(local_cloud, "shared-damage")
    client.put_object("source.txt", b"will be damaged")
    obj = local_cloud.store.head_object("shared-damage", "source.txt")
    blob = local_cloud.data_dir / "blobs" / obj.blob_id[:2] / obj.blob_id
    Path(blob).write_bytes(b"will be DAMAGED")
    with pytest.raises(oss2.exceptions.ServerError) as refused:
        client.copy_object("shared-damage", "source.txt", "copy.txt")
    assert refused.value.status == 500 and "damaged" in refused.value.message
    assert not client.object_exists("copy.txt")
