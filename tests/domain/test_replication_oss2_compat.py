"""oss2 2.19 reads what srrtui renders, and srrtui reads what oss2 sends.

Only oss2's pure XML functions are used; nothing touches the network."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from oss2 import xml_utils
from oss2.models import ReplicationRule
from srr_domain_samples import DOING_PROGRESS, DOING_RULE, LOCATIONS, PLANS, rules

from srrtui.domain.plan import DeleteMode
from srrtui.domain.replication_xml import (
    parse_put_replication,
    render_replication_config,
    render_replication_location,
    render_replication_progress,
    rule_from_plan,
)
from srrtui.domain.rules import RuleConfig, RuleProgress, RuleStatus


def oss2_rules(body: str) -> list[ReplicationRule]:
    result = SimpleNamespace(rule_list=[])
    xml_utils.parse_get_bucket_replication_result(result, body.encode("utf-8"))
    return result.rule_list


def assert_oss2_sees(parsed: ReplicationRule, rule: RuleConfig) -> None:
    assert parsed.rule_id == (rule.rule_id or None)
    assert parsed.target_bucket_name == rule.destination_bucket
    assert parsed.target_bucket_location == rule.destination_location
    assert parsed.target_transfer_type == rule.transfer_type
    assert parsed.status == rule.status.value
    assert parsed.prefix_list == list(rule.prefixes)
    assert parsed.action_list == [rule.action.value]
    assert parsed.is_enable_historical_object_replication is rule.historical
    assert parsed.sync_role_name == (rule.sync_role or None)
    assert parsed.replica_kms_keyid == (rule.replica_kms_key_id or None)
    assert parsed.sse_kms_encrypted_objects_status == (
        "Enabled" if rule.replicate_sse_kms else None
    )


@pytest.mark.parametrize("name", sorted(PLANS))
def test_oss2_parses_our_get_bucket_replication(name: str) -> None:
    rule = replace(rule_from_plan(PLANS[name]), status=RuleStatus.DOING)
    (parsed,) = oss2_rules(render_replication_config([rule]))
    assert_oss2_sees(parsed, rule)


@settings(max_examples=40, deadline=None)
@given(rules(with_status=True).filter(lambda rule: rule.status is not None))
def test_oss2_parses_any_rendered_rule(rule: RuleConfig) -> None:
    (parsed,) = oss2_rules(render_replication_config([rule]))
    assert_oss2_sees(parsed, rule)


def test_oss2_parses_our_progress() -> None:
    result = SimpleNamespace(progress=None)
    body = render_replication_progress(DOING_PROGRESS).encode("utf-8")
    xml_utils.parse_get_bucket_replication_progress_result(result, body)
    progress = result.progress
    assert progress.rule_id == DOING_RULE.rule_id
    assert progress.target_bucket_name == "photos-dr"
    assert progress.target_bucket_location == "oss-cn-hangzhou"
    assert progress.status == "doing"
    assert progress.prefix_list == ["images/"]
    assert progress.action_list == ["PUT"]
    assert progress.is_enable_historical_object_replication is True
    assert progress.historical_object_progress == pytest.approx(0.85)
    assert progress.new_object_progress == "Thu, 24 Sep 2015 15:39:18 GMT"


def test_oss2_reads_a_starting_rule_as_no_progress() -> None:
    result = SimpleNamespace(progress=None)
    starting = RuleProgress(rule=replace(DOING_RULE, status=RuleStatus.STARTING))
    xml_utils.parse_get_bucket_replication_progress_result(
        result, render_replication_progress(starting).encode("utf-8")
    )
    assert result.progress.status == "starting"
    assert result.progress.historical_object_progress == 0
    assert result.progress.new_object_progress is None


def test_oss2_parses_our_location() -> None:
    result = SimpleNamespace(location_list=[], location_transfer_type_list=[])
    body = render_replication_location(LOCATIONS).encode("utf-8")
    xml_utils.parse_get_bucket_replication_location_result(result, body)
    # oss2 finds Location children of the root only, not those inside the constraints.
    assert result.location_list == ["oss-cn-beijing", "oss-cn-hangzhou", "oss-cn-hongkong"]
    (constraint,) = result.location_transfer_type_list
    assert (constraint.location, constraint.transfer_type) == ("oss-cn-hongkong", "oss_acc")


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        (["PUT"], DeleteMode.PUT_ONLY),
        (["ALL"], DeleteMode.ALL),
        (["PUT", "DELETE"], DeleteMode.ALL),
        (["PUT", "DELETE", "ABORT"], DeleteMode.ALL),
        ([], DeleteMode.ALL),
    ],
)
def test_we_parse_what_oss2_sends(actions: list[str], expected: DeleteMode) -> None:
    sent = ReplicationRule(
        rule_id="r1",
        target_bucket_name="dst-bucket",
        target_bucket_location="oss-cn-hangzhou",
        target_transfer_type="internal",
        prefix_list=["a/", "b&c/"],
        action_list=actions,
        is_enable_historical_object_replication=False,
        sync_role_name="replication-role",
        replica_kms_keyid="key-1",
        sse_kms_encrypted_objects_status=ReplicationRule.ENABLED,
    )
    rule = parse_put_replication(xml_utils.to_put_bucket_replication(sent))
    assert rule == RuleConfig(
        rule_id="r1",
        prefixes=("a/", "b&c/"),
        action=expected,
        destination_bucket="dst-bucket",
        destination_location="oss-cn-hangzhou",
        transfer_type="internal",
        historical=False,
        sync_role="replication-role",
        replicate_sse_kms=True,
        replica_kms_key_id="key-1",
    )


def test_we_parse_oss2s_minimal_rule() -> None:
    sent = ReplicationRule(target_bucket_name="dst-bucket", target_bucket_location="oss-cn-beijing")
    rule = parse_put_replication(xml_utils.to_put_bucket_replication(sent))
    assert rule == RuleConfig(
        destination_bucket="dst-bucket", destination_location="oss-cn-beijing"
    )
