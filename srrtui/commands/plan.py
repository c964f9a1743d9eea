"""``srrtui plan check FILE`` and ``srrtui plan render FILE --as FORMAT``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from srrtui.domain.plan import ReplicationPlan

EXIT_OK = 0
EXIT_INVALID = 2

RENDERINGS = ("xml", "policy", "trust-policy", "ossutil", "terraform", "python")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="validate a plan file; exit 2 with one line per problem",
        description="Validate a plan file (as the wizard's 'save plan' writes it) without "
        "calling the cloud: names, region, prefixes, tags, KMS and role are checked.",
        epilog="exit codes: 0 valid (warnings printed to stderr), 2 invalid (one "
        "'field: message' line per problem on stderr)",
    )
    check.add_argument("file", type=Path, metavar="FILE", help="the plan file (TOML) to check")
    render = actions.add_parser(
        "render",
        help="print the request, a policy or an export of a plan",
        description="Print what the plan becomes: the PutBucketReplication request, the role's "
        "policies, or the same rule for other tools.",
        epilog="exit codes: 0 printed, 2 invalid plan (nothing printed to stdout)",
    )
    render.add_argument("file", type=Path, metavar="FILE", help="the plan file (TOML) to render")
    render.add_argument(
        "--as",
        dest="form",
        choices=RENDERINGS,
        required=True,
        help="xml: the PutBucketReplication body; policy / trust-policy: the new role's "
        "permission and trust policies; ossutil, terraform, python: the same rule as a "
        "command, a resource or a script",
    )


def run(args: argparse.Namespace) -> int:
    from srrtui.commands.planio import load_valid_plan

    loaded = load_valid_plan(args.file, err=sys.stderr)
    if loaded is None:
        return EXIT_INVALID
    if args.plan_command == "check":
        print(f"{args.file}: valid", file=sys.stderr)
        return EXIT_OK
    sys.stdout.write(_renderer(args.form)(loaded.plan).rstrip("\n") + "\n")
    return EXIT_OK


def _renderer(form: str) -> Callable[[ReplicationPlan], str]:
    from srrtui.domain import exports, policies, replication_xml

    return {
        "xml": replication_xml.render_put_replication,
        "policy": policies.policy_json,
        "trust-policy": lambda _plan: policies.trust_policy_json(),
        "ossutil": exports.ossutil_command,
        "terraform": exports.terraform_resource,
        "python": exports.python_snippet,
    }[form]
