"""The RAM actions: parameters in, response body out (``RequestId`` is added by the service).

Response shapes follow the fields the SDK maps (alibabacloud_ram20150501/models/*_response_body.py)
and the API reference samples, e.g. CreateRole -> ``{"Role": {"RoleId", "RoleName", "Arn",
"Description", "AssumeRolePolicyDocument", "CreateDate", "MaxSessionDuration"}}``; ListRoles ->
``{"Roles": {"Role": [...]}, "IsTruncated", "Marker"}``; ListPoliciesForRole ->
``{"Policies": {"Policy": [...]}}``. Error codes: RAM API reference error tables (EntityNotExist.*
404, EntityAlreadyExists.* 409, DeleteConflict.* 409, InvalidParameter.* 400). Limits: RAM
"Limits" page (1,000 roles, 1,500 custom policies, 5 versions per policy per account).
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable, Mapping
from typing import Any

from srrtui.localcloud.pop.rpc import Params, invalid_action
from srrtui.localcloud.ram import store, validate
from srrtui.localcloud.ram.errors import RamError, policy_not_found, role_not_found
from srrtui.localcloud.ram.store import PolicyRow, RoleRow
from srrtui.localcloud.ram.user_api import user_actions
from srrtui.localcloud.ram.views import (
    RamLimits,
    decode_marker,
    encode_marker,
    policy_view,
    role_view,
)
from srrtui.localcloud.storage.db import Database


class RamApi:
    def __init__(
        self, db: Database, account_uid: str, now: Callable[[], str], limits: RamLimits
    ) -> None:
        self._db = db
        self._uid = account_uid
        self._now = now
        self._limits = limits
        self._actions: dict[str, Callable[[Params], dict[str, Any]]] = {
            "CreateRole": self.create_role,
            "GetRole": self.get_role,
            "ListRoles": self.list_roles,
            "DeleteRole": self.delete_role,
            "CreatePolicy": self.create_policy,
            "GetPolicy": self.get_policy,
            "DeletePolicy": self.delete_policy,
            "CreatePolicyVersion": self.create_policy_version,
            "DeletePolicyVersion": self.delete_policy_version,
            "AttachPolicyToRole": self.attach_policy_to_role,
            "DetachPolicyFromRole": self.detach_policy_from_role,
            "ListPoliciesForRole": self.list_policies_for_role,
            **user_actions(db),
        }

    def call(self, action: str, params: Mapping[str, str]) -> dict[str, Any]:
        handler = self._actions.get(action)
        if handler is None:
            raise invalid_action()
        return handler(Params(params))

    # --- roles -------------------------------------------------------------------------------

    def create_role(self, p: Params) -> dict[str, Any]:
        name = validate.role_name(p.required("RoleName"))
        trust = p.required("AssumeRolePolicyDocument")
        validate.trust_policy(trust)
        description = validate.description(p.optional("Description"))
        session = validate.max_session_duration(p.optional("MaxSessionDuration") or None)
        now = self._now()
        with self._db.transaction() as conn:
            if store.get_role(conn, name) is not None:
                raise RamError(409, "EntityAlreadyExists.Role", "The role already exists.")
            if store.count_roles(conn) >= self._limits.roles:
                raise RamError(
                    409, "LimitExceeded.Role", "The count of roles beyond the current limits."
                )
            # Real RoleIds are long decimal strings, e.g. 901234567890****.
            role_id = str(secrets.randbelow(9 * 10**18) + 10**18)
            row = RoleRow(0, role_id, name, description, trust, session, now, now)
            stored = store.insert_role(conn, row)
        view = role_view(self._uid, stored, full=True)
        for key in ("UpdateDate", "RolePrincipalName", "IsServiceLinkedRole"):
            view.pop(key)  # not in CreateRole's documented response
        return {"Role": view}

    def _existing_role(self, conn: sqlite3.Connection, name: str) -> RoleRow:
        role = store.get_role(conn, validate.role_name(name))
        if role is None:
            raise role_not_found()
        return role

    def get_role(self, p: Params) -> dict[str, Any]:
        with self._db.read() as conn:
            return {
                "Role": role_view(
                    self._uid, self._existing_role(conn, p.required("RoleName")), full=True
                )
            }

    def list_roles(self, p: Params) -> dict[str, Any]:
        limit = p.optional("MaxItems", "100")
        if not (limit.isascii() and limit.isdigit()) or not 1 <= int(limit) <= 1000:
            raise RamError(
                400, "InvalidParameter.MaxItems", "The parameter MaxItems must be 1 to 1000."
            )
        after = decode_marker(p.optional("Marker"))
        with self._db.read() as conn:
            rows = store.list_roles(conn, after, int(limit) + 1)
        page, more = rows[: int(limit)], len(rows) > int(limit)
        body: dict[str, Any] = {
            "IsTruncated": more,
            "Roles": {"Role": [role_view(self._uid, r, full=False) for r in page]},
        }
        if more:
            body["Marker"] = encode_marker(page[-1].seq)
        return body

    def delete_role(self, p: Params) -> dict[str, Any]:
        with self._db.transaction() as conn:
            role = self._existing_role(conn, p.required("RoleName"))
            if store.role_attachments(conn, role):
                raise RamError(
                    409,
                    "DeleteConflict.Role.Policy",
                    "The role cannot have any attached policies when you delete it.",
                )
            store.delete_role(conn, role.seq)
        return {}

    # --- policies ----------------------------------------------------------------------------

    def create_policy(self, p: Params) -> dict[str, Any]:
        name = validate.policy_name(p.required("PolicyName"))
        document = p.required("PolicyDocument")
        validate.permission_policy(document)
        description = validate.description(p.optional("Description"))
        with self._db.transaction() as conn:
            if store.get_policy(conn, "Custom", name) is not None:
                raise RamError(409, "EntityAlreadyExists.Policy", "The policy already exists.")
            if store.count_custom_policies(conn) >= self._limits.custom_policies:
                raise RamError(
                    409, "LimitExceeded.Policy", "The count of policies beyond the current limits."
                )
            row = store.insert_policy(conn, name, description, document, self._now())
        view = policy_view(row)
        return {
            "Policy": {
                k: view[k]
                for k in ("PolicyName", "PolicyType", "Description", "DefaultVersion", "CreateDate")
            }
        }

    def _existing_policy(self, conn: sqlite3.Connection, policy_type: str, name: str) -> PolicyRow:
        policy = store.get_policy(
            conn, validate.policy_type(policy_type), validate.policy_name(name)
        )
        if policy is None:
            raise policy_not_found()
        return policy

    def get_policy(self, p: Params) -> dict[str, Any]:
        with self._db.read() as conn:
            policy = self._existing_policy(conn, p.required("PolicyType"), p.required("PolicyName"))
        return {
            "Policy": policy_view(policy),
            "DefaultPolicyVersion": {
                "VersionId": policy.default_version,
                "IsDefaultVersion": True,
                "PolicyDocument": policy.document,
                "CreateDate": policy.version_date,
            },
        }

    def delete_policy(self, p: Params) -> dict[str, Any]:
        cascade = p.optional("CascadingDelete").lower() == "true"
        with self._db.transaction() as conn:
            policy = self._existing_policy(conn, "Custom", p.required("PolicyName"))
            if policy.attachment_count and not cascade:
                raise RamError(
                    409,
                    "DeleteConflict.Policy.Role",
                    "The policy cannot be attached to any role when you delete it.",
                )
            if len(store.version_ids(conn, policy.policy_name)) > 1 and not cascade:
                raise RamError(
                    409,
                    "DeleteConflict.Policy.Version",
                    "You must delete all non-default versions before you delete the policy.",
                )
            store.detach_everywhere(conn, policy.policy_name)
            store.delete_policy(conn, policy.policy_name)
        return {}

    def create_policy_version(self, p: Params) -> dict[str, Any]:
        document = p.required("PolicyDocument")
        validate.permission_policy(document)
        set_default = p.optional("SetAsDefault").lower() == "true"
        rotate = p.optional("RotateStrategy", "None")
        now = self._now()
        with self._db.transaction() as conn:
            policy = self._existing_policy(conn, "Custom", p.required("PolicyName"))
            versions = store.version_ids(conn, policy.policy_name)
            if len(versions) >= self._limits.versions_per_policy:
                oldest = next((v for v in versions if v != policy.default_version), None)
                if rotate != "DeleteOldestNonDefaultVersionWhenLimitExceeded" or oldest is None:
                    raise RamError(
                        409,
                        "LimitExceeded.Policy.Version",
                        "The count of versions beyond the current limits.",
                    )
                store.delete_version(conn, policy.policy_name, oldest)
            version_id = store.add_version(conn, policy.policy_name, document, set_default, now)
        return {
            "PolicyVersion": {
                "VersionId": version_id,
                "IsDefaultVersion": set_default,
                "PolicyDocument": document,
                "CreateDate": now,
            }
        }

    def delete_policy_version(self, p: Params) -> dict[str, Any]:
        version_id = p.required("VersionId")
        with self._db.transaction() as conn:
            policy = self._existing_policy(conn, "Custom", p.required("PolicyName"))
            if version_id not in store.version_ids(conn, policy.policy_name):
                raise RamError(
                    404, "EntityNotExist.Policy.Version", "The policy version does not exist."
                )
            if version_id == policy.default_version:
                raise RamError(
                    409,
                    "DeleteConflict.Policy.Version.Default",
                    "You cannot delete the default policy version.",
                )
            store.delete_version(conn, policy.policy_name, version_id)
        return {}

    # --- attachments -------------------------------------------------------------------------

    def attach_policy_to_role(self, p: Params) -> dict[str, Any]:
        policy_type = p.required("PolicyType")
        policy_name, role_name = p.required("PolicyName"), p.required("RoleName")
        with self._db.transaction() as conn:
            policy = self._existing_policy(conn, policy_type, policy_name)
            role = self._existing_role(conn, role_name)
            if store.is_attached(conn, role, policy.policy_type, policy.policy_name):
                raise RamError(
                    409,
                    "EntityAlreadyExists.Role.Policy",
                    "The policy has already been attached to the role.",
                )
            store.attach(conn, role, policy, self._now())
        return {}

    def detach_policy_from_role(self, p: Params) -> dict[str, Any]:
        policy_type = p.required("PolicyType")
        policy_name, role_name = p.required("PolicyName"), p.required("RoleName")
        with self._db.transaction() as conn:
            policy = self._existing_policy(conn, policy_type, policy_name)
            role = self._existing_role(conn, role_name)
            if not store.detach(conn, role, policy.policy_type, policy.policy_name):
                raise RamError(
                    404,
                    "EntityNotExist.Role.Policy",
                    "The policy has not been attached to the role.",
                )
        return {}

    def list_policies_for_role(self, p: Params) -> dict[str, Any]:
        with self._db.read() as conn:
            role = self._existing_role(conn, p.required("RoleName"))
            attached = store.role_attachments(conn, role)
        policies = [
            {
                "PolicyName": a.policy.policy_name,
                "PolicyType": a.policy.policy_type,
                "Description": a.policy.description,
                "DefaultVersion": a.policy.default_version,
                "AttachDate": a.attach_date,
            }
            for a in attached
        ]
        return {"Policies": {"Policy": policies}}
