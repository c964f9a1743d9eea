"""Is an object a replica that another rule wrote into this bucket?

OSS does not replicate replicas again (no A -> B -> C cascade; docs/oss-replication.md,
"Behaviour and limits"), so ``srrtui diff`` must say so instead of
"not replicated yet". OSS exposes no per-object replication status (unlike S3's
``x-amz-replication-status``): neither HeadObject nor ListObjects says who wrote an object. So
the check is an inference from what the API does expose:

1. the rules *into* this bucket: ListBuckets, then GetBucketReplication on every other bucket of
   the same region (bounded by ``max_buckets``), keeping the rules whose destination is it;
2. for an object, a rule of those whose prefixes (and tag filter, and SSE-KMS setting) admit
   the key, and whose source holds the same key with the same size and ETag.

Limits, said in the page's notes where they apply:
- an object uploaded by hand with the same content as the upstream source's is taken for a
  replica (same key + ETag is all there is to compare);
- a replica whose upstream object has since been overwritten or deleted, or whose upstream rule
  has been deleted, is not recognised (it shows as "not replicated yet");
- only this region is searched: a bucket's endpoint is regional, and a cross-region rule's
  source would need another endpoint; buckets whose rules cannot be read (AccessDenied) and
  buckets beyond ``max_buckets`` are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from srrtui.cloud.oss import OssAdapter
from srrtui.cloud.types import CloudError
from srrtui.domain.replication_scope import compare, key_in_rule, tag_filter_matches
from srrtui.domain.rules import RuleConfig
from srrtui.domain.words.translate import _, listing

DEFAULT_MAX_BUCKETS = 100


@dataclass(frozen=True)
class UpstreamRule:
    source_bucket: str
    rule: RuleConfig


@dataclass(frozen=True)
class Upstream:
    """The rules of other buckets that replicate into a bucket, and what could not be read."""

    rules: tuple[UpstreamRule, ...] = ()
    notes: tuple[str, ...] = ()


def find_upstream_rules(
    oss: OssAdapter, bucket: str, *, max_buckets: int = DEFAULT_MAX_BUCKETS
) -> Upstream:
    try:
        buckets = oss.list_all_buckets()
    except CloudError as error:
        skipped = _("replica check skipped: ListBuckets failed ({code})").format(code=error.code)
        return Upstream(notes=(skipped,))
    own = next((b for b in buckets if b.name == bucket), None)
    region = own.region if own is not None else oss.connection.region
    others = [b.name for b in buckets if b.name != bucket and b.region == region]
    found: list[UpstreamRule] = []
    unreadable: list[str] = []
    for name in others[:max_buckets]:
        try:
            rules = oss.list_rules(name)
        except CloudError as error:
            unreadable.append(_("{bucket} ({code})").format(bucket=name, code=error.code))
            continue
        found.extend(UpstreamRule(name, r) for r in rules if r.destination_bucket == bucket)
    notes = []
    if unreadable:
        notes.append(
            _("replica check could not read the rules of {buckets}").format(
                buckets=listing(unreadable)
            )
        )
    if len(others) > max_buckets:
        notes.append(
            _(
                "replica check read the rules of {count} of the region's {total} other buckets"
            ).format(count=max_buckets, total=len(others))
        )
    return Upstream(tuple(found), tuple(notes))


def replica_source(
    oss: OssAdapter, upstream: Upstream, key: str, size: int, etag: str
) -> tuple[str, str]:
    """("bucket (rule id)", "") when an upstream rule explains the object, else ("", note) where
    note says why a candidate could not be checked (or is empty)."""
    note = ""
    for candidate in upstream.rules:
        rule = candidate.rule
        if not key_in_rule(rule, key):
            continue
        try:
            head = oss.head_object(candidate.source_bucket, key)
            if head is None or compare(size, etag, head.size, head.etag) is not None:
                continue
            if head.sse_algorithm == "KMS" and not rule.replicate_sse_kms:
                continue
            if rule.tag_filter.tags and not tag_filter_matches(
                rule.tag_filter, oss.object_tags(candidate.source_bucket, key)
            ):
                continue
        except CloudError as error:
            note = _("replica check could not read {bucket} ({code})").format(
                bucket=candidate.source_bucket, code=error.code
            )
            continue
        return _("{bucket} (rule {rule})").format(
            bucket=candidate.source_bucket, rule=rule.rule_id
        ), ""
    return "", note
