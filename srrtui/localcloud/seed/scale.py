"""A large account for the watch tests and benchmarks: ``buckets`` buckets (``bucket-00000``
...) with ``rules`` replication rules spread evenly over them, written straight into the store
(10,000 PutBucket requests over HTTP would take minutes and measure nothing of interest;
through the store it is about two seconds)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from srrtui.domain.plan import ALIYUN_OSS_ROLE, DeleteMode
from srrtui.domain.rules import RuleConfig

if TYPE_CHECKING:
    from srrtui.localcloud.seed.target import SeedTarget


def bucket_name(index: int) -> str:
    return f"bucket-{index:05d}"


def rule_sources(buckets: int, rules: int) -> list[str]:
    """The buckets that get a rule: evenly spaced, the first one a stride in (not bucket 0, so
    the first rule is not simply the first bucket read)."""
    stride = max(1, buckets // max(1, rules))
    return [bucket_name(stride - 1 + i * stride) for i in range(rules)]


def seed_scale(cloud: SeedTarget, buckets: int, rules: int) -> list[str]:
    """Returns the buckets with a rule (each replicates to the bucket after it)."""
    assert cloud.store is not None and cloud.replication is not None, "start the cloud first"
    region, owner = cloud.config.region, cloud.config.account_uid
    for index in range(buckets):  # ~0.2 ms each through the store
        cloud.store.create_bucket(bucket_name(index), region=region, owner=owner)
    sources = rule_sources(buckets, rules)
    for source in sources:
        destination = bucket_name((int(source.rsplit("-", 1)[1]) + 1) % buckets)
        rule = RuleConfig(
            rule_id=f"{source}-to-{destination}",
            action=DeleteMode.PUT_ONLY,
            destination_bucket=destination,
            destination_location=f"oss-{region}",
            historical=False,
            sync_role=ALIYUN_OSS_ROLE,
        )
        cloud.replication.add_rule(source, rule)
    return sources
