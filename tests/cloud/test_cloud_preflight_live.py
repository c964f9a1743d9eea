"""Preflight against the local cloud: each misconfiguration is caught by a failing line."""

from __future__ import annotations

from typing import Any

import pytest

from srrtui.cloud.retry import RetryPolicy
from srrtui.cloud.scope import ScopeLimits
from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import CheckLine, CheckStatus, PreflightReport
from srrtui.domain.plan import KmsChoice, ReplicationPlan, RoleChoice, RoleKind, Tag, TagFilter
from srrtui.localcloud import LocalCloud

FAIL, WARN, PASS = CheckStatus.FAIL, CheckStatus.WARN, CheckStatus.PASS


def _lines(report: PreflightReport, status: CheckStatus) -> list[CheckLine]:
    return [line for line in report.lines if line.status is status]


def _only_failure(report: PreflightReport) -> CheckLine:
    failures = _lines(report, FAIL)
    assert len(failures) == 1, report.lines
    assert not report.ok
    return failures[0]


def _make_role(session: CloudSession, name: str, *, trusted: bool = True) -> None:
    from srrtui.domain.policies import trust_policy_json

    trust = trust_policy_json(indent=None)
    if not trusted:
        trust = trust.replace("oss.aliyuncs.com", "ecs.aliyuncs.com")
    session.ram.create_role(name, trust, "test role")


def test_a_sound_plan_passes(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    report = session.preflight(plan)
    assert report.ok, report.lines
    assert not _lines(report, WARN)
    titles = " / ".join(line.title for line in report.lines)
    assert "a new role" in titles and "historical replication is off" in titles


def test_plan_problems_fail_before_any_call(session: CloudSession, local_cloud: LocalCloud) -> None:
    local_cloud.faults.inject("*", kind="503")  # any request would set this off
    bad = ReplicationPlan(
        source_bucket="Bad_Name", source_region="cn-hangzhou", destination_bucket="dst-1"
    )
    report = session.preflight(bad)
    assert [line.title for line in report.lines] == ["plan: source.bucket"]
    assert local_cloud.faults.fired == []


def test_a_missing_bucket_fails(
    session: CloudSession, raw_bucket: Any, plan: ReplicationPlan
) -> None:
    raw_bucket(plan.source_bucket).create_bucket()
    line = _only_failure(session.preflight(plan))
    assert line.title == f"the destination bucket {plan.destination_bucket} does not exist"


def test_buckets_in_different_regions_fail(
    session: CloudSession, local_cloud: LocalCloud, raw_bucket: Any, plan: ReplicationPlan
) -> None:
    raw_bucket(plan.source_bucket).create_bucket()
    assert local_cloud.store is not None
    local_cloud.store.create_bucket(
        plan.destination_bucket, region="cn-shanghai", owner=local_cloud.config.account_uid
    )
    line = _only_failure(session.preflight(plan))
    assert line.title == "the buckets are in different regions"
    assert "cn-shanghai" in line.detail


def test_mismatched_versioning_fails_and_unversioned_historical_warns(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    historical = plan.with_changes(historical=True)
    warned = session.preflight(historical)
    assert any(
        line.title.startswith("versioning is never enabled") for line in _lines(warned, WARN)
    )
    session.enable_versioning(plan.source_bucket)
    line = _only_failure(session.preflight(historical))
    assert line.title == "the buckets' versioning states differ"
    session.enable_versioning(plan.destination_bucket)
    assert session.preflight(historical).ok


def test_an_existing_rule_to_the_destination(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    assert session.enable(plan).ok
    same = session.preflight(plan)
    assert same.ok
    assert any(line.title == "this rule already exists" for line in _lines(same, WARN))
    line = _only_failure(session.preflight(plan.with_changes(prefixes=("logs/",))))
    assert "already replicates" in line.title
    assert "BucketReplicationAlreadyExist" in line.detail and "logs/" in line.detail


def test_a_missing_custom_role_fails(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    custom = plan.with_changes(role=RoleChoice(RoleKind.CUSTOM, "my-replication-role"))
    assert (
        _only_failure(session.preflight(custom)).title
        == "the role my-replication-role does not exist"
    )


def test_a_custom_role_must_trust_oss(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    _make_role(session, "ecs-role", trusted=False)
    session.ram.attach_policy("ecs-role", "AliyunOSSFullAccess", "System")
    custom = plan.with_changes(role=RoleChoice(RoleKind.CUSTOM, "ecs-role"))
    assert _only_failure(session.preflight(custom)).title == "the role ecs-role does not trust OSS"


def test_a_custom_role_lacking_permissions_fails_naming_them(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    import json

    _make_role(session, "half-role")
    only_source = {
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["oss:ReplicateList", "oss:ReplicateGet"],
                "Resource": [
                    f"acs:oss:*:*:{plan.source_bucket}",
                    f"acs:oss:*:*:{plan.source_bucket}/*",
                ],
            }
        ],
    }
    session.ram.create_policy("half-policy", json.dumps(only_source), "test")
    session.ram.attach_policy("half-role", "half-policy")
    custom = plan.with_changes(role=RoleChoice(RoleKind.CUSTOM, "half-role"))
    line = _only_failure(session.preflight(custom))
    assert line.title == "the role half-role lacks permissions replication needs"
    assert "oss:ReplicatePut" in line.detail and plan.destination_bucket in line.detail


def test_a_custom_role_with_full_oss_access_passes(
    session: CloudSession, local_cloud: LocalCloud, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    assert local_cloud.kms is not None
    local_cloud.kms.add_key("key-1234")  # the key is fine: only the role is in question
    _make_role(session, "full-role")
    session.ram.attach_policy("full-role", "AliyunOSSFullAccess", "System")
    custom = plan.with_changes(role=RoleChoice(RoleKind.CUSTOM, "full-role"))
    report = session.preflight(custom)
    assert report.ok, report.lines
    # KMS replication needs kms actions the OSS policy does not grant.
    kms = custom.with_changes(kms=KmsChoice(True, "key-1234"))
    titles = [line.title for line in _lines(session.preflight(kms), FAIL)]
    assert titles == ["the role full-role lacks permissions replication needs"]


def test_aliyun_oss_role_must_exist(
    session: CloudSession, local_cloud: LocalCloud, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    aliyun = plan.with_changes(role=RoleChoice(RoleKind.ALIYUN_OSS_ROLE))
    assert (
        _only_failure(session.preflight(aliyun)).title
        == "AliyunOSSRole does not exist in this account"
    )
    local_cloud.ram.seed(with_aliyun_oss_role=True)
    assert session.preflight(aliyun).ok


def test_an_unreachable_kms_is_a_warning_not_a_pass(
    session: CloudSession,
    local_cloud: LocalCloud,
    policy: RetryPolicy,
    buckets: tuple[Any, Any],
    plan: ReplicationPlan,
) -> None:
    # Every try of DescribeKey fails: the key cannot be checked either way.
    local_cloud.faults.inject("DescribeKey", kind="503", count=policy.attempts)
    kms = plan.with_changes(kms=KmsChoice(True, "key-1234"))
    report = session.preflight(kms)
    assert report.ok
    assert [line.title for line in _lines(report, WARN)] == ["could not check the KMS key key-1234"]


def test_an_invalid_cmk_id_fails_as_a_plan_problem(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    report = session.preflight(plan.with_changes(kms=KmsChoice(True, "not a key!")))
    assert [line.title for line in report.lines] == ["plan: kms.cmk_id"]


def test_source_kms_encryption_without_kms_replication_warns(
    session: CloudSession, local_cloud: LocalCloud, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    assert local_cloud.store is not None
    local_cloud.store.update_bucket(plan.source_bucket, sse_algorithm="KMS")
    titles = [line.title for line in _lines(session.preflight(plan), WARN)]
    assert titles == ["SSE-KMS objects will not be replicated"]


def test_scope_counts_objects_and_bytes_under_the_prefixes_and_tags(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    source, _ = buckets
    source.put_object("logs/a", b"12345", headers={"x-oss-tagging": "env=prod"})
    source.put_object("logs/b/c", b"123", headers={"x-oss-tagging": "env=dev"})
    source.put_object("images/x", b"1234567", headers={"x-oss-tagging": "env=prod&team=a"})
    source.put_object("other", b"1")
    everything = session.preflight(plan.with_changes(historical=True)).scope
    assert everything is not None and (everything.objects, everything.bytes, everything.capped) == (
        4,
        16,
        False,
    )
    prefixed = plan.with_changes(historical=True, prefixes=("logs/b/", "images/"))
    scope = session.preflight(prefixed).scope
    assert scope is not None and (scope.objects, scope.bytes) == (2, 10)
    # Overlapping prefixes are refused at the field, as OSS refuses them (EC 0031-00000019).
    overlapping = session.preflight(plan.with_changes(prefixes=("logs/", "logs/b/")))
    assert overlapping.scope is None
    assert [line.title for line in overlapping.lines] == ["plan: objects.prefixes[1]"]
    tagged = plan.with_changes(
        historical=True, tag_filter=TagFilter(tags=(Tag("env", "prod"),), enabled=True)
    )
    scope = session.preflight(tagged).scope
    assert scope is not None and (scope.objects, scope.bytes) == (2, 12)


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        (ScopeLimits(max_objects=3, page_size=2), (3, 3)),
        (ScopeLimits(max_tag_lookups=2, page_size=2), (2, 2)),
    ],
)
def test_scope_stops_at_its_cap_and_says_at_least(
    session: CloudSession,
    buckets: tuple[Any, Any],
    plan: ReplicationPlan,
    limits: ScopeLimits,
    expected: tuple[int, int],
) -> None:
    source, _ = buckets
    for i in range(6):
        source.put_object(f"k{i}", b"x", headers={"x-oss-tagging": "env=prod"})
    session.scope_limits = limits
    tags = (
        TagFilter(tags=(Tag("env", "prod"),), enabled=True)
        if limits.max_tag_lookups < 10
        else TagFilter()
    )
    report = session.preflight(plan.with_changes(historical=True, tag_filter=tags))
    assert report.scope is not None
    assert (report.scope.objects, report.scope.bytes, report.scope.capped) == (*expected, True)
    assert any("at least" in line.title for line in report.lines)


@pytest.mark.parametrize(
    ("changes", "chosen"),
    [
        ({"prefixes": ("app/",)}, "prefixes"),
        ({"tag_filter": TagFilter(tags=(Tag("env", "qa"),), enabled=True)}, "tags"),
        (
            {"prefixes": ("logs/",), "tag_filter": TagFilter(tags=(Tag("env", "qa"),))},
            "prefixes and tags",
        ),
    ],
)
def test_a_scope_that_matches_no_existing_object_warns(
    session: CloudSession,
    buckets: tuple[Any, Any],
    plan: ReplicationPlan,
    changes: dict[str, Any],
    chosen: str,
) -> None:
    # Prefixes kept from another source bucket, or a mistyped tag: the rule would still be
    # created, but historical replication would copy nothing, which a pass line hid.
    source, _ = buckets
    source.put_object("logs/a", b"12345", headers={"x-oss-tagging": "env=prod"})
    report = session.preflight(plan.with_changes(historical=True, **changes))
    assert report.ok and report.scope is not None and report.scope.objects == 0
    warning = next(line for line in _lines(report, WARN) if "matches" in line.title)
    assert (
        warning.title == f"no existing object in {plan.source_bucket} matches the chosen {chosen}"
    )
    assert warning.detail.startswith(
        "historical replication would copy 0 objects (0 B): only objects written later"
    )
    assert f"check the {chosen}" in warning.detail
    assert not any("would copy" in line.title for line in _lines(report, PASS))


def test_a_scope_in_an_empty_source_is_no_warning(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    # Nothing exists yet, so nothing can fail to match: copying 0 objects is simply right.
    report = session.preflight(plan.with_changes(historical=True, prefixes=("app/",)))
    assert [line.title for line in _lines(report, WARN)] == [
        "versioning is never enabled on both buckets"
    ]
    line = next(line for line in report.lines if "would copy" in line.title)
    assert (line.status, line.title) == (PASS, "historical replication would copy 0 objects (0 B)")
    assert line.detail == f"{plan.source_bucket} has no objects yet"


def test_a_scope_that_matches_objects_passes(
    session: CloudSession, buckets: tuple[Any, Any], plan: ReplicationPlan
) -> None:
    source, _ = buckets
    source.put_object("logs/a", b"12345")
    report = session.preflight(plan.with_changes(historical=True, prefixes=("logs/",)))
    assert not any("matches" in line.title for line in report.lines)
    assert any(
        line.status is PASS and line.title == "historical replication would copy 1 object (5 B)"
        for line in report.lines
    )
