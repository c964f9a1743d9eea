"""``watch --json`` after Ctrl+C: the reads in flight finish and the "stopped" line is written
before the command returns, however the interrupt lands (a KeyboardInterrupt that cuts a
``Thread.join`` short can leave the worker looking finished while it runs:
python/cpython#90882)."""

from __future__ import annotations

import _thread
import threading
import time

from srrtui.commands.watch_headless import EXIT_INTERRUPTED, stream_until_interrupted


def test_ctrl_c_waits_for_the_stream_to_write_its_last_line() -> None:
    started, lines = threading.Event(), []

    def stream(stop: threading.Event) -> int:
        started.set()
        stop.wait(30)
        time.sleep(0.5)  # a read in flight when Ctrl+C came, finishing
        lines.append("stopped")
        return 0

    def press_ctrl_c() -> None:
        started.wait(30)
        _thread.interrupt_main()  # as SIGINT does: KeyboardInterrupt in the main thread

    presser = threading.Thread(target=press_ctrl_c)
    presser.start()
    assert stream_until_interrupted(stream) == EXIT_INTERRUPTED
    presser.join()
    assert lines == ["stopped"]
