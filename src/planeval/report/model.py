"""The report model: what a report says, decided once, for every format.

:func:`planeval.report.build.build_report` fills it from a plan, its
evaluation and the labels of one language. Every word and mark is decided
here; an exporter only lays it out. A KPI table cell is a :class:`Figure`
(a number with the prefix, unit and suffix printed around it) or a
:class:`Text`: Excel turns a figure into a number with a number format, Word
and the terminal into text (:func:`figure_text`), HTML into markup.

The model's classes are frozen attrs classes, but for its cells
(:class:`Figure`, :class:`Text`, :class:`YearCell`, :class:`CellPlace`),
which are named tuples: a report of 1,000 KPIs holds tens of thousands of
them, and a named tuple is made in a third of the time (docs/performance.md).
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

import attrs

from planeval.colours import text_colour_on
from planeval.formatting import format_number
from planeval.model import RoundingMode

__all__ = [
    "CHART_LIMIT",
    "CHART_STYLES",
    "BriefRow",
    "Cell",
    "CellPlace",
    "ChartRole",
    "ChartSeries",
    "ChartStyle",
    "DocumentInfo",
    "Fact",
    "Figure",
    "GradeMark",
    "InitiativeEntry",
    "ItemEntry",
    "KpiChart",
    "KpiRow",
    "KpiTable",
    "NextPlan",
    "NextPlanHeadingEntry",
    "RateFormula",
    "ReferenceRow",
    "ReferenceTable",
    "ReportModel",
    "ReviewEntry",
    "SectionEntry",
    "Text",
    "YearCell",
    "cell_text",
    "figure_text",
]


class Figure(NamedTuple):
    """A number as printed: ``prefix`` + the number + ``unit`` + ``suffix`` (累計101社, （4社）).

    ``decimals`` is the count every rendering shows: the digits the number
    was given, or the KPI's own ``decimals``, to which it is rounded half up.
    ``note`` is the mark of a note the value cites, printed after it (1,445億円(注1)).
    """

    number: Decimal
    prefix: str = ""
    unit: str = ""
    suffix: str = ""
    decimals: int = 0
    note: str = ""


class Text(NamedTuple):
    """Text in a cell, one entry per line (a KPI's name, then its scope and source)."""

    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The lines joined by line breaks."""
        return "\n".join(self.lines)


#: What a KPI table cell holds.
Cell = Figure | Text


def figure_text(figure: Figure) -> str:
    """A figure as text: 累計101社, 1,465億円, 86.4％, 1,445億円(注1)."""
    number = format_number(figure.number, figure.decimals)
    return f"{figure.prefix}{number}{figure.unit}{figure.suffix}{figure.note}"


def cell_text(cell: Cell | None) -> str:
    """Any cell as text: a figure's text, a text's lines joined, or empty."""
    if cell is None:
        return ""
    return figure_text(cell) if isinstance(cell, Figure) else cell.text


class YearCell(NamedTuple):
    """A KPI's cell for one fiscal year: its value, and the second figure printed below.

    Below a value stands a stock's own count for the year (（4社）) or a
    flow's running total ((R3～延べ3件)); below a missing value its note
    mark ((注1)). Both are None for a year the KPI has no observation for.
    ``rate`` is the year's rate (86.4％, or the no-rate mark), where the
    table has a row of yearly rates and the year is in the plan.
    """

    value: Cell | None
    below: Cell | None
    rate: Cell | None = None


class CellPlace(NamedTuple):
    """Where a figure the engine used stands in a KPI's row.

    ``column`` counts the row's columns from the baseline (0), through the
    years (1 onwards), to the target; ``below`` is the line under the value.
    """

    column: int
    below: bool = False


@attrs.frozen(kw_only=True)
class RateFormula:
    """How a KPI's rate follows from the figures in its row, for formats that compute it.

    The rate is ``dividend`` / ``divisor`` x 100, rounded by ``rounding`` to
    ``decimals`` places, and at most ``cap`` where there is one. Each of
    ``dividend`` and ``divisor`` is one figure, or two whose difference (the
    first less the second) it is: 最新値/目標値 is ``(latest,)`` over
    ``(target,)``, (最新値－基準値)/(目標値－基準値) is ``(latest, baseline)``
    over ``(target, baseline)``.
    """

    dividend: tuple[CellPlace, ...]
    divisor: tuple[CellPlace, ...]
    rounding: RoundingMode
    decimals: int
    cap: Decimal | None = None


@attrs.frozen(kw_only=True)
class GradeMark:
    """A grade as shown: its label, and the ``#RRGGBB`` colour that fills its cell."""

    label: str
    colour: str | None

    @property
    def text_colour(self) -> str | None:
        """The label's colour on the fill, black or white, whichever is more legible.

        One of the two contrasts with any fill at 4.5:1 or more (WCAG AA);
        None where the cell has no fill (the text's own colour).
        """
        return None if self.colour is None else text_colour_on(self.colour)


@attrs.frozen(kw_only=True)
class BriefRow:
    """One KPI in one line of text, for a terminal: every cell already a string."""

    cells: tuple[str, ...]


@attrs.frozen(kw_only=True)
class KpiRow:
    """One KPI in the table: two lines per column, the value above and a second figure below.

    ``attached`` is the heading of the entry the KPI is attached to
    (基本目標１), empty for a KPI of the plan itself; ``title`` is the name
    with its scope and source notes, after that heading. ``rate`` is the
    rate as a figure (or the no-rate mark), ``rate_below`` the reason there
    is none or the formula it was computed by, where the header does not give
    it. ``grade`` is the grade, which every format prints in a column of
    its own, and ``status`` the path status in words (順調), where the
    table shows statuses and the KPI has one. ``trend`` is the change
    since the previous published year, its arrow first (↑ +20億円), where
    the table shows it and the KPI has one. ``brief_years`` lays out the
    KPI's value and rate in each year that has a value, a line each, for a
    terminal, where the report was built with ``year_lines`` (else empty).
    """

    number: int
    attached: str
    title: Text
    baseline: Cell
    baseline_below: Cell | None
    years: tuple[YearCell, ...]
    target: Cell
    target_below: Cell | None
    rate: Cell
    rate_below: Text | None
    rate_formula: RateFormula | None
    trend: str | None
    status: str | None
    grade: GradeMark | None
    brief: BriefRow
    brief_years: tuple[BriefRow, ...] = ()


@attrs.frozen(kw_only=True)
class KpiTable:
    """The KPI table: its headings, one row per KPI, the notes under it.

    ``year_headings`` has one entry per year column, each a tuple of lines
    (令和3年度, and （参考） for a year before the plan). ``target_heading``
    and ``rate_heading`` are the lines of those columns' headings: the shared
    target year and the shared rate formula where every KPI has the same.
    ``graded`` says whether the plan grades its KPIs (a grade column);
    ``yearly_rate_heading`` labels a third row under each KPI's values
    holding the rate of every year, where the plan asks for it.
    ``trend_heading`` and ``status_heading`` head columns of the changes
    since the previous year (前年度比) and of path statuses, where the
    table has them. ``legend`` is the grade legend as lines: its heading, then each
    grade with its description, in rule order (empty without grading).
    ``continued`` is the line a report prints above a second table where it
    splits the years of a wide table over two or more.
    The ``brief_*`` fields lay the table out as lines of text for a
    terminal: the lines above it, its header, why rates are missing, and
    the header of each KPI's lines of yearly figures (``summary --years``).
    """

    title: str
    heading: str
    number_heading: str
    name_heading: str
    baseline_heading: str
    progress_heading: str
    year_headings: tuple[tuple[str, ...], ...]
    target_heading: tuple[str, ...]
    rate_heading: tuple[str, ...]
    grade_heading: str | None
    yearly_rate_heading: str | None
    trend_heading: str | None
    status_heading: str | None
    rows: tuple[KpiRow, ...]
    notes: tuple[str, ...]
    legend: tuple[str, ...]
    brief_lead: tuple[str, ...]
    brief_header: tuple[str, ...]
    brief_reasons: tuple[str, ...]
    continued: str
    brief_years_header: tuple[str, ...] = ()

    @property
    def graded(self) -> bool:
        """Whether the table has a grade column."""
        return self.grade_heading is not None


class ChartRole(enum.Enum):
    """What a chart's series shows; every format draws each role the same way.

    ``VALUES``: the figures the rate is computed from, a line with markers
    (a flow's running totals, as its rate uses them). ``BASELINE``: the
    baseline, a flat dotted line across the chart. ``EXPECTED``: the
    expected path, a dashed line from where it starts to the target.
    ``INTERIM``: the interim targets, markers only. ``TARGET``: the target, a
    marker in its year.
    """

    VALUES = "values"
    BASELINE = "baseline"
    EXPECTED = "expected"
    INTERIM = "interim"
    TARGET = "target"


@attrs.frozen(kw_only=True)
class ChartSeries:
    """One series of a chart: its role, its name, and a point per category (None: a gap)."""

    role: ChartRole
    name: str
    points: tuple[Decimal | None, ...]


class ChartStyle(NamedTuple):
    """How every format draws a series of one role.

    ``colour`` is ``#RRGGBB``; ``dash`` is ``solid``, ``dash`` or ``dot``, or
    None for markers without a line; ``marker`` is ``circle``, ``diamond``,
    ``triangle`` or None.
    """

    colour: str
    dash: str | None
    marker: str | None


#: The most charts a report holds, in every format: the first this many KPIs
#: with figures get one, and the report names the others
#: (:attr:`ReportModel.charts_omitted`). Sixty charts keep a workbook quick to
#: open and a Word report's charts within 20 pages (docs/performance.md).
CHART_LIMIT = 60

#: The one design of charts: each role's colour, line and marker, in every format.
CHART_STYLES: Mapping[ChartRole, ChartStyle] = {
    ChartRole.VALUES: ChartStyle(colour="#1F4E79", dash="solid", marker="circle"),
    ChartRole.BASELINE: ChartStyle(colour="#7F7F7F", dash="dot", marker=None),
    ChartRole.EXPECTED: ChartStyle(colour="#C55A11", dash="dash", marker=None),
    ChartRole.INTERIM: ChartStyle(colour="#548235", dash=None, marker="diamond"),
    ChartRole.TARGET: ChartStyle(colour="#C00000", dash=None, marker="triangle"),
}


@attrs.frozen(kw_only=True)
class KpiChart:
    """One KPI's chart, the same in every format that draws charts.

    ``categories`` are the x-axis's year labels, every fiscal year from the
    first shown to the target's (R1 and the reference mark on a second line
    for a year before the plan); ``reference`` flags those years. Each
    series has a point per category. ``ticks`` are the value axis's, from
    its lowest to its highest, a round step apart: every format draws the
    same axis. ``title`` is the chart's title (1 付加価値額), ``unit`` the
    value axis's title; ``description`` says what the chart shows in words,
    for those who cannot see it (alt text).
    """

    number: int
    title: str
    unit: str
    categories: tuple[str, ...]
    reference: tuple[bool, ...]
    series: tuple[ChartSeries, ...]
    ticks: tuple[Decimal, ...]
    description: str


@attrs.frozen(kw_only=True)
class InitiativeEntry:
    """An initiative as listed in a review (■), resolved where it is listed again.

    ``title`` is None for an untitled one, whose first paragraph leads it.
    ``details`` are already bracketed (［見出し］text); ``references`` are the
    reference figures, one line each; ``repeated`` says it is listed again
    (（再掲）). For running text, ``lead`` is its first line as printed
    (■ 企業訪問（Ｒ３～４）) and ``lines`` the paragraphs and details after it,
    the repeat mark closing the last of them.
    """

    title: str | None
    years: str
    paragraphs: tuple[str, ...]
    details: tuple[str, ...]
    references: tuple[str, ...]
    repeated: bool
    lead: str
    lines: tuple[str, ...]


@attrs.frozen(kw_only=True)
class ItemEntry:
    """An issue or a direction item as listed, and whether it is listed again.

    ``line`` is the item as printed in running text: ■ text（再掲）.
    """

    text: str
    repeated: bool
    line: str


@attrs.frozen(kw_only=True)
class ReviewEntry:
    """The written evaluation of one or more entries of the plan's last level.

    ``path`` and ``entries`` say where it belongs: the headings of the first
    entry's parents, one per level above the last (（基本戦略１）…), and each
    entry's heading without its priority mark (施策１ …); ``priority`` is the
    priority mark when one of them is a priority entry.
    ``direction_heading`` is 今後の方向性：拡充, and ``direction_and_rating``
    the same with the measure's rating where it has one.
    """

    path: tuple[str, ...]
    entries: tuple[str, ...]
    priority: str
    initiatives: tuple[InitiativeEntry, ...]
    issues: tuple[ItemEntry, ...]
    direction_heading: str
    direction_and_rating: str
    direction_items: tuple[ItemEntry, ...]
    rating: GradeMark | None


@attrs.frozen(kw_only=True)
class SectionEntry:
    """An entry of the plan's structure as a heading, with the entries under it.

    ``level`` counts from 0 at the plan's first level. ``review`` is the
    review printed after it: that of the reviews whose last entry it is.
    """

    heading: str
    level: int
    entries: tuple[SectionEntry, ...]
    review: ReviewEntry | None


@attrs.frozen(kw_only=True)
class ReferenceRow:
    """One reference indicator: where it is reported, and its value for each year.

    ``entries`` are the headings of the entries whose review reports it, one a line.
    """

    entries: str
    initiative: str
    name: str
    values: tuple[Cell | None, ...]


@attrs.frozen(kw_only=True)
class ReferenceTable:
    """Every reference indicator of the reviews, by year."""

    title: str
    year_headings: tuple[str, ...]
    rows: tuple[ReferenceRow, ...]


@attrs.frozen(kw_only=True)
class NextPlanHeadingEntry:
    """A heading of the next plan's section (■ …) and its items (・…), marks included."""

    title: str
    items: tuple[str, ...]


@attrs.frozen(kw_only=True)
class NextPlan:
    """The section on the next plan: its numbered heading, title, lead and headings."""

    heading: str
    title: str
    lead: str
    headings: tuple[NextPlanHeadingEntry, ...]


@attrs.frozen(kw_only=True)
class Fact:
    """A labelled fact about the document: a text, or a date with its short text.

    ``text`` is None where the plan does not say; ``date`` is set for dates,
    with ``long_text`` the date written out (令和7年7月3日, 3 July 2025).
    """

    label: str
    text: str | None
    date: datetime.date | None = None
    long_text: str | None = None


@attrs.frozen(kw_only=True)
class DocumentInfo:
    """What the document is: its titles, the lines of its page header, and its facts.

    ``created`` is the fixed time the report is stamped with, so that the
    same plan gives the same bytes.
    """

    title: str
    plan_title: str
    municipality: str
    header_lines: tuple[str, ...]
    facts: tuple[Fact, ...]
    created: datetime.datetime


@attrs.frozen(kw_only=True)
class ReportModel:
    """Everything a report of one plan says, in one language.

    ``kpi_table`` and its numbered ``kpi_heading`` (None when the plan has
    neither KPIs nor the notes printed with them: the section is left out,
    and those after it take its number); ``charts``, one per KPI with
    figures up to the report's cap (:data:`CHART_LIMIT`),
    under ``charts_heading`` (None without charts), and ``charts_omitted``,
    the line that names the KPIs past the cap (None when none is left
    out), ``charts_omitted_kpis`` their numbers (a format that draws fewer
    charts names its own with :meth:`Labels.charts_omitted`); the reviews, as the plan's
    structure (``sections``, entry by entry) and as a flat ``reviews``
    list, under ``reviews_heading`` (None when the plan has no review: the
    section is left out), with ``level_names`` and ``priority_heading``
    for the columns that place them, ``reviews_sheet`` the name of a sheet
    of them (``rating_heading`` where the plan rates its entries), and the
    repeat mark for a cell of its own (``repeat_cell``);
    the ``references`` table (None when no
    initiative reports reference figures); the ``grade_legend`` (the plan's
    grades in rule order, each label once); the ``next_plan`` section (None
    when the plan has none); and the ``document`` facts.
    """

    document: DocumentInfo
    kpi_heading: str | None
    kpi_table: KpiTable
    charts: tuple[KpiChart, ...]
    charts_heading: str | None
    charts_omitted: str | None
    charts_omitted_kpis: tuple[int, ...]
    reviews_title: str
    reviews_heading: str | None
    reviews_sheet: str
    level_names: tuple[str, ...]
    priority_heading: str
    sections: tuple[SectionEntry, ...]
    reviews: tuple[ReviewEntry, ...]
    rating_heading: str | None
    repeat_cell: str
    references: ReferenceTable | None
    grade_legend: tuple[GradeMark, ...]
    next_plan: NextPlan | None
