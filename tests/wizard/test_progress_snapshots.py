"""The progress pane's view for given values: starting, 0 %, mid-way, done, retrying, error.
A render-only widget, so it is drawn from RuleProgress values without a cloud."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.app import App, ComposeResult
from wizard_helpers import FIXED_NOW

from srrtui.domain.progress_history import ProgressHistory
from srrtui.domain.rules import RuleConfig, RuleProgress, RuleStatus
from srrtui.paths import asset
from srrtui.screens.widgets.progress_view import ProgressState, ProgressView

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


class ProgressApp(App[None]):
    CSS_PATH = str(asset("app.tcss"))

    def __init__(self, state: ProgressState) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        yield ProgressView(classes="step")

    def on_mount(self) -> None:
        self.query_one(ProgressView).show_state(self.state)


def sample(status: RuleStatus, fraction: float | None, minutes_ago: float, lag: float | None):
    at = FIXED_NOW - timedelta(minutes=minutes_ago)
    new_time = at - timedelta(seconds=lag) if lag is not None else None
    rule = RuleConfig(rule_id="rule-1", destination_bucket="demo-photos-backup", status=status)
    return at, RuleProgress(rule, historical_fraction=fraction, new_object_time=new_time)


def state(
    *samples,
    error: str = "",
    retrying: bool = False,
    historical: bool = True,
    scope: tuple[int, int, bool] | None = None,
):
    history = ProgressHistory()
    for at, progress in samples:
        history.add(at, progress)
    return ProgressState(
        source="demo-photos",
        destination="demo-photos-backup",
        rule_id="rule-1",
        history=history,
        historical=historical,
        last_error=error,
        retrying=retrying,
        checked_at=FIXED_NOW,
        scope=scope,
    )


CASES = {
    "starting": state(sample(RuleStatus.STARTING, None, 0, None)),
    "zero": state(sample(RuleStatus.DOING, 0.0, 0, 5)),
    "midway": state(
        sample(RuleStatus.DOING, 0.10, 10, 90),
        sample(RuleStatus.DOING, 0.25, 5, 60),
        sample(RuleStatus.DOING, 0.40, 0, 30),
    ),
    "done": state(sample(RuleStatus.DOING, 0.9, 2, 10), sample(RuleStatus.DOING, 1.0, 0, 4)),
    "retrying": state(
        sample(RuleStatus.DOING, 0.4, 1, 30),
        error="GetBucketReplicationProgress: NetworkError: connection reset",
        retrying=True,
    ),
    "error": state(
        sample(RuleStatus.DOING, 0.4, 1, 30),
        error="GetBucketReplicationProgress: AccessDenied: you have no right to access this",
    ),
    "new_objects_only": state(sample(RuleStatus.DOING, None, 0, 12), historical=False),
    # The scope preflight counted: the fraction in objects and bytes, as an estimate.
    "midway_estimate": state(
        sample(RuleStatus.DOING, 0.25, 5, 60),
        sample(RuleStatus.DOING, 0.40, 0, 30),
        scope=(241, 3 * 1024 * 1024, False),
    ),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_progress_snapshot(case: str, size: tuple[int, int], snap_compare) -> None:
    assert snap_compare(ProgressApp(CASES[case]), terminal_size=size)


async def test_the_fraction_is_also_shown_in_objects_and_bytes_as_an_estimate() -> None:
    app = ProgressApp(CASES["midway_estimate"])
    async with app.run_test(size=(80, 24)):
        line = app.query_one("#progress-estimate")
        assert line.display
        assert str(line.render()) == (
            "Estimate: about 96 of 241 objects, 1.2 MiB of 3.0 MiB (from the fraction OSS "
            "reports and the scope counted at preflight)."
        )
    app = ProgressApp(CASES["midway"])  # no counted scope: no estimate, not a made-up one
    async with app.run_test(size=(80, 24)):
        assert not app.query_one("#progress-estimate").display
