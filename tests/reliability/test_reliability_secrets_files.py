"""No planted secret is in a file under tests/: this suite's values in none at all (they exist
only at run time), and the literal secrets other tests plant in no snapshot or golden file."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from reliability_secrets import assert_clean

TESTS = Path(__file__).resolve().parents[1]


def _test_secrets() -> dict[str, str]:
    """Every string literal a test module assigns to a *SECRET*, *TOKEN* or *PASSPHRASE* name
    (what the tests plant and then look for), read from the sources so new ones are included."""
    found: dict[str, str] = {}
    for path in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Assign):
                continue
            for target in node.targets:
                names = target.elts if isinstance(target, ast.Tuple) else [target]
                values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                for name, value in zip(names, values, strict=False):
                    if (
                        isinstance(name, ast.Name)
                        and re.search(r"SECRET|TOKEN|PASSPHRASE", name.id)
                        and isinstance(value, ast.Constant)
                        and isinstance(value.value, str)
                        and len(value.value) >= 8
                    ):
                        found[f"{path.relative_to(TESTS)}:{name.id}"] = value.value
    return found


def test_no_test_secret_is_in_a_snapshot_or_golden_file() -> None:
    secrets = _test_secrets()
    assert len(secrets) >= 5, secrets  # the collection found the planted values
    stored = [
        p
        for p in TESTS.rglob("*")
        if p.is_file() and ({"__snapshots__", "golden"} & set(p.relative_to(TESTS).parts))
    ]
    assert stored
    for path in stored:
        text = path.read_bytes().decode("utf-8", "replace")
        for where, value in secrets.items():
            assert value not in text, f"{where} is in {path.relative_to(TESTS)}"


def test_this_suites_values_were_written_to_no_file_under_tests() -> None:
    for path in TESTS.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            text = path.read_bytes().decode("utf-8", "replace")
            assert_clean(text)
