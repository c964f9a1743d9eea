"""Issue 18 items 10 and 11: against an endpoint that accepts connections and never answers (or
refuses them), ``apply --dry-run`` says on stderr as soon as it retries a call, ends within its
--timeout (default well under a minute), and exits 4 ("try again"), not 3 ("fix the plan").
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from srrtui.cli import build_parser
from srrtui.cloud.retry import DEFAULT_COMMAND_SECONDS, command_policy
from srrtui.commands.connection import policy_from_args
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

PLAN = """\
version = 1

[source]
bucket = "slow-src"
region = "cn-hangzhou"

[destination]
bucket = "slow-dst"
"""


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A TCP server on loopback that accepts every connection and never says a word."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in held:
            conn.close()
        server.close()


@pytest.fixture
def refusing_endpoint() -> str:
    """A loopback port nothing listens on (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _apply(
    tmp_path: Path, endpoint: str, *extra: str
) -> tuple[int, list[tuple[float, str]], float]:
    """Run ``srrtui apply --dry-run``; returns the exit code, stderr lines with the seconds at
    which each arrived, and the total seconds."""
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    env = {
        **os.environ,
        "OSS_ACCESS_KEY_ID": DEMO_ACCESS_KEY_ID,
        "OSS_ACCESS_KEY_SECRET": DEMO_ACCESS_KEY_SECRET,
        "SRRTUI_CONFIG_DIR": str(tmp_path / "config"),
        "HOME": str(tmp_path / "home"),
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_PROFILE", "SRRTUI_TIMEOUT"):
        env.pop(name, None)
    argv = [sys.executable, "-m", "srrtui", "apply", str(plan), "--dry-run"]
    started = time.monotonic()
    proc = subprocess.Popen(
        [*argv, "--endpoint", endpoint, "--region", "cn-hangzhou", *extra],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines = []
    assert proc.stderr is not None
    for line in proc.stderr:
        lines.append((time.monotonic() - started, line.rstrip("\n")))
    code = proc.wait(timeout=60)
    return code, lines, time.monotonic() - started


def test_a_silent_endpoint_is_retried_aloud_and_given_up_on_by_the_deadline(
    tmp_path: Path, silent_endpoint: str
) -> None:
    # 8 s in all, 2 s a try: room for the SDK imports (the deadline counts them) on a busy box.
    code, lines, took = _apply(tmp_path, silent_endpoint, "--timeout", "8")
    texts = [text for _, text in lines]
    assert code == 4, texts
    retries = [(at, text) for at, text in lines if "retrying in" in text]
    assert retries, texts
    # The first retry is said after one try's timeout (a quarter of 8 s), not at the end.
    assert retries[0][0] < took - 3, (retries[0], took)
    assert "Timeout" in retries[0][1]
    assert any("could not reach the cloud" in text for text in texts), texts
    # 8 s in all, and at most one try (2 s) still in flight at the end, plus starting Python.
    assert took < 8 + 2 + 4, took


def test_a_refused_connection_during_preflight_is_exit_4_not_3(
    tmp_path: Path, refusing_endpoint: str
) -> None:
    code, lines, _ = _apply(tmp_path, refusing_endpoint, "--timeout", "6")
    texts = [text for _, text in lines]
    assert code == 4, texts
    assert not any("preflight failed" in text for text in texts), texts


def test_the_timeout_can_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    args = build_parser("apply").parse_args(["apply", "plan.toml"])
    monkeypatch.setenv("SRRTUI_TIMEOUT", "2.5")
    policy = policy_from_args(args)
    assert policy.deadline is not None and policy.deadline.seconds == 2.5
    assert policy.timeouts == (0.625, 0.625)
    args = build_parser("apply").parse_args(["apply", "plan.toml", "--timeout", "12"])
    assert policy_from_args(args).deadline.seconds == 12  # the flag wins
    monkeypatch.setenv("SRRTUI_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="SRRTUI_TIMEOUT"):
        policy_from_args(build_parser("apply").parse_args(["apply", "plan.toml"]))


def test_the_default_policy_ends_a_command_within_a_minute() -> None:
    policy = command_policy(DEFAULT_COMMAND_SECONDS)
    assert policy.deadline is not None and policy.timeouts is not None
    connect, read = policy.timeouts
    # No try starts after the deadline; the last one started may still use its timeouts.
    assert policy.deadline.seconds + connect + read < 60
    assert policy.attempts >= 2
