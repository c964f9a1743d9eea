"""Validation of a plan: a pure function returning field-level problems and warnings.

Every issue carries a stable ``Code`` (what is wrong, for code to act on: a step never reads
message text) and the field it concerns. Field names are the plan file's keys
(``source.bucket``, ``objects.prefixes[1]``...), so the same issues serve ``srrtui plan check``,
``srrtui apply`` and the wizard's fields; ``FIELD_OF`` names the field each code is about, and a
test checks that a wizard step owns every one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from srrtui.domain import limits, names
from srrtui.domain.plan import (
    ALIYUN_OSS_ROLE,
    DeleteMode,
    ReplicationPlan,
    RoleKind,
    Tag,
    TagMatch,
)
from srrtui.domain.words.tags import tag_words
from srrtui.domain.words.translate import _, titled


class Code(str, Enum):
    """What an issue is about. The values are stable: scripts may read them."""

    SOURCE_REGION = "source-region"
    SOURCE_BUCKET = "source-bucket"
    DESTINATION_BUCKET = "destination-bucket"
    SAME_BUCKET = "same-bucket"
    OTHER_REGION = "other-region"
    TOO_MANY_PREFIXES = "too-many-prefixes"
    EMPTY_PREFIX = "empty-prefix"
    LONG_PREFIX = "long-prefix"
    PREFIX_STARTS_WITH_SLASH = "prefix-starts-with-slash"
    PREFIX_CONTROL_CHARACTER = "prefix-control-character"
    BLANK_PREFIX = "blank-prefix"
    DUPLICATE_PREFIX = "duplicate-prefix"
    OVERLAPPING_PREFIX = "overlapping-prefix"
    NO_TAGS = "no-tags"
    TOO_MANY_TAGS = "too-many-tags"
    TAGS_WITH_DELETES = "tags-with-deletes"
    TAGS_NOT_IN_REGION = "tags-not-in-region"
    TAG_KEY = "tag-key"
    TAG_VALUE = "tag-value"
    DUPLICATE_TAG = "duplicate-tag"
    TAGS_NEVER_MATCH = "tags-never-match"
    CMK_ID = "cmk-id"
    CMK_OTHER_REGION = "cmk-other-region"
    ROLE_NAME = "role-name"
    ROLE_IS_ALIYUN_OSS_ROLE = "role-is-aliyun-oss-role"
    RULE_ID = "rule-id"
    # warnings
    TAG_KEY_HOLDS_PAIR = "tag-key-holds-pair"
    HISTORICAL_OVERWRITES = "historical-overwrites"
    DELETES_PROPAGATE = "deletes-propagate"
    ROLE_SEES_EVERY_BUCKET = "role-sees-every-bucket"
    RULE_IS_FINAL = "rule-is-final"
    RULE_STARTS_LATER = "rule-starts-later"


FIELD_OF: dict[Code, str] = {
    Code.SOURCE_REGION: "source.region",
    Code.SOURCE_BUCKET: "source.bucket",
    Code.DESTINATION_BUCKET: "destination.bucket",
    Code.SAME_BUCKET: "destination.bucket",
    Code.OTHER_REGION: "destination.region",
    Code.TOO_MANY_PREFIXES: "objects.prefixes",
    Code.EMPTY_PREFIX: "objects.prefixes",
    Code.LONG_PREFIX: "objects.prefixes",
    Code.PREFIX_STARTS_WITH_SLASH: "objects.prefixes",
    Code.PREFIX_CONTROL_CHARACTER: "objects.prefixes",
    Code.BLANK_PREFIX: "objects.prefixes",
    Code.DUPLICATE_PREFIX: "objects.prefixes",
    Code.OVERLAPPING_PREFIX: "objects.prefixes",
    Code.NO_TAGS: "objects.tags",
    Code.TOO_MANY_TAGS: "objects.tags",
    Code.TAGS_WITH_DELETES: "objects.tags",
    Code.TAGS_NOT_IN_REGION: "objects.tags",
    Code.TAG_KEY: "objects.tags",
    Code.TAG_VALUE: "objects.tags",
    Code.DUPLICATE_TAG: "objects.tags",
    Code.TAGS_NEVER_MATCH: "objects.tags",
    Code.CMK_ID: "kms.cmk_id",
    Code.CMK_OTHER_REGION: "kms.cmk_id",
    Code.ROLE_NAME: "role.name",
    Code.ROLE_IS_ALIYUN_OSS_ROLE: "role.name",
    Code.RULE_ID: "rule_id",
    Code.TAG_KEY_HOLDS_PAIR: "objects.tags",
    Code.HISTORICAL_OVERWRITES: "sync.historical",
    Code.DELETES_PROPAGATE: "sync.deletes",
    Code.ROLE_SEES_EVERY_BUCKET: "role.kind",
    Code.RULE_IS_FINAL: "rule",
    Code.RULE_STARTS_LATER: "rule",
}

# Codes that never block: said in the review (and `plan check`) for the user to read.
WARNING_CODES = frozenset(
    {
        Code.TAG_KEY_HOLDS_PAIR,
        Code.HISTORICAL_OVERWRITES,
        Code.DELETES_PROPAGATE,
        Code.ROLE_SEES_EVERY_BUCKET,
        Code.RULE_IS_FINAL,
        Code.RULE_STARTS_LATER,
    }
)


@dataclass(frozen=True)
class Issue:
    field: str  # FIELD_OF[code], or one of its entries/children (objects.tags[1].key)
    message: str
    code: Code | str = ""  # Code for the plan's issues; steps' own checks may use plain words

    def __str__(self) -> str:
        return titled(self.field, self.message)


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

    def with_code(self, code: Code) -> tuple[Issue, ...]:
        return tuple(issue for issue in (*self.problems, *self.warnings) if issue.code == code)


def tag_filter_blockers(plan: ReplicationPlan) -> tuple[Code, ...]:
    """Why no tag filter can be used with this plan (empty when one can): delete replication
    (ALL) rules it out, and OSS does not offer it in every region."""
    blockers: list[Code] = []
    if plan.delete_mode is DeleteMode.ALL:
        blockers.append(Code.TAGS_WITH_DELETES)
    if plan.source_region and not limits.tag_filter_supported(plan.source_region):
        blockers.append(Code.TAGS_NOT_IN_REGION)
    return tuple(blockers)


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


def _issue(code: Code, message: str, field: str = "") -> Issue:
    return Issue(field or FIELD_OF[code], message, code)


def _buckets(plan: ReplicationPlan) -> Iterator[Issue]:
    if message := names.region_problem(plan.source_region):
        yield _issue(Code.SOURCE_REGION, message)
    if message := names.bucket_name_problem(plan.source_bucket):
        yield _issue(Code.SOURCE_BUCKET, message)
    if message := names.bucket_name_problem(plan.destination_bucket):
        yield _issue(Code.DESTINATION_BUCKET, message)
    elif plan.destination_bucket == plan.source_bucket:
        yield _issue(
            Code.SAME_BUCKET, _("the destination must be a different bucket from the source")
        )
    if plan.destination_region and plan.destination_region != plan.source_region:
        yield _issue(
            Code.OTHER_REGION,
            _(
                "same-region replication needs both buckets in {region}; {other} is another "
                "region (that is cross-region replication)"
            ).format(region=plan.source_region or _("one region"), other=plan.destination_region),
        )


def _prefixes(plan: ReplicationPlan, quotas: limits.Quotas) -> Iterator[Issue]:
    if len(plan.prefixes) > quotas.prefix_limit:
        yield _issue(
            Code.TOO_MANY_PREFIXES,
            _("a rule takes at most {limit} prefixes ({count} given)").format(
                limit=quotas.prefix_limit, count=len(plan.prefixes)
            ),
        )
    seen: set[str] = set()
    for index, prefix in enumerate(plan.prefixes):
        field = f"objects.prefixes[{index}]"
        size = len(prefix.encode("utf-8"))
        if not prefix:
            yield _issue(
                Code.EMPTY_PREFIX,
                _("a prefix cannot be empty; leave the list empty for all objects"),
                field,
            )
        elif size > limits.PREFIX_MAX_BYTES:
            yield _issue(
                Code.LONG_PREFIX,
                _("a prefix is at most {limit} bytes ({size} given)").format(
                    limit=limits.PREFIX_MAX_BYTES, size=size
                ),
                field,
            )
        elif prefix.startswith(("/", "\\")):
            yield _issue(
                Code.PREFIX_STARTS_WITH_SLASH,
                _("object names, and so prefixes, cannot start with '/' or '\\'"),
                field,
            )
        elif any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in prefix):
            yield _issue(
                Code.PREFIX_CONTROL_CHARACTER,
                _("a prefix cannot contain control characters"),
                field,
            )
        elif prefix.isspace():
            # Legal in an object name, but never meant: a blank row in the wizard and
            # <Prefix>  </Prefix> in exports. (Tabs and newlines are refused just above.)
            yield _issue(
                Code.BLANK_PREFIX,
                _(
                    "a prefix cannot be only spaces; type a folder such as logs/, "
                    "or choose all objects"
                ),
                field,
            )
        elif prefix in seen:
            yield _issue(
                Code.DUPLICATE_PREFIX,
                _("{prefix} is listed twice").format(prefix=repr(prefix)),
                field,
            )
        elif overlapped := next(
            (s for s in seen if s and (prefix.startswith(s) or s.startswith(prefix))), ""
        ):
            # OSS refuses a rule whose prefixes overlap (EC 0031-00000019, "source" and
            # "source/video"): the shorter one already takes in the longer one's objects.
            yield _issue(
                Code.OVERLAPPING_PREFIX,
                _("{prefix} overlaps {other}: keep only the shorter one").format(
                    prefix=repr(prefix), other=repr(overlapped)
                ),
                field,
            )
        seen.add(prefix)


def _tags(plan: ReplicationPlan) -> Iterator[Issue]:
    tag_filter = plan.tag_filter
    if not tag_filter.active:
        return
    if not tag_filter.tags:
        yield _issue(
            Code.NO_TAGS, _("add at least one key=value tag, or switch the tag filter off")
        )
    if len(tag_filter.tags) > limits.TAG_LIMIT:
        yield _issue(
            Code.TOO_MANY_TAGS,
            _("at most {limit} tags ({count} given)").format(
                limit=limits.TAG_LIMIT, count=len(tag_filter.tags)
            ),
        )
    for blocker in tag_filter_blockers(plan):
        if blocker is Code.TAGS_WITH_DELETES:
            yield _issue(
                blocker,
                _(
                    "a tag filter cannot be combined with delete replication (ALL); "
                    "choose PUT only or remove the tags"
                ),
            )
        else:
            yield _issue(
                blocker,
                _("the tag filter is not available in {region}").format(region=plan.source_region),
            )
    seen: set[Tag] = set()
    first_of_key: dict[str, Tag] = {}
    for index, tag in enumerate(tag_filter.tags):
        field = f"objects.tags[{index}]"
        if message := names.tag_text_problem(tag.key, "key", limits.TAG_KEY_MAX):
            yield _issue(Code.TAG_KEY, message, f"{field}.key")
        if message := names.tag_text_problem(tag.value, "value", limits.TAG_VALUE_MAX):
            yield _issue(Code.TAG_VALUE, message, f"{field}.value")
        first = first_of_key.setdefault(tag.key, tag)
        if tag in seen:
            yield _issue(
                Code.DUPLICATE_TAG,
                _("{tag} is listed twice").format(tag=tag_words(tag)),
                field,
            )
        elif tag_filter.match is TagMatch.ALL and first.value != tag.value:
            # An object carries one value per key, so AND over two values of one key matches
            # nothing: the rule would be created and silently replicate no object.
            yield _issue(
                Code.TAGS_NEVER_MATCH,
                _(
                    "with 'match all', {first} and {tag} can never both match: an object has "
                    "one value per tag key (choose 'match any', or keep one of them)"
                ).format(first=tag_words(first), tag=tag_words(tag)),
                f"{field}.key",
            )
        seen.add(tag)


def _kms(plan: ReplicationPlan) -> Iterator[Issue]:
    if not plan.kms.replicate:
        return
    cmk_id = plan.kms.cmk_id
    if message := names.cmk_id_problem(cmk_id):
        yield _issue(Code.CMK_ID, message)
        return
    # Only an ARN names its region; a key from another region would only be reported later,
    # by preflight, as "does not exist", which sends people looking for a typo.
    region = names.cmk_arn_region(cmk_id)
    if region and plan.source_region and region != plan.source_region:
        yield _issue(
            Code.CMK_OTHER_REGION,
            _(
                "this key ARN is in {region}, but the buckets are in {buckets}: "
                "the KMS key must be in the same region as the buckets ({buckets})"
            ).format(region=region, buckets=plan.source_region),
        )


def _role(plan: ReplicationPlan) -> Iterator[Issue]:
    role = plan.role
    if role.kind is RoleKind.CUSTOM:
        if message := names.role_name_problem(role.name):
            yield _issue(Code.ROLE_NAME, message)
        elif role.name == ALIYUN_OSS_ROLE:
            yield _issue(
                Code.ROLE_IS_ALIYUN_OSS_ROLE, _('for AliyunOSSRole choose kind = "aliyun-oss-role"')
            )
    elif (
        role.kind is RoleKind.NEW and role.name and (message := names.role_name_problem(role.name))
    ):
        yield _issue(Code.ROLE_NAME, message)


def _rule_id(plan: ReplicationPlan) -> Iterator[Issue]:
    rule_id = plan.rule_id
    if rule_id and (len(rule_id) > 255 or any(ord(ch) < 0x20 for ch in rule_id)):
        yield _issue(Code.RULE_ID, _("a rule ID is at most 255 printable characters"))


def warnings_for(plan: ReplicationPlan) -> Iterator[Issue]:
    yield from _tag_warnings(plan)
    if plan.historical:
        yield _issue(
            Code.HISTORICAL_OVERWRITES,
            _(
                "historical replication overwrites objects of the same name in the destination; "
                "enable versioning on both buckets to keep the overwritten versions"
            ),
        )
    if plan.delete_mode is DeleteMode.ALL:
        yield _issue(
            Code.DELETES_PROPAGATE,
            _(
                "deletions in the source propagate to the destination; "
                "objects deleted there cannot be recovered"
            ),
        )
    if plan.role.kind is RoleKind.ALIYUN_OSS_ROLE:
        yield _issue(
            Code.ROLE_SEES_EVERY_BUCKET,
            _(
                "AliyunOSSRole can read and write every bucket in the account; "
                "a new least-privilege role is limited to these two buckets"
            ),
        )
    yield _issue(
        Code.RULE_IS_FINAL,
        _("a rule cannot be edited after it is created; to change it, delete and recreate it"),
    )
    yield _issue(
        Code.RULE_STARTS_LATER,
        _("replication starts a few minutes (typically 3-5) after the rule is enabled"),
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
        guess = (
            _(": did you mean key {key}, value {value}?").format(key=repr(key), value=repr(value))
            if key and value
            else ""
        )
        yield _issue(
            Code.TAG_KEY_HOLDS_PAIR,
            _("tag key {key} contains '=' and has no value{guess}").format(
                key=repr(tag.key), guess=guess
            ),
            f"objects.tags[{index}].key",
        )
