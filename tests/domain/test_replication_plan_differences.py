"""plan_differences: what a rule read back does not share with the plan."""

from __future__ import annotations

from dataclasses import replace

from srr_domain_samples import PLANS

from srrtui.domain.plan import DeleteMode, Tag, TagFilter, TagMatch
from srrtui.domain.replication_xml import plan_differences, rule_from_plan
from srrtui.domain.rules import RuleStatus


def test_rule_created_from_the_plan_has_no_differences() -> None:
    for plan in PLANS.values():
        rule = replace(rule_from_plan(plan), status=RuleStatus.DOING)
        assert plan_differences(plan, rule) == []


def test_order_of_prefixes_and_tags_does_not_matter() -> None:
    plan = PLANS["prefixes_tags_any"]
    rule = rule_from_plan(plan)
    shuffled = replace(
        rule,
        prefixes=tuple(reversed(rule.prefixes)),
        tag_filter=replace(rule.tag_filter, tags=tuple(reversed(rule.tag_filter.tags))),
    )
    assert plan_differences(plan, shuffled) == []


def test_generated_rule_id_is_not_a_difference_unless_the_plan_named_one() -> None:
    defaults = PLANS["defaults"]
    assert plan_differences(defaults, replace(rule_from_plan(defaults), rule_id="gen-1")) == []
    named = PLANS["all_kms_custom_role"]
    (difference,) = plan_differences(named, replace(rule_from_plan(named), rule_id="other"))
    assert difference == "rule ID: the plan asks for 'ledger-kms-rule', the rule has 'other'"


def test_each_difference_is_one_readable_line() -> None:
    plan = PLANS["prefixes_tags_any"]
    rule = replace(
        rule_from_plan(plan),
        destination_bucket="elsewhere",
        prefixes=(),
        action=DeleteMode.ALL,
        historical=True,
        sync_role="AnotherRole",
        replicate_sse_kms=True,
        replica_kms_key_id="key-9",
        tag_filter=TagFilter(tags=(Tag("env", "prod"),), match=TagMatch.ALL, enabled=True),
    )
    assert plan_differences(plan, rule) == [
        "destination bucket: the plan asks for 'media-share', the rule has 'elsewhere'",
        "objects: the plan asks for prefixes 'images/', 'video/2024/', the rule has all objects",
        "tag filter: the plan asks for match any of env=prod, team=media, "
        "the rule has match all of env=prod",
        "deletes: the plan asks for PUT (deletes not replicated), "
        "the rule has ALL (deletes replicated)",
        "historical data: the plan asks for off, the rule has on",
        "sync role: the plan asks for 'AliyunOSSRole', the rule has 'AnotherRole'",
        "SSE-KMS objects: the plan asks for off, the rule has on",
        "replica KMS key: the plan asks for '', the rule has 'key-9'",
    ]


def test_location_and_transfer_type_differences() -> None:
    plan = PLANS["defaults"]
    rule = replace(
        rule_from_plan(plan), destination_location="oss-cn-beijing", transfer_type="oss_acc"
    )
    assert plan_differences(plan, rule) == [
        "destination location: the plan asks for 'oss-cn-hangzhou', the rule has 'oss-cn-beijing'",
        "transfer type: the plan asks for 'internal', the rule has 'oss_acc'",
    ]


def test_tags_that_print_alike_still_differ() -> None:
    # Tag keys and values may contain "=", so "a=b=c" could be either tag: compare pairs.
    plan = PLANS["prefixes_tags_any"].with_changes(
        tag_filter=TagFilter(tags=(Tag("a=b", "c"),), match=TagMatch.ANY)
    )
    rule = replace(
        rule_from_plan(plan),
        tag_filter=TagFilter(tags=(Tag("a", "b=c"),), match=TagMatch.ANY, enabled=True),
    )
    assert len(plan_differences(plan, rule)) == 1
