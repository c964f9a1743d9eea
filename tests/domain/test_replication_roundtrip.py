"""Render -> parse -> equal, for plans, rules, progress and locations."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from srr_domain_samples import PLANS, locations, plans, progress_values, rules

from srrtui.domain.plan import DeleteMode, KmsChoice, ReplicationPlan, TagFilter, TagMatch
from srrtui.domain.replication_xml import (
    parse_gmt,
    parse_put_replication,
    parse_replication_config,
    parse_replication_location,
    parse_replication_progress,
    plan_differences,
    render_put_replication,
    render_replication_config,
    render_replication_location,
    render_replication_progress,
    render_rule,
    rule_from_plan,
)
from srrtui.domain.rules import ReplicationLocations, RuleConfig, RuleProgress

FAST = settings(max_examples=60, deadline=None)


@FAST
@given(rules())
def test_put_body_round_trips(rule: RuleConfig) -> None:
    assert parse_put_replication(render_rule(rule)) == rule


@FAST
@given(rules(with_status=True))
def test_single_rule_config_round_trips(rule: RuleConfig) -> None:
    assert parse_replication_config(render_replication_config([rule])) == (rule,)


@FAST
@given(plans())
def test_plan_round_trips_and_reads_back_equal(plan: ReplicationPlan) -> None:
    parsed = parse_put_replication(render_put_replication(plan).encode("utf-8"))
    assert parsed == rule_from_plan(plan)
    assert plan_differences(plan, parsed) == []


@FAST
@given(progress_values)
def test_progress_round_trips(progress: RuleProgress) -> None:
    assert parse_replication_progress(render_replication_progress(progress)) == progress


@FAST
@given(locations)
def test_locations_round_trip(value: ReplicationLocations) -> None:
    assert parse_replication_location(render_replication_location(value)) == value


def test_many_rules_round_trip_in_order() -> None:
    rules_ = [rule_from_plan(plan) for plan in PLANS.values()]
    assert parse_replication_config(render_replication_config(rules_)) == tuple(rules_)
    assert parse_replication_config(render_replication_config([])) == ()


@pytest.mark.parametrize("name", sorted(PLANS))
def test_sample_plans_read_back_equal(name: str) -> None:
    plan = PLANS[name]
    rule = parse_put_replication(render_put_replication(plan))
    assert plan_differences(plan, rule) == []
    assert rule.destination_location == f"oss-{plan.source_region}"
    assert rule.action is plan.delete_mode
    assert rule.sync_role == plan.sync_role_name


def test_special_characters_survive_exactly() -> None:
    rule = parse_put_replication(render_put_replication(PLANS["special_characters"]))
    assert rule.prefixes == ("R&D/<draft>/", "données/été/", "日本語/", "quote\"'$x`${y}/")
    assert rule.rule_id == "id & <weird> 'one'"
    assert rule.tag_filter.match is TagMatch.ALL
    assert [str(tag) for tag in rule.tag_filter.tags] == ["path=a/b:c=d+e", "owner="]


def test_line_breaks_and_tabs_are_character_references() -> None:
    plan = PLANS["defaults"].with_changes(prefixes=(" a\tb\r\nc ",))
    xml = render_put_replication(plan)
    assert "<Prefix> a&#9;b&#13;&#10;c </Prefix>" in xml
    assert parse_put_replication(xml).prefixes == (" a\tb\r\nc ",)


@pytest.mark.parametrize("bad", ["\x00", "a\x1fb", "\ufffe", "\ud800"])
def test_text_xml_cannot_carry_is_refused_when_rendering(bad: str) -> None:
    with pytest.raises(ValueError, match="cannot be represented in XML"):
        render_put_replication(PLANS["defaults"].with_changes(prefixes=(bad,)))


def test_tag_filter_without_tags_renders_no_filter() -> None:
    plan = PLANS["defaults"]
    switched_on = plan.with_changes(tag_filter=TagFilter(enabled=True))
    assert "UserTaggings" not in render_put_replication(switched_on)


def test_kms_off_renders_no_kms_elements_and_ignores_a_leftover_key() -> None:
    plan = PLANS["defaults"].with_changes(kms=KmsChoice(replicate=False, cmk_id="k"))
    xml = render_put_replication(plan)
    assert "SourceSelectionCriteria" not in xml
    assert "EncryptionConfiguration" not in xml


def test_progress_without_values_has_no_progress_element() -> None:
    rule = rule_from_plan(PLANS["defaults"])
    xml = render_replication_progress(RuleProgress(rule=rule))
    assert "<Progress>" not in xml
    parsed = parse_replication_progress(xml)
    assert parsed.historical_fraction is None
    assert parsed.new_object_time is None


def test_gmt_dates_parse_to_aware_utc() -> None:
    moment = parse_gmt("Thu, 24 Sep 2015 15:39:18 GMT")
    assert moment == datetime(2015, 9, 24, 15, 39, 18, tzinfo=timezone.utc)
    assert moment.utcoffset() is not None and moment.utcoffset().total_seconds() == 0
    assert parse_gmt("Thu, 24 Sep 2015 17:39:18 +0200") == moment


def test_put_defaults_apply_when_optional_elements_are_absent() -> None:
    rule = parse_put_replication(
        "<ReplicationConfiguration><Rule><Destination><Bucket>b</Bucket>"
        "<Location>oss-cn-hangzhou</Location></Destination></Rule></ReplicationConfiguration>"
    )
    assert rule.action is DeleteMode.ALL
    assert rule.historical is True
    assert rule.transfer_type == "internal"
    assert rule.prefixes == ()
    assert rule.status is None


def test_status_in_a_put_body_is_ignored() -> None:
    body = render_rule(rule_from_plan(PLANS["defaults"])).replace(
        "</Destination>", "</Destination><Status>doing</Status>"
    )
    assert parse_put_replication(body).status is None
