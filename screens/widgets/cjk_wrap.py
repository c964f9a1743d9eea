"""Line breaks for Chinese text. Textual wraps at spaces only (its Content wraps with
``rich._wrap.divide_line``, whose word is ``\\s*\\S+\\s*``; ``textual._wrap`` has the same rule),
so a run of Chinese, which has no spaces, was one long "word": moved whole to the next line
after "源 Bucket", leaving the line before it half empty. Chinese may break between any two
characters, except that closing punctuation (，。）…) never starts a line and opening punctuation
(（《“…) never ends one (the ZHMARK rules, as in UAX #14). Text without Chinese is divided
exactly as before, so English layout does not change (tests/wizard/test_chinese.py).

A word wider than the line (a 52-character role name before "：") is folded by cells; the fold
keeps the same rule: a closing mark that would start the next line takes the character before
it along."""

from __future__ import annotations

import re

from rich.cells import chop_cells

# CJK radicals .. unified ideographs, compatibility ideographs, CJK symbols and punctuation,
# full-width forms.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CLOSE = "，。、；：？！）》」』】〕…”’"
_OPEN = "（《「『【〔“‘"
_UNIT = rf"[{_OPEN}]*[{_WIDE}][{_CLOSE}]*|[^\s{_WIDE}]+[{_CLOSE}]*"
# rich._wrap.words: a word with the spaces around it.
WORD = re.compile(rf"\s*(?:{_UNIT})\s*")
# textual._wrap.chunks: a word with the spaces after it, or spaces.
CHUNK = re.compile(
    rf"[{_OPEN}]*[{_WIDE}][{_CLOSE}]*\s*"  # one Chinese character with its punctuation
    rf"|[^\s{_WIDE}]+[{_CLOSE}]*\s*"  # a Latin word (and the Chinese comma after it)
    r"|\s+"
)


def fold(text: str, width: int, unicode_version: str = "auto") -> list[str]:
    """``text`` (a word) cut into lines of ``width`` cells, no line but the first starting with a
    closing mark (a word's closing marks are at its end: only its last line can start so).
    ``unicode_version`` only matches rich 15's signature: divide_line never passes it, and
    rich 14 (which textual 8.2 allows) has no such argument."""
    lines = chop_cells(text, width)
    for index in range(1, len(lines)):
        before, line = lines[index - 1], lines[index]
        if line and line[0] in _CLOSE and len(before) > 1:
            lines[index - 1], lines[index] = before[:-1], before[-1] + line
    return lines


def install() -> None:
    """Wrap with these words and fold (rich's divide_line reads its pattern and chop_cells, and
    textual's chunks() its pattern, from their modules at each call)."""
    import rich._wrap
    import textual._wrap

    rich._wrap.re_word = WORD
    rich._wrap.chop_cells = fold
    textual._wrap.re_chunk = CHUNK
