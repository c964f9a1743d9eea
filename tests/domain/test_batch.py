"""Many plans' pure parts: outcomes, the exit code, and which shared role each plan's policy
goes on (RAM attaches at most 10 custom policies to a role)."""

from __future__ import annotations

from srrtui.domain.batch import (
    Outcome,
    counts,
    exit_code,
    outcome_of_steps,
    place_policies,
    share_roles,
    with_shared_role,
)
from srrtui.domain.limits import CUSTOM_POLICIES_PER_ROLE
from srrtui.domain.plan import (
    ReplicationPlan,
    RoleChoice,
    RoleKind,
    shared_role_name,
    shared_role_slot,
)


def plan(index: int, role: RoleChoice | None = None) -> ReplicationPlan:
    return ReplicationPlan(
        source_bucket=f"src-{index}",
        source_region="cn-hangzhou",
        destination_bucket=f"dst-{index}",
        role=role or RoleChoice(),
    )


def test_policies_fill_the_first_role_with_room_and_stay_where_they_are() -> None:
    slots: list[set[str]] = []
    placed = place_policies(slots, [f"p{i}" for i in range(23)])
    assert [len(s) for s in slots] == [10, 10, 3] and CUSTOM_POLICIES_PER_ROLE == 10
    assert placed["p0"] == 0 and placed["p10"] == 1 and placed["p22"] == 2
    # A rerun: each policy found where it is attached, a new one goes where there is room.
    again = [set(s) for s in slots]
    assert place_policies(again, ["p22", "p5", "new"]) == {"p22": 2, "p5": 0, "new": 2}
    # Policies attached by hand count against the quota too.
    full = [{f"by-hand-{i}" for i in range(10)}]
    assert place_policies(full, ["p"]) == {"p": 1}


def test_shared_role_names_are_stable_per_region_and_slot() -> None:
    names = [shared_role_name("cn-hangzhou", slot) for slot in range(3)]
    assert len(set(names)) == 3 and all(n.startswith("oss-replication-") for n in names)
    assert len(names[0]) <= 64
    assert [shared_role_slot("cn-hangzhou", n) for n in names] == [0, 1, 2]
    assert shared_role_slot("cn-beijing", names[1]) is None
    assert shared_role_slot("cn-hangzhou", plan(1).sync_role_name) is None
    assert with_shared_role(plan(1), 2).sync_role_name == names[2]
    custom = plan(1, RoleChoice(RoleKind.CUSTOM, "mine"))
    assert with_shared_role(custom) == custom


def test_roles_are_shared_only_by_two_or_more_plans_wanting_a_new_role() -> None:
    assert not share_roles([plan(1)])
    assert not share_roles([plan(1), plan(2, RoleChoice(RoleKind.ALIYUN_OSS_ROLE))])
    assert share_roles([plan(1), plan(2)])


def test_the_exit_code_is_the_worst_outcome() -> None:
    assert exit_code([Outcome.CREATED, Outcome.EXISTED]) == 0
    assert exit_code([Outcome.CREATED, Outcome.INVALID]) == 2
    assert exit_code([Outcome.INVALID, Outcome.PREFLIGHT_FAILED]) == 3
    assert exit_code([Outcome.PREFLIGHT_FAILED, Outcome.FAILED]) == 4
    assert exit_code([Outcome.CREATED, Outcome.NOT_STARTED], interrupted=True) == 130
    assert exit_code([Outcome.NOT_STARTED], confirmed=False) == 1
    assert outcome_of_steps(["existed", "done"]) is Outcome.CREATED
    assert outcome_of_steps(["existed", "existed"]) is Outcome.EXISTED
    assert outcome_of_steps(["done", "failed", "skipped"]) is Outcome.FAILED
    assert counts([Outcome.CREATED, Outcome.CREATED])["created"] == 2
    assert set(counts([])) == {o.value for o in Outcome}
