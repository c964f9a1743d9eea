"""Helpers for the replication tests: rules through oss2's signed request path, RAM roles
through the RAM SDK, and waiting on conditions with a deadline (never a fixed sleep)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TypeVar

import oss2
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi.models import Config

from srrtui.domain.plan import DeleteMode, Tag, TagFilter, TagMatch
from srrtui.domain.replication_xml import render_rule
from srrtui.domain.rules import RuleConfig
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

T = TypeVar("T")
OSS_TRUST = json.dumps(
    {
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": {"Service": ["oss.aliyuncs.com"]},
            }
        ],
    }
)


def bucket_on(cloud: LocalCloud, name: str, *, create: bool = True, versioned: bool = False):  # noqa: ANN201
    bucket = oss2.Bucket(
        oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET), cloud.endpoint, name
    )
    if create:
        bucket.create_bucket()
        if versioned:
            config = oss2.models.BucketVersioningConfig()
            config.status = oss2.BUCKET_VERSIONING_ENABLE
            bucket.put_bucket_versioning(config)
    return bucket


def ram_client_for(cloud: LocalCloud) -> RamClient:
    return RamClient(
        Config(
            access_key_id=DEMO_ACCESS_KEY_ID,
            access_key_secret=DEMO_ACCESS_KEY_SECRET,
            endpoint=f"127.0.0.1:{cloud.port}",
            protocol="http",
        )
    )


def wait_until(check: Callable[[], T], what: str, timeout: float = 10.0) -> T:
    """Poll ``check`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.01)


def put_rule(
    bucket: oss2.Bucket,
    destination: str,
    *,
    rule_id: str = "",
    prefixes: tuple[str, ...] = (),
    action: DeleteMode = DeleteMode.PUT_ONLY,
    historical: bool = True,
    sync_role: str = "",
    tags: tuple[tuple[str, str], ...] = (),
    match: TagMatch = TagMatch.ALL,
    kms_key: str = "",
    location: str = "oss-cn-hangzhou",
) -> str:
    """PutBucketReplication with the domain layer's body (tag filters included), sent through
    oss2's signed request path as srrtui.cloud.oss does. Returns the rule-id header."""
    rule = RuleConfig(
        rule_id=rule_id,
        prefixes=prefixes,
        action=action,
        destination_bucket=destination,
        destination_location=location,
        historical=historical,
        sync_role=sync_role,
        replicate_sse_kms=bool(kms_key),
        replica_kms_key_id=kms_key,
        tag_filter=TagFilter(tuple(Tag(k, v) for k, v in tags), match, bool(tags)),
    )
    data = render_rule(rule).encode("utf-8")
    headers = {"Content-MD5": oss2.utils.content_md5(data), "Content-Type": "application/xml"}
    params = {"replication": "", "comp": "add"}
    resp = bucket._do("POST", bucket.bucket_name, "", params=params, data=data, headers=headers)  # noqa: SLF001
    resp.read()
    return resp.headers["x-oss-replication-rule-id"]


def rule_state(cloud: LocalCloud, source: str, rule_id: str) -> dict:
    state = cloud.replication.rule_state(source, rule_id)
    assert state is not None, f"no rule {rule_id} on {source}"
    return state


def caught_up(cloud: LocalCloud, source: str, rule_id: str) -> dict | None:
    """The rule's admin state once it is doing, every event processed and history done."""
    state = cloud.replication.rule_state(source, rule_id)
    if state is None or state["status"] != "doing" or state["pending_events"]:
        return None
    history = state["historical"]
    return state if history["done"] == history["total"] else None


def wait_caught_up(cloud: LocalCloud, source: str, rule_id: str, timeout: float = 10.0) -> dict:
    return wait_until(lambda: caught_up(cloud, source, rule_id), f"rule {rule_id}", timeout)


def keys(bucket: oss2.Bucket) -> list[str]:
    return sorted(obj.key for obj in oss2.ObjectIterator(bucket))


def create_role(
    ram: RamClient, name: str, policy: dict | None, system: tuple[str, ...] = ()
) -> None:
    """A role trusting OSS, with a custom policy (named ``<name>-policy``) and system policies."""
    ram.create_role(
        ram_models.CreateRoleRequest(role_name=name, assume_role_policy_document=OSS_TRUST)
    )
    if policy is not None:
        attach_custom(ram, name, f"{name}-policy", policy)
    for system_policy in system:
        ram.attach_policy_to_role(
            ram_models.AttachPolicyToRoleRequest(
                policy_type="System", policy_name=system_policy, role_name=name
            )
        )


def attach_custom(ram: RamClient, role: str, policy_name: str, policy: dict) -> None:
    ram.create_policy(
        ram_models.CreatePolicyRequest(policy_name=policy_name, policy_document=json.dumps(policy))
    )
    ram.attach_policy_to_role(
        ram_models.AttachPolicyToRoleRequest(
            policy_type="Custom", policy_name=policy_name, role_name=role
        )
    )


def replication_policy(source: str, destination: str, *, put: bool = True) -> dict:
    """The least-privilege replication policy (OSS "Required permissions for data
    replication"); without ``put`` the destination grants are left out."""
    statements = [
        {
            "Effect": "Allow",
            "Action": ["oss:ReplicateList", "oss:ReplicateGet"],
            "Resource": [f"acs:oss:*:*:{source}", f"acs:oss:*:*:{source}/*"],
        }
    ]
    if put:
        statements.append(
            {
                "Effect": "Allow",
                "Action": [
                    "oss:ReplicateList",
                    "oss:ReplicateGet",
                    "oss:ReplicatePut",
                    "oss:ReplicateDelete",
                ],
                "Resource": [f"acs:oss:*:*:{destination}", f"acs:oss:*:*:{destination}/*"],
            }
        )
    return {"Version": "1", "Statement": statements}
