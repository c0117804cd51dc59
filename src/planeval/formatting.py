"""Numbers and text laid out for people: thousands separators, display width."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = [
    "display_width",
    "format_number",
    "fullwidth",
    "number_format_literal",
    "pad",
    "row_height",
    "text_table",
    "unbreakable_spans",
    "usable_width",
]

# A short bracketed span, a mark or a period, with no brackets inside:
# （再掲）, (平成30年1月～12月), (320 homes); a longer one is running text.
_BRACKETED = r"[（(][^（()）\n]{1,14}[）)]"
# A figure and the unit after it: 1,596,853人, 12 days, 1,294万円/人, 54.0％,
# 3 start-ups/year; a Japanese unit is at most four characters (ポイント).
_UNIT = r"(?: ?(?:[A-Za-z%][A-Za-z%/\-]*|[^\sA-Za-z0-9(（)）、。，：～・]{1,4}))"
_FIGURE_AND_UNIT = rf"(?<![A-Za-z0-9.,])[-+−]?\d[\d,.]*{_UNIT}?"
_UNBREAKABLE = re.compile(f"{_BRACKETED}|{_FIGURE_AND_UNIT}")


def unbreakable_spans(text: str) -> Iterator[re.Match[str]]:
    """The spans of ``text`` a report keeps on one line where they fit.

    A short bracketed mark or period （再掲）, (平成30年1月～12月),
    (R3～延べ1件), of at most 14 characters inside its brackets, and a
    figure with its unit: 1,596,853人, 12 days, 1,294万円/人, 54.0％.
    """
    return _UNBREAKABLE.finditer(text)


def format_number(value: Decimal, decimals: int | None = None) -> str:
    """Write a number with thousands separators: 1,465; 86.4; 30.0.

    With ``decimals``, it shows that many, rounded half up (1.35 with 1 is
    1.4); without, the digits it has.
    """
    if decimals is None:
        return f"{value:,f}"
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=_WIDE)
    return f"{rounded:,f}"


# Wide enough to quantize any number a plan holds (within 1e±100) to its decimals.
_WIDE = Context(prec=250)


def number_format_literal(text: str) -> str:
    """Quote text for a spreadsheet number format (``"社"``).

    Plain text goes in double quotes. Text holding a double quote or a
    semicolon (which separates a format's sections) is written one escaped
    character at a time instead, which every reader takes as literal.
    """
    if '"' in text or ";" in text:
        return "".join(f"\\{character}" for character in text)
    return f'"{text}"'


class _CharacterWidths(dict[str, int]):
    """The columns each character takes, looked up in Unicode once per character."""

    def __missing__(self, character: str) -> int:
        width = 2 if unicodedata.east_asian_width(character) in "WF" else 1
        self[character] = width
        return width


_WIDTHS = _CharacterWidths()


@functools.lru_cache(maxsize=4096)
def display_width(text: str) -> int:
    """Return the columns a terminal gives ``text``: two for wide (Japanese) characters."""
    if text.isascii():
        return len(text)
    # map over the dict's own look-up: a report measures thousands of texts.
    return sum(map(_WIDTHS.__getitem__, text))


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad ``text`` with spaces to ``width`` display columns, on the right unless ``right``."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def text_table(
    rows: Sequence[Sequence[str]], *, right_aligned: Collection[int] = (), rule: bool = False
) -> list[str]:
    """Lay rows out in columns two spaces apart, for a terminal; the first row is the header.

    Columns in ``right_aligned`` are padded on the left; ``rule`` draws a line
    of dashes under the header.
    """
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(cells: Sequence[str]) -> str:
        padded = (pad(cell, widths[i], right=i in right_aligned) for i, cell in enumerate(cells))
        return "  ".join(padded).rstrip()

    lines = [line(rows[0])]
    if rule:
        lines.append("  ".join("-" * width for width in widths))
    return lines + [line(row) for row in rows[1:]]


_FULLWIDTH = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ",
)


def fullwidth(text: str) -> str:
    """Write ASCII digits and capitals full-width, as Japanese headings do (施策１, Ｒ５)."""
    return text.translate(_FULLWIDTH)


_LINE_HEIGHT = 13.5  # points per line of 10-point text
#: Of a column's width in characters, the tenths that text fills before it wraps:
#: the office suite's font is a little wider than a character a column, and a
#: cell keeps a margin on each side.
_FILLED_TENTHS = 9


def row_height(cells: Iterable[tuple[str, float]], *, minimum: float = 15) -> float:
    """Estimate the height that shows every wrapped line of each (text, column width) cell.

    Spreadsheets do not grow rows for wrapped text written by a program, so
    the height is set from the display width of the text (Japanese counts
    double) against the column's usable width: two characters less than the
    column for the cell's margins, and nine tenths of that for the font.
    Words separated by spaces wrap whole, as the office suite wraps them.
    """
    lines = 1
    for text, width in cells:
        if not text:
            continue  # an empty cell takes one line
        usable = usable_width(width)
        wrapped = sum(_wrapped_lines(line, usable) for line in text.split("\n"))
        lines = max(lines, wrapped)
    return max(minimum, lines * _LINE_HEIGHT + 3)


def usable_width(width: float) -> int:
    """The display columns of text a line of a cell ``width`` characters wide holds."""
    return max(int(width - 2) * _FILLED_TENTHS // 10, 1)


def _wrapped_lines(line: str, usable: int) -> int:
    """The lines ``line`` takes wrapped at ``usable`` columns, words kept whole where they fit."""
    # A character takes one or two columns: a line of at most half the width fits
    # without measuring it.
    if 2 * len(line) <= usable:
        return 1
    if " " not in line:
        return max(1, -(-display_width(line) // usable))
    lines, filled = 1, 0
    for word in line.split(" "):
        width = display_width(word)
        if filled and filled + 1 + width <= usable:
            filled += 1 + width
            continue
        if filled:
            lines += 1
        # A word longer than a line is broken across lines.
        lines += max(0, -(-width // usable) - 1)
        filled = width - (-(-width // usable) - 1) * usable if width else 0
    return lines
