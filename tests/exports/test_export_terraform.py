"""The Terraform export parses with python-hcl2, and every resource type, argument, block and
import id in it is checked against alicloud_schema.json, transcribed from the provider's source
(the file and version are named inside it). Losses are refused with exit 3 unless --allow-lossy.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import hcl2
import pytest
from hcl2 import SerializationOptions

from srrtui.cli import main
from srrtui.domain.exports import adopting_plan, terraform_config
from srrtui.domain.plan import (
    KmsChoice,
    ReplicationPlan,
    RoleChoice,
    RoleKind,
    Tag,
    TagFilter,
)
from srrtui.domain.planfile import dump_plan

SCHEMA = json.loads((Path(__file__).parent / "alicloud_schema.json").read_text())
OPTIONS = SerializationOptions(strip_string_quotes=True, with_comments=False)
REFERENCE = re.compile(r"^\$\{(?P<path>[a-z0-9_.\[\]]+)\}$")

BASE = ReplicationPlan(
    source_bucket="tf-src", source_region="cn-beijing", destination_bucket="tf-dst"
)
PLANS = {
    "new": BASE,
    "new-kms-prefixes": replace(
        BASE,
        prefixes=tuple(f"p{i}/" for i in range(12)),
        kms=KmsChoice(True, "alias/replicas"),
    ),
    "aliyun-oss-role": replace(BASE, role=RoleChoice(RoleKind.ALIYUN_OSS_ROLE)),
    "custom-kms": replace(
        BASE, role=RoleChoice(RoleKind.CUSTOM, "team.role-1"), kms=KmsChoice(True, "k-1")
    ),
}


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def parse(text: str) -> dict[str, Any]:
    return hcl2.loads(text, serialization_options=OPTIONS)


def heredoc(value: str) -> str:
    """The text of an indented heredoc as Terraform reads it: ``<<-`` strips the common
    leading whitespace; ``$${`` and ``%%{`` are literal ``${`` and ``%{``."""
    first, *lines, last = value.split("\n")
    assert first == "<<-EOT" and last.strip() == "EOT", value
    return textwrap.dedent("\n".join(lines)).replace("$${", "${").replace("%%{", "%{")


def blocks_of(parsed: dict[str, Any], kind: str) -> dict[tuple[str, str], dict[str, Any]]:
    """``resource`` / ``data`` blocks as {(type, name): body}."""
    found = {}
    for entry in parsed.get(kind, []):
        for type_, named in entry.items():
            for name, body in named.items():
                found[(type_, name)] = body
    return found


def check_body(
    body: dict[str, Any], schema: dict[str, Any], where: str, used: list[str]
) -> list[str]:
    """Problems of one block body against its schema; ``used`` collects the versions needed."""
    problems = []
    attributes, blocks = schema.get("attributes", {}), schema.get("blocks", {})
    for name, value in body.items():
        if name.startswith("__") or name in SCHEMA["meta_arguments"]:
            continue
        if name in blocks:
            spec = blocks[name]
            used.append(spec.get("since", "0.0.0"))
            instances = value if isinstance(value, list) else [value]
            if len(instances) > spec.get("max_items", len(instances)):
                problems.append(f"{where}.{name}: more than {spec['max_items']} blocks")
            for instance in instances:
                if not (isinstance(instance, dict) and instance.get("__is_block__")):
                    problems.append(f"{where}.{name} must be a block, not an attribute")
                    continue
                problems += check_body(instance, spec, f"{where}.{name}", used)
            continue
        spec = attributes.get(name)
        if spec is None:
            problems.append(f"{where}.{name}: no such argument")
            continue
        used.append(spec.get("since", "0.0.0"))
        if not (spec.get("required") or spec.get("optional")):
            problems.append(f"{where}.{name}: computed, cannot be set")
        if spec.get("deprecated"):
            problems.append(f"{where}.{name}: deprecated")
        for other in spec.get("conflicts", []):
            if other in body:
                problems.append(f"{where}.{name} conflicts with {other}")
        literal = isinstance(value, str) and not REFERENCE.match(value)
        if spec["type"] == "string" and not isinstance(value, str):
            problems.append(f"{where}.{name}: not a string")
        if spec["type"] == "list(string)":
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                problems.append(f"{where}.{name}: not a list of strings")
            cap = spec.get("max_items_until")
            if cap and len(value) > cap["max_items"]:
                used.append(cap["version"])
        if literal and "enum" in spec and value not in spec["enum"]:
            problems.append(f"{where}.{name}: {value!r} not in {spec['enum']}")
        if literal and spec.get("json"):
            try:
                json.loads(heredoc(value))
            except ValueError as error:
                problems.append(f"{where}.{name}: not JSON ({error})")
    for name, spec in attributes.items():
        if spec.get("required") and name not in body:
            problems.append(f"{where}.{name}: required")
    for name, spec in blocks.items():
        if spec.get("required") and name not in body:
            problems.append(f"{where}.{name}: required block")
    return problems


def resolve(parsed: dict[str, Any], value: str) -> str:
    """A literal, or the literal a reference ``${type.name.attribute}`` points at."""
    found = REFERENCE.match(value)
    if not found:
        return value
    type_, name, attribute = found.group("path").split(".")
    return resolve(parsed, blocks_of(parsed, "resource")[(type_, name)][attribute])


def import_id(parsed: dict[str, Any], type_: str, body: dict[str, Any]) -> str:
    """The id the schema's ``import_id`` pattern gives for a resource body."""
    pattern = SCHEMA["resource"][type_]["import_id"]
    values = {**body, "rule_id": "RULE"}
    return re.sub(r"<([a-z_]+)>", lambda m: resolve(parsed, values[m.group(1)]), pattern)


@pytest.mark.parametrize("name", sorted(PLANS))
@pytest.mark.parametrize("adopt", [False, True], ids=["fresh", "import"])
def test_export_matches_the_transcribed_provider_schema(name: str, adopt: bool) -> None:
    plan = PLANS[name]
    text = terraform_config(plan, import_rule_id="RULE" if adopt else "").text
    parsed = parse(text)
    problems: list[str] = []
    used: list[str] = []
    declared = set()
    for kind in ("resource", "data"):
        for (type_, local), body in blocks_of(parsed, kind).items():
            schema = SCHEMA[kind].get(type_)
            if schema is None:
                problems.append(f"{kind} {type_}: not in the provider")
                continue
            used.append(schema["since"])
            declared.add(f"{type_}.{local}" if kind == "resource" else f"data.{type_}.{local}")
            problems += check_body(body, schema, f"{type_}.{local}", used)
    assert problems == []
    # required_providers names the provider and exactly the version everything used needs.
    ((provider,),) = [block["required_providers"] for block in parsed["terraform"]]
    assert provider["alicloud"]["source"] == "aliyun/alicloud"
    assert provider["alicloud"]["version"] == f">= {max(used, key=version)}"
    assert parsed["provider"] == [{"alicloud": {"region": "cn-beijing", "__is_block__": True}}]
    # Every reference points at something declared.
    for reference in re.findall(r"\$\{([a-z0-9_.\[\]]+)\}", json.dumps(parsed)):
        address = re.sub(r"\.(role_name|policy_name|names\[0\])$", "", reference)
        assert address in declared, reference
    rules = blocks_of(parsed, "resource")
    (rule,) = [
        body for (type_, _), body in rules.items() if type_ == "alicloud_oss_bucket_replication"
    ]
    if plan.role.kind is RoleKind.NEW:
        assert rule["sync_role"] == "${alicloud_ram_role.replication.role_name}"
        role = rules[("alicloud_ram_role", "replication")]
        assert json.loads(heredoc(role["assume_role_policy_document"]))["Statement"][0][
            "Principal"
        ] == {"Service": ["oss.aliyuncs.com"]}
        statements = json.loads(
            heredoc(rules[("alicloud_ram_policy", "replication")]["policy_document"])
        )
        kms = [s for s in statements["Statement"] if s["Action"][0].startswith("kms:")]
        assert bool(kms) == plan.kms.replicate
    else:
        assert rule["sync_role"] == "${data.alicloud_ram_roles.sync_role.names[0]}"
        assert not [t for t, _ in rules if t.startswith("alicloud_ram")]  # nothing created
        (lookup,) = blocks_of(parsed, "data").values()
        assert re.fullmatch(lookup["name_regex"], plan.sync_role_name)
    imports = parsed.get("import", [])
    if not adopt:
        assert imports == [] and "required_version" not in parsed["terraform"][0]
        return
    assert parsed["terraform"][0]["required_version"] == ">= 1.5.0"
    expected = {
        f"{type_}.{local}": import_id(parsed, type_, body) for (type_, local), body in rules.items()
    }
    assert {block["to"].strip("${}"): block["id"] for block in imports} == expected
    assert expected[next(a for a in expected if "bucket_replication" in a)] == "tf-src:RULE"


def test_a_watch_export_of_an_srrtui_role_imports_role_policy_and_attachment() -> None:
    created = replace(BASE, role=RoleChoice(RoleKind.CUSTOM, BASE.sync_role_name), rule_id="r9")
    plan = adopting_plan(created)
    assert plan.role.kind is RoleKind.NEW and plan.sync_role_name == BASE.sync_role_name
    text = terraform_config(plan, import_rule_id="r9").text
    ids = [block["id"] for block in parse(text)["import"]]
    assert ids == [
        "tf-src:r9",
        BASE.sync_role_name,
        BASE.new_policy_name,
        f"role:{BASE.new_policy_name}:Custom:{BASE.sync_role_name}",
    ]
    other = replace(BASE, role=RoleChoice(RoleKind.CUSTOM, "team-role"))
    assert adopting_plan(other) == other


def test_strings_are_escaped_and_never_interpolate() -> None:
    plan = replace(BASE, prefixes=("back\\slash/", "new\nline/", "%{if}/", 'q"${x}/'))
    text = terraform_config(plan).text
    assert r'["back\\slash/", "new\nline/", "%%{if}/", "q\"$${x}/"]' in text
    parsed = parse(text)
    (rule,) = [
        b for (t, _), b in blocks_of(parsed, "resource").items() if t.endswith("replication")
    ]
    assert rule["prefix_set"][0]["prefixes"][2] == "%%{if}/"  # hcl2 keeps the escape as written


# -- losses -------------------------------------------------------------------------------------
TAGGED = replace(BASE, tag_filter=TagFilter(tags=(Tag("env", "prod"),)))


def test_the_tag_filter_is_a_loss_named_at_the_top_of_the_file() -> None:
    export = terraform_config(TAGGED)
    assert (
        len(export.losses) == 1 and "object-tag filter (match all of env=prod)" in export.losses[0]
    )
    head = export.text.split("terraform {")[0]
    assert "# NOT EXPRESSED: the object-tag filter (match all of env=prod)" in head
    assert terraform_config(BASE).losses == ()


def test_a_rule_id_is_lost_unless_the_rule_is_imported() -> None:
    plan = replace(BASE, rule_id="mine")
    assert "rule ID 'mine'" in terraform_config(plan).losses[0]
    assert terraform_config(plan, import_rule_id="mine").losses == ()


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(dump_plan(TAGGED), encoding="utf-8")
    return path


def test_render_refuses_a_lossy_export_with_exit_3(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "render", str(plan_file), "--as", "terraform"]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert "error: the terraform export cannot express the object-tag filter" in err
    assert "--allow-lossy" in err


def test_allow_lossy_prints_the_file_and_still_names_the_loss(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "render", str(plan_file), "--as", "terraform", "--allow-lossy"]) == 0
    out, err = capsys.readouterr()
    assert out == terraform_config(TAGGED).text
    assert "warning: the terraform export cannot express the object-tag filter" in err


def test_render_import_adds_import_blocks(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file.write_text(dump_plan(BASE), encoding="utf-8")
    assert main(["plan", "render", str(plan_file), "--as", "terraform", "--import", "abc"]) == 0
    assert {b["id"] for b in parse(capsys.readouterr().out)["import"]} >= {"tf-src:abc"}
    assert main(["plan", "render", str(plan_file), "--as", "python", "--import", "abc"]) == 2
    assert "--import is for --as terraform" in capsys.readouterr().err


def test_the_schema_check_catches_what_the_provider_would_refuse() -> None:
    """The checker is not vacuous: a renamed argument, a deprecated one, a computed one, a
    second destination block and a bad enum value are each reported."""
    text = terraform_config(BASE).text
    schema = SCHEMA["resource"]
    cases = {
        "historical_object_replication =": "historical_replication =",
        "  role_name   =": "  name        =",
        'action                        = "PUT"': 'rule_id = "x"\n  action = "PUT"',
        "  destination {": '  destination {\n    bucket = "a"\n    location = "b"\n  }\n  destination {',
        '"Custom"': '"Managed"',
    }
    for old, new in cases.items():
        assert old in text, old
        parsed = parse(text.replace(old, new, 1))
        problems: list[str] = []
        for (type_, local), body in blocks_of(parsed, "resource").items():
            problems += check_body(body, schema[type_], f"{type_}.{local}", [])
        assert problems, f"{old!r} -> {new!r} went unnoticed"
