"""The words of ``srrtui apply`` over many plans: the outcome of each, the summary table, the
question before enabling. (The ``--json`` keys and outcome codes are not words: they stay
English identifiers in every language, see srrtui.domain.batch.Outcome.)"""

from __future__ import annotations

from collections.abc import Sequence

from srrtui.domain.batch import Outcome
from srrtui.domain.words.counts import plural
from srrtui.domain.words.translate import _

SHOWN_IN_QUESTION = 10  # pairs listed before "and N more"


def outcome_word(outcome: Outcome) -> str:
    return {
        Outcome.CREATED: _("created"),
        Outcome.EXISTED: _("already existed"),
        Outcome.CHECKED: _("preflight passed"),
        Outcome.INVALID: _("invalid plan"),
        Outcome.PREFLIGHT_FAILED: _("preflight failed"),
        Outcome.FAILED: _("failed"),
        Outcome.NOT_STARTED: _("not started"),
    }[outcome]


def summary_table(rows: Sequence[tuple[str, str, Outcome, str]]) -> list[str]:
    """One line per plan: its file, source -> destination, outcome and why."""
    header = (_("PLAN"), _("SOURCE -> DESTINATION"), _("RESULT"), _("DETAIL"))
    cells = [header] + [(key, pair, outcome_word(o), reason) for key, pair, o, reason in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(3)]
    return [
        "  ".join([*(c.ljust(w) for c, w in zip(row[:3], widths, strict=True)), row[3]]).rstrip()
        for row in cells
    ]


def summary_line(counts: dict[str, int]) -> str:
    """``3 plans: 2 created, 1 already existed``: the outcomes that happened."""
    total = sum(counts.values())
    parts = [f"{n} {outcome_word(Outcome(value))}" for value, n in counts.items() if n]
    return f"{plural(total, 'plan')}: {', '.join(parts)}"


def no_plans_in(folder: str) -> str:
    return _("{folder}: no plan files (*.toml) in this folder").format(folder=folder)


def same_pair_as(other: str) -> str:
    return _("the same source and destination as {other}: one rule per pair").format(other=other)


def other_region(region: str, run_region: str) -> str:
    return _(
        "the plan is for {region}, this run for {run_region} (--region, or the first plan's): "
        "apply it in a run of its own"
    ).format(region=region, run_region=run_region)


def held_back() -> str:
    return _("not enabled: another plan failed its preflight (--keep-going enables the others)")


def stopped() -> str:
    return _("stopped by Ctrl+C before it started")


def interrupted_note() -> str:
    return _("stopped by Ctrl+C: no new plan was started; the table says what was done")


def confirm_question(pairs: Sequence[str]) -> str:
    """What the user is asked to confirm before rules are created."""
    if len(pairs) == 1:
        head = _("This creates a replication rule {pair}.").format(pair=pairs[0])
        return f"{head} " + _("A rule cannot be edited afterwards.")
    head = _("This creates {count} replication rules:").format(count=len(pairs))
    shown = [f"  {pair}" for pair in pairs[:SHOWN_IN_QUESTION]]
    if len(pairs) > SHOWN_IN_QUESTION:
        shown.append("  " + _("and {count} more").format(count=len(pairs) - SHOWN_IN_QUESTION))
    return "\n".join([head, *shown, _("A rule cannot be edited afterwards.")])
