"""The chart data sheet and the charts drawn from it, one line chart per KPI.

Titles and series names are references to cells of the data sheet: user
text never goes into a chart's formulas. Years without a value stay empty
and are drawn as gaps, never as zero.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planeval.exporters.excel._book import Book
from planeval.exporters.excel._paper import choose_paper
from planeval.report.model import ChartSeries
from planeval.spreadsheets import FONT

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

__all__ = ["CHART_LIMIT", "write_charts"]

#: Charts are drawn for the first this many KPIs only; larger plans get their
#: table and chart data in full, but no more charts.
CHART_LIMIT = 60

_FIRST_YEAR_COLUMN = 3
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


def _data_header(book: Book, data: Worksheet) -> None:
    labels, styles = book.labels, book.styles
    for column, text in enumerate([labels.kpi, labels.section_kind, labels.unit]):
        book.write_text(data, 0, column, text, styles.header)
    for offset, heading in enumerate(book.model.chart_years):
        book.write_text(data, 0, _FIRST_YEAR_COLUMN + offset, heading, styles.header)


def _data_rows(book: Book, data: Worksheet, index: int, series: ChartSeries) -> None:
    labels, styles = book.labels, book.styles
    values_row, target_row = 1 + 2 * index, 2 + 2 * index
    for row, name in ((values_row, labels.chart_values), (target_row, labels.chart_target)):
        book.write_text(data, row, 0, series.title, styles.plain)
        book.write_text(data, row, 1, name, styles.plain)
        book.write_text(data, row, 2, series.unit, styles.plain)
    target = None if series.target is None else float(series.target)
    for column, value in enumerate(series.values, start=_FIRST_YEAR_COLUMN):
        if value is not None:
            data.write_number(values_row, column, float(value))
        if target is not None:
            data.write_number(target_row, column, target)


def _chart(book: Book, data: Worksheet, index: int, series: ChartSeries) -> object:
    values_row, target_row = 1 + 2 * index, 2 + 2 * index
    last_year_column = _FIRST_YEAR_COLUMN + len(series.values) - 1
    chart = book.workbook.add_chart({"type": "line"})
    categories = [data.name, 0, _FIRST_YEAR_COLUMN, 0, last_year_column]

    def line(row: int) -> list[object]:
        return [data.name, row, _FIRST_YEAR_COLUMN, row, last_year_column]

    chart.add_series(
        {
            "name": [data.name, values_row, 1],
            "categories": categories,
            "values": line(values_row),
            "marker": {"type": "circle"},
        }
    )
    if series.target is not None:
        chart.add_series(
            {
                "name": [data.name, target_row, 1],
                "categories": categories,
                "values": line(target_row),
                "line": {"dash_type": "dash"},
            }
        )
    chart.set_title({"name": [data.name, values_row, 0], "name_font": {"size": 11, "name": FONT}})
    chart.set_legend({"position": "bottom"})
    chart.set_y_axis({"name": [data.name, values_row, 2]})
    chart.show_blanks_as("gap")
    chart.set_size({"width": _CHART_WIDTH, "height": 300})
    return chart


def write_charts(book: Book, chart_limit: int) -> None:
    """Write the chart data sheet, and a sheet of charts for the first ``chart_limit`` KPIs."""
    model = book.model
    if not model.charts or not model.chart_years:
        return
    columns = _FIRST_YEAR_COLUMN + len(model.chart_years)
    data = book.add_sheet(
        book.labels.sheet_chart_data, rows=1 + 2 * len(model.charts), columns=columns
    )
    _data_header(book, data)
    drawn = min(chart_limit, len(model.charts))
    charts = _chart_sheet(book, drawn) if chart_limit > 0 else None
    for index, series in enumerate(model.charts):
        _data_rows(book, data, index, series)
        if charts is None or index >= chart_limit:
            continue
        chart = _chart(book, data, index, series)
        place = ((index // 2) * _BAND_ROWS, (index % 2) * _BAND_COLUMNS)
        charts.insert_chart(*place, chart, {"object_position": 2})
    book.set_columns(data, (40, 10, 10))
    # The data is for the charts to draw, not to print: the sheet is hidden.
    data.hide()


def _chart_sheet(book: Book, drawn: int) -> Worksheet:
    """The sheet of ``drawn`` charts, broken into pages between bands, never across a chart."""
    bands = -(-drawn // 2)
    sheet = book.add_sheet(
        book.labels.sheet_charts,
        rows=bands * _BAND_ROWS,
        columns=2 * _BAND_COLUMNS,
    )
    sheet.set_column_pixels(0, 2 * _BAND_COLUMNS - 1, _COLUMN_PIXELS)
    # The columns in characters, as Excel counts them: 7 pixels each, and 5.
    choose_paper(sheet, [(_COLUMN_PIXELS - 5) // 7] * (2 * _BAND_COLUMNS), None)
    sheet.set_default_row(15)
    page_rows = _BANDS_PER_PAGE * _BAND_ROWS
    sheet.set_h_pagebreaks(list(range(page_rows, bands * _BAND_ROWS, page_rows)))
    return sheet
