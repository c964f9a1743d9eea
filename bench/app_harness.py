"""Programs the benchmarks launch in their own process (a pty, or headless):

app_harness.py first-frame [--bare] [--headless] --out FILE
    ``srrtui --demo`` (or the bare Textual app) that records, as JSON in FILE, the seconds
    from the parent's spawn (env BENCH_T0, a time.time()) to the first frame and to the first
    step being ready, and which heavy modules were in sys.modules at the first frame; then it
    exits. The app is the real one: the harness only wraps two methods to take the times.
app_harness.py progress --endpoint URL --rule-id ID --source B --destination B --poll S --log F
    The wizard connected to URL, jumped to the Progress step of an existing rule; every poll
    answer appends "polled <monotonic>" to F.
app_harness.py cloud --data DIR [--rate R]
    A demo-seeded local cloud on 127.0.0.1; prints its endpoint, runs until stdin closes.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

HEAVY_PREFIXES = ("oss2", "alibabacloud_", "keyring", "keyrings", "srrtui.localcloud", "Crypto")


def heavy_modules() -> list[str]:
    return sorted(
        m
        for m in list(sys.modules)
        if m.startswith(HEAVY_PREFIXES) and (m.count(".") == 0 or m.startswith("srrtui."))
    )


def since_spawn() -> float:
    return time.time() - float(os.environ.get("BENCH_T0", "0") or 0)


# --- first frame --------------------------------------------------------------------------------
def first_frame(args: argparse.Namespace) -> int:
    record: dict[str, Any] = {"headless": args.headless, "app": "bare" if args.bare else "srrtui"}
    out = Path(args.out)

    def write() -> None:
        out.write_text(json.dumps(record, indent=2))

    if args.bare:
        return _bare(args, record, write)

    # srrtui's wizard command turns the collector off before it imports the app (see
    # srrtui.commands.wizard.run); the harness imports the app earlier, to wrap two methods.
    gc.disable()
    from srrtui.app import SrrApp
    from srrtui.cli import main
    from srrtui.screens.wizard import WizardScreen

    original_mount = SrrApp.on_mount
    original_show = WizardScreen._show_step

    def step_shown(wizard: WizardScreen) -> bool:
        """The first step's form is laid out: mounted, switched to, its title in the header."""
        panel = wizard.panels.get(0)
        return panel is not None and panel.is_mounted and wizard.sub_title.startswith("Step 1")

    def finish(app: SrrApp) -> None:
        if "first_frame_s" in record and "first_step_s" in record:
            write()
            app.exit()

    def step_ready(wizard: WizardScreen) -> None:
        if "first_step_s" not in record and step_shown(wizard):
            record["first_step_s"] = since_spawn()
            record["heavy_modules_at_first_step"] = heavy_modules()
        finish(wizard.app)

    def on_mount(self: SrrApp) -> None:
        # Asked for where the bare app asks (its App.on_mount), so both wait in the same place
        # of Textual's after-refresh queue.
        def frame() -> None:
            record["first_frame_s"] = since_spawn()
            record["heavy_modules_at_first_frame"] = heavy_modules()
            record["modules_at_first_frame"] = len(sys.modules)
            if self.wizard is not None:
                step_ready(self.wizard)  # the first step is normally drawn with the frame

        self.call_after_refresh(frame)
        original_mount(self)

    async def show_step(self: WizardScreen, index: int) -> None:
        await original_show(self, index)
        if "first_step_s" not in record:
            self.call_after_refresh(step_ready, self)

    SrrApp.on_mount = on_mount  # type: ignore[method-assign]
    WizardScreen._show_step = show_step  # type: ignore[method-assign]
    if args.headless:
        original_run = SrrApp.run

        def run(self: SrrApp, **kwargs: Any) -> Any:
            return original_run(self, headless=True, size=(100, 30), **kwargs)

        SrrApp.run = run  # type: ignore[method-assign]
    code = main(["--demo"])
    if "first_step_s" not in record:
        write()
    sys.stdout.flush()
    os._exit(code)  # the demo cloud may still be starting in a worker thread: do not wait


def _bare(args: argparse.Namespace, record: dict[str, Any], write: Any) -> int:
    # The same app as /work/shared/tools/bare_textual.py, with the time taken at the first frame.
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("same-region replication")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.frame)

        def frame(self) -> None:
            record["first_frame_s"] = record["first_step_s"] = since_spawn()
            record["modules_at_first_frame"] = len(sys.modules)
            write()
            self.exit()

    if args.headless:
        Bare().run(headless=True, size=(100, 30))
    else:
        Bare().run()
    return 0


# --- the progress pane --------------------------------------------------------------------------
def progress(args: argparse.Namespace) -> int:
    import tempfile

    from srrtui.app import SrrApp
    from srrtui.cloud.types import Connection
    from srrtui.domain.plan import ReplicationPlan
    from srrtui.localcloud.config import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    from srrtui.screens.services import WizardServices
    from srrtui.screens.steps import STEPS
    from srrtui.screens.steps.progress import ProgressStep
    from srrtui.screens.wizard import WizardScreen

    log = Path(args.log)

    def note(what: str) -> None:
        with log.open("a") as f:
            f.write(f"{what} {time.monotonic():.6f}\n")

    original_polled = ProgressStep.on_polled

    def on_polled(self: ProgressStep, message: Any) -> None:
        original_polled(self, message)
        self.call_after_refresh(note, "polled")

    ProgressStep.on_polled = on_polled  # type: ignore[method-assign]

    progress_index = next(i for i, s in enumerate(STEPS) if s.key == "progress")
    plan = ReplicationPlan(
        source_bucket=args.source, source_region=args.region, destination_bucket=args.destination
    )
    original_opened = WizardScreen.on_cloud_opened

    def on_cloud_opened(self: WizardScreen, message: Any) -> None:
        original_opened(self, message)

        async def jump() -> None:
            while 0 not in self.panels:
                await _sleep(0.02)
            # As if the rule had just been enabled by the earlier steps.
            self.plan = plan
            self.done = set(range(progress_index))
            self.ctx.rule_created = True
            self.ctx.rule_id = args.rule_id
            await self.show_step(progress_index)
            self.call_after_refresh(note, "shown")

        self.run_worker(jump(), exclusive=False)

    WizardScreen.on_cloud_opened = on_cloud_opened  # type: ignore[method-assign]
    folder = Path(tempfile.mkdtemp(prefix="srrtui-bench-progress-"))
    services = WizardServices(
        connection=Connection(
            endpoint=args.endpoint,
            region=args.region,
            access_key_id=DEMO_ACCESS_KEY_ID,
            access_key_secret=DEMO_ACCESS_KEY_SECRET,
            ram_endpoint=args.endpoint,
        ),
        region=args.region,
        config_dir=folder / "config",
        plan_dir=folder,
        env={"HOME": str(folder)},
        poll_interval=args.poll,
    )
    SrrApp(services).run()
    return 0


async def _sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


# --- a local cloud in its own process ----------------------------------------------------------
def cloud(args: argparse.Namespace) -> int:
    from srrtui.localcloud import LocalCloud

    with LocalCloud(
        Path(args.data), seed="demo", start_delay=0.2, replication_rate=args.rate
    ) as running:
        print(running.endpoint, flush=True)
        sys.stdin.read()  # until the parent closes our stdin
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("first-frame")
    p.add_argument("--bare", action="store_true")
    p.add_argument("--headless", action="store_true")
    p.add_argument("--out", required=True)
    p = sub.add_parser("progress")
    p.add_argument("--endpoint", required=True)
    p.add_argument("--region", default="cn-hangzhou")
    p.add_argument("--rule-id", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--destination", required=True)
    p.add_argument("--poll", type=float, default=15.0)
    p.add_argument("--log", required=True)
    p = sub.add_parser("cloud")
    p.add_argument("--data", required=True)
    p.add_argument("--rate", type=float, default=20.0)
    args = parser.parse_args()
    return {"first-frame": first_frame, "progress": progress, "cloud": cloud}[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
