"""The engine through oss2: historical copy with a real fraction, new writes, overwrites, tag
changes and deletes under PUT and ALL, prefix / tag / KMS filters, no replica cascades."""

from __future__ import annotations

import oss2
from repl_helpers import (
    bucket_on,
    create_role,
    keys,
    put_rule,
    rule_state,
    wait_caught_up,
    wait_until,
)

from srrtui.domain.plan import DeleteMode, TagMatch


def _tagging(tags: dict[str, str]) -> oss2.models.Tagging:
    rule = oss2.models.TaggingRule()
    for key, value in tags.items():
        rule.add(key, value)
    return oss2.models.Tagging(rule)


def _tags(bucket: oss2.Bucket, key: str) -> dict[str, str]:
    return dict(bucket.get_object_tagging(key).tag_set.tagging_rule)


def test_historical_copy_reports_the_real_fraction(make_cloud) -> None:
    cloud = make_cloud(replication_rate=60.0)  # 40 objects: about 0.7 s, watchable
    src, dst = bucket_on(cloud, "hist-src"), bucket_on(cloud, "hist-dst")
    for i in range(40):
        src.put_object(
            f"data/{i:02d}.txt",
            f"body {i}".encode(),
            headers={
                "Content-Type": "text/plain",
                "x-oss-meta-owner": f"team-{i}",
                "x-oss-tagging": "env=prod&tier=hot",
            },
        )
    rule_id = put_rule(src, "hist-dst")
    src.put_object("data/zz-after-rule.txt", b"new")  # a new write, not historical

    seen: list[float] = []

    def finished() -> bool:
        progress = src.get_bucket_replication_progress(rule_id).progress
        if progress.status == "doing":
            state = rule_state(cloud, "hist-src", rule_id)
            seen.append(progress.historical_object_progress)
            # The reported fraction is the real one, floored to the percent.
            done, total = state["historical"]["done"], state["historical"]["total"]
            assert total == 40
            assert progress.historical_object_progress <= done / total
        return bool(seen) and seen[-1] == 1.0

    wait_until(finished, "historical replication finished")
    assert seen == sorted(seen)
    assert any(0.0 < f < 1.0 for f in seen), seen
    wait_caught_up(cloud, "hist-src", rule_id)

    assert keys(dst) == keys(src)
    copy = dst.get_object("data/07.txt")
    assert copy.read() == b"body 7"
    assert copy.headers["Content-Type"] == "text/plain"
    assert copy.headers["x-oss-meta-owner"] == "team-7"
    assert _tags(dst, "data/07.txt") == {"env": "prod", "tier": "hot"}
    (replica,) = cloud.store.object_versions("hist-dst", "data/07.txt")
    assert replica.is_replica
    assert not cloud.store.head_object("hist-src", "data/07.txt").is_replica
    assert rule_state(cloud, "hist-src", rule_id)["copied"] == 41


def test_writes_overwrites_tags_and_deletes_under_put_and_all(local_cloud, bucket) -> None:
    src, keep, mirror = bucket("wr-src"), bucket("wr-put"), bucket("wr-all")
    src.put_object("old.txt", b"historical")
    put_only = put_rule(src, "wr-put", action=DeleteMode.PUT_ONLY)
    everything = put_rule(src, "wr-all", action=DeleteMode.ALL)
    for rule_id in (put_only, everything):
        wait_caught_up(local_cloud, "wr-src", rule_id)

    src.put_object("doc.txt", b"v1")
    src.put_object("doc.txt", b"v2")  # overwrite
    src.put_object_tagging("doc.txt", _tagging({"k": "v"}))
    src.delete_object("old.txt")
    for rule_id in (put_only, everything):
        wait_caught_up(local_cloud, "wr-src", rule_id)

    for dst in (keep, mirror):
        assert dst.get_object("doc.txt").read() == b"v2"
        assert _tags(dst, "doc.txt") == {"k": "v"}
    assert keep.get_object("old.txt").read() == b"historical"  # PUT never deletes
    assert not mirror.object_exists("old.txt")  # ALL replicates the delete
    assert rule_state(local_cloud, "wr-src", everything)["deleted"] == 1
    assert rule_state(local_cloud, "wr-src", put_only)["deleted"] == 0


def test_versioned_deletes(local_cloud, bucket) -> None:
    src = bucket("vd-src", versioned=True)
    put_dst, all_dst = bucket("vd-put", versioned=True), bucket("vd-all", versioned=True)
    put_only = put_rule(src, "vd-put", action=DeleteMode.PUT_ONLY)
    everything = put_rule(src, "vd-all", action=DeleteMode.ALL)
    wait_until(
        lambda: all(
            rule_state(local_cloud, "vd-src", r)["status"] == "doing"
            for r in (put_only, everything)
        ),
        "doing",
    )
    first = src.put_object("a.txt", b"one").versionid
    src.put_object("a.txt", b"two")
    src.put_object("b.txt", b"bee")
    src.delete_object("b.txt")  # a delete marker: replicated in both modes
    src.delete_object("a.txt", params={"versionId": first})  # permanent: ALL only
    for rule_id in (put_only, everything):
        wait_caught_up(local_cloud, "vd-src", rule_id)

    for name in ("vd-put", "vd-all"):
        versions = local_cloud.store.object_versions(name, "b.txt")
        assert [v.delete_marker for v in versions] == [True, False]
        assert all(v.is_replica for v in versions)
    bodies = {
        name: [
            local_cloud.store.read_body(v) for v in local_cloud.store.object_versions(name, "a.txt")
        ]
        for name in ("vd-put", "vd-all")
    }
    assert bodies == {"vd-put": [b"two", b"one"], "vd-all": [b"two"]}
    assert put_dst.get_object("a.txt").read() == all_dst.get_object("a.txt").read() == b"two"


def test_prefix_and_tag_filters(local_cloud, bucket) -> None:
    src = bucket("flt-src")
    for name in ("flt-prefix", "flt-all", "flt-any"):
        bucket(name)
    src.put_object("logs/1.txt", b"x", headers={"x-oss-tagging": "env=prod&team=a"})
    src.put_object("logs/2.txt", b"x", headers={"x-oss-tagging": "env=prod"})
    src.put_object("img/1.png", b"x", headers={"x-oss-tagging": "team=a"})
    src.put_object("img/2.png", b"x")
    rules = [
        put_rule(src, "flt-prefix", prefixes=("logs/",)),
        # "all": the object carries every tag of the rule's set; "any": at least one of them.
        put_rule(src, "flt-all", tags=(("env", "prod"), ("team", "a")), match=TagMatch.ALL),
        put_rule(src, "flt-any", tags=(("env", "prod"), ("team", "a")), match=TagMatch.ANY),
    ]
    # New writes go through the same filters; a tag change can bring an object in.
    src.put_object("logs/3.txt", b"x", headers={"x-oss-tagging": "team=a"})
    src.put_object("docs/1.txt", b"x", headers={"x-oss-tagging": "env=prod&team=a"})
    src.put_object_tagging("img/2.png", _tagging({"env": "prod", "team": "a"}))
    for rule_id in rules:
        wait_caught_up(local_cloud, "flt-src", rule_id)

    assert keys(bucket("flt-prefix", create=False)) == ["logs/1.txt", "logs/2.txt", "logs/3.txt"]
    assert keys(bucket("flt-all", create=False)) == ["docs/1.txt", "img/2.png", "logs/1.txt"]
    assert keys(bucket("flt-any", create=False)) == [
        "docs/1.txt",
        "img/1.png",
        "img/2.png",
        "logs/1.txt",
        "logs/2.txt",
        "logs/3.txt",
    ]
    assert rule_state(local_cloud, "flt-src", rules[1])["historical"]["total"] == 1


def test_kms_objects_only_when_the_rule_says_so(local_cloud, bucket, ram_client) -> None:
    src = bucket("kms-src")
    plain_dst, kms_dst = bucket("kms-plain"), bucket("kms-dst")
    src.put_object(
        "secret.bin",
        b"sealed",
        headers={
            "x-oss-server-side-encryption": "KMS",
            "x-oss-server-side-encryption-key-id": "key-source-1",
        },
    )
    src.put_object("open.txt", b"plain")
    create_role(ram_client, "kms-role", None, ("AliyunOSSFullAccess", "AliyunKMSCryptoUserAccess"))
    without = put_rule(src, "kms-plain")
    with_kms = put_rule(src, "kms-dst", sync_role="kms-role", kms_key="key-replica-9")
    src.put_object(
        "secret-2.bin",
        b"sealed too",
        headers={
            "x-oss-server-side-encryption": "KMS",
            "x-oss-server-side-encryption-key-id": "key-source-1",
        },
    )
    for rule_id in (without, with_kms):
        wait_caught_up(local_cloud, "kms-src", rule_id)

    assert keys(plain_dst) == ["open.txt"]
    assert keys(kms_dst) == ["open.txt", "secret-2.bin", "secret.bin"]
    head = kms_dst.head_object("secret.bin")
    assert head.headers["x-oss-server-side-encryption"] == "KMS"
    assert head.headers["x-oss-server-side-encryption-key-id"] == "key-replica-9"
    assert kms_dst.get_object("secret.bin").read() == b"sealed"
    assert "x-oss-server-side-encryption" not in kms_dst.head_object("open.txt").headers


def test_replicas_are_not_replicated_again(local_cloud, bucket) -> None:
    a, b, c = bucket("chain-a"), bucket("chain-b"), bucket("chain-c")
    a_to_b = put_rule(a, "chain-b")
    b_to_c = put_rule(b, "chain-c")
    a.put_object("from-a.txt", b"a")
    b.put_object("from-b.txt", b"b")
    wait_caught_up(local_cloud, "chain-a", a_to_b)
    wait_caught_up(local_cloud, "chain-b", b_to_c)
    assert keys(b) == ["from-a.txt", "from-b.txt"]
    assert keys(c) == ["from-b.txt"]  # no A -> B -> C cascade


def test_replication_rate_zero_copies_without_pacing(make_cloud) -> None:
    # 400 objects: at the demo's 20 objects/s that would take 20 s; unthrottled, well under 10.
    cloud = make_cloud(replication_rate=0)
    src, _ = bucket_on(cloud, "fast-src"), bucket_on(cloud, "fast-dst")
    for i in range(400):
        cloud.store.put_object("fast-src", f"o/{i:03d}", b"x")
    rule_id = put_rule(src, "fast-dst")
    state = wait_caught_up(cloud, "fast-src", rule_id, timeout=10.0)
    assert state["historical"]["done"] == 400
