"""The wizard (``srrtui`` with no subcommand) and ``srrtui --demo``. Textual is imported only
here, after the arguments are parsed."""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

# Seconds between progress refreshes: real OSS reports progress every few minutes, so polling
# faster only costs API calls; the demo's local cloud moves in seconds and must look alive.
POLL_SECONDS = 15.0
DEMO_POLL_SECONDS = 2.0
# After SIGTERM/SIGHUP the app gets this long to exit cleanly before the process ends anyway
# (with the demo's folder removed first): a closed terminal may block the last writes.
EXIT_GRACE_SECONDS = 3.0


def run(args: argparse.Namespace) -> int:
    from srrtui.commands.terminal import refuse_without_terminal
    from srrtui.domain.words.translate import _

    refused = refuse_without_terminal(
        _("the wizard"),
        _("for scripts use `srrtui apply PLAN.toml --yes` or `srrtui watch --once --json`"),
    )
    if refused is not None:
        return refused
    gc.disable()  # from here to the first frame (see run_app)
    from srrtui.app import SrrApp
    from srrtui.screens.services import WizardServices

    services = WizardServices(
        profile=args.profile or "", region=args.region or "", endpoint=args.endpoint or ""
    )
    interval = getattr(args, "poll_interval", None)
    services.poll_interval = interval or (DEMO_POLL_SECONDS if args.demo else POLL_SECONDS)
    demo = None
    if args.demo:
        from srrtui.demo import DemoCloud

        demo = DemoCloud(region=args.region or "")
        services.start_demo = demo.start
    app = SrrApp(services)
    code = run_app(app, demo.stop if demo is not None else None)
    if summary := app.exit_summary():
        print(summary)
    return code


def run_app(app: App[Any], cleanup: Callable[[], None] | None = None) -> int:
    """Run ``app`` until it exits, by a key or by SIGTERM/SIGHUP, then ``cleanup`` (stop the
    demo's local cloud and remove its folder) whatever happened. Returns the exit code.

    The garbage collector is off until the app's first frame is on screen (SrrApp turns it
    back on then; here at the latest): start-up builds ~70,000 objects and leaves next to no
    garbage, yet the collector ran ~200 times over them (once in full) before the first frame."""
    done = cleanup or (lambda: None)
    gc.disable()
    try:
        with exit_on_signals(app, done):
            app.run()
    finally:
        gc.enable()
        done()
    return app.return_code or 0


@contextmanager
def exit_on_signals(app: App[object], cleanup: Callable[[], None]) -> Iterator[None]:
    """SIGTERM and SIGHUP (closing the tmux window or terminal) end the app the way quitting
    does: Textual restores the terminal, and the caller's ``finally`` stops the local cloud and
    removes its folder. Without this Python dies on the spot and leaves both behind."""
    wanted = [signal.SIGTERM, signal.SIGHUP]
    previous = {signum: signal.getsignal(signum) for signum in wanted}
    timers: list[threading.Timer] = []

    def handler(signum: int, _frame: object) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not yet (or no longer) running: nothing to restore
            cleanup()
            os._exit(128 + signum)
        # Signal handlers run between bytecodes of the loop's thread: hand over to the loop.
        loop.call_soon_threadsafe(app.exit, None, 128 + signum)
        # If the exit never finishes (the terminal is gone), still clean up and leave.
        timer = threading.Timer(EXIT_GRACE_SECONDS, _hard_exit, (cleanup, 128 + signum))
        timer.daemon = True
        timers.append(timer)
        timer.start()

    for signum in wanted:
        signal.signal(signum, handler)
    try:
        yield
    finally:
        for timer in timers:
            timer.cancel()  # the app did exit: the caller's own clean-up runs next
        for signum, old in previous.items():
            signal.signal(signum, old)


def _hard_exit(cleanup: Callable[[], None], code: int) -> None:
    cleanup()
    os._exit(code)
