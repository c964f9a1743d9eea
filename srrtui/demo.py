"""``srrtui --demo``: the local cloud with the demo seed, in a fresh temporary folder, on a free
loopback port. Started from a worker after the first frame; stopped when the app exits."""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from srrtui.cloud.types import Connection
    from srrtui.localcloud import LocalCloud


def connection_to(cloud: LocalCloud, secret: str | None = None) -> Connection:
    """How to reach a running local cloud with its documented demo key (RAM and KMS answer on
    the same port as OSS). ``secret`` replaces the demo secret, for tests of a wrong one."""
    from srrtui.cloud.types import Connection
    from srrtui.localcloud.config import DEFAULT_REGION, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    return Connection(
        endpoint=cloud.endpoint,
        region=cloud.config.region or DEFAULT_REGION,
        access_key_id=DEMO_ACCESS_KEY_ID,
        access_key_secret=DEMO_ACCESS_KEY_SECRET if secret is None else secret,
        ram_endpoint=cloud.endpoint,
    )


class DemoCloud:
    def __init__(self, region: str = "") -> None:
        self.region = region
        self._cloud: Any = None
        self._folder: Path | None = None
        self._lock = threading.Lock()
        self._stopped = False

    def start(self) -> Connection:
        """Blocking: imports and starts the local cloud; returns how to reach it."""
        from srrtui.localcloud import LocalCloud

        with self._lock:
            if self._stopped:
                raise RuntimeError("the demo was stopped before it started")
            self._folder = Path(tempfile.mkdtemp(prefix="srrtui-demo-"))
            if self.region:
                self._cloud = LocalCloud(self._folder, seed="demo", region=self.region)
            else:
                self._cloud = LocalCloud(self._folder, seed="demo")
            self._cloud.start()
            return connection_to(self._cloud)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._cloud is not None:
                self._cloud.stop()
                self._cloud = None
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
                self._folder = None
