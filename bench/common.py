"""Shared helpers for the benchmarks: results, the machine, tables, JSON, a local cloud.

Every ``bench_*.py`` module has ``run(quick: bool) -> list[Result]`` and a ``main()`` that runs it
alone (``python bench/bench_replication.py [--quick] [--json FILE]``). ``bench/run.py`` runs each
module in its own Python process, so one benchmark's imports, threads and memory never colour the
next one's numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"  # gitignored: the numbers to keep go to docs/benchmarks.md
# ../shared/tools beside the checkout, as in CI and the developer machines.
SHARED_TOOLS = Path(os.environ.get("SRRTUI_SHARED_TOOLS", REPO.parent / "shared" / "tools"))
MIB = 1024 * 1024


@dataclass
class Result:
    """One row of the table. ``passed`` is None where there is no goal (reported only)."""

    bench: int  # 1..5: issue 7's numbering; 6: issue 18's upload benchmark
    name: str
    value: float | None
    unit: str
    goal: str = ""
    ratio: float | None = None  # value / baseline measured in the same run, where one exists
    passed: bool | None = None
    details: dict[str, Any] = field(default_factory=dict)
    error: str = ""  # the benchmark (or a step of it) could not run: why

    def value_text(self) -> str:
        if self.value is None:
            return "—"
        if float(self.value).is_integer() and abs(self.value) < 1e6:
            return f"{int(self.value):,} {self.unit}".strip()
        if abs(self.value) >= 100:
            return f"{self.value:,.0f} {self.unit}".strip()
        if abs(self.value) >= 10:
            return f"{self.value:.1f} {self.unit}".strip()
        return f"{self.value:.3g} {self.unit}".strip()

    def verdict(self) -> str:
        if self.error:
            return "ERROR"
        if self.passed is None:
            return "info"
        return "pass" if self.passed else "FAIL"


def failed(bench: int, name: str, error: str, **details: Any) -> Result:
    return Result(bench, name, None, "", error=error, passed=False, details=details)


# --- the machine --------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_kib = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_kib = int(line.split()[1])
    except OSError:
        pass
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:  # noqa: BLE001 - reported, not needed
        textual = "not installed"
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(ram_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "textual": textual,
    }


# --- output -------------------------------------------------------------------------------------
def table(results: Sequence[Result]) -> str:
    rows = [("#", "benchmark", "value", "goal", "ratio", "result")]
    for r in results:
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}x"
        rows.append((str(r.bench), r.name, r.value_text(), r.goal, ratio, r.verdict()))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    errors = [f"  [{r.bench}] {r.name}: {r.error}" for r in results if r.error]
    return "\n".join(lines + (["", "errors:", *errors] if errors else []))


def dump(results: Sequence[Result], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"machine": machine(), "results": [asdict(r) for r in results]}
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")


def load(path: Path) -> list[Result]:
    return [Result(**row) for row in json.loads(path.read_text())["results"]]


def bench_main(run: Callable[[bool], list[Result]], argv: Sequence[str] | None = None) -> int:
    """The ``main()`` of each benchmark module."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="shorter runs, smaller sizes")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    compile_bytecode()
    results = run(args.quick)
    print(table(results), flush=True)
    if args.json:
        dump(results, args.json)
    return 0


def compile_bytecode() -> None:
    """Byte-compile srrtui (and its screens) as ``pip install`` does. An editable install run
    with PYTHONDONTWRITEBYTECODE=1 (as on the development machines) never writes .pyc files,
    so every launch would compile ~100 modules from source and the startup figures would
    measure the compiler rather than srrtui."""
    import compileall
    import importlib.util

    for package in ("srrtui", "srrtui.screens"):
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(folder, quiet=1)


# --- measuring ----------------------------------------------------------------------------------
def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def peak_rss_mib(pid: int | str = "self") -> float:
    """The RSS high-water mark (VmHWM) of a running process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/<pid>/status")


@contextmanager
def scratch(prefix: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix=f"srrtui-bench-{prefix}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def python() -> str:
    return sys.executable


def srrtui_command() -> list[str]:
    """How to launch the installed ``srrtui`` (the console script next to this Python)."""
    script = Path(sys.executable).with_name("srrtui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "srrtui"]


def run_quiet(cmd: Sequence[str], timeout: float, **kwargs: Any) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(cmd), capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )


# --- the local cloud ----------------------------------------------------------------------------
def connection_to(cloud: Any) -> Any:
    """A cloud-layer ``Connection`` to a running ``LocalCloud`` (loopback only)."""
    from srrtui.demo import connection_to as demo_connection

    assert cloud.host == "127.0.0.1", "benchmarks talk only to 127.0.0.1"
    return demo_connection(cloud)


def wait_until(check: Callable[[], bool], timeout: float, interval: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()


# --- a program in a pseudo-terminal -------------------------------------------------------------
class PtyProgram:
    """Runs a command on the slave side of a pty (a real terminal for Textual) and records every
    chunk of bytes it writes, with the time it was read from the master side."""

    def __init__(
        self,
        cmd: Sequence[str],
        *,
        cols: int = 100,
        rows: int = 30,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        import fcntl
        import pty
        import struct
        import termios
        import threading

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols)}
        full_env.update(env or {})
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            list(cmd),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.chunks: list[tuple[float, bytes]] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.chunks.append((time.monotonic(), data))

    @property
    def pid(self) -> int:
        return self.proc.pid

    def output(self) -> bytes:
        with self._lock:
            return b"".join(chunk for _, chunk in self.chunks)

    def bytes_between(self, start: float, end: float) -> int:
        with self._lock:
            return sum(len(c) for t, c in self.chunks if start <= t < end)

    def chunk_times(self, start: float, end: float) -> list[tuple[float, int]]:
        with self._lock:
            return [(t, len(c)) for t, c in self.chunks if start <= t < end]

    def wait_for(self, text: str, timeout: float) -> float | None:
        """Seconds from launch until ``text`` appeared in the output, or None."""
        needle = text.encode()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.output():
                return time.monotonic() - self.started
            if self.proc.poll() is not None:
                return None
            time.sleep(0.005)
        return None

    def send(self, data: str | bytes) -> None:
        os.write(self.master, data.encode() if isinstance(data, str) else data)

    def cpu_seconds(self) -> float:
        """utime + stime of the process so far (from /proc/<pid>/stat)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime (fields 14, 15)

    def peak_rss_mib(self) -> float:
        return peak_rss_mib(self.pid)

    def stop(self, timeout: float = 5.0) -> None:
        import signal

        if self.proc.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=timeout)
        with suppress(OSError):
            os.close(self.master)
