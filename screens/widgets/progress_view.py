"""Renders a rule's replication progress. Given values only: the pane that polls (or a test)
feeds it, so it can be drawn for any state without a cloud."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, ProgressBar, Static

from srrtui.domain.progress_estimate import copied_estimate
from srrtui.domain.progress_history import ProgressHistory, short_duration
from srrtui.domain.rules import RuleStatus
from srrtui.domain.words.translate import N_, _, sentences

STATUS_WORDS = {
    RuleStatus.STARTING: N_("◔ starting: OSS is creating the task (3 to 5 minutes)"),
    RuleStatus.DOING: N_("▶ doing: the rule is in effect"),
    RuleStatus.CLOSING: N_("■ closing: the rule is being removed"),
}


UNKNOWN_STATUS = N_("? unknown")
DEMO_STARTING = N_("◔ starting: the local cloud is creating the task (a few seconds)")
AFTER_QUIT = N_("Quitting does not stop replication; `srrtui watch` reopens this.")
DEMO_AFTER_QUIT = N_(
    "This is the demo: its local cloud, and this rule with it, stop when you quit."
)


@dataclass(frozen=True)
class ProgressState:
    """Everything the view shows. ``retrying``: the last poll hit a network blip."""

    source: str
    destination: str
    rule_id: str
    history: ProgressHistory
    historical: bool = True
    last_error: str = ""
    retrying: bool = False
    checked_at: datetime | None = None
    refresh: str = ""  # "refreshing…" / "next refresh in 12 s": says the pane is live
    demo: bool = False  # the rule runs in the demo's local cloud, which lives as long as we do
    # What preflight counted (objects, bytes, capped), to show the fraction in those units.
    scope: tuple[int, int, bool] | None = None


# Eighths of a cell, from the baseline up. 0 % is the baseline on purpose: Textual's Sparkline
# scales to the data, so an all-zero history drew full blocks that read as 100 %.
BLOCKS = "▁▂▃▄▅▆▇█"
SPARK_WIDTH = 40


def spark_line(percents: list[float], width: int = SPARK_WIDTH) -> str:
    """The last ``width`` samples on a fixed 0..100 % scale, with the range in words."""
    if not percents:
        return _("(no samples yet)")
    tail = percents[-width:]
    top = len(BLOCKS) - 1
    cells = "".join(BLOCKS[min(top, max(0, round(p / 100 * top)))] for p in tail)
    return f"{cells}  " + _("0-100 %, now {percent} %").format(percent=f"{tail[-1]:.0f}")


def clock_text(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S UTC") if moment.tzinfo else moment.strftime("%H:%M:%S")


class ProgressView(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("", id="progress-title", markup=False)
        yield Static("", id="progress-status", markup=False)
        yield Label(_("Historical data"), classes="subheading")
        yield ProgressBar(total=100, show_eta=False, id="progress-bar")
        yield Static("", id="progress-rate", markup=False)
        estimate = Static("", id="progress-estimate", markup=False)
        estimate.display = False  # until there is a fraction and a counted scope
        yield estimate
        yield Label(_("New objects"), classes="subheading")
        yield Static("", id="progress-new", markup=False)
        yield Label(_("History (historical %)"), classes="subheading")
        yield Static("", id="progress-spark", markup=False)
        yield Static("", id="progress-error", markup=False)
        yield Static("", id="progress-checked", classes="hint", markup=False)

    def show_state(self, state: ProgressState) -> None:
        latest = state.history.latest
        self.query_one("#progress-title", Static).update(
            _("Rule {rule} replicates {source} → {destination}.").format(
                rule=state.rule_id, source=state.source, destination=state.destination
            )
        )
        status = (
            _(STATUS_WORDS.get(latest.status, UNKNOWN_STATUS))
            if latest and latest.status
            else _("… waiting for the first answer")
        )
        if state.demo and latest and latest.status is RuleStatus.STARTING:
            status = _(DEMO_STARTING)
        self.query_one("#progress-status", Static).update(
            _("Status: {status}").format(status=status)
        )
        bar = self.query_one("#progress-bar", ProgressBar)
        rate = self.query_one("#progress-rate", Static)
        fraction = latest.fraction if latest else None
        if not state.historical:
            bar.update(progress=0)
            rate.update(_("Not copied: the rule replicates new objects only."))
        elif fraction is None:
            bar.update(progress=0)
            rate.update(_("No progress reported yet (OSS reports it once the rule is doing)."))
        else:
            bar.update(progress=round(fraction * 100, 1))
            per_minute = state.history.rate_per_minute()
            eta = state.history.eta()
            if fraction >= 1:
                rate.update(_("✓ Done: every object that existed has been copied."))
            else:
                # The bar's own percentage is the first thing cut off in a narrow terminal.
                speed = (
                    _("{percent} % per minute").format(percent=f"{per_minute * 100:.1f}")
                    if per_minute
                    else _("measuring…")
                )
                left = (
                    _("about {duration} left").format(duration=short_duration(eta))
                    if eta is not None
                    else _("time left unknown")
                )
                rate.update(
                    # The % in the value: "% c" in a message reads as a printf format to gettext.
                    _("{percent} copied. Rate: {speed}; {left}.").format(
                        percent=f"{fraction * 100:.0f} %", speed=speed, left=left
                    )
                )
        estimate = self.query_one("#progress-estimate", Static)
        text = ""
        if state.historical and fraction is not None and state.scope is not None:
            text = copied_estimate(fraction, *state.scope)
        estimate.update(text)
        estimate.display = bool(text)
        new = self.query_one("#progress-new", Static)
        if latest is not None and latest.new_object_time is not None:
            lag = state.history.lag()
            lag_text = (
                _(" (lag {duration})").format(duration=short_duration(lag))
                if lag is not None
                else ""
            )
            new.update(
                _("Everything written before {time} is replicated{lag}.").format(
                    time=clock_text(latest.new_object_time), lag=lag_text
                )
            )
        else:
            new.update(_("No watermark yet."))
        self.query_one("#progress-spark", Static).update(spark_line(state.history.fractions()))
        error = self.query_one("#progress-error", Static)
        if state.retrying:
            error.update(_("⟳ retrying: {error}").format(error=state.last_error))
        else:
            error.update(
                _("✗ Last error: {error}").format(error=state.last_error)
                if state.last_error
                else ""
            )
        error.display = bool(state.last_error)
        self.show_refresh(state)

    def show_refresh(self, state: ProgressState) -> None:
        """The status line alone: it changes every second, the rest only when a poll lands."""
        checked = (
            _("Last checked {time}").format(time=clock_text(state.checked_at))
            if state.checked_at
            else ""
        )
        live = _("; ").join(part for part in (checked, state.refresh) if part)
        after = _(DEMO_AFTER_QUIT if state.demo else AFTER_QUIT)
        self.query_one("#progress-checked", Static).update(
            (live + _(". ") if live else "") + sentences(_("r refreshes now."), after)
        )
