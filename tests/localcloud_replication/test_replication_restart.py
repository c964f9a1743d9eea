"""Persistence: rules, cursors and historical work survive a restart mid-replication, and
replication resumes without losing or duplicating anything (versioned buckets make a duplicate
copy visible as a second version)."""

from __future__ import annotations

from pathlib import Path

from repl_helpers import bucket_on, keys, put_rule, rule_state, wait_caught_up, wait_until

from srrtui.domain.plan import DeleteMode


def test_restart_mid_historical_replication(make_cloud, tmp_path: Path) -> None:
    data = tmp_path / "persistent"
    first = make_cloud(data, replication_rate=80.0)
    src = bucket_on(first, "rs-src", versioned=True)
    bucket_on(first, "rs-dst", versioned=True)
    for i in range(60):
        src.put_object(f"hist/{i:02d}", f"h{i}".encode(), headers={"x-oss-meta-n": str(i)})
    rule_id = put_rule(src, "rs-dst", action=DeleteMode.ALL)
    src.put_object("new/before-stop", b"n1")
    wait_until(
        lambda: rule_state(first, "rs-src", rule_id)["historical"]["done"] >= 10, "some progress"
    )
    first.stop()
    # Same data directory; a rate low enough that the first look still finds work left.
    second = make_cloud(data, replication_rate=80.0)
    state = rule_state(second, "rs-src", rule_id)
    assert state["status"] == "doing"
    assert 10 <= state["historical"]["done"] < 60, state  # stopped part-way, resumed from there

    src = bucket_on(second, "rs-src", create=False)
    dst = bucket_on(second, "rs-dst", create=False)
    src.put_object("new/after-restart", b"n2")
    src.delete_object("hist/00")  # a delete marker, replicated
    final = wait_caught_up(second, "rs-src", rule_id)

    assert final["historical"] == {"enabled": True, "total": 60, "done": 60, "fraction": 1.0}
    assert keys(dst) == keys(src)
    for key in [f"hist/{i:02d}" for i in range(1, 60)] + ["new/before-stop", "new/after-restart"]:
        versions = second.store.object_versions("rs-dst", key)
        assert len(versions) == 1, (key, versions)  # nothing duplicated
        assert versions[0].is_replica
    assert dst.get_object("hist/42").headers["x-oss-meta-n"] == "42"
    markers = [v.delete_marker for v in second.store.object_versions("rs-dst", "hist/00")]
    assert markers == [True, False]


def test_replaying_a_unit_is_idempotent(local_cloud, bucket) -> None:
    """The crash window: a copy landed but the work item was not marked done. Replaying it
    (as the engine does after a restart) must not copy again."""
    src, _ = bucket("idem-src", versioned=True), bucket("idem-dst", versioned=True)
    src.put_object("k", b"v")
    rule_id = put_rule(src, "idem-dst", historical=True)
    wait_caught_up(local_cloud, "idem-src", rule_id)
    replication = local_cloud.replication
    record = replication.store.find("idem-src", rule_id)
    (obj,) = local_cloud.store.object_versions("idem-src", "k")
    replicator = replication.engine.replicator
    assert replicator.replicate_historical(record, "k", obj.version_id) == "skipped"
    (event,) = [e for e in local_cloud.store.events_since(0, "idem-src") if e.key == "k"]
    assert replicator.replicate_event(record, event) == "skipped"
    assert len(local_cloud.store.object_versions("idem-dst", "k")) == 1
