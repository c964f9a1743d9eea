"""``diff_rule`` against the local cloud: once replication has caught up, exactly the objects
OSS will never copy remain, each with its reason (tag filter, SSE-KMS, replica of a replica)."""

from __future__ import annotations

from diff_helpers import (
    add_rule,
    caught_up,
    new_bucket,
    poll,
    role_with_grants,
    session_for,
    wait_rule,
)

from srrtui.cloud.diff import diff_rule
from srrtui.domain.plan import Tag, TagFilter, TagMatch
from srrtui.domain.replication_scope import Difference, DiffState
from srrtui.localcloud import LocalCloud

PROD = {"x-oss-tagging": "env=prod"}


def _rule(session, bucket: str, rule_id: str):  # noqa: ANN001, ANN202
    return next(r for r in session.list_rules(bucket) if r.rule_id == rule_id)


def test_objects_that_will_not_be_replicated_say_why(local_cloud: LocalCloud) -> None:
    a, b = new_bucket(local_cloud, "chain-a"), new_bucket(local_cloud, "chain-b")
    c = new_bucket(local_cloud, "chain-c")
    add_rule(local_cloud, "chain-a", "a-to-b", "chain-b")
    a.put_object("from-a.txt", b"written in a", headers=PROD)
    wait_rule(local_cloud, "chain-a", "a-to-b", caught_up, "a -> b caught up")
    b.put_object("plain.txt", b"replicated", headers=PROD)
    b.put_object("dev.txt", b"wrong tag", headers={"x-oss-tagging": "env=dev"})
    b.put_object("secret.txt", b"kms", headers={**PROD, "x-oss-server-side-encryption": "KMS"})
    prod_only = TagFilter((Tag("env", "prod"),), TagMatch.ALL, True)
    add_rule(local_cloud, "chain-b", "b-to-c", "chain-c", tag_filter=prod_only)
    wait_rule(local_cloud, "chain-b", "b-to-c", caught_up, "b -> c caught up")
    assert c.get_object("plain.txt").read() == b"replicated"

    session = session_for(local_cloud)
    page = diff_rule(session.oss, "chain-b", _rule(session, "chain-b", "b-to-c"))
    got = {e.key: (e.difference, e.state, e.reason) for e in page.entries}
    excluded = DiffState.EXCLUDED
    assert got == {
        "dev.txt": (Difference.MISSING, excluded, "outside the rule's tag filter"),
        "from-a.txt": (
            Difference.MISSING,
            excluded,
            "a replica from chain-a (rule a-to-b); OSS does not replicate replicas again",
        ),
        "secret.txt": (
            Difference.MISSING,
            excluded,
            "SSE-KMS encrypted; the rule does not replicate SSE-KMS objects",
        ),
    }
    assert (page.scanned, page.missing, page.different, page.next_marker) == (4, 3, 0, "")
    assert page.notes == ()
    # The replica search is handed on, so the next page does not list the buckets again.
    assert page.upstream is not None and [u.source_bucket for u in page.upstream.rules] == [
        "chain-a"
    ]


def test_cold_archive_objects_will_not_be_replicated(local_cloud: LocalCloud) -> None:
    src = new_bucket(local_cloud, "cold-src")
    new_bucket(local_cloud, "cold-dst")
    src.put_object("cold.bin", b"frozen", headers={"x-oss-storage-class": "ColdArchive"})
    src.put_object("warm.bin", b"warm")
    session = session_for(local_cloud)
    role_with_grants(session, "cold-role", [])  # no grant: the rule copies nothing
    add_rule(local_cloud, "cold-src", "cold", "cold-dst", sync_role="cold-role")
    wait_rule(local_cloud, "cold-src", "cold", lambda s: bool(s["blocked"]), "blocked")

    page = diff_rule(session.oss, "cold-src", _rule(session, "cold-src", "cold"))
    assert [(e.key, e.storage_class, e.state, e.reason) for e in page.entries] == [
        ("cold.bin", "ColdArchive", DiffState.EXCLUDED, "ColdArchive objects are not replicated"),
        ("warm.bin", "Standard", DiffState.PENDING, "historical replication is at 0%"),
    ]


def test_historical_off_objects_older_than_the_rule_will_not_be_replicated(
    local_cloud: LocalCloud,
) -> None:
    src = new_bucket(local_cloud, "old-src")
    new_bucket(local_cloud, "old-dst")
    src.put_object("old.txt", b"before the rule")
    add_rule(local_cloud, "old-src", "new-only", "old-dst", historical=False)
    wait_rule(local_cloud, "old-src", "new-only", caught_up, "caught up")
    session = session_for(local_cloud)
    rule = _rule(session, "old-src", "new-only")

    # Until the watermark's second passes the object's, the diff can only hedge.
    first = diff_rule(session.oss, "old-src", rule).entries[0]
    if first.state is DiffState.PENDING:
        assert first.reason == "or predates the rule: historical replication is off"
    entry = poll(
        lambda: next(
            (
                e
                for e in diff_rule(session.oss, "old-src", rule).entries
                if e.state is DiffState.EXCLUDED
            ),
            None,
        ),
        "the replication watermark to pass the object's second",
    )
    assert entry.key == "old.txt"
    assert entry.reason.startswith("predates the rule (historical replication is off)")
