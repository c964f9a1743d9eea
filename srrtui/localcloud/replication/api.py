"""The replication operations of the OSS API, plugged into ``OssService`` with ``register``.

Requests and responses as oss2 2.19 sends and parses them (oss2/api.py ``put_bucket_replication``
... ``get_bucket_replication_progress``; oss2/xml_utils.py ``to_put_bucket_replication``,
``parse_get_bucket_replication_*``), bodies through the domain layer's XML
(srrtui.domain.replication_xml). Error codes and statuses:
- ``BucketReplicationAlreadyExist`` is **400**, not 409: the OSS "HTTP 400 errors" page lists it
  ("Bucket replication already exists", EC 0031-00000044) and oss2/exceptions.py declares
  status 400 for it.
- ``NoSuchReplicationConfiguration`` (404, "The bucket you specified does not have replication
  configuration."), ``NoSuchReplicationRule`` (404) and ``TooManyReplicationRules`` (400): the
  GetBucketReplicationProgress reference's error table.
- ``BadReplicationLocation`` (400, "The replication location you choose is invalid"): the
  "HTTP 400 errors" page. This service replicates within its own region only (SRR), so its
  GetBucketReplicationLocation lists that one location and any other Location is refused this
  way; a real account would accept another region as cross-region replication.
- Versioning mismatch (EC 0031-00000053) and PutBucketVersioning while a rule exists (EC
  0012-00000005) are documented problems whose error *codes* the pages do not name; this
  service answers InvalidArgument (400) with the documented description (unconfirmed code).
"""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import quote

from srrtui.domain import limits
from srrtui.domain.replication_xml import (
    ReplicationXmlError,
    parse_put_replication,
    render_replication_config,
    render_replication_location,
    render_replication_progress,
)
from srrtui.domain.rules import BLOCKED_HEADER, ReplicationLocations, RuleStatus
from srrtui.localcloud.http.types import Response
from srrtui.localcloud.oss import ec_codes
from srrtui.localcloud.oss.context import Handler, OssContext
from srrtui.localcloud.oss.responses import OssError, invalid_argument, no_such_bucket, parse_xml
from srrtui.localcloud.oss.routing import BUCKET_NAME
from srrtui.localcloud.oss.service import OssService
from srrtui.localcloud.replication.engine import ReplicationEngine
from srrtui.localcloud.replication.store import ReplicationStore, RuleRecord

RULE_ID_HEADER = "x-oss-replication-rule-id"  # what srrtui.cloud.oss reads back
# An account's default quota (support can raise it to limits.RAISED_PREFIX_LIMIT).
PREFIX_LIMIT = limits.PREFIX_LIMIT


def _xml(text: str) -> Response:
    return Response(200, {"Content-Type": "application/xml"}, text.encode("utf-8"))


def no_configuration(bucket: str) -> OssError:
    return OssError(
        404,
        "NoSuchReplicationConfiguration",
        "The bucket you specified does not have replication configuration.",
        BucketName=bucket,
    )


def no_such_rule(rule_id: str) -> OssError:
    return OssError(
        404,
        "NoSuchReplicationRule",
        "The specified replication rule does not exist.",
        RuleId=rule_id,
    )


class ReplicationApi:
    def __init__(
        self,
        repl: ReplicationStore,
        engine: ReplicationEngine,
        role_exists: Callable[[str], bool] | None,
    ) -> None:
        self.repl = repl
        self.engine = engine
        self.role_exists = role_exists
        self._put_lock = threading.Lock()  # the duplicate/limit checks and the insert are one step

    def install(self, service: OssService) -> None:
        service.register("PutBucketReplication", self.put)
        service.register("GetBucketReplication", self.get)
        service.register("GetBucketReplicationLocation", self.location)
        service.register("GetBucketReplicationProgress", self.progress)
        service.register("DeleteBucketReplication", self.delete)
        original = service.handlers["PutBucketVersioning"]
        service.register("PutBucketVersioning", self._guard_versioning(original))

    # --- PutBucketReplication --------------------------------------------------------------
    def put(self, ctx: OssContext) -> Response:
        try:
            rule = parse_put_replication(ctx.request.body, prefix_limit=PREFIX_LIMIT)
        except ReplicationXmlError as error:
            ec = ec_codes.REPLICATION_MALFORMED_XML if error.code == "MalformedXML" else ""
            raise OssError(400, error.code, error.message, ec=ec) from None
        overlap = _overlapping(rule.prefixes)
        if overlap:
            # EC 0031-00000019 "multiple overlapping prefixes are specified" (its example:
            # "source" and "source/video"); the page names no code: InvalidArgument, OSS's code
            # for a bad value in a replication rule.
            raise OssError(
                400,
                "InvalidArgument",
                f"The prefixes {overlap[0]!r} and {overlap[1]!r} overlap.",
                ec=ec_codes.REPLICATION_OVERLAPPING_PREFIXES,
                ArgumentName="PrefixSet.Prefix",
                ArgumentValue=overlap[1],
            )
        if not BUCKET_NAME.match(rule.destination_bucket):
            # EC 0031-00000101 "the destination bucket name in the rule is invalid"; its page
            # names no code: InvalidBucketName, OSS's code for an invalid bucket name elsewhere.
            raise OssError(
                400,
                "InvalidBucketName",
                "The specified bucket is not valid.",
                ec=ec_codes.REPLICATION_INVALID_DESTINATION_NAME,
                BucketName=rule.destination_bucket,
            )
        source = ctx.bucket_record()
        config = ctx.config
        if rule.destination_location != config.location:
            raise OssError(
                400,
                "BadReplicationLocation",
                "The replication location you choose is invalid. This local cloud replicates "
                f"within {config.location} only (same-region replication).",
            )
        if rule.transfer_type == "oss_acc":
            raise invalid_argument(
                "TransferType oss_acc (transfer acceleration) is for cross-region replication "
                "only.",
                "TransferType",
                rule.transfer_type,
            )
        if rule.tag_filter.tags and not limits.tag_filter_supported(config.region):
            raise invalid_argument(f"The object-tag filter is not available in {config.region}.")
        if rule.destination_bucket == ctx.bucket:
            raise invalid_argument(
                "The destination bucket must differ from the source bucket.",
                "Destination.Bucket",
                rule.destination_bucket,
            )
        destination = ctx.store.get_bucket(rule.destination_bucket)
        if destination is None:
            raise no_such_bucket(rule.destination_bucket)
        if destination.region != config.region:
            raise invalid_argument(
                f"The destination bucket is in oss-{destination.region}, not in "
                f"{rule.destination_location} as Destination/Location says.",
                "Destination.Location",
                rule.destination_location,
            )
        if (source.versioning or "Disabled") != (destination.versioning or "Disabled"):
            raise OssError(
                400,
                "InvalidArgument",
                "The source and destination buckets must have the same versioning state "
                f"(source: {source.versioning or 'not enabled'}, destination: "
                f"{destination.versioning or 'not enabled'}).",
                ec=ec_codes.REPLICATION_VERSIONING_DIFFERS,
            )
        if rule.sync_role and self.role_exists is not None and not self.role_exists(rule.sync_role):
            raise invalid_argument(
                f"The SyncRole {rule.sync_role} does not exist.", "SyncRole", rule.sync_role
            )
        with self._put_lock:
            existing = self.repl.rules(ctx.bucket)
            if any(r.destination == rule.destination_bucket for r in existing):
                raise OssError(
                    400,
                    "BucketReplicationAlreadyExist",
                    "Bucket replication already exists",
                    BucketName=ctx.bucket,
                )
            if rule.rule_id and any(r.rule_id == rule.rule_id for r in existing):
                raise invalid_argument(
                    f"A replication rule with ID {rule.rule_id} already exists.", "ID", rule.rule_id
                )
            for bucket in (ctx.bucket, rule.destination_bucket):
                if self.repl.count_touching(bucket) >= limits.RULES_PER_BUCKET:
                    raise OssError(
                        400,
                        "TooManyReplicationRules",
                        f"Bucket {bucket} already has {limits.RULES_PER_BUCKET} replication "
                        "rules (as source or destination).",
                    )
            rule_id = rule.rule_id or str(uuid.uuid4())
            self.repl.create_rule(ctx.bucket, replace(rule, rule_id=rule_id), self.engine.clock())
        self.engine.notify()
        return Response(200, {RULE_ID_HEADER: rule_id})

    # --- reads -----------------------------------------------------------------------------
    def get(self, ctx: OssContext) -> Response:
        records = self.repl.rules(ctx.bucket)
        if not records:
            raise no_configuration(ctx.bucket)
        return _xml(render_replication_config(r.rule for r in records))

    def location(self, ctx: OssContext) -> Response:
        # Transfer acceleration (oss_acc) is for cross-region destinations only: no
        # LocationTransferTypeConstraint for the one, same-region location.
        return _xml(render_replication_location(ReplicationLocations((ctx.config.location,))))

    def progress(self, ctx: OssContext) -> Response:
        record = self._rule(ctx)
        response = _xml(render_replication_progress(self.engine.progress(record)))
        if record.blocked:  # a local cloud extension: why the rule is stuck (which object, why)
            response.headers[BLOCKED_HEADER] = quote(record.blocked, safe=" /:,()'")
        return response

    def _rule(self, ctx: OssContext) -> RuleRecord:
        rule_id = ctx.request.query.get("rule-id", "")
        if rule_id:
            record = self.repl.find(ctx.bucket, rule_id)
            if record is None:
                raise no_such_rule(rule_id)
            return record
        # The reference marks rule-id optional: without it, the bucket's first rule.
        records = self.repl.rules(ctx.bucket)
        if not records:
            raise no_configuration(ctx.bucket)
        return records[0]

    # --- DeleteBucketReplication -----------------------------------------------------------
    def delete(self, ctx: OssContext) -> Response:
        """DeleteBucketReplication reference (document 181413), usage notes: a bucket with no
        rule answers 200; a rule already closing answers 204 No Content. More than one ID is
        TooManyReplicationRules (its error table); no ID is EC 0031-00000008, whose page names
        no code (MalformedXML here, the code of an incomplete replication body)."""
        root = parse_xml(ctx.request.body, "ReplicationRules")
        ids = root.findall("ID")
        if len(ids) > 1:
            raise OssError(
                400,
                "TooManyReplicationRules",
                "DeleteBucketReplication deletes one rule per request.",
            )
        rule_id = (ids[0].text or "").strip() if ids else ""
        if not rule_id:
            raise OssError(
                400,
                "MalformedXML",
                "The XML you provided was not well-formed.",
                ec=ec_codes.REPLICATION_DELETE_WITHOUT_ID,
            )
        if not self.repl.rules(ctx.bucket):
            return Response(200)
        record = self.repl.find(ctx.bucket, rule_id)
        if record is None:
            raise no_such_rule(rule_id)
        if record.status is RuleStatus.CLOSING:
            return Response(204)
        self.repl.close(record.id, self.engine.clock())  # closing; the engine removes it
        self.engine.notify()
        return Response(200)

    # --- PutBucketVersioning while a rule exists ------------------------------------------
    def _guard_versioning(self, original: Handler) -> Handler:
        def put_bucket_versioning(ctx: OssContext) -> Response:
            if self.repl.count_touching(ctx.bucket):
                raise invalid_argument(
                    "A data replication task exists on this bucket: its versioning state "
                    "cannot be changed until the replication rules are deleted.",
                )
            return original(ctx)

        return put_bucket_versioning


def _overlapping(prefixes: tuple[str, ...]) -> tuple[str, str] | None:
    """Two prefixes of one rule where one starts with the other (the shorter first), or None.
    Sorted, a prefix is followed by the keys that start with it, so neighbours suffice."""
    ordered = sorted(prefixes)
    for shorter, longer in itertools.pairwise(ordered):
        if longer.startswith(shorter):
            return shorter, longer
    return None
