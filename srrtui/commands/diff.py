"""``srrtui diff BUCKET RULE_ID``: the rule's source objects that are missing or different in the
destination, one bounded page at a time, each marked "not replicated yet" or "will not be
replicated" with the reason (``srrtui.cloud.diff``).

Objects outside the rule's scope (its tag filter, SSE-KMS objects it does not replicate,
replicas, archive classes) are expected to differ: they are counted on a line of their own
(listed with ``--all``) and never change the exit status.

Exit codes: 0 nothing in the rule's scope differs on this page (more pages may follow: see
``next page``), 1 some objects in scope differ, 2 bad arguments (an unknown rule id lists the bucket's rules), 4 cloud or
credentials error (Code and RequestId printed).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import Any

from srrtui.argtypes import positive_int
from srrtui.commands.connection import (
    add_connection_arguments,
    add_timeout_argument,
    connection_from_args,
    policy_from_args,
)
from srrtui.commands.jsonout import cloud_error_object, document, error_object, print_document
from srrtui.domain.words.diffs import out_of_scope_line, page_summary
from srrtui.domain.words.errors import error_line
from srrtui.domain.words.sizes import human_bytes
from srrtui.domain.words.text import cells, pad, printable
from srrtui.domain.words.translate import N_, _, listing

EXIT_OK, EXIT_DIFFERS, EXIT_USAGE, EXIT_CLOUD = 0, 1, 2, 4


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = _(
        "objects outside the rule's scope (its tag filter, SSE-KMS, replicas, archive classes) "
        "are counted apart and do not change the exit status. "
        "exit codes: 0 nothing in the rule's scope differs on this page, 1 some objects in "
        "scope differ, "
        "2 bad arguments (e.g. an unknown rule id), 4 cloud or credentials error"
    )
    parser.add_argument("bucket", help=_("the rule's source bucket"))
    parser.add_argument("rule_id", metavar="RULE_ID", help=_("the replication rule's id"))
    parser.add_argument(
        "--limit", type=positive_int, default=100, help=_("report at most N objects (default 100)")
    )
    parser.add_argument(
        "--scan-limit",
        type=positive_int,
        default=1000,
        help=_("compare at most N source objects per page (default 1000)"),
    )
    parser.add_argument("--marker", default="", help=_("start after this key (from `next page`)"))
    parser.add_argument(
        "--all",
        action="store_true",
        help=_(
            "also list the objects outside the rule's scope (they never change the exit status)"
        ),
    )
    parser.add_argument("--json", action="store_true", help=_("print machine-readable results"))
    add_connection_arguments(parser)
    add_timeout_argument(parser)


def run(args: argparse.Namespace) -> int:
    from srrtui.cloud.diff import diff_rule
    from srrtui.cloud.session import CloudSession
    from srrtui.cloud.types import CloudError
    from srrtui.credentials import CredentialsError

    try:
        policy = policy_from_args(args)
    except ValueError as error:
        return _error(args, CloudError("InvalidArgument", str(error)), EXIT_USAGE, "timeout")
    try:
        session = CloudSession(connection_from_args(args), policy=policy)
        rules = session.list_rules(args.bucket)
        rule = next((r for r in rules if r.rule_id == args.rule_id), None)
        if rule is None:
            return _unknown_rule(args, rules)
        page = diff_rule(
            session.oss,
            args.bucket,
            rule,
            limit=args.limit,
            marker=args.marker,
            scan_limit=args.scan_limit,
        )
    except CloudError as error:
        return _error(args, error, EXIT_CLOUD)
    except CredentialsError as error:
        return _error(args, CloudError("Credentials", str(error)), EXIT_CLOUD)
    code = EXIT_DIFFERS if page.in_scope else EXIT_OK
    if args.json:
        print_document(document("diff", **page.to_dict(), ok=True, error=None, exit_code=code))
    else:
        lines = page_lines(page, _next_command(args, page.next_marker), listed_all=args.all)
        print("\n".join(lines))
    return code


def page_lines(page: Any, next_command: str, listed_all: bool = False) -> list[str]:
    """The table of differences in the rule's scope, a summary, the objects outside the scope
    (a count, or a table of their own with ``--all``) and the way on."""
    lines = table(page.in_scope)
    lines.append(page_summary(page))
    outside = page.out_of_scope
    if outside:
        lines += [""] if listed_all else []
        lines.append(out_of_scope_line(len(outside), listed=listed_all))
        lines += table(outside) if listed_all else []
    lines += [_("note: {note}").format(note=printable(note)) for note in page.notes]
    if page.next_marker:
        lines.append(_("next page: {command}").format(command=next_command))
    return lines


DIFF_COLUMNS = (N_("KEY"), N_("SIZE"), N_("DESTINATION"), N_("STATE"), N_("REASON"))


def table(entries: Any) -> list[str]:
    """Key, size, destination, state, reason; nothing when there is nothing to list."""
    lines: list[str] = []
    if entries:
        rows = [tuple(_(name) for name in DIFF_COLUMNS)]
        rows += [
            (
                printable(e.key),
                human_bytes(e.size),
                e.difference.value,
                e.state.value,
                printable(e.reason),
            )
            for e in entries
        ]
        # By terminal cells: object keys (and the Chinese headers) may hold wide characters.
        widths = [max(cells(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            padded = [pad(cell, width) for cell, width in zip(row[:4], widths, strict=True)]
            lines.append("  ".join([*padded, row[4]]).rstrip())
    return lines


def _next_command(args: argparse.Namespace, marker: str) -> str:
    words = ["srrtui", "diff", args.bucket, args.rule_id, "--limit", str(args.limit)]
    return shlex.join([*words, "--marker", marker]) + _(" (and the same connection options)")


def _unknown_rule(args: argparse.Namespace, rules: list[Any]) -> int:
    known = [f"{r.rule_id} (-> {r.destination_bucket})" for r in rules]
    listed = (
        _("its rules: {rules}").format(rules=listing(known))
        if known
        else _("it has no replication rules")
    )
    message = _("no rule {rule!r} on bucket {bucket!r}; {listed}").format(
        rule=args.rule_id, bucket=args.bucket, listed=listed
    )
    if args.json:
        error = error_object("NoSuchReplicationRule", message, field="rule_id")
        known_rules = [{"rule_id": r.rule_id, "destination": r.destination_bucket} for r in rules]
        print_document(
            document("diff", ok=False, error=error, rules=known_rules, exit_code=EXIT_USAGE)
        )
    print(_("error: {error}").format(error=printable(message)), file=sys.stderr)
    return EXIT_USAGE


def _error(args: argparse.Namespace, error: Any, exit_code: int, field: str | None = None) -> int:
    """``error`` is a CloudError; ``field`` names the option behind a bad argument."""
    line = error_line(error.code, printable(error.message), error.request_id)
    print(_("error: {error}").format(error=line), file=sys.stderr)
    if args.json:
        made = cloud_error_object(error)
        if field is not None:
            made["field"] = field
        print_document(document("diff", ok=False, error=made, exit_code=exit_code))
    return exit_code
