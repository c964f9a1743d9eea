"""The stages of ``srrtui apply``: read every plan, preflight every plan, ask once, create the
shared roles, enable the plans, follow them (--watch), sum up. Each stage runs only on the
plans the stage before let through; the exit code is the worst outcome (srrtui.domain.batch).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from srrtui.cloud.batch import Batch, PlanRun
from srrtui.cloud.types import CheckStatus, CloudError
from srrtui.commands import jsonout
from srrtui.commands.apply.output import Output
from srrtui.commands.connection import connection_from_args, policy_from_args
from srrtui.domain import batch as outcomes
from srrtui.domain.batch import Outcome
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.words import batch as words
from srrtui.domain.words.translate import _, ngettext, titled


def plan_paths(given: list[Path]) -> list[Path]:
    """The plan files named, a folder standing for its ``*.toml`` files (sorted by name)."""
    paths: list[Path] = []
    for path in given:
        if path.is_dir():
            inside = sorted(p for p in path.glob("*.toml") if p.is_file())
            paths.extend(inside or [path])  # an empty folder: reported as holding no plan
        else:
            paths.append(path)
    return list(dict.fromkeys(paths))  # a file named twice (or by its folder too) runs once


class _Apply:
    def __init__(self, args: argparse.Namespace, sleep: Callable[[float], None]) -> None:
        self.args = args
        self.sleep = sleep
        self.paths = plan_paths(args.plans)
        single = len(self.paths) == 1
        self.out = Output(as_json=args.json, stream=args.json and args.watch, single=single)
        self.outcome: dict[str, Outcome] = {}
        self.interrupted = False
        self.confirmed = True

    def decide(self, run: PlanRun, outcome: Outcome, reason: str, rule_id: str = "") -> None:
        self.outcome[run.key] = outcome
        self.out.decided(run, outcome, reason, rule_id)

    def finish(self) -> int:
        code = outcomes.exit_code(
            self.outcome.values(), interrupted=self.interrupted, confirmed=self.confirmed
        )
        counts = outcomes.counts(self.outcome.values())
        return self.out.finish(
            code, counts, dry_run=self.args.dry_run, interrupted=self.interrupted
        )

    # -- stage 1: read ---------------------------------------------------------------------
    def read(self) -> list[PlanRun]:
        from srrtui.commands.planio import check_plan_file

        runs: list[PlanRun] = []
        pairs: dict[tuple[str, str], str] = {}
        warnings: dict[str, list[str]] = {}
        region = self.args.region or ""  # the run's: --region, else the first plan's
        for path in self.paths:
            check = check_plan_file(path)
            plan = check.loaded.plan if check.loaded else ReplicationPlan()
            run = PlanRun(str(path), plan)
            self.out.plan(run)  # the report lists the plans in the order given
            problems = [jsonout.issue_object(p.field, p.message, p.code) for p in check.problems]
            if path.is_dir():
                problems = [jsonout.issue_object("file", words.no_plans_in(str(path)), "plan-file")]
            region = region or plan.source_region
            if check.loaded is not None and not self.out.single:
                problems += self._conflicts(plan, pairs, region)
            if problems:
                self.out.invalid(run, problems)
                first = problems[0]
                self.decide(run, Outcome.INVALID, titled(first["field"], first["message"]))
                continue
            for issue in check.warnings:
                warnings.setdefault(str(issue), []).append(run.key)
            pairs[(plan.source_bucket, plan.destination_bucket)] = run.key
            runs.append(run)
        for text, keys in warnings.items():  # each once, however many plans share it
            said = text if self.out.single else titled(_plans_named(keys), text)
            self.out.say(_("warning: {text}").format(text=said))
        return runs

    @staticmethod
    def _conflicts(
        plan: ReplicationPlan, pairs: dict[tuple[str, str], str], region: str
    ) -> list[jsonout.Json]:
        """What makes a valid plan unfit for this run: another plan of the same pair (one
        rule per pair), or another region (one run talks to one region's endpoints)."""
        problems = []
        other = pairs.get((plan.source_bucket, plan.destination_bucket))
        if other is not None:
            message = words.same_pair_as(other)
            problems.append(jsonout.issue_object("destination.bucket", message, "duplicate-plan"))
        if plan.source_region and region and plan.source_region != region:
            message = words.other_region(plan.source_region, region)
            problems.append(jsonout.issue_object("source.region", message, "other-run-region"))
        return problems

    # -- stage 2: preflight ----------------------------------------------------------------
    def preflight(self, batch: Batch, runs: list[PlanRun]) -> list[PlanRun]:
        share = outcomes.share_roles([run.plan for run in runs])

        def check(run: PlanRun) -> None:
            _guard(run, lambda: batch.preflight(run, share))
            self.out.preflight(run)
            if run.error is not None:
                self.decide(run, Outcome.FAILED, str(run.error))
            elif run.report is not None and not run.report.ok:
                failed = next(line for line in run.report.lines if line.status is CheckStatus.FAIL)
                unreachable = run.report.unreachable
                self.decide(
                    run,
                    Outcome.FAILED if unreachable else Outcome.PREFLIGHT_FAILED,
                    titled(failed.title, failed.detail),
                )

        batch.each(runs, check)
        self.interrupted = batch.interrupted
        return [run for run in runs if run.report is not None and run.report.ok]

    # -- stage 3: enable -------------------------------------------------------------------
    def enable(self, batch: Batch, runs: list[PlanRun]) -> None:
        try:
            batch.place_on_shared_roles(runs)
            roles = batch.create_shared_roles(runs)
        except KeyboardInterrupt:  # before any plan started: each is reported not started
            self.interrupted = True
            return
        failed_roles = {}
        for role in roles:
            self.out.shared_role(role)
            if role.error is not None:
                failed_roles[role.name] = role.error

        def work(run: PlanRun) -> None:
            assert run.applied is not None
            role_error = failed_roles.get(run.applied.sync_role_name)
            if role_error is not None:
                self.decide(run, Outcome.FAILED, str(role_error))
                return
            _guard(run, lambda: batch.enable(run, self.out.step))
            result = run.result
            if result is None:
                assert run.error is not None
                self.decide(run, Outcome.FAILED, str(run.error))
                return
            outcome = outcomes.outcome_of_steps(step.state.value for step in result.steps)
            failed = next((s for s in result.steps if s.error is not None), None)
            reason = str(failed.error) if failed and failed.error else f"rule {result.rule_id}"
            self.decide(run, outcome, reason, result.rule_id)

        batch.each(runs, work)
        self.interrupted = self.interrupted or batch.interrupted

    # -- stage 4: watch ----------------------------------------------------------------------
    def watch(self, batch: Batch, runs: list[PlanRun]) -> None:
        from srrtui.domain.rules import RuleStatus

        following = [r for r in runs if r.result is not None and r.result.ok]
        try:
            while following:
                for run in list(following):
                    assert run.result is not None
                    progress = batch.session().rule_progress(
                        run.plan.source_bucket, run.result.rule_id
                    )
                    self.out.progress(run, progress)
                    doing = progress.rule.status is RuleStatus.DOING
                    done = not progress.rule.historical or (progress.historical_fraction or 0) >= 1
                    if doing and done:
                        following.remove(run)
                if following:
                    self.sleep(self.args.interval)
        except KeyboardInterrupt:
            self.interrupted = True


def apply(args: argparse.Namespace, *, sleep: Callable[[float], None]) -> int:
    from srrtui.cloud.session import CloudSession
    from srrtui.credentials import CredentialsError

    flow = _Apply(args, sleep)
    out = flow.out
    runs = flow.read()
    if len(runs) < len(flow.paths) and not args.keep_going:
        for run in runs:
            flow.decide(run, Outcome.NOT_STARTED, words.held_back())
        if not flow.out.single:
            out.say(_("a plan file is invalid: nothing was created"))
        return flow.finish()
    if not runs:
        return flow.finish()
    try:
        policy = policy_from_args(args)
    except ValueError as error:
        out.fail(CloudError("InvalidArgument", str(error)))
        for run in runs:
            flow.decide(run, Outcome.INVALID, str(error))
        return flow.finish()
    try:
        connection = connection_from_args(args, default_region=runs[0].plan.source_region)
    except CredentialsError as error:
        out.fail(CloudError("Credentials", str(error)))
        for run in runs:
            flow.decide(run, Outcome.FAILED, f"Credentials: {error}")
        return flow.finish()
    batch = Batch(lambda each: CloudSession(connection, policy=each), policy, args.jobs)
    passed = flow.preflight(batch, runs)
    blocked = len(passed) < len(runs)
    if flow.interrupted or (blocked and not args.keep_going):
        reason = words.stopped() if flow.interrupted else words.held_back()
        for run in passed:
            flow.decide(run, Outcome.NOT_STARTED, reason)
        if flow.interrupted:
            out.say(words.interrupted_note())
        elif any(flow.outcome.get(run.key) is Outcome.FAILED for run in runs):
            out.say(_("preflight could not reach the cloud: nothing was created; try again"))
        else:
            out.say(_("preflight failed: nothing was created"))
        return flow.finish()
    if args.dry_run:
        for run in passed:
            flow.decide(run, Outcome.CHECKED, "")
        out.say(_("dry run: nothing was created"))
        return flow.finish()
    pairs = [f"{r.plan.source_bucket} -> {r.plan.destination_bucket}" for r in passed]
    if passed and not args.yes and not _confirm(pairs):
        flow.confirmed = False
        for run in passed:
            flow.decide(run, Outcome.NOT_STARTED, _("not confirmed"))
        out.say(_("not confirmed: nothing was created"))
        return flow.finish()
    flow.enable(batch, passed)
    for run in passed:
        if run.key not in flow.outcome:
            flow.decide(run, Outcome.NOT_STARTED, words.stopped())
    if flow.interrupted:
        out.say(words.interrupted_note())
    elif any(flow.outcome[r.key] is Outcome.FAILED for r in passed):
        out.say(_("enable stopped; run the same command again to resume where it stopped"))
    elif args.watch:
        # Watching lasts as long as replication does: each poll keeps the per-try limits
        # and retries, without the command's deadline.
        watching = replace(policy, deadline=None)
        flow.watch(Batch(lambda each: CloudSession(connection, policy=each), watching, 1), passed)
    return flow.finish()


def _plans_named(keys: list[str]) -> str:
    if len(keys) == 1:
        return keys[0]
    return ngettext("{count} plan", "{count} plans", len(keys)).format(count=len(keys))


def _guard(run: PlanRun, work: Callable[[], None]) -> None:
    """Credentials that stop working mid-run (an expired STS token that cannot be refreshed)
    fail this plan like any cloud error."""
    from srrtui.credentials import CredentialsError

    try:
        work()
    except CredentialsError as error:
        run.error = CloudError("Credentials", str(error))


def _confirm(pairs: list[str]) -> bool:
    if not sys.stdin.isatty():
        print(
            _("stdin is not a terminal, so srrtui will not ask: pass --yes to confirm"),
            file=sys.stderr,
        )
        return False
    print(words.confirm_question(pairs), file=sys.stderr)
    try:
        answer = input(
            _("Type yes to create it: ") if len(pairs) == 1 else _("Type yes to create them: ")
        )
    except EOFError:
        return False
    return answer.strip().lower() == "yes"
