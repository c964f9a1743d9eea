"""Many plans applied at once (``srrtui apply PLAN... | DIR``): each plan's outcome, the counts
for the summary, the exit code that sums them up, and the one new role plans share.

Pure: the cloud layer runs the plans (``srrtui.cloud.batch``) and the command prints them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import Enum

from srrtui.domain.limits import CUSTOM_POLICIES_PER_ROLE
from srrtui.domain.plan import ReplicationPlan, RoleChoice, RoleKind, shared_role_name

EXIT_OK, EXIT_NOT_CONFIRMED, EXIT_INVALID, EXIT_PREFLIGHT, EXIT_CLOUD = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130  # Ctrl+C: the shell's 128 + SIGINT


class Outcome(str, Enum):
    """What became of one plan. The values are stable: scripts read them (``--json``)."""

    CREATED = "created"  # something was created (the rule, or a missing role or policy)
    EXISTED = "existed"  # everything the plan needs already existed: nothing was created
    CHECKED = "checked"  # --dry-run: the preflight passed; nothing was created
    INVALID = "invalid"  # the plan file is invalid
    PREFLIGHT_FAILED = "preflight-failed"  # fix the plan or the account
    FAILED = "failed"  # a cloud, network or credentials error: try again
    NOT_STARTED = "not-started"  # held back (another plan failed its preflight), or stopped


def outcome_of_steps(states: Iterable[str]) -> Outcome:
    """A plan's outcome from its enable steps' states (``StepState`` values)."""
    seen = set(states)
    if "failed" in seen:
        return Outcome.FAILED
    if "done" in seen:
        return Outcome.CREATED
    return Outcome.EXISTED


def counts(outcomes: Iterable[Outcome]) -> dict[str, int]:
    """How many plans had each outcome, every outcome named (0 when none)."""
    found = Counter(outcomes)
    return {outcome.value: found.get(outcome, 0) for outcome in Outcome}


def exit_code(
    outcomes: Iterable[Outcome], *, interrupted: bool = False, confirmed: bool = True
) -> int:
    """The worst that happened: 4 a cloud error, 3 a failed preflight, 2 an invalid plan,
    130 stopped by Ctrl+C, 1 not confirmed, else 0."""
    seen = set(outcomes)
    if Outcome.FAILED in seen:
        return EXIT_CLOUD
    if Outcome.PREFLIGHT_FAILED in seen:
        return EXIT_PREFLIGHT
    if Outcome.INVALID in seen:
        return EXIT_INVALID
    if interrupted:
        return EXIT_INTERRUPTED
    if not confirmed:
        return EXIT_NOT_CONFIRMED
    return EXIT_OK


def wants_shared_role(plan: ReplicationPlan) -> bool:
    """A plan that asks for a new role without naming it: apply gives it the region's shared
    role (its own least-privilege policy is attached to that role)."""
    return plan.role.kind is RoleKind.NEW and not plan.role.name


def share_roles(plans: Iterable[ReplicationPlan]) -> bool:
    """Whether a run shares new roles: when two or more of its plans want one. A plan alone
    gets its own role, the one the wizard and the exports create for it."""
    return sum(1 for plan in plans if wants_shared_role(plan)) >= 2


def with_shared_role(plan: ReplicationPlan, slot: int = 0) -> ReplicationPlan:
    """The plan with one of its region's shared new roles as its SyncRole."""
    if not wants_shared_role(plan):
        return plan
    name = shared_role_name(plan.source_region, slot)
    return plan.with_changes(role=RoleChoice(RoleKind.NEW, name))


def place_policies(
    slots: list[set[str]], policies: Iterable[str], per_role: int = CUSTOM_POLICIES_PER_ROLE
) -> dict[str, int]:
    """The slot of each policy: the one it is attached to already (a rerun), else the first
    with room (``slots`` holds each existing shared role's attached custom policies, and is
    updated; a new slot is opened when every role is full)."""
    placed: dict[str, int] = {}
    wanted = list(dict.fromkeys(policies))
    for policy in wanted:
        slot = next((i for i, attached in enumerate(slots) if policy in attached), None)
        if slot is not None:
            placed[policy] = slot
    for policy in wanted:
        if policy in placed:
            continue
        slot = next((i for i, attached in enumerate(slots) if len(attached) < per_role), None)
        if slot is None:
            slots.append(set())
            slot = len(slots) - 1
        slots[slot].add(policy)
        placed[policy] = slot
    return placed
