"""The OSS adapter against the local cloud: buckets, details, prefixes, signatures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from srrtui.cloud.oss import OssAdapter
from srrtui.cloud.retry import RetryPolicy
from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import CloudError, Connection
from srrtui.localcloud import LocalCloud


def test_lists_buckets_page_by_page_with_their_region(
    session: CloudSession, raw_bucket: Callable[[str], Any]
) -> None:
    names = [f"bucket-{i}" for i in range(5)]
    for name in names:
        raw_bucket(name).create_bucket()
    first = session.list_buckets(max_keys=2)
    assert [b.name for b in first.buckets] == names[:2]
    assert first.next_marker
    second = session.list_buckets(marker=first.next_marker, max_keys=2)
    assert [b.name for b in second.buckets] == names[2:4]
    everything = session.oss.list_all_buckets()
    assert [b.name for b in everything] == names
    assert {b.region for b in everything} == {session.region}
    assert everything[0].creation_date.endswith("Z")


def test_bucket_details_report_versioning_and_encryption(
    session: CloudSession, buckets: tuple[Any, Any], local_cloud: LocalCloud
) -> None:
    source, _ = buckets
    assert session.bucket_details(source.bucket_name).versioning == ""
    session.enable_versioning(source.bucket_name)
    local_cloud.store.update_bucket(source.bucket_name, sse_algorithm="KMS")
    details = session.bucket_details(source.bucket_name)
    assert (details.name, details.region) == (source.bucket_name, session.region)
    assert (details.versioning, details.sse_algorithm) == ("Enabled", "KMS")


def test_first_level_prefixes_are_the_folders(
    session: CloudSession, buckets: tuple[Any, Any]
) -> None:
    source, _ = buckets
    for key in ("logs/a.txt", "logs/b/c.txt", "images/x.png", "top.txt"):
        source.put_object(key, b"x")
    assert session.first_level_prefixes(source.bucket_name) == ["images/", "logs/"]
    assert session.first_level_prefixes(source.bucket_name, limit=1) == ["images/"]


def test_missing_bucket_maps_to_no_such_bucket_with_request_id(session: CloudSession) -> None:
    with pytest.raises(CloudError) as raised:
        session.bucket_details("no-such-bucket")
    error = raised.value
    assert (error.code, error.status, error.operation) == ("NoSuchBucket", 404, "GetBucketInfo")
    assert error.request_id
    assert error.message


@pytest.mark.parametrize("signature", ["v1", "v4"])
def test_both_signature_versions_are_accepted(
    connection: Connection, policy: RetryPolicy, buckets: tuple[Any, Any], signature: str
) -> None:
    adapter = OssAdapter(connection, signature=signature, policy=policy)
    assert adapter.bucket_details(buckets[0].bucket_name).name == buckets[0].bucket_name


def test_a_wrong_secret_is_signature_does_not_match(
    connection: Connection, policy: RetryPolicy, buckets: tuple[Any, Any]
) -> None:
    wrong = Connection(connection.endpoint, connection.region, connection.access_key_id, "nope")
    with pytest.raises(CloudError) as raised:
        OssAdapter(wrong, policy=policy).bucket_details(buckets[0].bucket_name)
    assert raised.value.code == "SignatureDoesNotMatch"
    assert raised.value.status == 403


@pytest.mark.parametrize("signature", ["v1", "v4"])
def test_a_security_token_is_sent_with_sts_auth(
    tmp_path: Path, policy: RetryPolicy, signature: str
) -> None:
    from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    with LocalCloud(tmp_path / "sts", security_tokens=frozenset({"sts-token"})) as cloud:

        def adapter(token: str) -> OssAdapter:
            connection = Connection(
                cloud.endpoint,
                cloud.config.region,
                DEMO_ACCESS_KEY_ID,
                DEMO_ACCESS_KEY_SECRET,
                security_token=token,
            )
            return OssAdapter(connection, signature=signature, policy=policy)

        assert adapter("sts-token").list_buckets().buckets == ()
        with pytest.raises(CloudError) as raised:
            adapter("stale-token").list_buckets()
        assert raised.value.status == 403
