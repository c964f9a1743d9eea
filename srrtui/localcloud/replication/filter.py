"""Which objects a replication rule copies: pure functions of a rule and an object version.

Sources: the PutBucketReplication reference (document 181408) and the replication overview in
docs/oss-replication.md:
- ``PrefixSet``: an object matches when its key starts with any listed prefix; no PrefixSet =
  every object.
- ``UserTaggings`` (object-tag filter). The console words it "match all" / "match any"; the
  "all" wording can be read two ways, and this service implements this reading:
  "all" (FilterType AND) = the object carries *every* tag of the rule's set (it may carry more);
  "any" (FilterType OR) = the object carries *at least one* tag of the rule's set.
  A tag is a (key, value) pair; keys and values compare case-sensitively, as OSS tags do.
- ``SourceSelectionCriteria/SseKmsEncryptedObjects``: SSE-KMS objects are copied only when the
  rule enables it (the replica is then encrypted with ``ReplicaKmsKeyID``).
- Objects that are themselves replicas are never replicated again (no A -> B -> C cascade).
"""

from __future__ import annotations

from collections.abc import Iterable

from srrtui.domain.plan import TagFilter
from srrtui.domain.replication_scope import (
    NOT_REPLICATED_CLASSES,
    key_in_rule,
    tag_filter_matches,
)
from srrtui.domain.rules import RuleConfig
from srrtui.localcloud.oss.records import ObjectVersion


def tags_match(tag_filter: TagFilter, tags: Iterable[tuple[str, str]]) -> bool:
    """See the module docstring for the reading of "all" and "any"."""
    return tag_filter_matches(tag_filter, dict(tags))


def skip_reason(rule: RuleConfig, obj: ObjectVersion) -> str | None:
    """Why ``obj`` (a live object version, not a delete marker) is not replicated by ``rule``;
    None when it is."""
    if obj.is_replica:
        return "the object is a replica (replicas are not replicated again)"
    if not key_in_rule(rule, obj.key):
        return "the key matches none of the rule's prefixes"
    if obj.storage_class in NOT_REPLICATED_CLASSES:
        return f"{obj.storage_class} objects are not replicated"
    if obj.sse_algorithm == "KMS" and not rule.replicate_sse_kms:
        return "the object is SSE-KMS encrypted and the rule does not replicate SSE-KMS objects"
    if not tags_match(rule.tag_filter, obj.tags):
        return "the object's tags do not match the rule's tag filter"
    return None


def eligible(rule: RuleConfig, obj: ObjectVersion) -> bool:
    return skip_reason(rule, obj) is None
