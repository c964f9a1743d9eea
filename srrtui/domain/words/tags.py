"""One tag in words, for messages and the review."""

from __future__ import annotations

from srrtui.domain.plan import Tag


def tag_words(tag: Tag) -> str:
    """``key=value``; the key quoted when it holds '=' itself, and an empty value named.

    '=' is legal in a key, so plain ``key=value`` is ambiguous then: key 'env=prod' with no
    value would read ``env=prod=``, and key 'a=b', value 'c' the same as key 'a', value 'b=c'.
    """
    if "=" not in tag.key:
        return str(tag)
    return f"{tag.key!r}={tag.value or '(empty)'}"
