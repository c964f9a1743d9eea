"""``Replication``: the replication part of a ``LocalCloud`` (store, engine, API) in one object.

    cloud.replication.rule_state("src-bucket", rule_id)   # the admin view of one rule
    cloud.state()["replication"]                          # every rule (also /-/admin/state)

Each rule's admin view: rule_id, source, destination, status, sync_role, historical {enabled,
total, done, fraction}, created_seq, cursor_seq, pending_events, copied, deleted, skipped,
blocked (why the rule is stuck now, or None), last_error (the last reason it was stuck),
new_object_time.
"""

from __future__ import annotations

from collections.abc import Callable

from srrtui.domain.rules import RuleConfig
from srrtui.localcloud.config import CloudConfig
from srrtui.localcloud.oss.service import OssService
from srrtui.localcloud.oss.store import OssStore
from srrtui.localcloud.replication.api import ReplicationApi
from srrtui.localcloud.replication.copy import Replicator, RoleChecker
from srrtui.localcloud.replication.engine import ReplicationEngine
from srrtui.localcloud.replication.store import ReplicationStore, RuleRecord
from srrtui.localcloud.storage.db import Database


class Replication:
    def __init__(
        self, db: Database, oss: OssStore, ram: RoleChecker | None, config: CloudConfig
    ) -> None:
        self.store = ReplicationStore(db)
        self.engine = ReplicationEngine(
            oss, self.store, Replicator(oss, self.store, ram, config), config
        )
        self.api = ReplicationApi(self.store, self.engine, self._role_checker(db, ram))

    @staticmethod
    def _role_checker(db: Database, ram: RoleChecker | None) -> Callable[[str], bool] | None:
        if ram is None:
            return None
        from srrtui.localcloud.ram import store as ram_store

        def role_exists(name: str) -> bool:
            with db.read() as conn:
                return ram_store.get_role(conn, name) is not None

        return role_exists

    def install(self, service: OssService) -> None:
        self.api.install(service)

    def start(self) -> None:
        self.engine.start()

    def stop(self) -> None:
        self.engine.stop()

    def add_rule(self, source: str, rule: RuleConfig) -> RuleRecord:
        """Create a rule without the API's checks (the demo seed; tests that set up state)."""
        record = self.store.create_rule(source, rule, self.engine.clock())
        self.engine.notify()
        return record

    def rule_state(self, source: str, rule_id: str) -> dict[str, object] | None:
        record = self.store.find(source, rule_id)
        return None if record is None else self.engine.rule_state(record)

    def state(self) -> dict[str, object]:
        return self.engine.state()
