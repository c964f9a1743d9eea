"""What the source step's bucket filter knows and how it says it: the pages listed so far, and
the buckets that a server-side search by name prefix found. Pure: no Textual, no IO.

ListBuckets can only search by name *prefix*, so the filter works in two ways at once: every
key filters the buckets already loaded by *substring* at once, and (debounced, in a worker)
asks the server for every bucket whose name *starts with* the text. The words on screen say
which is which, so "no match" never reads as "no such bucket" while the search runs."""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from srrtui.cloud.types import BucketSummary
from srrtui.domain.words.translate import _, ngettext

# Characters a bucket name can hold: text with any other cannot be a prefix of one.
NAME_CHARS = frozenset(string.ascii_lowercase + string.digits + "-")


@dataclass
class PrefixSearch:
    """One server-side search: ``marker`` continues it, ``done`` once a page answered."""

    prefix: str
    marker: str = ""
    done: bool = False
    error: str = ""

    @property
    def complete(self) -> bool:
        """Every bucket whose name starts with ``prefix`` has been seen."""
        return self.done and not self.marker and not self.error


@dataclass
class BucketIndex:
    loaded: list[BucketSummary] = field(default_factory=list)  # the unfiltered pages, in order
    next_marker: str = ""  # "" once every page is loaded
    found: dict[str, BucketSummary] = field(default_factory=dict)  # seen by searches
    search: PrefixSearch | None = None

    def __post_init__(self) -> None:
        self._by_name = {b.name: b for b in self.loaded}

    def add_page(self, buckets: tuple[BucketSummary, ...], next_marker: str) -> None:
        self.loaded.extend(buckets)
        self._by_name.update((b.name, b) for b in buckets)
        self.next_marker = next_marker

    def add_found(self, buckets: tuple[BucketSummary, ...]) -> None:
        self.found.update((b.name, b) for b in buckets)

    def get(self, name: str) -> BucketSummary | None:
        return self._by_name.get(name) or self.found.get(name)

    def needs_search(self, text: str) -> bool:
        """Whether ``text`` should be sent to the server as a name prefix."""
        if not text or not self.next_marker or not set(text) <= NAME_CHARS:
            return False  # nothing typed, everything loaded already, or not a name
        search = self.search
        # A finished search for "b09" already found every name starting with "b099".
        return not (search is not None and search.complete and text.startswith(search.prefix))

    def matches(self, text: str) -> list[BucketSummary]:
        """Loaded names containing ``text``, plus the searches' finds containing it, by name."""
        local = [b for b in self.loaded if text in b.name]
        extra = [b for name, b in self.found.items() if text in name and name not in self._by_name]
        if not extra:
            return local  # already in name order: ListBuckets lists by name
        return sorted([*local, *extra], key=lambda b: b.name)

    def describe(self, text: str, shown: int) -> str:
        """The line above the list: how many are shown and where they came from."""
        total = len(self.loaded)
        more = _(" (more to load)") if self.next_marker else ""
        pick = _(" Enter picks the › row.") if shown else ""
        if not text:
            return (
                _("{shown} of {total} buckets{more}.").format(shown=shown, total=total, more=more)
                + pick
            )
        if not self.next_marker:  # every bucket is loaded: the substring filter is complete
            if shown:
                return _("{shown} of {total} buckets.").format(shown=shown, total=total) + pick
            return _("✗ No bucket name contains {text!r}.").format(text=text)
        if not set(text) <= NAME_CHARS:
            return _(
                "✗ No bucket name contains {text!r}: names hold only a-z, 0-9 and '-'."
            ).format(text=text)
        search = self.search
        found = ngettext("{count} match", "{count} matches", shown).format(count=shown)
        if search is None or not text.startswith(search.prefix):
            return _("{found} among {total} loaded.").format(found=found, total=total) + pick
        if search.error:
            return _(
                "{found} among {total} loaded; ✗ the search for names starting with {text!r} "
                "failed: {error}"
            ).format(found=found, total=total, text=text, error=search.error)
        if not search.done:
            return _(
                "{found} among {total} loaded. Searching all buckets for names starting with "
                "{text!r}…"
            ).format(found=found, total=total, text=text)
        if not shown:
            return _(
                "✗ No bucket name starts with {text!r}, and no loaded one contains it (the "
                "server searches by the start of the name only)."
            ).format(text=text)
        rest = _(" (more to load)") if search.marker else ""
        return (
            _(
                "{found}: all bucket names starting with {text!r}{rest}, and loaded names "
                "containing it."
            ).format(found=found, text=text, rest=rest)
            + pick
        )
