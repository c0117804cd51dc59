"""A worksheet's cells, written as its ``sheetData`` by planeval rather than by xlsxwriter.

xlsxwriter writes the workbook around the cells: the styles, the sheets'
columns, page set-up, frozen panes and printed titles. The cells themselves
(some 6,000 in a workbook of 60 KPIs) are kept here as the XML of each cell
and put into the sheets' parts once xlsxwriter has written the package
(:func:`filled_sheets`). Storing and writing a cell through xlsxwriter
took more than half of such a workbook's time (docs/performance.md).

Text is written as inline strings (``t="inlineStr"``), as xlsxwriter itself
does in its constant-memory mode, escaped as xlsxwriter escapes text; row
heights are rounded to whole pixels, as xlsxwriter rounds them. A cell's
style is its xlsxwriter format's index in the workbook's styles.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
import zipfile
from collections.abc import Mapping
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from xlsxwriter.format import Format

__all__ = ["SheetData", "filled_sheets"]

#: xlsxwriter's default row, in pixels: a row of this height needs no ``ht``.
_DEFAULT_ROW_PIXELS = 20
#: Text that looks like Excel's escape of a character (``_x0041_``) is escaped itself.
_LOOKS_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL_CHARACTER = re.compile(r"([\x00-\x08\x0b-\x1f])")
_EDGE_SPACE = re.compile(r"^\s|\s$")
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')
_EMPTY_SHEET_DATA = "<sheetData/>"
#: Day 0 of Excel's dates (1900 system), counting its 29 February 1900.
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)


@functools.cache
def _column_name(column: int) -> str:
    """The column's letters: 0 is A, 26 is AA."""
    from xlsxwriter.utility import xl_col_to_name

    name: str = xl_col_to_name(column)
    return name


@functools.lru_cache(maxsize=4096)
def _inline_text(text: str) -> str:
    """The ``is`` element of ``text``: control characters escaped as Excel does, spaces kept."""
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub(r"_x005F\1", text)
    text = _CONTROL_CHARACTER.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
    space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
    return f"<is><t{space}>{escape(text)}</t></is>"


def _style(style: Format | None) -> str:
    """The ``s`` attribute of a cell in ``style``; nothing for the default style.

    The index is the one xlsxwriter gives the format in the workbook's
    styles, as it does for a cell written through it.
    """
    if style is None:
        return ""
    index: int = style._get_xf_index()
    return f' s="{index}"' if index else ""


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError(f"a cell cannot hold {value}")
    return value


class SheetData:
    """The cells and row heights of one worksheet, each kept as its XML.

    A cell written twice keeps the second. Rows and columns count from 0.
    """

    def __init__(self) -> None:
        self._rows: dict[int, dict[int, str]] = {}
        self._heights: dict[int, str] = {}

    def _put(self, row: int, column: int, attributes: str, content: str) -> None:
        cells = self._rows.get(row)
        if cells is None:
            cells = self._rows[row] = {}
        reference = f"{_column_name(column)}{row + 1}"
        cells[column] = f'<c r="{reference}"{attributes}>{content}</c>'

    def text(self, row: int, column: int, text: str, style: Format | None = None) -> None:
        """A text cell: the text as it is, never read as a number, formula or link."""
        self._put(row, column, f'{_style(style)} t="inlineStr"', _inline_text(text))

    def number(self, row: int, column: int, value: float, style: Format | None = None) -> None:
        """A number cell, its value written so that it reads back exactly (Python's ``repr``)."""
        self._put(row, column, _style(style), f"<v>{_finite(value)!r}</v>")

    def blank(self, row: int, column: int, style: Format) -> None:
        """An empty cell with a style (its borders and fill)."""
        cells = self._rows.setdefault(row, {})
        cells[column] = f'<c r="{_column_name(column)}{row + 1}"{_style(style)}/>'

    def formula(self, row: int, column: int, formula: str, style: Format, value: float) -> None:
        """A formula (without its ``=``) and the value it gives, cached for readers."""
        content = f"<f>{escape(formula)}</f><v>{_finite(value)!r}</v>"
        self._put(row, column, _style(style), content)

    def date(self, row: int, column: int, day: datetime.date, style: Format) -> None:
        """A date as Excel's serial day number, shown in ``style``'s date format."""
        moment = datetime.datetime(day.year, day.month, day.day)
        self.number(row, column, (moment - _EXCEL_EPOCH).days, style)

    def height(self, row: int, points: float) -> None:
        """The row's height in points, rounded to whole pixels as Excel shows it."""
        pixels = int(points * 4 / 3 + 0.5)
        if pixels == _DEFAULT_ROW_PIXELS:
            self._heights.pop(row, None)
        else:
            self._heights[row] = f' ht="{pixels * 0.75:.16g}" customHeight="1"'

    def dimension(self) -> str | None:
        """The range the cells take (``A1:K70``), or None without any cell."""
        rows = [row for row, cells in self._rows.items() if cells]
        if not rows:
            return None
        columns = [column for cells in self._rows.values() for column in cells]
        first = f"{_column_name(min(columns))}{min(rows) + 1}"
        last = f"{_column_name(max(columns))}{max(rows) + 1}"
        return first if first == last else f"{first}:{last}"

    def xml(self) -> str:
        """The ``sheetData`` element: rows in order, each row's cells in order."""
        out = ["<sheetData>"]
        heights = self._heights
        for row in sorted(self._rows.keys() | heights.keys()):
            cells = self._rows.get(row)
            attributes = heights.get(row, "")
            if cells:
                out.append(f'<row r="{row + 1}"{attributes}>')
                out.extend(cells[column] for column in sorted(cells))
                out.append("</row>")
            else:
                out.append(f'<row r="{row + 1}"{attributes}/>')
        out.append("</sheetData>")
        return "".join(out)


def _filled(sheet_xml: bytes, data: SheetData) -> bytes:
    """A worksheet part as xlsxwriter wrote it, without cells, with ``data``'s."""
    text = sheet_xml.decode()
    if _EMPTY_SHEET_DATA not in text:
        raise ValueError("a worksheet with cells written by xlsxwriter")
    dimension = data.dimension()
    if dimension is not None:
        text = _DIMENSION.sub(f'<dimension ref="{dimension}"/>', text, count=1)
    return text.replace(_EMPTY_SHEET_DATA, data.xml(), 1).encode()


def filled_sheets(
    archive: zipfile.ZipFile, parts: Mapping[str, str], sheets: Mapping[str, SheetData]
) -> dict[str, bytes]:
    """Each named worksheet's part, with its cells and row heights from ``sheets``.

    ``parts`` names each worksheet's part (:func:`._parts.sheet_parts`).
    """
    return {parts[name]: _filled(archive.read(parts[name]), data) for name, data in sheets.items()}
