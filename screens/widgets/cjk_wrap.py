"""Line breaks for Chinese text. Textual wraps at spaces only (its Content wraps with
``rich._wrap.divide_line``, whose word is ``\\s*\\S+\\s*``; ``textual._wrap`` has the same rule),
so a run of Chinese, which has no spaces, was one long "word": moved whole to the next line
after "源 Bucket", leaving the line before it half empty. Chinese may break between any two
characters, except that closing punctuation (，。）…) never starts a line and opening punctuation
(（《“…) never ends one (the ZHMARK rules, as in UAX #14). Text without Chinese is divided
exactly as before, so English layout does not change (tests/wizard/test_chinese.py)."""

from __future__ import annotations

import re

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


def install() -> None:
    """Wrap with these words (both modules read their pattern at each call)."""
    import rich._wrap
    import textual._wrap

    rich._wrap.re_word = WORD
    textual._wrap.re_chunk = CHUNK
