"""One unit of replication work: copy an object version, replicate a delete, or skip.

Every write first asks RAM whether the rule's SyncRole allows it (``RamService.role_allows``,
actions as its docstring lists them: oss:ReplicateGet on the source object, oss:ReplicatePut /
oss:ReplicateDelete on the destination object, kms:Decrypt / kms:GenerateDataKey for SSE-KMS).
A denial raises ``Blocked``: the engine stops the rule there, shows the reason and retries later.

Copies are idempotent, so replaying a unit after a crash (the copy landed, the cursor had not
moved yet) neither loses nor duplicates anything: a source version already replicated (the
version map, or a replica at the destination with the same ETag, type and metadata) is not
copied again; only its tags are brought up to date.

Deletes (docs/oss-replication.md, "With versioning"): a delete without a version id
in a versioned bucket makes a delete marker, replicated with both PUT and ALL; a permanent delete
(a version, or an object of an unversioned bucket) is replicated only with Action ALL. Action
PUT never removes data from the destination.
"""

from __future__ import annotations

from typing import Protocol

from srrtui.domain.plan import DeleteMode
from srrtui.domain.policy_eval import Decision, oss_arn
from srrtui.domain.replication_scope import key_in_rule
from srrtui.localcloud.config import CloudConfig
from srrtui.localcloud.oss.records import NULL_VERSION, ObjectEvent, ObjectVersion, StoredBody
from srrtui.localcloud.oss.responses import OssError
from srrtui.localcloud.oss.store import DamagedObject, OssStore
from srrtui.localcloud.replication.filter import skip_reason
from srrtui.localcloud.replication.store import ReplicationStore, RuleRecord

COPIED, DELETED, SKIPPED = "copied", "deleted", "skipped"


class Blocked(Exception):
    """The rule cannot proceed (permission denied, destination gone...); ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RoleChecker(Protocol):
    """What the engine needs of ``srrtui.localcloud.ram.RamService``."""

    def role_allows(self, role_name: str, action: str, resource: str) -> Decision: ...


class Replicator:
    def __init__(
        self,
        oss: OssStore,
        repl: ReplicationStore,
        ram: RoleChecker | None,
        config: CloudConfig,
    ) -> None:
        self.oss = oss
        self.repl = repl
        self.ram = ram
        self.config = config

    # --- what the engine calls -----------------------------------------------------------
    @staticmethod
    def wants_event(record: RuleRecord, event: ObjectEvent) -> bool:
        """A cheap pre-check (no IO): events that certainly need no work cost no rate token."""
        if event.is_replica or not key_in_rule(record.rule, event.key):
            return False
        if event.kind == "storage_class":  # CopyObject onto itself: not replicated (docs)
            return False
        return not (event.kind == "delete" and record.rule.action is DeleteMode.PUT_ONLY)

    def replicate_event(self, record: RuleRecord, event: ObjectEvent) -> str:
        if not self.wants_event(record, event):
            return SKIPPED
        if event.kind in ("put", "tagging", "acl"):
            obj = self._source_version(record.source, event.key, event.version_id)
            return SKIPPED if obj is None else self._copy(record, obj)
        if event.kind == "delete_marker":
            return self._replicate_marker(record, event)
        return self._replicate_delete(record, event)

    def replicate_historical(self, record: RuleRecord, key: str, version_id: str) -> str:
        """A historical item: copied only if it is still the key's latest version from before
        the rule; anything newer is the event stream's to replicate (so an old version never
        lands after a newer one)."""
        try:
            latest = self.oss.head_object(record.source, key)
        except OssError:
            return SKIPPED
        if latest.delete_marker or latest.seq > record.created_seq:
            return SKIPPED
        if latest.version_id != version_id:
            return SKIPPED
        return self._copy(record, latest)

    # --- copies --------------------------------------------------------------------------
    def _source_version(self, bucket: str, key: str, version_id: str) -> ObjectVersion | None:
        try:
            obj = self.oss.head_object(bucket, key, version_id)
        except OssError:
            return None  # deleted since: the delete event follows
        return None if obj.delete_marker else obj

    def _copy(self, record: RuleRecord, obj: ObjectVersion) -> str:
        rule = record.rule
        if skip_reason(rule, obj) is not None:
            return SKIPPED
        self._check(record, "oss:ReplicateGet", self._arn(record.source, obj.key))
        self._check(record, "oss:ReplicatePut", self._arn(record.destination, obj.key))
        sse, key_id = obj.sse_algorithm, obj.sse_kms_key_id
        if sse == "KMS":
            if key_id:
                self._check(record, "kms:Decrypt", self._kms_arn(key_id))
            self._check(record, "kms:GenerateDataKey", self._kms_arn(rule.replica_kms_key_id))
            key_id = rule.replica_kms_key_id
        existing = self._existing_replica(record, obj, sse, key_id)
        if existing is not None:
            changed = False
            if existing.tags != obj.tags:
                self.oss.set_tags(record.destination, obj.key, obj.tags, existing.version_id)
                changed = True
            if existing.acl != obj.acl:
                self.oss.set_acl(record.destination, obj.key, obj.acl, existing.version_id)
                changed = True
            return COPIED if changed else SKIPPED
        try:
            self.oss.verify(obj)  # the replica shares these bytes: never copy damaged ones
        except DamagedObject as damage:  # stop here, say which object and why; copy nothing
            raise Blocked(f"{damage.message}, so it is not copied") from None
        try:
            # The replica names the source's blob: byte-exact, with the source's ETag (a
            # multipart object keeps its "<md5>-<parts>" ETag and type), and no bytes copied.
            replica = self.oss.write_version(
                record.destination,
                obj.key,
                StoredBody.of_version(obj),
                content_type=obj.content_type,
                tags=obj.tags,
                user_meta=obj.user_meta,
                sse_algorithm=sse,
                sse_kms_key_id=key_id,
                storage_class=obj.storage_class,
                acl=obj.acl,
                object_type=obj.object_type,
                is_replica=True,
            )
        except OssError as error:
            raise Blocked(f"cannot write to {record.destination}: {error.code}") from error
        if obj.version_id != NULL_VERSION or replica.version_id != NULL_VERSION:
            self.repl.record_version(record.id, obj.key, obj.version_id, replica.version_id)
        return COPIED

    def _existing_replica(
        self, record: RuleRecord, obj: ObjectVersion, sse: str, key_id: str
    ) -> ObjectVersion | None:
        if obj.version_id != NULL_VERSION:
            mapped = self.repl.replica_version(record.id, obj.key, obj.version_id)
            if mapped is not None:
                try:
                    return self.oss.head_object(record.destination, obj.key, mapped)
                except OssError:
                    pass  # removed at the destination since: copy again
        try:
            latest = self.oss.head_object(record.destination, obj.key)
        except OssError:
            return None
        same = (
            latest.is_replica
            and not latest.delete_marker
            and latest.etag == obj.etag
            and latest.content_type == obj.content_type
            and latest.user_meta == obj.user_meta
            and (latest.sse_algorithm, latest.sse_kms_key_id) == (sse, key_id)
        )
        return latest if same else None

    # --- deletes -------------------------------------------------------------------------
    def _replicate_marker(self, record: RuleRecord, event: ObjectEvent) -> str:
        try:
            latest = self.oss.head_object(record.destination, event.key)
        except OssError:
            return SKIPPED  # nothing there to hide
        if latest.delete_marker:
            return SKIPPED  # already hidden (or replayed after a restart)
        self._check(record, "oss:ReplicateDelete", self._arn(record.destination, event.key))
        marker, _ = self.oss.delete_object(record.destination, event.key, is_replica=True)
        if marker:
            self.repl.record_version(record.id, event.key, event.version_id, marker)
        return DELETED

    def _replicate_delete(self, record: RuleRecord, event: ObjectEvent) -> str:
        if record.rule.action is not DeleteMode.ALL:
            return SKIPPED
        source = self.oss.get_bucket(record.source)
        if source is not None and not source.versioning:
            target: str | None = None
            try:
                self.oss.head_object(record.destination, event.key)
            except OssError:
                return SKIPPED
        else:
            target = self.repl.replica_version(record.id, event.key, event.version_id)
            if target is None:
                return SKIPPED  # that version was never replicated
        self._check(record, "oss:ReplicateDelete", self._arn(record.destination, event.key))
        self.oss.delete_object(record.destination, event.key, target, is_replica=True)
        return DELETED

    # --- permissions ---------------------------------------------------------------------
    def _check(self, record: RuleRecord, action: str, resource: str) -> None:
        role = record.rule.sync_role
        if not role:
            return  # no SyncRole: OSS replicates with its own service identity
        if self.ram is None:
            raise Blocked(f"RAM is unavailable, cannot check role {role}")
        decision = self.ram.role_allows(role, action, resource)
        if not decision.allowed:
            raise Blocked(f"{action} on {resource} denied: {decision.reason}")

    def _arn(self, bucket: str, key: str) -> str:
        return oss_arn(self.config.region, self.config.account_uid, bucket, key)

    def _kms_arn(self, key_id: str) -> str:
        return f"acs:kms:{self.config.region}:{self.config.account_uid}:key/{key_id}"
