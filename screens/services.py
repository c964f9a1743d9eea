"""What the wizard's screens are given: the cloud, credentials, a clock. No Textual here, and
nothing heavy at import time: every SDK and keyring import happens inside a worker, so the first
frame never waits on it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from srrtui.cloud.api import CloudApi
    from srrtui.cloud.discovery import RuleCache
    from srrtui.cloud.types import Connection

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def open_cloud_session(connection: Connection) -> CloudApi:
    """The real cloud layer; imported here, in the worker that calls it, never at start-up."""
    from srrtui.cloud.session import CloudSession

    return CloudSession(connection)


@dataclass
class WizardServices:
    """Everything the wizard needs from outside. Tests pass their own clock and directories."""

    clock: Clock = utc_now
    open_cloud: Callable[[Connection], CloudApi] = open_cloud_session
    # A ready connection (e.g. ``--endpoint`` with environment credentials); None: ask.
    connection: Connection | None = None
    # ``srrtui --demo``: starts the local cloud (blocking; called in a worker) and returns how
    # to reach it. The wizard draws its first frame before this finishes.
    start_demo: Callable[[], Connection] | None = None
    profile: str = ""  # --profile
    region: str = ""  # --region
    endpoint: str = ""  # --endpoint
    plan_dir: Path = field(default_factory=Path.cwd)  # where "save plan" writes
    # Credentials: the environment to read and the config folder (None: the real ones).
    env: Mapping[str, str] | None = None
    config_dir: Path | None = None
    keyring_timeout: float = 5.0
    # Snapshots need a still screen (steady cursor, no animated scrolling); people get both.
    cursor_blink: bool = True
    # Seconds between progress polls (the pane pauses polling while hidden).
    poll_interval: float = 15.0
    # The rules watch found this session (opening watch again shows them at once); made by
    # watch's first search, in its worker.
    rule_cache: RuleCache | None = None

    @property
    def demo(self) -> bool:
        return self.start_demo is not None
