"""The notes that end a search for replication rules: what it left out (buckets of other
regions, buckets that could not be read). Said in the user's language on screen, and in
English in ``watch --json`` (machine output is the same in every language)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from srrtui.domain.words import translate

NAMES_IN_A_NOTE = 3

Unreadable = tuple[tuple[str, tuple[str, ...]], ...]  # (error code, bucket names), by code


def _english(message: str) -> str:
    return message


def _english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


def _english_listing(names: Sequence[str]) -> str:
    return ", ".join(names)


def discovery_notes(
    elsewhere: int, unreadable: Unreadable, *, english: bool = False
) -> tuple[str, ...]:
    # Named as gettext's functions so that Babel extracts the sentences they are called with.
    _: Callable[[str], str] = _english if english else translate._
    ngettext: Callable[[str, str, int], str] = _english_plural if english else translate.ngettext
    listing = _english_listing if english else translate.listing
    notes = []
    if elsewhere:
        notes.append(
            ngettext(
                "{count} bucket in another region not checked",
                "{count} buckets in other regions not checked",
                elsewhere,
            ).format(count=elsewhere)
        )
    for code, names in unreadable:
        first = sorted(names)[:NAMES_IN_A_NOTE]
        shown = listing(first)
        if len(names) > len(first):
            shown = _("{names} and {count} more").format(names=shown, count=len(names) - len(first))
        notes.append(
            ngettext(
                "{count} bucket not readable ({code}): {names}",
                "{count} buckets not readable ({code}): {names}",
                len(names),
            ).format(count=len(names), code=code, names=shown)
        )
    return tuple(notes)
