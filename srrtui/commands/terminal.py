"""The full-screen commands (the wizard, ``watch``) need a terminal on stdin and stdout. Without
one Textual would switch a file or pipe into full-screen mode, write escape codes into it and
wait for keys that never come; instead they stop at once with exit code 2 and say what to use.
A process that textual-serve starts for a browser tab has pipes, not a terminal, and Textual's
web driver (named in ``TEXTUAL_DRIVER``) speaks the browser's protocol over them: that is served."""

from __future__ import annotations

import os
import sys
from typing import TextIO

EXIT_NO_TERMINAL = 2


def missing_terminal(stdin: TextIO | None = None, stdout: TextIO | None = None) -> list[str]:
    """[] when both ends are terminals (or a browser tab drives the app through Textual's web
    driver), else the ends that are not ('stdin', 'stdout', or both)."""
    if _served_to_a_browser():
        return []
    ends = {"stdin": stdin or sys.stdin, "stdout": stdout or sys.stdout}
    return [name for name, stream in ends.items() if not _is_terminal(stream)]


def _served_to_a_browser() -> bool:
    return os.environ.get("TEXTUAL_DRIVER", "").endswith(":WebDriver")


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed or detached
        return False


def refuse_without_terminal(what: str, instead: str) -> int | None:
    """Print one line and return the exit code when there is no terminal; None when there is.
    ``what`` and ``instead`` come translated."""
    from srrtui.domain.words.translate import _, ngettext

    missing = missing_terminal()
    if not missing:
        return None
    named = (
        missing[0]
        if len(missing) == 1
        else _("{first} and {second}").format(first=missing[0], second=missing[1])
    )
    line = ngettext(
        "srrtui: {what} needs a terminal, but {ends} is not one; {instead}",
        "srrtui: {what} needs a terminal, but {ends} are not; {instead}",
        len(missing),
    ).format(what=what, ends=named, instead=instead)
    print(line, file=sys.stderr)
    return EXIT_NO_TERMINAL
