"""KMS through srrtui's adapter (the real OpenAPI client) against the local cloud's KMS.

The keys are added to the local cloud directly; every call goes over loopback HTTP, signed.
"""

from __future__ import annotations

from typing import Any

import pytest

from srrtui.cloud.kms import KmsAdapter
from srrtui.cloud.retry import RetryPolicy
from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import CheckStatus, CloudError, Connection, KmsKey
from srrtui.domain.plan import KmsChoice, ReplicationPlan
from srrtui.localcloud import LocalCloud

KEYS = {
    "key-disabled": ("Disabled", "retired"),
    "key-enabled": ("Enabled", "replica key"),
    "key-pending": ("PendingDeletion", ""),
}


@pytest.fixture
def kms(local_cloud: LocalCloud, session: CloudSession) -> KmsAdapter:
    assert local_cloud.kms is not None
    for day, (key_id, (state, description)) in enumerate(KEYS.items(), start=1):
        local_cloud.kms.add_key(
            key_id,
            state=state,
            description=description,
            creation_date=f"2025-01-0{day}T00:00:00Z",  # ListKeys lists in creation order
            delete_date="2025-02-01T00:00:00Z" if state == "PendingDeletion" else "",
        )
    return session.kms


def test_lists_keys_with_state_and_description(kms: KmsAdapter) -> None:
    assert kms.list_keys() == [
        KmsKey("key-disabled", "Disabled", "retired"),
        KmsKey("key-enabled", "Enabled", "replica key"),
        KmsKey("key-pending", "PendingDeletion", ""),
    ]


def test_a_missing_key_is_none(kms: KmsAdapter) -> None:
    assert kms.describe_key("key-missing") is None


def test_listing_failure_says_it_could_not_list(policy: RetryPolicy) -> None:
    unreachable = Connection("http://127.0.0.1:9", "cn-hangzhou", "ak", "sk")
    with pytest.raises(CloudError) as raised:
        KmsAdapter(unreachable, policy=policy).list_keys()
    assert raised.value.code == "NetworkError"
    assert raised.value.message.startswith("could not list keys: ")


@pytest.mark.parametrize(
    ("cmk", "status", "title"),
    [
        ("key-enabled", CheckStatus.PASS, "the KMS key key-enabled is enabled"),
        ("key-disabled", CheckStatus.FAIL, "the KMS key key-disabled is Disabled"),
        ("key-pending", CheckStatus.FAIL, "the KMS key key-pending is PendingDeletion"),
        ("key-missing", CheckStatus.FAIL, "the KMS key key-missing does not exist"),
    ],
)
def test_preflight_checks_the_replica_key(
    session: CloudSession,
    kms: KmsAdapter,
    buckets: tuple[Any, Any],
    plan: ReplicationPlan,
    cmk: str,
    status: CheckStatus,
    title: str,
) -> None:
    report = session.preflight(plan.with_changes(kms=KmsChoice(True, cmk)))
    assert [(line.status, line.title) for line in report.lines if "KMS key" in line.title] == [
        (status, title)
    ]
