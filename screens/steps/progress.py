"""Step 12: watch the rule: polls progress and status while shown (paused when hidden), r
refreshes now, network blips show "retrying" and polling goes on."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer

from srrtui.cloud.rule_polls import RulePolls
from srrtui.cloud.types import CloudError
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.rules import RuleProgress
from srrtui.domain.words.translate import N_, _, sentences
from srrtui.screens.steps.base import StepContext, StepPanel
from srrtui.screens.widgets.progress_view import ProgressState, ProgressView


@dataclass
class Polled(Message):
    at: datetime
    progress: RuleProgress | None
    error: CloudError | None = None


class ProgressStep(StepPanel):
    key = "progress"
    title = N_("Progress")
    form = False
    BINDINGS = [Binding("r", "refresh_now", N_("Refresh"))]

    def __init__(self, ctx: StepContext, plan: ReplicationPlan) -> None:
        super().__init__(ctx, plan)
        self.polls = RulePolls()  # the model watch's rules use too
        self.timer: Timer | None = None
        self.fetching = False
        # When the next poll is due, by the services' clock (tests freeze it, so a snapshot
        # never catches the countdown mid-tick and never polls on its own).
        self.next_due: datetime | None = None

    def compose(self) -> ComposeResult:
        yield ProgressView()

    def on_mount(self) -> None:
        # A one-second tick drives both the countdown and the polls it announces.
        self.timer = self.set_interval(1.0, self._tick, pause=True)

    def enter(self, plan: ReplicationPlan) -> None:
        super().enter(plan)
        self._show_progress()
        self.poll()

    def on_show(self) -> None:
        if self.timer is not None:
            self.timer.resume()

    def on_hide(self) -> None:
        # Nobody is looking: stop calling the API (replication itself goes on in OSS).
        if self.timer is not None:
            self.timer.pause()

    def action_refresh_now(self) -> None:
        self.poll()

    def poll(self) -> None:
        if self.ctx.cloud is not None and self.ctx.rule_id and not self.fetching:
            self.fetching = True
            self._show_refresh()
            self.fetch(self.plan.source_bucket, self.ctx.rule_id)

    def _tick(self) -> None:
        if self.fetching or self.next_due is None:
            return
        if self.ctx.services.clock() >= self.next_due:
            self.poll()
        else:
            self._show_refresh()

    def refresh_text(self) -> str:
        if self.fetching:
            return _("refreshing…")
        if self.next_due is None:
            return ""
        left = (self.next_due - self.ctx.services.clock()).total_seconds()
        return _("next refresh in {seconds} s").format(seconds=max(1, math.ceil(left)))

    @work(thread=True, exclusive=True, group="progress", exit_on_error=False)
    def fetch(self, bucket: str, rule_id: str) -> None:
        assert self.ctx.cloud is not None
        try:
            progress = self.ctx.cloud.rule_progress(bucket, rule_id)
        except CloudError as error:
            self.post_message(Polled(self.ctx.services.clock(), None, error))
            return
        self.post_message(Polled(self.ctx.services.clock(), progress))

    def on_polled(self, message: Polled) -> None:
        self.fetching = False
        self.next_due = message.at + timedelta(seconds=self.ctx.services.poll_interval)
        self.polls.record(message.at, message.progress, message.error)
        self._show_progress()

    def _show_progress(self) -> None:
        self.query_one(ProgressView).show_state(self._state())

    def _show_refresh(self) -> None:
        self.query_one(ProgressView).show_refresh(self._state())

    def _state(self) -> ProgressState:
        return ProgressState(
            source=self.plan.source_bucket,
            destination=self.plan.destination_bucket,
            rule_id=self.ctx.rule_id,
            history=self.polls.history,
            historical=self.plan.historical,
            last_error=self.polls.last_error,
            retrying=self.polls.retrying,
            checked_at=self.polls.checked_at,
            refresh=self.refresh_text(),
            demo=self.ctx.services.demo,
            scope=self.ctx.scope,
        )

    def help_text(self) -> str:
        where = (
            _("In the demo the rule runs in the local cloud, which stops when you quit.")
            if self.ctx.services.demo
            else _("The rule runs in OSS: quitting srrtui does not stop it.")
        )
        how = _(
            "Historical progress is reported while the rule is doing; the new-object watermark "
            "says up to when new writes have been copied. Polling pauses while this pane is "
            "hidden."
        )
        return sentences(where, how)
