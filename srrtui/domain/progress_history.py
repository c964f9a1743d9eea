"""What the progress pane derives from successive GetBucketReplicationProgress answers: rate,
ETA, new-object lag and a short history. Pure: the caller passes the time of each sample, so
tests (and snapshots) use a fixed clock."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from srrtui.domain.rules import RuleProgress, RuleStatus


@dataclass(frozen=True)
class Sample:
    at: datetime
    status: RuleStatus | None
    fraction: float | None
    new_object_time: datetime | None


class ProgressHistory:
    """The last ``size`` samples. Rate and ETA come from the oldest and newest samples that
    carry a historical fraction, so one slow poll does not swing them."""

    def __init__(self, size: int = 60) -> None:
        self.samples: deque[Sample] = deque(maxlen=size)

    def add(self, at: datetime, progress: RuleProgress) -> Sample:
        sample = Sample(
            at, progress.rule.status, progress.historical_fraction, progress.new_object_time
        )
        self.samples.append(sample)
        return sample

    @property
    def latest(self) -> Sample | None:
        return self.samples[-1] if self.samples else None

    def fractions(self) -> list[float]:
        """Historical progress as percentages, for a sparkline."""
        return [s.fraction * 100 for s in self.samples if s.fraction is not None]

    def rate_per_minute(self) -> float | None:
        """Fraction of the historical data copied per minute, or None without two samples."""
        known = [s for s in self.samples if s.fraction is not None]
        if len(known) < 2:
            return None
        first, last = known[0], known[-1]
        minutes = (last.at - first.at).total_seconds() / 60
        if minutes <= 0:
            return None
        return max(0.0, (last.fraction - first.fraction) / minutes)  # type: ignore[operator]

    def eta(self) -> timedelta | None:
        """Time left for the historical copy at the current rate; zero when done."""
        latest = self.latest
        if latest is None or latest.fraction is None:
            return None
        if latest.fraction >= 1:
            return timedelta(0)
        rate = self.rate_per_minute()
        if not rate:
            return None
        return timedelta(minutes=(1 - latest.fraction) / rate)

    def lag(self) -> timedelta | None:
        """How far the new-object watermark trails the time of the latest sample."""
        latest = self.latest
        if latest is None or latest.new_object_time is None:
            return None
        return max(timedelta(0), latest.at - latest.new_object_time)


def short_duration(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    return f"{hours // 24} days {hours % 24} h"
