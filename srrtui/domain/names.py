"""Syntax checks for the names the plan carries. Each returns a message, or None when valid."""

from __future__ import annotations

import re

from srrtui.domain import limits, regions
from srrtui.domain.words.translate import N_, _

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
_ROLE = re.compile(r"^[A-Za-z0-9.-]+$")
_REGION = re.compile(r"^[a-z]{2,}(-[a-z0-9]+)+$")
# Object tags: letters, digits, space and + - = . _ : / (OSS object tagging documentation).
_TAG_CHARS = re.compile(r"^[A-Za-z0-9 +\-=._:/]*$")
# A CMK ID is a key id (UUID or key-xxxx) or an alias (alias/name) or a key ARN.
_CMK = re.compile(
    r"^(alias/[A-Za-z0-9:/_-]+|acs:kms:[a-z0-9-]+:\d+:key/[A-Za-z0-9-]+|[A-Za-z0-9-]+)$"
)
_CMK_ARN = re.compile(r"^acs:kms:(?P<region>[a-z0-9-]+):\d+:key/[A-Za-z0-9-]+$")


def bucket_name_problem(name: str) -> str | None:
    if not name:
        return _("choose a bucket")
    if not limits.BUCKET_NAME_MIN <= len(name) <= limits.BUCKET_NAME_MAX:
        return _("bucket names are {low}-{high} characters (this one has {length})").format(
            low=limits.BUCKET_NAME_MIN, high=limits.BUCKET_NAME_MAX, length=len(name)
        )
    if not _BUCKET.fullmatch(name):
        return _(
            "bucket names use lowercase letters, digits and hyphens, "
            "and start and end with a letter or digit"
        )
    return None


def region_problem(region: str) -> str | None:
    if not region:
        return _("choose a region, e.g. cn-hangzhou")
    if region.startswith("oss-"):
        return _("use the region id {region!r}, not the OSS location").format(
            region=region.removeprefix("oss-")
        )
    if not _REGION.fullmatch(region):
        return _("{region!r} is not a region id (e.g. cn-hangzhou, ap-southeast-1)").format(
            region=region
        )
    if not regions.is_known_region(region):
        return _("{region!r} is not an OSS region; known regions: {known}").format(
            region=region, known=regions.known_regions_text()
        )
    return None


def role_name_problem(name: str) -> str | None:
    if not name:
        return _("enter the RAM role's name")
    if len(name) > limits.ROLE_NAME_MAX:
        return _("RAM role names are at most {limit} characters").format(limit=limits.ROLE_NAME_MAX)
    if not _ROLE.fullmatch(name):
        return _("RAM role names use letters, digits, '.' and '-'")
    return None


# A tag's key and value, each in whole sentences (the words differ around them in Chinese).
TOO_LONG = {
    "key": N_("a tag key is at most {limit} characters (this one has {length})"),
    "value": N_("a tag value is at most {limit} characters (this one has {length})"),
}
BAD_CHARACTERS = {
    "key": N_("a tag key may use letters, digits, space and + - = . _ : /"),
    "value": N_("a tag value may use letters, digits, space and + - = . _ : /"),
}


def tag_text_problem(text: str, what: str, maximum: int) -> str | None:
    if what == "key" and not text:
        return _("a tag key cannot be empty")
    if len(text) > maximum:
        return _(TOO_LONG[what]).format(limit=maximum, length=len(text))
    if not _TAG_CHARS.fullmatch(text):
        return _(BAD_CHARACTERS[what])
    return None


def cmk_id_problem(cmk_id: str) -> str | None:
    if not cmk_id:
        return _("enter the KMS key (CMK) ID used to encrypt replicas")
    if not _CMK.fullmatch(cmk_id):
        return _("{key!r} is not a KMS key ID, alias/NAME or key ARN").format(key=cmk_id)
    return None


def cmk_arn_region(cmk_id: str) -> str | None:
    """The region a key ARN names (``acs:kms:REGION:ACCOUNT:key/ID``); None for a key ID or an
    alias, which name no region (they are looked up in the buckets' region)."""
    found = _CMK_ARN.fullmatch(cmk_id)
    return found.group("region") if found else None
