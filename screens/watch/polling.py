"""Polling only while a screen is shown: real OSS reports progress every few minutes, and a
screen nobody looks at (covered by another) must not keep calling the API."""

from __future__ import annotations

from textual.screen import Screen
from textual.timer import Timer


class PollWhileShown(Screen[None]):
    """Subclasses call ``start_polling(seconds)`` in ``on_mount`` and implement ``tick``."""

    timer: Timer | None = None

    def start_polling(self, seconds: float) -> None:
        self.timer = self.set_interval(seconds, self.tick, pause=True)

    def tick(self) -> None:
        raise NotImplementedError

    def on_screen_resume(self) -> None:
        if self.timer is not None:
            self.timer.resume()
        self.tick()  # what changed while covered, at once

    def on_screen_suspend(self) -> None:
        if self.timer is not None:
            self.timer.pause()
