"""SyncRole enforcement: a role without permission copies nothing and says why (log and admin
view); fixing its policy through the RAM SDK unblocks the rule."""

from __future__ import annotations

import json
import logging
import urllib.request

import pytest
from repl_helpers import (
    attach_custom,
    create_role,
    keys,
    put_rule,
    replication_policy,
    rule_state,
    wait_caught_up,
    wait_until,
)


def _admin_state(cloud) -> dict:  # noqa: ANN001
    request = urllib.request.Request(
        f"{cloud.endpoint}/-/admin/state", headers={"x-srrtui-admin-token": cloud.admin_token}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def test_role_without_permission_blocks_until_fixed(
    local_cloud, bucket, ram_client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="srrtui.localcloud")
    src, dst = bucket("role-src"), bucket("role-dst")
    for i in range(5):
        src.put_object(f"old-{i}", b"x")
    # Allowed to read the source, not to write the destination.
    create_role(ram_client, "half-role", replication_policy("role-src", "role-dst", put=False))
    rule_id = put_rule(src, "role-dst", sync_role="half-role")

    state = wait_until(
        lambda: (s := rule_state(local_cloud, "role-src", rule_id))["blocked"] and s,
        "the rule blocked",
    )
    assert "oss:ReplicatePut" in state["blocked"]
    assert "acs:oss:cn-hangzhou:" in state["blocked"] and "role-dst/" in state["blocked"]
    assert "half-role" in state["blocked"]
    assert state["copied"] == 0 and state["historical"]["done"] == 0
    assert keys(dst) == []
    (admin_rule,) = _admin_state(local_cloud)["replication"]["rules"]
    assert admin_rule["blocked"] == state["blocked"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("is blocked" in m and "oss:ReplicatePut" in m for m in warnings)
    assert not any("demo-secret" in r.getMessage() for r in caplog.records)

    # A write while blocked is not replicated: NewObject stays at its time.
    src.put_object("new-while-blocked", b"y")
    written = src.head_object("new-while-blocked").headers["Last-Modified"]
    progress = src.get_bucket_replication_progress(rule_id).progress
    assert progress.historical_object_progress == 0.0
    assert progress.new_object_progress == written

    # Fix the role: attach the destination grants. The engine rechecks and catches up.
    attach_custom(
        ram_client, "half-role", "half-role-fix", replication_policy("role-src", "role-dst")
    )
    state = wait_caught_up(local_cloud, "role-src", rule_id)
    assert state["blocked"] is None
    assert "oss:ReplicatePut" in state["last_error"]  # the last reason stays visible
    assert keys(dst) == keys(src)
    assert any("unblocked" in r.getMessage() for r in caplog.records)


def test_role_without_trust_copies_nothing(local_cloud, bucket, ram_client) -> None:
    from alibabacloud_ram20150501 import models as ram_models

    src, dst = bucket("trust-src"), bucket("trust-dst")
    src.put_object("a", b"x")
    untrusting = json.dumps(
        {
            "Version": "1",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "sts:AssumeRole",
                    "Principal": {"RAM": [f"acs:ram::{local_cloud.config.account_uid}:root"]},
                }
            ],
        }
    )
    ram_client.create_role(
        ram_models.CreateRoleRequest(role_name="user-role", assume_role_policy_document=untrusting)
    )
    ram_client.attach_policy_to_role(
        ram_models.AttachPolicyToRoleRequest(
            policy_type="System", policy_name="AliyunOSSFullAccess", role_name="user-role"
        )
    )
    rule_id = put_rule(src, "trust-dst", sync_role="user-role")
    state = wait_until(
        lambda: (s := rule_state(local_cloud, "trust-src", rule_id))["blocked"] and s,
        "the rule blocked",
    )
    assert "does not trust oss.aliyuncs.com" in state["blocked"]
    assert keys(dst) == []
