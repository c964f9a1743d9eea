"""``srrtui local-cloud`` as a user runs it: a subprocess that serves until SIGINT/SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import oss2
import pytest

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET


def _start(tmp_path, *extra: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "srrtui", "local-cloud", "--data", str(tmp_path / "data"), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # wait for the banner, line by line: no fixed sleep
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("press Ctrl+C"):
            match = re.search(r"http://127\.0\.0\.1:\d+", "".join(lines))
            assert match, lines
            return proc, "".join(lines)
    proc.kill()
    pytest.fail(f"local-cloud did not start: {''.join(lines)} {proc.stderr.read()}")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_runs_until_signalled_and_exits_zero(tmp_path, sig: signal.Signals) -> None:
    proc, banner = _start(tmp_path, "--port", "0")
    try:
        endpoint = re.search(r"http://127\.0\.0\.1:\d+", banner).group(0)
        assert DEMO_ACCESS_KEY_ID in banner and DEMO_ACCESS_KEY_SECRET in banner
        bucket = oss2.Bucket(
            oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET), endpoint, "cli-bucket"
        )
        bucket.create_bucket()
        bucket.put_object("k", b"v")
        proc.send_signal(sig)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "local cloud stopped" in proc.stdout.read()
    # State was flushed: a new process on the same data directory still has the object.
    proc2, banner2 = _start(tmp_path)
    try:
        endpoint = re.search(r"http://127\.0\.0\.1:\d+", banner2).group(0)
        bucket = oss2.Bucket(
            oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET), endpoint, "cli-bucket"
        )
        assert bucket.get_object("k").read() == b"v"
    finally:
        proc2.send_signal(signal.SIGINT)
        assert proc2.wait(timeout=15) == 0


def test_given_keys_are_used_and_the_secret_is_not_printed(tmp_path) -> None:
    proc, banner = _start(
        tmp_path, "--access-key-id", "LTAI-CLI-TEST", "--access-key-secret", "cli-s3cret"
    )
    try:
        assert "cli-s3cret" not in banner and DEMO_ACCESS_KEY_SECRET not in banner
        endpoint = re.search(r"http://127\.0\.0\.1:\d+", banner).group(0)
        assert (
            oss2.Service(oss2.Auth("LTAI-CLI-TEST", "cli-s3cret"), endpoint).list_buckets().buckets
            == []
        )
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
    assert "cli-s3cret" not in proc.stderr.read()


def test_replication_rate_must_be_zero_or_more(tmp_path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "srrtui", "local-cloud", "--data", str(tmp_path / "d"),
         "--replication-rate", "-1"],
        capture_output=True,
        text=True,
        timeout=30,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "--replication-rate: must be 0 (unthrottled) or more objects per second" in proc.stderr
