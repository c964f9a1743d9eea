"""RAM policy evaluation: pure, no IO. Shared by the cloud layer's custom-role preflight and the
local cloud's RAM service (``srrtui.localcloud.ram.evaluate`` re-exports it), so both judge a
policy the same way. ``load_policy`` and ``trusts_service`` read trust policies.

Semantics (Alibaba Cloud RAM "Policy evaluation process" and "Policy elements"):
- an explicit Deny in any statement of any policy wins; otherwise an Allow grants; otherwise the
  request is implicitly denied;
- ``Action``/``NotAction`` and ``Resource``/``NotResource`` are a string or a list of strings;
- ``*`` matches any run of characters (``/`` and ``:`` included) and ``?`` exactly one;
- action names are matched case-insensitively (``oss:getobject`` == ``oss:GetObject``); resources
  case-sensitively, because OSS bucket and object names are case-sensitive.

Conditions: a minimal subset is evaluated against an optional ``context`` of condition keys:
StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringLike, StringNotLike and Bool. A key
absent from the context makes a positive operator false and a negated one true (the IAM-family
convention). A statement with any other operator never applies, and the reason says so: the
local cloud cannot judge e.g. ``acs:SourceIp`` for a service-side replication request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from srrtui.domain.words.translate import _, clauses, listing

SUPPORTED_OPERATORS = frozenset(
    {
        "stringequals",
        "stringnotequals",
        "stringequalsignorecase",
        "stringlike",
        "stringnotlike",
        "bool",
    }
)


_NEGATED = frozenset({"stringnotequals", "stringnotlike"})


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str


@lru_cache(maxsize=4096)
def _pattern(wildcard: str, ignore_case: bool) -> re.Pattern[str]:
    regex = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in wildcard)
    return re.compile(regex, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def wildcard_match(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """RAM wildcard matching of a whole string: ``*`` any run, ``?`` one character."""
    return _pattern(pattern, ignore_case).fullmatch(value) is not None


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _matches(statement: Mapping[str, Any], key: str, value: str, ignore_case: bool) -> bool:
    """Action/Resource (or their Not* forms) of one statement against one value."""
    if key in statement:
        return any(
            wildcard_match(p, value, ignore_case=ignore_case) for p in _as_list(statement[key])
        )
    not_key = f"Not{key}"
    if not_key in statement:
        return not any(
            wildcard_match(p, value, ignore_case=ignore_case) for p in _as_list(statement[not_key])
        )
    return False


def _condition_holds(
    condition: Mapping[str, Any], context: Mapping[str, str]
) -> tuple[bool, str | None]:
    """(holds, unsupported operator name or None)."""
    lowered = {k.lower(): v for k, v in context.items()}
    for operator, tests in condition.items():
        op = operator.lower()
        if op not in SUPPORTED_OPERATORS:
            return False, operator
        for key, wanted in dict(tests).items():
            actual = lowered.get(key.lower())
            values = _as_list(wanted)
            negated = op in _NEGATED
            if actual is None:
                if not negated:
                    return False, None
                continue
            if op == "bool":
                hit = actual.lower() in {v.lower() for v in values}
            elif op in ("stringlike", "stringnotlike"):
                hit = any(wildcard_match(v, actual) for v in values)
            elif op == "stringequalsignorecase":
                hit = actual.lower() in {v.lower() for v in values}
            else:
                hit = actual in values
            if hit == negated:
                return False, None
    return True, None


def evaluate(
    documents: Sequence[Mapping[str, Any]],
    action: str,
    resource: str,
    *,
    names: Sequence[str] | None = None,
    context: Mapping[str, str] | None = None,
) -> Decision:
    """Decide whether ``documents`` (parsed policy documents) allow ``action`` on ``resource``.

    ``names`` (parallel to ``documents``) only improves the reason text.
    """
    context = context or {}
    allow: str | None = None
    skipped: list[str] = []
    for index, document in enumerate(documents):
        label = names[index] if names is not None else f"policy #{index + 1}"
        statements = document.get("Statement", [])
        if isinstance(statements, Mapping):
            statements = [statements]
        for number, statement in enumerate(statements, start=1):
            if not _matches(statement, "Action", action, ignore_case=True):
                continue
            if not _matches(statement, "Resource", resource, ignore_case=False):
                continue
            holds, unsupported = _condition_holds(statement.get("Condition") or {}, context)
            where = _("statement {number} of {policy}").format(number=number, policy=label)
            if unsupported:
                skipped.append(
                    _("{where} (condition operator {operator} is not supported)").format(
                        where=where, operator=unsupported
                    )
                )
            if not holds:
                continue
            effect = str(statement.get("Effect", "")).lower()
            if effect == "deny":
                return Decision(
                    False,
                    _("{action} on {resource} is explicitly denied by {where}").format(
                        action=action, resource=resource, where=where
                    ),
                )
            if effect == "allow" and allow is None:
                allow = where
    if allow is not None:
        return Decision(
            True,
            _("{action} on {resource} is allowed by {where}").format(
                action=action, resource=resource, where=allow
            ),
        )
    reason = _("no policy statement allows {action} on {resource}").format(
        action=action, resource=resource
    )
    if skipped:
        reason = clauses(
            [reason, _("not evaluated: {policies}").format(policies=listing(list(skipped)))]
        )
    return Decision(False, reason)


def oss_arn(region: str, account_uid: str, bucket: str, key: str | None = None) -> str:
    """The ARN of an OSS bucket or object: ``acs:oss:<region>:<uid>:<bucket>[/<key>]``."""
    base = f"acs:oss:{region}:{account_uid}:{bucket}"
    return base if key is None else f"{base}/{key}"


class PolicyFormatError(ValueError):
    """A policy document that is not a JSON object with a Statement list."""


def load_policy(document: str | Mapping[str, Any]) -> Mapping[str, Any]:
    """A policy document (the JSON text RAM returns, or already parsed) as a mapping."""
    if isinstance(document, Mapping):
        data: Any = document
    else:
        try:
            data = json.loads(document)
        except (TypeError, ValueError) as exc:
            raise PolicyFormatError(f"not JSON: {exc}") from exc
    if not isinstance(data, Mapping):
        raise PolicyFormatError("a policy document is a JSON object")
    statements = data.get("Statement", [])
    items = [statements] if isinstance(statements, Mapping) else statements
    if not isinstance(items, list) or not all(isinstance(s, Mapping) for s in items):
        raise PolicyFormatError("Statement is an object or a list of objects")
    return data


def trusts_service(document: str | Mapping[str, Any], service: str) -> bool:
    """Whether a role's trust policy lets ``service`` (e.g. oss.aliyuncs.com) assume the role:
    an unconditional Allow of sts:AssumeRole with the service among ``Principal.Service``."""
    data = load_policy(document)
    statements = data.get("Statement", [])
    for statement in [statements] if isinstance(statements, Mapping) else statements:
        if not isinstance(statement, Mapping) or statement.get("Condition"):
            continue
        if str(statement.get("Effect", "")).lower() != "allow":
            continue
        if not _matches(statement, "Action", "sts:AssumeRole", ignore_case=True):
            continue
        principal = statement.get("Principal")
        if isinstance(principal, Mapping) and service in _as_list(principal.get("Service")):
            return True
    return False
