"""The wizard (``srrtui`` with no subcommand) and ``srrtui --demo``. Textual is imported only
here, after the arguments are parsed."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from srrtui.app import SrrApp
    from srrtui.screens.services import WizardServices

    services = WizardServices(
        profile=args.profile or "", region=args.region or "", endpoint=args.endpoint or ""
    )
    demo = None
    if args.demo:
        from srrtui.demo import DemoCloud

        demo = DemoCloud(region=args.region or "")
        services.start_demo = demo.start
    try:
        SrrApp(services).run()
    finally:
        if demo is not None:
            demo.stop()
    return 0
