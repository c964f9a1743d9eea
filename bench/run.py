"""Run the benchmarks and print one table.

    python bench/run.py [--quick] [--only N ...] [--json FILE]

Each benchmark runs in its own Python process (order: 5, 6, 7, 8, 1, 4, 3, 2, 10: the local cloud
alone first, the wizard last). The numbers also go to bench/results/latest.json (gitignored; the
ones to keep are copied into docs/benchmarks.md by hand, with the machine and date).
Exit status: 0 when nothing failed or errored, 1 otherwise.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from common import BENCH_DIR, RESULTS_DIR, Result, dump, failed, load, machine, table

MODULES = {
    1: "bench_startup.py",
    2: "bench_flow.py",
    3: "bench_progress.py",
    4: "bench_picker.py",
    5: "bench_replication.py",
    6: "bench_watch.py",
    7: "bench_uploads.py",
    8: "bench_multipart.py",
    9: "bench_apply_many.py",
    10: "bench_keys.py",
}
ORDER = (5, 6, 9, 7, 8, 1, 4, 3, 2, 10)
TIMEOUT_S = 1800


def run_one(number: int, quick: bool) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="srrtui-bench-") as folder:
        out = Path(folder) / "results.json"
        cmd = [sys.executable, str(BENCH_DIR / MODULES[number]), "--json", str(out)]
        cmd += ["--quick"] if quick else []
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return [failed(number, MODULES[number], f"timed out after {TIMEOUT_S} s")]
        if done.returncode != 0 or not out.exists():
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            return [failed(number, MODULES[number], " | ".join(tail) or "no output")]
        return load(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs, smaller sizes")
    parser.add_argument("--only", type=int, action="append", choices=sorted(MODULES))
    parser.add_argument("--json", type=Path, default=RESULTS_DIR / "latest.json")
    args = parser.parse_args()
    chosen = [n for n in ORDER if not args.only or n in args.only]
    info = machine()
    print(
        f"{info['date']} | {info['cpu']}, {info['cores']} cores, {info['ram_gib']} GiB | "
        f"Python {info['python']} | Textual {info['textual']}"
        + (" | --quick" if args.quick else ""),
        flush=True,
    )
    results: list[Result] = []
    for number in chosen:
        print(f"running {number}: {MODULES[number]} ...", file=sys.stderr, flush=True)
        results += run_one(number, args.quick)
    results.sort(key=lambda r: r.bench)  # stable: each benchmark's rows keep their order
    print(table(results))
    dump(results, args.json)
    print(f"\n(JSON: {args.json})")
    return 0 if all(r.passed is not False and not r.error for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
