"""`srrtui --demo` in a real terminal (tmux), as a new user would drive it: every step, a resize,
Escape back, Ctrl+C with and without confirming, closing the window. Afterwards the shell is back
(no alternate screen left), the exit code is 0 and the demo's temporary folder is gone. A secret
typed into the credentials form never appears on screen. Every wait polls the pane against a
deadline; nothing sleeps for a fixed time."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"
)

SECRET = "tmux-Secret-7f3a9c"  # typed into the masked field; must never be on screen
SENTINEL = "EXIT="


class Pane:
    """One tmux server of our own (-L), one window running a plain shell."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"srrtui-test-{uuid.uuid4().hex[:8]}"
        self.captures: list[str] = []
        shell = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        self.tmux("new-session", "-d", "-s", "t", "-x", "80", "-y", "24",
                  f"env {shell} bash --norc --noprofile")  # fmt: skip
        self.tmux("set-option", "-g", "status", "off")

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return done.stdout

    def capture(self) -> str:
        text = self.tmux("capture-pane", "-p", "-t", "t")
        self.captures.append(text)
        return text

    def wait_for(self, *texts: str, absent: str = "", timeout: float = 15.0) -> str:
        """Wait until every text shows (and ``absent``, when given, does not)."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.capture()
            if all(text in screen for text in texts) and not (absent and absent in screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {texts!r}; the pane shows:\n{screen}")
            time.sleep(0.05)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "t", "-l", text)

    def run(self, command: str) -> None:
        self.type(f"{command}; echo {SENTINEL}$?")
        self.keys("Enter")

    def exited(self) -> str:
        """Wait for the shell's sentinel line; the alternate screen must be off again."""
        screen = self.wait_for(f"{SENTINEL}0")
        assert self.tmux("display-message", "-p", "-t", "t", "#{alternate_on}").strip() == "0"
        return screen

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def tmux_env(tmp_path: Path) -> dict[str, str]:
    """A private HOME and TMPDIR (the demo folder is made there), no cloud credentials, and a
    keyring that refuses everything: the session touches nothing of the machine's."""
    (tmp_path / "tmp").mkdir()
    return {
        "HOME": str(tmp_path),
        "TMPDIR": str(tmp_path / "tmp"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "TERM": "xterm-256color",
        "PS1": "$ ",
    }


@pytest.fixture
def pane(tmux_env: dict[str, str]) -> Iterator[Pane]:
    pane = Pane(tmux_env)
    try:
        yield pane
    finally:
        pane.close()


SRRTUI = f"{shlex.quote(sys.executable)} -m srrtui"


def demo_folders(env: dict[str, str]) -> list[Path]:
    return list(Path(env["TMPDIR"]).glob("srrtui-demo-*"))


def wait_gone(env: dict[str, str], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while demo_folders(env):
        assert time.monotonic() < deadline, f"demo folder left behind: {demo_folders(env)}"
        time.sleep(0.05)


def step(number: int) -> str:
    return f"Step {number} of 12"


def ctrl_c_asks_then_stays(pane: Pane, number: int) -> None:
    """Before a rule exists, Ctrl+C at any step asks first, and "n" keeps the wizard there."""
    pane.keys("C-c")
    pane.wait_for("Quit srrtui?")
    pane.keys("n")
    pane.wait_for(step(number), absent="Quit srrtui?")


def test_every_step_resize_escape_and_ctrl_c(pane: Pane, tmux_env: dict[str, str]) -> None:
    pane.run(f"{SRRTUI} --demo")
    pane.wait_for(step(1), "Ready.")
    assert len(demo_folders(tmux_env)) == 1
    ctrl_c_asks_then_stays(pane, 1)
    pane.keys("Enter")
    pane.wait_for(step(2), "demo-logs")
    ctrl_c_asks_then_stays(pane, 2)
    pane.type("logs")
    pane.wait_for("Selected: none yet", "1 of")
    pane.keys("Enter")
    pane.wait_for(step(3), "demo-photos-backup")
    ctrl_c_asks_then_stays(pane, 3)
    pane.type("back")
    pane.keys("Enter")
    pane.wait_for(step(4))
    ctrl_c_asks_then_stays(pane, 4)
    pane.keys("Enter")
    pane.wait_for(step(5))
    ctrl_c_asks_then_stays(pane, 5)
    # Filter on, then tag key and value typed in one burst, as a fast typist or a paste does.
    pane.keys("Down")
    pane.wait_for("Match all: an object needs")
    pane.keys("Tab", "Tab", "e", "n", "v", "Tab", "p", "r", "o", "d")
    screen = pane.wait_for("prod", "1 of at most 10 tags")
    row = next(line for line in screen.splitlines() if "prod" in line)
    assert "env" in row and "envprod" not in row, row
    for number in (6, 7, 8, 9, 10):
        pane.keys("Enter")
        pane.wait_for(step(number))
        ctrl_c_asks_then_stays(pane, number)
    pane.tmux("resize-window", "-t", "t", "-x", "120", "-y", "40")
    pane.wait_for(step(10), "What this means")
    pane.tmux("resize-window", "-t", "t", "-x", "80", "-y", "24")
    pane.wait_for(step(10))
    for number in (9, 8, 7):
        pane.keys("Escape")
        pane.wait_for(step(number))
    ctrl_c_asks_then_stays(pane, 7)  # also after going back
    for number in (8, 9, 10):
        pane.keys("Enter")
        pane.wait_for(step(number))
    # Enter once the review's preflight has answered: pressing again and again could land a
    # second Enter on the confirmation's "Not yet" button.
    pane.wait_for(step(10), "Preflight passed", timeout=30.0)
    pane.keys("Enter")
    pane.wait_for("Create the rule?")
    pane.keys("y")
    pane.wait_for("Press Enter to watch", "done")
    pane.keys("Enter")
    pane.wait_for(step(12), "next refresh in")
    pane.keys("C-c")  # the rule exists and runs in OSS: quitting asks nothing
    pane.exited()
    wait_gone(tmux_env)


def test_prefix_ticks_sent_in_one_burst(pane: Pane, tmux_env: dict[str, str]) -> None:
    pane.run(f"{SRRTUI} --demo")
    pane.wait_for(step(1), "Ready.")
    pane.keys("Enter")
    pane.wait_for(step(2), "demo-logs")
    pane.type("demo-photos")  # the whole name; demo-photos-backup matches too
    pane.wait_for("2 of 6")
    pane.keys("Enter")
    pane.wait_for(step(3), "Selected: none yet")
    pane.type("versioned-dst")
    pane.keys("Enter")
    pane.wait_for(step(4))
    pane.keys("Down")
    pane.wait_for("6 folders found in demo-photos")
    pane.keys("Tab")
    pane.wait_for("› ▐X▌   docs/")
    pane.keys("Space", "Down", "Space")  # one write: tick, move, tick
    screen = pane.wait_for("2 of at most 10 prefixes chosen")
    assert "✓ docs/" in screen and "✓ photos/" in screen, screen
    pane.keys("C-c")
    pane.wait_for("Quit srrtui?")
    pane.keys("y")
    pane.exited()
    wait_gone(tmux_env)


def test_ctrl_c_confirmed_on_the_first_step(pane: Pane, tmux_env: dict[str, str]) -> None:
    pane.run(f"{SRRTUI} --demo")
    pane.wait_for(step(1))
    pane.keys("C-c")
    pane.wait_for("Quit srrtui?")
    pane.keys("y")
    pane.exited()
    wait_gone(tmux_env)


def test_closing_the_window_removes_the_demo_folder(pane: Pane, tmux_env: dict[str, str]) -> None:
    pane.run(f"{SRRTUI} --demo")
    pane.wait_for(step(1), "Ready.")
    assert demo_folders(tmux_env)
    pane.tmux("kill-server")  # the terminal goes away: SIGHUP
    wait_gone(tmux_env)


def test_a_typed_secret_never_reaches_the_screen(pane: Pane) -> None:
    pane.tmux("resize-window", "-t", "t", "-x", "120", "-y", "45")  # the whole form in view
    pane.run(SRRTUI)
    # "Selected: ..." shows once the profiles and the keyring are read (the list is then
    # rebuilt): keys sent before that could land in a list about to be replaced.
    pane.wait_for(step(1), "+ New profile", "Profile name", "Selected: a new profile")
    # Field by field, each seen in its box before the next Tab: this test is about the mask
    # (bursts of keys across fields are the tag and prefix tests' subject).
    pane.keys("Enter")  # "+ New profile" picked: the keyboard goes to the form's first field
    # The footer offers Enter as Next (and no longer w) once a text field has the keyboard:
    # a person sees the cursor there before typing; keys sent sooner go to the list.
    pane.wait_for("⏎ Next ^c Quit", absent="Watch existing rules")
    pane.type("work")
    pane.wait_for("▊  work ")
    pane.keys("Tab")
    pane.type("cn-hangzhou")
    pane.wait_for("▊  cn-hangzhou ")
    pane.keys("Tab", "Tab")
    pane.type("LTAI5tTmuxKey0001")
    pane.wait_for("▊  LTAI5tTmuxKey0001 ")
    pane.keys("Tab")
    pane.type(SECRET)
    pane.wait_for("LTAI5tTmuxKey0001", "•" * 8)
    pane.keys("C-c")
    pane.wait_for("Quit srrtui?")
    pane.keys("y")
    pane.exited()
    assert pane.captures and not any(SECRET in screen for screen in pane.captures)
