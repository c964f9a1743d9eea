"""Enabling a plan as a list of steps, each reported through ``on_step`` as it changes.

New role: create-role -> create-policy -> attach-policy -> put-rule. Custom role or
AliyunOSSRole: check-role -> put-rule. Every step first looks at what exists (the names are
deterministic, ``ReplicationPlan.sync_role_name`` / ``new_policy_name``), so running the same plan
again after any failure resumes where it stopped and never creates a second role, policy or
rule. A failed step carries its CloudError; the steps after it are SKIPPED, so the result says
exactly what exists.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace

from srrtui.cloud.oss import OssAdapter, find_rule_to
from srrtui.cloud.ram import RamAdapter
from srrtui.cloud.roles import OSS_SERVICE, denied_permissions
from srrtui.cloud.types import CloudError, EnableResult, EnableStep, StepState
from srrtui.domain.plan import ReplicationPlan, RoleKind
from srrtui.domain.policy_eval import PolicyFormatError, trusts_service
from srrtui.domain.rules import RuleConfig, RuleStatus
from srrtui.domain.validation import validate
from srrtui.domain.words.translate import _, clauses

StepCallback = Callable[[EnableStep], object]  # its result is ignored


@dataclass(frozen=True)
class NewRoleNames:
    """The new role's least-privilege policy and the role's description, when they are not the
    plan's own: ``srrtui apply`` gives many plans one shared role, each plan its own policy."""

    policy: str
    role_description: str


def _names(plan: ReplicationPlan, names: NewRoleNames | None) -> NewRoleNames:
    from srrtui.domain.policies import role_description

    return names or NewRoleNames(plan.new_policy_name, role_description(plan))


class _Steps:
    def __init__(self, steps: list[tuple[str, str]], on_step: StepCallback | None) -> None:
        self.order = [key for key, _ in steps]
        self.steps = {key: EnableStep(key, title) for key, title in steps}
        self.on_step = on_step

    def set(
        self, key: str, state: StepState, detail: str = "", error: CloudError | None = None
    ) -> None:
        self.steps[key] = replace(self.steps[key], state=state, detail=detail, error=error)
        if self.on_step is not None:
            self.on_step(self.steps[key])

    def fail_from(self, key: str, error: CloudError) -> None:
        self.set(key, StepState.FAILED, error.message, error)
        for later in self.order[self.order.index(key) + 1 :]:
            self.set(later, StepState.SKIPPED, _("not run: an earlier step failed"))

    def result(self, rule_id: str = "") -> EnableResult:
        return EnableResult(tuple(self.steps[key] for key in self.order), rule_id)


def plan_steps(plan: ReplicationPlan, names: NewRoleNames | None = None) -> list[tuple[str, str]]:
    role, policy = plan.sync_role_name, _names(plan, names).policy
    rule = (
        "put-rule",
        _("Add the rule {source} -> {destination}").format(
            source=plan.source_bucket, destination=plan.destination_bucket
        ),
    )
    if plan.role.kind is RoleKind.NEW:
        return [
            ("create-role", _("Create the RAM role {role}").format(role=role)),
            ("create-policy", _("Create the policy {policy}").format(policy=policy)),
            ("attach-policy", _("Attach {policy} to {role}").format(policy=policy, role=role)),
            rule,
        ]
    return [("check-role", _("Check the RAM role {role}").format(role=role)), rule]


def enable(
    plan: ReplicationPlan,
    oss: OssAdapter,
    ram: RamAdapter,
    on_step: StepCallback | None = None,
    names: NewRoleNames | None = None,
) -> EnableResult:
    names = _names(plan, names)
    steps = _Steps(plan_steps(plan, names), on_step)
    problems = validate(plan).problems
    if problems:
        text = "; ".join(str(p) for p in problems)
        steps.fail_from(steps.order[0], CloudError("InvalidPlan", text, operation="validate"))
        return steps.result()
    for key in steps.order[:-1]:
        steps.set(key, StepState.RUNNING)
        try:
            state, detail = _ROLE_STEPS[key](plan, ram, names)
        except CloudError as error:
            steps.fail_from(key, error)
            return steps.result()
        steps.set(key, state, detail)
    steps.set("put-rule", StepState.RUNNING)
    try:
        state, rule = _put_rule(plan, oss)
    except CloudError as error:
        steps.fail_from("put-rule", error)
        return steps.result()
    status = rule.status.value if rule.status is not None else "unknown"
    steps.set(
        "put-rule", state, _("rule {rule} ({status})").format(rule=rule.rule_id, status=status)
    )
    return steps.result(rule.rule_id)


def _create_role(
    plan: ReplicationPlan, ram: RamAdapter, names: NewRoleNames
) -> tuple[StepState, str]:
    from srrtui.domain.policies import trust_policy_json

    role, existed = ram.create_role(
        plan.sync_role_name, trust_policy_json(indent=None), names.role_description
    )
    if existed:
        _require_trust(role.name, role.trust_policy)
    return (StepState.EXISTED if existed else StepState.DONE), role.arn


def _create_policy(
    plan: ReplicationPlan, ram: RamAdapter, names: NewRoleNames
) -> tuple[StepState, str]:
    from srrtui.domain.policies import policy_description, policy_json

    name = names.policy
    wanted = policy_json(plan, indent=None)
    description = policy_description(plan)
    current, existed = ram.create_policy(name, wanted, description)
    if not existed:
        return StepState.DONE, _("least-privilege policy for these two buckets")
    if _same_document(current, wanted):
        return StepState.EXISTED, _("same document as planned")
    role = ram.get_role(plan.sync_role_name)
    reasons = (
        denied_permissions(plan, role, [(name, current)]) if role else [_("the role is missing")]
    )
    if reasons:
        raise CloudError(
            "PolicyMismatch",
            _(
                "the policy {policy} already exists with other permissions ({reasons}); "
                "delete it and enable again"
            ).format(policy=name, reasons=clauses(reasons[:3])),
            operation="CreatePolicy",
        )
    return StepState.EXISTED, _("an existing document that allows everything the plan needs")


def _attach_policy(
    plan: ReplicationPlan, ram: RamAdapter, names: NewRoleNames
) -> tuple[StepState, str]:
    existed = ram.attach_policy(plan.sync_role_name, names.policy, "Custom")
    return (StepState.EXISTED if existed else StepState.DONE), ""


def _check_role(
    plan: ReplicationPlan, ram: RamAdapter, _names: NewRoleNames
) -> tuple[StepState, str]:
    name = plan.sync_role_name
    role = ram.get_role(name)
    if role is None:
        raise CloudError(
            "EntityNotExist.Role",
            _("the role {role} does not exist").format(role=name),
            operation="GetRole",
        )
    if plan.role.kind is RoleKind.CUSTOM:
        _require_trust(name, role.trust_policy)
    return StepState.EXISTED, role.arn


_ROLE_STEPS: dict[
    str, Callable[[ReplicationPlan, RamAdapter, NewRoleNames], tuple[StepState, str]]
] = {
    "create-role": _create_role,
    "create-policy": _create_policy,
    "attach-policy": _attach_policy,
    "check-role": _check_role,
}


def _require_trust(name: str, document: str) -> None:
    try:
        trusted = trusts_service(document, OSS_SERVICE)
    except PolicyFormatError:
        trusted = False
    if not trusted:
        raise CloudError(
            "RoleNotTrustingOss",
            _(
                "the role {role} exists but its trust policy does not let {service} assume it"
            ).format(role=name, service=OSS_SERVICE),
            operation="GetRole",
        )


def _same_document(a: str, b: str) -> bool:
    try:
        return bool(json.loads(a) == json.loads(b))
    except ValueError:
        return False


def _put_rule(plan: ReplicationPlan, oss: OssAdapter) -> tuple[StepState, RuleConfig]:
    """Report an identical existing rule as EXISTED; refuse a different one; else put."""
    existing = _matching_rule(plan, oss)
    if existing is not None:
        return StepState.EXISTED, existing
    try:
        rule_id = oss.put_rule(plan)
    except CloudError as error:
        if error.code != "BucketReplicationAlreadyExist":
            raise
        # Someone (or a lost response of ours) added it meanwhile: judge what is there.
        existing = _matching_rule(plan, oss)
        if existing is None:
            raise
        return StepState.EXISTED, existing
    rules = oss.list_rules(plan.source_bucket)
    rule = next((r for r in rules if rule_id and r.rule_id == rule_id), None)
    rule = rule or find_rule_to(rules, plan.destination_bucket)
    if rule is None:
        raise CloudError(
            "RuleNotFound",
            "PutBucketReplication succeeded but the rule is not listed by GetBucketReplication",
            operation="GetBucketReplication",
        )
    return StepState.DONE, rule


def _matching_rule(plan: ReplicationPlan, oss: OssAdapter) -> RuleConfig | None:
    from srrtui.domain.replication_xml import plan_differences

    existing = find_rule_to(oss.list_rules(plan.source_bucket), plan.destination_bucket)
    if existing is None:
        return None
    if existing.status is RuleStatus.CLOSING:
        raise CloudError(
            "BucketReplicationAlreadyExist",
            f"rule {existing.rule_id} to {plan.destination_bucket} is being deleted; "
            "wait until it is gone and enable again",
            operation="GetBucketReplication",
        )
    differences = plan_differences(plan, existing)
    if differences:
        raise CloudError(
            "BucketReplicationAlreadyExist",
            f"rule {existing.rule_id} already replicates {plan.source_bucket} to "
            f"{plan.destination_bucket} with other settings: {'; '.join(differences)}. "
            "A rule cannot be edited: delete it first",
            operation="GetBucketReplication",
        )
    return existing
