"""The cloud layer's pure helpers: endpoints, required permissions, scope arithmetic, trust."""

from __future__ import annotations

import pytest

from srrtui.cloud.kms import kms_target
from srrtui.cloud.ram import RoleInfo, ram_target
from srrtui.cloud.roles import denied_permissions, required_permissions
from srrtui.cloud.scope import describe_scope, effective_prefixes
from srrtui.cloud.types import Connection, Scope
from srrtui.domain.plan import KmsChoice, ReplicationPlan, Tag, TagFilter, TagMatch
from srrtui.domain.policies import policy_json, trust_policy_json
from srrtui.domain.policy_eval import PolicyFormatError, trusts_service
from srrtui.domain.replication_scope import tag_filter_matches
from srrtui.domain.words.sizes import human_bytes

PLAN = ReplicationPlan(source_bucket="src", source_region="cn-hangzhou", destination_bucket="dst")
ROLE = RoleInfo("r", "acs:ram::1234567890123456:role/r", trust_policy_json())


def _connection(endpoint: str, ram: str = "") -> Connection:
    return Connection(endpoint, "cn-shanghai", "ak", "sk", ram_endpoint=ram)


@pytest.mark.parametrize(
    ("endpoint", "ram", "expected"),
    [
        ("https://oss-cn-shanghai.aliyuncs.com", "", ("ram.aliyuncs.com", "https")),
        ("http://127.0.0.1:9000", "", ("127.0.0.1:9000", "http")),
        ("https://oss-cn-shanghai.aliyuncs.com", "127.0.0.1:7000", ("127.0.0.1:7000", "http")),
        ("https://x", "https://ram.example.com", ("ram.example.com", "https")),
        ("https://x", "ram-vpc.aliyuncs.com", ("ram-vpc.aliyuncs.com", "https")),
    ],
)
def test_ram_endpoint(endpoint: str, ram: str, expected: tuple[str, str]) -> None:
    assert ram_target(_connection(endpoint, ram)) == expected


def test_kms_endpoint_is_regional_or_the_local_cloud() -> None:
    assert kms_target(_connection("https://oss-cn-shanghai.aliyuncs.com")) == (
        "kms.cn-shanghai.aliyuncs.com",
        "https",
    )
    assert kms_target(_connection("http://127.0.0.1:9000")) == ("127.0.0.1:9000", "http")


def test_required_permissions_are_the_least_privilege_policy_made_concrete() -> None:
    pairs = required_permissions(PLAN, "1234567890123456")
    assert ("oss:ReplicateGet", "acs:oss:cn-hangzhou:1234567890123456:src/*") in pairs
    assert ("oss:ReplicatePut", "acs:oss:cn-hangzhou:1234567890123456:dst") in pairs
    assert not any(action == "oss:ReplicatePut" and ":src" in res for action, res in pairs)
    kms = required_permissions(PLAN.with_changes(kms=KmsChoice(True, "key-1")), "1")
    assert ("kms:Encrypt", "acs:kms:cn-hangzhou:1:key/key-1") in kms


def test_srrtuis_own_policy_satisfies_the_check_and_a_narrower_one_does_not() -> None:
    assert denied_permissions(PLAN, ROLE, [("own", policy_json(PLAN))]) == []
    other = policy_json(PLAN.with_changes(destination_bucket="elsewhere"))
    reasons = denied_permissions(PLAN, ROLE, [("other", other)])
    assert reasons and all(":dst" in reason for reason in reasons)


def test_an_explicit_deny_wins_over_full_access() -> None:
    full = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}'
    deny = (
        '{"Version":"1","Statement":[{"Effect":"Deny","Action":"oss:ReplicateDelete",'
        '"Resource":"acs:oss:*:*:dst/*"}]}'
    )
    reasons = denied_permissions(PLAN, ROLE, [("full", full), ("deny", deny)])
    assert len(reasons) == 1 and "explicitly denied" in reasons[0]


def test_trust_policy_must_name_oss_as_the_service() -> None:
    assert trusts_service(trust_policy_json(), "oss.aliyuncs.com")
    assert not trusts_service(trust_policy_json().replace("oss.", "ecs."), "oss.aliyuncs.com")
    conditional = (
        '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",'
        '"Principal":{"Service":"oss.aliyuncs.com"},"Condition":{"Bool":{"x":"true"}}}]}'
    )
    assert not trusts_service(conditional, "oss.aliyuncs.com")
    with pytest.raises(PolicyFormatError):
        trusts_service("not json", "oss.aliyuncs.com")


def test_effective_prefixes_drop_covered_ones() -> None:
    assert effective_prefixes([]) == [""]
    assert effective_prefixes(["logs/b/", "logs/", "img/", "logs/"]) == ["img/", "logs/"]


@pytest.mark.parametrize(
    ("match", "tags", "expected"),
    [
        (TagMatch.ALL, {"env": "prod", "team": "a"}, True),
        (TagMatch.ALL, {"env": "prod"}, False),
        (TagMatch.ANY, {"env": "prod"}, True),
        (TagMatch.ANY, {"env": "dev"}, False),
        (TagMatch.ANY, {}, False),
    ],
)
def test_tag_filter_matching(match: TagMatch, tags: dict[str, str], expected: bool) -> None:
    rule = TagFilter(tags=(Tag("env", "prod"), Tag("team", "a")), match=match, enabled=True)
    assert tag_filter_matches(rule, tags) is expected


def test_scope_text() -> None:
    assert describe_scope(Scope(1, 5)) == "1 object (5 B)"
    assert describe_scope(Scope(10_000, 3 * 1024**3, capped=True)) == (
        "at least 10,000 objects (at least 3.0 GiB); the count stopped at its limit"
    )
    assert human_bytes(1536) == "1.5 KiB"


def test_a_malformed_policy_is_skipped_not_a_crash() -> None:
    bad = '{"Version":"1","Statement":["not an object"]}'
    reasons = denied_permissions(PLAN, ROLE, [("bad", bad), ("own", policy_json(PLAN))])
    assert reasons == []


def test_cloud_session_has_every_method_of_the_contract() -> None:
    import inspect

    from srrtui.cloud.api import CloudApi
    from srrtui.cloud.session import CloudSession

    for name, member in inspect.getmembers(CloudApi, inspect.isfunction):
        if name.startswith("_"):
            continue
        ours = getattr(CloudSession, name)
        assert list(inspect.signature(ours).parameters) == list(
            inspect.signature(member).parameters
        ), name


def test_importing_the_session_loads_no_sdk_and_no_textual() -> None:
    import subprocess
    import sys

    code = "import sys, srrtui.cloud.session; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    roots = {name.split(".")[0] for name in out.stdout.split()}
    assert not roots & {
        "oss2",
        "alibabacloud_ram20150501",
        "alibabacloud_tea_openapi",
        "Tea",
        "darabonba",
        "requests",
        "textual",
    }
