"""The Excel exporter: a workbook to hand to the committee and keep working in.

Sheets: the KPI table laid out like the source document's (numeric cells
with their units in the number format, a second row per KPI for the second
figure a cell prints, and each rate an Excel formula over the cells the
engine used, its value cached); a chart per KPI (up to :data:`CHART_LIMIT`);
the review of measures; the reference figures; the section on the next
plan; and the document's metadata. A4 landscape, fit to the page width,
header rows repeated, panes frozen, a Japanese font.

User text is always written as text: the workbook converts no string to a
formula or a URL, and no formula is built from user text. The same plan
gives the same bytes (the workbook's creation time is the plan's as-of date).
xlsxwriter is imported only when a workbook is written.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs

from planeval.evaluation import KpiEvaluation
from planeval.exporters.registry import Report
from planeval.formatting import display_width
from planeval.labels import Labels
from planeval.limits import CELL_TEXT_LENGTH
from planeval.model import (
    DirectionItem,
    Initiative,
    Issue,
    KpiKind,
    MeasureReview,
    Method,
    Observation,
    Polarity,
    ReferenceIndicator,
    Repeat,
    RoundingMode,
)
from planeval.rendering import (
    baseline_period_text,
    category_label,
    date_text,
    fiscal_year_text,
    items_by_id,
    kpi_title_lines,
    measure_heading_text,
    missing_text,
    note_text,
    own_rate_caption,
    rate_caption,
    reference_text,
    report_timestamp,
    resolve,
    running_total_prefix,
    shared_rate_formula,
    strategy_heading_text,
    year_span_text,
)

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

__all__ = ["CHART_LIMIT", "ExcelExporter", "sheet_name"]

#: Charts are drawn for the first this many KPIs only; larger plans get their
#: table and chart data in full, but no more charts.
CHART_LIMIT = 60

_FONT = "游ゴシック"
_KPI_NAME_WIDTH = 34
_PROPERTY_LENGTH = 255
_MOST_PLACES = 30
_MEASURE_WIDTHS = (20, 24, 10, 16, 26, 10, 70, 8, 34)
_A4 = 9
_MAX_SHEET_NAME = 31
_INVALID_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
_ROUNDING_FUNCTIONS = {
    RoundingMode.HALF_UP: "ROUND",
    RoundingMode.DOWN: "ROUNDDOWN",
    RoundingMode.UP: "ROUNDUP",
}


def sheet_name(wanted: str, taken: Iterable[str] = ()) -> str:
    r"""Make a valid, unused sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = _INVALID_SHEET_CHARACTERS.sub("_", wanted).strip("'") or "Sheet"
    taken_folded = {name.casefold() for name in taken}
    candidate = cleaned[:_MAX_SHEET_NAME]
    counter = 2
    while candidate.casefold() in taken_folded:
        suffix = f" ({counter})"
        candidate = cleaned[: _MAX_SHEET_NAME - len(suffix)] + suffix
        counter += 1
    return candidate


def _literal(text: str) -> str:
    """Quote text for a number format.

    Plain text goes in double quotes. Text holding a double quote or a
    semicolon (which separates a format's sections) is written one escaped
    character at a time instead, which every reader takes as literal.
    """
    if '"' in text or ";" in text:
        return "".join(f"\\{character}" for character in text)
    return f'"{text}"'


@functools.lru_cache(maxsize=1024)
def _number_format(places: int, prefix: str = "", suffix: str = "") -> str:
    digits = "#,##0" + ("." + "0" * places if places else "")
    return f"{_literal(prefix) if prefix else ''}{digits}{_literal(suffix) if suffix else ''}"


def _places(values: Iterable[Decimal | None]) -> int:
    """The most decimal places among the values (0 for whole numbers), at most 30.

    Excel shows 30 decimals at the most; the cell holds the value all the same.
    """
    exponents = [
        -exponent
        for value in values
        if value is not None and isinstance(exponent := value.as_tuple().exponent, int)
        if exponent < 0
    ]
    return min(max(exponents, default=0), _MOST_PLACES)


_LINE_HEIGHT = 13.5  # points per line of 10-point text


def _row_height(cells: Iterable[tuple[str, float]], *, minimum: float = 15) -> float:
    """Estimate the height that shows every wrapped line of each (text, column width) cell.

    Spreadsheets do not grow rows for wrapped text written by a program, so
    the height is set from the display width of the text (Japanese counts
    double) against the column's width in characters.
    """
    lines = 1
    for text, width in cells:
        usable = max(width - 1, 1)
        wrapped = sum(max(1, -(-display_width(line) // int(usable))) for line in text.split("\n"))
        lines = max(lines, wrapped)
    return max(minimum, lines * _LINE_HEIGHT + 3)


@attrs.frozen
class _Cell:
    row: int
    column: int


# The borders of a KPI's two rows: open between them, closed around them.
_TOP_HALF = {"top": 1, "left": 1, "right": 1}
_BOTTOM_HALF = {"bottom": 1, "left": 1, "right": 1}


class _Styles:
    """Every cell format the workbook uses, made once."""

    def __init__(self, workbook: Workbook, labels: Labels) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}
        self.title = self.get(bold=True, font_size=14)
        self.subtitle = self.get(bold=True, font_size=12)
        self.header = self.get(
            bold=True,
            border=1,
            align="center",
            valign="vcenter",
            text_wrap=True,
            bg_color="#D9E1F2",
        )
        self.text = self.get(border=1, valign="top", text_wrap=True)
        self.text_center = self.get(border=1, valign="vcenter", align="center", text_wrap=True)
        self.plain = self.get(valign="top", text_wrap=True)
        self.label = self.get(bold=True, valign="top")
        self.note = self.get(valign="top", font_size=9)
        self.date = self.get(num_format=labels.spreadsheet_date, align="left")
        self._numbers: dict[tuple[str, bool], Format] = {}
        self._half_texts = {
            top: self.get(
                align="right",
                valign="vcenter",
                text_wrap=True,
                **(_TOP_HALF if top else _BOTTOM_HALF),
            )
            for top in (True, False)
        }

    def get(self, **properties: Any) -> Format:
        """Return the format with these properties, creating it on first use."""
        key = tuple(sorted(properties.items()))
        if key not in self._cache:
            self._cache[key] = self._workbook.add_format(properties)
        return self._cache[key]

    def number(self, number_format: str, *, top: bool) -> Format:
        """A bordered numeric cell; ``top`` for a KPI's first row, else its second."""
        found = self._numbers.get((number_format, top))
        if found is None:
            border = _TOP_HALF if top else _BOTTOM_HALF
            found = self.get(num_format=number_format, align="right", valign="vcenter", **border)
            self._numbers[(number_format, top)] = found
        return found

    def half_text(self, *, top: bool) -> Format:
        """A bordered text cell in one of a KPI's two rows."""
        return self._half_texts[top]


class _WorkbookWriter:
    """Writes one evaluation into one workbook."""

    def __init__(self, report: Report, workbook: Workbook, chart_limit: int) -> None:
        self.evaluation = report.evaluation
        self.plan = report.plan
        self.labels = report.labels
        self.workbook = workbook
        self.chart_limit = chart_limit
        self.styles = _Styles(workbook, self.labels)
        self.sheet_names: list[str] = []

    # -- common ------------------------------------------------------------------

    def add_sheet(self, wanted: str, *, header_rows: tuple[int, int] | None = None) -> Worksheet:
        name = sheet_name(wanted, self.sheet_names)
        self.sheet_names.append(name)
        sheet = self.workbook.add_worksheet(name)
        sheet.set_paper(_A4)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        sheet.set_footer("&C&P / &N")
        if header_rows is not None:
            sheet.repeat_rows(*header_rows)
        return sheet

    def year(self, year: int, *, short: bool = False) -> str:
        return fiscal_year_text(year, self.plan, self.labels, short=short)

    def write_text(self, sheet: Worksheet, row: int, column: int, text: str, style: Format) -> None:
        # write_string, never write: user text must not become a formula or URL.
        if len(text) > CELL_TEXT_LENGTH:
            # The loader's limits keep every cell within this; never cut text silently.
            raise ValueError(
                f"a cell of {len(text)} characters on sheet {sheet.name!r}; "
                f"a spreadsheet cell holds {CELL_TEXT_LENGTH}"
            )
        sheet.write_string(row, column, text, style)

    # -- the KPI sheet -----------------------------------------------------------

    def fiscal_years(self) -> list[int]:
        """Every fiscal year that has an observation in some KPI."""
        return sorted({obs.fiscal_year for kpi in self.plan.kpis for obs in kpi.observations})

    def kpi_sheet(self) -> None:
        labels, plan, styles = self.labels, self.plan, self.styles
        years = self.fiscal_years()
        target_years = {kpi.target.fiscal_year for kpi in plan.kpis if kpi.target is not None}
        shared_target_year = next(iter(target_years)) if len(target_years) == 1 else None
        first_year_column = 3
        target_column = first_year_column + len(years)
        rate_column = target_column + 1
        header_top, header_bottom = 3, 4
        sheet = self.add_sheet(labels.sheet_kpis, header_rows=(header_top, header_bottom))

        self.write_text(sheet, 0, 0, plan.document.title, styles.title)
        self.write_text(sheet, 1, 0, labels.kpi_section, styles.subtitle)
        for column, text in ((0, labels.number), (1, labels.kpi), (2, labels.baseline)):
            sheet.merge_range(header_top, column, header_bottom, column, text, styles.header)
        if years:
            if len(years) > 1:
                sheet.merge_range(
                    header_top,
                    first_year_column,
                    header_top,
                    target_column - 1,
                    labels.progress_header,
                    styles.header,
                )
            else:
                self.write_text(
                    sheet, header_top, first_year_column, labels.progress_header, styles.header
                )
        for offset, year in enumerate(years):
            heading = self.year(year)
            if year < plan.period.first:
                heading += "\n" + labels.reference_year
            self.write_text(
                sheet, header_bottom, first_year_column + offset, heading, styles.header
            )
        self.write_text(sheet, header_top, target_column, labels.target, styles.header)
        target_heading = (
            labels.fiscal_year_heading.format(year=self.year(shared_target_year))
            if shared_target_year is not None
            else ""
        )
        self.write_text(sheet, header_bottom, target_column, target_heading, styles.header)
        self.write_text(sheet, header_top, rate_column, labels.achievement_rate, styles.header)
        self.write_text(
            sheet,
            header_bottom,
            rate_column,
            rate_caption(*self.shared_formula, labels) if self.shared_formula else "",
            styles.header,
        )
        if plan.grading:
            grade_column = rate_column + 1
            sheet.merge_range(
                header_top, grade_column, header_bottom, grade_column, labels.grade, styles.header
            )
            sheet.set_column(grade_column, grade_column, 10)

        row = header_bottom + 1
        for result in self.evaluation.kpis:
            self.kpi_rows(sheet, row, result, years, shared_target_year)
            row += 2
        row += 1
        for note in plan.notes:
            self.write_text(sheet, row, 0, note_text(note, labels), styles.note)
            row += 1

        sheet.freeze_panes(header_bottom + 1, 2)
        sheet.set_column(0, 0, 5)
        sheet.set_column(1, 1, _KPI_NAME_WIDTH)
        sheet.set_column(2, 2, 20)
        sheet.set_column(first_year_column, target_column, 16)
        sheet.set_column(rate_column, rate_column, 18)
        sheet.set_row(header_bottom, 36)

    @functools.cached_property
    def shared_formula(self) -> tuple[Method, Polarity] | None:
        """The rate formula the header's caption gives, where every KPI shares it."""
        return shared_rate_formula(self.plan)

    def kpi_rows(
        self,
        sheet: Worksheet,
        row: int,
        result: KpiEvaluation,
        years: list[int],
        shared_target_year: int | None,
    ) -> None:
        kpi, labels, styles, plan = result.kpi, self.labels, self.styles, self.plan
        lower_row = row + 1
        places = _places(
            [
                kpi.baseline.value if kpi.baseline else None,
                kpi.target.value if kpi.target else None,
                *(obs.value for obs in kpi.observations),
                *(obs.increment for obs in kpi.observations),
            ]
        )
        unit = kpi.unit
        unit_per = f"{kpi.unit}/{kpi.unit_per}" if kpi.unit_per else kpi.unit
        stock = kpi.kind is KpiKind.STOCK
        flow = kpi.kind is KpiKind.FLOW

        sheet.merge_range(row, 0, lower_row, 0, "", styles.text_center)
        sheet.write_number(row, 0, kpi.number, styles.text_center)
        sheet.merge_range(row, 1, lower_row, 1, "", styles.text)
        self.write_text(sheet, row, 1, "\n".join(kpi_title_lines(kpi, plan, labels)), styles.text)

        # The baseline, and the period it was measured in below it.
        baseline_cell = _Cell(row, 2)
        if kpi.baseline is not None:
            prefix = labels.cumulative_before if stock else ""
            suffix = unit_per + (labels.per_year if flow else "")
            sheet.write_number(
                row,
                2,
                float(kpi.baseline.value),
                styles.number(_number_format(places, prefix, suffix), top=True),
            )
            self.write_text(
                sheet,
                lower_row,
                2,
                baseline_period_text(kpi, plan, labels) or "",
                styles.half_text(top=False),
            )
        else:
            self.write_text(sheet, row, 2, labels.no_rate, styles.half_text(top=True))
            sheet.write_blank(lower_row, 2, None, styles.half_text(top=False))

        # One column per fiscal year: the value, and the second figure below it.
        by_year = {obs.fiscal_year: obs for obs in kpi.observations}
        totals = {total.fiscal_year: total.value for total in result.running_totals}
        value_format = styles.number(
            _number_format(places, labels.cumulative if stock else "", unit), top=True
        )
        running_prefix = running_total_prefix(plan, labels)
        value_cells: dict[int, _Cell] = {}
        total_cells: dict[int, _Cell] = {}
        for offset, year in enumerate(years):
            column = 3 + offset
            observation: Observation | None = by_year.get(year)
            if observation is None:
                sheet.write_blank(row, column, None, styles.half_text(top=True))
            elif observation.value is None:
                missing = labels.missing[observation.missing] if observation.missing else ""
                self.write_text(
                    sheet, row, column, missing or labels.no_rate, styles.half_text(top=True)
                )
            else:
                sheet.write_number(row, column, float(observation.value), value_format)
                value_cells[year] = _Cell(row, column)
            below = styles.half_text(top=False)
            if observation is not None and observation.value is None and observation.note:
                self.write_text(
                    sheet,
                    lower_row,
                    column,
                    labels.note_reference.format(id=observation.note),
                    below,
                )
            elif stock and observation is not None and observation.increment is not None:
                before, _, after = labels.increment.partition("{value}")
                increment_format = _number_format(places, before, unit + after)
                sheet.write_number(
                    lower_row,
                    column,
                    float(observation.increment),
                    styles.number(increment_format, top=False),
                )
            elif flow and year in totals and year > plan.period.first:
                total_format = _number_format(places, f"({running_prefix}", unit + ")")
                sheet.write_number(
                    lower_row, column, float(totals[year]), styles.number(total_format, top=False)
                )
                total_cells[year] = _Cell(lower_row, column)
            else:
                sheet.write_blank(lower_row, column, None, below)
            if flow and year == plan.period.first and year in totals:
                total_cells[year] = value_cells[year]

        # The target, and below it a per-year target's total or its own year.
        target_column = 3 + len(years)
        target_cell: _Cell | None = None
        if kpi.target is not None:
            prefix = labels.cumulative if stock else ""
            suffix = unit_per + (labels.per_year if kpi.target.per_year else "")
            sheet.write_number(
                row,
                target_column,
                float(kpi.target.value),
                styles.number(_number_format(places, prefix, suffix), top=True),
            )
            target_cell = _Cell(row, target_column)
            if kpi.target.per_year and result.target_value is not None:
                total_format = _number_format(places, f"({running_prefix}", unit + ")")
                sheet.write_number(
                    lower_row,
                    target_column,
                    float(result.target_value),
                    styles.number(total_format, top=False),
                )
                target_cell = _Cell(lower_row, target_column)
            elif kpi.target.fiscal_year != shared_target_year:
                self.write_text(
                    sheet,
                    lower_row,
                    target_column,
                    labels.fiscal_year_heading.format(year=self.year(kpi.target.fiscal_year)),
                    styles.half_text(top=False),
                )
            else:
                sheet.write_blank(lower_row, target_column, None, styles.half_text(top=False))
        else:
            self.write_text(sheet, row, target_column, labels.no_rate, styles.half_text(top=True))
            sheet.write_blank(lower_row, target_column, None, styles.half_text(top=False))

        # The rate: a formula over the cells the engine used, its value cached.
        rate_column = target_column + 1
        progress_cell = (
            (total_cells if flow else value_cells).get(result.latest_year)
            if result.latest_year is not None
            else None
        )
        self.rate_cell(sheet, row, rate_column, result, progress_cell, target_cell, baseline_cell)
        below_rate = ""
        if result.unavailable is not None:
            below_rate = labels.reasons[result.unavailable.reason]
        else:
            below_rate = own_rate_caption(result, self.shared_formula, labels) or ""
        if below_rate:
            self.write_text(sheet, lower_row, rate_column, below_rate, styles.half_text(top=False))
        else:
            sheet.write_blank(lower_row, rate_column, None, styles.half_text(top=False))
        if plan.grading:
            # The grade beside the rate, filled with its colour.
            grade = result.grade
            colour = {"bg_color": grade.colour} if grade is not None and grade.colour else {}
            sheet.merge_range(
                row,
                rate_column + 1,
                lower_row,
                rate_column + 1,
                "",
                styles.get(border=1, align="center", valign="vcenter", bold=True, **colour),
            )
            if grade is not None:
                sheet.write_string(
                    row,
                    rate_column + 1,
                    grade.label,
                    styles.get(border=1, align="center", valign="vcenter", bold=True, **colour),
                )
        title = "\n".join(kpi_title_lines(kpi, plan, labels))
        sheet.set_row(row, _row_height([(title, _KPI_NAME_WIDTH)], minimum=30 + 15) - 15)

    def rate_cell(
        self,
        sheet: Worksheet,
        row: int,
        column: int,
        result: KpiEvaluation,
        progress: _Cell | None,
        target: _Cell | None,
        baseline: _Cell,
    ) -> None:
        from xlsxwriter.utility import xl_rowcol_to_cell

        rate = result.achievement_rate
        styles, labels = self.styles, self.labels
        places = self.plan.rounding.places
        rate_format = styles.number(_number_format(places, "", labels.percent), top=True)
        if rate is None:
            self.write_text(sheet, row, column, labels.no_rate, styles.half_text(top=True))
            return
        function = _ROUNDING_FUNCTIONS.get(self.plan.rounding.mode)
        if function is None or progress is None or target is None:
            # Excel has no half-even rounding: the figure is written as a value.
            sheet.write_number(row, column, float(rate), rate_format)
            return
        p = xl_rowcol_to_cell(progress.row, progress.column)
        t = xl_rowcol_to_cell(target.row, target.column)
        b = xl_rowcol_to_cell(baseline.row, baseline.column)
        lower = result.kpi.polarity is Polarity.LOWER_IS_BETTER
        if result.method is Method.ACHIEVEMENT_RATE:
            quotient = f"{t}/{p}" if lower else f"{p}/{t}"
        elif lower:
            quotient = f"({b}-{p})/({b}-{t})"
        else:
            quotient = f"({p}-{b})/({t}-{b})"
        # Only cell references and numbers go into a formula, never user text.
        formula = f"={function}({quotient}*100,{places})"
        sheet.write_formula(row, column, formula, rate_format, float(rate))

    # -- charts ------------------------------------------------------------------

    def chart_sheets(self) -> None:
        labels, plan, styles = self.labels, self.plan, self.styles
        years = self.fiscal_years()
        if not plan.kpis or not years:
            return
        data = self.add_sheet(labels.sheet_chart_data)
        first_year_column = 3
        last_year_column = first_year_column + len(years) - 1
        for column, text in enumerate([labels.kpi, labels.section_kind, labels.unit]):
            self.write_text(data, 0, column, text, styles.header)
        for offset, year in enumerate(years):
            heading = self.year(year, short=True)
            self.write_text(data, 0, first_year_column + offset, heading, styles.header)
        charts = self.add_sheet(labels.sheet_charts) if self.chart_limit > 0 else None
        for index, result in enumerate(self.evaluation.kpis):
            values_row, target_row = 1 + 2 * index, 2 + 2 * index
            kpi = result.kpi
            title = f"{kpi.number} {kpi.name}"
            for row, series in (
                (values_row, labels.chart_values),
                (target_row, labels.chart_target),
            ):
                self.write_text(data, row, 0, title, styles.plain)
                self.write_text(data, row, 1, series, styles.plain)
                self.write_text(data, row, 2, kpi.unit, styles.plain)
            per_year = kpi.kind is KpiKind.FLOW and kpi.target is not None and kpi.target.per_year
            cumulative = kpi.kind is KpiKind.FLOW and not per_year
            totals = {total.fiscal_year: total.value for total in result.running_totals}
            target_value = kpi.target.value if per_year and kpi.target else result.target_value
            for offset, year in enumerate(years):
                value = totals.get(year) if cumulative else self.value_of(kpi.observations, year)
                # Unpublished years stay empty, drawn as gaps, never as zero.
                if value is not None:
                    data.write_number(values_row, first_year_column + offset, float(value))
                if target_value is not None:
                    data.write_number(target_row, first_year_column + offset, float(target_value))
            if charts is None or index >= self.chart_limit:
                continue
            # Titles and names are references to cells: user text never goes
            # into a chart's formulas.
            chart = self.workbook.add_chart({"type": "line"})
            categories = [data.name, 0, first_year_column, 0, last_year_column]
            chart.add_series(
                {
                    "name": [data.name, values_row, 1],
                    "categories": categories,
                    "values": [
                        data.name,
                        values_row,
                        first_year_column,
                        values_row,
                        last_year_column,
                    ],
                    "marker": {"type": "circle"},
                }
            )
            if target_value is not None:
                chart.add_series(
                    {
                        "name": [data.name, target_row, 1],
                        "categories": categories,
                        "values": [
                            data.name,
                            target_row,
                            first_year_column,
                            target_row,
                            last_year_column,
                        ],
                        "line": {"dash_type": "dash"},
                    }
                )
            chart.set_title(
                {"name": [data.name, values_row, 0], "name_font": {"size": 11, "name": _FONT}}
            )
            chart.set_legend({"position": "bottom"})
            chart.set_y_axis({"name": [data.name, values_row, 2]})
            chart.show_blanks_as("gap")
            chart.set_size({"width": 520, "height": 300})
            charts.insert_chart((index // 2) * 16, (index % 2) * 9, chart, {"object_position": 2})
        data.set_column(0, 0, 40)
        data.set_column(1, 2, 10)

    @staticmethod
    def value_of(observations: Sequence[Observation], year: int) -> Decimal | None:
        for observation in observations:
            if observation.fiscal_year == year:
                return observation.value
        return None

    # -- the review of measures --------------------------------------------------

    def review_place(self, measures: tuple[int, ...]) -> tuple[str, str, str]:
        """The strategy, measure and priority columns of a review's rows."""
        labels = self.labels
        strategy_text, measure_lines, priority = "", [], ""
        for strategy in self.plan.strategies:
            for measure in strategy.measures:
                if measure.number in measures:
                    strategy_text = strategy_text or strategy_heading_text(strategy, labels)
                    measure_lines.append(measure_heading_text(measure, labels, with_priority=False))
                    priority = labels.priority if measure.priority else priority
        return strategy_text, "\n".join(measure_lines), priority

    def initiative_text(self, initiative: Initiative) -> str:
        lines = list(initiative.paragraphs)
        lines += [
            self.labels.detail_brackets.format(heading=detail.heading) + detail.text
            for detail in initiative.details
        ]
        return "\n".join(lines)

    def measure_rows(self) -> Iterator[tuple[MeasureReview, list[str]]]:
        """Each row of the review sheet, with the review it belongs to."""
        labels, plan = self.labels, self.plan
        by_id = items_by_id(plan)
        repeat_mark = labels.repeat_mark.strip()
        for review in plan.reviews:
            lead = list(self.review_place(review.measures))
            for entry in review.initiatives:
                initiative, repeated = resolve(entry, by_id)
                assert isinstance(initiative, Initiative)
                yield (
                    review,
                    [
                        *lead,
                        labels.initiatives,
                        initiative.title or "",
                        year_span_text(initiative.years, plan, labels) if initiative.years else "",
                        self.initiative_text(initiative),
                        repeat_mark if repeated else "",
                        "\n".join(
                            reference_text(indicator, plan, labels)
                            for indicator in initiative.reference_indicators
                        ),
                    ],
                )
            # Issues and direction items: a part, a text and the repeat mark.
            direction = labels.direction_heading.format(
                category=category_label(review.direction.category, plan)
            )
            parts: list[tuple[str, Issue | DirectionItem | Repeat]] = [
                (labels.issues, listed) for listed in review.issues
            ]
            parts += [(direction, listed) for listed in review.direction.items]
            for part, listed in parts:
                item, repeated = resolve(listed, by_id)
                assert isinstance(item, Issue | DirectionItem)
                mark = repeat_mark if repeated else ""
                yield review, [*lead, part, "", "", item.text, mark, ""]
            if not review.direction.items:
                yield review, [*lead, direction, "", "", "", "", ""]

    def measures_sheet(self) -> None:
        labels = self.labels
        header = [
            labels.strategy_heading.format(number="").strip("（）: "),
            labels.measure_heading.format(number="").strip(),
            labels.priority,
            labels.section_kind,
            labels.heading,
            labels.years,
            labels.text,
            labels.repeat_mark.strip("（） "),
            labels.reference_indicators,
        ]
        rated = bool(self.plan.measure_ratings)
        if rated:
            header.append(labels.rating)
        sheet = self.add_sheet(labels.sheet_measures, header_rows=(2, 2))
        self.write_text(sheet, 0, 0, labels.measures_section, self.styles.subtitle)
        for column, text in enumerate(header):
            self.write_text(sheet, 2, column, text, self.styles.header)
        rating_column = len(_MEASURE_WIDTHS)
        for offset, (review, cells) in enumerate(self.measure_rows()):
            row = 3 + offset
            for column, text in enumerate(cells):
                style = self.styles.text
                if text:
                    self.write_text(sheet, row, column, text, style)
                else:
                    sheet.write_blank(row, column, None, style)
            if rated:
                self.rating_cell(sheet, row, rating_column, review)
            sheet.set_row(row, _row_height(zip(cells, _MEASURE_WIDTHS, strict=True)))
        sheet.freeze_panes(3, 2)
        for column, width in enumerate(_MEASURE_WIDTHS):
            sheet.set_column(column, column, width)
        if rated:
            sheet.set_column(rating_column, rating_column, 8)

    def rating_cell(self, sheet: Worksheet, row: int, column: int, review: MeasureReview) -> None:
        """A review's rating, filled with the colour the plan gives it."""
        if review.rating is None:
            sheet.write_blank(row, column, None, self.styles.text)
            return
        category = next(c for c in self.plan.measure_ratings if c.code == review.rating)
        colour = {"bg_color": category.colour} if category.colour else {}
        style = self.styles.get(border=1, align="center", valign="top", bold=True, **colour)
        self.write_text(sheet, row, column, category.label or category.code, style)

    def reference_sheet(self) -> None:
        labels, plan = self.labels, self.plan
        found: list[tuple[list[str], ReferenceIndicator]] = []
        for review in plan.reviews:
            measure_text = self.review_place(review.measures)[1]
            for initiative in review.initiatives:
                if isinstance(initiative, Initiative):
                    where = initiative.title or initiative.paragraphs[0]
                    found += [
                        ([measure_text, where], indicator)
                        for indicator in initiative.reference_indicators
                    ]
        if not found:
            return
        years = sorted({obs.fiscal_year for _, ind in found for obs in ind.observations})
        sheet = self.add_sheet(labels.sheet_reference, header_rows=(2, 2))
        self.write_text(
            sheet,
            0,
            0,
            labels.reference_brackets + labels.reference_indicators,
            self.styles.subtitle,
        )
        header = [
            labels.measure_heading.format(number="").strip(),
            labels.initiatives,
            labels.reference_indicators,
            *(self.year(year) for year in years),
        ]
        for column, text in enumerate(header):
            self.write_text(sheet, 2, column, text, self.styles.header)
        for offset, (place, indicator) in enumerate(found):
            row = 3 + offset
            for column, text in enumerate([*place, indicator.name]):
                self.write_text(sheet, row, column, text, self.styles.text)
            by_year = {obs.fiscal_year: obs for obs in indicator.observations}
            places = _places(obs.value for obs in indicator.observations)
            number_style = self.styles.get(
                num_format=_number_format(places, "", indicator.unit), border=1, valign="top"
            )
            for column, year in enumerate(years, start=3):
                obs = by_year.get(year)
                if obs is not None and obs.value is not None:
                    sheet.write_number(row, column, float(obs.value), number_style)
                elif obs is not None:
                    self.write_text(sheet, row, column, missing_text(obs, labels), self.styles.text)
                else:
                    sheet.write_blank(row, column, None, self.styles.text)
        sheet.freeze_panes(3, 0)
        for column, width in enumerate([26, 34, 30]):
            sheet.set_column(column, column, width)
        sheet.set_column(3, 2 + len(years), 12)

    # -- the next plan and the document -------------------------------------------

    def next_plan_sheet(self) -> None:
        section = self.plan.next_plan
        if section is None:
            return
        labels, styles = self.labels, self.styles
        sheet = self.add_sheet(labels.sheet_next_plan)
        self.write_text(sheet, 0, 0, section.title, styles.subtitle)
        self.write_text(sheet, 1, 0, section.lead, styles.plain)
        row = 3
        for heading in section.headings:
            self.write_text(sheet, row, 0, labels.item_mark + " " + heading.title, styles.label)
            row += 1
            for item in heading.items:
                self.write_text(sheet, row, 0, labels.sub_item_mark + item, styles.plain)
                row += 1
            row += 1
        sheet.set_column(0, 0, 110)

    def document_sheet(self) -> None:
        labels, plan, styles = self.labels, self.plan, self.styles
        document = plan.document
        sheet = self.add_sheet(labels.sheet_document)
        period = labels.period_range.format(
            first=self.year(plan.period.first), last=self.year(plan.period.last)
        )
        rows: list[tuple[str, str | datetime.date | None]] = [
            (labels.municipality, plan.municipality),
            (labels.plan_title, plan.title),
            (labels.plan_period, period),
            (labels.document_title, document.title),
            (labels.document_label, document.label),
            (labels.meeting, document.meeting.name if document.meeting else None),
            (labels.meeting_date, document.meeting.date if document.meeting else None),
            (labels.as_of, document.as_of),
        ]
        for row, (label, value) in enumerate(rows):
            self.write_text(sheet, row, 0, label, styles.label)
            if isinstance(value, datetime.date):
                sheet.write_datetime(
                    row, 1, datetime.datetime(value.year, value.month, value.day), styles.date
                )
                self.write_text(sheet, row, 2, date_text(value, labels, short=True), styles.plain)
            elif value is not None:
                self.write_text(sheet, row, 1, value, styles.plain)
        sheet.set_column(0, 0, 14)
        sheet.set_column(1, 1, 60)
        sheet.set_column(2, 2, 12)

    def write(self) -> None:
        # Document properties hold at most 255 characters; the text is in the sheets.
        self.workbook.set_properties(
            {
                "title": self.plan.document.title[:_PROPERTY_LENGTH],
                "subject": self.plan.title[:_PROPERTY_LENGTH],
                "company": self.plan.municipality[:_PROPERTY_LENGTH],
                "created": report_timestamp(self.plan),
            }
        )
        self.kpi_sheet()
        self.chart_sheets()
        self.measures_sheet()
        self.reference_sheet()
        self.next_plan_sheet()
        self.document_sheet()


class ExcelExporter:
    """Writes the evaluation as an Excel workbook (.xlsx) with xlsxwriter."""

    name = "xlsx"
    aliases = ("excel",)
    extensions = (".xlsx",)
    description = "Excel workbook: the KPI table with rate formulas, charts and the review"

    def __init__(self, chart_limit: int = CHART_LIMIT) -> None:
        self.chart_limit = chart_limit

    def write(self, report: Report, stream: BinaryIO) -> None:
        """Write ``report`` as an .xlsx workbook to ``stream``."""
        import xlsxwriter

        workbook = xlsxwriter.Workbook(
            stream,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_format_properties": {"font_name": _FONT, "font_size": 10},
            },
        )
        _WorkbookWriter(report, workbook, self.chart_limit).write()
        workbook.close()
