"""Plain-text renderings of cloud-layer results for the command line (no colour needed:
every line starts with a word that says its state)."""

from __future__ import annotations

from srrtui.cloud.types import CheckStatus, EnableStep, PreflightReport, StepState
from srrtui.domain.rules import RuleProgress
from srrtui.domain.words.translate import _, titled

_CHECK_WORDS = {CheckStatus.PASS: "pass", CheckStatus.WARN: "WARN", CheckStatus.FAIL: "FAIL"}
_STEP_WORDS = {
    StepState.PENDING: "pending",
    StepState.RUNNING: "running",
    StepState.DONE: "done",
    StepState.EXISTED: "existed",
    StepState.FAILED: "FAILED",
    StepState.SKIPPED: "skipped",
}


def preflight_lines(report: PreflightReport) -> list[str]:
    # The scope needs no line of its own: preflight reports it as one of its checks ("would
    # copy N objects", or "historical replication is off"), and printing report.scope again
    # said it twice (and "would copy 0 objects" with historical replication off).
    lines = []
    for line in report.lines:
        lines.append(f"{_CHECK_WORDS[line.status]:>4}  {titled(line.title, line.detail)}")
    return lines


def step_line(step: EnableStep) -> str:
    line = f"{_STEP_WORDS[step.state]:>7}  {titled(step.title, step.detail)}"
    if step.error is not None:
        line += f"\n         {step.error}"
    return line


def progress_line(progress: RuleProgress) -> str:
    status = progress.rule.status.value if progress.rule.status else "unknown"
    parts = [_("status {status}").format(status=status)]
    if progress.historical_fraction is not None:
        fraction = f"{progress.historical_fraction:.0%}"
        parts.append(_("historical {fraction}").format(fraction=fraction))
    elif not progress.rule.historical:
        parts.append(_("historical off"))
    if progress.new_object_time is not None:
        stamp = progress.new_object_time.strftime("%Y-%m-%d %H:%M:%S UTC")
        parts.append(_("new objects replicated up to {time}").format(time=stamp))
    return _(", ").join(parts)
