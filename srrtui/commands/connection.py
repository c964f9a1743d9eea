"""Connection options shared by the commands that talk to the cloud (apply, watch, diff):
``--profile P`` or ``--endpoint URL --region R`` with credentials from the usual sources."""

from __future__ import annotations

import argparse

from srrtui.argtypes import endpoint_url, positive_seconds, region_id
from srrtui.cloud.types import Connection


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("connection")
    # SUPPRESS: when absent here, the same option given before the command (``srrtui --profile
    # P apply ...``) is kept instead of being reset to None by this subparser.
    keep = argparse.SUPPRESS
    group.add_argument(
        "--profile", default=keep, help="an srrtui profile (else environment, aliyun CLI, default)"
    )
    group.add_argument(
        "--endpoint",
        type=endpoint_url,
        default=keep,
        help="OSS endpoint URL, e.g. http://127.0.0.1:9000",
    )
    group.add_argument(
        "--ram-endpoint", help="RAM endpoint (default: the profile's or ram.aliyuncs.com)"
    )
    group.add_argument("--region", type=region_id, default=keep, help="region id, e.g. cn-hangzhou")


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
        help="seconds between progress refreshes (default: 15, or 2 with --demo)",
    )
    add_connection_arguments(parser)


def connection_from_args(args: argparse.Namespace, default_region: str = "") -> Connection:
    """Resolve credentials (never prompting) and apply the command-line overrides.

    Raises ``srrtui.credentials.CredentialsError`` with a plain message when none are found.
    """
    from srrtui.credentials import resolve

    resolved = resolve(args.profile or None)
    # Without --ram-endpoint the cloud layer picks RAM's: ram.aliyuncs.com, or the same port
    # for a local cloud (srrtui.cloud.ram.ram_target).
    return resolved.to_connection(
        region=args.region or default_region,
        endpoint=args.endpoint or "",
        ram_endpoint=args.ram_endpoint or "",
    )
