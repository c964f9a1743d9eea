"""Many plans against one account: every plan's preflight, then enabling, on at most ``jobs``
threads, each thread with its own ``CloudSession`` (the SDK clients are not shared across
threads).

Ctrl+C (a KeyboardInterrupt in the thread that waits) sets ``stop``: no plan starts after it,
the calls already running finish or time out under their retry policy, and ``interrupted``
says so; the caller reports what was done. Retries of throttling and 5xx answers happen in each
call (``srrtui.cloud.retry``), so a plan's worker only sees the final answer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import TypeVar

from srrtui.cloud.enable import NewRoleNames, enable
from srrtui.cloud.oss import find_rule_to
from srrtui.cloud.retry import Deadline, RetryPolicy
from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import CloudError, EnableResult, EnableStep, PreflightReport
from srrtui.domain.batch import place_policies, wants_shared_role, with_shared_role
from srrtui.domain.plan import ReplicationPlan, shared_role_name, shared_role_slot

T = TypeVar("T")


@dataclass
class PlanRun:
    """One plan through the batch; filled in as it goes."""

    key: str  # how the plan is named in the report (its file)
    plan: ReplicationPlan  # as the file says
    applied: ReplicationPlan | None = None  # as enabled (the shared role, or its own)
    names: NewRoleNames | None = None  # the policy it attaches to a shared role
    unplaced: bool = False  # wants a shared role whose slot is not chosen yet
    report: PreflightReport | None = None
    error: CloudError | None = None  # the preflight could not be made at all
    result: EnableResult | None = None


@dataclass(frozen=True)
class SharedRole:
    name: str
    existed: bool
    error: CloudError | None = None


class Batch:
    """``policy``'s deadline (``--timeout``) bounds each plan's calls, not the whole run: every
    thread's session has a deadline of its own, restarted when the thread takes a plan."""

    def __init__(
        self, make_session: Callable[[RetryPolicy], CloudSession], policy: RetryPolicy, jobs: int
    ) -> None:
        self._make_session = make_session
        self._policy = policy
        self.jobs = max(1, jobs)
        self.stop = threading.Event()
        self.interrupted = False
        self._local = threading.local()

    def session(self) -> CloudSession:
        """This thread's session."""
        session: CloudSession | None = getattr(self._local, "session", None)
        if session is None:
            policy = self._policy
            if policy.deadline is not None:
                policy = replace(policy, deadline=Deadline(policy.deadline.seconds))
            self._local.deadline = policy.deadline
            session = self._local.session = self._make_session(policy)
        return session

    def _fresh_session(self) -> CloudSession:
        """This thread's session, with the whole deadline ahead of the plan it starts."""
        session = self.session()
        deadline: Deadline | None = self._local.deadline
        if deadline is not None:
            deadline.restart()
        return session

    def each(self, items: Iterable[T], work: Callable[[T], object]) -> None:
        """``work(item)`` for every item on at most ``jobs`` threads, until ``stop``."""

        def guarded(item: T) -> None:
            if not self.stop.is_set():
                work(item)

        with ThreadPoolExecutor(self.jobs, thread_name_prefix="srrtui-apply") as pool:
            pending: set[Future[None]] = {pool.submit(guarded, item) for item in items}
            while pending:
                try:
                    done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                    for future in done:
                        if not future.cancelled():
                            future.result()  # a bug in work() is not swallowed
                except KeyboardInterrupt:
                    self.stop.set()
                    self.interrupted = True
                    for future in pending:
                        future.cancel()  # not started: never will be

    # -- the stages --------------------------------------------------------------------------
    def preflight(self, run: PlanRun, share: bool) -> None:
        session = self._fresh_session()
        try:
            run.applied, run.names, run.unplaced = _role_for(session, run.plan, share)
            run.report = session.preflight(run.applied)
        except CloudError as error:
            run.error = error

    def place_on_shared_roles(self, runs: Iterable[PlanRun]) -> None:
        """Choose each unplaced plan's shared role: the one its policy is attached to already,
        else the first with room for one more custom policy (RAM's quota per role). Reads
        the region's shared roles in slot order until one does not exist."""
        waiting: dict[str, list[PlanRun]] = {}
        for run in runs:
            if run.unplaced and run.names is not None:
                waiting.setdefault(run.plan.source_region, []).append(run)
        ram = self._fresh_session().ram
        for region, group in waiting.items():
            slots: list[set[str]] = []
            while ram.get_role(name := shared_role_name(region, len(slots))) is not None:
                attached = ram.policies_for_role(name)
                slots.append({p.name for p in attached if p.policy_type == "Custom"})
            placed = place_policies(slots, [run.names.policy for run in group if run.names])
            for run in group:
                assert run.names is not None
                run.applied = with_shared_role(run.plan, placed[run.names.policy])
                run.unplaced = False

    def create_shared_roles(self, runs: Iterable[PlanRun]) -> list[SharedRole]:
        """Each shared role once, before the plans that use it run in parallel."""
        from srrtui.domain.policies import trust_policy_json

        wanted = {
            run.applied.sync_role_name: run
            for run in runs
            if run.names is not None and run.applied is not None
        }
        made = []
        for name, run in sorted(wanted.items()):
            if self.stop.is_set():
                break
            assert run.names is not None
            try:
                _role, existed = self._fresh_session().ram.create_role(
                    name, trust_policy_json(indent=None), run.names.role_description
                )
                made.append(SharedRole(name, existed))
            except CloudError as error:
                made.append(SharedRole(name, False, error))
        return made

    def enable(self, run: PlanRun, on_step: Callable[[PlanRun, EnableStep], object]) -> None:
        assert run.applied is not None
        session = self._fresh_session()
        run.result = enable(
            run.applied, session.oss, session.ram, lambda step: on_step(run, step), run.names
        )


def _role_for(
    session: CloudSession, plan: ReplicationPlan, share: bool
) -> tuple[ReplicationPlan, NewRoleNames | None, bool]:
    """The plan as apply enables it, its shared role's names, and whether that role's slot is
    still to choose. A plan that wants a new role gets one of the region's shared roles when
    ``share`` (many such plans in one run), else its own, as the wizard and the exports make
    it. When its rule exists already, the role the rule names is kept either way, so a plan
    applied alone and then with others (or the other way round) converges."""
    from srrtui.domain.policies import shared_role_description

    if not wants_shared_role(plan):
        return plan, None, False
    region = plan.source_region
    names = NewRoleNames(plan.new_policy_name, shared_role_description(region))
    try:
        rules = tuple(session.list_rules(plan.source_bucket))
    except CloudError as error:
        if error.code != "NoSuchBucket":
            raise
        rules = ()  # the preflight says so
    existing = find_rule_to(rules, plan.destination_bucket)
    if existing is not None:
        if existing.sync_role == plan.sync_role_name:
            return plan, None, False
        slot = shared_role_slot(region, existing.sync_role)
        if slot is not None:
            return with_shared_role(plan, slot), names, False
    if not share:
        return plan, None, False
    return with_shared_role(plan), names, True
