"""Keys typed ahead of the wizard. Enter may move it to another step, which is built and given
the keyboard a few messages later; keys typed meanwhile (a burst from tmux, a fast typist) went
to the widget that still had the focus, the previous step's: "photo", Enter, "back" left the
source filter at "photoback", and the destination filter empty.

So after an Enter on the wizard the app holds the keys that follow, and hands them on, in
order, once the wizard says it is done with that Enter (``ReleaseKeys``): to the new step's
first field, or to the same field when the step stays. An Enter that never reaches the wizard
(a widget acted on it and kept it) holds them for HOLD_LIMIT at most."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.timer import Timer

# Seconds. Long enough for the few messages between an Enter and the wizard hearing of it,
# short enough not to be felt when the step stays; renewed while a step is being shown.
HOLD_LIMIT = 0.25


class ReleaseKeys(Message):
    """The wizard is done with the last Enter: the keys held since may go on."""


class TypeAhead:
    """The keys held since an Enter (``None``: none held, keys go straight on)."""

    def __init__(self, app: App[Any], moving: Callable[[], bool]) -> None:
        self.app = app
        self.moving = moving  # the wizard is still showing a step (its release will come)
        self.held: list[events.Key] | None = None
        self._timer: Timer | None = None

    @property
    def holding(self) -> bool:
        return self.held is not None

    def hold(self) -> None:
        if self.held is None:
            self.held = []
            self._timer = self.app.set_timer(HOLD_LIMIT, self._expired)

    def take(self, event: events.Key) -> bool:
        """Keep the key if keys are held; False: it goes on now."""
        if self.held is None:
            return False
        self.held.append(event)
        return True

    def release(self) -> list[events.Key]:
        """Stop holding; the keys held, in the order they came."""
        held, self.held = self.held or [], None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        return held

    def _expired(self) -> None:
        if self.moving():
            self._timer = self.app.set_timer(HOLD_LIMIT, self._expired)
        else:
            self.app.post_message(ReleaseKeys())
