"""The replication role's permission policy and trust policy."""

from __future__ import annotations

import json

import pytest
from srr_domain_samples import PLANS

from srrtui.domain import limits
from srrtui.domain.plan import KmsChoice
from srrtui.domain.policies import (
    PolicyTooLarge,
    document_json,
    policy_json,
    replication_policy,
    trust_policy,
    trust_policy_json,
)


def statements_by_resource(policy: dict) -> dict[tuple[str, ...], list[str]]:
    return {tuple(s["Resource"]): s["Action"] for s in policy["Statement"]}


def test_least_privilege_policy_names_the_two_buckets() -> None:
    policy = replication_policy(PLANS["defaults"])
    assert policy["Version"] == "1"
    assert all(s["Effect"] == "Allow" for s in policy["Statement"])
    assert statements_by_resource(policy) == {
        ("acs:oss:*:*:photos-src", "acs:oss:*:*:photos-src/*"): [
            "oss:ReplicateList",
            "oss:ReplicateGet",
        ],
        ("acs:oss:*:*:photos-dr", "acs:oss:*:*:photos-dr/*"): [
            "oss:ReplicateList",
            "oss:ReplicateGet",
            "oss:ReplicatePut",
            "oss:ReplicateDelete",
        ],
    }


def test_source_bucket_is_never_writable() -> None:
    policy = replication_policy(PLANS["all_kms_custom_role"])
    for statement in policy["Statement"]:
        if any(r.startswith("acs:oss:*:*:ledger-primary") for r in statement["Resource"]):
            assert not {"oss:ReplicatePut", "oss:ReplicateDelete"} & set(statement["Action"])


def test_no_kms_access_without_kms_replication() -> None:
    for name in ("defaults", "prefixes_tags_any", "special_characters"):
        text = policy_json(PLANS[name])
        assert "kms:" not in text


def test_kms_access_is_scoped_to_the_replica_key_and_the_region() -> None:
    policy = replication_policy(PLANS["all_kms_custom_role"])
    by_resource = statements_by_resource(policy)
    key = "acs:kms:cn-shanghai:*:key/0b2d3f8e-1a2b-4c5d-9e8f-1234567890ab"
    assert by_resource[(key,)] == ["kms:Encrypt", "kms:GenerateDataKey"]
    assert by_resource[("acs:kms:cn-shanghai:*:key/*",)] == ["kms:Decrypt"]
    assert not any(r == "*" for s in policy["Statement"] for r in s["Resource"])


@pytest.mark.parametrize(
    ("cmk_id", "resource"),
    [
        ("key-hzz62f1cb66fa42qo", "acs:kms:cn-shanghai:*:key/key-hzz62f1cb66fa42qo"),
        (
            "acs:kms:cn-shanghai:1234567890:key/abc-123",
            "acs:kms:cn-shanghai:1234567890:key/abc-123",
        ),
        ("alias/replicas", "acs:kms:cn-shanghai:*:key/*"),
    ],
)
def test_replica_key_resource_forms(cmk_id: str, resource: str) -> None:
    plan = PLANS["all_kms_custom_role"].with_changes(kms=KmsChoice(replicate=True, cmk_id=cmk_id))
    encrypt = [s for s in replication_policy(plan)["Statement"] if "kms:Encrypt" in s["Action"]]
    assert [s["Resource"] for s in encrypt] == [[resource]]


def test_policy_json_is_deterministic_and_parses_back() -> None:
    plan = PLANS["all_kms_custom_role"]
    compact = policy_json(plan, indent=None)
    assert compact == policy_json(plan, indent=None)
    assert " " not in compact and "\n" not in compact
    assert json.loads(compact) == replication_policy(plan)
    assert json.loads(policy_json(plan)) == replication_policy(plan)
    assert len(compact.encode()) <= limits.POLICY_DOCUMENT_MAX_BYTES


def test_oversized_documents_are_refused() -> None:
    big = {"Version": "1", "Statement": [{"Resource": ["x" * limits.POLICY_DOCUMENT_MAX_BYTES]}]}
    with pytest.raises(PolicyTooLarge, match="6144"):
        document_json(big)
    with pytest.raises(PolicyTooLarge):
        document_json(big, indent=None)


def test_size_limit_counts_the_compact_document() -> None:
    # Indentation would push this over the limit; the submitted compact form is under it.
    filler = ["r"] * 1000
    document = {"Version": "1", "Statement": [{"Resource": filler}]}
    assert len(json.dumps(document, separators=(",", ":"))) < limits.POLICY_DOCUMENT_MAX_BYTES
    assert len(json.dumps(document, indent=2)) > limits.POLICY_DOCUMENT_MAX_BYTES
    assert json.loads(document_json(document)) == document


def test_trust_policy_lets_only_oss_assume_the_role() -> None:
    assert trust_policy() == {
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": {"Service": ["oss.aliyuncs.com"]},
            }
        ],
    }
    assert json.loads(trust_policy_json()) == trust_policy()
    assert json.loads(trust_policy_json(indent=None)) == trust_policy()
