"""The regions OSS is offered in, as the OSS "Regions and endpoints" page lists them
(https://www.alibabacloud.com/help/en/oss/user-guide/regions-and-endpoints: public cloud and
finance cloud; region ID and name). Used by the wizard's region picker and by ``plan check``,
which refuses a region id that is not one of these. A region OSS adds later is one line here."""

from __future__ import annotations

import re
from collections.abc import Iterable

# What a region id looks like (cn-hangzhou, ap-southeast-1, us-west-1): a region newer than the
# list below passes this, a typo like "Hangzhou" does not.
REGION_ID_SHAPE = re.compile(r"^[a-z]{2,}(-[a-z0-9]+)+$")

# (region id, name), in the page's order.
OSS_REGIONS: tuple[tuple[str, str], ...] = (
    ("cn-hangzhou", "China (Hangzhou)"),
    ("cn-shanghai", "China (Shanghai)"),
    ("cn-nanjing", "China (Nanjing - Local Region)"),
    ("cn-fuzhou", "China (Fuzhou - Local Region)"),
    ("cn-wuhan-lr", "China (Wuhan - Local Region)"),
    ("cn-qingdao", "China (Qingdao)"),
    ("cn-beijing", "China (Beijing)"),
    ("cn-zhangjiakou", "China (Zhangjiakou)"),
    ("cn-huhehaote", "China (Hohhot)"),
    ("cn-wulanchabu", "China (Ulanqab)"),
    ("cn-shenzhen", "China (Shenzhen)"),
    ("cn-heyuan", "China (Heyuan)"),
    ("cn-guangzhou", "China (Guangzhou)"),
    ("cn-chengdu", "China (Chengdu)"),
    ("cn-zhongwei", "China (Zhongwei)"),
    ("cn-hongkong", "China (Hong Kong)"),
    ("ap-northeast-1", "Japan (Tokyo)"),
    ("ap-northeast-2", "South Korea (Seoul)"),
    ("ap-southeast-1", "Singapore"),
    ("ap-southeast-3", "Malaysia (Kuala Lumpur)"),
    ("ap-southeast-5", "Indonesia (Jakarta)"),
    ("ap-southeast-6", "Philippines (Manila)"),
    ("ap-southeast-7", "Thailand (Bangkok)"),
    ("eu-central-1", "Germany (Frankfurt)"),
    ("eu-west-1", "UK (London)"),
    ("us-west-1", "US (Silicon Valley)"),
    ("us-east-1", "US (Virginia)"),
    ("na-south-1", "Mexico"),
    ("me-east-1", "UAE (Dubai)"),
    ("me-central-1", "SAU (Riyadh - Partner Region)"),
    ("cn-hangzhou-finance", "China East 1 Finance"),
    ("cn-shanghai-finance-1", "China East 2 Finance"),
    ("cn-shenzhen-finance-1", "China South 1 Finance"),
    ("cn-beijing-finance-1", "China North 2 Finance"),
)

REGION_IDS: frozenset[str] = frozenset(region for region, _name in OSS_REGIONS)


def is_known_region(region: str) -> bool:
    return region in REGION_IDS


def looks_like_region_id(text: str) -> bool:
    return REGION_ID_SHAPE.match(text) is not None


def region_name(region: str) -> str:
    return dict(OSS_REGIONS).get(region, region)


def known_regions_text() -> str:
    """The ids, for a message that refuses an unknown one."""
    return ", ".join(region for region, _name in OSS_REGIONS)


def regions_to_offer(with_buckets: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The regions for a picker: those where the account has buckets first (when that could be
    read), then every other region OSS is offered in. Unknown ids with buckets (a region newer
    than this list) are kept, so nobody is stuck."""
    having = list(dict.fromkeys(with_buckets))
    first = [(region, region_name(region)) for region in having]
    rest = [(region, name) for region, name in OSS_REGIONS if region not in having]
    return first + rest
