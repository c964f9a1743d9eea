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
from srrtui.domain.words.translate import _

EXIT_CREDENTIALS = 4


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "bucket", metavar="BUCKET", nargs="?", default="", help=_("only this bucket's rules")
    )
    parser.add_argument(
        "rule_id", metavar="RULE_ID", nargs="?", default="", help=_("open this rule")
    )
    add_app_arguments(parser, _("watch the local demo cloud (nothing leaves this machine)"))
    parser.add_argument(
        "--once",
        action="store_true",
        help=_("print the rules and their progress once, then exit (no screen)"),
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help=_(
            "with --once: one JSON object; alone: JSON Lines events until Ctrl+C "
            "(schemas: docs/json.md)"
        ),
    )


def run(args: argparse.Namespace) -> int:
    if args.once or args.json:
        return run_headless(args)
    from srrtui.commands.terminal import refuse_without_terminal

    refused = refuse_without_terminal(
        _("the watch dashboard"),
        _("use `srrtui watch --once` (or --once --json, or --json) in scripts"),
    )
    if refused is not None:
        return refused
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
            print(_("error: {error}").format(error=error), file=sys.stderr)
            return EXIT_CREDENTIALS
    interval = getattr(args, "poll_interval", None)
    services.poll_interval = interval or (DEMO_POLL_SECONDS if demo_asked else POLL_SECONDS)

    from srrtui.app import SrrApp

    app = SrrApp(services, start="watch", target=WatchTarget(args.bucket, args.rule_id))
    return run_app(app, demo.stop if demo is not None else None)


def run_headless(args: argparse.Namespace) -> int:
    """``--once`` / ``--json``: no Textual; the demo cloud, if asked for, lives for the run."""
    from srrtui.commands import watch_headless as headless
    from srrtui.commands.wizard import DEMO_POLL_SECONDS, POLL_SECONDS
    from srrtui.screens.services import utc_now

    demo = None
    if getattr(args, "demo", False):
        from srrtui.demo import DemoCloud

        demo = DemoCloud(region=args.region or "")
        connection = demo.start()
    else:
        from srrtui.credentials import CredentialsError

        try:
            connection = connection_from_args(args)
        except CredentialsError as error:
            print(_("error: {error}").format(error=error), file=sys.stderr)
            return EXIT_CREDENTIALS
    from srrtui.cloud.session import CloudSession

    cloud = CloudSession(connection)
    try:
        if args.once:
            return headless.run_once(
                cloud, args.bucket, args.rule_id, utc_now, as_json=args.json, out=sys.stdout
            )
        interval = getattr(args, "poll_interval", None) or (
            DEMO_POLL_SECONDS if demo is not None else POLL_SECONDS
        )
        lines = headless.JsonLines(sys.stdout)
        return headless.stream_until_interrupted(
            lambda stop: headless.stream(
                cloud, args.bucket, args.rule_id, utc_now, interval, lines, stop
            )
        )
    finally:
        if demo is not None:
            demo.stop()
