"""Reading a plan file for a command: every problem reported as ``field: message``."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from srrtui.domain.planfile import PlanFile, PlanFileError, parse_plan
from srrtui.domain.validation import validate
from srrtui.domain.words.translate import _

# A plan is a few hundred bytes; far beyond that it is the wrong file (or /dev/zero), and is
# refused after reading at most this much.
MAX_PLAN_BYTES = 256 * 1024


def read_plan_file(path: Path) -> PlanFile:
    """Parse ``path``; unreadable files become a PlanFileError like any other problem."""
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_PLAN_BYTES + 1)
        if len(raw) > MAX_PLAN_BYTES:
            raise PlanFileError(
                [("file", f"{path}: larger than {MAX_PLAN_BYTES // 1024} KiB, not a plan file")]
            )
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise PlanFileError([("file", f"{path}: no such file")]) from None
    except IsADirectoryError:
        raise PlanFileError([("file", f"{path}: is a directory, not a plan file")]) from None
    except UnicodeDecodeError as exc:
        raise PlanFileError([("file", f"{path}: not UTF-8 text (byte {exc.start})")]) from None
    except OSError as exc:
        raise PlanFileError([("file", f"{path}: {exc.strerror}")]) from None
    return parse_plan(text)


def load_valid_plan(path: Path, err: TextIO) -> PlanFile | None:
    """The plan file when it parses and validates (warnings go to ``err``); else None after
    printing one ``field: message`` line per problem to ``err``."""
    try:
        loaded = read_plan_file(path)
    except PlanFileError as exc:
        for key, message in exc.problems:
            print(f"{key}: {message}", file=err)
        if exc.partial is not None:
            # Also what validation finds in the readable part, except for fields whose
            # value could not be read (they would only repeat a problem above).
            unread = {key for key, _ in exc.problems}
            report = validate(exc.partial.plan, exc.partial.quotas)
            for problem in report.problems:
                if problem.field not in unread:
                    print(problem, file=err)
        return None
    report = validate(loaded.plan, loaded.quotas)
    for problem in report.problems:
        print(problem, file=err)
    if not report.ok:
        return None
    for warning in report.warnings:
        print(_("warning: {text}").format(text=warning), file=err)
    return loaded
