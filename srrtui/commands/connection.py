"""Connection options shared by the commands that talk to the cloud (apply, watch, diff):
``--profile P`` or ``--endpoint URL --region R`` with credentials from the usual sources."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from srrtui.argtypes import endpoint_url, positive_seconds, region_id
from srrtui.cloud.types import Connection
from srrtui.domain.words.translate import _, clauses

if TYPE_CHECKING:
    from srrtui.cloud.retry import RetryPolicy
    from srrtui.cloud.types import CloudError
    from srrtui.credentials.resolved import ResolvedCredentials

TIMEOUT_ENV = "SRRTUI_TIMEOUT"


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        _("connection"),
        _(
            "A profile whose secret is in the encrypted file needs its passphrase: the first\n"
            "line of the file named by $SRRTUI_PASSPHRASE_FILE (readable by you only), or of\n"
            "what is read from the file descriptor named by $SRRTUI_PASSPHRASE_FD.\n"
            "Never a command-line argument."
        ),
    )
    # SUPPRESS: when absent here, the same option given before the command (``srrtui --profile
    # P apply ...``) is kept instead of being reset to None by this subparser.
    keep = argparse.SUPPRESS
    group.add_argument(
        "--profile",
        default=keep,
        help=_("an srrtui profile (else environment, aliyun CLI, default)"),
    )
    group.add_argument(
        "--endpoint",
        type=endpoint_url,
        default=keep,
        help=_("OSS endpoint URL, e.g. http://127.0.0.1:9000"),
    )
    group.add_argument(
        "--ram-endpoint", help=_("RAM endpoint (default: the profile's or ram.aliyuncs.com)")
    )
    group.add_argument(
        "--region", type=region_id, default=keep, help=_("region id, e.g. cn-hangzhou")
    )


def add_app_arguments(parser: argparse.ArgumentParser, demo_help: str) -> None:
    """``--demo`` and ``--poll-interval`` for the commands that run the app (watch, serve), then
    the connection options. Not reset when given before the command (``srrtui --demo watch``,
    ``srrtui --poll-interval 5 serve``)."""
    parser.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help=demo_help)
    parser.add_argument(
        "--poll-interval",
        type=positive_seconds,
        metavar="SECONDS",
        default=argparse.SUPPRESS,
        help=_("seconds between progress refreshes (default: 15, or 2 with --demo)"),
    )
    add_connection_arguments(parser)


def connection_from_args(args: argparse.Namespace, default_region: str = "") -> Connection:
    """Resolve credentials (never prompting) and apply the command-line overrides.

    Raises ``srrtui.credentials.CredentialsError`` with a plain message when none are found.
    """
    from srrtui.credentials import PassphraseRequired, resolve
    from srrtui.credentials.passphrase_source import FD_ENV, FILE_ENV

    try:
        resolved = resolve(args.profile or None)
    except PassphraseRequired as exc:  # no terminal to ask on: say how a script gives it
        how = _(
            "give it in a file only you can read, named by {file}, or on the file descriptor "
            "named by {fd} (never on the command line)"
        ).format(file=f"${FILE_ENV}", fd=f"${FD_ENV}")
        raise PassphraseRequired(clauses([str(exc), how])) from None
    # Without --ram-endpoint the cloud layer picks RAM's: ram.aliyuncs.com, or the same port
    # for a local cloud (srrtui.cloud.ram.ram_target).
    return resolved.to_connection(
        region=args.region or default_region or _remembered(resolved),
        endpoint=args.endpoint or "",
        ram_endpoint=args.ram_endpoint or "",
    )


def _remembered(resolved: ResolvedCredentials) -> str:
    """The region the wizard's picker remembered for credentials that carry none."""
    from srrtui.credentials.profiles import ProfileStore
    from srrtui.credentials.remembered import region_for

    return region_for(resolved, ProfileStore())


def add_timeout_argument(parser: argparse.ArgumentParser, *, per_plan: bool = False) -> None:
    """``--timeout``: for the whole command, or (``per_plan``: apply) for each plan's calls."""
    words = (
        _(
            "the most each plan's cloud calls may take in all, retries included (default: "
            "${variable}, else 40); a try gets a quarter of it, and each retry is said on stderr"
        )
        if per_plan
        else _(
            "the most the command's cloud calls may take in all, retries included (default: "
            "${variable}, else 40); a try gets a quarter of it, and each retry is said on stderr"
        )
    )
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        metavar="SECONDS",
        help=words.format(variable=TIMEOUT_ENV),
    )


def policy_from_args(args: argparse.Namespace) -> RetryPolicy:
    """The command's one retry policy: --timeout (or $SRRTUI_TIMEOUT) in all, retries on stderr.
    Raises ValueError with a message for a bad $SRRTUI_TIMEOUT."""
    from srrtui.cloud.retry import DEFAULT_COMMAND_SECONDS, command_policy

    seconds = getattr(args, "timeout", None)
    if seconds is None:
        text = os.environ.get(TIMEOUT_ENV, "")
        try:
            seconds = positive_seconds(text) if text else DEFAULT_COMMAND_SECONDS
        except argparse.ArgumentTypeError as exc:
            raise ValueError(f"${TIMEOUT_ENV} {exc}") from None
    return command_policy(seconds, on_retry=_say_retry)


def _say_retry(operation: str, error: CloudError, pause: float, next_try: int, tries: int) -> None:
    # The code only: a transport message may quote the endpoint's answer at length.
    said = _("{operation} failed ({code}); retrying in {seconds} s (try {number} of {tries})")
    print(
        "srrtui: "
        + said.format(
            operation=operation,
            code=error.code,
            seconds=f"{pause:.1f}",
            number=next_try,
            tries=tries,
        ),
        file=sys.stderr,
        flush=True,
    )
