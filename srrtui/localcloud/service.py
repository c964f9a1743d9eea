"""``LocalCloud``: the embedded OSS + RAM + KMS service, startable in-process on a free port.

    with LocalCloud(tmp_path, start_delay=0.05) as cloud:
        bucket = oss2.Bucket(oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET),
                             cloud.endpoint, "my-bucket")

``start()`` binds the socket and returns once it accepts connections (well under 100 ms on an
existing data directory); ``stop()`` lets in-flight requests finish, closes connections and
checkpoints SQLite so the data directory is complete on disk.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from srrtui.localcloud.admin import AdminApi, StateProvider
from srrtui.localcloud.config import DEFAULT_REGION, DEMO_ACCOUNT_UID, CloudConfig
from srrtui.localcloud.faults import ERROR_KINDS, Faults
from srrtui.localcloud.http.types import Request, ResetConnection, Response
from srrtui.localcloud.oss.service import OssService
from srrtui.localcloud.oss.store import OssStore
from srrtui.localcloud.pop.rpc import PopError, error_response, new_request_id, rpc_version
from srrtui.localcloud.server import CloudHTTPServer, Limits
from srrtui.localcloud.storage import datadir
from srrtui.localcloud.storage.db import Database, damaged
from srrtui.localcloud.sts.api import STS_VERSION

if TYPE_CHECKING:
    from srrtui.localcloud.kms.service import KmsService
    from srrtui.localcloud.pop.gateway import RpcGateway
    from srrtui.localcloud.ram.service import RamService
    from srrtui.localcloud.replication.service import Replication
    from srrtui.localcloud.sts.api import StsApi

log = logging.getLogger("srrtui.localcloud")

SEEDS = ("empty", "demo")
RAM_HOST_ID = "ram.aliyuncs.com"  # what RAM's errors name as HostId (ram/errors.py)


class LocalCloud:
    def __init__(
        self,
        data_dir: Path,
        *,
        region: str = DEFAULT_REGION,
        access_keys: dict[str, str] | None = None,
        seed: str = "empty",
        start_delay: float = 3.0,
        replication_rate: float = 20.0,
        copy_object_max: int = 1024**3,
        host: str = "127.0.0.1",
        port: int = 0,
        account_uid: str = DEMO_ACCOUNT_UID,
        security_tokens: frozenset[str] = frozenset(),
        limits: Limits | None = None,
        reset_data: bool = False,
        sts_max_duration: float = 3600.0,
        tls: bool = False,
    ) -> None:
        if seed not in SEEDS:
            raise ValueError(f"seed must be one of {SEEDS}, not {seed!r}")
        config = CloudConfig(
            region=region,
            account_uid=account_uid,
            security_tokens=security_tokens,
            start_delay=start_delay,
            replication_rate=replication_rate,
            sts_max_duration=sts_max_duration,
            copy_object_max=copy_object_max,
        )
        if access_keys is not None:
            if not access_keys:
                raise ValueError("access_keys needs at least one key")
            config = CloudConfig(**{**config.__dict__, "access_keys": dict(access_keys)})
        self.config = config
        self.data_dir = Path(data_dir)
        self.seed = seed
        self.host = host
        self.limits = limits or Limits()
        self.reset_data = reset_data  # start clean: delete the data directory's objects first
        self._requested_port = port
        self.faults = Faults()
        self.admin_token = secrets.token_urlsafe(18)
        self.state_providers: dict[str, StateProvider] = {}
        self._stop_callbacks: list[Callable[[], None]] = []
        self.db: Database | None = None
        self.store: OssStore | None = None
        self.oss: OssService | None = None
        self.ram: RamService | None = None
        self.kms: KmsService | None = None
        self.replication: Replication | None = None
        self._server: CloudHTTPServer | None = None
        self._sts: tuple[RpcGateway, StsApi] | None = None  # made on the first STS call
        self.tls = tls
        # The local cloud as a test OIDC identity provider (srrtui.localcloud.sts.oidc).
        from srrtui.localcloud.sts.oidc import OidcIssuer

        self.oidc = OidcIssuer(self.config.account_uid)
        self.ca_file: Path | None = None  # with tls: the CA certificate clients should trust
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> LocalCloud:
        if self._server is not None:
            raise RuntimeError("the local cloud is already running")
        # DataDirError (srrtui.localcloud.storage.db) when the directory must not be opened as it is.
        self.db = Database(datadir.prepare(self.data_dir, reset=self.reset_data))
        self.reset_data = False  # once: a restart keeps what was stored since
        try:
            self.store = OssStore(self.db, self.data_dir / "blobs")
            self.oss = OssService(self.store, self.config, self.faults)
            from srrtui.localcloud.kms.service import KmsService
            from srrtui.localcloud.replication.service import Replication

            self.ram = self._make_ram()
            self.kms = KmsService(self.db, self.config)
            self.replication = Replication(self.db, self.store, self.ram, self.config)
            self.replication.install(self.oss)
            if self.seed == "demo":
                from srrtui.localcloud.seed.demo import seed_demo

                seed_demo(self)
            self.state_providers.setdefault("oss", self.store.snapshot)
            self.state_providers.setdefault("faults", self._fault_state)
            self.state_providers.setdefault("kms", self.kms.state)
            self.state_providers["replication"] = self.replication.state
            admin = AdminApi(self.admin_token, self.faults, self.state_providers)
            self._server = CloudHTTPServer(
                (self.host, self._requested_port),
                oss=self.oss.handle,
                ram=self._ram_handle,
                admin=admin.handle,
                kms=self._kms_handle,
                spool_dir=self._fresh_spool(),
                limits=self.limits,
            )
            if self.tls:
                from srrtui.localcloud.tls import server_context

                context, self.ca_file = server_context(self.data_dir, self.config.region)
                self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        except sqlite3.DatabaseError as exc:  # damaged past its first page
            self.db.close()
            self.db = None
            raise damaged(self.data_dir / datadir.DB_NAME, exc) from None
        except BaseException:
            self.db.close()
            self.db = None
            raise
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="srrtui-local-cloud",
            daemon=True,
        )
        self._thread.start()
        self.replication.start()
        self.on_stop(self.replication.stop)
        log.info("local cloud listening on %s (region %s)", self.endpoint, self.config.region)
        return self

    def _fresh_spool(self) -> Path:
        """The folder request bodies stream into; what a crash left there is never an object."""
        spool = self.data_dir / "spool"
        if spool.is_dir():
            shutil.rmtree(spool)
        spool.mkdir()
        return spool

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        for callback in reversed(self._stop_callbacks):  # e.g. the replication engine
            try:
                callback()
            except Exception:
                log.exception("local cloud stop callback failed")
        server.shutdown()  # no new connections
        server.drain()  # in-flight requests finish, idle keep-alive connections close
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self.db is not None:
            with self.db.read() as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.db.close()
            self.db = None
        log.info("local cloud stopped")

    def __enter__(self) -> LocalCloud:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- what clients and later parts use ----------------------------------------------------
    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the local cloud is not running")
        return self._server.server_address[1]

    @property
    def endpoint(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def on_stop(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` first thing in ``stop()`` (last registered, first called)."""
        self._stop_callbacks.append(callback)

    def add_state_provider(self, name: str, provider: StateProvider) -> None:
        """Expose ``provider()`` (JSON-able) under ``name`` in ``state()`` and /-/admin/state."""
        self.state_providers[name] = provider

    def state(self) -> dict[str, object]:
        return {name: provider() for name, provider in sorted(self.state_providers.items())}

    def _fault_state(self) -> dict[str, object]:
        fired = [{"api": f.api, "kind": f.kind, "time": f.time} for f in self.faults.fired[-50:]]
        return {"pending": self.faults.pending(), "fired": fired}

    # --- RAM ----------------------------------------------------------------------------------
    def _make_ram(self) -> RamService | None:
        try:
            from srrtui.localcloud.ram import RamService
        except ImportError:  # the RAM part not there: RAM calls answer 501
            log.warning("srrtui.localcloud.ram is missing: RAM calls will answer 501")
            return None
        assert self.db is not None  # made first thing in start()
        return RamService(self.db, self.config)

    def _ram_handle(self, request: Request) -> Response:
        if rpc_version(request) == STS_VERSION:  # STS shares RAM's way in, told apart by version
            return self._sts_handle(request)
        failed = self._rpc_fault(request, RAM_HOST_ID, "Ram")
        if failed is not None:
            return failed
        if self.ram is None:
            return _pop_error(
                PopError(501, "NotImplemented", "RAM is not available in this local cloud."),
                RAM_HOST_ID,
                "Ram",
            )
        return self.ram.handle(request)

    # --- STS ----------------------------------------------------------------------------------
    def _sts_handle(self, request: Request) -> Response:
        from srrtui.localcloud.pop.gateway import RpcGateway, utc_now
        from srrtui.localcloud.sts.api import STS_HOST_ID, StsApi

        if self._sts is None:
            gateway = RpcGateway(
                self.config,
                version=STS_VERSION,
                product="Sts",
                host_id=STS_HOST_ID,
                internal_error=PopError(
                    500,
                    "InternalError",
                    "The request processing has failed due to some unknown error.",
                ),
                clock=utc_now,
            )
            self._sts = (
                gateway,
                StsApi(self.config, self.config.temporary_keys, self._role, self._ram_user),
            )
        gateway, api = self._sts
        if request.query.get("Action") == "AssumeRoleWithOIDC":
            return self._assume_role_with_oidc(request)
        return gateway.answer_for_caller(request, api.call)

    def _assume_role_with_oidc(self, request: Request) -> Response:
        from srrtui.localcloud.pop.rpc import json_response, rpc_params
        from srrtui.localcloud.sts.api import STS_HOST_ID
        from srrtui.localcloud.sts.oidc import assume_role_with_oidc

        request_id = new_request_id()
        try:
            body = assume_role_with_oidc(
                self.config, self.config.temporary_keys, self.oidc, self._role, rpc_params(request)
            )
        except PopError as error:
            return error_response(error, request_id, host_id=STS_HOST_ID, product="Sts")
        return json_response(200, {"RequestId": request_id, **body}, request_id)

    def _ram_user(self, access_key_id: str) -> str | None:
        """The RAM user an AccessKey belongs to (None: the account's own), for GetCallerIdentity."""
        return None if self.ram is None else self.ram.user_of(access_key_id)

    def _role(self, name: str) -> tuple[str, int] | None:
        """(trust policy, MaxSessionDuration) of the RAM role ``name``, for STS."""
        from srrtui.localcloud.ram import store as ram_store

        assert self.db is not None
        with self.db.read() as conn:
            row = ram_store.get_role(conn, name)
        return None if row is None else (row.trust_policy, row.max_session_duration)

    # --- KMS ----------------------------------------------------------------------------------
    def _kms_handle(self, request: Request) -> Response:
        assert self.kms is not None  # the server starts after the service exists
        failed = self._rpc_fault(request, self.kms.host_id, "Kms")
        return failed if failed is not None else self.kms.handle(request)

    def _rpc_fault(self, request: Request, host_id: str, product: str) -> Response | None:
        """An injected fault's answer to a RAM or KMS call, before authentication (faults.py)."""
        action = request.header("x-acs-action")
        fault = self.faults.take(action)
        if fault is None:
            return None
        if fault.kind == "reset":
            raise ResetConnection(action)
        if fault.kind == "latency":
            time.sleep(fault.delay)
            return None
        status, _, code, message = ERROR_KINDS[fault.kind]
        # The POP gateway answers throttling with 400 Throttling.User.
        error = PopError(400 if fault.kind == "throttle" else status, code, message)
        return _pop_error(error, host_id, product)


def _pop_error(error: PopError, host_id: str, product: str) -> Response:
    """A POP gateway JSON error (RAM, KMS), without needing the RAM package."""
    return error_response(error, new_request_id(), host_id=host_id, product=product)
