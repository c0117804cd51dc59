"""The Word report's body, laid out from the report model.

It follows the structure of the Yonezawa evaluation: a title, then section
１, the KPI table (in a landscape A4 section, A3 for a plan of many years,
its header rows repeated on every page) and its notes; section ２, each
entry of the plan's structure, one heading level per level, with what was
done (■ items), the issues and the direction; section ３, the next plan.
An empty section is left out.
"""

from __future__ import annotations

from typing import Any

from planeval.exporters.word._fit import unbreakable_width
from planeval.exporters.word._ooxml import (
    CELL_MARGIN,
    TABLE_EM,
    TABLE_FONT_HALF_POINTS,
    TIGHT,
    cell,
    paragraph,
    row,
    table,
)
from planeval.exporters.word._package import A3_LONG, A4_LONG, MARGIN, landscape_page
from planeval.report.labels import Labels
from planeval.report.model import (
    InitiativeEntry,
    ItemEntry,
    KpiRow,
    KpiTable,
    ReportModel,
    ReviewEntry,
    SectionEntry,
    YearCell,
    cell_text,
)

__all__ = ["body_blocks"]

# Fixed column widths (twentieths of a point); the years share the rest.
_FIXED = {"number": 450, "name": 2900, "baseline": 1750, "target": 1400, "rate": 1350}
# The columns of the change since last year, the path status and the grade.
_TREND_WIDTH, _STATUS_WIDTH, _GRADE_WIDTH = 1300, 1000, 650
_MIN_YEAR_WIDTH = 900
# How much narrower the KPI name's column may get to keep a table on A4.
_NAME_GIVES = 1000


def _marks(kpi_table: KpiTable) -> list[tuple[str, int]]:
    """The columns after the rate, heading and width: the trend's, the status's, the grade's."""
    columns = (
        (kpi_table.trend_heading, _TREND_WIDTH),
        (kpi_table.status_heading, _STATUS_WIDTH),
        (kpi_table.grade_heading, _GRADE_WIDTH),
    )
    return [(heading, width) for heading, width in columns if heading is not None]


def _needed_year_width(kpi_table: KpiTable) -> int:
    """The width a year column needs: its widest figure-and-unit, mark or word fits.

    It is never below :data:`_MIN_YEAR_WIDTH`.
    """
    texts = [line for lines in kpi_table.year_headings for line in lines]
    texts += [line for kpi in kpi_table.rows for year in kpi.years for line in _year_lines(year)]
    widest = max((unbreakable_width(text, TABLE_EM) for text in texts), default=0)
    return max(_MIN_YEAR_WIDTH, widest + 2 * CELL_MARGIN)


def _page_and_name_width(needed: int) -> tuple[int, int]:
    """The landscape page for a table ``needed`` wide, and the KPI name column's width on it.

    A4 where the table fits it, the name's column giving up to
    :data:`_NAME_GIVES`; else A3 likewise; else A3 with the name's column
    as narrow as it gets.
    """
    for page in (A4_LONG, A3_LONG):
        shortfall = needed - (page - 2 * MARGIN)
        if shortfall <= _NAME_GIVES:
            return page, _FIXED["name"] - max(0, shortfall)
    return A3_LONG, _FIXED["name"] - _NAME_GIVES


def _widths(kpi_table: KpiTable) -> tuple[list[int], int]:
    """The table's column widths, and the long side of the landscape page it is printed on.

    The table is printed at 8 pt, the smallest size the report prints, on
    A4 landscape where every year column gets the width it needs there,
    else on A3 landscape (:func:`_page_and_name_width`). The year columns
    share what the page leaves. A plan too wide for A3 too gets narrower
    year columns, in which a figure may break from its unit, so that the
    table stays on the page.
    """
    marks = [width for _, width in _marks(kpi_table)]
    year_count = len(kpi_table.year_headings)
    others = sum(_FIXED.values()) - _FIXED["name"] + sum(marks)
    needed = others + _FIXED["name"] + _needed_year_width(kpi_table) * year_count
    page, name = _page_and_name_width(needed)
    year_width = (page - 2 * MARGIN - others - name) // max(year_count, 1)
    return [
        _FIXED["number"],
        name,
        _FIXED["baseline"],
        *([year_width] * year_count),
        _FIXED["target"],
        _FIXED["rate"],
        *marks,
    ], page


def _header_rows(kpi_table: KpiTable, widths: list[int]) -> list[str]:
    years = kpi_table.year_headings
    year_width = widths[3] if years else 0
    tail = 2 + len(_marks(kpi_table))
    top = [
        cell([text], width, align="center", merge="restart", header=True)
        for text, width in zip(
            (kpi_table.number_heading, kpi_table.name_heading, kpi_table.baseline_heading),
            widths,
            strict=False,
        )
    ]
    if years:
        top.append(
            cell(
                [kpi_table.progress_heading],
                year_width * len(years),
                align="center",
                span=len(years),
                header=True,
            )
        )
    # A merged cell shows its first cell only: the target's year and the
    # rate's caption go under their headings there, as the source prints
    # 目標値(令和7年度) and 達成率(最新値/目標値×100).
    tail_headings = [
        kpi_table.target_heading,
        kpi_table.rate_heading,
        *((heading,) for heading, _ in _marks(kpi_table)),
    ]
    for lines, width in zip(tail_headings, widths[-tail:], strict=True):
        top.append(cell(lines, width, align="center", merge="restart", header=True))
    bottom = [cell([], width, merge="continue", header=True) for width in widths[:3]]
    bottom += [cell(lines, year_width, align="center", header=True) for lines in years]
    bottom += [cell([], width, merge="continue", header=True) for width in widths[-tail:]]
    return [row(top, header=True), row(bottom, header=True)]


def _year_lines(year: YearCell) -> list[str]:
    if year.value is None:
        return []
    lines = [cell_text(year.value)]
    if year.below is not None:
        lines.append(cell_text(year.below))
    if year.rate is not None:
        lines.append(cell_text(year.rate))
    return lines


def _kpi_row(kpi: KpiRow, kpi_table: KpiTable, widths: list[int]) -> str:
    tail = 2 + len(_marks(kpi_table))
    cells = [
        cell([str(kpi.number)], widths[0], align="center"),
        cell(kpi.title.lines, widths[1], align="left"),
        cell([cell_text(kpi.baseline), cell_text(kpi.baseline_below)], widths[2]),
    ]
    cells += [
        cell(_year_lines(year), width)
        for year, width in zip(kpi.years, widths[3:-tail], strict=True)
    ]
    target = [cell_text(kpi.target)]
    if kpi.target_below is not None:
        target.append(cell_text(kpi.target_below))
    target_width, rate_width, *mark_widths = widths[-tail:]
    cells.append(cell(target, target_width))
    rate = [cell_text(kpi.rate)]
    if kpi.rate_below is not None:
        rate.append(kpi.rate_below.text)
    cells.append(cell(rate, rate_width))
    marks = iter(mark_widths)
    if kpi_table.trend_heading is not None:
        cells.append(cell([kpi.trend or ""], next(marks), align="center"))
    if kpi_table.status_heading is not None:
        cells.append(cell([kpi.status or ""], next(marks), align="center"))
    if kpi_table.graded:
        grade = kpi.grade
        label, colour = ("", None) if grade is None else (grade.label, grade.colour)
        cells.append(cell([label], next(marks), align="center", fill=colour))
    return row(cells)


class _Body:
    """Builds the body of one report as a list of XML blocks."""

    def __init__(self, model: ReportModel, labels: Labels, landscape_section: str) -> None:
        self.model = model
        self.labels = labels
        self.landscape_section = landscape_section
        self.blocks: list[str] = []

    def heading(self, text: str, level: int) -> None:
        self.blocks.append(paragraph(text, style=f"Heading{level}"))

    def text(self, text: str, **options: Any) -> None:
        self.blocks.append(paragraph(text, **options))

    def section_one(self) -> None:
        model = self.model
        kpi_table = model.kpi_table
        self.blocks.append(paragraph(model.document.title, style="Title"))
        if model.kpi_heading is None:
            return  # no KPI: no table, and no landscape pages for it
        self.heading(model.kpi_heading, 1)
        widths, page = _widths(kpi_table)
        rows = _header_rows(kpi_table, widths)
        rows += [_kpi_row(kpi, kpi_table, widths) for kpi in kpi_table.rows]
        self.blocks.append(table(widths, rows))
        # Single-spaced, so that the notes stay on the table's page.
        for note in (*kpi_table.notes, *kpi_table.legend):
            self.text(note, size=TABLE_FONT_HALF_POINTS, extra_properties=TIGHT)
        # The landscape section ends here.
        section = landscape_page(self.landscape_section, page)
        self.blocks.append(f"<w:p><w:pPr>{section}</w:pPr></w:p>")

    def initiative(self, entry: InitiativeEntry) -> None:
        self.text(entry.lead, indent=(210, -210), keep_next=bool(entry.lines))
        for line in entry.lines:
            self.text(line, indent=(210, 210))
        for reference in entry.references:
            self.text(reference, indent=(210, 0))

    def item(self, entry: ItemEntry) -> None:
        self.text(entry.line, indent=(210, -210))

    def sections(self, sections: tuple[SectionEntry, ...]) -> None:
        """Each entry's heading, one heading level per level, and a review after its last entry."""
        for section in sections:
            self.heading(section.heading, section.level + 2)
            self.sections(section.entries)
            if section.review is not None:
                self.review(section.review, section.level + 3)

    def review(self, review: ReviewEntry, level: int) -> None:
        self.heading(self.labels.initiatives, level)
        for initiative in review.initiatives:
            self.initiative(initiative)
        self.heading(self.labels.issues, level)
        for issue in review.issues:
            self.item(issue)
        self.heading(review.direction_and_rating, level)
        for point in review.direction_items:
            self.item(point)

    def section_two(self) -> None:
        if self.model.reviews_heading is None:
            return
        self.heading(self.model.reviews_heading, 1)
        self.sections(self.model.sections)

    def section_three(self) -> None:
        section = self.model.next_plan
        if section is None:
            return
        self.heading(section.heading, 1)
        self.text(section.lead, indent=(0, 210))
        for heading in section.headings:
            self.heading(heading.title, 2)
            for item in heading.items:
                self.text(item, indent=(210, -210))

    def build(self) -> list[str]:
        self.section_one()
        self.section_two()
        self.section_three()
        return self.blocks


def body_blocks(model: ReportModel, labels: Labels, landscape_section: str) -> list[str]:
    """The report's body as XML blocks; ``landscape_section`` ends the KPI table's pages."""
    return _Body(model, labels, landscape_section).build()
