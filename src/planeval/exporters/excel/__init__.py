"""The Excel exporter: a workbook to hand to the committee and keep working in.

Sheets: the KPI table laid out like the source document's (``_kpi_sheet``);
a chart per KPI, up to :data:`CHART_LIMIT` (``_charts``); the review of
measures, the reference figures, the section on the next plan and the
document's facts (``_review_sheets``). A4 landscape, fit to the page width,
header rows repeated, panes frozen, a Japanese font (``_styles``); the
workbook and its sheets (``_book``).

The same plan gives the same bytes (the workbook's creation time is the
plan's as-of date). xlsxwriter is imported only when a workbook is written.
"""

from __future__ import annotations

import io
import zipfile
from typing import BinaryIO

from planeval.exporters._zip import rewritten
from planeval.exporters.excel._book import Book
from planeval.exporters.excel._charts import CHART_GRID, CHART_LIMIT, write_charts
from planeval.exporters.excel._drawing import PlacedChart, chart_entries
from planeval.exporters.excel._kpi_sheet import write_kpi_sheet
from planeval.exporters.excel._parts import sheet_parts
from planeval.exporters.excel._review_sheets import (
    write_document_sheet,
    write_measures_sheet,
    write_next_plan_sheet,
    write_reference_sheet,
)
from planeval.exporters.excel._sheet_data import filled_sheets
from planeval.exporters.excel._styles import sheet_name
from planeval.exporters.protocol import Report
from planeval.limits import DOCUMENT_PROPERTY_LENGTH
from planeval.spreadsheets import FONT, new_workbook

__all__ = ["CHART_LIMIT", "ExcelExporter", "sheet_name"]


def _write_book(book: Book, chart_limit: int) -> tuple[str, tuple[PlacedChart, ...]] | None:
    """Write every sheet; the chart sheet and the charts to draw on it, if any."""
    document = book.model.document
    # Document properties hold at most 255 characters; the text is in the sheets.
    book.workbook.set_properties(
        {
            "title": document.title[:DOCUMENT_PROPERTY_LENGTH],
            "subject": document.plan_title[:DOCUMENT_PROPERTY_LENGTH],
            "company": document.municipality[:DOCUMENT_PROPERTY_LENGTH],
            "created": document.created,
        }
    )
    charts = None
    if book.model.kpi_heading is not None:
        write_kpi_sheet(book)
        charts = write_charts(book, chart_limit)
    write_measures_sheet(book)
    write_reference_sheet(book)
    write_next_plan_sheet(book)
    write_document_sheet(book)
    return charts


def _with_cells_and_charts(
    package: bytes, book: Book, charts: tuple[str, tuple[PlacedChart, ...]] | None
) -> bytes:
    """The package xlsxwriter wrote, with the sheets' cells and the charts, in one rewrite."""
    archive = zipfile.ZipFile(io.BytesIO(package))
    parts = sheet_parts(archive)
    replaced = filled_sheets(archive, parts, {sheet.name: sheet.data for sheet in book.sheets})
    added: list[tuple[str, bytes]] = []
    if charts is not None:
        sheet, placed = charts
        replaced, added = chart_entries(archive, replaced, parts[sheet], placed, FONT, CHART_GRID)
    return rewritten(package, replaced, added)


class ExcelExporter:
    """Writes the evaluation as an Excel workbook (.xlsx) with xlsxwriter.

    ``chart_limit`` is how many KPIs get a chart (the first ones); every KPI
    gets its chart data. Pass it through ``planeval.export(...,
    options={"chart_limit": 10})``.
    """

    name = "xlsx"
    aliases = ("excel",)
    extensions = (".xlsx",)
    description = "Excel workbook: the KPI table with rate formulas, charts and the review"

    def __init__(self, chart_limit: int = CHART_LIMIT) -> None:
        if isinstance(chart_limit, bool) or not isinstance(chart_limit, int) or chart_limit < 0:
            raise ValueError(
                f"chart_limit must be a whole number of 0 or more, not {chart_limit!r}"
            )
        self.chart_limit = chart_limit

    def write(self, report: Report, stream: BinaryIO) -> None:
        """Write ``report`` as an .xlsx workbook to ``stream``."""
        buffer = io.BytesIO()
        workbook = new_workbook(buffer)
        book = Book(workbook, report.model, report.labels)
        charts = _write_book(book, self.chart_limit)
        workbook.close()
        stream.write(_with_cells_and_charts(buffer.getvalue(), book, charts))
