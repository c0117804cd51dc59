"""The chart data sheet and the charts drawn from it, one line chart per KPI.

Each chart is the report model's (:class:`~planeval.report.model.KpiChart`),
drawn in the design every format shares (:data:`~planeval.report.model.CHART_STYLES`):
its values, baseline, expected path, interim targets and target, over the
years up to the target's, reference years marked in their category labels.
Titles, series names and categories are references to cells of the data
sheet: user text never goes into a chart's formulas. Years without a value
stay empty and are drawn as gaps, never as zero. Numbers become floats only
as they are written to the cells, the last step (xlsxwriter writes floats);
the charts' caches hold their exact text.

xlsxwriter writes the data and the chart sheet; the charts themselves are
DrawingML parts of planeval's own, added to the package once xlsxwriter has
written it (``_drawing``): :func:`write_charts` returns which go where.
"""

from __future__ import annotations

from planeval.exporters.drawingml import SheetCells
from planeval.exporters.excel._book import Book, Sheet
from planeval.exporters.excel._drawing import ChartGrid, PlacedChart
from planeval.exporters.excel._paper import choose_paper
from planeval.report.model import CHART_LIMIT, ChartRole, KpiChart

__all__ = ["CHART_GRID", "CHART_LIMIT", "write_charts"]

_FIRST_YEAR_COLUMN = 3
#: A chart's block of rows on the data sheet: its categories, then a row per series.
_BLOCK_ROWS = 1 + len(ChartRole)
#: Two charts a band of this many rows, 9 columns each.
_BAND_ROWS, _BAND_COLUMNS = 16, 9
#: The charts sheet's columns, in pixels: a chart of 500 takes nine with room to
#: spare, where an office suite's font makes a column narrower than Excel's.
_COLUMN_PIXELS, _CHART_WIDTH = 64, 500
#: Bands a page holds whole: the sheet is fit to the page width, the 18
#: columns (1,152 px) at 89% on A4 landscape (1,026 px between the margins),
#: which leaves room for 38 rows of 20 px: two bands of 16, not three. A
#: manual page break after every second band keeps each chart on one page.
_BANDS_PER_PAGE = 2
#: The chart sheet's rows, in points (four thirds of that in pixels).
_ROW_POINTS = 15
#: The chart sheet's cells and a chart's size, in pixels.
CHART_GRID = ChartGrid(
    column=_COLUMN_PIXELS, row=_ROW_POINTS * 4 // 3, width=_CHART_WIDTH, height=300
)


def _data_header(book: Book, data: Sheet) -> None:
    labels, styles = book.labels, book.styles
    for column, text in enumerate([labels.kpi, labels.section_kind, labels.unit]):
        book.write_text(data, 0, column, text, styles.header)


def _data_rows(book: Book, data: Sheet, index: int, chart: KpiChart) -> None:
    """The chart's block: its categories, then each series' name and points."""
    styles = book.styles
    first = 1 + _BLOCK_ROWS * index
    book.write_text(data, first, 0, chart.title, styles.plain)
    book.write_text(data, first, 2, chart.unit, styles.plain)
    for column, category in enumerate(chart.categories, start=_FIRST_YEAR_COLUMN):
        book.write_text(data, first, column, category, styles.plain)
    for row, line in enumerate(chart.series, start=first + 1):
        book.write_text(data, row, 0, chart.title, styles.plain)
        book.write_text(data, row, 1, line.name, styles.plain)
        book.write_text(data, row, 2, chart.unit, styles.plain)
        for column, point in enumerate(line.points, start=_FIRST_YEAR_COLUMN):
            if point is not None:
                data.data.number(row, column, float(point))


def _reference(sheet: str, first: tuple[int, int], last: tuple[int, int] | None = None) -> str:
    """An absolute reference to a cell or a range of ``sheet``: ``'Chart data'!$D$2:$J$2``."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    quoted = "'" + sheet.replace("'", "''") + "'"
    cells = xl_rowcol_to_cell(*first, row_abs=True, col_abs=True)
    if last is not None:
        cells += ":" + xl_rowcol_to_cell(*last, row_abs=True, col_abs=True)
    return f"{quoted}!{cells}"


def _cells(sheet: str, index: int, chart: KpiChart) -> SheetCells:
    """Where the chart's block is on the data sheet (see :func:`_data_rows`)."""
    first = 1 + _BLOCK_ROWS * index
    last_column = _FIRST_YEAR_COLUMN + len(chart.categories) - 1
    rows = range(first + 1, first + 1 + len(chart.series))
    return SheetCells(
        title=_reference(sheet, (first, 0)),
        unit=_reference(sheet, (first, 2)),
        names=tuple(_reference(sheet, (row, 1)) for row in rows),
        categories=_reference(sheet, (first, _FIRST_YEAR_COLUMN), (first, last_column)),
        values=tuple(
            _reference(sheet, (row, _FIRST_YEAR_COLUMN), (row, last_column)) for row in rows
        ),
    )


def write_charts(book: Book, chart_limit: int) -> tuple[str, tuple[PlacedChart, ...]] | None:
    """Write the chart data sheet, and a sheet of the first ``chart_limit`` of the report's charts.

    The report holds at most :data:`CHART_LIMIT` charts; the line naming
    the KPIs past it follows the charts. Returns the chart sheet's name and
    the charts to draw on it (:func:`._drawing.chart_entries`), or None.
    """
    model = book.model
    if not model.charts:
        return None
    columns = _FIRST_YEAR_COLUMN + max(len(chart.categories) for chart in model.charts)
    data = book.add_sheet(
        book.labels.sheet_chart_data, rows=1 + _BLOCK_ROWS * len(model.charts), columns=columns
    )
    _data_header(book, data)
    drawn = min(chart_limit, len(model.charts))
    charts = _chart_sheet(book, drawn) if drawn > 0 else None
    placed = []
    for index, chart in enumerate(model.charts):
        _data_rows(book, data, index, chart)
        if index < drawn:
            row, column = (index // 2) * _BAND_ROWS, (index % 2) * _BAND_COLUMNS
            cells = _cells(data.name, index, chart)
            placed.append(PlacedChart(chart=chart, cells=cells, row=row, column=column))
    omitted = _omitted(book, drawn)
    if charts is not None and omitted is not None:
        row = -(-drawn // 2) * _BAND_ROWS
        book.write_text(charts, row, 0, omitted, book.styles.plain)
    book.set_columns(data, (40, 10, 10))
    # The data is for the charts to draw, not to print: the sheet is hidden.
    data.worksheet.hide()
    return None if charts is None else (charts.name, tuple(placed))


def _omitted(book: Book, drawn: int) -> str | None:
    """The line naming the KPIs without a chart: the report's, or this workbook's fewer."""
    model = book.model
    if drawn == len(model.charts):
        return model.charts_omitted
    numbers = [chart.number for chart in model.charts[drawn:]] + list(model.charts_omitted_kpis)
    return book.labels.charts_omitted(numbers, drawn)


def _chart_sheet(book: Book, drawn: int) -> Sheet:
    """The sheet of ``drawn`` charts, broken into pages between bands, never across a chart."""
    bands = -(-drawn // 2)
    sheet = book.add_sheet(
        book.labels.sheet_charts,
        rows=bands * _BAND_ROWS + (_omitted(book, drawn) is not None),
        columns=2 * _BAND_COLUMNS,
    )
    worksheet = sheet.worksheet
    worksheet.set_column_pixels(0, 2 * _BAND_COLUMNS - 1, _COLUMN_PIXELS)
    # The columns in characters, as Excel counts them: 7 pixels each, and 5.
    choose_paper(worksheet, [(_COLUMN_PIXELS - 5) // 7] * (2 * _BAND_COLUMNS), None)
    worksheet.set_default_row(_ROW_POINTS)
    page_rows = _BANDS_PER_PAGE * _BAND_ROWS
    worksheet.set_h_pagebreaks(list(range(page_rows, bands * _BAND_ROWS, page_rows)))
    return sheet
