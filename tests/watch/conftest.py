"""Fixtures for the watch tests: demo clouds whose rule stays put (snapshots) or moves (flows)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from demo_seed import copy_demo_seed

from srrtui.localcloud import LocalCloud

# The demo rule stays "starting" for an hour: nothing on screen moves, and a stopped rule stays
# "closing" just as long. Snapshots read these values only.
FROZEN = {"seed": "demo", "start_delay": 3600.0}


@pytest.fixture(autouse=True)
def _quick_idle(quick_idle_checks: None) -> None:
    """Pilot's idle checks in 2 ms slices (tests/conftest.py)."""


@pytest.fixture(scope="session")
def frozen_demo_cloud(
    demo_seed: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalCloud]:
    """Shared by tests that only read."""
    data = copy_demo_seed(demo_seed, tmp_path_factory.mktemp("frozen") / "cloud")
    with LocalCloud(data, **FROZEN) as cloud:
        yield cloud


@pytest.fixture
def fresh_frozen_cloud(demo_seed_copy) -> Iterator[LocalCloud]:  # noqa: ANN001
    """For a test that stops the rule (it then stays closing)."""
    with LocalCloud(demo_seed_copy("frozen"), **FROZEN) as cloud:
        yield cloud


@pytest.fixture
def moving_demo_cloud(demo_seed_copy) -> Iterator[LocalCloud]:  # noqa: ANN001
    """The demo rule starts at once and copies its ~1,200 objects in a few seconds; a stopped
    rule closes after a second, long enough to see "closing"."""
    with LocalCloud(
        demo_seed_copy("moving"), seed="demo", start_delay=1.0, replication_rate=400.0
    ) as cloud:
        yield cloud
