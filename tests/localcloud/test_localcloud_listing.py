"""ListObjects and ListObjectsV2 through oss2: prefixes, delimiters, paging, URL encoding."""

from __future__ import annotations

import oss2
import pytest

KEYS = [
    "a.txt",
    "docs/2024/q1.pdf",
    "docs/2024/q2.pdf",
    "docs/2025/q1.pdf",
    "docs/readme.md",
    "logs/app 1.log",
    "logs/app+2.log",
    "photos/ü.jpg",
    "z.txt",
]


@pytest.fixture
def filled(oss_bucket):  # noqa: ANN201 - an oss2.Bucket
    b = oss_bucket("listing-bucket")
    for key in reversed(KEYS):  # insertion order must not matter
        b.put_object(key, b"x")
    return b


def test_list_objects_all_and_prefix(filled) -> None:
    result = filled.list_objects(max_keys=100)
    assert [o.key for o in result.object_list] == KEYS
    assert result.is_truncated is False
    assert all(
        o.size == 1 and o.type == "Normal" and o.owner is not None for o in result.object_list
    )
    assert [o.key for o in filled.list_objects(prefix="docs/2024/").object_list] == KEYS[1:3]


def test_delimiter_rolls_up_common_prefixes(filled) -> None:
    top = filled.list_objects(delimiter="/")
    assert [o.key for o in top.object_list] == ["a.txt", "z.txt"]
    assert top.prefix_list == ["docs/", "logs/", "photos/"]
    docs = filled.list_objects(prefix="docs/", delimiter="/")
    assert [o.key for o in docs.object_list] == ["docs/readme.md"]
    assert docs.prefix_list == ["docs/2024/", "docs/2025/"]
    v2 = filled.list_objects_v2(prefix="docs/", delimiter="/")
    assert v2.prefix_list == ["docs/2024/", "docs/2025/"]


def test_paging_v1_with_marker_and_delimiter(filled) -> None:
    first = filled.list_objects(delimiter="/", max_keys=2)
    assert ([o.key for o in first.object_list], first.prefix_list) == (["a.txt"], ["docs/"])
    assert first.is_truncated and first.next_marker == "docs/"
    second = filled.list_objects(delimiter="/", marker=first.next_marker, max_keys=2)
    assert second.prefix_list == ["logs/", "photos/"]
    walked = [o.key for o in oss2.ObjectIterator(filled, delimiter="/", max_keys=1)]
    assert walked == ["a.txt", "docs/", "logs/", "photos/", "z.txt"]
    assert [o.key for o in oss2.ObjectIterator(filled, max_keys=2)] == KEYS


def test_paging_v2_tokens_start_after_and_owner(filled) -> None:
    page = filled.list_objects_v2(max_keys=4)
    assert [o.key for o in page.object_list] == KEYS[:4]
    assert page.is_truncated and page.next_continuation_token
    assert all(o.owner is None for o in page.object_list)  # fetch-owner defaults to false
    rest = filled.list_objects_v2(continuation_token=page.next_continuation_token, max_keys=100)
    assert [o.key for o in rest.object_list] == KEYS[4:]
    after = filled.list_objects_v2(start_after="logs/app 1.log", fetch_owner=True)
    assert [o.key for o in after.object_list] == KEYS[6:]
    assert after.object_list[0].owner.id
    assert [o.key for o in oss2.ObjectIteratorV2(filled, max_keys=3)] == KEYS


def test_bad_max_keys_is_invalid_argument(filled) -> None:
    with pytest.raises(oss2.exceptions.ServerError) as info:
        filled.list_objects(max_keys=1001)
    assert (info.value.status, info.value.code) == (400, "InvalidArgument")
