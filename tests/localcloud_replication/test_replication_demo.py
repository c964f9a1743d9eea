"""The demo seed's replication part: a fixed-id rule with a visible minute of historical
replication, and the buckets and objects that make the wizard's filters visible."""

from __future__ import annotations

from pathlib import Path

from repl_helpers import bucket_on, keys, rule_state, wait_caught_up

from srrtui.localcloud import LocalCloud
from srrtui.localcloud.config import CloudConfig
from srrtui.localcloud.seed.replication import DEMO_RULE_ID

DEFAULT_RATE = CloudConfig().replication_rate


def test_demo_seed_contents_and_rule(tmp_path: Path) -> None:
    cloud = LocalCloud(tmp_path / "demo", seed="demo", start_delay=60.0).start()
    try:
        buckets = {b["name"]: b for b in cloud.state()["oss"]["buckets"]}
        here = [name for name, b in buckets.items() if b["region"] == "cn-hangzhou"]
        assert len(here) >= 4
        assert [b["region"] for b in buckets.values() if b["region"] != "cn-hangzhou"]
        assert sum(b["versioning"] == "Enabled" for b in buckets.values()) == 2

        src = bucket_on(cloud, "demo-photos", create=False)
        (rule,) = src.get_bucket_replication().rule_list
        assert (rule.rule_id, rule.status) == (DEMO_RULE_ID, "starting")
        assert (rule.target_bucket_name, rule.sync_role_name) == (
            "demo-photos-backup",
            "AliyunOSSRole",
        )
        assert rule.is_enable_historical_object_replication
        state = rule_state(cloud, "demo-photos", DEMO_RULE_ID)
        total = state["historical"]["total"]
        assert total / DEFAULT_RATE >= 45  # about a minute to watch at the default rate
        listed = keys(src)
        assert total == len(listed) - 1  # everything but the SSE-KMS object
        prefixes = {key.split("/")[0] for key in listed if "/" in key}
        assert {"photos", "docs", "secrets"} <= prefixes
        assert (
            src.head_object("secrets/kms-encrypted.bin").headers["x-oss-server-side-encryption"]
            == "KMS"
        )
        assert any(
            src.get_object_tagging(key).tag_set.tagging_rule for key in listed[:5] + listed[-5:]
        )
    finally:
        cloud.stop()


def test_demo_rule_runs_to_completion(make_cloud, tmp_path: Path) -> None:
    cloud = make_cloud(tmp_path / "demo-run", seed="demo", replication_rate=5000.0)
    state = wait_caught_up(cloud, "demo-photos", DEMO_RULE_ID, timeout=20)
    assert state["copied"] == state["historical"]["total"]
    assert state["blocked"] is None  # AliyunOSSRole (AliyunOSSFullAccess) may replicate
    dst = bucket_on(cloud, "demo-photos-backup", create=False)
    assert "secrets/kms-encrypted.bin" not in keys(dst)
    assert len(keys(dst)) == state["copied"]


def test_demo_seed_is_deterministic(make_cloud, tmp_path: Path) -> None:
    one = make_cloud(tmp_path / "a", seed="demo", start_delay=60.0)
    two = make_cloud(tmp_path / "b", seed="demo", start_delay=60.0)
    views = []
    for cloud in (one, two):
        state = rule_state(cloud, "demo-photos", DEMO_RULE_ID)
        views.append((state["historical"]["total"], state["status"], state["sync_role"]))
    assert views[0] == views[1]
    # A restart on the same data directory neither adds a rule nor reseeds.
    one.stop()
    again = make_cloud(tmp_path / "a", seed="demo", start_delay=60.0)
    assert [r["rule_id"] for r in again.state()["replication"]["rules"]] == [DEMO_RULE_ID]
