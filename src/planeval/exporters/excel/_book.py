"""The workbook being written: its sheets, its styles, and safe writes of text.

User text is always written as text (an inline string): the workbook
converts no string to a formula or a URL. Each sheet says, before anything
is written to it, how many rows and columns it will use, and a report that
does not fit a sheet is refused then. A sheet is xlsxwriter's worksheet for
its page set-up and planeval's cells (:class:`._sheet_data.SheetData`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from planeval.exporters.excel._paper import A4, ColumnSplit, choose_paper
from planeval.exporters.excel._sheet_data import SheetData
from planeval.exporters.excel._styles import Styles, sheet_name
from planeval.limits import CELL_TEXT_LENGTH
from planeval.report.labels import Labels
from planeval.report.model import Cell, Figure, ReportModel

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet


__all__ = ["Book", "Sheet"]

#: The rows and columns of a sheet.
SHEET_ROWS, SHEET_COLUMNS = 1_048_576, 16_384


class Sheet:
    """A sheet being written: xlsxwriter's worksheet, for its page set-up, and its cells."""

    def __init__(self, worksheet: Worksheet, name: str) -> None:
        self.worksheet = worksheet
        self.name = name
        self.data = SheetData()


class Book:
    """One workbook being written from one report model."""

    def __init__(self, workbook: Workbook, model: ReportModel, labels: Labels) -> None:
        self.workbook = workbook
        self.model = model
        self.labels = labels
        self.styles = Styles(workbook, labels.spreadsheet_date)
        self.sheets: list[Sheet] = []

    def add_sheet(
        self,
        wanted: str,
        *,
        rows: int,
        columns: int,
        header_rows: tuple[int, int] | None = None,
    ) -> Sheet:
        """A new A4 landscape sheet, fit to the page width, with page numbers.

        ``rows`` and ``columns`` are how many the sheet will use. A report that
        does not fit a sheet is refused before the sheet is made (the loader's
        limits keep every plan within one).
        """
        name = sheet_name(wanted, [sheet.name for sheet in self.sheets])
        if rows > SHEET_ROWS or columns > SHEET_COLUMNS:
            raise ValueError(
                f"the sheet {name!r} needs {rows:,} rows and {columns:,} columns; "
                f"a sheet holds {SHEET_ROWS:,} rows and {SHEET_COLUMNS:,} columns"
            )
        sheet = self.workbook.add_worksheet(name)
        self.sheets.append(Sheet(sheet, name))
        sheet.set_paper(A4)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        sheet.set_footer("&C&P / &N")
        if header_rows is not None:
            sheet.repeat_rows(*header_rows)
        return self.sheets[-1]

    @staticmethod
    def set_columns(sheet: Sheet, widths: Sequence[int], split: ColumnSplit | None = None) -> None:
        """Set the sheet's column widths, in characters, and the paper they print on.

        See :func:`~planeval.exporters.excel._paper.choose_paper`; only a sheet
        with a ``split`` may split its columns over pages.
        """
        worksheet = sheet.worksheet
        for column, width in enumerate(widths):
            worksheet.set_column(column, column, width)
        choose_paper(worksheet, widths, split)

    def write_text(self, sheet: Sheet, row: int, column: int, text: str, style: Format) -> None:
        """Write ``text`` as text, never as a formula or a URL."""
        sheet.data.text(row, column, self.checked(sheet, text), style)

    @staticmethod
    def checked(sheet: Sheet, text: str) -> str:
        """``text``, which a cell holds whole; else an error: never cut text silently."""
        if len(text) > CELL_TEXT_LENGTH:
            # The loader's limits keep every cell within this.
            raise ValueError(
                f"a cell of {len(text)} characters on sheet {sheet.name!r}; "
                f"a spreadsheet cell holds {CELL_TEXT_LENGTH}"
            )
        return text

    def write_cell(
        self, sheet: Sheet, row: int, column: int, cell: Cell | None, *, top: bool
    ) -> None:
        """Write a KPI table cell: a figure as a number with its format, text, or a blank."""
        styles = self.styles
        if cell is None:
            sheet.data.blank(row, column, styles.half_text(top=top))
        elif isinstance(cell, Figure):
            sheet.data.number(row, column, float(cell.number), styles.number(cell, top=top))
        else:
            self.write_text(sheet, row, column, cell.text, styles.half_text(top=top))
