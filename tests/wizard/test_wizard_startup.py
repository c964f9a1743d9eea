"""The wizard's start-up stays light (no SDK, keyring or local cloud before the first frame),
the step table matches the step classes, and the progress arithmetic is right."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from wizard_helpers import FIXED_NOW

from srrtui.domain.progress_history import ProgressHistory, short_duration
from srrtui.domain.rules import RuleConfig, RuleProgress, RuleStatus
from srrtui.screens.steps import STEPS, step_class

HEAVY = ["oss2", "keyring", "alibabacloud_ram20150501", "alibabacloud_tea_openapi"]


def test_the_app_and_its_first_step_import_no_sdk_keyring_or_local_cloud() -> None:
    code = (
        "import sys, srrtui.cli as c; c.build_parser(); import srrtui.app; "
        "import srrtui.screens.steps.credentials; "
        "print(' '.join(m for m in sys.modules if m.split('.')[0] in "
        f"{HEAVY!r} or m.startswith('srrtui.localcloud')))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.split() == []


def test_step_table_matches_the_step_classes() -> None:
    for index, info in enumerate(STEPS):
        cls = step_class(index)
        assert (cls.key, cls.title) == (info.key, info.title)


def _progress(fraction: float | None, new_object_lag: float | None = None) -> RuleProgress:
    rule = RuleConfig(rule_id="r", status=RuleStatus.DOING)
    new_time = FIXED_NOW - timedelta(seconds=new_object_lag) if new_object_lag else None
    return RuleProgress(rule, historical_fraction=fraction, new_object_time=new_time)


def test_rate_eta_and_lag_come_from_the_samples() -> None:
    history = ProgressHistory()
    history.add(FIXED_NOW - timedelta(minutes=10), _progress(0.2))
    assert history.rate_per_minute() is None and history.eta() is None
    history.add(FIXED_NOW, _progress(0.5, new_object_lag=90))
    assert history.rate_per_minute() == 0.03
    assert history.eta() == timedelta(minutes=50 / 3)
    assert history.lag() == timedelta(seconds=90)
    assert history.fractions() == [20.0, 50.0]
    history.add(FIXED_NOW + timedelta(minutes=1), _progress(1.0))
    assert history.eta() == timedelta(0)


def test_samples_without_progress_do_not_count() -> None:
    history = ProgressHistory()
    history.add(FIXED_NOW, _progress(None))
    assert history.fractions() == [] and history.lag() is None and history.eta() is None


def test_short_durations_read_naturally() -> None:
    assert short_duration(timedelta(seconds=42)) == "42 s"
    assert short_duration(timedelta(minutes=3, seconds=5)) == "3 min 05 s"
    assert short_duration(timedelta(hours=2, minutes=7)) == "2 h 07 min"
    assert short_duration(timedelta(days=3, hours=1)) == "3 days 1 h"
