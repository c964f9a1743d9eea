"""Validation of a plan: a pure function returning field-level problems and warnings.

Field names are the plan file's keys (``source.bucket``, ``objects.prefixes[1]``...), so the
same messages serve ``srrtui plan check``, ``srrtui apply`` and the wizard's fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from srrtui.domain import limits, names
from srrtui.domain.plan import (
    ALIYUN_OSS_ROLE,
    DeleteMode,
    ReplicationPlan,
    RoleKind,
    Tag,
    TagMatch,
)
from srrtui.domain.tag_words import tag_words


@dataclass(frozen=True)
class Issue:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True)
class Report:
    problems: tuple[Issue, ...]
    warnings: tuple[Issue, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def for_field(self, prefix: str) -> tuple[Issue, ...]:
        """Problems of one field and its children (``objects.tags`` covers ``objects.tags[0].key``)."""
        return tuple(
            p
            for p in self.problems
            if p.field == prefix or p.field.startswith((f"{prefix}.", f"{prefix}["))
        )


def validate(plan: ReplicationPlan, quotas: limits.Quotas | None = None) -> Report:
    quotas = quotas or limits.Quotas()
    problems = [
        *_buckets(plan),
        *_prefixes(plan, quotas),
        *_tags(plan),
        *_kms(plan),
        *_role(plan),
        *_rule_id(plan),
    ]
    return Report(tuple(problems), tuple(warnings_for(plan)))


def _buckets(plan: ReplicationPlan) -> Iterator[Issue]:
    if message := names.region_problem(plan.source_region):
        yield Issue("source.region", message)
    if message := names.bucket_name_problem(plan.source_bucket):
        yield Issue("source.bucket", message)
    if message := names.bucket_name_problem(plan.destination_bucket):
        yield Issue("destination.bucket", message)
    elif plan.destination_bucket == plan.source_bucket:
        yield Issue(
            "destination.bucket", "the destination must be a different bucket from the source"
        )
    if plan.destination_region and plan.destination_region != plan.source_region:
        yield Issue(
            "destination.region",
            f"same-region replication needs both buckets in {plan.source_region or 'one region'}; "
            f"{plan.destination_region} is another region (that is cross-region replication)",
        )


def _prefixes(plan: ReplicationPlan, quotas: limits.Quotas) -> Iterator[Issue]:
    if len(plan.prefixes) > quotas.prefix_limit:
        yield Issue(
            "objects.prefixes",
            f"a rule takes at most {quotas.prefix_limit} prefixes ({len(plan.prefixes)} given)",
        )
    seen: set[str] = set()
    for index, prefix in enumerate(plan.prefixes):
        field = f"objects.prefixes[{index}]"
        size = len(prefix.encode("utf-8"))
        if not prefix:
            yield Issue(field, "a prefix cannot be empty; leave the list empty for all objects")
        elif size > limits.PREFIX_MAX_BYTES:
            yield Issue(
                field, f"a prefix is at most {limits.PREFIX_MAX_BYTES} bytes ({size} given)"
            )
        elif prefix.startswith(("/", "\\")):
            yield Issue(field, "object names, and so prefixes, cannot start with '/' or '\\'")
        elif any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in prefix):
            yield Issue(field, "a prefix cannot contain control characters")
        elif prefix.isspace():
            # Legal in an object name, but never meant: a blank row in the wizard and
            # <Prefix>  </Prefix> in exports. (Tabs and newlines are refused just above.)
            yield Issue(
                field,
                "a prefix cannot be only spaces; type a folder such as logs/, "
                "or choose all objects",
            )
        elif prefix in seen:
            yield Issue(field, f"{prefix!r} is listed twice")
        seen.add(prefix)


def _tags(plan: ReplicationPlan) -> Iterator[Issue]:
    tag_filter = plan.tag_filter
    if not tag_filter.active:
        return
    if not tag_filter.tags:
        yield Issue("objects.tags", "add at least one key=value tag, or switch the tag filter off")
    if len(tag_filter.tags) > limits.TAG_LIMIT:
        yield Issue(
            "objects.tags", f"at most {limits.TAG_LIMIT} tags ({len(tag_filter.tags)} given)"
        )
    if plan.delete_mode is DeleteMode.ALL:
        yield Issue(
            "objects.tags",
            "a tag filter cannot be combined with delete replication (ALL); "
            "choose PUT only or remove the tags",
        )
    if plan.source_region and not limits.tag_filter_supported(plan.source_region):
        yield Issue("objects.tags", f"the tag filter is not available in {plan.source_region}")
    seen: set[Tag] = set()
    first_of_key: dict[str, Tag] = {}
    for index, tag in enumerate(tag_filter.tags):
        field = f"objects.tags[{index}]"
        if message := names.tag_text_problem(tag.key, "key", limits.TAG_KEY_MAX):
            yield Issue(f"{field}.key", message)
        if message := names.tag_text_problem(tag.value, "value", limits.TAG_VALUE_MAX):
            yield Issue(f"{field}.value", message)
        first = first_of_key.setdefault(tag.key, tag)
        if tag in seen:
            yield Issue(field, f"{tag_words(tag)} is listed twice")
        elif tag_filter.match is TagMatch.ALL and first.value != tag.value:
            # An object carries one value per key, so AND over two values of one key matches
            # nothing: the rule would be created and silently replicate no object.
            yield Issue(
                f"{field}.key",
                f"with 'match all', {tag_words(first)} and {tag_words(tag)} can never both "
                "match: an object has one value per tag key "
                "(choose 'match any', or keep one of them)",
            )
        seen.add(tag)


def _kms(plan: ReplicationPlan) -> Iterator[Issue]:
    if not plan.kms.replicate:
        return
    cmk_id = plan.kms.cmk_id
    if message := names.cmk_id_problem(cmk_id):
        yield Issue("kms.cmk_id", message)
        return
    # Only an ARN names its region; a key from another region would only be reported later,
    # by preflight, as "does not exist", which sends people looking for a typo.
    region = names.cmk_arn_region(cmk_id)
    if region and plan.source_region and region != plan.source_region:
        yield Issue(
            "kms.cmk_id",
            f"this key ARN is in {region}, but the buckets are in {plan.source_region}: "
            f"the KMS key must be in the same region as the buckets ({plan.source_region})",
        )


def _role(plan: ReplicationPlan) -> Iterator[Issue]:
    role = plan.role
    if role.kind is RoleKind.CUSTOM:
        if message := names.role_name_problem(role.name):
            yield Issue("role.name", message)
        elif role.name == ALIYUN_OSS_ROLE:
            yield Issue("role.name", 'for AliyunOSSRole choose kind = "aliyun-oss-role"')
    elif (
        role.kind is RoleKind.NEW and role.name and (message := names.role_name_problem(role.name))
    ):
        yield Issue("role.name", message)


def _rule_id(plan: ReplicationPlan) -> Iterator[Issue]:
    rule_id = plan.rule_id
    if rule_id and (len(rule_id) > 255 or any(ord(ch) < 0x20 for ch in rule_id)):
        yield Issue("rule_id", "a rule ID is at most 255 printable characters")


def warnings_for(plan: ReplicationPlan) -> Iterator[Issue]:
    yield from _tag_warnings(plan)
    if plan.historical:
        yield Issue(
            "sync.historical",
            "historical replication overwrites objects of the same name in the destination; "
            "enable versioning on both buckets to keep the overwritten versions",
        )
    if plan.delete_mode is DeleteMode.ALL:
        yield Issue(
            "sync.deletes",
            "deletions in the source propagate to the destination; "
            "objects deleted there cannot be recovered",
        )
    if plan.role.kind is RoleKind.ALIYUN_OSS_ROLE:
        yield Issue(
            "role.kind",
            "AliyunOSSRole can read and write every bucket in the account; "
            "a new least-privilege role is limited to these two buckets",
        )
    yield Issue(
        "rule", "a rule cannot be edited after it is created; to change it, delete and recreate it"
    )
    yield Issue(
        "rule", "replication starts a few minutes (typically 3-5) after the rule is enabled"
    )


def key_holds_a_pair(tag: Tag) -> bool:
    """A key with '=' and no value: almost always key=value typed into the key box."""
    return "=" in tag.key and not tag.value


def _tag_warnings(plan: ReplicationPlan) -> Iterator[Issue]:
    # "=" is legal in a tag key, so "env=prod" typed into the key box is not a problem, only a
    # warning. The words serve `srrtui plan check` too, so they name no wizard widget; the Tags
    # step adds its own hint.
    if not plan.tag_filter.active:
        return
    for index, tag in enumerate(plan.tag_filter.tags):
        if not key_holds_a_pair(tag):
            continue
        key, value = tag.key.split("=", 1)
        guess = f": did you mean key {key!r}, value {value!r}?" if key and value else ""
        yield Issue(
            f"objects.tags[{index}].key",
            f"tag key {tag.key!r} contains '=' and has no value{guess}",
        )
