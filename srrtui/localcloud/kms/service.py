"""``KmsService``: the local cloud's KMS (API 2016-01-20), enough for choosing a replica CMK.

Actions (parameters and response shapes from the KMS API reference and the generated SDK models,
aliyun/alibabacloud-python-sdk ``kms-20160120/alibabacloud_kms20160120/models``):

- ListKeys: ``PageNumber`` (default 1) and ``PageSize`` (1 to 100, default 10) ->
  ``{"Keys": {"Key": [{"KeyId", "KeyArn"}]}, "TotalCount", "PageNumber", "PageSize"}``
  (alibabacloud.com/help/doc-detail/28951.html; ``_list_keys_response_body.py``).
- DescribeKey: ``KeyId`` is a key id, an alias ``alias/NAME`` or a key ARN
  ``acs:kms:<region>:<uid>:key/<id>`` -> ``{"KeyMetadata": {...}}`` with the fields of
  ``_describe_key_response_body.py`` (KeyUsage ``ENCRYPT/DECRYPT``, KeySpec ``Aliyun_AES_256``,
  Origin ``Aliyun_KMS``; ``DeleteDate`` only while PendingDeletion) (doc-detail/28952.html).
- ListAliases: the same paging (the reference says default 20) ->
  ``{"Aliases": {"Alias": [{"KeyId", "AliasName", "AliasArn"}]}, "TotalCount", ...}``
  (alibabacloud.com/help/en/kms/developer-reference/api-listaliases).

Errors (DescribeKey's error table in the API metadata, and KMS "Response structure", public
error codes): an unknown key is 404 ``Forbidden.KeyNotFound`` "The specified Key is not found.",
an unknown alias 404 ``Forbidden.AliasNotFound`` "The specified Alias is not found.", a bad value
400 ``InvalidParameter`` 'The specified parameter "<name>" is not valid.'. Authentication,
request ids and the error body are the gateway's, shared with RAM (``pop/acs3.py``, ``pop/rpc.py``).

Keys are made only from Python (``add_key``: the demo seed, tests); there is no CreateKey.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any

from srrtui.localcloud.http.types import Request, Response
from srrtui.localcloud.kms import store as kms_store
from srrtui.localcloud.kms.store import KeyRow
from srrtui.localcloud.pop.acs3 import TIMESTAMP_FORMAT
from srrtui.localcloud.pop.gateway import ProductConfig, RpcGateway, utc_now
from srrtui.localcloud.pop.rpc import (
    KMS_VERSION,
    Params,
    PopError,
    invalid_action,
)
from srrtui.localcloud.storage.db import Database

API_VERSION = KMS_VERSION
KEY_USAGE = "ENCRYPT/DECRYPT"
KEY_SPEC = "Aliyun_AES_256"
KEY_STATES = ("Enabled", "Disabled", "PendingDeletion")
MAX_PAGE_SIZE = 100


KmsConfig = ProductConfig  # what the service needs from the local cloud's CloudConfig


def _invalid(name: str) -> PopError:
    return PopError(400, "InvalidParameter", f'The specified parameter "{name}" is not valid.')


def key_not_found() -> PopError:
    return PopError(404, "Forbidden.KeyNotFound", "The specified Key is not found.")


def alias_not_found() -> PopError:
    return PopError(404, "Forbidden.AliasNotFound", "The specified Alias is not found.")


class KmsService:
    """KMS over HTTP (``handle``) plus ``add_key`` and ``state`` for the rest of the cloud.

    Construction creates the ``kms_*`` tables idempotently, so it is safe on every start
    against an existing data directory. Its nonce cache is its own: the real KMS has its own
    endpoint, so a nonce seen by RAM is no replay here.
    """

    def __init__(
        self, db: Database, config: KmsConfig, *, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self._db = db
        self._config = config
        self._clock = clock
        self._gateway = RpcGateway(
            config,
            version=API_VERSION,
            product="Kms",
            host_id=f"kms.{config.region}.aliyuncs.com",
            internal_error=PopError(500, "InternalFailure", "Internal Failure."),  # KMS's wording
            clock=clock,
        )
        self._actions: dict[str, Callable[[Params], dict[str, Any]]] = {
            "ListKeys": self._list_keys,
            "DescribeKey": self._describe_key,
            "ListAliases": self._list_aliases,
        }
        with db.transaction() as conn:
            kms_store.migrate(conn)

    @property
    def host_id(self) -> str:
        """The regional endpoint errors name as HostId, as real KMS errors do."""
        return self._gateway.host_id

    def key_arn(self, key_id: str) -> str:
        return f"acs:kms:{self._config.region}:{self._config.account_uid}:key/{key_id}"

    # --- HTTP --------------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        """Answer one KMS RPC call (``x-acs-action`` with version 2016-01-20)."""
        return self._gateway.answer(request, self._call)

    def _call(self, action: str, params: dict[str, str]) -> dict[str, Any]:
        handler = self._actions.get(action)
        if handler is None:
            raise invalid_action()
        return handler(Params(params))

    # --- actions -----------------------------------------------------------------------------

    def _list_keys(self, p: Params) -> dict[str, Any]:
        number, size = _paging(p, default_size=10)
        with self._db.read() as conn:
            rows = kms_store.list_keys(conn, (number - 1) * size, size)
            total = kms_store.count_keys(conn)
        keys = [{"KeyId": r.key_id, "KeyArn": self.key_arn(r.key_id)} for r in rows]
        return {"Keys": {"Key": keys}, "TotalCount": total, "PageNumber": number, "PageSize": size}

    def _describe_key(self, p: Params) -> dict[str, Any]:
        with self._db.read() as conn:
            row = self._resolve(conn, p.required("KeyId"))
        return {"KeyMetadata": self._metadata(row)}

    def _list_aliases(self, p: Params) -> dict[str, Any]:
        number, size = _paging(p, default_size=20)
        with self._db.read() as conn:
            pairs = kms_store.list_aliases(conn, (number - 1) * size, size)
            total = kms_store.count_aliases(conn)
        prefix = f"acs:kms:{self._config.region}:{self._config.account_uid}:"
        aliases = [
            {"KeyId": key_id, "AliasName": name, "AliasArn": prefix + name}
            for name, key_id in pairs
        ]
        return {
            "Aliases": {"Alias": aliases},
            "TotalCount": total,
            "PageNumber": number,
            "PageSize": size,
        }

    def _resolve(self, conn: sqlite3.Connection, reference: str) -> KeyRow:
        """The key a DescribeKey ``KeyId`` names: an id, ``alias/NAME`` or the key's ARN."""
        if reference.startswith("alias/"):
            target = kms_store.alias_target(conn, reference)
            if target is None:
                raise alias_not_found()
            reference = target
        elif reference.startswith("acs:kms:"):
            # Only this account's keys in this region exist here; any other ARN names none.
            prefix = self.key_arn("")
            reference = reference[len(prefix) :] if reference.startswith(prefix) else ""
        row = kms_store.get_key(conn, reference) if reference else None
        if row is None:
            raise key_not_found()
        return row

    def _metadata(self, row: KeyRow) -> dict[str, Any]:
        arn = self.key_arn(row.key_id)
        meta: dict[str, Any] = {
            "KeyId": row.key_id,
            "Arn": arn,
            "KeyState": row.state,
            "Description": row.description,
            "Creator": row.creator,
            "CreationDate": row.creation_date,
            "KeyUsage": row.key_usage,
            "KeySpec": row.key_spec,
            "Origin": "Aliyun_KMS",
            "ProtectionLevel": "SOFTWARE",
            "AutomaticRotation": "Disabled",
            "DeletionProtection": "Disabled",
            "LastRotationDate": row.creation_date,  # a new key's: its first version's date
            "MaterialExpireTime": "",  # empty: KMS-made material never expires
            # Derived from the ARN so the same key always reports the same version id.
            "PrimaryKeyVersion": str(uuid.uuid5(uuid.NAMESPACE_URL, arn)),
        }
        if row.state == "PendingDeletion":
            meta["DeleteDate"] = row.delete_date
        return meta

    # --- seeding and the admin view ----------------------------------------------------------

    def add_key(
        self,
        key_id: str,
        *,
        description: str = "",
        state: str = "Enabled",
        aliases: Iterable[str] = (),
        creation_date: str = "",
        delete_date: str = "",
    ) -> bool:
        """Add a key (and its aliases ``alias/NAME``) unless it exists; True if it was added.

        Idempotent: an existing key or alias is left as it is, so seeding on every start of a
        reused data directory neither duplicates nor changes anything.
        """
        if state not in KEY_STATES:
            raise ValueError(f"state must be one of {KEY_STATES}, not {state!r}")
        if (state == "PendingDeletion") != bool(delete_date):
            raise ValueError("delete_date is for (and required by) PendingDeletion keys")
        names = list(aliases)
        if any(not n.startswith("alias/") or n == "alias/" for n in names):
            raise ValueError("aliases look like alias/NAME")
        created = creation_date or self._clock().astimezone(timezone.utc).strftime(TIMESTAMP_FORMAT)
        row = KeyRow(
            key_id,
            state,
            description,
            self._config.account_uid,
            created,
            delete_date,
            KEY_USAGE,
            KEY_SPEC,
        )
        with self._db.transaction() as conn:
            added = kms_store.insert_key(conn, row)
            for name in names:
                kms_store.insert_alias(conn, name, key_id)
        return added

    def state(self) -> dict[str, object]:
        """The keys for the admin view (``/-/admin/state`` under "kms")."""
        with self._db.read() as conn:
            rows = kms_store.list_keys(conn, 0, -1)  # LIMIT -1: every key
            keys = [
                {
                    "key_id": r.key_id,
                    "state": r.state,
                    "description": r.description,
                    "aliases": kms_store.aliases_of(conn, r.key_id),
                }
                for r in rows
            ]
        return {"keys": keys}


def _paging(p: Params, *, default_size: int) -> tuple[int, int]:
    """(PageNumber, PageSize) as KMS validates them: page from 1, size 1 to 100."""
    number = _integer(p, "PageNumber", "1")
    size = _integer(p, "PageSize", str(default_size))
    if number < 1:
        raise _invalid("PageNumber")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise _invalid("PageSize")
    return number, size


def _integer(p: Params, name: str, default: str) -> int:
    # The reference types these Integer (32-bit): anything else is not a valid value.
    text = p.optional(name) or default
    if not (text.isascii() and text.isdigit()) or int(text) > 2**31 - 1:
        raise _invalid(name)
    return int(text)
