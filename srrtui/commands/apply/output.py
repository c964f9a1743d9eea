"""What ``srrtui apply`` prints: human lines as things happen, one JSON document at the end
(``--json``), or JSON Lines events as they happen (``--json --watch``).

The shapes are ``srrtui/assets/schemas/apply.schema.json`` (docs/json.md). Workers call in
from several threads: every print holds one lock, so lines never interleave.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import asdict
from typing import Any

from srrtui.cloud.batch import PlanRun, SharedRole
from srrtui.cloud.types import CloudError, EnableStep, PreflightReport, StepState
from srrtui.commands import jsonout
from srrtui.commands.report_text import preflight_lines, progress_line, step_line
from srrtui.domain.batch import Outcome
from srrtui.domain.words import batch as words
from srrtui.domain.words.errors import error_line
from srrtui.domain.words.text import printable
from srrtui.domain.words.translate import _, titled

COMMAND = "apply"
Json = dict[str, Any]


def preflight_object(report: PreflightReport) -> list[Json]:
    return [
        {
            "status": line.status.value,
            "title": line.title,
            "detail": line.detail,
            "error": jsonout.cloud_error_object(line.error) if line.error else None,
        }
        for line in report.lines
    ]


def step_object(step: EnableStep) -> Json:
    return {
        "key": step.key,
        "title": step.title,
        "state": step.state.value,
        "detail": step.detail,
        "error": jsonout.cloud_error_object(step.error) if step.error else None,
    }


def progress_object(progress: Any) -> Json:
    return {
        "status": progress.rule.status.value if progress.rule.status else None,
        "historical": progress.historical_fraction,
        "new_object_time": progress.new_object_time.isoformat()
        if progress.new_object_time
        else None,
    }


class Output:
    def __init__(self, *, as_json: bool, stream: bool, single: bool) -> None:
        self.as_json = as_json
        self.stream = stream  # JSON Lines events (--json --watch)
        self.single = single  # one plan: every preflight line and step, as before
        self._lock = threading.Lock()
        self.plans: dict[str, Json] = {}
        self.messages: list[str] = []
        self.roles: list[Json] = []
        self.error: Json | None = None

    # -- output primitives --------------------------------------------------------------------
    def _human(self, text: str, *, err: bool = False) -> None:
        if not self.as_json:
            with self._lock:
                print(text, file=sys.stderr if err else sys.stdout, flush=True)

    def _event(self, kind: str, **fields: Any) -> None:
        if self.stream:
            with self._lock:
                jsonout.print_line(jsonout.event(COMMAND, kind, **fields))

    def plan(self, run: PlanRun) -> Json:
        """The plan's entry of the document, made on first use."""
        with self._lock:
            if run.key not in self.plans:
                self.plans[run.key] = {
                    "file": run.key,
                    "source_bucket": run.plan.source_bucket,
                    "destination_bucket": run.plan.destination_bucket,
                    "sync_role": "",
                    "outcome": Outcome.NOT_STARTED.value,
                    "reason": "",
                    "problems": [],
                    "preflight": [],
                    "scope": None,
                    "steps": [],
                    "rule_id": "",
                    "progress": [],
                    "error": None,
                }
            return self.plans[run.key]

    # -- what happens -------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.messages.append(text)
        self._human(text, err=True)
        self._event("message", text=text)

    def invalid(self, run: PlanRun, problems: list[Json]) -> None:
        entry = self.plan(run)
        entry["problems"] = problems
        for problem in problems:
            text = titled(problem["field"], problem["message"])
            self._human(text if self.single else titled(run.key, text), err=True)

    def preflight(self, run: PlanRun) -> None:
        entry = self.plan(run)
        if run.applied is not None:
            entry["sync_role"] = run.applied.sync_role_name
        if run.error is not None:
            entry["error"] = jsonout.cloud_error_object(run.error)
            line = error_line(run.error.code, printable(run.error.message))
            self._human(titled(run.key, line))
            self._event("preflight", plan=run.key, ok=False, lines=[], error=entry["error"])
            return
        report = run.report
        assert report is not None
        entry["preflight"] = preflight_object(report)
        entry["scope"] = asdict(report.scope) if report.scope is not None else None
        if self.single:
            self._human("\n".join(preflight_lines(report)))
        elif not report.ok:
            failed = [titled(run.key, line) for line in preflight_lines(report) if "FAIL" in line]
            self._human("\n".join(failed))
        self._event("preflight", plan=run.key, ok=report.ok, lines=entry["preflight"])

    def shared_role(self, role: SharedRole) -> None:
        made = {
            "name": role.name,
            "state": "failed" if role.error else "existed" if role.existed else "created",
            "error": jsonout.cloud_error_object(role.error) if role.error else None,
        }
        with self._lock:
            self.roles.append(made)
        self._event("role", role=made)

    def step(self, run: PlanRun, step: EnableStep) -> None:
        if step.state is StepState.RUNNING:
            return  # only outcomes are reported
        entry = self.plan(run)
        with self._lock:
            entry["steps"].append(step_object(step))
        if self.single:
            self._human(step_line(step))
        self._event("step", plan=run.key, step=step_object(step))

    def decided(self, run: PlanRun, outcome: Outcome, reason: str, rule_id: str = "") -> None:
        entry = self.plan(run)
        entry.update(outcome=outcome.value, reason=reason, rule_id=rule_id)
        if run.applied is not None:
            entry["sync_role"] = run.applied.sync_role_name  # the shared role's slot is known
        if self.single:
            if rule_id:
                self._human(_("rule id: {rule}").format(rule=rule_id))
        elif outcome not in (Outcome.NOT_STARTED, Outcome.PREFLIGHT_FAILED):
            # (a failed preflight's FAIL lines are printed already)
            self._human(titled(run.key, titled(words.outcome_word(outcome), reason)))
        self._event("plan_done", plan=dict(entry))

    def progress(self, run: PlanRun, progress: Any) -> None:
        entry = self.plan(run)
        made = progress_object(progress)
        with self._lock:
            entry["progress"].append(made)
        line = progress_line(progress)
        self._human(line if self.single else titled(run.key, line))
        self._event("progress", plan=run.key, progress=made)

    def fail(self, error: CloudError) -> None:
        """A command-wide error (credentials, a bad argument): no plan could run."""
        self.error = jsonout.cloud_error_object(error)
        with self._lock:
            line = error_line(error.code, printable(error.message), error.request_id)
            print(_("error: {error}").format(error=line), file=sys.stderr, flush=True)
        self._event("error", error=self.error)

    # -- the end --------------------------------------------------------------------------------
    def finish(self, code: int, counts: dict[str, int], *, dry_run: bool, interrupted: bool) -> int:
        if not self.as_json:
            rows = [
                (
                    key,
                    f"{p['source_bucket']} -> {p['destination_bucket']}",
                    Outcome(p["outcome"]),
                    printable(p["reason"]),
                )
                for key, p in self.plans.items()
            ]
            if not self.single and rows:
                print("\n".join(["", *words.summary_table(rows), words.summary_line(counts)]))
            return code
        doc = jsonout.document(
            COMMAND,
            ok=code == 0,
            exit_code=code,
            dry_run=dry_run,
            interrupted=interrupted,
            summary=counts,
            roles=self.roles,
            plans=list(self.plans.values()),
            messages=self.messages,
            error=self.error,
        )
        if self.single and self.plans:
            # One plan: its fields at the top as well, where apply --json always had them.
            (only,) = self.plans.values()
            doc.update({k: only[k] for k in ("preflight", "scope", "steps", "rule_id", "progress")})
            doc["error"] = self.error or only["error"] or _first_step_error(only)
        if self.stream:
            skip = ("command", "schema_version")
            self._event("done", **{k: v for k, v in doc.items() if k not in skip})
        else:
            jsonout.print_document(doc)
        return code


def _first_step_error(plan: Json) -> Json | None:
    return next((s["error"] for s in plan["steps"] if s["error"]), None)
