"""Reading a plan file for a command: every problem reported as ``field: message``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from srrtui.domain.planfile import PlanFile, PlanFileError, parse_plan
from srrtui.domain.validation import Issue, validate
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
                [
                    (
                        "file",
                        _("{path}: larger than {size} KiB, not a plan file").format(
                            path=path, size=MAX_PLAN_BYTES // 1024
                        ),
                    )
                ]
            )
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise PlanFileError([("file", _("{path}: no such file").format(path=path))]) from None
    except IsADirectoryError:
        raise PlanFileError(
            [("file", _("{path}: is a directory, not a plan file").format(path=path))]
        ) from None
    except UnicodeDecodeError as exc:
        raise PlanFileError(
            [("file", _("{path}: not UTF-8 text (byte {byte})").format(path=path, byte=exc.start))]
        ) from None
    except OSError as exc:
        raise PlanFileError([("file", f"{path}: {exc.strerror}")]) from None
    return parse_plan(text)


@dataclass(frozen=True)
class PlanCheck:
    """A plan file read and validated: the plan when it is valid, else every problem."""

    loaded: PlanFile | None
    problems: tuple[Issue, ...]
    warnings: tuple[Issue, ...] = ()


def check_plan_file(path: Path) -> PlanCheck:
    """Every problem of ``path`` (``field: message``, and a stable code), in one pass. A file
    that cannot be read or parsed has the code ``plan-file``."""
    try:
        loaded = read_plan_file(path)
    except PlanFileError as exc:
        problems = [Issue(key, message, "plan-file") for key, message in exc.problems]
        if exc.partial is not None:
            # Also what validation finds in the readable part, except for fields whose
            # value could not be read (they would only repeat a problem above).
            unread = {key for key, _ in exc.problems}
            report = validate(exc.partial.plan, exc.partial.quotas)
            problems += [p for p in report.problems if p.field not in unread]
        return PlanCheck(None, tuple(problems))
    report = validate(loaded.plan, loaded.quotas)
    if not report.ok:
        return PlanCheck(None, report.problems, report.warnings)
    return PlanCheck(loaded, (), report.warnings)


def load_valid_plan(path: Path, err: TextIO) -> PlanFile | None:
    """The plan file when it parses and validates (warnings go to ``err``); else None after
    printing one ``field: message`` line per problem to ``err``."""
    check = check_plan_file(path)
    for problem in check.problems:
        print(problem, file=err)
    if check.loaded is None:
        return None
    for warning in check.warnings:
        print(_("warning: {text}").format(text=warning), file=err)
    return check.loaded
