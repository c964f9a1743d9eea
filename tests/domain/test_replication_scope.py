"""The pure judgement behind ``srrtui diff``: which difference, and why an object is or is not
still to be replicated."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from srrtui.domain.plan import Tag, TagFilter
from srrtui.domain.replication_scope import (
    Difference,
    DiffState,
    RuleView,
    SourceFacts,
    classify,
    compare,
    key_in_rule,
)
from srrtui.domain.rules import RuleConfig, RuleStatus

WATERMARK = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
BEFORE, AFTER = int(WATERMARK.timestamp()) - 1, int(WATERMARK.timestamp())
RULE = RuleConfig(rule_id="r", destination_bucket="dst")
DONE = RuleView(RuleStatus.DOING, WATERMARK, 1.0)


def test_compare_sizes_and_etags() -> None:
    assert compare(5, "ABC", None, "") is Difference.MISSING
    assert compare(5, '"abc"', 5, "ABC") is None  # quotes and case are not a difference
    assert compare(5, "ABC", 6, "ABC") is Difference.DIFFERENT
    assert compare(5, "ABC", 5, "ABD") is Difference.DIFFERENT


def test_key_in_rule() -> None:
    assert key_in_rule(RULE, "anything")
    rule = replace(RULE, prefixes=("a/", "b/"))
    assert key_in_rule(rule, "b/x") and not key_in_rule(rule, "c/x")


@pytest.mark.parametrize(
    ("facts", "reason"),
    [
        (SourceFacts(replica_of="up (rule u)"), "a replica from up (rule u)"),
        (SourceFacts(storage_class="DeepColdArchive"), "DeepColdArchive objects are not"),
        (SourceFacts(sse_algorithm="KMS"), "SSE-KMS encrypted"),
        (SourceFacts(tags_match=False), "outside the rule's tag filter"),
        # The most fundamental reason wins when several apply.
        (SourceFacts(replica_of="up (rule u)", tags_match=False), "a replica from"),
        (SourceFacts(storage_class="ColdArchive", sse_algorithm="KMS"), "ColdArchive"),
    ],
)
def test_objects_the_rule_never_copies(facts: SourceFacts, reason: str) -> None:
    state, why = classify(RULE, replace(facts, last_modified=AFTER), DONE)
    assert state is DiffState.EXCLUDED and why.startswith(reason)


def test_kms_objects_of_a_kms_rule_are_pending() -> None:
    rule = replace(RULE, replicate_sse_kms=True, replica_kms_key_id="k")
    assert classify(rule, SourceFacts(sse_algorithm="KMS", last_modified=AFTER), DONE) == (
        DiffState.PENDING,
        "",
    )


def test_rule_status_decides_before_the_watermark() -> None:
    facts = SourceFacts(last_modified=BEFORE)
    closing = RuleView(RuleStatus.CLOSING, WATERMARK, 1.0)
    assert classify(RULE, facts, closing)[0] is DiffState.EXCLUDED
    starting = RuleView(RuleStatus.STARTING)
    assert classify(RULE, facts, starting) == (DiffState.PENDING, "the rule is still starting")
    no_history = replace(RULE, historical=False)
    assert classify(no_history, facts, starting)[1].endswith(
        "(or predates the rule: historical replication is off)"
    )


def test_historical_replication_under_way_is_pending_whatever_the_watermark() -> None:
    view = RuleView(RuleStatus.DOING, WATERMARK, 0.4)
    for written in (BEFORE, AFTER):
        assert classify(RULE, SourceFacts(last_modified=written), view) == (
            DiffState.PENDING,
            "historical replication is at 40%",
        )


def test_the_watermark_tells_replicated_from_pending() -> None:
    old, new = SourceFacts(last_modified=BEFORE), SourceFacts(last_modified=AFTER)
    state, reason = classify(RULE, old, DONE)
    assert state is DiffState.EXCLUDED and reason.startswith("already replicated; changed in")
    assert classify(RULE, new, DONE) == (DiffState.PENDING, "")
    assert classify(RULE, SourceFacts(), DONE) == (DiffState.PENDING, "")  # time unknown


def test_historical_off_older_objects_predate_the_rule() -> None:
    rule = replace(RULE, historical=False)
    view = RuleView(RuleStatus.DOING, WATERMARK, None)
    state, reason = classify(rule, SourceFacts(last_modified=BEFORE), view)
    assert state is DiffState.EXCLUDED and reason.startswith("predates the rule")
    # Same second as the watermark: it cannot tell, so it says both.
    assert classify(rule, SourceFacts(last_modified=AFTER), view) == (
        DiffState.PENDING,
        "or predates the rule: historical replication is off",
    )


def test_tag_filter_facts_are_the_callers() -> None:
    """``tags_match`` is computed by the cloud layer with ``tag_filter_matches``; a rule with a
    filter and a matching object is judged on the rest."""
    rule = replace(RULE, tag_filter=TagFilter((Tag("env", "prod"),)))
    assert classify(rule, SourceFacts(last_modified=AFTER, tags_match=True), DONE)[0] is (
        DiffState.PENDING
    )
