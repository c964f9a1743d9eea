"""A page of ``srrtui diff`` (``srrtui.cloud.diff.DiffPage``) summed up in one sentence, for the
command and watch's diff view."""

from __future__ import annotations

from typing import Any

from srrtui.domain.replication_scope import Difference, DiffState
from srrtui.domain.words.translate import _, ngettext


def page_summary(page: Any) -> str:
    """About the objects in the rule's scope (those outside it are counted on their own)."""
    noun = ngettext("object", "objects", page.scanned)
    where = _("{count} {noun} of {bucket} compared with {destination}").format(
        count=page.scanned, noun=noun, bucket=page.bucket, destination=page.destination
    )
    entries = [e for e in page.entries if getattr(e, "in_scope", True)]
    if not entries:
        return _("nothing in the rule's scope differs: {where}").format(where=where)
    missing = sum(e.difference is Difference.MISSING for e in entries)
    pending = sum(e.state is DiffState.PENDING for e in entries)
    return _(
        "{differ} differ ({missing} missing, {different} different; {pending} not replicated "
        "yet, {never} will not be replicated): {where}"
    ).format(
        differ=len(entries),
        missing=missing,
        different=len(entries) - missing,
        pending=pending,
        never=len(entries) - pending,
        where=where,
    )


def out_of_scope_line(count: int, *, listed: bool) -> str:
    """The objects the rule is not meant to copy (its filter, OSS's limits): counted apart."""
    noun = ngettext("object", "objects", count)
    if listed:
        return _("outside the rule's scope ({count} {noun}, not counted):").format(
            count=count, noun=noun
        )
    return _(
        "{count} {noun} outside the rule's scope not listed (expected to differ, not counted; "
        "--all lists them)"
    ).format(count=count, noun=noun)
