"""Preflight: may the person running srrtui make the RAM calls the plan's role route needs?

Found as a real account allows: STS GetCallerIdentity says who the caller is; the account's own
key may do everything; a RAM user's policies are read (ListPoliciesForUser, ListGroupsForUser,
ListPoliciesForGroup, then GetPolicy for each document) and every needed action is judged with
the domain's evaluator, so a user who may read a role but not attach a policy is stopped before
anything is created. When the policies cannot be read (the read itself refused, an assumed
role's session, an identity type srrtui does not know) the line is a warning that says which,
and does not block. Sources: docs/reference-notes.md.
"""

from __future__ import annotations

from srrtui.cloud.identity import ACCOUNT, ASSUMED_ROLE, RAM_USER, caller_identity
from srrtui.cloud.ram import AttachedPolicy, RamAdapter
from srrtui.cloud.types import CheckLine, CheckStatus, CloudError
from srrtui.domain.caller_permissions import missing_permissions, needed_permissions
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.words import roles as words

PASS, WARN, FAIL = CheckStatus.PASS, CheckStatus.WARN, CheckStatus.FAIL
# srrtui's own code for a permission the caller's policies do not grant (docs/json.md).
MISSING_PERMISSION = "MissingPermission"


def check_caller(plan: ReplicationPlan, ram: RamAdapter) -> list[CheckLine]:
    try:
        who = caller_identity(ram.connection, ram.policy)
    except CloudError as error:
        return [_unchecked(plan, words.unchecked_identity(), "*", error)]
    if who.identity_type == ACCOUNT:
        return [CheckLine(PASS, *words.caller_is_account())]
    if who.identity_type == ASSUMED_ROLE:
        return [_unchecked(plan, words.unchecked_assumed_role(who.name), who.account_id)]
    if who.identity_type != RAM_USER:
        return [_unchecked(plan, who.arn or who.identity_type, who.account_id)]
    try:
        documents = _user_documents(ram, who.name)
    except CloudError as error:
        why = words.unchecked_policies(who.name, f"ram:{error.operation}: {error.code}")
        return [_unchecked(plan, why, who.account_id, error)]
    needed = _needed(plan, who.account_id)
    missing = missing_permissions(needed, documents)
    if not missing:
        return [CheckLine(PASS, *words.caller_allowed(who.name, len(needed)))]
    title, detail = words.caller_missing(who.name, missing)
    refusal = CloudError(MISSING_PERMISSION, title, operation=missing[0].removeprefix("ram:"))
    return [CheckLine(FAIL, title, detail, refusal)]


def _needed(plan: ReplicationPlan, account_id: str) -> list[tuple[str, str]]:
    return needed_permissions(plan.role.kind, plan.sync_role_name, plan.new_policy_name, account_id)


def _unchecked(
    plan: ReplicationPlan, why: str, account_id: str, error: CloudError | None = None
) -> CheckLine:
    needs = [action for action, _resource in _needed(plan, account_id)]
    return CheckLine(WARN, *words.caller_unchecked(why, needs), error)


def _user_documents(ram: RamAdapter, user: str) -> list[tuple[str, str]]:
    """(label, document) of every policy the user carries, directly or through a group."""
    attached: list[AttachedPolicy] = list(ram.policies_for_user(user))
    for group in ram.groups_for_user(user):
        attached.extend(ram.policies_for_group(group))
    documents = []
    for policy in attached:
        document = ram.get_policy_document(policy.name, policy.policy_type or "Custom")
        if document:
            documents.append((f"{policy.policy_type} policy {policy.name}", document))
    return documents
