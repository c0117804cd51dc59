"""The Word report's body, laid out from the report model.

It follows the structure of the Yonezawa evaluation: a title, then section
１, the KPI table (in a landscape A4 section, A3 for a plan of many years,
its years split over two tables or more where A3 is too narrow too, its
header rows repeated on every page) and its notes, then a chart per KPI
(``_charts``) on portrait pages; section ２, each
entry of the plan's structure, one heading level per level, with what was
done (■ items), the issues and the direction; section ３, the next plan.
An empty section is left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from planeval.exporters.word._charts import chart_paragraph
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
    GradeMark,
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


@attrs.frozen(kw_only=True)
class _Part:
    """One table of the KPI table's years: the columns it has and their widths.

    Every part has the number's and the name's columns; the first also the
    baseline's, the last also the target's, the rate's and the marks'.
    """

    years: range
    first: bool
    last: bool
    widths: tuple[int, ...]
    year_width: int


def _edges(kpi_table: KpiTable, *, first: bool, last: bool) -> tuple[list[int], list[int]]:
    """The widths of a part's columns before its years but the name's, and after them."""
    before = [_FIXED["number"], *([_FIXED["baseline"]] if first else [])]
    after = [_FIXED["target"], _FIXED["rate"], *(w for _, w in _marks(kpi_table))] if last else []
    return before, after


def _room(page: int, edges: tuple[list[int], list[int]]) -> int:
    """What a part's name and years share of ``page`` between the margins."""
    before, after = edges
    return page - 2 * MARGIN - sum(before) - sum(after)


def _split(kpi_table: KpiTable, year_count: int, parts: int, page: int) -> list[range]:
    """``year_count`` years in ``parts`` runs, sized so that their year columns are alike.

    The first part also has the baseline's column and the last the target's,
    the rate's and the marks', so each year goes where the columns are
    widest.
    """
    rooms = [
        _room(page, _edges(kpi_table, first=index == 0, last=index == parts - 1)) - _FIXED["name"]
        for index in range(parts)
    ]
    counts = [0] * parts
    for _ in range(year_count):
        widest = max(range(parts), key=lambda index: rooms[index] / (counts[index] + 1))
        counts[widest] += 1
    runs, start = [], 0
    for count in counts:
        runs.append(range(start, start + count))
        start += count
    return runs


def _part(kpi_table: KpiTable, years: range, year_count: int, page: int, need: int) -> _Part:
    """The part of the table with ``years``, its columns sized for ``page``.

    The KPI name's column gives up to :data:`_NAME_GIVES` where the years at
    their needed width ``need`` would not fit otherwise; the year columns
    share what is left.
    """
    first, last = years.start == 0, years.stop == year_count
    before, after = edges = _edges(kpi_table, first=first, last=last)
    room = _room(page, edges)
    name = _FIXED["name"] - min(_NAME_GIVES, max(0, _FIXED["name"] + need * len(years) - room))
    year_width = (room - name) // max(len(years), 1)
    widths = (before[0], name, *before[1:], *([year_width] * len(years)), *after)
    return _Part(years=years, first=first, last=last, widths=widths, year_width=year_width)


def _parts(kpi_table: KpiTable, page: int, count: int, need: int) -> list[_Part]:
    """The table in ``count`` parts on ``page``, its years at ``need`` wide where they fit."""
    year_count = len(kpi_table.year_headings)
    return [
        _part(kpi_table, years, year_count, page, need)
        for years in _split(kpi_table, year_count, count, page)
    ]


def _layout(kpi_table: KpiTable) -> tuple[int, list[_Part]]:
    """The long side of the KPI table's landscape page, and the table's parts on it.

    The table is printed at 8 pt, the smallest size the report prints: on
    A4 landscape where every year column gets the width it needs there
    (:func:`_needed_year_width`), else on A3 landscape, else on A3 with its
    years split over as few tables as give each year that width. A figure
    too wide for a column of A3 even alone (a 57-digit number) splits
    nothing: the table stays whole on A3, its years narrower than they need.
    """
    need = _needed_year_width(kpi_table)
    choices = [
        (A4_LONG, 1),
        *((A3_LONG, count) for count in range(1, len(kpi_table.year_headings) + 1)),
    ]
    for page, count in choices:
        parts = _parts(kpi_table, page, count, need)
        if all(part.year_width >= need for part in parts if part.years):
            return page, parts
    return A3_LONG, _parts(kpi_table, A3_LONG, 1, need)


def _year_lines(year: YearCell) -> list[str]:
    """A year cell's lines: its value, the figure below it and its rate, where it has them."""
    if year.value is None:
        return []
    lines = [cell_text(year.value)]
    if year.below is not None:
        lines.append(cell_text(year.below))
    if year.rate is not None:
        lines.append(cell_text(year.rate))
    return lines


def _merged_down(headings: list[tuple[str, ...]], widths: tuple[int, ...]) -> list[str]:
    """Header cells that run down both header rows."""
    return [
        cell(lines, width, align="center", merge="restart", header=True)
        for lines, width in zip(headings, widths, strict=True)
    ]


def _continued(widths: tuple[int, ...]) -> list[str]:
    """The second header row's part of cells merged down from the first."""
    return [cell([], width, merge="continue", header=True) for width in widths]


def _header_rows(kpi_table: KpiTable, part: _Part) -> list[str]:
    """The two header rows of a part: the headings, merged down, and a year's under progress."""
    leading: list[tuple[str, ...]] = [(kpi_table.number_heading,), (kpi_table.name_heading,)]
    if part.first:
        leading.append((kpi_table.baseline_heading,))
    # A merged cell shows its first cell only: the target's year and the
    # rate's caption go under their headings there, as the source prints
    # 目標値(令和7年度) and 達成率(最新値/目標値×100).
    trailing: list[tuple[str, ...]] = []
    if part.last:
        trailing = [kpi_table.target_heading, kpi_table.rate_heading]
        trailing += [(heading,) for heading, _ in _marks(kpi_table)]
    years = [kpi_table.year_headings[index] for index in part.years]
    lead_widths = part.widths[: len(leading)]
    tail_widths = part.widths[len(leading) + len(years) :]
    progress = [kpi_table.progress_heading]
    top = _merged_down(leading, lead_widths)
    if years:
        width = part.year_width * len(years)
        top.append(cell(progress, width, align="center", span=len(years), header=True))
    top += _merged_down(trailing, tail_widths)
    bottom = _continued(lead_widths)
    bottom += [cell(lines, part.year_width, align="center", header=True) for lines in years]
    bottom += _continued(tail_widths)
    return [row(top, header=True), row(bottom, header=True)]


def _kpi_row(kpi: KpiRow, kpi_table: KpiTable, part: _Part) -> str:
    """A KPI's row in a part: its number and name, and the part's other columns."""
    widths = iter(part.widths)
    cells = [
        cell([str(kpi.number)], next(widths), align="center"),
        cell(kpi.title.lines, next(widths), align="left"),
    ]
    if part.first:
        cells.append(cell([cell_text(kpi.baseline), cell_text(kpi.baseline_below)], next(widths)))
    cells += [cell(_year_lines(kpi.years[index]), next(widths)) for index in part.years]
    if part.last:
        cells += _kpi_tail(kpi, kpi_table, widths)
    return row(cells)


def _kpi_tail(kpi: KpiRow, kpi_table: KpiTable, widths: Iterator[int]) -> list[str]:
    """A KPI's cells after its years: the target, the rate, and the marks the table shows."""
    target = [cell_text(kpi.target)]
    if kpi.target_below is not None:
        target.append(cell_text(kpi.target_below))
    rate = [cell_text(kpi.rate)]
    if kpi.rate_below is not None:
        rate.append(kpi.rate_below.text)
    cells = [cell(target, next(widths)), cell(rate, next(widths))]
    if kpi_table.trend_heading is not None:
        cells.append(cell([kpi.trend or ""], next(widths), align="center"))
    if kpi_table.status_heading is not None:
        cells.append(cell([kpi.status or ""], next(widths), align="center"))
    if kpi_table.graded:
        cells.append(_grade_cell(kpi.grade, next(widths)))
    return cells


def _grade_cell(grade: GradeMark | None, width: int) -> str:
    """A KPI's grade, filled with its colour, in the text colour legible on it."""
    if grade is None:
        return cell([""], width, align="center")
    return cell(
        [grade.label], width, align="center", fill=grade.colour, text_colour=grade.text_colour
    )


class _Body:
    """Builds the body of one report as a list of XML blocks."""

    def __init__(
        self,
        model: ReportModel,
        labels: Labels,
        page_section: str,
        chart_ids: tuple[str, ...] = (),
    ) -> None:
        self.model = model
        self.labels = labels
        self.page_section = page_section
        self.chart_ids = chart_ids
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
        page, parts = _layout(kpi_table)
        for index, part in enumerate(parts):
            if index:
                # A paragraph between two tables keeps them apart.
                self.text(kpi_table.continued, size=TABLE_FONT_HALF_POINTS)
            rows = _header_rows(kpi_table, part)
            rows += [_kpi_row(kpi, kpi_table, part) for kpi in kpi_table.rows]
            self.blocks.append(table(list(part.widths), rows, caption=model.kpi_heading))
        # Single-spaced, so that the notes stay on the table's page.
        for note in (*kpi_table.notes, *kpi_table.legend):
            self.text(note, size=TABLE_FONT_HALF_POINTS, extra_properties=TIGHT)
        # The landscape section ends here.
        section = landscape_page(self.page_section, page)
        self.blocks.append(f"<w:p><w:pPr>{section}</w:pPr></w:p>")

    def charts(self) -> None:
        """The KPIs' charts after the KPI table's pages, and the line naming those left out."""
        model = self.model
        if model.charts_heading is None or not self.chart_ids:
            return
        self.heading(model.charts_heading, 2)
        for index, (chart, chart_id) in enumerate(zip(model.charts, self.chart_ids, strict=True)):
            self.blocks.append(chart_paragraph(chart, chart_id, index))
        if model.charts_omitted is not None:
            self.text(model.charts_omitted)

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
        self.charts()
        self.section_two()
        self.section_three()
        return self.blocks


def body_blocks(
    model: ReportModel, labels: Labels, page_section: str, chart_ids: tuple[str, ...] = ()
) -> list[str]:
    """The report's body as XML blocks.

    ``page_section`` is the body's final ``w:sectPr``: turned landscape, it
    ends the KPI table's pages. ``chart_ids`` are the relationship ids of the
    chart parts, one per chart of the model
    (:meth:`planeval.exporters.word._package.WordTemplate.chart_ids`).
    """
    return _Body(model, labels, page_section, chart_ids).build()
