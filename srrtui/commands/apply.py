"""``srrtui apply PLAN.toml``: preflight, confirm, then the wizard's enable steps.

Exit codes (also in ``apply --help``): see EXIT_CODES_HELP. A preflight check that could not
reach the cloud (timeout, broken connection, throttling, 5xx) is exit 4, not 3: 3 says "fix the
plan or the account", 4 says "try again".
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from srrtui.argtypes import positive_seconds
from srrtui.commands.connection import (
    add_connection_arguments,
    add_timeout_argument,
    connection_from_args,
    policy_from_args,
)
from srrtui.domain.words.errors import error_dict, error_line
from srrtui.domain.words.translate import N_, _

EXIT_OK, EXIT_NOT_CONFIRMED, EXIT_INVALID, EXIT_PREFLIGHT, EXIT_CLOUD = 0, 1, 2, 3, 4
EXIT_CODES_HELP = N_("""exit codes:
  0  done (or, with --dry-run, the preflight passed)
  1  not confirmed: nothing was created
  2  the plan file is invalid (one line per problem names its field)
  3  the preflight failed: fix the plan or the account (a bucket, versioning, the role...)
  4  a cloud, network or credentials error: the cloud could not be reached or answered with an
     error (also when a preflight check could not reach it), or --timeout ran out; try again,
     and a rerun resumes where enable stopped""")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = _(EXIT_CODES_HELP)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("file", type=Path, help=_("the plan file (see `srrtui plan check`)"))
    add_connection_arguments(parser)
    add_timeout_argument(parser)
    parser.add_argument("--dry-run", action="store_true", help=_("stop after the preflight"))
    parser.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    parser.add_argument("--json", action="store_true", help=_("print machine-readable results"))
    parser.add_argument(
        "--watch",
        action="store_true",
        help=_("then follow progress until historical replication completes"),
    )
    parser.add_argument(
        "--interval",
        type=positive_seconds,
        default=10.0,
        help=_("seconds between progress polls (--watch)"),
    )


def run(args: argparse.Namespace, *, sleep: Callable[[float], None] = time.sleep) -> int:
    from srrtui.cloud.types import CloudError
    from srrtui.commands.planio import load_valid_plan
    from srrtui.credentials import CredentialsError

    out = _Output(as_json=args.json)
    loaded = load_valid_plan(args.file, err=sys.stderr)
    if loaded is None:
        return out.finish(EXIT_INVALID)
    plan = loaded.plan
    try:
        policy = policy_from_args(args)
    except ValueError as error:
        print(_("error: {error}").format(error=error), file=sys.stderr)
        return out.finish(EXIT_INVALID)
    try:
        from srrtui.cloud.session import CloudSession

        connection = connection_from_args(args, default_region=plan.source_region)
        session = CloudSession(connection, policy=policy)
        report = session.preflight(plan)
        out.preflight(report)
        if not report.ok:
            if report.unreachable:
                out.say(_("preflight could not reach the cloud: nothing was created; try again"))
                return out.finish(EXIT_CLOUD)
            out.say(_("preflight failed: nothing was created"))
            return out.finish(EXIT_PREFLIGHT)
        if args.dry_run:
            out.say(_("dry run: nothing was created"))
            return out.finish(EXIT_OK)
        if not args.yes and not _confirm(plan.source_bucket, plan.destination_bucket):
            out.say(_("not confirmed: nothing was created"))
            return out.finish(EXIT_NOT_CONFIRMED)
        result = session.enable(plan, on_step=out.step)
        if not result.ok:
            out.say(_("enable stopped; run the same command again to resume where it stopped"))
            return out.finish(EXIT_CLOUD)
        out.rule_id(result.rule_id)
        if args.watch:
            # Watching lasts as long as replication does: each poll keeps the per-try limits
            # and retries, without the command's deadline.
            watching = CloudSession(connection, policy=replace(policy, deadline=None))
            _watch(watching, plan.source_bucket, result.rule_id, args.interval, out, sleep)
        return out.finish(EXIT_OK)
    except CloudError as error:
        out.error(error.code, error.message, error.request_id)
        return out.finish(EXIT_CLOUD)
    except CredentialsError as error:
        out.error("Credentials", str(error), "")
        return out.finish(EXIT_CLOUD)


def _confirm(source: str, destination: str) -> bool:
    if not sys.stdin.isatty():
        print(
            _("stdin is not a terminal, so srrtui will not ask: pass --yes to confirm"),
            file=sys.stderr,
        )
        return False
    print(
        _(
            "This creates a replication rule {source} -> {destination}. "
            "A rule cannot be edited afterwards."
        ).format(source=source, destination=destination),
        file=sys.stderr,
    )
    try:
        answer = input(_("Type yes to create it: "))
    except EOFError:
        return False
    return answer.strip().lower() == "yes"


def _watch(session: Any, bucket: str, rule_id: str, interval: float, out: _Output, sleep) -> None:  # noqa: ANN001
    from srrtui.commands.report_text import progress_line
    from srrtui.domain.rules import RuleStatus

    while True:
        progress = session.rule_progress(bucket, rule_id)
        out.progress(progress, progress_line(progress))
        doing = progress.rule.status is RuleStatus.DOING
        historical_done = not progress.rule.historical or (progress.historical_fraction or 0) >= 1
        if doing and historical_done:
            return
        sleep(interval)


class _Output:
    """Human lines as things happen, or one JSON document at the end."""

    def __init__(self, *, as_json: bool) -> None:
        self.as_json = as_json
        self.document: dict[str, Any] = {"preflight": [], "steps": [], "progress": []}

    def say(self, text: str) -> None:
        if not self.as_json:
            print(text, file=sys.stderr)
        self.document.setdefault("messages", []).append(text)

    def preflight(self, report: Any) -> None:
        from srrtui.commands.report_text import preflight_lines

        self.document["preflight"] = [
            {"status": line.status.value, "title": line.title, "detail": line.detail}
            for line in report.lines
        ]
        if report.scope is not None:
            self.document["scope"] = asdict(report.scope)
        if not self.as_json:
            print("\n".join(preflight_lines(report)))

    def step(self, step: Any) -> None:
        from srrtui.cloud.types import StepState
        from srrtui.commands.report_text import step_line

        if step.state is StepState.RUNNING:
            return  # only outcomes are reported
        entry = {
            "key": step.key,
            "title": step.title,
            "state": step.state.value,
            "detail": step.detail,
        }
        if step.error is not None:
            entry["error"] = error_dict(step.error.code, step.error.message, step.error.request_id)
        self.document["steps"].append(entry)
        if not self.as_json:
            print(step_line(step))

    def rule_id(self, rule_id: str) -> None:
        self.document["rule_id"] = rule_id
        if not self.as_json:
            print(_("rule id: {rule}").format(rule=rule_id))

    def progress(self, progress: Any, line: str) -> None:
        self.document["progress"].append(
            {
                "status": progress.rule.status.value if progress.rule.status else None,
                "historical": progress.historical_fraction,
                "new_object_time": progress.new_object_time.isoformat()
                if progress.new_object_time
                else None,
            }
        )
        if not self.as_json:
            print(line, flush=True)

    def error(self, code: str, message: str, request_id: str) -> None:
        self.document["error"] = error_dict(code, message, request_id)
        print(
            _("error: {error}").format(error=error_line(code, message, request_id)), file=sys.stderr
        )

    def finish(self, code: int) -> int:
        if self.as_json:
            self.document["exit_code"] = code
            print(json.dumps(self.document, indent=2, sort_keys=True))
        return code
