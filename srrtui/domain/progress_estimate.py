"""What historical replication has copied, in the units a person thinks in. OSS reports the
historical progress as a fraction only (GetBucketReplicationProgress ``HistoricalObject``); the
preflight counted the scope (objects and bytes), so fraction × scope is an estimate, and said
as one: objects differ in size, and the source changes while it runs."""

from __future__ import annotations

from srrtui.domain.words.sizes import human_bytes
from srrtui.domain.words.translate import _


def copied_estimate(fraction: float, objects: int, size: int, capped: bool = False) -> str:
    """E.g. 'Estimate: about 120 of 241 objects, 1.2 MiB of 2.4 MiB (from the fraction OSS
    reports and the scope counted at preflight).' "" when there is nothing to scale."""
    if objects <= 0:
        return ""
    share = min(max(fraction, 0.0), 1.0)
    at_least = _("at least ") if capped else ""
    return _(
        "Estimate: about {done} of {at_least}{objects} objects, {done_bytes} of {at_least}"
        "{size} (from the fraction OSS reports and the scope counted at preflight)."
    ).format(
        done=round(share * objects),
        objects=objects,
        done_bytes=human_bytes(round(share * size)),
        size=human_bytes(size),
        at_least=at_least,
    )
