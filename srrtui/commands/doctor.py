"""``srrtui doctor``: explain where credentials come from and whether the keyring works.

Exit codes: 0 no problem found (info, ok and warning lines only), 1 a ``problem`` line was
printed.
"""

from __future__ import annotations

import argparse

from srrtui.argtypes import positive_seconds

EXIT_OK, EXIT_PROBLEM = 0, 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = "exit codes: 0 no problem found, 1 some line says problem"
    parser.add_argument("--profile", help="check this srrtui profile instead of the usual order")
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=5.0,
        help="seconds to wait for the system keyring (default 5)",
    )


def run(args: argparse.Namespace) -> int:
    # Imported here: `srrtui --help` must not load keyring (it may touch D-Bus).
    from srrtui.credentials.doctor import render, run_doctor

    report = run_doctor(profile=args.profile, timeout=args.timeout)
    print(render(report), end="")
    # Scripts (and CI) can tell "credentials are in order" from "something to fix".
    return EXIT_PROBLEM if report.has_problems else EXIT_OK
