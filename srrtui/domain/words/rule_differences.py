"""How a rule read back from OSS differs from its plan, in words (``plan_differences`` in
``srrtui.domain.replication_xml`` finds the differences): shown by preflight and by enable when a
rule for the same pair exists with other settings."""

from __future__ import annotations

from srrtui.domain.plan import DeleteMode, TagMatch
from srrtui.domain.words.translate import N_, _, listing

# What differs, by the rule's field (names follow the console's: glossary-zh.md).
RULE_ID = N_("rule ID")
DESTINATION_BUCKET = N_("destination bucket")
DESTINATION_LOCATION = N_("destination location")
TRANSFER_TYPE = N_("transfer type")
OBJECTS = N_("objects")
TAG_FILTER = N_("tag filter")
DELETES = N_("deletes")
HISTORICAL = N_("historical data")
SYNC_ROLE = N_("sync role")
SSE_KMS = N_("SSE-KMS objects")
REPLICA_KMS_KEY = N_("replica KMS key")


def difference(what: str, planned: str, actual: str) -> str:
    """One difference: ``what`` is one of the names above (translated here)."""
    return _("{what}: the plan asks for {planned}, the rule has {actual}").format(
        what=_(what), planned=planned, actual=actual
    )


def prefixes_words(prefixes: frozenset[str]) -> str:
    if not prefixes:
        return _("all objects")
    return _("prefixes {prefixes}").format(prefixes=listing([repr(p) for p in sorted(prefixes)]))


def tags_words(match: TagMatch | None, tags: frozenset[tuple[str, str]]) -> str:
    if match is None:
        return _("no tag filter")
    listed = listing([f"{key}={value}" for key, value in sorted(tags)])
    if match is TagMatch.ANY:
        return _("match any of {tags}").format(tags=listed)
    return _("match all of {tags}").format(tags=listed)


def action_words(action: DeleteMode) -> str:
    if action is DeleteMode.ALL:
        return _("ALL (deletes replicated)")
    return _("PUT (deletes not replicated)")


def on_off(value: bool) -> str:
    return _("on") if value else _("off")
