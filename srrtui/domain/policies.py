"""RAM documents for the replication role: its least-privilege permission policy and the trust
policy that lets OSS assume it.

The OSS statements are the console's fine-grained policy for a new ``oss-replication-{uuid}``
role (the SRR/CRR "same account" user guides): ReplicateList/ReplicateGet on the source bucket
and its objects; ReplicateList/Get/Put/Delete on the destination bucket and its objects.

KMS: for SSE-KMS replication the console attaches AliyunKMSCryptoUserAccess (kms:Encrypt,
kms:Decrypt, kms:GenerateDataKey, GenerateDataKeyWithoutPlaintext and asymmetric operations on
``*``; RAM reference "AliyunKMSCryptoUserAccess", and the OSS "same-region replication within
the same account" guide). Replication only needs the symmetric envelope operations from it:
- kms:Decrypt to read source objects. They may be encrypted with any CMK the source bucket or
  its writers chose, which the plan cannot know, so this is scoped to the region's keys
  (``acs:kms:<region>:*:key/*``; SSE-KMS keys live in the bucket's region);
- kms:Encrypt and kms:GenerateDataKey to encrypt replicas, scoped to the replica CMK alone.
KMS resource ARNs are ``acs:kms:${region}:${account}:key/${key-id}`` (KMS "Use RAM to control
access to KMS resources"). kms:DescribeKey is not granted: the console's policy works without it.
"""

from __future__ import annotations

import json
from typing import Any

from srrtui.domain import limits
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.words.translate import _

POLICY_VERSION = "1"
OSS_SERVICE_PRINCIPAL = "oss.aliyuncs.com"
SOURCE_ACTIONS = ("oss:ReplicateList", "oss:ReplicateGet")
DESTINATION_ACTIONS = (
    "oss:ReplicateList",
    "oss:ReplicateGet",
    "oss:ReplicatePut",
    "oss:ReplicateDelete",
)
KMS_READ_ACTIONS = ("kms:Decrypt",)
KMS_WRITE_ACTIONS = ("kms:Encrypt", "kms:GenerateDataKey")

Policy = dict[str, Any]


class PolicyTooLarge(ValueError):
    """RAM refuses policy documents over 6144 bytes."""


def replication_policy(plan: ReplicationPlan) -> Policy:
    """The least-privilege permission policy for the role OSS assumes to replicate this plan."""
    statements: list[dict[str, Any]] = [
        _allow(SOURCE_ACTIONS, _bucket_resources(plan.source_bucket)),
        _allow(DESTINATION_ACTIONS, _bucket_resources(plan.destination_bucket)),
    ]
    if plan.kms.replicate:
        region = plan.effective_destination_region
        statements.append(_allow(KMS_READ_ACTIONS, [f"acs:kms:{region}:*:key/*"]))
        statements.append(_allow(KMS_WRITE_ACTIONS, [kms_key_resource(plan.kms.cmk_id, region)]))
    return {"Version": POLICY_VERSION, "Statement": statements}


def role_description(plan: ReplicationPlan) -> str:
    """The description srrtui gives a role it creates (apply and every export alike)."""
    return f"srrtui: OSS replication {plan.source_bucket} -> {plan.destination_bucket}"


def shared_role_description(region: str) -> str:
    """The description of the one new role ``srrtui apply`` shares among a region's plans."""
    return f"srrtui: OSS replication in {region}, shared by the plans srrtui apply enables"


def policy_description(plan: ReplicationPlan) -> str:
    """The description srrtui gives the least-privilege policy it creates."""
    return f"srrtui: replicate {plan.source_bucket} -> {plan.destination_bucket}"


def kms_key_resource(cmk_id: str, region: str) -> str:
    """The RAM resource for a CMK given as a key ID, a key ARN or ``alias/NAME``.

    RAM authorises cryptographic calls against the key, not the alias, and an alias cannot be
    resolved offline, so an alias falls back to the region's keys; give the key ID for the
    narrowest policy."""
    if cmk_id.startswith("acs:kms:"):
        return cmk_id
    if cmk_id.startswith("alias/"):
        return f"acs:kms:{region}:*:key/*"
    return f"acs:kms:{region}:*:key/{cmk_id}"


def trust_policy() -> Policy:
    """The trust policy of an OSS service role: only OSS may assume it."""
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": {"Service": [OSS_SERVICE_PRINCIPAL]},
            }
        ],
    }


def policy_json(plan: ReplicationPlan, *, indent: int | None = 2) -> str:
    """The permission policy as JSON (indented for people; ``indent=None`` for the compact
    document srrtui sends). Raises PolicyTooLarge when RAM would refuse it."""
    return document_json(replication_policy(plan), indent=indent)


def trust_policy_json(*, indent: int | None = 2) -> str:
    return document_json(trust_policy(), indent=indent)


def document_json(document: Policy, *, indent: int | None = 2) -> str:
    """Deterministic JSON for a RAM document. The size limit is checked on the compact form,
    the one srrtui submits, whatever ``indent`` asks for display."""
    compact = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    size = len(compact.encode("utf-8"))
    if size > limits.POLICY_DOCUMENT_MAX_BYTES:
        raise PolicyTooLarge(
            _("the policy document is {size} bytes; RAM accepts at most {limit}").format(
                size=size, limit=limits.POLICY_DOCUMENT_MAX_BYTES
            )
        )
    if indent is None:
        return compact
    return json.dumps(document, indent=indent, ensure_ascii=False) + "\n"


def _allow(actions: tuple[str, ...], resources: list[str]) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": list(actions), "Resource": resources}


def _bucket_resources(bucket: str) -> list[str]:
    return [f"acs:oss:*:*:{bucket}", f"acs:oss:*:*:{bucket}/*"]
