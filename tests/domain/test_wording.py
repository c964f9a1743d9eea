"""The plural helper: counts the screens and commands know are said in the right number."""

from __future__ import annotations

import pytest

from srrtui.domain.words.counts import plural


@pytest.mark.parametrize(
    ("count", "noun", "many", "expected"),
    [
        (0, "bucket", None, "0 buckets"),
        (1, "bucket", None, "1 bucket"),
        (2, "usable key", None, "2 usable keys"),
        (1, "policy", "policies", "1 policy"),
        (3, "policy", "policies", "3 policies"),
        (1222, "object", None, "1,222 objects"),
    ],
)
def test_plural(count: int, noun: str, many: str | None, expected: str) -> None:
    assert plural(count, noun, many) == expected
