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
from srrtui.domain.words.translate import N_, _, clauses, ngettext

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
            tuple(
                CheckLine(FAIL, _("plan: {field}").format(field=p.field), p.message)
                for p in problems
            )
        )
    lines: list[CheckLine] = []
    source = _details(oss, plan.source_bucket, SOURCE, lines)
    destination = _details(oss, plan.destination_bucket, DESTINATION, lines)
    if source is not None and destination is not None:
        lines.extend(_regions(plan, source, destination))
        lines.extend(_versioning(plan, source, destination))
        lines.extend(_guarded(_("replication rules"), lambda: _rules(plan, oss)))
    lines.extend(_guarded(_("your RAM permissions"), lambda: check_caller(plan, ram)))
    lines.extend(_guarded(_("the replication role"), lambda: check_role(plan, ram)))
    if plan.kms.replicate:
        lines.extend(_kms(plan, kms))
    elif source is not None and source.sse_algorithm == "KMS":
        lines.append(
            CheckLine(
                WARN,
                _("SSE-KMS objects will not be replicated"),
                _(
                    "{bucket} encrypts new objects with KMS by default; turn on KMS replication "
                    "to copy them"
                ).format(bucket=plan.source_bucket),
            )
        )
    scope = None
    if source is not None:
        try:
            scope = count_scope(oss, plan, scope_limits)
            lines.append(_scope_line(plan, scope, oss))
        except CloudError as error:
            lines.append(
                CheckLine(WARN, _("could not count what historical replication copies"), str(error))
            )
    return PreflightReport(tuple(lines), scope)


def _guarded(what: str, check: Callable[[], list[CheckLine]]) -> list[CheckLine]:
    try:
        return check()
    except CloudError as error:
        return [CheckLine(WARN, _("could not check {what}").format(what=what), str(error))]


SOURCE, DESTINATION = "source", "destination"
# Whole sentences per bucket role: "source" and "destination" take other words in Chinese.
MISSING = {
    SOURCE: N_("the source bucket {bucket} does not exist"),
    DESTINATION: N_("the destination bucket {bucket} does not exist"),
}
UNREADABLE = {
    SOURCE: N_("cannot read the source bucket {bucket}"),
    DESTINATION: N_("cannot read the destination bucket {bucket}"),
}
EXISTS = {
    SOURCE: N_("the source bucket {bucket} exists"),
    DESTINATION: N_("the destination bucket {bucket} exists"),
}


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
                    _(MISSING[role]).format(bucket=bucket),
                    _("create it, or choose an existing bucket"),
                )
            )
        else:
            lines.append(
                CheckLine(FAIL, _(UNREADABLE[role]).format(bucket=bucket), str(error), error)
            )
        return None
    region = _("region {region}").format(region=details.region)
    lines.append(CheckLine(PASS, _(EXISTS[role]).format(bucket=bucket), region))
    return details


def _regions(
    plan: ReplicationPlan, source: BucketDetails, destination: BucketDetails
) -> list[CheckLine]:
    if source.region != destination.region:
        return [
            CheckLine(
                FAIL,
                _("the buckets are in different regions"),
                _(
                    "{source} is in {source_region}, {destination} in {destination_region}; "
                    "same-region replication needs one region"
                ).format(
                    source=source.name,
                    source_region=source.region,
                    destination=destination.name,
                    destination_region=destination.region,
                ),
            )
        ]
    if plan.source_region and source.region != plan.source_region:
        return [
            CheckLine(
                FAIL,
                _("the buckets are in {region}, not {planned}").format(
                    region=source.region, planned=plan.source_region
                ),
                _("choose the region the buckets are in"),
            )
        ]
    return [CheckLine(PASS, _("both buckets are in one region"), source.region)]


def _versioning(
    plan: ReplicationPlan, source: BucketDetails, destination: BucketDetails
) -> list[CheckLine]:
    def state(d: BucketDetails) -> str:
        words = {"": _("never enabled"), "Enabled": _("enabled"), "Suspended": _("suspended")}
        return words.get(d.versioning, d.versioning.lower())

    if source.versioning != destination.versioning:
        return [
            CheckLine(
                FAIL,
                _("the buckets' versioning states differ"),
                _(
                    "{source}: {source_state}, {destination}: {destination_state}; replication "
                    "needs the same state on both, and versioning cannot be changed while a rule "
                    "exists: enable it on both first"
                ).format(
                    source=source.name,
                    source_state=state(source),
                    destination=destination.name,
                    destination_state=state(destination),
                ),
            )
        ]
    if source.versioning == "Enabled":
        return [CheckLine(PASS, _("versioning is enabled on both buckets"))]
    title = _("versioning is {state} on both buckets").format(state=state(source))
    if plan.historical:
        return [
            CheckLine(
                WARN,
                title,
                _(
                    "historical replication overwrites same-name objects in the destination; "
                    "enable versioning on both to keep the overwritten versions"
                ),
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
                    _("the existing rule to this destination is being deleted"),
                    _("rule {rule} is closing; wait until it is gone").format(
                        rule=existing.rule_id
                    ),
                )
            )
        elif differences:
            lines.append(
                CheckLine(
                    FAIL,
                    _("{source} already replicates to {destination} with other settings").format(
                        source=plan.source_bucket, destination=plan.destination_bucket
                    ),
                    _(
                        "rule {rule} (BucketReplicationAlreadyExist): {differences}. A rule "
                        "cannot be edited: delete it, then enable again"
                    ).format(rule=existing.rule_id, differences=clauses(differences)),
                )
            )
        else:
            lines.append(
                CheckLine(
                    WARN,
                    _("this rule already exists"),
                    _(
                        "rule {rule} ({status}) matches the plan; enabling reports it and adds "
                        "nothing"
                    ).format(rule=existing.rule_id, status=status),
                )
            )
    else:
        lines.append(
            CheckLine(
                PASS,
                _("no rule replicates {source} to {destination} yet").format(
                    source=plan.source_bucket, destination=plan.destination_bucket
                ),
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
                    _("{bucket} has {count} replication rules").format(bucket=bucket, count=count),
                    _("a bucket takes at most {limit}").format(limit=limits.RULES_PER_BUCKET),
                )
            )
    if not over:
        lines.append(
            CheckLine(
                PASS,
                _("rule count under {limit}").format(limit=limits.RULES_PER_BUCKET),
                ngettext(
                    "{bucket} has {count} rule as source (rules naming it only as a destination "
                    "are not visible here)",
                    "{bucket} has {count} rules as source (rules naming it only as a destination "
                    "are not visible here)",
                    len(rules),
                ).format(bucket=plan.source_bucket, count=f"{len(rules):,}"),
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
                _("could not check the KMS key {key}").format(key=cmk),
                _("{error}; make sure it exists in {region} and is enabled").format(
                    error=error, region=plan.source_region
                ),
            )
        ]
    if key is None:
        return [
            CheckLine(
                FAIL,
                _("the KMS key {key} does not exist").format(key=cmk),
                _("no such key in {region}; pick another key").format(region=plan.source_region),
            )
        ]
    if key.state and key.state != "Enabled":
        return [
            CheckLine(
                FAIL,
                _("the KMS key {key} is {state}").format(key=cmk, state=key.state),
                _("replicas can only be encrypted with an enabled key"),
            )
        ]
    return [CheckLine(PASS, _("the KMS key {key} is enabled").format(key=cmk), key.description)]


def _scope_line(plan: ReplicationPlan, scope: Scope, oss: OssAdapter) -> CheckLine:
    if not plan.historical:
        return CheckLine(
            PASS,
            _("historical replication is off"),
            _("only objects written after the rule starts are copied"),
        )
    title = _("historical replication would copy {scope}").format(scope=describe_scope(scope))
    narrowed = [
        what
        for what, given in (("prefixes", plan.prefixes), ("tags", plan.tag_filter.tags))
        if given
    ]
    if scope.objects or scope.capped or not narrowed:
        return CheckLine(
            PASS, title, _("counted now from the source with the rule's prefixes and tags")
        )
    if not _has_objects(oss, plan.source_bucket):
        return CheckLine(
            PASS, title, _("{bucket} has no objects yet").format(bucket=plan.source_bucket)
        )
    # The bucket has objects but none is chosen: typically prefixes kept from another source
    # bucket, or a mistyped tag. The rule would still work, for new objects only.
    chosen = " and ".join(narrowed)
    unmatched, later = UNMATCHED[chosen]
    example = _(" (e.g. after changing the source bucket)") if plan.prefixes else ""
    return CheckLine(
        WARN,
        _(unmatched).format(bucket=plan.source_bucket),
        _(later).format(title=title, example=example),
    )


# What is chosen -> (the warning, what follows), as whole sentences for the translation.
UNMATCHED = {
    "prefixes": (
        N_("no existing object in {bucket} matches the chosen prefixes"),
        N_(
            "{title}: only objects written later under these prefixes will be replicated; "
            "check the prefixes{example}"
        ),
    ),
    "tags": (
        N_("no existing object in {bucket} matches the chosen tags"),
        N_(
            "{title}: only objects written later with these tags will be replicated; check the "
            "tags{example}"
        ),
    ),
    "prefixes and tags": (
        N_("no existing object in {bucket} matches the chosen prefixes and tags"),
        N_(
            "{title}: only objects written later that match them will be replicated; check the "
            "prefixes and tags{example}"
        ),
    ),
}


def _has_objects(oss: OssAdapter, bucket: str) -> bool:
    try:
        return next(oss.iter_objects(bucket, page_size=1), None) is not None
    except CloudError:
        return True  # unknown: warn rather than pass in silence
