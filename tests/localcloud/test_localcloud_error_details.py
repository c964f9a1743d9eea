"""x-oss-ec / <EC> on errors, and the documented codes of the replication and versioning
cases (the page for each expected answer is cited next to it; docs/reference-notes.md lists
the whole mapping)."""

from __future__ import annotations

import oss2
import pytest
from localcloud_helpers import v2_client

from srrtui.localcloud import LocalCloud


def _put_rule_xml(bucket: oss2.Bucket, body: str):  # noqa: ANN202
    data = body.encode()
    headers = {"Content-MD5": oss2.utils.content_md5(data), "Content-Type": "application/xml"}
    return bucket._Bucket__do_bucket(  # noqa: SLF001 - oss2's own signed request path
        "POST", data=data, headers=headers, params={"replication": "", "comp": "add"}
    )


def _rule(destination: str, extra: str = "") -> str:
    return (
        f"<Rule>{extra}<Destination><Bucket>{destination}</Bucket>"
        "<Location>oss-cn-hangzhou</Location></Destination></Rule>"
    )


def test_no_such_bucket_and_key_carry_their_ec(oss_bucket) -> None:
    b = oss_bucket("ec-bucket")
    with pytest.raises(oss2.exceptions.NoSuchKey) as missing:
        b.get_object("absent")
    # EC 0026-00000001: what real GetObject NoSuchKey responses carry.
    assert missing.value.ec == "0026-00000001"
    assert missing.value.headers["x-oss-ec"] == "0026-00000001"
    gone = oss_bucket("ec-never-created", create=False)
    with pytest.raises(oss2.exceptions.NoSuchBucket) as caught:
        gone.get_bucket_info()
    # EC 0015-00000101: the NoSuchBucket sample of the GetBucketVersioning/DeleteBucket references.
    assert caught.value.ec == "0015-00000101"
    assert caught.value.details["RecommendDoc"].endswith("q=0015-00000101")


def test_ec_reaches_the_v2_sdk(local_cloud: LocalCloud) -> None:
    import alibabacloud_oss_v2 as oss

    client = v2_client(local_cloud)
    client.put_bucket(oss.PutBucketRequest(bucket="ec-v2"))
    with pytest.raises(oss.exceptions.OperationError) as caught:
        client.get_object(oss.GetObjectRequest(bucket="ec-v2", key="absent"))
    error = caught.value.unwrap()
    assert (error.status_code, error.code, error.ec) == (404, "NoSuchKey", "0026-00000001")


def test_more_than_one_rule_is_too_many_replication_rules(oss_bucket) -> None:
    src, _, _ = oss_bucket("two-src"), oss_bucket("two-a"), oss_bucket("two-b")
    body = f"<ReplicationConfiguration>{_rule('two-a')}{_rule('two-b')}</ReplicationConfiguration>"
    # PutBucketReplication / DeleteBucketReplication error tables (documents 181408, 181413):
    # more than one rule in a request is TooManyReplicationRules, 400.
    with pytest.raises(oss2.exceptions.ServerError) as caught:
        _put_rule_xml(src, body)
    assert (caught.value.status, caught.value.code) == (400, "TooManyReplicationRules")


def test_destination_same_missing_or_badly_named(oss_bucket) -> None:
    src = oss_bucket("dest-src")
    with pytest.raises(oss2.exceptions.ServerError) as same:
        _put_rule_xml(
            src, f"<ReplicationConfiguration>{_rule('dest-src')}</ReplicationConfiguration>"
        )
    # PutBucketReplication usage notes: source and destination cannot have the same name.
    assert (same.value.status, same.value.code) == (400, "InvalidArgument")
    with pytest.raises(oss2.exceptions.NoSuchBucket) as missing:
        _put_rule_xml(
            src, f"<ReplicationConfiguration>{_rule('dest-absent')}</ReplicationConfiguration>"
        )
    assert missing.value.status == 404
    with pytest.raises(oss2.exceptions.ServerError) as named:
        _put_rule_xml(
            src, f"<ReplicationConfiguration>{_rule('dest_bad')}</ReplicationConfiguration>"
        )
    # EC 0031-00000101: the destination bucket name in the rule is invalid.
    assert (named.value.status, named.value.code, named.value.ec) == (
        400,
        "InvalidBucketName",
        "0031-00000101",
    )


def test_malformed_replication_body_has_the_replication_ec(oss_bucket) -> None:
    src = oss_bucket("mal-src")
    with pytest.raises(oss2.exceptions.ServerError) as caught:
        _put_rule_xml(src, "<ReplicationConfiguration></ReplicationConfiguration>")
    # The "Error responses" page's example: MalformedXML with EC 0031-00000001.
    assert (caught.value.code, caught.value.ec) == ("MalformedXML", "0031-00000001")


def test_delete_replication_closing_rule_is_204(tmp_path, oss_auth) -> None:  # noqa: ANN001
    # A start delay far longer than the test: the closing rule stays until the second delete.
    with LocalCloud(tmp_path / "slow", start_delay=60) as cloud:
        src = oss2.Bucket(oss_auth, cloud.endpoint, "close-src", region="cn-hangzhou")
        src.create_bucket()
        oss2.Bucket(oss_auth, cloud.endpoint, "close-dst", region="cn-hangzhou").create_bucket()
        body = f"<ReplicationConfiguration>{_rule('close-dst', '<ID>r1</ID>')}</ReplicationConfiguration>"
        assert _put_rule_xml(src, body).status == 200
        # DeleteBucketReplication reference: deleting a rule answers 200 and the rule is then
        # closing; deleting a closing rule answers 204 No Content.
        assert src.delete_bucket_replication("r1").status == 200
        assert src.delete_bucket_replication("r1").status == 204


def test_delete_replication_without_id(local_cloud: LocalCloud, oss_bucket) -> None:
    src = oss_bucket("noid-src")
    data = b"<ReplicationRules></ReplicationRules>"
    with pytest.raises(oss2.exceptions.ServerError) as caught:
        src._Bucket__do_bucket(  # noqa: SLF001
            "POST",
            data=data,
            headers={"Content-MD5": oss2.utils.content_md5(data)},
            params={"replication": "", "comp": "delete"},
        )
    # EC 0031-00000008: the DeleteBucketReplication request names no rule ID.
    assert (caught.value.status, caught.value.ec) == (400, "0031-00000008")


@pytest.mark.parametrize(("status", "ec"), [("Stop", "0012-00000004"), ("", "0012-00000003")])
def test_invalid_versioning_status(oss_bucket, status: str, ec: str) -> None:
    b = oss_bucket("ver-bad")
    config = oss2.models.BucketVersioningConfig()
    config.status = status
    # EC 0012-00000004 (Status neither Enabled nor Suspended), 0012-00000003 (Status empty).
    with pytest.raises(oss2.exceptions.ServerError) as caught:
        b.put_bucket_versioning(config)
    assert (caught.value.status, caught.value.code, caught.value.ec) == (400, "InvalidArgument", ec)
    assert caught.value.headers["x-oss-ec"] == ec


@pytest.mark.parametrize(
    "prefixes",
    [("source", "source/video"), ("logs/", "img/", "logs/2024/"), ("a/b", "a/b/c", "a/bc")],
)
def test_overlapping_prefixes_are_refused(oss_bucket, prefixes: tuple[str, ...]) -> None:
    src, dst = oss_bucket("olap-src"), oss_bucket("olap-dst")
    rule = oss2.models.ReplicationRule(
        prefix_list=list(prefixes),
        target_bucket_name="olap-dst",
        target_bucket_location="oss-cn-hangzhou",
    )
    with pytest.raises(oss2.exceptions.ServerError) as caught:
        src.put_bucket_replication(rule)
    # EC 0031-00000019: "multiple overlapping prefixes are specified in the PutBucketReplication
    # request" (its example: source and source/video); the page names no code.
    assert (caught.value.status, caught.value.code, caught.value.ec) == (
        400,
        "InvalidArgument",
        "0031-00000019",
    )
    with pytest.raises(oss2.exceptions.ServerError) as no_rule:
        src.get_bucket_replication()  # nothing half-created
    assert no_rule.value.code == "NoSuchReplicationConfiguration"
    assert dst.get_bucket_info().name == "olap-dst"


def test_prefixes_that_only_share_letters_are_accepted(oss_bucket) -> None:
    src, _ = oss_bucket("share-src"), oss_bucket("share-dst")
    rule = oss2.models.ReplicationRule(
        prefix_list=["logs/a", "logs/b", "lox/"],
        target_bucket_name="share-dst",
        target_bucket_location="oss-cn-hangzhou",
    )
    src.put_bucket_replication(rule)
    assert sorted(src.get_bucket_replication().rule_list[0].prefix_list) == [
        "logs/a",
        "logs/b",
        "lox/",
    ]
