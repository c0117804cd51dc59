"""The comparison across plans as a file: a workbook (.xlsx) or a CSV file (``planeval compare``).

Both hold :data:`~planeval.report.comparison.COMPARISON_COLUMNS`, headed by
the columns' names, a row per KPI. The CSV file is written as the ``csv``
format writes its records (:func:`~planeval.exporters.csv_export.table_text`):
UTF-8 with a byte order mark, CRLF, text made inert against formulas. The
workbook has one sheet: a header row (bold, filled, frozen) with an
autofilter over every row, columns as wide as their contents (within
bounds), numbers as numbers showing every decimal they have, years as whole
numbers and text as text; printed on landscape A4 pages with the grid, each
page repeating the header row and the municipality's column. The same rows
give the same bytes: the workbook is stamped with the time it is given.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from planeval.exporters.csv_export import table_text
from planeval.formatting import display_width
from planeval.io.workbook_writer import exact_number_format
from planeval.limits import MAX_SIGNIFICANT_DIGITS
from planeval.report.comparison import COMPARISON_COLUMNS
from planeval.report.records import Column, Record
from planeval.spreadsheets import new_workbook

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

__all__ = ["COMPARISON_ENDINGS", "SHEET_NAME", "comparison_bytes"]

#: The endings of the files a comparison is written to.
COMPARISON_ENDINGS = (".xlsx", ".csv")

#: The workbook's one sheet.
SHEET_NAME = "comparison"

#: The narrowest and widest a column is made, in characters.
_NARROWEST, _WIDEST = 6, 50


def comparison_bytes(rows: Sequence[Record], path: Path, *, created: datetime.datetime) -> bytes:
    """The file of the comparison ``rows`` for ``path``, by its ending (:data:`COMPARISON_ENDINGS`).

    ``created`` stamps a workbook. Raises :class:`ValueError` for another ending.
    """
    ending = path.suffix.casefold()
    if ending == ".csv":
        return table_text(COMPARISON_COLUMNS, rows).encode("utf-8-sig")
    if ending == ".xlsx":
        return _workbook(rows, created)
    raise ValueError(f"{path}: give an output ending in .xlsx or .csv")


def _workbook(rows: Sequence[Record], created: datetime.datetime) -> bytes:
    stream = io.BytesIO()
    workbook = new_workbook(stream)
    workbook.set_properties({"title": "planeval comparison", "created": created})
    sheet = _Sheet(workbook)
    for column, item in enumerate(COMPARISON_COLUMNS):
        sheet.header(column, item.name)
        for row, record in enumerate(rows, start=1):
            sheet.write(row, column, record[item.name])
        sheet.worksheet.set_column(column, column, _width(item, rows))
    sheet.worksheet.freeze_panes(1, 0)
    sheet.worksheet.autofilter(0, 0, len(rows), len(COMPARISON_COLUMNS) - 1)
    _print_setup(sheet.worksheet)
    workbook.close()
    return stream.getvalue()


def _print_setup(worksheet: Worksheet) -> None:
    """Printed, the table runs over landscape pages, each with its header and municipality.

    Rows are told apart by the printed grid; a page across repeats the
    header row and the municipality's column.
    """
    worksheet.set_landscape()
    worksheet.set_paper(9)  # A4
    worksheet.hide_gridlines(0)  # shown on the screen and printed
    worksheet.repeat_rows(0)
    municipality = next(
        index for index, item in enumerate(COMPARISON_COLUMNS) if item.name == "municipality"
    )
    worksheet.repeat_columns(municipality)
    worksheet.set_footer("&C&P / &N")


class _Sheet:
    """The comparison's sheet being written, with the number formats it has made."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.worksheet: Worksheet = workbook.add_worksheet(SHEET_NAME)
        self.header_format = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        self.formats: dict[str, Format] = {}

    def header(self, column: int, name: str) -> None:
        """Write the column's name in the header row."""
        self.worksheet.write_string(0, column, name, self.header_format)

    def write(self, row: int, column: int, value: object) -> None:
        """Write one value: nothing for None, a number as a number, anything else as text.

        A Decimal with more significant digits than a spreadsheet keeps
        (:data:`~planeval.limits.MAX_SIGNIFICANT_DIGITS`) is written as its text.
        """
        if value is None:
            return
        if isinstance(value, Decimal) and _spreadsheet_number(value):
            # The last step: xlsxwriter writes a double, which shows these digits.
            self.worksheet.write_number(row, column, float(value), self._format(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            self.worksheet.write_number(row, column, value)
        else:
            self.worksheet.write_string(row, column, str(value))

    def _format(self, value: Decimal) -> Format:
        number_format = exact_number_format(value)
        if number_format not in self.formats:
            self.formats[number_format] = self.workbook.add_format({"num_format": number_format})
        return self.formats[number_format]


def _spreadsheet_number(value: Decimal) -> bool:
    """Whether a spreadsheet shows ``value`` as it is: finite, within its significant digits."""
    return value.is_finite() and len(value.normalize().as_tuple().digits) <= MAX_SIGNIFICANT_DIGITS


def _shown(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value:,f}"
    return "" if value is None else str(value)


def _width(item: Column, rows: Sequence[Record]) -> int:
    """The column's width: its widest text (the header's, with room for the filter's button)."""
    widest = max(
        [display_width(item.name) + 3, *(display_width(_shown(row[item.name])) for row in rows)]
    )
    return min(max(widest + 1, _NARROWEST), _WIDEST)
