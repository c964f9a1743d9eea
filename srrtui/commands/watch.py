"""``srrtui watch [BUCKET [RULE_ID]]``: the dashboard of replication rules, live. Textual is
imported only here, after the arguments are parsed.

Credentials are resolved before the first frame, as ``srrtui apply`` does, so a missing one is
a plain message and exit code 4 rather than an empty dashboard; ``--demo`` starts the local demo
cloud in a worker after the first frame instead.
"""

from __future__ import annotations

import argparse
import sys

from srrtui.argtypes import positive_seconds
from srrtui.commands.connection import add_connection_arguments, connection_from_args

EXIT_USAGE, EXIT_CREDENTIALS = 2, 4


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "bucket", metavar="BUCKET", nargs="?", default="", help="only this bucket's rules"
    )
    parser.add_argument("rule_id", metavar="RULE_ID", nargs="?", default="", help="open this rule")
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,  # keeps `srrtui --demo watch` a demo too
        help="watch the local demo cloud (nothing leaves this machine)",
    )
    parser.add_argument(
        "--poll-interval",
        type=positive_seconds,
        metavar="SECONDS",
        # Not reset when given before the subcommand (srrtui --poll-interval 5 watch).
        default=argparse.SUPPRESS,
        help="seconds between progress refreshes (default: 15, or 2 with --demo)",
    )
    parser.add_argument(
        "--once",
        action="store_true",
        help="print the rules and their progress once and exit (needs no terminal)",
    )
    parser.add_argument("--json", action="store_true", help="with --once: one JSON document")
    add_connection_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from srrtui.commands.wizard import DEMO_POLL_SECONDS, POLL_SECONDS, run_app
    from srrtui.screens.services import WizardServices
    from srrtui.screens.watch.board import WatchTarget

    demo_asked = bool(getattr(args, "demo", False))
    if args.json and not args.once:
        print("error: --json goes with --once", file=sys.stderr)
        return EXIT_USAGE
    if args.once and demo_asked:
        print(
            "error: --once reads a cloud; the demo cloud lives only inside the dashboard",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not args.once:
        from srrtui.commands.terminal import refuse_without_terminal

        refused = refuse_without_terminal(
            "the watch dashboard", "use `srrtui watch --once` (or --once --json) in scripts"
        )
        if refused is not None:
            return refused
    services = WizardServices(
        profile=args.profile or "", region=args.region or "", endpoint=args.endpoint or ""
    )
    demo = None
    if demo_asked:
        from srrtui.demo import DemoCloud

        demo = DemoCloud(region=args.region or "")
        services.start_demo = demo.start
    else:
        from srrtui.credentials import CredentialsError

        try:
            services.connection = connection_from_args(args)
        except CredentialsError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_CREDENTIALS
        if args.once:
            from srrtui.commands.watch_once import run_once

            return run_once(services.connection, args.bucket, args.rule_id, as_json=args.json)
    interval = getattr(args, "poll_interval", None)
    services.poll_interval = interval or (DEMO_POLL_SECONDS if demo_asked else POLL_SECONDS)

    from srrtui.app import SrrApp

    app = SrrApp(services, start="watch", target=WatchTarget(args.bucket, args.rule_id))
    return run_app(app, demo.stop if demo is not None else None)
