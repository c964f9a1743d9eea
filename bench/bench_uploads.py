"""Benchmark 6 (issue 18): the local cloud's memory and threads under hostile and heavy uploads.

The local cloud runs as ``srrtui local-cloud`` in its own process (so its RSS is its own); the
clients run here, on 127.0.0.1 only.

- ``unauthenticated``: 12 clients at once each send ``PUT`` with ``Content-Length: 60 MiB`` and
  no signature, then stream the 60 MiB (from one reused 1 MiB buffer) until the server answers or
  closes. Goal: the server's peak RSS (VmHWM) stays under 150 MB; it refuses from the headers
  and never buffers the bodies (before issue 18 it read them whole: 77 MB -> 798 MB).
- ``signed``: 12 oss2 clients at once upload 60 MiB each (streamed from a generator), which the
  server spools to disk and moves into the blob store; the same RSS goal.
- ``idle connections``: 500 connections opened and left silent; the server's thread count
  while they are open (before: one thread each, 504).
"""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import MIB, Result, bench_main, failed, peak_rss_mib, scratch, srrtui_command

CLIENTS = 12
BODY = 60 * MIB
GOAL_MB = 150
BUFFER = b"\x5a" * MIB
BUCKET = "bench-uploads"


class CloudProcess:
    """``srrtui local-cloud`` on a free loopback port, stopped with SIGTERM."""

    def __init__(self, data: Path) -> None:
        self.proc = subprocess.Popen(
            [*srrtui_command(), "local-cloud", "--data", str(data), "--host", "127.0.0.1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.port = 0
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            found = re.search(r"http://127\.0\.0\.1:(\d+)", line)
            if found:
                self.port = int(found.group(1))
            if line.startswith("press Ctrl+C"):
                break
        if not self.port:
            raise RuntimeError("the local cloud did not start")

    def rss_mib(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def threads(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("Threads:"):
                return int(line.split()[1])
        raise RuntimeError("no Threads")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def unauthenticated_upload(port: int, size: int) -> None:
    head = f"PUT /{BUCKET}/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {size}\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        try:
            conn.sendall(head.encode())
            sent = 0
            while sent < size:
                conn.sendall(BUFFER[: min(MIB, size - sent)])
                sent += MIB
        except OSError:
            pass  # refused and closed mid-body: what should happen
        with contextlib.suppress(OSError):
            conn.recv(65536)


def signed_upload(endpoint: str, index: int, size: int) -> None:
    import oss2

    from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    bucket = oss2.Bucket(auth, endpoint, BUCKET)

    def body():  # noqa: ANN202 - a generator of 1 MiB pieces, so the client holds 1 MiB
        for start in range(0, size, MIB):
            yield BUFFER[: min(MIB, size - start)]

    bucket.put_object(f"signed-{index}.bin", body())


def all_at_once(target, count: int) -> float:  # noqa: ANN001 - (index) -> None
    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return time.monotonic() - started


def run(quick: bool) -> list[Result]:
    size = 16 * MIB if quick else BODY
    idle = 100 if quick else 500
    results: list[Result] = []
    with scratch("uploads") as folder:
        try:
            cloud = CloudProcess(folder / "cloud")
        except Exception as exc:  # noqa: BLE001 - reported in the table
            return [failed(6, "local cloud", str(exc))]
        try:
            import oss2

            from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

            endpoint = f"http://127.0.0.1:{cloud.port}"
            auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
            oss2.Bucket(auth, endpoint, BUCKET).create_bucket()
            idle_rss = cloud.rss_mib()
            results.append(
                Result(6, "local cloud RSS, idle", idle_rss * MIB / 1e6, "MB", passed=None)
            )
            took = all_at_once(lambda i: unauthenticated_upload(cloud.port, size), CLIENTS)
            peak = peak_rss_mib(cloud.proc.pid)
            results.append(
                Result(
                    6,
                    f"peak RSS, {CLIENTS} x {size // MIB} MiB unauthenticated",
                    peak * MIB / 1e6,
                    "MB",
                    goal=f"< {GOAL_MB} MB",
                    passed=peak * MIB / 1e6 < GOAL_MB,
                    details={"seconds": took, "idle_mib": idle_rss},
                )
            )
            took = all_at_once(lambda i: signed_upload(endpoint, i, size), CLIENTS)
            peak = peak_rss_mib(cloud.proc.pid)
            results.append(
                Result(
                    6,
                    f"peak RSS, {CLIENTS} x {size // MIB} MiB signed (spooled)",
                    peak * MIB / 1e6,
                    "MB",
                    goal=f"< {GOAL_MB} MB",
                    passed=peak * MIB / 1e6 < GOAL_MB,
                    details={"seconds": took, "mib_per_s": CLIENTS * size / MIB / took},
                )
            )
            results.append(Result(6, "  time for the signed uploads", took, "s", passed=None))
            conns = [socket.create_connection(("127.0.0.1", cloud.port)) for _ in range(idle)]
            time.sleep(0.5)  # let the server accept them (a measurement, not a test)
            threads = cloud.threads()
            for conn in conns:
                conn.close()
            results.append(
                Result(6, f"server threads with {idle} idle connections", threads, "", passed=None)
            )
        finally:
            cloud.stop()
    return results


if __name__ == "__main__":
    sys.exit(bench_main(run))
