"""Validation: each constraint from the seed and the API reference, at the field it concerns."""

from __future__ import annotations

import pytest

from srrtui.domain import (
    DeleteMode,
    KmsChoice,
    ReplicationPlan,
    RoleChoice,
    RoleKind,
    Tag,
    TagFilter,
    TagMatch,
    validate,
)
from srrtui.domain.limits import Quotas
from srrtui.domain.validation import Code

VALID = ReplicationPlan(
    source_bucket="src-bucket", source_region="cn-hangzhou", destination_bucket="dest-bucket"
)


def fields(plan: ReplicationPlan, quotas: Quotas | None = None) -> dict[str, str]:
    return {issue.field: issue.message for issue in validate(plan, quotas).problems}


def test_a_minimal_plan_is_valid() -> None:
    report = validate(VALID)
    assert report.ok, report.problems


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("", "choose a bucket"),
        ("ab", "3-63 characters"),
        ("a" * 64, "3-63 characters"),
        ("Upper-case", "lowercase"),
        ("-leading", "start and end"),
        ("trailing-", "start and end"),
        ("under_score", "lowercase letters, digits and hyphens"),
        ("dot.ted", "lowercase letters, digits and hyphens"),
    ],
)
def test_bucket_name_syntax(name: str, needle: str) -> None:
    assert needle in fields(VALID.with_changes(source_bucket=name))["source.bucket"]
    assert needle in fields(VALID.with_changes(destination_bucket=name))["destination.bucket"]


def test_destination_must_differ_and_share_the_region() -> None:
    same = fields(VALID.with_changes(destination_bucket="src-bucket"))
    assert "different bucket" in same["destination.bucket"]
    other = fields(VALID.with_changes(destination_region="cn-shanghai"))
    assert "cross-region" in other["destination.region"]
    assert validate(VALID.with_changes(destination_region="cn-hangzhou")).ok


@pytest.mark.parametrize("region", ["", "oss-cn-hangzhou", "Hangzhou", "cn"])
def test_region_syntax(region: str) -> None:
    assert "source.region" in fields(VALID.with_changes(source_region=region))


def test_prefix_count_limit_and_raised_quota() -> None:
    ten = tuple(f"p{i}/" for i in range(10))
    assert validate(VALID.with_changes(prefixes=ten)).ok
    eleven = VALID.with_changes(prefixes=(*ten, "p10/"))
    assert "at most 10 prefixes (11 given)" in fields(eleven)["objects.prefixes"]
    assert validate(eleven, Quotas(prefix_limit=100)).ok
    with pytest.raises(ValueError):
        Quotas(prefix_limit=101)


@pytest.mark.parametrize(
    ("prefix", "needle"),
    [
        ("", "cannot be empty"),
        ("x" * 1024, "at most 1023 bytes"),
        ("é" * 512, "at most 1023 bytes (1024 given)"),
        ("/abs", "cannot start with '/'"),
        ("bad\nline", "control characters"),
        (" ", "cannot be only spaces"),
        ("   ", "cannot be only spaces"),
    ],
)
def test_prefix_content(prefix: str, needle: str) -> None:
    assert needle in fields(VALID.with_changes(prefixes=("ok/", prefix)))["objects.prefixes[1]"]


def test_a_prefix_of_only_spaces_is_refused_at_its_index() -> None:
    # Legal in an object name, but a blank row in the wizard and <Prefix>  </Prefix> in exports.
    assert fields(VALID.with_changes(prefixes=("  ",))) == {
        "objects.prefixes[0]": "a prefix cannot be only spaces; type a folder such as logs/, "
        "or choose all objects"
    }
    # Spaces inside a prefix are still fine.
    assert validate(VALID.with_changes(prefixes=("my folder/", " lead/"))).ok


def test_duplicate_prefix_names_the_second() -> None:
    problems = fields(VALID.with_changes(prefixes=("a/", "b/", "a/")))
    assert problems == {"objects.prefixes[2]": "'a/' is listed twice"}


def test_overlapping_prefixes_name_the_later_one() -> None:
    # OSS refuses a rule whose prefixes overlap (EC 0031-00000019: "source" and "source/video").
    problems = fields(VALID.with_changes(prefixes=("logs/2024/", "img/", "logs/")))
    assert problems == {
        "objects.prefixes[2]": "'logs/' overlaps 'logs/2024/': keep only the shorter one"
    }
    report = validate(VALID.with_changes(prefixes=("source", "source/video")))
    assert [p.code for p in report.problems] == [Code.OVERLAPPING_PREFIX]
    # Sharing letters is not overlapping: neither is the start of the other.
    assert validate(VALID.with_changes(prefixes=("logs/a", "logs/b", "lox/"))).ok


def tagged(*tags: Tag, **changes: object) -> ReplicationPlan:
    return VALID.with_changes(tag_filter=TagFilter(tags=tags, enabled=True), **changes)


def test_tags_valid_with_put_only() -> None:
    assert validate(tagged(Tag("env", "prod"), Tag("team", "a b+c=d.e_f:g/h"))).ok


def test_tag_filter_switched_on_needs_a_tag() -> None:
    plan = VALID.with_changes(tag_filter=TagFilter(enabled=True))
    assert "at least one" in fields(plan)["objects.tags"]


def test_tag_filter_refused_with_delete_replication() -> None:
    problems = fields(tagged(Tag("env", "prod"), delete_mode=DeleteMode.ALL))
    assert "delete replication (ALL)" in problems["objects.tags"]


@pytest.mark.parametrize("region", ["cn-zhangjiakou", "cn-zhongwei", "na-south-1"])
def test_tag_filter_refused_where_unsupported(region: str) -> None:
    problems = fields(tagged(Tag("env", "prod"), source_region=region))
    assert f"not available in {region}" in problems["objects.tags"]


def test_tag_limits() -> None:
    eleven = tagged(*(Tag(f"k{i}", "v") for i in range(11)))
    assert "at most 10 tags" in fields(eleven)["objects.tags"]
    problems = fields(
        tagged(Tag("", "v"), Tag("k" * 129, "v"), Tag("k", "v" * 257), Tag("k", "b@d"))
    )
    assert "cannot be empty" in problems["objects.tags[0].key"]
    assert "at most 128" in problems["objects.tags[1].key"]
    assert "at most 256" in problems["objects.tags[2].value"]
    assert "letters, digits" in problems["objects.tags[3].value"]
    assert "listed twice" in fields(tagged(Tag("a", "1"), Tag("a", "1")))["objects.tags[1]"]


def test_match_all_with_two_values_of_one_key_can_never_match() -> None:
    plan = tagged(Tag("env", "prod"), Tag("team", "a"), Tag("env", "dev"))
    assert fields(plan) == {
        "objects.tags[2].key": "with 'match all', env=prod and env=dev can never both match: "
        "an object has one value per tag key (choose 'match any', or keep one of them)"
    }
    # With "match any" either value replicates the object: nothing contradicts.
    any_ = plan.with_changes(
        tag_filter=TagFilter(tags=plan.tag_filter.tags, match=TagMatch.ANY, enabled=True)
    )
    assert validate(any_).ok
    # An exact duplicate stays "listed twice", not a contradiction; keys are case sensitive.
    assert fields(tagged(Tag("env", "prod"), Tag("env", "prod"))) == {
        "objects.tags[1]": "env=prod is listed twice"
    }
    assert validate(tagged(Tag("env", "prod"), Tag("Env", "dev"))).ok


def test_a_tag_whose_key_holds_equals_is_named_unambiguously() -> None:
    # "env=prod" + "" would read env=prod= and "a" + "b=c" would read a=b=c; quoting the key
    # keeps them apart.
    assert fields(tagged(Tag("a=b", "c"), Tag("a=b", "d"))) == {
        "objects.tags[1].key": "with 'match all', 'a=b'=c and 'a=b'=d can never both match: "
        "an object has one value per tag key (choose 'match any', or keep one of them)"
    }
    assert fields(tagged(Tag("env=prod", ""), Tag("env=prod", ""))) == {
        "objects.tags[1]": "'env=prod'=(empty) is listed twice"
    }


def test_kms_needs_a_cmk() -> None:
    plan = VALID.with_changes(kms=KmsChoice(replicate=True))
    assert "KMS key" in fields(plan)["kms.cmk_id"]
    bad = VALID.with_changes(kms=KmsChoice(replicate=True, cmk_id="not a key!"))
    assert "kms.cmk_id" in fields(bad)
    for cmk in ("0e9b5f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "alias/replicas", "key-hzz1234"):
        assert validate(VALID.with_changes(kms=KmsChoice(True, cmk))).ok
    # The CMK is ignored while KMS replication is off.
    assert validate(VALID.with_changes(kms=KmsChoice(False, "not a key!"))).ok


def test_a_kms_key_arn_must_be_in_the_buckets_region() -> None:
    other = VALID.with_changes(kms=KmsChoice(True, "acs:kms:cn-shanghai:123:key/abc"))
    assert fields(other) == {
        "kms.cmk_id": "this key ARN is in cn-shanghai, but the buckets are in cn-hangzhou: "
        "the KMS key must be in the same region as the buckets (cn-hangzhou)"
    }
    same = VALID.with_changes(kms=KmsChoice(True, "acs:kms:cn-hangzhou:123:key/abc"))
    assert validate(same).ok
    # Key ids and aliases name no region: they are looked up in the buckets' region.
    for cmk in ("key-shanghai-1", "alias/cn-shanghai"):
        assert validate(VALID.with_changes(kms=KmsChoice(True, cmk))).ok
    # Without a region in the plan there is nothing to compare with (region is reported).
    unknown = fields(other.with_changes(source_region=""))
    assert "kms.cmk_id" not in unknown and "source.region" in unknown


@pytest.mark.parametrize(
    ("key", "guess"),
    [
        ("env=prod", ": did you mean key 'env', value 'prod'?"),
        ("a=b=c", ": did you mean key 'a', value 'b=c'?"),
        ("=prod", ""),  # no key to suggest
        ("env=", ""),
    ],
)
def test_a_tag_key_with_equals_and_no_value_warns(key: str, guess: str) -> None:
    report = validate(tagged(Tag("team", "a"), Tag(key, "")))
    assert report.ok, report.problems  # "=" is legal in a tag key: a warning, not a problem
    tag_warnings = {w.field: w.message for w in report.warnings if w.field.startswith("objects")}
    assert tag_warnings == {
        "objects.tags[1].key": f"tag key {key!r} contains '=' and has no value{guess}"
    }
    # The same words are printed by `srrtui plan check`: nothing about the wizard's boxes.
    assert "box" not in tag_warnings["objects.tags[1].key"]


def test_a_tag_key_with_equals_and_a_value_does_not_warn() -> None:
    report = validate(tagged(Tag("a=b", "c"), Tag("env", "")))
    assert not [w for w in report.warnings if w.field.startswith("objects")]


@pytest.mark.parametrize(
    ("name", "needle"),
    [("", "enter the RAM role"), ("r" * 65, "at most 64"), ("bad name", "letters, digits")],
)
def test_custom_role_name(name: str, needle: str) -> None:
    plan = VALID.with_changes(role=RoleChoice(RoleKind.CUSTOM, name))
    assert needle in fields(plan)["role.name"]


def test_custom_role_named_aliyunossrole_points_to_the_right_kind() -> None:
    plan = VALID.with_changes(role=RoleChoice(RoleKind.CUSTOM, "AliyunOSSRole"))
    assert "aliyun-oss-role" in fields(plan)["role.name"]


def test_warnings_follow_the_choices() -> None:
    base = {w.field for w in validate(VALID.with_changes(historical=False)).warnings}
    assert base == {"rule"}
    risky = VALID.with_changes(
        historical=True,
        delete_mode=DeleteMode.ALL,
        role=RoleChoice(RoleKind.ALIYUN_OSS_ROLE),
    )
    warnings = {w.field: w.message for w in validate(risky).warnings}
    assert "versioning on both buckets" in warnings["sync.historical"]
    assert "cannot be recovered" in warnings["sync.deletes"]
    assert "every bucket in the account" in warnings["role.kind"]
    texts = " ".join(w.message for w in validate(risky).warnings)
    assert "cannot be edited" in texts and "minutes" in texts


def test_for_field_selects_children() -> None:
    report = validate(tagged(Tag("", "v"), delete_mode=DeleteMode.ALL))
    assert {p.field for p in report.for_field("objects.tags")} == {
        "objects.tags",
        "objects.tags[0].key",
    }
    assert report.for_field("objects.prefixes") == ()


def test_new_role_name_is_stable_and_valid() -> None:
    name = VALID.sync_role_name
    assert name.startswith("oss-replication-") and len(name) <= 64
    assert VALID.with_changes(historical=False).sync_role_name == name
    assert VALID.with_changes(destination_bucket="other-bucket").sync_role_name != name
    assert VALID.new_policy_name == f"{name}-policy"
    assert VALID.with_changes(role=RoleChoice(RoleKind.ALIYUN_OSS_ROLE)).sync_role_name == (
        "AliyunOSSRole"
    )
