"""How the dashboard words the search for rules: how far it got, what it found, the filter.
Pure: no Textual."""

from __future__ import annotations

from datetime import datetime

from srrtui.cloud.discovery import DiscoveryEnd, DiscoveryProgress
from srrtui.domain.words.translate import _, ngettext


def buckets(count: int) -> str:
    return ngettext("{count} bucket", "{count} buckets", count).format(count=f"{count:,}")


def progress_line(progress: DiscoveryProgress) -> str:
    """While searching: buckets read of those listed (a "+" while the list is still coming)."""
    more = "" if progress.listed else "+"
    return _("Checked {read} of {total}{more} buckets…").format(
        read=f"{progress.read:,}", total=f"{progress.total:,}", more=more
    )


def end_line(end: DiscoveryEnd, region: str, found_at: datetime | None) -> str:
    """After the search: every bucket was read (there is no cap), or when the cache was made."""
    if end.from_cache and found_at is not None:
        when = found_at.strftime("%H:%M:%S")
        return _("Rules as found at {time} in {buckets}; r looks again.").format(
            time=when, buckets=buckets(end.total)
        )
    if end.cancelled:
        return _("Stopped after {read} of {buckets}.").format(
            read=f"{end.read:,}", buckets=buckets(end.total)
        )
    if end.total == 1:
        return ""  # one bucket: nothing to count
    return _("Checked all {buckets} of {region}.").format(buckets=buckets(end.total), region=region)


def filter_line(shown: int, total: int, text: str) -> str:
    if not text.strip():
        return ""
    return ngettext(
        "Showing {shown} of {total} rule: buckets matching “{text}”.",
        "Showing {shown} of {total} rules: buckets matching “{text}”.",
        total,
    ).format(shown=f"{shown:,}", total=f"{total:,}", text=text.strip())
