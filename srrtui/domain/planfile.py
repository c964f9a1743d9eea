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
from srrtui.domain.words.translate import N_, _, listing

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
_TYPE_NAMES = {
    str: N_("a string"),
    bool: N_("true or false"),
    int: N_("an integer"),
    list: N_("a list"),
}
_VALUE_KINDS = {
    str: N_("a string"),
    bool: N_("a boolean"),
    int: N_("an integer"),
    float: N_("a number"),
    list: N_("a list"),
    dict: N_("a table"),
}


def _describe(value: object) -> str:
    kind = _VALUE_KINDS.get(type(value))
    return _(kind) if kind else type(value).__name__


def _expected(want: str, value: object) -> str:
    """ "expected a string, got a list": ``want`` already in the language shown."""
    return _("expected {want}, got {got}").format(want=want, got=_describe(value))


def parse_plan(text: str) -> PlanFile:
    """Parse plan-file text. Raises PlanFileError with every problem found."""
    try:
        return _parse_plan(text)
    except RecursionError:  # tomllib (and our checks) recurse per level of nesting
        raise PlanFileError(
            [("toml", _("arrays or tables nested too deeply to be a plan"))]
        ) from None


def _parse_plan(text: str) -> PlanFile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The message carries "(at line L, column C)"; it is tomllib's, in English.
        raise PlanFileError([("toml", _("not valid TOML: {error}").format(error=exc))]) from None
    problems: list[tuple[str, str]] = []
    version = data.pop("version", None)
    if version is None:
        problems.append(
            (
                "version",
                _("missing; add `version = {version}` at the top").format(version=FORMAT_VERSION),
            )
        )
    elif type(version) is not int or version != FORMAT_VERSION:
        problems.append(
            (
                "version",
                _("unsupported version {found}; this srrtui reads {version}").format(
                    found=repr(version), version=FORMAT_VERSION
                ),
            )
        )
    sections: dict[str, dict[str, Any]] = {}
    for name, value in data.items():
        if name not in _SCHEMA:
            problems.append((name, _unknown_key(_SCHEMA)))
        elif not isinstance(value, dict):
            problems.append((name, _expected(_("a table [{name}]").format(name=name), value)))
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
            problems.append((path, _unknown_key(_SCHEMA[name])))
        elif type(value) is not expected:  # bool is an int subclass: compare types exactly
            want = _(_TYPE_NAMES[expected])  # type: ignore[index]
            problems.append((path, _expected(want, value)))
        else:
            checked[key] = value
    return checked


def _unknown_key(expected: dict[str, Any]) -> str:
    return _("unknown key; expected one of: {keys}").format(keys=listing(list(expected)))


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
        problems.append(
            (path, _("{value} is not one of {choices}").format(value=repr(value), choices=choices))
        )
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
            problems.append((f"objects.prefixes[{index}]", _expected(_("a string"), item)))

    tags: list[Tag] = []
    for index, item in enumerate(objects.get("tags", [])):
        path = f"objects.tags[{index}]"
        if not isinstance(item, dict):
            problems.append((path, _expected('{ key = "...", value = "..." }', item)))
            continue
        unknown = set(item) - {"key", "value"}
        for key in sorted(unknown):
            problems.append((f"{path}.{key}", _("unknown key; a tag has only key and value")))
        for key in ("key", "value"):
            if key not in item:
                problems.append((f"{path}.{key}", _("missing")))
            elif not isinstance(item[key], str):
                problems.append((f"{path}.{key}", _expected(_("a string"), item[key])))
        if isinstance(item.get("key"), str) and isinstance(item.get("value"), str):
            tags.append(Tag(item["key"], item["value"]))

    match = _enum(
        "objects.tag_match",
        objects.get("tag_match", "all"),
        TagMatch,
        _('"all" or "any"'),
        problems,
    )
    kind = _enum(
        "role.kind",
        role.get("kind", "new"),
        RoleKind,
        _('"new", "aliyun-oss-role" or "custom"'),
        problems,
    )

    quota = sections.get("quotas", {}).get("prefixes", Quotas().prefix_limit)
    if not 1 <= quota <= RAISED_PREFIX_LIMIT:
        problems.append(
            (
                "quotas.prefixes",
                _("must be 1..{limit} ({usual} unless support raised it)").format(
                    limit=RAISED_PREFIX_LIMIT, usual=Quotas().prefix_limit
                ),
            )
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
