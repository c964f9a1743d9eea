"""Finds English sentences left in text meant to be Chinese (the Chinese screens and command
output). Three Latin words in a row make a sentence; names stay as they are (glossary-zh.md):
bucket names and region ids are single tokens, and ``ALLOWED`` lists the names and commands
shown with spaces."""

from __future__ import annotations

import re

ALLOWED = [
    r"aliyun CLI \+ ossutil",
    r"srrtui watch [\w-]+ [\w-]+",  # a command to type
]
# Words of two letters or more: the footer's keys (x XML e 导出) are single letters.
SENTENCE = re.compile(r"\b[A-Za-z][A-Za-z'’]+(?:,? [A-Za-z][A-Za-z'’]+\b){2,}")


def english_sentences(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """The English sentences in ``text``, after removing what ``ALLOWED`` and ``allowed``
    (more patterns, for one test) match."""
    for pattern in (*ALLOWED, *allowed):
        text = re.sub(pattern, " ", text)
    return [match.group(0) for match in SENTENCE.finditer(text)]
