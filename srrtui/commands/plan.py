"""``srrtui plan check FILE`` and ``srrtui plan render FILE --as FORMAT``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from srrtui.domain.exports.result import ExportText
from srrtui.domain.plan import ReplicationPlan, RoleKind
from srrtui.domain.words.translate import _

EXIT_OK = 0
EXIT_INVALID = 2
EXIT_LOSSY = 3  # the export cannot express a choice of the plan (see --allow-lossy)

RENDERINGS = ("xml", "policy", "trust-policy", "ossutil", "terraform", "python")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help=_("validate a plan file; exit 2 with one line per problem"),
        description=_(
            "Validate a plan file (as the wizard's 'save plan' writes it) without "
            "calling the cloud: names, region, prefixes, tags, KMS and role are checked."
        ),
        epilog=_(
            "exit codes: 0 valid (warnings printed to stderr), 2 invalid (one "
            "'field: message' line per problem on stderr)"
        ),
    )
    check.add_argument("file", type=Path, metavar="FILE", help=_("the plan file (TOML) to check"))
    check.add_argument(
        "--json",
        action="store_true",
        help=_("print the result as one JSON object (each problem with its field) on stdout"),
    )
    render = actions.add_parser(
        "render",
        help=_("print the request, a policy or an export of a plan"),
        description=_(
            "Print what the plan becomes: the PutBucketReplication request, the role's "
            "policies, or the same rule for other tools."
        ),
        epilog=_(
            "exit codes: 0 printed, 2 invalid plan (nothing printed to stdout), 3 the export "
            "cannot express every choice of the plan (see --allow-lossy)"
        ),
    )
    render.add_argument("file", type=Path, metavar="FILE", help=_("the plan file (TOML) to render"))
    render.add_argument(
        "--as",
        dest="form",
        choices=RENDERINGS,
        required=True,
        help=_(
            "xml: the PutBucketReplication body; policy / trust-policy: the new role's "
            "permission and trust policies; ossutil, terraform, python: the same rule as a "
            "command, a resource or a script"
        ),
    )
    render.add_argument(
        "--allow-lossy",
        action="store_true",
        help=_(
            "print an export even when it cannot express every choice (the losses go to stderr)"
        ),
    )
    render.add_argument(
        "--import",
        dest="import_rule_id",
        metavar="RULE_ID",
        default="",
        help=_("terraform: adopt the existing rule RULE_ID (and srrtui's role) with import blocks"),
    )
    render.add_argument(
        "--ossutil",
        type=int,
        choices=(1, 2),
        default=2,
        help=_(
            "ossutil: the 1.x 'replication --method put' or 2.x 'api put-bucket-replication' form"
        ),
    )


def run(args: argparse.Namespace) -> int:
    from srrtui.commands.planio import load_valid_plan

    if args.plan_command == "check" and args.json:
        return _check_json(args.file)
    loaded = load_valid_plan(args.file, err=sys.stderr)
    if loaded is None:
        return EXIT_INVALID
    if args.plan_command == "check":
        print(_("{file}: valid").format(file=args.file), file=sys.stderr)
        return EXIT_OK
    if args.import_rule_id and args.form != "terraform":
        print(_("--import is for --as terraform"), file=sys.stderr)
        return EXIT_INVALID
    rendered = render(
        loaded.plan, args.form, import_rule_id=args.import_rule_id, ossutil=args.ossutil
    )
    for caveat in rendered.caveats:
        print(_("warning: {text}").format(text=caveat), file=sys.stderr)
    if rendered.losses:
        lossy = _("warning: {text}") if args.allow_lossy else _("error: {error}")
        for loss in rendered.losses:
            cannot = _("the {form} export cannot express {loss}").format(form=args.form, loss=loss)
            print(lossy.format(text=cannot, error=cannot), file=sys.stderr)
        if not args.allow_lossy:
            print(
                _(
                    "nothing printed; pass --allow-lossy to print it anyway (the file says what "
                    "it leaves out), or use --as python / --as ossutil, which keep every choice"
                ),
                file=sys.stderr,
            )
            return EXIT_LOSSY
    sys.stdout.write(rendered.text.rstrip("\n") + "\n")
    return EXIT_OK


def _check_json(path: Path) -> int:
    """``plan check --json``: the problems and warnings as objects (srrtui/assets/schemas/
    plan-check.schema.json); problems also go to stderr as ``field: message`` lines."""
    from srrtui.commands.jsonout import document, issue_object, print_document
    from srrtui.commands.planio import check_plan_file

    check = check_plan_file(path)
    for problem in check.problems:
        print(problem, file=sys.stderr)
    code = EXIT_OK if check.loaded is not None else EXIT_INVALID
    errors = [issue_object(p.field, p.message, p.code) for p in check.problems]
    warnings = [issue_object(w.field, w.message, w.code) for w in check.warnings]
    print_document(
        document(
            "plan check",
            file=str(path),
            ok=code == EXIT_OK,
            errors=errors,
            warnings=warnings,
            exit_code=code,
        )
    )
    return code


def render(
    plan: ReplicationPlan, form: str, *, import_rule_id: str = "", ossutil: int = 2
) -> ExportText:
    """One rendering of a plan, with what it cannot carry."""
    from srrtui.domain import exports, policies, replication_xml

    if form == "terraform":
        return exports.terraform_config(plan, import_rule_id=import_rule_id)
    if form == "ossutil":
        return exports.shell_script(plan, ossutil=ossutil)
    if form == "python":
        return exports.python_script(plan)
    if form == "policy" and plan.role.kind is not RoleKind.NEW:
        return ExportText(exports.system_policy_text(plan))
    text: Callable[[ReplicationPlan], str] = {
        "xml": replication_xml.render_put_replication,
        "policy": policies.policy_json,
        "trust-policy": lambda _plan: policies.trust_policy_json(),
    }[form]
    return ExportText(text(plan))
