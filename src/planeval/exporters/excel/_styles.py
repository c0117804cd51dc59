"""Cell formats, number formats, sheet names and sizes of the Excel workbook.

A figure of the report model becomes a number with a number format that
prints its prefix, unit and suffix (``"累計"#,##0"社"``), so that the cell
stays a number to compute with.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from planeval.formatting import display_width, number_format_literal
from planeval.report.model import Figure

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook

__all__ = [
    "CENTRED",
    "HEADER",
    "TEXT",
    "Styles",
    "edges",
    "figure_width",
    "filling",
    "number_format",
    "sheet_name",
]

#: The workbook's font, Japanese included.
_MAX_SHEET_NAME = 31
_INVALID_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")

# The borders of a KPI's two rows: open between them, closed around them.
_TOP_HALF = {"top": 1, "left": 1, "right": 1}
_BOTTOM_HALF = {"bottom": 1, "left": 1, "right": 1}

#: The properties of a table's heading, of its text, and of its text centred.
HEADER: dict[str, Any] = {
    "bold": True,
    "align": "center",
    "valign": "vcenter",
    "text_wrap": True,
    "bg_color": "#D9E1F2",
}
TEXT: dict[str, Any] = {"valign": "top", "text_wrap": True}
CENTRED: dict[str, Any] = {"valign": "vcenter", "align": "center", "text_wrap": True}


def edges(index: int, count: int, *, down: bool) -> dict[str, int]:
    """The borders of cell ``index`` of ``count`` cells in a line that read as one cell.

    The cells run ``down`` a column or along a row: borders on both sides of
    the line, and at its two ends, none between its cells. It replaces a
    merged cell, which screen readers and sorting trip over.
    """
    start, end = ("top", "bottom") if down else ("left", "right")
    borders = dict.fromkeys(("left", "right") if down else ("top", "bottom"), 1)
    if index == 0:
        borders[start] = 1
    if index == count - 1:
        borders[end] = 1
    return borders


def filling(colour: str | None, text_colour: str | None, *, valign: str) -> dict[str, Any]:
    """The properties of a bold, centred cell filled with ``colour`` in ``text_colour`` text."""
    fill = {"bg_color": colour} if colour else {}
    text = {"font_color": text_colour} if text_colour else {}
    return {"align": "center", "valign": valign, "bold": True, **fill, **text}


def sheet_name(wanted: str, taken: Iterable[str] = ()) -> str:
    r"""Make a valid, unused sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = _INVALID_SHEET_CHARACTERS.sub("_", wanted).strip("'") or "Sheet"
    taken_folded = {name.casefold() for name in taken}
    candidate = _utf16_prefix(cleaned, _MAX_SHEET_NAME)
    counter = 2
    while candidate.casefold() in taken_folded:
        suffix = f" ({counter})"
        candidate = _utf16_prefix(cleaned, _MAX_SHEET_NAME - len(suffix)) + suffix
        counter += 1
    return candidate


def _utf16_prefix(text: str, units: int) -> str:
    """The longest start of ``text`` within ``units`` UTF-16 code units, as Excel counts.

    A character beyond U+FFFF (𐀀) takes two units.
    """
    used = 0
    for index, character in enumerate(text):
        used += 2 if ord(character) > 0xFFFF else 1
        if used > units:
            return text[:index]
    return text


@functools.lru_cache(maxsize=1024)
def _number_format(places: int, prefix: str, suffix: str) -> str:
    digits = "#,##0" + ("." + "0" * places if places else "")
    before = number_format_literal(prefix) if prefix else ""
    return before + digits + (number_format_literal(suffix) if suffix else "")


def number_format(figure: Figure) -> str:
    """The number format that prints a figure as its text does: ``"累計"#,##0"社"``."""
    return _number_format(figure.decimals, figure.prefix, figure.unit + figure.suffix + figure.note)


def figure_width(figure: Figure) -> int:
    """The display columns of what :func:`number_format` prints for ``figure``.

    The prefix, the number with separators and its decimals, then the unit,
    suffix and note mark: ``累計3,100社`` takes 13 (Japanese counts double).
    """
    number = f"{figure.number:,.{figure.decimals}f}"
    return display_width(figure.prefix + number + figure.unit + figure.suffix + figure.note)


class Styles:
    """Every cell format the workbook uses, made once."""

    def __init__(self, workbook: Workbook, date_format: str) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}
        self.subtitle = self.get(bold=True, font_size=12)
        self.header = self.get(border=1, **HEADER)
        self.text = self.get(border=1, **TEXT)
        self.plain = self.get(valign="top", text_wrap=True)
        self.label = self.get(bold=True, valign="top")
        self.date = self.get(num_format=date_format, align="left")
        self._numbers: dict[tuple[int, str, str, str, str, bool], Format] = {}
        self._half_texts = {
            top: self.get(
                align="right",
                valign="vcenter",
                text_wrap=True,
                **(_TOP_HALF if top else _BOTTOM_HALF),
            )
            for top in (True, False)
        }

    def get(self, **properties: Any) -> Format:
        """Return the format with these properties, creating it on first use."""
        key = tuple(sorted(properties.items()))
        if key not in self._cache:
            self._cache[key] = self._workbook.add_format(properties)
        return self._cache[key]

    def number(self, figure: Figure, *, top: bool) -> Format:
        """A bordered numeric cell for ``figure``; ``top`` in a KPI's first row, else its second."""
        key = (figure.decimals, figure.prefix, figure.unit, figure.suffix, figure.note, top)
        found = self._numbers.get(key)
        if found is None:
            border = _TOP_HALF if top else _BOTTOM_HALF
            wanted = number_format(figure)
            found = self.get(num_format=wanted, align="right", valign="vcenter", **border)
            self._numbers[key] = found
        return found

    def half_text(self, *, top: bool) -> Format:
        """A bordered text cell in one of a KPI's two rows."""
        return self._half_texts[top]

    def filled(self, colour: str | None, text_colour: str | None, *, valign: str) -> Format:
        """A bold, centred, bordered cell filled with ``colour`` (a grade or a rating).

        Its text is ``text_colour``, the one legible on the fill.
        """
        return self.get(border=1, **filling(colour, text_colour, valign=valign))
