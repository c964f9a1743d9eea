"""Plan files: strict reading with key-naming errors, and dump -> parse round trips."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from srrtui.domain import (
    DeleteMode,
    KmsChoice,
    ReplicationPlan,
    RoleChoice,
    RoleKind,
    Tag,
    TagFilter,
    TagMatch,
)
from srrtui.domain.limits import Quotas
from srrtui.domain.planfile import PlanFileError, dump_plan, parse_plan

FULL = textwrap.dedent(
    """\
    version = 1
    [source]
    bucket = "src-bucket"
    region = "cn-hangzhou"
    [destination]
    bucket = "dest-bucket"          # region defaults to the source's
    [objects]
    prefixes = ["images/", "video/"] # absent or empty: all objects
    tag_match = "any"
    tags = [{ key = "env", value = "prod" }]
    [sync]
    deletes = false
    historical = true
    [kms]
    replicate = true
    cmk_id = "alias/replicas"
    [role]
    kind = "custom"
    name = "my-role"
    """
)


def problems_of(text: str) -> dict[str, str]:
    with pytest.raises(PlanFileError) as caught:
        parse_plan(text)
    return dict(caught.value.problems)


def test_the_documented_example_reads_into_the_plan() -> None:
    plan = parse_plan(FULL).plan
    assert plan == ReplicationPlan(
        source_bucket="src-bucket",
        source_region="cn-hangzhou",
        destination_bucket="dest-bucket",
        prefixes=("images/", "video/"),
        tag_filter=TagFilter((Tag("env", "prod"),), TagMatch.ANY, enabled=True),
        delete_mode=DeleteMode.PUT_ONLY,
        historical=True,
        kms=KmsChoice(True, "alias/replicas"),
        role=RoleChoice(RoleKind.CUSTOM, "my-role"),
    )
    assert plan.effective_destination_region == "cn-hangzhou"


def test_defaults_for_absent_sections() -> None:
    plan = parse_plan('version = 1\n[source]\nbucket = "a-b"\n').plan
    assert plan.all_objects and plan.historical and plan.delete_mode is DeleteMode.PUT_ONLY
    assert plan.role.kind is RoleKind.NEW and not plan.tag_filter.active


def test_malformed_toml_names_line_and_column() -> None:
    message = problems_of("version = 1\n[source\n")["toml"]
    assert "line 2" in message and "column" in message


def test_unknown_keys_and_wrong_types_name_the_key() -> None:
    problems = problems_of(
        textwrap.dedent(
            """\
            version = 1
            colour = "blue"
            [source]
            bucket = 42
            buckett = "typo"
            [objects]
            prefixes = ["ok/", 7]
            tags = [{ key = "k" }, "env=prod", { key = "a", value = "b", extra = 1 }]
            tag_match = "most"
            [sync]
            deletes = "yes"
            [role]
            kind = "admin"
            [quotas]
            prefixes = 1000
            """
        )
    )
    assert problems == {
        "colour": problems["colour"],
        "source.bucket": "expected a string, got an integer",
        "source.buckett": "unknown key; expected one of: bucket, region",
        "objects.prefixes[1]": "expected a string, got an integer",
        "objects.tags[0].value": "missing",
        "objects.tags[1]": 'expected { key = "...", value = "..." }, got a string',
        "objects.tags[2].extra": "unknown key; a tag has only key and value",
        "objects.tag_match": '\'most\' is not one of "all" or "any"',
        "sync.deletes": "expected true or false, got a string",
        "role.kind": '\'admin\' is not one of "new", "aliyun-oss-role" or "custom"',
        "quotas.prefixes": problems["quotas.prefixes"],
    }
    assert "unknown key" in problems["colour"]
    assert "1..100" in problems["quotas.prefixes"]


@pytest.mark.parametrize("version", ["", "version = 2\n", 'version = "1"\n', "version = true\n"])
def test_version_is_required_and_checked(version: str) -> None:
    assert "version" in problems_of(version + '[source]\nbucket = "a-b"\n')


def test_a_section_that_is_not_a_table() -> None:
    assert "expected a table" in problems_of('version = 1\nsource = "x"\n')["source"]


def test_partial_plan_is_kept_for_one_pass_reporting() -> None:
    with pytest.raises(PlanFileError) as caught:
        parse_plan('version = 1\n[source]\nbucket = "a-b"\n[sync]\nhistorical = 1\n')
    assert caught.value.partial is not None
    assert caught.value.partial.plan.source_bucket == "a-b"


bucket = st.from_regex(r"[a-z0-9][a-z0-9-]{1,20}[a-z0-9]", fullmatch=True)
text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)
plans = st.builds(
    ReplicationPlan,
    source_bucket=bucket,
    source_region=st.sampled_from(["cn-hangzhou", "ap-southeast-1", "eu-central-1"]),
    destination_bucket=bucket,
    destination_region=st.sampled_from(["", "cn-hangzhou"]),
    prefixes=st.lists(text, max_size=4).map(tuple),
    tag_filter=st.lists(st.builds(Tag, text, text), max_size=3).flatmap(
        lambda tags: st.builds(
            TagFilter,
            tags=st.just(tuple(tags)),
            match=st.sampled_from(TagMatch),
            enabled=st.just(bool(tags)),
        )
    ),
    delete_mode=st.sampled_from(DeleteMode),
    historical=st.booleans(),
    kms=st.builds(KmsChoice, st.booleans(), text),
    role=st.builds(RoleChoice, st.sampled_from(RoleKind), text),
    rule_id=text,
)


@given(plans, st.integers(1, 100))
def test_dump_then_parse_round_trips(plan: ReplicationPlan, prefix_limit: int) -> None:
    quotas = Quotas(prefix_limit=prefix_limit)
    loaded = parse_plan(dump_plan(plan, quotas))
    assert loaded.plan == plan
    assert loaded.quotas == quotas
