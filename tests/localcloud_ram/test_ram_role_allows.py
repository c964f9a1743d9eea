"""RamService.seed and role_allows: what the replication engine relies on."""

from __future__ import annotations

import json
from pathlib import Path

from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client
from ram_helpers import (
    ACCOUNT_UID,
    DST_OBJECT,
    LEAST_PRIVILEGE,
    REGION,
    SRC_OBJECT,
    attach,
    attached,
    create_policy,
    create_role,
)

from srrtui.localcloud.config import CloudConfig
from srrtui.localcloud.ram import RamService, oss_arn
from srrtui.localcloud.storage.db import Database


def test_aliyun_oss_role_absent_without_seed(ram: RamService, client: Client) -> None:
    ram.seed(with_aliyun_oss_role=False)
    names = [r.role_name for r in client.list_roles(ram_models.ListRolesRequest()).body.roles.role]
    assert "AliyunOSSRole" not in names
    decision = ram.role_allows("AliyunOSSRole", "oss:ReplicateGet", SRC_OBJECT)
    assert not decision.allowed
    assert decision.reason == "role AliyunOSSRole does not exist"


def test_aliyun_oss_role_seeded_like_a_real_account(ram: RamService, client: Client) -> None:
    ram.seed(with_aliyun_oss_role=True)
    ram.seed(with_aliyun_oss_role=True)  # idempotent
    role = client.get_role(ram_models.GetRoleRequest(role_name="AliyunOSSRole")).body.role
    assert role.arn == f"acs:ram::{ACCOUNT_UID}:role/aliyunossrole"
    trust = json.loads(role.assume_role_policy_document)
    assert trust["Statement"][0]["Principal"]["Service"] == ["oss.aliyuncs.com"]
    assert attached(client, "AliyunOSSRole") == [("System", "AliyunOSSFullAccess")]
    for action, resource in [
        ("oss:ReplicateList", oss_arn(REGION, ACCOUNT_UID, "src")),
        ("oss:ReplicateGet", SRC_OBJECT),
        ("oss:ReplicatePut", DST_OBJECT),
        ("oss:ReplicateDelete", DST_OBJECT),
    ]:
        decision = ram.role_allows("AliyunOSSRole", action, resource)
        assert decision.allowed, decision.reason
        assert "System policy AliyunOSSFullAccess" in decision.reason
    kms = ram.role_allows("AliyunOSSRole", "kms:Decrypt", f"acs:kms:{REGION}:{ACCOUNT_UID}:key/k1")
    assert not kms.allowed


def test_least_privilege_custom_role(ram: RamService, client: Client) -> None:
    create_role(client, "srr-role")
    create_policy(client, "srr-policy", LEAST_PRIVILEGE)
    attach(client, "srr-policy", "srr-role")
    assert ram.role_allows("srr-role", "oss:ReplicateGet", SRC_OBJECT).allowed
    assert ram.role_allows("SRR-ROLE", "oss:ReplicatePut", DST_OBJECT).allowed
    # the source is read-only for the role: nothing may be written back into it
    denied = ram.role_allows("srr-role", "oss:ReplicatePut", SRC_OBJECT)
    assert not denied.allowed
    assert denied.reason.startswith("role srr-role: no policy statement allows oss:ReplicatePut")
    other = oss_arn(REGION, ACCOUNT_UID, "elsewhere", "docs/a.txt")
    assert not ram.role_allows("srr-role", "oss:ReplicatePut", other).allowed


def test_kms_policy_adds_key_use(ram: RamService, client: Client) -> None:
    create_role(client, "srr-role")
    attach(client, "AliyunKMSCryptoUserAccess", "srr-role", "System")
    key = f"acs:kms:{REGION}:{ACCOUNT_UID}:key/key-123"
    assert ram.role_allows("srr-role", "kms:Decrypt", key).allowed
    assert ram.role_allows("srr-role", "kms:GenerateDataKey", key).allowed
    assert not ram.role_allows("srr-role", "kms:DeleteKey", key).allowed


def test_explicit_deny_policy_blocks_full_access(ram: RamService, client: Client) -> None:
    create_role(client, "srr-role")
    attach(client, "AliyunOSSFullAccess", "srr-role", "System")
    deny = '{"Version":"1","Statement":[{"Effect":"Deny","Action":"oss:Replicate*","Resource":"acs:oss:*:*:dst/*"}]}'
    create_policy(client, "no-dst", deny)
    attach(client, "no-dst", "srr-role")
    decision = ram.role_allows("srr-role", "oss:ReplicatePut", DST_OBJECT)
    assert not decision.allowed
    assert "explicitly denied by statement 1 of Custom policy no-dst" in decision.reason


def test_role_must_trust_oss(ram: RamService, client: Client) -> None:
    ecs_trust = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}'
    create_role(client, "ecs-role", trust=ecs_trust)
    attach(client, "AliyunOSSFullAccess", "ecs-role", "System")
    decision = ram.role_allows("ecs-role", "oss:ReplicateGet", SRC_OBJECT)
    assert not decision.allowed
    assert "does not trust oss.aliyuncs.com" in decision.reason


def test_role_without_policies(ram: RamService, client: Client) -> None:
    create_role(client, "bare")
    decision = ram.role_allows("bare", "oss:ReplicateGet", SRC_OBJECT)
    assert (decision.allowed, decision.reason) == (False, "role bare has no policies attached")


def test_default_version_switch_changes_the_decision(ram: RamService, client: Client) -> None:
    create_role(client, "srr-role")
    create_policy(client, "srr-policy", LEAST_PRIVILEGE)
    attach(client, "srr-policy", "srr-role")
    narrowed = LEAST_PRIVILEGE.replace('"oss:ReplicateDelete"', '"oss:ReplicateList"')
    client.create_policy_version(
        ram_models.CreatePolicyVersionRequest(
            policy_name="srr-policy", policy_document=narrowed, set_as_default=True
        )
    )
    assert not ram.role_allows("srr-role", "oss:ReplicateDelete", DST_OBJECT).allowed
    assert ram.role_allows("srr-role", "oss:ReplicatePut", DST_OBJECT).allowed


def test_state_survives_a_restart(tmp_path: Path, cloud_config: CloudConfig) -> None:
    path = tmp_path / "persist.db"
    first = Database(path)
    service = RamService(first, cloud_config)
    service.seed(with_aliyun_oss_role=True)
    first.close()
    second = Database(path)
    try:
        again = RamService(second, cloud_config)  # schema creation is idempotent
        assert again.role_allows("AliyunOSSRole", "oss:ReplicateGet", SRC_OBJECT).allowed
        with second.read() as conn:
            count = conn.execute("SELECT COUNT(*) FROM ram_policies").fetchone()[0]
        assert count == 4  # the system policies, not duplicated
    finally:
        second.close()
