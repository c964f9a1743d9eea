"""Connection options shared by the commands that talk to the cloud (apply, watch, diff):
``--profile P`` or ``--endpoint URL --region R`` with credentials from the usual sources."""

from __future__ import annotations

import argparse

from srrtui.cloud.types import Connection


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("connection")
    group.add_argument(
        "--profile", help="an srrtui profile (else environment, aliyun CLI, default)"
    )
    group.add_argument("--endpoint", help="OSS endpoint URL, e.g. http://127.0.0.1:9000")
    group.add_argument(
        "--ram-endpoint", help="RAM endpoint (default: the profile's or ram.aliyuncs.com)"
    )
    group.add_argument("--region", help="region id, e.g. cn-hangzhou")


def connection_from_args(args: argparse.Namespace, default_region: str = "") -> Connection:
    """Resolve credentials (never prompting) and apply the command-line overrides.

    Raises ``srrtui.credentials.CredentialsError`` with a plain message when none are found.
    """
    from srrtui.credentials import resolve

    resolved = resolve(args.profile or None)
    endpoint = args.endpoint or ""
    ram_endpoint = args.ram_endpoint or ""
    if endpoint and not ram_endpoint and _is_local(endpoint):
        # A local cloud serves RAM on the same port as OSS.
        ram_endpoint = endpoint
    return resolved.to_connection(
        region=args.region or default_region, endpoint=endpoint, ram_endpoint=ram_endpoint
    )


def _is_local(endpoint: str) -> bool:
    host = endpoint.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    return host in {"127.0.0.1", "localhost", "[::1]"}
