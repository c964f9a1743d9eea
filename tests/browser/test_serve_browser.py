"""`srrtui serve --demo` in a real browser: headless Chromium (Debian's package, driven by
Playwright) opens the printed address, and the wizard is walked by keyboard to an enabled rule.
The text is read from xterm.js's own screen buffer (the page draws it on a canvas), every wait
polls it against a deadline, and a screenshot is saved. Ctrl+C then stops the server, the
sessions' apps and the demo cloud, with exit code 0 and no traceback."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from served import Served

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (.ci/run installs Debian's package: apt-get install chromium)",
)
# No download, no GPU, no network but the test's own loopback server.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]  # fmt: skip
# textual-serve keeps its xterm.js Terminal in a closure; this init script notes every Terminal
# as it is assigned to an object's `terminal` field, so the test can read its screen buffer.
NOTE_TERMINALS = """
window.__terminals = [];
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.buffer.active) window.__terminals.push(value);
  },
});
"""
SCREEN_TEXT = """() => {
  const terminal = window.__terminals[0];
  if (!terminal) return "";
  const buffer = terminal.buffer.active, rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""
SCREENSHOT = "serve-demo.png"


class BrowserTerminal:
    def __init__(self, page) -> None:  # noqa: ANN001 - a playwright Page
        self.page = page

    def text(self) -> str:
        return self.page.evaluate(SCREEN_TEXT)

    def wait_for(self, *texts: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.text()
            if all(text in screen for text in texts):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {texts!r}; the page shows:\n{screen}")
            self.page.wait_for_timeout(50)

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)


def step(number: int) -> str:
    return f"Step {number} of 12"


# 65-95 s measured on 2 cores shared with other work (load 20-30); each wait below has its own
# deadline, and together they can pass pytest's default 120 s when the suite shares the cores.
@pytest.mark.timeout(300)
def test_the_demo_enables_a_rule_in_a_browser(served: Served, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert served.url.startswith("http://127.0.0.1:")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 660})
            page.add_init_script(NOTE_TERMINALS)
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(served.url, wait_until="domcontentloaded")
            assert "secret" not in page.url.lower()
            terminal = BrowserTerminal(page)
            walk_to_an_enabled_rule(terminal)
            page.screenshot(path=tmp_path / SCREENSHOT)
            origin = served.url.rstrip("/")
            elsewhere = [
                url for url in requested if not url.replace("ws://", "http://").startswith(origin)
            ]
            assert not elsewhere, f"the page asked other servers: {elsewhere}"
            assert list((tmp_path / "tmp").glob("srrtui-demo-*")), "no demo cloud started"
            # Ctrl+C in the server's terminal, with the tab open: the page says so.
            assert served.ctrl_c() == 0
            page.wait_for_selector("body.-closed", timeout=5000)
        finally:
            browser.close()
    assert (tmp_path / SCREENSHOT).read_bytes().startswith(b"\x89PNG")
    if shots := os.environ.get("SRRTUI_SCREENSHOT_DIR"):  # for docs/: keep the picture
        shutil.copy(tmp_path / SCREENSHOT, Path(shots) / SCREENSHOT)
    assert served.apps_gone(), "an app process outlived srrtui serve"
    assert not list((tmp_path / "tmp").glob("srrtui-demo-*")), "the demo folder was left behind"
    assert "Traceback" not in served.output(), served.output()
    assert "srrtui serve: stopped" in served.output()


def walk_to_an_enabled_rule(terminal: BrowserTerminal) -> None:
    """The demo's default flow, accepted step by step, as tests/reliability's tmux walk."""
    terminal.wait_for(step(1), "Ready.", timeout=30.0)
    terminal.page.focus("textarea.xterm-helper-textarea")  # xterm.js's keyboard input
    terminal.press("Enter")
    terminal.wait_for(step(2), "demo-logs")
    terminal.type("logs")
    terminal.wait_for("1 of")
    terminal.press("Enter")
    terminal.wait_for(step(3), "demo-photos-backup")
    terminal.type("back")
    terminal.press("Enter")
    for number in range(4, 10):
        terminal.wait_for(step(number))
        terminal.press("Enter")
    # Each key once its step is ready: a key sent early would land on the next screen.
    terminal.wait_for(step(10), "✓ Preflight passed", timeout=30.0)
    terminal.press("Enter")  # step 11 asks for confirmation by itself
    terminal.wait_for(step(11), "Create the rule?")
    terminal.press("y")
    terminal.wait_for("Press Enter to watch", "done")
    terminal.press("Enter")
    terminal.wait_for(step(12), "next refresh in")
    screen = terminal.wait_for("doing: the rule is in effect", timeout=30.0)
    assert "demo-logs → demo-photos-backup" in screen, screen
