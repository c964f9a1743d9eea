"""Benchmark 6: ``srrtui watch`` rule discovery over 1,000 and 10,000 buckets with 100 rules.

The local cloud runs in its own process (as OSS would be another machine), seeded through its
store's Python API: 10,000 PutBucket requests over HTTP would take minutes and measure nothing
of watch. The rules sit on evenly spaced buckets (``srrtui.localcloud.seed.scale``), the first
one at bucket 9 (1,000) or 99 (10,000). Measured, each from its start:

- ``concurrent``: ``RuleDiscovery`` (srrtui/cloud/discovery.py) over a ``CloudSession``: the
  time to the first rule reported and to all 100 (every bucket read).
- ``watch --json``: the real command in a subprocess, from spawn (Python start-up and imports
  included) to its first ``rule_found`` line and to ``discovery_done``: what a user waits for.
- ``one by one``: what watch did before: ListBuckets pages of 100, then GetBucketReplication on
  each bucket in turn (without the old 300-bucket cap, which hid rules). At 10,000 buckets only
  the first 1,000 reads are timed and the rest extrapolated (``--quick``: 300), which says so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from common import REPO, Result, bench_main, python, scratch

RULES = 100
REGION = "cn-hangzhou"
GOAL_FIRST_S, GOAL_ALL_S = 1.0, 20.0  # at 10,000 buckets (issue 17)


def serve(buckets: int, folder: Path) -> None:
    """The child process: a seeded local cloud until stdin closes."""
    from srrtui.localcloud import LocalCloud
    from srrtui.localcloud.seed.scale import seed_scale

    with LocalCloud(folder, start_delay=3600.0) as cloud:
        seed_scale(cloud, buckets, RULES)
        print(cloud.endpoint, flush=True)
        sys.stdin.read()


def connection(endpoint: str):  # noqa: ANN201 - a Connection
    from srrtui.cloud.types import Connection
    from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    return Connection(
        endpoint=endpoint,
        region=REGION,
        access_key_id=DEMO_ACCESS_KEY_ID,
        access_key_secret=DEMO_ACCESS_KEY_SECRET,
        ram_endpoint=endpoint,
    )


def concurrent(endpoint: str) -> tuple[float, float, int]:
    from srrtui.cloud.discovery import RuleDiscovery
    from srrtui.cloud.session import CloudSession

    cloud = CloudSession(connection(endpoint))
    cloud.list_buckets(max_keys=1)  # oss2 imported and signing set up: not discovery's cost
    found: list[float] = []
    start = time.perf_counter()
    RuleDiscovery(cloud).run(
        lambda each: found.extend(time.perf_counter() - start for _ in each.rules), lambda _: None
    )
    return found[0], time.perf_counter() - start, len(found)


def command(endpoint: str) -> tuple[float, float, int]:
    from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    env = {**os.environ, "OSS_ACCESS_KEY_ID": DEMO_ACCESS_KEY_ID}
    env["OSS_ACCESS_KEY_SECRET"] = DEMO_ACCESS_KEY_SECRET
    cmd = [python(), "-m", "srrtui", "watch", "--json", "--endpoint", endpoint, "--region", REGION]
    start = time.perf_counter()
    child = subprocess.Popen(
        cmd + ["--poll-interval", "3600"], stdout=subprocess.PIPE, text=True, env=env
    )
    first, rules = 0.0, 0
    assert child.stdout is not None
    for line in child.stdout:
        if '"rule_found"' in line:
            rules += 1
            first = first or time.perf_counter() - start
        elif '"discovery_done"' in line or '"error"' in line:
            break
    done = time.perf_counter() - start
    child.terminate()
    child.wait(30)
    return first, done, rules


def one_by_one(endpoint: str, buckets: int, limit: int) -> tuple[float | None, float, int, bool]:
    """The old reading; returns (first rule s or None, all s (extrapolated if cut), rules,
    extrapolated)."""
    from srrtui.cloud.session import CloudSession

    cloud = CloudSession(connection(endpoint))
    cloud.list_buckets(max_keys=1)
    start = time.perf_counter()
    names, marker = [], ""
    while True:
        page = cloud.list_buckets(marker=marker, max_keys=100)
        names += [b.name for b in page.buckets]
        marker = page.next_marker
        if not marker:
            break
    first, rules = None, 0
    for name in names[:limit]:
        if cloud.list_rules(name):
            rules += 1
            first = first if first is not None else time.perf_counter() - start
    spent = time.perf_counter() - start
    cut = limit < len(names)
    return first, spent * len(names) / min(limit, len(names)) if cut else spent, rules, cut


def measure(buckets: int, quick: bool) -> list[Result]:
    with scratch("watch") as folder:
        server = subprocess.Popen(
            [python(), __file__, "--serve", str(buckets), str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        try:
            assert server.stdout is not None
            endpoint = server.stdout.readline().strip()
            first, total, found = concurrent(endpoint)
            cli_first, cli_all, cli_rules = command(endpoint)
            limit = (300 if quick else 1000) if buckets > 1000 else buckets
            old_first, old_all, _, cut = one_by_one(endpoint, buckets, limit)
        finally:
            assert server.stdin is not None
            server.stdin.close()
            server.wait(60)
    big = buckets >= 10_000
    size = f"{buckets:,} buckets"
    details = {"rules_found": found, "watch_json_rules": cli_rules, "old_extrapolated": cut}
    rows = [
        Result(
            6,
            f"{size}: first rule (concurrent)",
            first,
            "s",
            f"< {GOAL_FIRST_S:g} s" if big else "",
            ratio=first / old_first if old_first else None,
            passed=first < GOAL_FIRST_S if big else None,
            details=details,
        ),
        Result(
            6,
            f"{size}: all {RULES} rules (concurrent)",
            total,
            "s",
            f"< {GOAL_ALL_S:g} s" if big else "",
            ratio=total / old_all,
            passed=(total < GOAL_ALL_S and found == RULES) if big else None,
        ),
        Result(6, f"{size}: watch --json first rule_found", cli_first, "s", ""),
        Result(6, f"{size}: watch --json discovery_done", cli_all, "s", ""),
        Result(6, f"{size}: first rule (one by one)", old_first, "s", ""),
        Result(
            6, f"{size}: all rules (one by one{', extrapolated' if cut else ''})", old_all, "s", ""
        ),
    ]
    return rows


def run(quick: bool) -> list[Result]:
    return measure(1000, quick) + measure(10_000, quick)


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]), Path(sys.argv[3]))
        return 0
    return bench_main(run)


if __name__ == "__main__":
    sys.exit(main())
