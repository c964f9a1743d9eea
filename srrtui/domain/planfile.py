"""Plan files: one TOML format shared by the wizard's "save plan", ``srrtui apply`` and
``srrtui plan``. Reading is strict: unknown keys and wrong types are errors naming the key."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tomli_w

from srrtui.domain.limits import RAISED_PREFIX_LIMIT, Quotas
from srrtui.domain.plan import (
    DeleteMode,
    KmsChoice,
    ReplicationPlan,
    RoleChoice,
    RoleKind,
    Tag,
    TagFilter,
    TagMatch,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

FORMAT_VERSION = 1


class PlanFileError(ValueError):
    """A plan file that cannot be read; ``problems`` are ``(key, message)`` pairs."""

    def __init__(self, problems: list[tuple[str, str]], partial: PlanFile | None = None) -> None:
        self.problems = problems
        # What could be read despite the problems, so callers can validate it too and report
        # everything in one pass.
        self.partial = partial
        super().__init__("\n".join(f"{key}: {message}" for key, message in problems))


@dataclass(frozen=True)
class PlanFile:
    plan: ReplicationPlan
    quotas: Quotas


# The schema: section -> key -> expected python type(s). Lists are checked element-wise below.
_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "source": {"bucket": str, "region": str},
    "destination": {"bucket": str, "region": str},
    "objects": {"prefixes": list, "tag_match": str, "tags": list},
    "sync": {"deletes": bool, "historical": bool},
    "kms": {"replicate": bool, "cmk_id": str},
    "role": {"kind": str, "name": str},
    "rule": {"id": str},
    "quotas": {"prefixes": int},
}
_TYPE_NAMES = {str: "a string", bool: "true or false", int: "an integer", list: "a list"}


def _describe(value: object) -> str:
    return {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def parse_plan(text: str) -> PlanFile:
    """Parse plan-file text. Raises PlanFileError with every problem found."""
    try:
        return _parse_plan(text)
    except RecursionError:  # tomllib (and our checks) recurse per level of nesting
        raise PlanFileError([("toml", "arrays or tables nested too deeply to be a plan")]) from None


def _parse_plan(text: str) -> PlanFile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The message carries "(at line L, column C)".
        raise PlanFileError([("toml", f"not valid TOML: {exc}")]) from None
    problems: list[tuple[str, str]] = []
    version = data.pop("version", None)
    if version is None:
        problems.append(("version", f"missing; add `version = {FORMAT_VERSION}` at the top"))
    elif type(version) is not int or version != FORMAT_VERSION:
        problems.append(
            ("version", f"unsupported version {version!r}; this srrtui reads {FORMAT_VERSION}")
        )
    sections: dict[str, dict[str, Any]] = {}
    for name, value in data.items():
        if name not in _SCHEMA:
            problems.append((name, f"unknown key; expected one of: {', '.join(_SCHEMA)}"))
        elif not isinstance(value, dict):
            problems.append((name, f"expected a table [{name}], got {_describe(value)}"))
        else:
            sections[name] = _check_section(name, value, problems)
    plan_file = _build(sections, problems)
    if problems:
        raise PlanFileError(problems, plan_file)
    return plan_file


def _check_section(
    name: str, table: dict[str, Any], problems: list[tuple[str, str]]
) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for key, value in table.items():
        expected = _SCHEMA[name].get(key)
        path = f"{name}.{key}"
        if expected is None:
            problems.append((path, f"unknown key; expected one of: {', '.join(_SCHEMA[name])}"))
        elif type(value) is not expected:  # bool is an int subclass: compare types exactly
            want = _TYPE_NAMES[expected]  # type: ignore[index]
            problems.append((path, f"expected {want}, got {_describe(value)}"))
        else:
            checked[key] = value
    return checked


def _enum(
    path: str,
    value: str,
    parse: Callable[[str], Any],
    choices: str,
    problems: list[tuple[str, str]],
) -> Any:
    try:
        return parse(value)
    except ValueError:
        problems.append((path, f"{value!r} is not one of {choices}"))
        return None


def _build(sections: dict[str, dict[str, Any]], problems: list[tuple[str, str]]) -> PlanFile:
    source = sections.get("source", {})
    destination = sections.get("destination", {})
    objects = sections.get("objects", {})
    sync = sections.get("sync", {})
    kms = sections.get("kms", {})
    role = sections.get("role", {})

    prefixes: list[str] = []
    for index, item in enumerate(objects.get("prefixes", [])):
        if isinstance(item, str):
            prefixes.append(item)
        else:
            problems.append(
                (f"objects.prefixes[{index}]", f"expected a string, got {_describe(item)}")
            )

    tags: list[Tag] = []
    for index, item in enumerate(objects.get("tags", [])):
        path = f"objects.tags[{index}]"
        if not isinstance(item, dict):
            problems.append(
                (path, f'expected {{ key = "...", value = "..." }}, got {_describe(item)}')
            )
            continue
        unknown = set(item) - {"key", "value"}
        for key in sorted(unknown):
            problems.append((f"{path}.{key}", "unknown key; a tag has only key and value"))
        for key in ("key", "value"):
            if key not in item:
                problems.append((f"{path}.{key}", "missing"))
            elif not isinstance(item[key], str):
                problems.append((f"{path}.{key}", f"expected a string, got {_describe(item[key])}"))
        if isinstance(item.get("key"), str) and isinstance(item.get("value"), str):
            tags.append(Tag(item["key"], item["value"]))

    match = _enum(
        "objects.tag_match", objects.get("tag_match", "all"), TagMatch, '"all" or "any"', problems
    )
    kind = _enum(
        "role.kind",
        role.get("kind", "new"),
        RoleKind,
        '"new", "aliyun-oss-role" or "custom"',
        problems,
    )

    quota = sections.get("quotas", {}).get("prefixes", Quotas().prefix_limit)
    if not 1 <= quota <= RAISED_PREFIX_LIMIT:
        problems.append(
            ("quotas.prefixes", f"must be 1..{RAISED_PREFIX_LIMIT} (10 unless support raised it)")
        )
        quota = Quotas().prefix_limit

    plan = ReplicationPlan(
        source_bucket=source.get("bucket", ""),
        source_region=source.get("region", ""),
        destination_bucket=destination.get("bucket", ""),
        destination_region=destination.get("region", ""),
        prefixes=tuple(prefixes),
        tag_filter=TagFilter(tags=tuple(tags), match=match or TagMatch.ALL, enabled=bool(tags)),
        delete_mode=DeleteMode.ALL if sync.get("deletes", False) else DeleteMode.PUT_ONLY,
        historical=sync.get("historical", True),
        kms=KmsChoice(replicate=kms.get("replicate", False), cmk_id=kms.get("cmk_id", "")),
        role=RoleChoice(kind=kind or RoleKind.NEW, name=role.get("name", "")),
        rule_id=sections.get("rule", {}).get("id", ""),
    )
    return PlanFile(plan, Quotas(prefix_limit=quota))


def dump_plan(plan: ReplicationPlan, quotas: Quotas | None = None) -> str:
    """The plan as plan-file TOML; ``parse_plan(dump_plan(p)).plan == p`` for a filter-consistent plan."""
    data: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "source": {"bucket": plan.source_bucket, "region": plan.source_region},
        "destination": {"bucket": plan.destination_bucket},
        "objects": {
            "prefixes": list(plan.prefixes),
            "tag_match": plan.tag_filter.match.value,
            "tags": [{"key": t.key, "value": t.value} for t in plan.tag_filter.tags],
        },
        "sync": {"deletes": plan.delete_mode is DeleteMode.ALL, "historical": plan.historical},
        "kms": {"replicate": plan.kms.replicate, "cmk_id": plan.kms.cmk_id},
        "role": {"kind": plan.role.kind.value, "name": plan.role.name},
    }
    if plan.destination_region:
        data["destination"]["region"] = plan.destination_region
    if plan.rule_id:
        data["rule"] = {"id": plan.rule_id}
    if quotas and quotas.prefix_limit != Quotas().prefix_limit:
        data["quotas"] = {"prefixes": quotas.prefix_limit}
    return "# srrtui replication plan (see `srrtui plan check`)\n" + tomli_w.dumps(data)
