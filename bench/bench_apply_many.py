"""Benchmark 9: ``srrtui apply DIR`` of 100 plans against the local cloud (issue 17).

The local cloud runs in its own process (as OSS and RAM would be another machine) with 200
buckets. The real command runs in a subprocess with ``--debug``, whose log has one line per
request attempt, so the requests it made are counted. Measured:

- *100 plans*: ``apply DIR --yes --json`` (default ``--jobs``), from spawn to exit: Python
  start-up and imports included, as a user waits. Goal: under 15 s.
- *one plan alone*: ``apply PLAN --yes`` of one more pair, the same way; the 100 plans' time
  per plan is compared with it.
- *rerun*: the same 100 plans again, which must create nothing (every plan ``existed``).
- *--jobs 1*: the 100 plans one at a time (``--quick``: 20 plans), for what concurrency buys.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from common import REPO, Result, bench_main, python, scratch

REGION = "cn-hangzhou"
PLANS = 100
GOAL_S = 15.0


def serve(pairs: int, folder: Path) -> None:
    """The child process: a local cloud with ``pairs`` source/destination buckets."""
    import oss2

    from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

    with LocalCloud(folder, start_delay=3600.0) as cloud:
        auth = oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
        for index in range(pairs):
            for name in (f"bench-src-{index}", f"bench-dst-{index}"):
                oss2.Bucket(auth, cloud.endpoint, name, region=REGION).create_bucket()
        print(cloud.endpoint, flush=True)
        sys.stdin.read()


def write_plan(path: Path, index: int) -> None:
    path.write_text(
        f'version = 1\n[source]\nbucket = "bench-src-{index}"\nregion = "{REGION}"\n'
        f'[destination]\nbucket = "bench-dst-{index}"\n[sync]\nhistorical = true\n',
        encoding="utf-8",
    )


def apply(endpoint: str, home: Path, *args: str) -> tuple[float, dict, int]:
    """Seconds from spawn to exit, the JSON document, and the requests the debug log counted."""
    from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    env = {k: v for k, v in os.environ.items() if not k.startswith(("OSS_", "ALIBABA_CLOUD_"))}
    env.update(
        OSS_ACCESS_KEY_ID=DEMO_ACCESS_KEY_ID,
        OSS_ACCESS_KEY_SECRET=DEMO_ACCESS_KEY_SECRET,
        HOME=str(home),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        SRRTUI_CONFIG_DIR=str(home / "config"),
    )
    cmd = [python(), "-m", "srrtui", "--debug", "apply", *args, "--yes", "--json"]
    cmd += ["--endpoint", endpoint, "--region", REGION]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600, cwd=REPO)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"apply exited {done.returncode}: {done.stderr.strip()[-300:]}")
    log = next(
        line.split(":", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("debug log:")
    )
    requests = sum(1 for line in Path(log).read_text().splitlines() if line.strip())
    return seconds, json.loads(done.stdout), requests


def run(quick: bool) -> list[Result]:
    slow_plans = 20 if quick else PLANS
    with scratch("apply-many") as folder:
        pairs = PLANS + 1 + slow_plans
        server = subprocess.Popen(
            [python(), __file__, "--serve", str(pairs), str(folder / "cloud")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        try:
            assert server.stdout is not None
            endpoint = server.stdout.readline().strip()
            many, alone, slow = folder / "many", folder / "alone", folder / "slow"
            for directory in (many, alone, slow):
                directory.mkdir()
            for index in range(PLANS):
                write_plan(many / f"plan-{index:03}.toml", index)
            write_plan(alone / "plan.toml", PLANS)
            for index in range(slow_plans):
                write_plan(slow / f"plan-{index:03}.toml", PLANS + 1 + index)
            one_s, _, one_requests = apply(endpoint, folder / "home", str(alone / "plan.toml"))
            all_s, first, all_requests = apply(endpoint, folder / "home", str(many))
            again_s, second, again_requests = apply(endpoint, folder / "home", str(many))
            slow_s, _, _ = apply(endpoint, folder / "home", str(slow), "--jobs", "1")
        finally:
            assert server.stdin is not None
            server.stdin.close()
            server.wait(60)
    created, existed = first["summary"]["created"], second["summary"]["existed"]
    per_plan = all_s / PLANS
    return [
        Result(
            9,
            f"apply {PLANS} plans (default --jobs)",
            all_s,
            "s",
            f"< {GOAL_S:g} s",
            passed=all_s < GOAL_S and created == PLANS,
            details={"created": created, "requests": all_requests, "roles": first["roles"]},
        ),
        Result(9, f"apply {PLANS} plans: requests made", all_requests, "", ""),
        Result(9, "apply 1 plan alone", one_s, "s", "", details={"requests": one_requests}),
        Result(9, "apply 1 plan alone: requests made", one_requests, "", ""),
        Result(
            9, f"time per plan in the {PLANS} (vs alone)", per_plan, "s", "", ratio=per_plan / one_s
        ),
        Result(
            9,
            f"rerun of the {PLANS} plans (all existed)",
            again_s,
            "s",
            "",
            passed=existed == PLANS,
            details={"existed": existed, "requests": again_requests},
        ),
        Result(
            9,
            f"apply {slow_plans} plans with --jobs 1: per plan",
            slow_s / slow_plans,
            "s",
            "",
            ratio=(slow_s / slow_plans) / per_plan,
        ),
    ]


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]), Path(sys.argv[3]))
        return 0
    return bench_main(run)


if __name__ == "__main__":
    sys.exit(main())
