"""Every ``--json`` output checked against the schema that ships for its command
(``srrtui/assets/schemas/<name>.schema.json``, docs/json.md)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema

from srrtui.paths import asset


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(asset(f"schemas/{name}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def valid(name: str, value: Any, kind: str | None = None) -> Any:
    """``value`` checked against the whole schema of ``name`` and, given ``kind``, its
    ``$defs/<kind>`` alone (so a value cannot pass as the other shape)."""
    whole = schema(name)
    jsonschema.validate(value, whole, cls=jsonschema.Draft202012Validator)
    if kind is not None:
        part = {"$defs": whole["$defs"], "$ref": f"#/$defs/{kind}"}
        jsonschema.validate(value, part, cls=jsonschema.Draft202012Validator)
    return value


def lines(text: str, name: str) -> list[dict[str, Any]]:
    """JSON Lines output, every line an ``event`` of ``name``'s schema."""
    return [valid(name, json.loads(line), "event") for line in text.splitlines() if line.strip()]
