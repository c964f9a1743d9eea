"""What a seed writes into: the parts of a started local cloud (``LocalCloud`` has them all).

A protocol rather than ``LocalCloud`` itself, so the seeds sit below the service that runs them
(``LocalCloud.start`` seeds the demo) instead of importing it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from srrtui.localcloud.config import CloudConfig
    from srrtui.localcloud.kms.service import KmsService
    from srrtui.localcloud.oss.store import OssStore
    from srrtui.localcloud.ram.service import RamService
    from srrtui.localcloud.replication.service import Replication
    from srrtui.localcloud.storage.db import Database


class SeedTarget(Protocol):
    @property
    def config(self) -> CloudConfig: ...

    @property
    def db(self) -> Database | None: ...

    @property
    def store(self) -> OssStore | None: ...

    @property
    def kms(self) -> KmsService | None: ...

    @property
    def ram(self) -> RamService | None: ...

    @property
    def replication(self) -> Replication | None: ...
