"""``srrtui doctor``: explain where credentials come from and whether the keyring works.

Exit codes: 0 srrtui can get credentials (the report says from where), 1 it cannot. A missing
keyring is then a note with its remedy, not a failure: CI can use ``doctor`` as a check.
"""

from __future__ import annotations

import argparse

from srrtui.argtypes import positive_seconds
from srrtui.domain.words.translate import _

EXIT_OK, EXIT_PROBLEM = 0, 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = _("exit codes: 0 srrtui can get credentials, 1 it cannot")
    parser.add_argument("--profile", help=_("check this srrtui profile instead of the usual order"))
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=5.0,
        help=_("seconds to wait for the system keyring (default 5)"),
    )
    parser.add_argument("--json", action="store_true", help=_("the same report as one JSON object"))
    parser.add_argument(
        "--verbose", action="store_true", help=_("also list every keyring backend and why")
    )


def run(args: argparse.Namespace) -> int:
    # Imported here: `srrtui --help` must not load keyring (it may touch D-Bus).
    from srrtui.credentials.doctor import render, run_doctor

    report = run_doctor(profile=args.profile, timeout=args.timeout, verbose=args.verbose)
    if args.json:
        from srrtui.commands.jsonout import document, print_document

        print_document(document("doctor", **report.to_json()))
    else:
        print(render(report), end="")
    # Scripts (and CI) can tell "srrtui has credentials" from "it has none".
    return EXIT_OK if report.works else EXIT_PROBLEM
