"""``srrtui serve`` as a user starts it: its own process group (as a terminal's foreground job,
so Ctrl+C is a SIGINT to the whole group), a private HOME and TMPDIR, no cloud credentials, a
keyring that refuses everything. Every wait has a deadline."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

URL_LINE = re.compile(r"srrtui is served at (http://\S+)")


def private_env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return {
        "HOME": str(tmp_path),
        "TMPDIR": str(tmp_path / "tmp"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
    }


class Served:
    """A running ``srrtui serve ARGS``; ``url`` is the address it printed."""

    def __init__(self, args: list[str], env: dict[str, str], timeout: float = 60.0) -> None:
        self.env = env
        self.process = subprocess.Popen(
            [sys.executable, "-m", "srrtui", "serve", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        for stream, lines in (
            (self.process.stdout, self.stdout),
            (self.process.stderr, self.stderr),
        ):
            threading.Thread(target=self._read, args=(stream, lines), daemon=True).start()
        self.url = self._printed_url(timeout)

    def _read(self, stream, lines: list[str]) -> None:  # noqa: ANN001 - a text pipe
        for line in stream:
            lines.append(line)
            self._lines.put(line)

    def _printed_url(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if match := URL_LINE.search(line):
                return match.group(1)
        self.stop()
        raise AssertionError(f"srrtui serve printed no URL: {self.output()}")

    def output(self) -> str:
        return "".join(self.stdout) + "".join(self.stderr)

    def ctrl_c(self, timeout: float = 60.0) -> int:
        """Ctrl+C as a terminal sends it (SIGINT to the process group); the exit code. The
        server waits for its apps to quit (up to 30 s each on a busy machine)."""
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"Ctrl+C did not stop srrtui serve: {self.output()}") from None

    def apps_gone(self, timeout: float = 5.0) -> bool:
        """Whether the server and every app it ran (in sessions of their own) have exited:
        no process left in its group or running with this test's private TMPDIR."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._group_alive() and not self.apps_running():
                return True
            time.sleep(0.05)
        return False

    def _group_alive(self) -> bool:
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def apps_running(self) -> list[int]:
        """Processes whose environment holds this test's TMPDIR (Linux's /proc)."""
        marker = f"TMPDIR={self.env['TMPDIR']}".encode() + b"\0"
        found = []
        for environ in Path("/proc").glob("[0-9]*/environ"):
            try:
                if marker in environ.read_bytes() + b"\0":
                    found.append(int(environ.parent.name))
            except OSError:  # gone meanwhile, or not ours
                continue
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
