"""How the dashboard words the search for rules: how far it got, what it found, the filter.
Pure: no Textual."""

from __future__ import annotations

from datetime import datetime

from srrtui.cloud.discovery import DiscoveryEnd, DiscoveryProgress


def buckets(count: int) -> str:
    return f"{count:,} bucket" if count == 1 else f"{count:,} buckets"


def progress_line(progress: DiscoveryProgress) -> str:
    """While searching: buckets read of those listed (a "+" while the list is still coming)."""
    more = "" if progress.listed else "+"
    return f"Checked {progress.read:,} of {progress.total:,}{more} buckets…"


def end_line(end: DiscoveryEnd, region: str, found_at: datetime | None) -> str:
    """After the search: every bucket was read (there is no cap), or when the cache was made."""
    if end.from_cache and found_at is not None:
        when = found_at.strftime("%H:%M:%S")
        return f"Rules as found at {when} in {buckets(end.total)}; r looks again."
    if end.cancelled:
        return f"Stopped after {end.read:,} of {buckets(end.total)}."
    if end.total == 1:
        return ""  # one bucket: nothing to count
    return f"Checked all {buckets(end.total)} of {region}."


def filter_line(shown: int, total: int, text: str) -> str:
    if not text.strip():
        return ""
    noun = "rule" if total == 1 else "rules"
    return f"Showing {shown:,} of {total:,} {noun}: buckets matching “{text.strip()}”."
