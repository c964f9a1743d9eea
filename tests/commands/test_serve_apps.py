"""Each browser tab's app process: run without a shell, in a session of its own, and never left
behind when the server stops, even when it ignores the request to quit and then SIGTERM."""

from __future__ import annotations

import os
import sys
import time

import pytest
from textual_serve.download_manager import DownloadManager

from srrtui.commands import serve_http
from srrtui.commands.serve_http import AppProcess

# Says it is a Textual app, then ignores the quit message and SIGTERM: only SIGKILL ends it.
STUBBORN = (
    "import signal, sys, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "print('__GANGLION__', flush=True)\n"
    "time.sleep(120)\n"
)
# Prints its arguments and its session: it checks what the shell would have expanded.
ECHO = "import os, sys; print(sys.argv[1:], os.getsid(0) == os.getpid(), flush=True)"


def app(argv: list[str]) -> AppProcess:
    async def ignore(_: object = None) -> None:
        return None

    return AppProcess(
        argv, write_bytes=ignore, write_str=ignore, close=ignore, download_manager=DownloadManager()
    )


async def test_an_app_that_will_not_quit_is_ended(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve_http, "QUIT_SECONDS", 0.5)
    monkeypatch.setattr(serve_http, "TERM_SECONDS", 0.5)
    stubborn = app([sys.executable, "-c", STUBBORN])
    await stubborn.start(80, 24)
    process = stubborn._process
    assert process is not None
    started = time.monotonic()
    await stubborn.stop()
    assert process.returncode == -9  # SIGTERM was ignored: killed
    assert time.monotonic() - started < 10
    with pytest.raises(ProcessLookupError):
        os.kill(process.pid, 0)


async def test_the_command_runs_without_a_shell_in_its_own_session() -> None:
    words = ["$HOME", "a b", ";", "`id`"]
    process = await app([sys.executable, "-c", ECHO, *words])._open_app_process(80, 24)
    assert process.stdout is not None
    line = await process.stdout.readline()
    await process.wait()
    assert line.decode().strip() == f"{words!r} True"
