"""``srrtui apply PLAN... | DIR``: every plan's preflight, one confirmation, then the wizard's
enable steps for each plan, a few plans at a time (``srrtui.commands.apply.flow``).

Exit codes (also in ``apply --help``): see EXIT_CODES_HELP. A preflight check that could not
reach the cloud (timeout, broken connection, throttling, 5xx) is exit 4, not 3: 3 says "fix the
plan or the account", 4 says "try again".
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from srrtui.arghelp import RawDescriptionHelpFormatter
from srrtui.argtypes import positive_int, positive_seconds
from srrtui.commands.connection import add_connection_arguments, add_timeout_argument
from srrtui.domain.batch import (
    EXIT_CLOUD,
    EXIT_INVALID,
    EXIT_NOT_CONFIRMED,
    EXIT_OK,
    EXIT_PREFLIGHT,
)
from srrtui.domain.words.translate import N_, _

__all__ = ["EXIT_CLOUD", "EXIT_INVALID", "EXIT_NOT_CONFIRMED", "EXIT_OK", "EXIT_PREFLIGHT"]

# Plans worked on at once. Each plan makes a handful of OSS and RAM calls in a row; four in
# flight stay far below the per-account API rate limits and still overlap the network waits.
# Throttled calls are retried with backoff either way (srrtui.cloud.retry).
DEFAULT_JOBS = 4

EXIT_CODES_HELP = N_("""exit codes:
  0  done (or, with --dry-run, every preflight passed)
  1  not confirmed: nothing was created
  2  a plan file is invalid (one line per problem names its field)
  3  the preflight failed: fix the plan or the account (a bucket, versioning, the role...)
  4  a cloud, network or credentials error: the cloud could not be reached or answered with an
     error (also when a preflight check could not reach it), or --timeout ran out; try again,
     and a rerun resumes where enable stopped
  130  stopped by Ctrl+C (the summary says what was done)

With many plans the code is the worst among them. Without --keep-going, nothing is enabled unless every plan is valid and passes its preflight.
When two or more plans want a new role, they share new roles (oss-replication-...), ten plans
to a role (RAM attaches at most 10 custom policies to a role), each plan attaching its own
least-privilege policy. Running the same plans again creates nothing new.""")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = _(EXIT_CODES_HELP)
    parser.formatter_class = RawDescriptionHelpFormatter
    parser.add_argument(
        "plans",
        type=Path,
        nargs="+",
        metavar="PLAN",
        help=_("plan files (see `srrtui plan check`), or folders of them (*.toml)"),
    )
    add_connection_arguments(parser)
    add_timeout_argument(parser, per_plan=True)
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=DEFAULT_JOBS,
        metavar="N",
        help=_(
            "work on at most N plans at once (default {jobs}, well within OSS's and RAM's API "
            "rate limits; throttled calls are retried with backoff)"
        ).format(jobs=DEFAULT_JOBS),
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help=_("enable the plans that pass their preflight even when others fail it"),
    )
    parser.add_argument("--dry-run", action="store_true", help=_("stop after the preflight"))
    parser.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    parser.add_argument(
        "--json",
        action="store_true",
        help=_("print machine-readable results (with --watch: JSON Lines events as they happen)"),
    )
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
    from srrtui.commands.apply.flow import apply

    return apply(args, sleep=sleep)
