"""The replication APIs through oss2 over HTTP: put/get/location/progress/delete, the rule's
status from starting to gone, and every error the local cloud answers."""

from __future__ import annotations

import uuid
from email.utils import parsedate_to_datetime

import oss2
import pytest
from oss2.models import ReplicationRule
from repl_helpers import bucket_on, create_role, put_rule, wait_until

from srrtui.domain.plan import DeleteMode
from srrtui.domain.rules import RuleConfig
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, DEMO_ACCOUNT_UID


def status(bucket: oss2.Bucket, rule_id: str) -> str | None:
    """The rule's Status from GetBucketReplication; None once it is gone."""
    try:
        rules = bucket.get_bucket_replication().rule_list
    except oss2.exceptions.OssError as error:  # oss2 has no class for this code: ServerError
        assert (error.status, error.code) == (404, "NoSuchReplicationConfiguration")
        return None
    return next((r.status for r in rules if r.rule_id == rule_id), None)


def test_rule_lifecycle_starting_doing_closing_gone(make_cloud) -> None:
    cloud = make_cloud(start_delay=0.4)
    src, dst = bucket_on(cloud, "life-src"), bucket_on(cloud, "life-dst")
    assert status(src, "any") is None  # NoSuchReplicationConfiguration before any rule

    rule = ReplicationRule(
        target_bucket_name="life-dst",
        target_bucket_location="oss-cn-hangzhou",
        prefix_list=["logs/", "img/"],
        action_list=[ReplicationRule.PUT],
        is_enable_historical_object_replication=False,
    )
    result = src.put_bucket_replication(rule)
    rule_id = result.headers["x-oss-replication-rule-id"]
    assert uuid.UUID(rule_id)  # generated when the request names none

    (got,) = src.get_bucket_replication().rule_list
    assert (got.rule_id, got.status) == (rule_id, "starting")
    assert (got.target_bucket_name, got.target_bucket_location) == ("life-dst", "oss-cn-hangzhou")
    assert got.prefix_list == ["logs/", "img/"]
    assert got.action_list == ["PUT"]
    assert got.is_enable_historical_object_replication is False

    # While starting: no Progress element (oss2 then reports 0 and no new-object time).
    starting = src.get_bucket_replication_progress(rule_id).progress
    assert (starting.status, starting.historical_object_progress) == ("starting", 0)
    assert starting.new_object_progress is None
    raw = src._do("GET", "life-src", "", params={"replicationProgress": "", "rule-id": rule_id})  # noqa: SLF001
    assert b"<Progress>" not in raw.read()

    wait_until(lambda: status(src, rule_id) == "doing", "doing")
    doing = src.get_bucket_replication_progress(rule_id).progress
    assert doing.status == "doing"
    assert doing.historical_object_progress == 0  # historical disabled: no HistoricalObject
    assert parsedate_to_datetime(doing.new_object_progress).tzinfo is not None

    src.put_object("logs/a.txt", b"after")
    wait_until(lambda: dst.object_exists("logs/a.txt"), "the new write replicated")

    src.delete_bucket_replication(rule_id)
    assert status(src, rule_id) == "closing"
    wait_until(lambda: status(src, rule_id) is None, "the rule removed")
    with pytest.raises(oss2.exceptions.NoSuchReplicationRule):
        src.get_bucket_replication_progress(rule_id)
    src.put_object("logs/b.txt", b"not replicated any more")
    assert cloud.replication.state()["rules"] == []
    assert not dst.object_exists("logs/b.txt")


def test_named_rule_progress_with_historical_and_v4(local_cloud, bucket) -> None:
    bucket("named-src"), bucket("named-dst")
    provider = oss2.credentials.StaticCredentialsProvider(
        DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    )
    src = oss2.Bucket(
        oss2.ProviderAuthV4(provider), local_cloud.endpoint, "named-src", region="cn-hangzhou"
    )
    src.put_object("one", b"1")
    assert put_rule(src, "named-dst", rule_id="my-rule-1") == "my-rule-1"
    wait_until(
        lambda: (
            src.get_bucket_replication_progress("my-rule-1").progress.historical_object_progress
            == 1.0
        ),
        "historical done",
    )
    (rule,) = src.get_bucket_replication().rule_list
    assert rule.rule_id == "my-rule-1"


def test_location_lists_the_service_region(bucket) -> None:
    src = bucket("loc-src")
    result = src.get_bucket_replication_location()
    assert result.location_list == ["oss-cn-hangzhou"]
    assert result.location_transfer_type_list == []


def _error(call) -> tuple[int, str]:  # noqa: ANN001
    with pytest.raises(oss2.exceptions.OssError) as caught:
        call()
    return caught.value.status, caught.value.code


def test_put_errors(local_cloud, bucket, ram_client) -> None:
    src, _ = bucket("err-src"), bucket("err-dst")
    bucket("err-versioned", versioned=True)
    local_cloud.store.create_bucket("err-far", region="cn-shanghai", owner=DEMO_ACCOUNT_UID)

    assert _error(lambda: put_rule(src, "err-none")) == (404, "NoSuchBucket")
    assert _error(lambda: put_rule(src, "err-src")) == (400, "InvalidArgument")
    # Another region: this service does same-region replication only.
    assert _error(lambda: put_rule(src, "err-dst", location="oss-cn-beijing")) == (
        400,
        "BadReplicationLocation",
    )
    assert _error(lambda: put_rule(src, "err-far", location="oss-cn-shanghai")) == (
        400,
        "BadReplicationLocation",
    )
    assert _error(lambda: put_rule(src, "err-far")) == (400, "InvalidArgument")  # Location lies
    assert _error(lambda: put_rule(src, "err-versioned")) == (400, "InvalidArgument")
    assert _error(lambda: put_rule(src, "err-dst", sync_role="no-such-role")) == (
        400,
        "InvalidArgument",
    )
    # A tag filter cannot go with Action ALL (the domain parser's check, answered by OSS).
    assert _error(
        lambda: put_rule(src, "err-dst", action=DeleteMode.ALL, tags=(("env", "prod"),))
    ) == (400, "InvalidArgument")
    kms_without_key = ReplicationRule(
        target_bucket_name="err-dst",
        target_bucket_location="oss-cn-hangzhou",
        sync_role_name="whatever",
        sse_kms_encrypted_objects_status=ReplicationRule.ENABLED,
    )
    assert _error(lambda: src.put_bucket_replication(kms_without_key)) == (400, "InvalidArgument")

    create_role(ram_client, "err-role", None, ("AliyunOSSFullAccess",))
    put_rule(src, "err-dst", sync_role="err-role")
    with pytest.raises(oss2.exceptions.BucketReplicationAlreadyExist) as duplicate:
        put_rule(src, "err-dst", prefixes=("other/",))
    assert duplicate.value.status == 400  # the OSS "HTTP 400 errors" page; oss2 agrees
    assert len(src.get_bucket_replication().rule_list) == 1


def test_malformed_body(bucket) -> None:
    src = bucket("mal-src")
    with pytest.raises(oss2.exceptions.OssError) as caught:
        src._do(  # noqa: SLF001
            "POST",
            "mal-src",
            "",
            params={"replication": "", "comp": "add"},
            data=b"<ReplicationConfiguration><Rule>",
        )
    assert (caught.value.status, caught.value.code) == (400, "MalformedXML")


def test_at_most_100_rules_per_bucket(local_cloud, bucket) -> None:
    src = bucket("hub-src")
    bucket("hub-last")
    for i in range(100):
        name = f"hub-dst-{i:03d}"
        local_cloud.store.create_bucket(name, region="cn-hangzhou", owner=DEMO_ACCOUNT_UID)
        local_cloud.replication.add_rule(
            "hub-src",
            RuleConfig(
                rule_id=f"r{i}", destination_bucket=name, destination_location="oss-cn-hangzhou"
            ),
        )
    assert _error(lambda: put_rule(src, "hub-last")) == (400, "TooManyReplicationRules")
    # The destination counts too: hub-dst-000 is in one rule, so it can take more.
    assert put_rule(bucket_on(local_cloud, "hub-dst-000", create=False), "hub-last")


def test_unknown_rule_and_no_configuration(bucket) -> None:
    src, _ = bucket("unk-src"), bucket("unk-dst")
    with pytest.raises(oss2.exceptions.NoSuchReplicationRule):
        src.get_bucket_replication_progress("nope")
    # DeleteBucketReplication reference (document 181413): no rule configured -> 200 OK.
    assert src.delete_bucket_replication("nope").status == 200
    put_rule(src, "unk-dst", rule_id="real")
    with pytest.raises(oss2.exceptions.NoSuchReplicationRule) as caught:
        src.get_bucket_replication_progress("nope")
    assert caught.value.status == 404
    with pytest.raises(oss2.exceptions.NoSuchReplicationRule):
        src.delete_bucket_replication("nope")


def test_versioning_is_frozen_while_a_rule_exists(bucket) -> None:
    src, dst = bucket("ver-src", versioned=True), bucket("ver-dst", versioned=True)
    rule_id = put_rule(src, "ver-dst")
    config = oss2.models.BucketVersioningConfig()
    config.status = oss2.BUCKET_VERSIONING_SUSPEND
    for b in (src, dst):  # source and destination alike
        assert _error(lambda b=b: b.put_bucket_versioning(config)) == (400, "InvalidArgument")
    assert src.get_bucket_versioning().status == "Enabled"
    src.delete_bucket_replication(rule_id)
    wait_until(lambda: status(src, rule_id) is None, "the rule removed")
    src.put_bucket_versioning(config)
    assert src.get_bucket_versioning().status == "Suspended"
