"""The local cloud: an embedded OSS + RAM (+ the KMS key listing srrtui uses) service on
loopback, with a real replication engine.

Public API: ``LocalCloud`` (start/stop, endpoint, faults, store, state), ``CloudConfig`` and the
documented demo identity (``DEMO_ACCESS_KEY_ID``, ``DEMO_ACCESS_KEY_SECRET``, ``DEMO_ACCOUNT_UID``).
Importing this package loads neither Textual nor an SDK.
"""

from srrtui.localcloud.config import (
    DEFAULT_REGION,
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    DEMO_ACCOUNT_UID,
    CloudConfig,
)
from srrtui.localcloud.service import LocalCloud

__all__ = [
    "DEFAULT_REGION",
    "DEMO_ACCESS_KEY_ID",
    "DEMO_ACCESS_KEY_SECRET",
    "DEMO_ACCOUNT_UID",
    "CloudConfig",
    "LocalCloud",
]
