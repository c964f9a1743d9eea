"""``srrtui watch [BUCKET [RULE_ID]]``: the dashboard of replication rules, live. Textual is
imported only here, after the arguments are parsed.

Credentials are resolved before the first frame, as ``srrtui apply`` does, so a missing one is
a plain message and exit code 4 rather than an empty dashboard; ``--demo`` starts the local demo
cloud in a worker after the first frame instead.
"""

from __future__ import annotations

import argparse
import sys

from srrtui.commands.connection import add_app_arguments, connection_from_args

EXIT_CREDENTIALS = 4


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "bucket", metavar="BUCKET", nargs="?", default="", help="only this bucket's rules"
    )
    parser.add_argument("rule_id", metavar="RULE_ID", nargs="?", default="", help="open this rule")
    add_app_arguments(parser, "watch the local demo cloud (nothing leaves this machine)")


def run(args: argparse.Namespace) -> int:
    from srrtui.commands.wizard import DEMO_POLL_SECONDS, POLL_SECONDS, run_app
    from srrtui.screens.services import WizardServices
    from srrtui.screens.watch.board import WatchTarget

    demo_asked = bool(getattr(args, "demo", False))
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
    interval = getattr(args, "poll_interval", None)
    services.poll_interval = interval or (DEMO_POLL_SECONDS if demo_asked else POLL_SECONDS)

    from srrtui.app import SrrApp

    app = SrrApp(services, start="watch", target=WatchTarget(args.bucket, args.rule_id))
    return run_app(app, demo.stop if demo is not None else None)
