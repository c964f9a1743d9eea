"""Benchmark 7: a 256 MiB multipart upload through oss2's ``resumable_upload`` into the local
cloud, and its replication, next to ``cp`` of the same file on the same disk; plus the local
cloud's peak RSS while it takes the upload and replicates it.

- ``cp``: the file copied with ``cp`` (the disk's own rate, no HTTP, no hashing).
- ``resumable_upload``: oss2, 8 MiB parts, 2 threads, into ``srrtui local-cloud`` running as its
  own process (so its RSS is its own), with a replication rule to a second bucket already
  ``doing``. Each part is spooled to disk and hashed on the way; CompleteMultipartUpload streams
  the parts into the object's blob (SHA-256, MD5, CRC-64 of 256 MiB).
- ``replication``: from CompleteMultipartUpload's answer until the destination's HeadObject shows
  the replica with the source's ETag (a replica names the source's blob: no bytes are copied).
- RSS: VmRSS of the local cloud before the upload and its VmHWM (high-water mark) after the
  replica arrived; the goal is that the upload raises it by no more than a few MiB.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from common import (
    MIB,
    Result,
    bench_main,
    failed,
    peak_rss_mib,
    scratch,
    srrtui_command,
    wait_until,
)

SOURCE, DESTINATION, KEY = "bench-mp-src", "bench-mp-dst", "big/upload.bin"
PART_SIZE = 8 * MIB
RSS_GOAL_MIB = 16.0


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _start_cloud(folder: Path) -> tuple[subprocess.Popen, str]:
    cmd = [*srrtui_command(), "local-cloud", "--data", str(folder / "cloud"), "--start-delay", "0"]
    cmd += ["--replication-rate", "0"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        match = re.search(r"local cloud: (http://127\.0\.0\.1:\d+)", line)
        if match:
            return proc, match.group(1)
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError("the local cloud did not start")


def run(quick: bool) -> list[Result]:
    size = (64 if quick else 256) * MIB
    name = f"multipart upload, {size // MIB} MiB (oss2 resumable_upload)"
    try:
        return _run(size, name)
    except Exception as error:  # noqa: BLE001 - a row that says why, not a traceback
        return [failed(7, name, f"{type(error).__name__}: {error}")]


def _run(size: int, name: str) -> list[Result]:
    import oss2

    from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    with scratch("multipart") as folder:
        path = folder / "upload.bin"
        with path.open("wb") as out:
            for _ in range(size // MIB):
                out.write(os.urandom(MIB))
        t0 = time.perf_counter()
        subprocess.run(["cp", str(path), str(folder / "copy.bin")], check=True)
        os.sync()
        cp_s = time.perf_counter() - t0
        (folder / "copy.bin").unlink()

        proc, endpoint = _start_cloud(folder)
        try:
            auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
            src = oss2.Bucket(auth, endpoint, SOURCE)
            dst = oss2.Bucket(auth, endpoint, DESTINATION)
            src.create_bucket()
            dst.create_bucket()
            rule = oss2.models.ReplicationRule(
                rule_id="bench-mp",
                target_bucket_name=DESTINATION,
                target_bucket_location="oss-cn-hangzhou",
            )
            src.put_bucket_replication(rule)
            doing = wait_until(
                lambda: src.get_bucket_replication_progress("bench-mp").progress.status == "doing",
                timeout=30,
            )
            rss_before = _rss_mib(proc.pid)
            t0 = time.perf_counter()
            result = oss2.resumable_upload(
                src,
                KEY,
                str(path),
                store=oss2.ResumableStore(root=str(folder / "checkpoints")),
                multipart_threshold=PART_SIZE,
                part_size=PART_SIZE,
                num_threads=2,
            )
            upload_s = time.perf_counter() - t0
            t1 = time.perf_counter()

            def replicated() -> bool:
                return dst.object_exists(KEY) and dst.head_object(KEY).etag == result.etag

            arrived = wait_until(replicated, timeout=120, interval=0.01)
            replication_s = time.perf_counter() - t1
            peak = peak_rss_mib(proc.pid)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)

    details = {
        "bytes": size,
        "part_size": PART_SIZE,
        "threads": 2,
        "cp_s": round(cp_s, 3),
        "cp_mib_per_s": round(size / MIB / cp_s, 1),
        "upload_s": round(upload_s, 3),
        "upload_mib_per_s": round(size / MIB / upload_s, 1),
        "replication_s": round(replication_s, 3),
        "etag": result.etag,
        "rule_doing": doing,
        "cloud_rss_before_mib": round(rss_before, 1),
        "cloud_peak_rss_mib": round(peak, 1),
    }
    if not arrived:
        return [failed(7, name, "the replica did not arrive in 120 s", **details)]
    growth = peak - rss_before
    return [
        Result(7, name, upload_s, "s", "", ratio=upload_s / cp_s, details=details),
        Result(7, "  its replication (CompleteMultipartUpload -> replica)", replication_s, "s", ""),
        Result(
            7,
            "  local cloud peak RSS growth",
            growth,
            "MiB",
            f"<= {RSS_GOAL_MIB:.0f} MiB",
            passed=growth <= RSS_GOAL_MIB,
            details={"before_mib": round(rss_before, 1), "peak_mib": round(peak, 1)},
        ),
    ]


def main() -> int:
    return bench_main(run)


if __name__ == "__main__":
    sys.exit(main())
