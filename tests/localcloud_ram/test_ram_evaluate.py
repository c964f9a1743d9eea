"""The pure policy evaluator: RAM semantics and wildcard properties."""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from srrtui.localcloud.ram import evaluate, oss_arn, wildcard_match


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "1", "Statement": list(statements)}


def allow(action: Any, resource: Any, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: Any, resource: Any, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


SRC_OBJECT = oss_arn("cn-hangzhou", "1234567890123456", "src", "photos/cat.jpg")


def test_oss_arn_shapes() -> None:
    assert oss_arn("cn-hangzhou", "1", "b") == "acs:oss:cn-hangzhou:1:b"
    assert oss_arn("cn-hangzhou", "1", "b", "k/x") == "acs:oss:cn-hangzhou:1:b/k/x"


def test_default_is_deny() -> None:
    decision = evaluate([], "oss:ReplicateGet", SRC_OBJECT)
    assert not decision.allowed
    assert "no policy statement allows oss:ReplicateGet" in decision.reason


def test_allow_with_wildcards_in_account_and_region() -> None:
    docs = [policy(allow("oss:ReplicateGet", "acs:oss:*:*:src/*"))]
    decision = evaluate(docs, "oss:ReplicateGet", SRC_OBJECT, names=["Custom policy srr"])
    assert decision.allowed
    assert "statement 1 of Custom policy srr" in decision.reason


def test_bucket_resource_does_not_cover_objects() -> None:
    docs = [policy(allow("oss:ReplicateGet", "acs:oss:*:*:src"))]
    assert not evaluate(docs, "oss:ReplicateGet", SRC_OBJECT).allowed


def test_explicit_deny_wins_over_allow_in_any_order() -> None:
    allow_all = policy(allow("oss:*", "*"))
    deny_photos = policy(deny("oss:ReplicateGet", "acs:oss:*:*:src/photos/*"))
    for docs in ([allow_all, deny_photos], [deny_photos, allow_all]):
        decision = evaluate(docs, "oss:ReplicateGet", SRC_OBJECT)
        assert not decision.allowed
        assert "explicitly denied" in decision.reason


def test_deny_elsewhere_does_not_block() -> None:
    docs = [policy(allow("oss:*", "*"), deny("oss:ReplicateGet", "acs:oss:*:*:other/*"))]
    assert evaluate(docs, "oss:ReplicateGet", SRC_OBJECT).allowed


def test_action_names_are_case_insensitive_resources_are_not() -> None:
    docs = [policy(allow("OSS:replicateget", "acs:oss:*:*:src/*"))]
    assert evaluate(docs, "oss:ReplicateGet", SRC_OBJECT).allowed
    upper = oss_arn("cn-hangzhou", "1234567890123456", "SRC", "photos/cat.jpg")
    assert not evaluate(docs, "oss:ReplicateGet", upper).allowed


def test_lists_of_actions_and_resources() -> None:
    docs = [policy(allow(["oss:ReplicateList", "oss:ReplicateGet"], ["acs:oss:*:*:a", "*:src/*"]))]
    assert evaluate(docs, "oss:ReplicateGet", SRC_OBJECT).allowed
    assert not evaluate(docs, "oss:ReplicatePut", SRC_OBJECT).allowed


def test_read_only_access_does_not_grant_replication() -> None:
    docs = [policy(allow(["oss:Get*", "oss:List*"], "*"))]
    assert not evaluate(docs, "oss:ReplicateGet", SRC_OBJECT).allowed
    assert evaluate(docs, "oss:GetObject", SRC_OBJECT).allowed


def test_question_mark_matches_one_character() -> None:
    docs = [policy(allow("oss:Replicate???", "*"))]
    assert evaluate(docs, "oss:ReplicateGet", "x").allowed
    assert evaluate(docs, "oss:ReplicatePut", "x").allowed
    assert not evaluate(docs, "oss:ReplicateList", "x").allowed


def test_not_action_and_not_resource() -> None:
    docs = [policy({"Effect": "Allow", "NotAction": "oss:Delete*", "NotResource": "*:secret/*"})]
    assert evaluate(docs, "oss:ReplicateGet", SRC_OBJECT).allowed
    assert not evaluate(docs, "oss:DeleteObject", SRC_OBJECT).allowed
    assert not evaluate(docs, "oss:ReplicateGet", "acs:oss:*:1:secret/x").allowed


def test_single_statement_object_is_accepted() -> None:
    assert evaluate([{"Version": "1", "Statement": allow("*", "*")}], "oss:X", "y").allowed


def test_supported_conditions() -> None:
    conditional = allow("oss:*", "*", Condition={"StringEquals": {"acs:SourceVpc": "vpc-1"}})
    docs = [policy(conditional)]
    assert evaluate(docs, "oss:GetObject", "x", context={"acs:SourceVpc": "vpc-1"}).allowed
    assert not evaluate(docs, "oss:GetObject", "x", context={"acs:SourceVpc": "vpc-2"}).allowed
    assert not evaluate(docs, "oss:GetObject", "x").allowed  # key absent: positive op is false
    like = policy(allow("oss:*", "*", Condition={"StringLike": {"oss:Prefix": "logs/*"}}))
    assert evaluate([like], "oss:ListObjects", "x", context={"oss:Prefix": "logs/2026"}).allowed
    negated = policy(deny("oss:*", "*", Condition={"StringNotEquals": {"acs:SourceVpc": "vpc-1"}}))
    assert not evaluate([policy(allow("*", "*")), negated], "oss:GetObject", "x").allowed
    secure = policy(allow("oss:*", "*", Condition={"Bool": {"acs:SecureTransport": "true"}}))
    assert evaluate([secure], "oss:GetObject", "x", context={"acs:SecureTransport": "TRUE"}).allowed


def test_unsupported_condition_operator_never_applies_and_is_reported() -> None:
    ip = allow("oss:*", "*", Condition={"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}})
    decision = evaluate([policy(ip)], "oss:ReplicateGet", SRC_OBJECT, names=["Custom policy ip"])
    assert not decision.allowed
    assert "IpAddress is not supported" in decision.reason


# --- wildcard properties -------------------------------------------------------------------

TEXT = st.text(alphabet="ab/:-.*?", max_size=12)
LITERAL = st.text(alphabet="ab/:-.", max_size=12)


@given(LITERAL)
def test_literal_matches_only_itself(value: str) -> None:
    assert wildcard_match(value, value)
    assert not wildcard_match(value, value + "x")


@given(TEXT)
def test_star_matches_everything(value: str) -> None:
    assert wildcard_match("*", value)


@given(LITERAL, LITERAL)
def test_prefix_star(prefix: str, rest: str) -> None:
    assert wildcard_match(prefix + "*", prefix + rest)


@given(LITERAL)
def test_question_marks_match_exact_length(value: str) -> None:
    assert wildcard_match("?" * len(value), value)
    assert not wildcard_match("?" * (len(value) + 1), value)


@given(TEXT, LITERAL)
def test_agrees_with_fnmatch_without_brackets(pattern: str, value: str) -> None:
    # fnmatch's only extra syntax is [...], absent from this alphabet: an independent oracle.
    assert wildcard_match(pattern, value) == fnmatchcase(value, pattern)


@given(st.sampled_from(["oss:ReplicateGet", "OSS:REPLICATEGET", "oss:replicateget"]))
def test_action_case_folding(action: str) -> None:
    assert evaluate([policy(allow("oss:ReplicateGet", "*"))], action, "r").allowed


@given(st.permutations([allow("oss:*", "*"), deny("oss:Replicate*", "*"), allow("*", "*")]))
def test_deny_wins_regardless_of_order(statements: list[dict[str, Any]]) -> None:
    assert not evaluate([policy(*statements)], "oss:ReplicatePut", "r").allowed
