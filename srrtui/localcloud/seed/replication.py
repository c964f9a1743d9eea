"""The demo seed's replication part: one rule with progress to watch.

``demo-photos`` -> ``demo-photos-backup`` (same region), Action PUT, historical replication on,
SyncRole AliyunOSSRole (seeded with AliyunOSSFullAccess). The rule ID is fixed so screens and
snapshot tests show no random id. It replicates the ~1,200 photos and documents that existed when
it was created (a visible minute at the default 20 objects/s); the SSE-KMS object is left out
because the rule does not replicate SSE-KMS objects, which is the point of seeding one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from srrtui.domain.plan import ALIYUN_OSS_ROLE, DeleteMode
from srrtui.domain.rules import RuleConfig

if TYPE_CHECKING:
    from srrtui.localcloud.seed.target import SeedTarget

DEMO_RULE_ID = "demo-photos-to-backup"


def demo_rule(region: str, destination: str) -> RuleConfig:
    return RuleConfig(
        rule_id=DEMO_RULE_ID,
        action=DeleteMode.PUT_ONLY,
        destination_bucket=destination,
        destination_location=f"oss-{region}",
        historical=True,
        sync_role=ALIYUN_OSS_ROLE,
    )


def seed_demo_rules(cloud: SeedTarget, source: str, destination: str) -> None:
    if cloud.replication is None:
        return
    cloud.replication.add_rule(source, demo_rule(cloud.config.region, destination))
