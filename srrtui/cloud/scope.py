"""What historical replication would copy now: a bounded count of the source's matching objects.

Listing is paged (ListObjects, 1,000 keys a page) and stops at ``max_objects``; a tag filter
needs one GetObjectTagging per candidate object, so those are capped by ``max_tag_lookups``.
When either cap is hit the numbers are lower bounds ("at least").

Not counted, because OSS does not replicate them (OSS "Replication: limits"): objects in the
Cold Archive and Deep Cold Archive storage classes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from srrtui.cloud.oss import OssAdapter
from srrtui.cloud.types import Scope
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.replication_scope import NOT_REPLICATED_CLASSES, tag_filter_matches
from srrtui.domain.words.sizes import human_bytes
from srrtui.domain.words.translate import _, ngettext


@dataclass(frozen=True)
class ScopeLimits:
    max_objects: int = 10_000
    max_tag_lookups: int = 1_000
    page_size: int = 1_000


def effective_prefixes(prefixes: Iterable[str]) -> list[str]:
    """The prefixes to list, without those inside another ('a/' covers 'a/b/'), so no object
    is listed (and counted) twice. No prefixes = the whole bucket."""
    unique = sorted(set(prefixes))
    if not unique:
        return [""]
    kept: list[str] = []
    for prefix in unique:  # sorted: a covering prefix comes before the prefixes it covers
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return kept


def count_scope(oss: OssAdapter, plan: ReplicationPlan, limits: ScopeLimits | None = None) -> Scope:
    limits = limits or ScopeLimits()
    if not plan.historical:
        return Scope(objects=0, bytes=0)
    objects = size = lookups = 0
    for prefix in effective_prefixes(plan.prefixes):
        for entry in oss.iter_objects(plan.source_bucket, prefix, page_size=limits.page_size):
            if objects >= limits.max_objects:
                return Scope(objects, size, capped=True)
            if entry.storage_class in NOT_REPLICATED_CLASSES:
                continue
            if plan.tag_filter.tags:
                if lookups >= limits.max_tag_lookups:
                    return Scope(objects, size, capped=True)
                lookups += 1
                if not tag_filter_matches(
                    plan.tag_filter, oss.object_tags(plan.source_bucket, entry.key)
                ):
                    continue
            objects += 1
            size += entry.size
    return Scope(objects, size)


def describe_scope(scope: Scope) -> str:
    at_least = _("at least ") if scope.capped else ""
    text = ngettext(
        "{at_least}{count} object ({at_least}{size})",
        "{at_least}{count} objects ({at_least}{size})",
        scope.objects,
    ).format(at_least=at_least, count=f"{scope.objects:,}", size=human_bytes(scope.bytes))
    if scope.capped:
        text += _("; the count stopped at its limit")
    return text
