"""How wide a table cell's text is, and which of it must stay on one line.

Word and LibreOffice may break Japanese text between any two characters, so
a cell narrower than its text breaks a figure from its unit (1,596,853 | 人)
or a short bracketed mark or period ((平成30年1月～12 | 月), （再 | 掲）).
:func:`keep_together` joins such a span with U+2060 WORD JOINER, which both
honour as "no break here" (a space inside it becomes a no-break space), where
the span fits the cell. LibreOffice's Japanese line breaking ignores the
joiner, so the span's run is tagged en-US, whose line breaking honours it.
:func:`unbreakable_width` is the width a column needs so that every such
span of its cells fits.

Widths are estimates in twentieths of a point at the table's font size:
a full-width character is one em, any other character :data:`_NARROW` of one.
"""

from __future__ import annotations

import functools
import re

from planeval.formatting import display_width, unbreakable_spans

__all__ = ["WORD_JOINER", "keep_together", "text_width", "unbreakable_width"]

WORD_JOINER = "\u2060"
_NO_BREAK_SPACE = "\u00a0"
# A Latin character's width, in thousandths of an em (digits are 556 to 636: Arial, DejaVu Sans).
_NARROW = 600
# A run of Latin letters and digits, where no line breaks anyway.
_LATIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.,:;!?%/\-–]*")


def _wide_count(text: str) -> int:
    """How many full-width characters ``text`` has: each takes two display columns."""
    return display_width(text) - len(text)


def text_width(text: str, em: int) -> int:
    """The estimated width of ``text`` set at ``em`` (twentieths of a point)."""
    wide = _wide_count(text)
    joiners = text.count(WORD_JOINER)
    narrow = len(text) - wide - joiners
    return wide * em + narrow * em * _NARROW // 1000


# Where a line may break, so where a joiner goes: between two characters
# unless both are Latin (ASCII), where a line breaks only after a hyphen or a
# slash; never beside a no-break space, which holds both its sides.
_BREAK_POINT = re.compile(
    r"(?<=[^\x00-\x7f\u00a0])(?=[^\u00a0])"
    r"|(?<=[^\u00a0])(?=[^\x00-\x7f\u00a0])"
    r"|(?<=[-/])(?=[^\u00a0])"
)


def _joined(span: str) -> str:
    """``span`` with no break left inside: joiners between characters, no-break spaces."""
    return _BREAK_POINT.sub(WORD_JOINER, span.replace(" ", _NO_BREAK_SPACE))


# A report repeats its marks and periods ((平成21年度), 未発表) in every row.
@functools.lru_cache(maxsize=16384)
def keep_together(text: str, room: int, em: int) -> tuple[tuple[str, bool], ...]:
    """``text`` in parts, each figure-and-unit and short bracketed span joined and marked.

    A part is ``(text, kept)``; a span is kept together only where it fits
    ``room`` (the cell's width inside its margins); a longer one may break
    as before.
    """
    parts: list[tuple[str, bool]] = []
    start = 0
    for match in unbreakable_spans(text):
        span = match.group()
        if text_width(span, em) > room:
            continue
        if match.start() > start:
            parts.append((text[start : match.start()], False))
        parts.append((_joined(span), True))
        start = match.end()
    if start < len(text) or not parts:
        parts.append((text[start:], False))
    return tuple(parts)


@functools.lru_cache(maxsize=16384)
def unbreakable_width(text: str, em: int) -> int:
    """The width of the widest part of ``text`` that should not break: a span or a word."""
    widest = max((text_width(match.group(), em) for match in unbreakable_spans(text)), default=0)
    words = (text_width(match.group(), em) for match in _LATIN_WORD.finditer(text))
    single = em if _wide_count(text) else 0
    return max(widest, single, *words)
