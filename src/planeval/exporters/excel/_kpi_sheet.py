"""The KPI sheet: the table laid out like the source document's.

Each KPI takes two rows, the second for the figure a cell prints below its
value (the period of the baseline, a stock's own count, a flow's running
total, a note mark). Each rate is an Excel formula over the cells the engine
used, its value cached, where Excel has the plan's rounding.

No cell is merged: a merged cell trips screen readers, sorting and
filtering. A KPI's number, name and grade are in its first row, the rows
below left blank and bordered so the block reads as one cell; a heading over
two header rows is in the lower one, and the progress heading over the year
columns is centred across them (``center_across``, which merges nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from planeval.exporters.excel._book import Book
from planeval.exporters.excel._paper import ColumnSplit, must_split
from planeval.exporters.excel._styles import CENTRED, HEADER, TEXT, edges, figure_width, filling
from planeval.formatting import display_width, row_height
from planeval.model import RoundingMode
from planeval.report.model import (
    Cell,
    CellPlace,
    Figure,
    KpiRow,
    KpiTable,
    RateFormula,
    Text,
)

__all__ = ["write_kpi_sheet"]

_KPI_NAME_WIDTH = 34
#: The narrowest a column of figures is, in characters.
_FIGURE_MINIMUM = 10
#: A wrapped text (a heading, a note under a value) widens its column up to this.
_TEXT_WIDEST = 16
#: Characters added to the widest value of a column: the cell's margins.
_PADDING = 3
_HEADER_TOP, _HEADER_BOTTOM = 3, 4
_FIRST_YEAR_COLUMN = 3
_ROUNDING_FUNCTIONS = {
    RoundingMode.HALF_UP: "ROUND",
    RoundingMode.DOWN: "ROUNDDOWN",
    RoundingMode.UP: "ROUNDUP",
}


class _KpiSheet:
    """Writes the KPI table into one sheet."""

    def __init__(self, book: Book, table: KpiTable) -> None:
        self.book = book
        self.styles = book.styles
        self.table = table
        self.target_column = _FIRST_YEAR_COLUMN + len(table.year_headings)
        self.rate_column = self.target_column + 1
        # The change since last year, the path status and the grade: a column
        # each, where the table shows them.
        self.trend_column = self.rate_column + (table.trend_heading is not None)
        self.status_column = self.trend_column + (table.status_heading is not None)
        self.grade_column = self.status_column + 1
        # Each KPI takes two rows, and a third for its yearly rates where shown.
        self.span = 2 + (table.yearly_rate_heading is not None)
        body = self.span * len(table.rows)
        rows = _HEADER_BOTTOM + 1 + body + 2 + len(table.notes) + len(table.legend)
        columns = self.status_column + 1 + table.graded
        self.widths = self.figure_widths()
        # A sheet split over pages repeats columns A and B on each: its title
        # and notes start in C, on the first page only, so that no page shows
        # them cut at B's edge.
        self.column_widths = self.all_column_widths()
        self.free_text_column = 2 if must_split(self.column_widths) else 0
        self.sheet = book.add_sheet(
            book.labels.sheet_kpis,
            rows=rows,
            columns=columns,
            header_rows=(_HEADER_TOP, _HEADER_BOTTOM),
        )

    def down(
        self, rows: range, column: int, value: str | int, properties: dict[str, Any], *, at: int
    ) -> None:
        """``value`` in row ``at`` of ``rows``, the others blank, bordered as one cell down them.

        A whole number (a KPI's number) is written as a number, text as text,
        no text as a blank.
        """
        sheet, get = self.sheet, self.styles.get
        for index, row in enumerate(rows):
            style = get(**properties, **edges(index, len(rows), down=True))
            if row != at or value == "":
                sheet.data.blank(row, column, style)
            elif isinstance(value, int):
                sheet.data.number(row, column, value, style)
            else:
                self.book.write_text(sheet, row, column, value, style)

    def across(self, row: int, columns: range, text: str) -> None:
        """A heading centred across ``columns`` of ``row``, bordered as one cell, merging none."""
        sheet, get = self.sheet, self.styles.get
        for index, column in enumerate(columns):
            style = get(center_across=True, **HEADER, **edges(index, len(columns), down=False))
            if index:
                sheet.data.blank(row, column, style)
            else:
                self.book.write_text(sheet, row, column, text, style)

    def header_down(self, column: int, text: str) -> None:
        """A heading over both header rows: in the lower, the row above the data."""
        header = range(_HEADER_TOP, _HEADER_BOTTOM + 1)
        self.down(header, column, text, HEADER, at=_HEADER_BOTTOM)

    def header(self) -> None:
        book, sheet, table, style = self.book, self.sheet, self.table, self.styles.header
        self.free_text(0, table.title, bold=True, font_size=14)
        self.free_text(1, table.heading, bold=True, font_size=12)
        fixed = (table.number_heading, table.name_heading, table.baseline_heading)
        for column, text in enumerate(fixed):
            self.header_down(column, text)
        years = table.year_headings
        if years:
            self.across(
                _HEADER_TOP, range(_FIRST_YEAR_COLUMN, self.target_column), table.progress_heading
            )
        for offset, lines in enumerate(years):
            book.write_text(
                sheet, _HEADER_BOTTOM, _FIRST_YEAR_COLUMN + offset, "\n".join(lines), style
            )
        for column, lines in (
            (self.target_column, table.target_heading),
            (self.rate_column, table.rate_heading),
        ):
            book.write_text(sheet, _HEADER_TOP, column, lines[0], style)
            book.write_text(
                sheet, _HEADER_BOTTOM, column, lines[1] if len(lines) > 1 else "", style
            )
        for column, heading in (
            (self.trend_column, table.trend_heading),
            (self.status_column, table.status_heading),
            (self.grade_column, table.grade_heading),
        ):
            if heading is not None:
                self.header_down(column, heading)

    def side_columns(self) -> tuple[tuple[str | None, int], ...]:
        """The headings and widths of the trend, status and grade columns (None: no column)."""
        table = self.table
        return ((table.trend_heading, 16), (table.status_heading, 10), (table.grade_heading, 10))

    def row(self, row: int, kpi: KpiRow) -> None:
        book, sheet = self.book, self.sheet
        lower, last = row + 1, row + self.span - 1
        self.block(row, 0, kpi.number, CENTRED)
        self.block(row, 1, kpi.title.text, TEXT)
        pairs: list[tuple[Cell | None, Cell | None]] = [(kpi.baseline, kpi.baseline_below)]
        pairs += [(year.value, year.below) for year in kpi.years]
        pairs.append((kpi.target, kpi.target_below))
        write_cell = book.write_cell
        for column, (value, below) in enumerate(pairs, start=2):
            write_cell(sheet, row, column, value, top=True)
            write_cell(sheet, lower, column, below, top=False)
        self.rate(row, kpi)
        book.write_cell(sheet, lower, self.rate_column, kpi.rate_below, top=False)
        if last > lower:
            self.yearly_rates(last, kpi)
        for column, heading, text in (
            (self.trend_column, self.table.trend_heading, kpi.trend),
            (self.status_column, self.table.status_heading, kpi.status),
        ):
            if heading is not None:
                self.block(row, column, text or "", CENTRED)
        if self.table.graded:
            self.grade(row, kpi)
        # The name is in the first row alone: the row is as tall as it.
        sheet.data.height(row, row_height([(kpi.title.text, _KPI_NAME_WIDTH)], minimum=30))
        self.below_height(lower, kpi)

    def below_height(self, row: int, kpi: KpiRow) -> None:
        """The second row as tall as its wrapped texts (a rate's formula, a period)."""
        below = [kpi.baseline_below, *(year.below for year in kpi.years)]
        below += [kpi.target_below, kpi.rate_below]
        texts = [
            (cell.text, width)
            for cell, width in zip(below, self.widths, strict=True)
            if isinstance(cell, Text)
        ]
        if texts:
            self.sheet.data.height(row, row_height(texts))

    def yearly_rates(self, row: int, kpi: KpiRow) -> None:
        """The third row: its label under the baseline, each year's rate under its values."""
        book, sheet, heading = self.book, self.sheet, self.table.yearly_rate_heading
        book.write_cell(
            sheet, row, 2, None if heading is None else Text(lines=(heading,)), top=False
        )
        for column, year in enumerate(kpi.years, start=_FIRST_YEAR_COLUMN):
            book.write_cell(sheet, row, column, year.rate, top=False)
        for column in (self.target_column, self.rate_column):
            book.write_cell(sheet, row, column, None, top=False)

    def rate(self, row: int, kpi: KpiRow) -> None:
        """The rate: a formula over the cells the engine used, its value cached."""
        rate, formula = kpi.rate, kpi.rate_formula
        if not isinstance(rate, Figure):
            self.book.write_cell(self.sheet, row, self.rate_column, rate, top=True)
            return
        style = self.styles.number(rate, top=True)
        function = None if formula is None else _ROUNDING_FUNCTIONS.get(formula.rounding)
        if formula is None or function is None:
            # Excel has no half-even rounding: the figure is written as a value.
            self.sheet.data.number(row, self.rate_column, float(rate.number), style)
            return
        text = f"{function}({self.quotient(row, formula)}*100,{formula.decimals})"
        if formula.cap is not None:
            text = f"MIN({text},{formula.cap:f})"
        self.sheet.data.formula(row, self.rate_column, text, style, float(rate.number))

    def quotient(self, row: int, formula: RateFormula) -> str:
        # Only cell references and numbers go into a formula, never user text.
        dividend, divisor = (
            self.term(row, places) for places in (formula.dividend, formula.divisor)
        )
        return f"{dividend}/{divisor}"

    def term(self, row: int, places: tuple[CellPlace, ...]) -> str:
        """One figure's cell, or the difference of two in brackets."""
        cells = [self.reference(row, place) for place in places]
        return cells[0] if len(cells) == 1 else f"({cells[0]}-{cells[1]})"

    @staticmethod
    def reference(row: int, place: CellPlace) -> str:
        from xlsxwriter.utility import xl_rowcol_to_cell

        reference: str = xl_rowcol_to_cell(row + place.below, 2 + place.column)
        return reference

    def block(self, row: int, column: int, value: str | int, properties: dict[str, Any]) -> None:
        """A KPI's cell: ``value`` in its first row, the rows below blank, bordered as one."""
        self.down(range(row, row + self.span), column, value, properties, at=row)

    def grade(self, row: int, kpi: KpiRow) -> None:
        """The grade beside the rate, its block filled with its colour, its label legible on it."""
        grade = kpi.grade
        if grade is None:
            self.block(row, self.grade_column, "", filling(None, None, valign="vcenter"))
            return
        fill = filling(grade.colour, grade.text_colour, valign="vcenter")
        self.block(row, self.grade_column, grade.label, fill)

    def free_text(self, row: int, text: str, **style: Any) -> None:
        """A title or a note, overflowing to the right of its column."""
        self.book.write_text(self.sheet, row, self.free_text_column, text, self.styles.get(**style))

    def all_column_widths(self) -> list[int]:
        """Every column's width, in characters: number, name, figures, and the marks."""
        widths = [5, _KPI_NAME_WIDTH, *self.widths]
        return widths + [width for heading, width in self.side_columns() if heading is not None]

    def footer(self, row: int) -> None:
        for offset, note in enumerate(self.table.notes):
            self.free_text(row + offset, note, valign="top", font_size=9)
        # The grade legend, after a blank row.
        legend_row = row + len(self.table.notes) + 1
        for offset, line in enumerate(self.table.legend):
            self.free_text(legend_row + offset, line, valign="top", font_size=9)
        sheet = self.sheet
        sheet.worksheet.freeze_panes(_HEADER_BOTTOM + 1, 2)
        # Split over pages, the years go by whole columns, the target and
        # what follows it together, each page beginning with a KPI's number and name.
        breaks = tuple(range(_FIRST_YEAR_COLUMN + 1, self.target_column + 1))
        split = ColumnSplit(repeated=2, break_before=breaks)
        self.book.set_columns(sheet, self.column_widths, split)
        sheet.data.height(_HEADER_BOTTOM, 36)

    def figure_widths(self) -> list[int]:
        """Each column of figures wide enough for its widest printed value and heading.

        A value that does not fit prints as ``###``: the width is that of the
        text the number format prints, and a tenth more for the font, plus
        the cell's margins.
        """
        table = self.table
        first = [table.baseline_heading, table.yearly_rate_heading or ""]
        headings: list[Iterable[str]] = [first]
        headings += table.year_headings
        headings += [table.target_heading, table.rate_heading]
        columns = [list(cells) for cells in self.column_cells()]
        return [_column_width(cells, lines) for cells, lines in zip(columns, headings, strict=True)]

    def column_cells(self) -> Iterator[list[Cell | None]]:
        """The cells of each column of figures: baseline, each year, target, rate."""
        rows = self.table.rows
        yield [cell for kpi in rows for cell in (kpi.baseline, kpi.baseline_below)]
        for year in range(len(self.table.year_headings)):
            yield [
                cell
                for kpi in rows
                for cell in (kpi.years[year].value, kpi.years[year].below, kpi.years[year].rate)
            ]
        yield [cell for kpi in rows for cell in (kpi.target, kpi.target_below)]
        yield [cell for kpi in rows for cell in (kpi.rate, kpi.rate_below)]

    def write(self) -> None:
        self.header()
        row = _HEADER_BOTTOM + 1
        for kpi in self.table.rows:
            self.row(row, kpi)
            row += self.span
        self.footer(row + 1)


def _column_width(cells: Iterable[Cell | None], headings: Iterable[str]) -> int:
    """The width of a column of figures: its widest printed value, or wrapped line of text."""
    widest = _FIGURE_MINIMUM - _PADDING
    for cell in cells:
        if isinstance(cell, Figure):
            widest = max(widest, figure_width(cell) * 11 // 10)
        elif cell is not None:
            widest = max(widest, *(min(display_width(line), _TEXT_WIDEST) for line in cell.lines))
    for line in headings:
        widest = max(widest, min(display_width(line), _TEXT_WIDEST))
    return widest + _PADDING


def write_kpi_sheet(book: Book) -> None:
    """Write the report's KPI table as the workbook's first sheet."""
    _KpiSheet(book, book.model.kpi_table).write()
