"""Limits and region facts the API reference states (docs/oss-replication.md).

Sources: Alibaba Cloud PutBucketReplication reference (document 181408, revised March 2026) and
the OSS "regions and endpoints" page for region ids.
"""

from __future__ import annotations

from dataclasses import dataclass

PREFIX_LIMIT = 10  # per rule; support can raise it
RAISED_PREFIX_LIMIT = 100
PREFIX_MAX_BYTES = 1023
TAG_LIMIT = 10
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256
RULES_PER_BUCKET = 100  # counting the bucket as source or destination
ROLE_NAME_MAX = 64
POLICY_NAME_MAX = 128
POLICY_DOCUMENT_MAX_BYTES = 6144
# RAM "Limitations" page (alibabacloud.com/help/en/ram/product-overview/limits, Dec 2025): "The
# number of custom policies that can be attached to a RAM role: 10" (adjustable on request).
CUSTOM_POLICIES_PER_ROLE = 10
BUCKET_NAME_MIN = 3
BUCKET_NAME_MAX = 63

# Regions where the object-tag filter is not offered: China (Zhangjiakou), China (Zhongwei),
# Mexico, and the finance-cloud regions of Shenzhen and Shanghai. Mexico's region id is
# na-south-1 (OSS regions-and-endpoints page).
TAG_FILTER_UNSUPPORTED_REGIONS: frozenset[str] = frozenset(
    {
        "cn-zhangjiakou",
        "cn-zhongwei",
        "na-south-1",
        "cn-shenzhen-finance-1",
        "cn-shanghai-finance-1",
    }
)


@dataclass(frozen=True)
class Quotas:
    """Per-account limits a user may have had raised by support."""

    prefix_limit: int = PREFIX_LIMIT

    def __post_init__(self) -> None:
        if not 1 <= self.prefix_limit <= RAISED_PREFIX_LIMIT:
            raise ValueError(f"prefix_limit must be 1..{RAISED_PREFIX_LIMIT}")


def tag_filter_supported(region: str) -> bool:
    return region not in TAG_FILTER_UNSUPPORTED_REGIONS
