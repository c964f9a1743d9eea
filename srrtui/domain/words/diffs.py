"""A page of ``srrtui diff`` (``srrtui.cloud.diff.DiffPage``) summed up in one sentence, for the
command and watch's diff view."""

from __future__ import annotations

from typing import Any

from srrtui.domain.replication_scope import DiffState
from srrtui.domain.words.translate import _, ngettext


def page_summary(page: Any) -> str:
    noun = ngettext("object", "objects", page.scanned)
    where = _("{count} {noun} of {bucket} compared with {destination}").format(
        count=page.scanned, noun=noun, bucket=page.bucket, destination=page.destination
    )
    if not page.entries:
        return _("nothing differs: {where}").format(where=where)
    pending = sum(e.state is DiffState.PENDING for e in page.entries)
    return _(
        "{differ} differ ({missing} missing, {different} different; {pending} not replicated "
        "yet, {never} will not be replicated): {where}"
    ).format(
        differ=len(page.entries),
        missing=page.missing,
        different=page.different,
        pending=pending,
        never=len(page.entries) - pending,
        where=where,
    )
