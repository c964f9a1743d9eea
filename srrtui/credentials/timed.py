"""Run a blocking call on a daemon thread and stop waiting for it after a timeout.

A locked Secret Service collection makes keyring's SecretService backend call
``collection.unlock()``, which waits for a desktop prompt; over SSH nobody can answer it, and the
call never returns. Python cannot kill a thread, so the call is left to finish (or not) on a
daemon thread, which does not keep the process alive at exit; the caller gets an answer in time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from srrtui.domain.words.translate import _

T = TypeVar("T")


class CallTimedOut(Exception):
    pass


def call_with_timeout(fn: Callable[[], T], timeout: float, name: str = "srrtui-keyring") -> T:
    """``fn()``'s result or exception, or :class:`CallTimedOut` after ``timeout`` seconds."""
    done = threading.Event()
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread as is
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=target, name=name, daemon=True).start()
    if not done.wait(timeout):
        raise CallTimedOut(_("no answer within {seconds} s").format(seconds=f"{timeout:g}"))
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
