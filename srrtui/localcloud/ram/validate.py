"""Validation of RAM parameters and policy documents, with the service's error codes.

Sources: the RAM API reference pages for CreateRole / CreatePolicy / DeleteRole (error tables:
InvalidParameter.RoleName.InvalidChars / .Length, InvalidParameter.PolicyName.InvalidChars /
.Length, InvalidParameter.PolicyDocument.Length, InvalidParameter.Description.Length, all 400) and
the policy-language reference ("Policy elements": Version "1", Statement, Effect Allow|Deny,
Action/NotAction, Resource/NotResource, Principal for trust policies, Condition).
"""

from __future__ import annotations

import json
import re
from typing import Any

from srrtui.localcloud.ram.errors import RamError, malformed_policy

ROLE_NAME_RE = re.compile(r"[A-Za-z0-9.\-]+")
POLICY_NAME_RE = re.compile(r"[A-Za-z0-9\-]+")
MAX_POLICY_DOCUMENT = 6144  # "The document must be 1 to 6,144 characters in length."
MAX_DESCRIPTION = 1024
MIN_SESSION, MAX_SESSION = 3600, 43200
POLICY_TYPES = ("System", "Custom")
_STATEMENT_KEYS = {
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
    "Principal",
    "Sid",
}


def role_name(value: str) -> str:
    if not 1 <= len(value) <= 64:
        raise RamError(
            400,
            "InvalidParameter.RoleName.Length",
            "The maximum length of the role name is exceeded.",
        )
    if not ROLE_NAME_RE.fullmatch(value):
        raise RamError(
            400,
            "InvalidParameter.RoleName.InvalidChars",
            "The specified role name contains invalid characters.",
        )
    return value


def policy_name(value: str) -> str:
    if not 1 <= len(value) <= 128:
        raise RamError(
            400,
            "InvalidParameter.PolicyName.Length",
            "The length of the policy name is invalid. It must be 1 to 128 characters in length.",
        )
    if not POLICY_NAME_RE.fullmatch(value):
        raise RamError(
            400,
            "InvalidParameter.PolicyName.InvalidChars",
            "The policy name contains invalid characters. It must only contain upper or lower "
            "case letters, numbers, and dash (-).",
        )
    return value


def policy_type(value: str) -> str:
    if value not in POLICY_TYPES:
        raise RamError(
            400,
            "InvalidParameter.PolicyType.InvalidValue",
            'The parameter "PolicyType" must be "System" or "Custom".',
        )
    return value


def description(value: str) -> str:
    if len(value) > MAX_DESCRIPTION:
        raise RamError(
            400,
            "InvalidParameter.Description.Length",
            "The maximum length of the description is exceeded. It must not exceed 1024 characters.",
        )
    return value


def max_session_duration(value: str | None) -> int:
    if value is None or value == "":
        return MIN_SESSION
    try:
        seconds = int(value)
    except ValueError:
        seconds = -1
    if not MIN_SESSION <= seconds <= MAX_SESSION:
        raise RamError(
            400,
            "InvalidParameter.MaxSessionDuration",
            f"The parameter MaxSessionDuration must be between {MIN_SESSION} and {MAX_SESSION}.",
        )
    return seconds


def _string_or_list(statement: dict[str, Any], key: str, where: str) -> None:
    value = statement[key]
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
        raise malformed_policy(f"{where}: {key} must be a non-empty string or list of strings")


def _parse(document: str, param: str) -> dict[str, Any]:
    if len(document) > MAX_POLICY_DOCUMENT:
        raise RamError(
            400,
            f"InvalidParameter.{param}.Length",
            "The maximum length of the policy document is exceeded. "
            f"It must not exceed {MAX_POLICY_DOCUMENT} characters.",
        )
    try:
        parsed = json.loads(document)
    except json.JSONDecodeError as exc:
        raise malformed_policy(f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(parsed, dict):
        raise malformed_policy("the document must be a JSON object")
    if parsed.get("Version") != "1":
        raise malformed_policy('Version must be "1"')
    statements = parsed.get("Statement")
    if not isinstance(statements, list) or not statements:
        raise malformed_policy("Statement must be a non-empty list")
    for number, statement in enumerate(statements, start=1):
        where = f"statement {number}"
        if not isinstance(statement, dict):
            raise malformed_policy(f"{where} must be an object")
        unknown = set(statement) - _STATEMENT_KEYS
        if unknown:
            raise malformed_policy(f"{where}: unknown element {sorted(unknown)[0]}")
        if statement.get("Effect") not in ("Allow", "Deny"):
            raise malformed_policy(f"{where}: Effect must be Allow or Deny")
        if ("Action" in statement) == ("NotAction" in statement):
            raise malformed_policy(f"{where}: exactly one of Action and NotAction is required")
        _string_or_list(statement, "Action" if "Action" in statement else "NotAction", where)
        condition = statement.get("Condition")
        if condition is not None and not (
            isinstance(condition, dict) and all(isinstance(v, dict) for v in condition.values())
        ):
            raise malformed_policy(f"{where}: Condition must map operators to key/value objects")
    return parsed


def permission_policy(document: str) -> dict[str, Any]:
    """A permission policy: Resource (or NotResource) required, no Principal."""
    parsed = _parse(document, "PolicyDocument")
    for number, statement in enumerate(parsed["Statement"], start=1):
        where = f"statement {number}"
        if "Principal" in statement:
            raise malformed_policy(f"{where}: Principal is only allowed in a trust policy")
        if ("Resource" in statement) == ("NotResource" in statement):
            raise malformed_policy(f"{where}: exactly one of Resource and NotResource is required")
        _string_or_list(statement, "Resource" if "Resource" in statement else "NotResource", where)
    return parsed


def trust_policy(document: str) -> dict[str, Any]:
    """A role's trust policy: sts:AssumeRole statements naming a RAM / Service / Federated principal."""
    parsed = _parse(document, "AssumeRolePolicyDocument")
    for number, statement in enumerate(parsed["Statement"], start=1):
        where = f"statement {number}"
        principal = statement.get("Principal")
        if not isinstance(principal, dict) or not principal:
            raise malformed_policy(f"{where}: a trust policy statement needs a Principal")
        if not set(principal) <= {"RAM", "Service", "Federated"}:
            raise malformed_policy(f"{where}: Principal must use RAM, Service or Federated")
        for kind in principal:
            _string_or_list(principal, kind, f"{where} Principal")
        actions = statement.get("Action")
        actions = [actions] if isinstance(actions, str) else actions or []
        if not all(a.lower() in ("sts:assumerole", "sts:*", "*") for a in actions):
            raise malformed_policy(f"{where}: a trust policy may only allow sts:AssumeRole")
    return parsed


def trusts_service(parsed_trust_policy: dict[str, Any], service: str) -> bool:
    """Whether an Allow statement lets ``service`` (e.g. oss.aliyuncs.com) assume the role."""
    for statement in parsed_trust_policy.get("Statement", []):
        if statement.get("Effect") != "Allow":
            continue
        services = (statement.get("Principal") or {}).get("Service", [])
        services = [services] if isinstance(services, str) else services
        # "<uid>@oss.aliyuncs.com" is the cross-account form of a service principal.
        if any(s.lower() == service or s.lower().endswith("@" + service) for s in services):
            return True
    return False
