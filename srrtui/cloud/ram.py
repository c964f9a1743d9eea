"""RAM over alibabacloud-ram20150501: roles and policies, typed, with mapped errors.

Every write is resumable: it is preceded by a read of the current state, and the
``EntityAlreadyExists.*`` answer of a create/attach that raced (or whose response was lost) is
"it is there", never an error. RAM's error codes: RAM API reference, "Error codes" for CreateRole,
CreatePolicy and AttachPolicyToRole.

The SDK client is built once; it retries nothing (no ``Config.retry_options``), see retry.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlparse

from srrtui.cloud.retry import DEFAULT_POLICY, RetryPolicy, call, call_checked
from srrtui.cloud.types import CloudError, Connection, RoleSummary

T = TypeVar("T")

DEFAULT_RAM_ENDPOINT = "ram.aliyuncs.com"
# Milliseconds, as alibabacloud_tea_openapi's Config wants them.
CONNECT_TIMEOUT_MS = 5_000
READ_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class RoleInfo:
    name: str
    arn: str
    trust_policy: str  # the AssumeRolePolicyDocument, JSON text
    description: str = ""

    @property
    def account_id(self) -> str:
        """The account UID from the ARN ``acs:ram::<uid>:role/<name>``."""
        parts = self.arn.split(":")
        return parts[3] if len(parts) > 4 else ""


@dataclass(frozen=True)
class AttachedPolicy:
    name: str
    policy_type: str  # "System" | "Custom"


def openapi_config(
    connection: Connection, host: str, protocol: str, timeouts: tuple[float, float] | None = None
) -> Any:
    """The OpenAPI SDK's ``Config`` for a connection (RAM and KMS clients share it);
    ``timeouts`` (connect, read) in seconds, else the defaults above."""
    from alibabacloud_tea_openapi.utils_models import Config

    if connection.provider is not None:
        # Keys that change (STS and the like): the SDK asks the library's provider per request.
        from alibabacloud_credentials.client import Client as CredentialClient

        keys: dict[str, Any] = {"credential": CredentialClient(provider=connection.provider)}
    else:
        keys = {
            "access_key_id": connection.access_key_id,
            "access_key_secret": connection.access_key_secret,
            "security_token": connection.security_token or None,
        }
    return Config(
        **keys,
        endpoint=host,
        protocol=protocol,
        region_id=connection.region or None,
        connect_timeout=int(timeouts[0] * 1000) if timeouts else CONNECT_TIMEOUT_MS,
        read_timeout=int(timeouts[1] * 1000) if timeouts else READ_TIMEOUT_MS,
    )


def ram_target(connection: Connection) -> tuple[str, str]:
    """(host[:port], protocol) of the RAM endpoint. An empty ``ram_endpoint`` means the public
    RAM endpoint, except next to a loopback OSS endpoint: the local cloud serves RAM on the same
    port (srrtui.localcloud)."""
    raw = connection.ram_endpoint
    if not raw:
        oss = urlparse(
            connection.endpoint if "//" in connection.endpoint else f"//{connection.endpoint}"
        )
        if oss.hostname in ("127.0.0.1", "localhost", "::1"):
            raw = connection.endpoint
        else:
            return DEFAULT_RAM_ENDPOINT, "https"
    parsed = urlparse(raw if "//" in raw else f"//{raw}")
    host = parsed.netloc
    if parsed.scheme in ("http", "https"):
        return host, parsed.scheme
    loopback = parsed.hostname in ("127.0.0.1", "localhost", "::1")
    return host, "http" if loopback else "https"


class RamAdapter:
    def __init__(self, connection: Connection, *, policy: RetryPolicy = DEFAULT_POLICY) -> None:
        self.connection = connection
        self.policy = policy
        self._client: Any = None

    def _ram(self) -> Any:
        if self._client is None:
            from alibabacloud_ram20150501.client import Client

            target = ram_target(self.connection)
            self._client = Client(openapi_config(self.connection, *target, self.policy.timeouts))
        return self._client

    def _call(self, operation: str, fn: Callable[[Any, Any], T]) -> T:
        from alibabacloud_ram20150501 import models

        return call(operation, lambda: fn(self._ram(), models), self.policy)

    # -- roles ----------------------------------------------------------------------------
    def get_role(self, name: str) -> RoleInfo | None:
        resp = self._found(
            "GetRole",
            lambda ram, m: ram.get_role(m.GetRoleRequest(role_name=name)),
            "EntityNotExist.Role",
        )
        if resp is None:
            return None
        role = resp.body.role
        return RoleInfo(
            name=role.role_name or name,
            arn=role.arn or "",
            trust_policy=role.assume_role_policy_document or "",
            description=role.description or "",
        )

    def create_role(self, name: str, trust_policy: str, description: str) -> tuple[RoleInfo, bool]:
        """Create the role unless it exists; returns (role, existed)."""
        if (found := self.get_role(name)) is not None:
            return found, True
        from alibabacloud_ram20150501 import models

        request = models.CreateRoleRequest(
            role_name=name, assume_role_policy_document=trust_policy, description=description
        )
        existed = self._create_once(
            "CreateRole",
            "EntityAlreadyExists.Role",
            lambda: self._ram().create_role(request),
            lambda: self.get_role(name),
        )
        role = self.get_role(name)
        if role is None:
            raise CloudError(
                "EntityNotExist.Role",
                f"role {name} is missing right after CreateRole",
                operation="GetRole",
            )
        return role, existed

    def list_roles(self, max_pages: int = 100) -> list[RoleSummary]:
        roles: list[RoleSummary] = []
        marker: str | None = None
        for _ in range(max_pages):

            def list_page(ram: Any, m: Any, mk: str | None = marker) -> Any:
                return ram.list_roles(m.ListRolesRequest(marker=mk, max_items=1000))

            resp = self._call("ListRoles", list_page)
            body = resp.body
            for role in body.roles.role if body.roles and body.roles.role else []:
                roles.append(
                    RoleSummary(role.role_name or "", role.arn or "", role.description or "")
                )
            if not body.is_truncated or not body.marker:
                break
            marker = body.marker
        return roles

    # -- policies -------------------------------------------------------------------------
    def get_policy_document(self, name: str, policy_type: str = "Custom") -> str | None:
        """The default version's document, or None when there is no such policy."""
        resp = self._found(
            "GetPolicy",
            lambda ram, m: ram.get_policy(
                m.GetPolicyRequest(policy_name=name, policy_type=policy_type)
            ),
            "EntityNotExist.Policy",
        )
        if resp is None:
            return None
        body = resp.body
        version = body.default_policy_version
        if version is not None and version.policy_document:
            return str(version.policy_document)
        return str((body.policy.policy_document if body.policy is not None else "") or "")

    def create_policy(self, name: str, document: str, description: str) -> tuple[str, bool]:
        """Create the custom policy unless it exists; returns (its current document, existed)."""
        if (found := self.get_policy_document(name)) is not None:
            return found, True
        from alibabacloud_ram20150501 import models

        request = models.CreatePolicyRequest(
            policy_name=name, policy_document=document, description=description
        )
        existed = self._create_once(
            "CreatePolicy",
            "EntityAlreadyExists.Policy",
            lambda: self._ram().create_policy(request),
            lambda: self.get_policy_document(name),
        )
        if existed:
            return self.get_policy_document(name) or "", True
        return document, False

    def policies_for_role(self, role: str) -> list[AttachedPolicy]:
        resp = self._call(
            "ListPoliciesForRole",
            lambda ram, m: ram.list_policies_for_role(m.ListPoliciesForRoleRequest(role_name=role)),
        )
        return _attached(resp.body.policies)

    def attach_policy(self, role: str, name: str, policy_type: str = "Custom") -> bool:
        """Attach unless attached; returns whether it was attached already."""

        def attached() -> bool | None:
            found = any(
                p.name == name and p.policy_type == policy_type
                for p in self.policies_for_role(role)
            )
            return True if found else None

        if attached():
            return True
        from alibabacloud_ram20150501 import models

        request = models.AttachPolicyToRoleRequest(
            policy_type=policy_type, policy_name=name, role_name=role
        )
        return self._create_once(
            "AttachPolicyToRole",
            "EntityAlreadyExists.Role.Policy",
            lambda: self._ram().attach_policy_to_role(request),
            attached,
        )

    # -- the caller's own permissions (a RAM user's policies, directly and through groups) --
    def policies_for_user(self, user: str) -> list[AttachedPolicy]:
        resp = self._call(
            "ListPoliciesForUser",
            lambda ram, m: ram.list_policies_for_user(m.ListPoliciesForUserRequest(user_name=user)),
        )
        return _attached(resp.body.policies)

    def groups_for_user(self, user: str) -> list[str]:
        resp = self._call(
            "ListGroupsForUser",
            lambda ram, m: ram.list_groups_for_user(m.ListGroupsForUserRequest(user_name=user)),
        )
        groups = resp.body.groups
        items = groups.group if groups is not None and groups.group else []
        return [g.group_name or "" for g in items]

    def policies_for_group(self, group: str) -> list[AttachedPolicy]:
        resp = self._call(
            "ListPoliciesForGroup",
            lambda ram, m: ram.list_policies_for_group(
                m.ListPoliciesForGroupRequest(group_name=group)
            ),
        )
        return _attached(resp.body.policies)

    def _found(self, operation: str, send: Callable[[Any, Any], Any], missing: str) -> Any:
        """A read whose "no such entity" answer (``missing``) means None rather than an error."""
        try:
            return self._call(operation, send)
        except CloudError as error:
            if error.code == missing:
                return None
            raise

    def _create_once(
        self,
        operation: str,
        already_exists: str,
        send: Callable[[], object],
        landed: Callable[[], object | None],
    ) -> bool:
        """Send a create/attach call at most once in effect; True when the entity existed
        already (another writer got there first). A lost response that ``landed`` then finds
        counts as this run's own creation (False)."""
        try:
            call_checked(operation, send, landed, self.policy)
        except CloudError as error:
            if error.code != already_exists:
                raise
            return True
        return False


def _attached(policies: Any) -> list[AttachedPolicy]:
    """The ``Policies.Policy`` list of a ListPoliciesFor{Role,User,Group} answer."""
    items = policies.policy if policies is not None and policies.policy else []
    return [AttachedPolicy(p.policy_name or "", p.policy_type or "") for p in items]
