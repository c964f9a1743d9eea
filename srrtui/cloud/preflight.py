"""Preflight: one pass/warn/fail report about a plan before anything is written.

Facts checked (docs/oss-replication.md, from the OSS replication reference): SRR
needs both buckets in one region; one rule per source/destination pair
(BucketReplicationAlreadyExist); at most 100 rules per bucket; both buckets in the same
versioning state; the SyncRole must exist and be assumable by OSS with the Replicate* actions;
SSE-KMS replication needs a usable CMK. Every check that cannot be made (no permission, network)
becomes a warning that says so, never a silent pass.
"""

from __future__ import annotations

from collections.abc import Callable

from srrtui.cloud.caller_check import check_caller
from srrtui.cloud.kms import KmsAdapter
from srrtui.cloud.oss import OssAdapter, find_rule_to
from srrtui.cloud.ram import RamAdapter
from srrtui.cloud.roles import check_role
from srrtui.cloud.scope import ScopeLimits, count_scope, describe_scope
from srrtui.cloud.types import (
    BucketDetails,
    CheckLine,
    CheckStatus,
    CloudError,
    PreflightReport,
    Scope,
)
from srrtui.domain import limits
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.validation import validate
from srrtui.domain.words.counts import plural

PASS, WARN, FAIL = CheckStatus.PASS, CheckStatus.WARN, CheckStatus.FAIL


def preflight(
    plan: ReplicationPlan,
    oss: OssAdapter,
    ram: RamAdapter,
    kms: KmsAdapter,
    scope_limits: ScopeLimits | None = None,
) -> PreflightReport:
    problems = validate(plan).problems
    if problems:
        return PreflightReport(
            tuple(CheckLine(FAIL, f"plan: {p.field}", p.message) for p in problems)
        )
    lines: list[CheckLine] = []
    source = _details(oss, plan.source_bucket, "source", lines)
    destination = _details(oss, plan.destination_bucket, "destination", lines)
    if source is not None and destination is not None:
        lines.extend(_regions(plan, source, destination))
        lines.extend(_versioning(plan, source, destination))
        lines.extend(_guarded("replication rules", lambda: _rules(plan, oss)))
    lines.extend(_guarded("your RAM permissions", lambda: check_caller(plan, ram)))
    lines.extend(_guarded("the replication role", lambda: check_role(plan, ram)))
    if plan.kms.replicate:
        lines.extend(_kms(plan, kms))
    elif source is not None and source.sse_algorithm == "KMS":
        lines.append(
            CheckLine(
                WARN,
                "SSE-KMS objects will not be replicated",
                f"{plan.source_bucket} encrypts new objects with KMS by default; "
                "turn on KMS replication to copy them",
            )
        )
    scope = None
    if source is not None:
        try:
            scope = count_scope(oss, plan, scope_limits)
            lines.append(_scope_line(plan, scope, oss))
        except CloudError as error:
            lines.append(
                CheckLine(WARN, "could not count what historical replication copies", str(error))
            )
    return PreflightReport(tuple(lines), scope)


def _guarded(what: str, check: Callable[[], list[CheckLine]]) -> list[CheckLine]:
    try:
        return check()
    except CloudError as error:
        return [CheckLine(WARN, f"could not check {what}", str(error))]


def _details(
    oss: OssAdapter, bucket: str, role: str, lines: list[CheckLine]
) -> BucketDetails | None:
    try:
        details = oss.bucket_details(bucket)
    except CloudError as error:
        if error.code == "NoSuchBucket":
            lines.append(
                CheckLine(
                    FAIL,
                    f"the {role} bucket {bucket} does not exist",
                    "create it, or choose an existing bucket",
                )
            )
        else:
            lines.append(
                CheckLine(FAIL, f"cannot read the {role} bucket {bucket}", str(error), error)
            )
        return None
    lines.append(CheckLine(PASS, f"the {role} bucket {bucket} exists", f"region {details.region}"))
    return details


def _regions(
    plan: ReplicationPlan, source: BucketDetails, destination: BucketDetails
) -> list[CheckLine]:
    if source.region != destination.region:
        return [
            CheckLine(
                FAIL,
                "the buckets are in different regions",
                f"{source.name} is in {source.region}, {destination.name} in "
                f"{destination.region}; same-region replication needs one region",
            )
        ]
    if plan.source_region and source.region != plan.source_region:
        return [
            CheckLine(
                FAIL,
                f"the buckets are in {source.region}, not {plan.source_region}",
                "choose the region the buckets are in",
            )
        ]
    return [CheckLine(PASS, "both buckets are in one region", source.region)]


def _versioning(
    plan: ReplicationPlan, source: BucketDetails, destination: BucketDetails
) -> list[CheckLine]:
    def state(d: BucketDetails) -> str:
        return {"": "never enabled", "Enabled": "enabled"}.get(d.versioning, d.versioning.lower())

    if source.versioning != destination.versioning:
        return [
            CheckLine(
                FAIL,
                "the buckets' versioning states differ",
                f"{source.name}: {state(source)}, {destination.name}: {state(destination)}; "
                "replication needs the same state on both, and versioning cannot be changed "
                "while a rule exists: enable it on both first",
            )
        ]
    if source.versioning == "Enabled":
        return [CheckLine(PASS, "versioning is enabled on both buckets")]
    title = f"versioning is {state(source)} on both buckets"
    if plan.historical:
        return [
            CheckLine(
                WARN,
                title,
                "historical replication overwrites same-name objects in the destination; "
                "enable versioning on both to keep the overwritten versions",
            )
        ]
    return [CheckLine(PASS, title)]


def _rules(plan: ReplicationPlan, oss: OssAdapter) -> list[CheckLine]:
    from srrtui.domain.replication_xml import plan_differences

    lines: list[CheckLine] = []
    rules = oss.list_rules(plan.source_bucket)
    existing = find_rule_to(rules, plan.destination_bucket)
    if existing is not None:
        differences = plan_differences(plan, existing)
        status = existing.status.value if existing.status is not None else "unknown"
        if status == "closing":
            lines.append(
                CheckLine(
                    FAIL,
                    "the existing rule to this destination is being deleted",
                    f"rule {existing.rule_id} is closing; wait until it is gone",
                )
            )
        elif differences:
            lines.append(
                CheckLine(
                    FAIL,
                    f"{plan.source_bucket} already replicates to "
                    f"{plan.destination_bucket} with other settings",
                    f"rule {existing.rule_id} (BucketReplicationAlreadyExist): "
                    + "; ".join(differences)
                    + ". A rule cannot be edited: delete it, then enable again",
                )
            )
        else:
            lines.append(
                CheckLine(
                    WARN,
                    "this rule already exists",
                    f"rule {existing.rule_id} ({status}) matches the plan; enabling "
                    "reports it and adds nothing",
                )
            )
    else:
        lines.append(
            CheckLine(
                PASS, f"no rule replicates {plan.source_bucket} to {plan.destination_bucket} yet"
            )
        )
    adding = 0 if existing is not None else 1
    over = False
    for bucket, count in (
        (plan.source_bucket, len(rules)),
        (plan.destination_bucket, len(oss.list_rules(plan.destination_bucket))),
    ):
        if count + adding > limits.RULES_PER_BUCKET:
            over = True
            lines.append(
                CheckLine(
                    FAIL,
                    f"{bucket} has {count} replication rules",
                    f"a bucket takes at most {limits.RULES_PER_BUCKET}",
                )
            )
    if not over:
        lines.append(
            CheckLine(
                PASS,
                f"rule count under {limits.RULES_PER_BUCKET}",
                f"{plan.source_bucket} has {plural(len(rules), 'rule')} as source "
                "(rules naming it only as a destination are not visible here)",
            )
        )
    return lines


def _kms(plan: ReplicationPlan, kms: KmsAdapter) -> list[CheckLine]:
    cmk = plan.kms.cmk_id
    try:
        key = kms.describe_key(cmk)
    except CloudError as error:
        return [
            CheckLine(
                WARN,
                f"could not check the KMS key {cmk}",
                f"{error}; make sure it exists in {plan.source_region} and is enabled",
            )
        ]
    if key is None:
        return [
            CheckLine(
                FAIL,
                f"the KMS key {cmk} does not exist",
                f"no such key in {plan.source_region}; pick another key",
            )
        ]
    if key.state and key.state != "Enabled":
        return [
            CheckLine(
                FAIL,
                f"the KMS key {cmk} is {key.state}",
                "replicas can only be encrypted with an enabled key",
            )
        ]
    return [CheckLine(PASS, f"the KMS key {cmk} is enabled", key.description)]


def _scope_line(plan: ReplicationPlan, scope: Scope, oss: OssAdapter) -> CheckLine:
    if not plan.historical:
        return CheckLine(
            PASS,
            "historical replication is off",
            "only objects written after the rule starts are copied",
        )
    title = f"historical replication would copy {describe_scope(scope)}"
    narrowed = [
        what
        for what, given in (("prefixes", plan.prefixes), ("tags", plan.tag_filter.tags))
        if given
    ]
    if scope.objects or scope.capped or not narrowed:
        return CheckLine(
            PASS, title, "counted now from the source with the rule's prefixes and tags"
        )
    if not _has_objects(oss, plan.source_bucket):
        return CheckLine(PASS, title, f"{plan.source_bucket} has no objects yet")
    # The bucket has objects but none is chosen: typically prefixes kept from another source
    # bucket, or a mistyped tag. The rule would still work, for new objects only.
    chosen = " and ".join(narrowed)
    later = {
        "prefixes": "under these prefixes",
        "tags": "with these tags",
    }.get(chosen, "that match them")
    example = " (e.g. after changing the source bucket)" if plan.prefixes else ""
    return CheckLine(
        WARN,
        f"no existing object in {plan.source_bucket} matches the chosen {chosen}",
        f"{title}: only objects written later {later} will be replicated; "
        f"check the {chosen}{example}",
    )


def _has_objects(oss: OssAdapter, bucket: str) -> bool:
    try:
        return next(oss.iter_objects(bucket, page_size=1), None) is not None
    except CloudError:
        return True  # unknown: warn rather than pass in silence
