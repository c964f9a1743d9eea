"""A corpus of bad plan files: each case names the field its message must point at.

Built from one valid plan by single mutations, so every case fails for exactly the reason it
describes. Used by the reliability tests for ``srrtui plan check`` and ``srrtui apply``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

BASE: dict[str, dict[str, object]] = {
    "source": {"bucket": "src-bucket", "region": "cn-hangzhou"},
    "destination": {"bucket": "dest-bucket"},
    "objects": {"prefixes": ["images/"], "tag_match": "all", "tags": []},
    "sync": {"deletes": False, "historical": True},
    "kms": {"replicate": False, "cmk_id": ""},
    "role": {"kind": "new", "name": ""},
}


@dataclass(frozen=True)
class BadPlan:
    name: str
    text: str
    field: str  # the field (prefix) the first matching message must name


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        # JSON string escapes are TOML basic-string escapes, except that TOML also wants DEL
        # escaped.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    return str(value)


def render(sections: dict[str, dict[str, object]], head: str = "version = 1\n") -> str:
    lines = [head.rstrip("\n")] if head else []
    for section, table in sections.items():
        lines.append(f"[{section}]")
        lines.extend(f"{key} = {_value(value)}" for key, value in table.items())
    return "\n".join(lines) + "\n"


def _with(section: str, **values: object) -> dict[str, dict[str, object]]:
    sections = {name: dict(table) for name, table in BASE.items()}
    sections[section].update(values)
    return sections


def _cases() -> list[BadPlan]:
    cases: list[BadPlan] = []

    def add(case: str, field: str, section: str, /, **values: object) -> None:
        cases.append(BadPlan(case, render(_with(section, **values)), field))

    bad_buckets = [
        "",
        "a",
        "ab",
        "x" * 64,
        "UPPER",
        "Mixed-Case",
        "-start",
        "end-",
        "under_score",
        "dot.ted",
        "sp ace",
        "emoji-😀",
        "slash/bucket",
        "tab\tbucket",
        "ümlaut",
        "semi;colon",
        "a*b",
        "quote'd",
    ]
    for bucket in bad_buckets:
        add(f"source bucket {bucket!r}", "source.bucket", "source", bucket=bucket)
        add(f"destination bucket {bucket!r}", "destination.bucket", "destination", bucket=bucket)
    add("destination is the source", "destination.bucket", "destination", bucket="src-bucket")
    for region in ["", "oss-cn-hangzhou", "Hangzhou", "cn", "cn_hangzhou", "CN-HANGZHOU", "cn-"]:
        add(f"source region {region!r}", "source.region", "source", region=region)
    for region in ["cn-shanghai", "ap-southeast-1", "us-west-1"]:
        add(f"destination region {region}", "destination.region", "destination", region=region)

    bad_prefixes = {
        "empty prefix": [""],
        "one space": [" "],
        "only spaces": ["   "],
        "only spaces after a good one": ["images/", "  "],
        "leading slash": ["/images/"],
        "leading backslash": ["\\images"],
        "newline": ["a\nb/"],
        "NUL-free control char": ["a\x01b"],
        "DEL char": ["a\x7fb"],
        "too long ascii": ["p" * 1024],
        "too long utf-8": ["é" * 600],
        "duplicate": ["a/", "a/"],
        "overlapping (EC 0031-00000019)": ["logs/", "logs/2024/"],
        "eleven prefixes": [f"p{i}/" for i in range(11)],
        "fifty prefixes": [f"p{i}/" for i in range(50)],
    }
    for name, prefixes in bad_prefixes.items():
        field = "objects.prefixes" if "prefixes" in name else "objects.prefixes["
        add(f"prefixes: {name}", field, "objects", prefixes=prefixes)

    def tags(*pairs: tuple[str, str]) -> list[dict[str, str]]:
        return [{"key": k, "value": v} for k, v in pairs]

    bad_tags = {
        "empty key": tags(("", "v")),
        "long key": tags(("k" * 129, "v")),
        "long value": tags(("k", "v" * 257)),
        "bad key char": tags(("k@y", "v")),
        "bad value char": tags(("k", "v#1")),
        "key with newline": tags(("k\n", "v")),
        "duplicate tag": tags(("a", "1"), ("a", "1")),
        # tag_match is "all": an object has one value per key, so this matches nothing.
        "one key, two values": tags(("env", "prod"), ("env", "dev")),
        "eleven tags": tags(*((f"k{i}", "v") for i in range(11))),
        "value with emoji": tags(("k", "😀")),
        "key with quote": tags(('k"', "v")),
    }
    for name, value in bad_tags.items():
        add(f"tags: {name}", "objects.tags", "objects", tags=value)
    cases.append(
        BadPlan(
            "tags with delete replication",
            render(
                {
                    **_with("objects", tags=tags(("env", "prod"))),
                    "sync": {"deletes": True, "historical": True},
                }
            ),
            "objects.tags",
        )
    )
    for region in ["cn-zhangjiakou", "cn-zhongwei", "na-south-1", "cn-shenzhen-finance-1"]:
        sections = _with("objects", tags=tags(("env", "prod")))
        sections["source"] = {"bucket": "src-bucket", "region": region}
        cases.append(BadPlan(f"tags in {region}", render(sections), "objects.tags"))
    for match in ["every", "ALL", "and", "", "or"]:
        add(f"tag_match {match!r}", "objects.tag_match", "objects", tag_match=match)

    for cmk in [
        "",
        "not a key!",
        "key id",
        "alias/",
        "acs:kms:bad",
        "ключ",
        "acs:kms:cn-shanghai:123:key/abc",  # a well-formed ARN, but not in cn-hangzhou
    ]:
        add(f"kms cmk {cmk!r}", "kms.cmk_id", "kms", replicate=True, cmk_id=cmk)

    for name in [
        "",
        "r" * 65,
        "bad name",
        "role/slash",
        "role_underscore",
        "AliyunOSSRole",
        "ロール",
    ]:
        add(f"custom role {name!r}", "role.name", "role", kind="custom", name=name)
    for kind in ["admin", "", "NEW", "aliyunossrole", "custom-role"]:
        add(f"role kind {kind!r}", "role.kind", "role", kind=kind)
    add("new role with a bad override", "role.name", "role", kind="new", name="bad name")

    wrong_types = [
        ("source", "bucket", 42),
        ("source", "bucket", True),
        ("source", "region", 1.5),
        ("source", "region", ["cn-hangzhou"]),
        ("destination", "bucket", []),
        ("destination", "region", 7),
        ("objects", "prefixes", "images/"),
        ("objects", "prefixes", [1]),
        ("objects", "prefixes", [["a"]]),
        ("objects", "tags", "env=prod"),
        ("objects", "tags", ["env=prod"]),
        ("objects", "tags", [{"key": "k"}]),
        ("objects", "tags", [{"key": 1, "value": "v"}]),
        ("objects", "tags", [{"key": "k", "value": 2}]),
        ("objects", "tags", [{"key": "k", "value": "v", "colour": "red"}]),
        ("objects", "tag_match", 1),
        ("sync", "deletes", "yes"),
        ("sync", "deletes", 1),
        ("sync", "historical", "true"),
        ("sync", "historical", 0),
        ("kms", "replicate", "no"),
        ("kms", "cmk_id", 1234),
        ("role", "kind", 1),
        ("role", "name", False),
    ]
    for section, key, value in wrong_types:
        add(f"{section}.{key} = {value!r}", f"{section}.{key}", section, **{key: value})
    for section, key in [
        ("source", "bucket_name"),
        ("destination", "regoin"),
        ("objects", "prefix"),
        ("sync", "delete"),
        ("kms", "key"),
        ("role", "arn"),
    ]:
        add(f"unknown key {section}.{key}", f"{section}.{key}", section, **{key: "x"})

    base = render(BASE)
    raw = {
        "unknown section": (base + "[extra]\nx = 1\n", "extra"),
        "section not a table": ('version = 1\nsource = "src-bucket"\n', "source"),
        "missing version": (render(BASE, head=""), "version"),
        "version 2": (render(BASE, head="version = 2\n"), "version"),
        "version string": (render(BASE, head='version = "1"\n'), "version"),
        "version float": (render(BASE, head="version = 1.0\n"), "version"),
        "version bool": (render(BASE, head="version = true\n"), "version"),
        "unclosed table header": ("version = 1\n[source\nbucket = 'a'\n", "toml"),
        "unclosed string": ('version = 1\n[source]\nbucket = "abc\n', "toml"),
        "duplicate key": ('version = 1\n[source]\nbucket = "a-b"\nbucket = "c-d"\n', "toml"),
        "duplicate table": (base + "[source]\nbucket = 'x'\n", "toml"),
        "bare word value": ("version = 1\n[source]\nbucket = src-bucket\n", "toml"),
        "json instead of toml": ('{"version": 1}', "toml"),
        "yaml instead of toml": ("version: 1\nsource:\n  bucket: a\n", "toml"),
        "trailing comma in array": ("version = 1\n[objects]\nprefixes = ['a/',,]\n", "toml"),
        "invalid escape": ('version = 1\n[source]\nbucket = "a\\qb"\n', "toml"),
        "quotas too high": (base + "[quotas]\nprefixes = 1000\n", "quotas.prefixes"),
        "quotas zero": (base + "[quotas]\nprefixes = 0\n", "quotas.prefixes"),
        "quotas string": (base + "[quotas]\nprefixes = '10'\n", "quotas.prefixes"),
        "rule id control char": (base + '[rule]\nid = "a\\u0001b"\n', "rule_id"),
        "rule id too long": (base + f'[rule]\nid = "{"r" * 256}"\n', "rule_id"),
        "rule unknown key": (base + '[rule]\nname = "r"\n', "rule.name"),
        "rule id not a string": (base + "[rule]\nid = 5\n", "rule.id"),
        "prefixes as a table": (
            base.replace('prefixes = ["images/"]', "prefixes = { a = 1 }"),
            "objects.prefixes",
        ),
        "empty file": ("", "version"),
        "binary junk": ("\x00\x01\x02", "toml"),
        "only a comment": ("# nothing here\n", "version"),
        "quotas unknown key": (base + "[quotas]\nrules = 5\n", "quotas.rules"),
    }
    for name, (text, field) in raw.items():
        cases.append(BadPlan(name, text, field))
    return cases


BAD_PLANS: list[BadPlan] = _cases()
