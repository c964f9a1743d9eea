"""Syntax checks for the names the plan carries. Each returns a message, or None when valid."""

from __future__ import annotations

import re

from srrtui.domain import limits, regions

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
        return "choose a bucket"
    if not limits.BUCKET_NAME_MIN <= len(name) <= limits.BUCKET_NAME_MAX:
        return (
            f"bucket names are {limits.BUCKET_NAME_MIN}-{limits.BUCKET_NAME_MAX} characters "
            f"(this one has {len(name)})"
        )
    if not _BUCKET.fullmatch(name):
        return (
            "bucket names use lowercase letters, digits and hyphens, "
            "and start and end with a letter or digit"
        )
    return None


def region_problem(region: str) -> str | None:
    if not region:
        return "choose a region, e.g. cn-hangzhou"
    if region.startswith("oss-"):
        return f"use the region id {region.removeprefix('oss-')!r}, not the OSS location"
    if not _REGION.fullmatch(region):
        return f"{region!r} is not a region id (e.g. cn-hangzhou, ap-southeast-1)"
    if not regions.is_known_region(region):
        return f"{region!r} is not an OSS region; known regions: {regions.known_regions_text()}"
    return None


def role_name_problem(name: str) -> str | None:
    if not name:
        return "enter the RAM role's name"
    if len(name) > limits.ROLE_NAME_MAX:
        return f"RAM role names are at most {limits.ROLE_NAME_MAX} characters"
    if not _ROLE.fullmatch(name):
        return "RAM role names use letters, digits, '.' and '-'"
    return None


def tag_text_problem(text: str, what: str, maximum: int) -> str | None:
    if what == "key" and not text:
        return "a tag key cannot be empty"
    if len(text) > maximum:
        return f"a tag {what} is at most {maximum} characters (this one has {len(text)})"
    if not _TAG_CHARS.fullmatch(text):
        return f"a tag {what} may use letters, digits, space and + - = . _ : /"
    return None


def cmk_id_problem(cmk_id: str) -> str | None:
    if not cmk_id:
        return "enter the KMS key (CMK) ID used to encrypt replicas"
    if not _CMK.fullmatch(cmk_id):
        return f"{cmk_id!r} is not a KMS key ID, alias/NAME or key ARN"
    return None


def cmk_arn_region(cmk_id: str) -> str | None:
    """The region a key ARN names (``acs:kms:REGION:ACCOUNT:key/ID``); None for a key ID or an
    alias, which name no region (they are looked up in the buckets' region)."""
    found = _CMK_ARN.fullmatch(cmk_id)
    return found.group("region") if found else None
