"""Benchmark 1: launch to the first frame, against a bare Textual app (Header, Static, Footer)
measured in the same run; peak memory; no SDK or keyring loaded before the first frame.

- ``tmux``: /work/shared/tools/first-frame with ``srrtui --demo`` and the text "replication"
  (a real terminal, 100x30; the time until the text is on screen, polled every 10 ms).
- ``headless``: app_harness.py in its own process, ``run(headless=True)``; the time from the
  parent's spawn to the first refresh of the wizard screen (and to the first step's form being
  ready), against the bare app the same way. Runs alternate app / bare; medians.
- ``peak RSS``: ``srrtui --demo`` in a pty until the demo cloud is connected ("Ready." on the
  credentials step; the local cloud, seeded with ~1,300 objects, runs in the same process) and a
  few seconds more, then VmHWM from /proc.
- ``heavy modules``: which of oss2, alibabacloud_*, keyring(s) were in ``sys.modules`` at the
  first frame (recorded by the harness inside the app).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time

from common import (
    BENCH_DIR,
    SHARED_TOOLS,
    PtyProgram,
    Result,
    bench_main,
    failed,
    median,
    python,
    run_quiet,
    scratch,
    srrtui_command,
)

RATIO_GOAL = 1.25
RSS_GOAL_MIB = 80.0
FORBIDDEN = ("oss2", "alibabacloud_", "keyring")


def harness_once(bare: bool, headless: bool, out: str) -> dict:
    cmd = [python(), str(BENCH_DIR / "app_harness.py"), "first-frame", "--out", out]
    cmd += ["--bare"] if bare else []
    cmd += ["--headless"] if headless else []
    env = {**os.environ, "BENCH_T0": repr(time.time())}
    if headless:
        done = run_quiet(cmd, timeout=60, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"harness failed: {done.stderr[-500:]}")
    else:
        prog = PtyProgram(cmd, env=env)
        try:
            prog.proc.wait(timeout=60)
        finally:
            prog.stop()
    with open(out) as f:
        return json.load(f)


def headless(runs: int) -> tuple[list[Result], dict]:
    apps: list[dict] = []
    bares: list[dict] = []
    with scratch("startup") as folder:
        harness_once(False, True, str(folder / "warm.json"))  # warm the page cache and .pyc
        harness_once(True, True, str(folder / "warm-bare.json"))
        for i in range(runs):
            apps.append(harness_once(False, True, str(folder / f"app{i}.json")))
            bares.append(harness_once(True, True, str(folder / f"bare{i}.json")))
    frame_ratios = [
        a["first_frame_s"] / b["first_frame_s"] for a, b in zip(apps, bares, strict=True)
    ]
    step_ratios = [a["first_step_s"] / b["first_frame_s"] for a, b in zip(apps, bares, strict=True)]
    app_frame = median([a["first_frame_s"] for a in apps])
    app_step = median([a["first_step_s"] for a in apps])
    bare_frame = median([b["first_frame_s"] for b in bares])
    heavy = sorted({m for a in apps for m in a["heavy_modules_at_first_frame"]})
    details = {
        "runs": runs,
        "app_first_frame_s": [round(a["first_frame_s"], 4) for a in apps],
        "app_first_step_s": [round(a["first_step_s"], 4) for a in apps],
        "bare_first_frame_s": [round(b["first_frame_s"], 4) for b in bares],
        "modules_app": apps[0]["modules_at_first_frame"],
        "modules_bare": bares[0]["modules_at_first_frame"],
    }
    frame_ratio, step_ratio = median(frame_ratios), median(step_ratios)
    return [
        Result(
            1,
            "first frame, headless (vs bare Textual)",
            app_frame,
            "s",
            f"<= {RATIO_GOAL}x",
            ratio=frame_ratio,
            passed=frame_ratio <= RATIO_GOAL,
            details={**details, "bare_s": round(bare_frame, 4)},
        ),
        Result(
            1,
            "  first step's form ready, headless",
            app_step,
            "s",
            f"<= {RATIO_GOAL}x",
            ratio=step_ratio,
            passed=step_ratio <= RATIO_GOAL,
            details={"bare_s": round(bare_frame, 4)},
        ),
    ], {"heavy": heavy, "apps": apps}


def tmux(runs: int) -> Result:
    name = "first frame, tmux 100x30 (vs bare Textual)"
    tool = SHARED_TOOLS / "first-frame"
    if not tool.exists():
        return failed(1, name, f"{tool} is missing")
    cmd = [str(tool), "-n", str(runs), "replication", "--", *srrtui_command(), "--demo"]
    done = run_quiet(cmd, timeout=60 * runs, env={**os.environ, "PYTHON": python()})
    found = re.search(r"median ratio ([\d.]+) \(app ([\d.]+) s, bare ([\d.]+) s\)", done.stdout)
    if done.returncode != 0 or not found:
        return failed(1, name, (done.stdout + done.stderr).strip()[-300:])
    ratio, app_s, bare_s = (float(g) for g in found.groups())
    return Result(
        1,
        name,
        app_s,
        "s",
        f"<= {RATIO_GOAL}x",
        ratio=ratio,
        passed=ratio <= RATIO_GOAL,
        details={"bare_s": bare_s, "runs": done.stdout.strip().splitlines()},
    )


def peak_memory(settle: float) -> Result:
    name = "peak RSS, srrtui --demo until connected"
    prog = PtyProgram([*srrtui_command(), "--demo"])
    try:
        if prog.wait_for("replication", 20) is None:
            return failed(1, name, "no first frame within 20 s")
        connected = prog.wait_for("Ready.", 30)  # the demo's credentials step
        time.sleep(settle)  # the demo cloud's engine starts replicating the seeded rule
        rss = prog.peak_rss_mib()
    finally:
        prog.stop()
    bare = PtyProgram([python(), str(SHARED_TOOLS / "bare_textual.py")])
    try:
        bare.wait_for("replication", 20)
        time.sleep(0.5)
        bare_rss = bare.peak_rss_mib()
    finally:
        bare.stop()
    return Result(
        1,
        name,
        rss,
        "MiB",
        f"<= {RSS_GOAL_MIB:.0f} MiB",
        ratio=rss / bare_rss,
        passed=rss <= RSS_GOAL_MIB and connected is not None,
        details={
            "bare_textual_mib": round(bare_rss, 1),
            "connected_after_s": connected,
            "ratio_is": "vs the bare app's peak RSS (no goal)",
        },
        error="" if connected is not None else "the demo cloud never connected",
    )


def modules(heavy: list[str], pty_record: dict | None) -> Result:
    seen = set(heavy) | set((pty_record or {}).get("heavy_modules_at_first_frame", []))
    bad = sorted(m for m in seen if m.startswith(FORBIDDEN))
    return Result(
        1,
        "oss2 / alibabacloud_* / keyring at first frame",
        len(bad),
        "loaded",
        "none",
        passed=not bad,
        details={"forbidden_loaded": bad, "other_heavy_loaded": sorted(seen - set(bad))},
    )


def run(quick: bool) -> list[Result]:
    runs = 5 if quick else 15
    results: list[Result] = []
    try:
        rows, info = headless(runs)
        results += rows
    except Exception as error:  # noqa: BLE001
        info = {"heavy": []}
        results.append(failed(1, "first frame, headless", f"{type(error).__name__}: {error}"))
    try:
        with scratch("startup-pty") as folder:
            pty_record = harness_once(False, False, str(folder / "pty.json"))
    except Exception as error:  # noqa: BLE001
        pty_record = None
        results.append(failed(1, "first frame in a pty", f"{type(error).__name__}: {error}"))
    results.append(tmux(3 if quick else 9))
    results.append(peak_memory(1.0 if quick else 3.0))
    results.append(modules(info["heavy"], pty_record))
    return results


def main() -> int:
    return bench_main(run)


if __name__ == "__main__":
    sys.exit(main())
