"""``RamService``: the local cloud's RAM endpoint and the replication engine's permission check."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any

from srrtui.localcloud.http.types import Request, Response
from srrtui.localcloud.pop.acs3 import TIMESTAMP_FORMAT
from srrtui.localcloud.pop.gateway import ProductConfig, RpcGateway, utc_now
from srrtui.localcloud.pop.rpc import (
    RAM_VERSION,
)
from srrtui.localcloud.ram import store, users, validate
from srrtui.localcloud.ram.api import RamApi
from srrtui.localcloud.ram.errors import HOST_ID, RamError
from srrtui.localcloud.ram.evaluate import Decision, evaluate
from srrtui.localcloud.ram.system_policies import (
    ALIYUN_OSS_ROLE,
    ALIYUN_OSS_ROLE_DESCRIPTION,
    ALIYUN_OSS_ROLE_POLICIES,
    OSS_SERVICE,
    OSS_TRUST_POLICY,
)
from srrtui.localcloud.ram.views import RamLimits
from srrtui.localcloud.storage.db import Database

API_VERSION = RAM_VERSION


RamConfig = ProductConfig  # what the service needs from the local cloud's CloudConfig


class RamService:
    """RAM over HTTP (``handle``) plus ``seed`` and ``role_allows`` for the rest of the cloud.

    Construction creates the ``ram_*`` tables and the system policies idempotently, so it is safe
    on every start against an existing data directory.
    """

    def __init__(
        self,
        db: Database,
        config: RamConfig,
        *,
        clock: Callable[[], datetime] = utc_now,
        limits: RamLimits | None = None,
    ) -> None:
        self._db = db
        self._config = config
        self._clock = clock
        self._gateway = RpcGateway(
            config,
            version=API_VERSION,
            product="Ram",
            host_id=HOST_ID,
            internal_error=RamError(
                500, "InternalError", "The request processing has failed due to some unknown error."
            ),
            clock=clock,
        )
        self._uid = config.account_uid
        self._api = RamApi(db, config.account_uid, self._timestamp, limits or RamLimits())
        with db.transaction() as conn:
            store.ensure_schema(conn)
            users.ensure_schema(conn)

    def _timestamp(self) -> str:
        return self._clock().astimezone(timezone.utc).strftime(TIMESTAMP_FORMAT)

    # --- HTTP --------------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        """Answer one RAM RPC call (any request carrying ``x-acs-action``). A RAM user's key
        may call only what its policies allow (srrtui.localcloud.ram.users)."""

        def call(caller: str, action: str, params: Mapping[str, str]) -> dict[str, Any]:
            # Called after the gateway verified the signature, so the key named is the caller's.
            with self._db.read() as conn:
                users.check(conn, caller, action, params, self._uid)
            return self._api.call(action, params)

        return self._gateway.answer_for_caller(request, call)

    def user_of(self, access_key_id: str) -> str | None:
        """The RAM user an AccessKey belongs to (None: the account's own key), for STS."""
        with self._db.read() as conn:
            return users.user_of(conn, access_key_id)

    def add_user(self, user: str, access_key_id: str, policies: list[tuple[str, str]]) -> None:
        """Make one of the cloud's AccessKeys a RAM user's, allowed what ``(type, name)``
        policies allow (the local cloud's stand-in for CreateUser + CreateAccessKey +
        AttachPolicyToUser)."""
        with self._db.transaction() as conn:
            users.bind(conn, user, access_key_id, policies)

    # --- seeding -----------------------------------------------------------------------------

    def seed(self, *, with_aliyun_oss_role: bool) -> None:
        """Seed account state. With ``with_aliyun_oss_role``, the service role AliyunOSSRole
        exists (trusting oss.aliyuncs.com, AliyunOSSFullAccess attached) as in an account where
        OSS was once authorised; without it the account has no such role. Seeding only adds:
        an existing role (e.g. one the wizard created) is never removed."""
        if not with_aliyun_oss_role:
            return
        now = self._timestamp()
        with self._db.transaction() as conn:
            role = store.get_role(conn, ALIYUN_OSS_ROLE)
            if role is None:
                role = store.insert_role(
                    conn,
                    store.RoleRow(
                        0,
                        # A fixed id keeps the seed reproducible across data directories.
                        "3000000000000000001",
                        ALIYUN_OSS_ROLE,
                        ALIYUN_OSS_ROLE_DESCRIPTION,
                        OSS_TRUST_POLICY,
                        3600,
                        now,
                        now,
                    ),
                )
            for name in ALIYUN_OSS_ROLE_POLICIES:
                policy = store.get_policy(conn, "System", name)
                if policy is not None and not store.is_attached(conn, role, "System", name):
                    store.attach(conn, role, policy, now)

    # --- the replication engine's check ------------------------------------------------------

    def role_allows(
        self,
        role_name: str,
        action: str,
        resource: str,
        *,
        context: Mapping[str, str] | None = None,
    ) -> Decision:
        """Whether OSS, assuming ``role_name`` (a rule's SyncRole), may do ``action`` on ``resource``.

        The role must exist and trust ``oss.aliyuncs.com``; then its attached policies (system
        and custom, each at its default version) are evaluated with RAM semantics.

        What the replication engine passes (OSS resource ARNs are
        ``acs:oss:<region>:<account uid>:<bucket>[/<object key>]``; build them with
        ``srrtui.localcloud.ram.oss_arn``; policies usually write ``acs:oss:*:*:bucket/*``):

        - ``oss:ReplicateList`` on ``acs:oss:<region>:<uid>:<source bucket>`` before listing the
          source for historical replication;
        - ``oss:ReplicateGet`` on ``acs:oss:<region>:<uid>:<source bucket>/<key>`` before reading
          each source object;
        - ``oss:ReplicatePut`` on ``acs:oss:<region>:<uid>:<destination bucket>/<key>`` before
          writing each replica (tags and metadata included);
        - ``oss:ReplicateDelete`` on ``acs:oss:<region>:<uid>:<destination bucket>/<key>`` before
          replicating a delete (Action ALL only);
        - for SSE-KMS objects, also ``kms:Decrypt`` on ``acs:kms:<region>:<uid>:key/<source CMK
          id>`` and ``kms:GenerateDataKey`` on ``acs:kms:<region>:<uid>:key/<ReplicaKmsKeyID>``.

        These are the actions of the least-privilege replication policy in the OSS guide
        "Required permissions for data replication" (ReplicateList/Get on the source bucket and
        its objects; ReplicateList/Get/Put/Delete on the destination). Never raises for a missing
        role: the answer is a denial whose ``reason`` the engine shows in its log/admin view.
        """
        with self._db.read() as conn:
            role = store.get_role(conn, role_name)
            attached = store.role_attachments(conn, role) if role is not None else []
        if role is None:
            return Decision(False, f"role {role_name} does not exist")
        trust = json.loads(role.trust_policy)
        if not validate.trusts_service(trust, OSS_SERVICE):
            return Decision(
                False, f"role {role.role_name} does not trust {OSS_SERVICE} (its trust policy)"
            )
        if not attached:
            return Decision(False, f"role {role.role_name} has no policies attached")
        documents = [json.loads(a.policy.document) for a in attached]
        names = [f"{a.policy.policy_type} policy {a.policy.policy_name}" for a in attached]
        decision = evaluate(documents, action, resource, names=names, context=context)
        return Decision(decision.allowed, f"role {role.role_name}: {decision.reason}")
