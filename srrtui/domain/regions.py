"""The regions OSS is offered in, as the OSS "Regions and endpoints" page lists them
(https://www.alibabacloud.com/help/en/oss/user-guide/regions-and-endpoints: public cloud and
finance cloud; region ID and name). Used by the wizard's region picker and by ``plan check``,
which refuses a region id that is not one of these. A region OSS adds later is one line here."""

from __future__ import annotations

import re
from collections.abc import Iterable

from srrtui.domain.words.translate import N_

# What a region id looks like (cn-hangzhou, ap-southeast-1, us-west-1): a region newer than the
# list below passes this, a typo like "Hangzhou" does not.
REGION_ID_SHAPE = re.compile(r"^[a-z]{2,}(-[a-z0-9]+)+$")

# (region id, name), in the page's order. The names are shown through the catalog: in Chinese
# as the Chinese console and documentation name them (sources in docs/glossary-zh.md).
OSS_REGIONS: tuple[tuple[str, str], ...] = (
    ("cn-hangzhou", N_("China (Hangzhou)")),
    ("cn-shanghai", N_("China (Shanghai)")),
    ("cn-nanjing", N_("China (Nanjing - Local Region)")),
    ("cn-fuzhou", N_("China (Fuzhou - Local Region)")),
    ("cn-wuhan-lr", N_("China (Wuhan - Local Region)")),
    ("cn-qingdao", N_("China (Qingdao)")),
    ("cn-beijing", N_("China (Beijing)")),
    ("cn-zhangjiakou", N_("China (Zhangjiakou)")),
    ("cn-huhehaote", N_("China (Hohhot)")),
    ("cn-wulanchabu", N_("China (Ulanqab)")),
    ("cn-shenzhen", N_("China (Shenzhen)")),
    ("cn-heyuan", N_("China (Heyuan)")),
    ("cn-guangzhou", N_("China (Guangzhou)")),
    ("cn-chengdu", N_("China (Chengdu)")),
    ("cn-zhongwei", N_("China (Zhongwei)")),
    ("cn-hongkong", N_("China (Hong Kong)")),
    ("ap-northeast-1", N_("Japan (Tokyo)")),
    ("ap-northeast-2", N_("South Korea (Seoul)")),
    ("ap-southeast-1", N_("Singapore")),
    ("ap-southeast-3", N_("Malaysia (Kuala Lumpur)")),
    ("ap-southeast-5", N_("Indonesia (Jakarta)")),
    ("ap-southeast-6", N_("Philippines (Manila)")),
    ("ap-southeast-7", N_("Thailand (Bangkok)")),
    ("eu-central-1", N_("Germany (Frankfurt)")),
    ("eu-west-1", N_("UK (London)")),
    ("us-west-1", N_("US (Silicon Valley)")),
    ("us-east-1", N_("US (Virginia)")),
    ("na-south-1", N_("Mexico")),
    ("me-east-1", N_("UAE (Dubai)")),
    ("me-central-1", N_("SAU (Riyadh - Partner Region)")),
    ("cn-hangzhou-finance", N_("China East 1 Finance")),
    ("cn-shanghai-finance-1", N_("China East 2 Finance")),
    ("cn-shenzhen-finance-1", N_("China South 1 Finance")),
    ("cn-beijing-finance-1", N_("China North 2 Finance")),
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
