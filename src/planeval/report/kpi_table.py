"""The KPI table of the report model: one row of figures and texts per KPI.

Which mark a stock prints (累計, 過去累計), which a flow (延べ, /年), what
stands for a missing value, which years are shown, and the target year and
rate formula every KPI shares are decided here; the one-line rows of the
terminal summary too.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from planeval.evaluation import Formula, KpiEvaluation, PlanEvaluation, YearRate, cap_applies
from planeval.model import Kpi, KpiKind, Observation, Plan, Polarity, Scale
from planeval.report.model import (
    BriefRow,
    Cell,
    CellPlace,
    Figure,
    GradeMark,
    KpiRow,
    KpiTable,
    RateFormula,
    Text,
    YearCell,
    cell_text,
    figure_text,
)
from planeval.report.phrases import Phrases
from planeval.structure import attached_level

__all__ = ["build_kpi_table", "decimal_places", "decimals_of", "shown_years", "text_cell"]


#: Excel shows at most this many decimals; a figure keeps its value all the same.
_MOST_DECIMALS = 30


def decimals_of(values: Iterable[Decimal | None]) -> int:
    """The most decimal places among the values (0 for whole numbers), at most 30."""
    return max((decimal_places(value) for value in values if value is not None), default=0)


def decimal_places(value: Decimal) -> int:
    """The decimal places ``value`` is written with (0 for a whole number), at most 30."""
    # Read off the text where it is plain (1425, 86.4): cheaper than as_tuple().
    text = str(value)
    if "E" not in text:
        point = text.find(".")
        return 0 if point < 0 else min(len(text) - point - 1, _MOST_DECIMALS)
    exponent = value.as_tuple().exponent
    return min(max(-exponent, 0), _MOST_DECIMALS) if isinstance(exponent, int) else 0


def shown_years(plan: Plan) -> tuple[int, ...]:
    """Every fiscal year that has an observation in some KPI: the table's year columns."""
    return tuple(sorted({obs.fiscal_year for kpi in plan.kpis for obs in kpi.observations}))


def _shared_target_year(plan: Plan) -> int | None:
    years = {kpi.target.fiscal_year for kpi in plan.kpis if kpi.target is not None}
    return next(iter(years)) if len(years) == 1 else None


def _captions(evaluation: PlanEvaluation, phrases: Phrases) -> dict[int, str]:
    """The caption of each rate computed, by KPI number: the formula that gave it."""
    plan = evaluation.plan
    return {
        result.kpi.number: phrases.formula_caption(result, capped=capped(plan, result))
        for result in evaluation.kpis
        if result.rate is not None
    }


def _shared_caption(plan: Plan, captions: dict[int, str], phrases: Phrases) -> str | None:
    """The formula every rate was computed by, printed once in the header; else None.

    Read from the rates computed (a target of 0 may change a KPI's formula);
    where there is none, from the methods the plan gives.
    """
    shared = set(captions.values())
    if not shared:
        shared = {
            phrases.rate_caption(kpi.method or plan.method, kpi.polarity) for kpi in plan.kpis
        }
    return next(iter(shared)) if len(shared) == 1 else None


_NO_OBSERVATION = YearCell(value=None, below=None)


class _KpiRowBuilder:
    """Builds one KPI's row of the table."""

    def __init__(self, builder: _TableBuilder, result: KpiEvaluation) -> None:
        self.phrases = builder.phrases
        self.labels = builder.labels
        self.plan = builder.plan
        self.years = builder.years
        self.shared_year = builder.shared_year
        self.shared_caption = builder.shared_caption
        self.caption = builder.captions.get(result.kpi.number)
        self.running_prefix = builder.running_prefix  # "(R3～延べ": a flow's running totals
        self.result = result
        self.year_lines = builder.year_lines
        self.kpi: Kpi = result.kpi
        kpi = self.kpi
        # The KPI's own decimals where it declares them; else each figure's own digits.
        self.decimals = kpi.decimals
        self.unit_per = f"{kpi.unit}/{kpi.unit_per}" if kpi.unit_per else kpi.unit
        self.totals = {total.fiscal_year: total.value for total in result.running_totals}
        # Computed once per KPI: a year's cell is built thousands of times.
        self.value_prefix = builder.phrases.stock_prefix(kpi)
        self.increment_marks = self.labels.increment.partition("{value}")[::2]
        self.stock = kpi.kind is KpiKind.STOCK
        self.flow = kpi.kind is KpiKind.FLOW
        self.first_year = self.plan.period.first

    def places(self, number: Decimal) -> int:
        """The decimals a figure of this KPI is shown with."""
        return self.decimals if self.decimals is not None else decimal_places(number)

    def figure(self, number: Decimal, prefix: str = "", unit: str = "", suffix: str = "") -> Figure:
        return Figure(
            number=number, prefix=prefix, unit=unit, suffix=suffix, decimals=self.places(number)
        )

    def running_total(self, total: Decimal) -> Figure:
        """(R3～延べ3件)."""
        return self.figure(total, self.running_prefix, self.kpi.unit, ")")

    def baseline(self) -> tuple[Cell, Cell | None]:
        kpi = self.kpi
        if kpi.baseline is None:
            return Text(lines=(self.labels.no_rate,)), None
        suffix = self.labels.per_year if kpi.kind is KpiKind.FLOW else ""
        prefix = self.phrases.stock_prefix(kpi, before_plan=True)
        period = self.phrases.baseline_period(kpi) or ""
        return self.figure(kpi.baseline.value, prefix, self.unit_per + suffix), text_cell(period)

    def year(self, year: int, observation: Observation | None) -> YearCell:
        kpi, phrases = self.kpi, self.phrases
        if observation is None:
            return _NO_OBSERVATION
        if observation.status is not None:
            status = phrases.status(observation.status) + (
                phrases.note_mark(observation.note) or ""
            )
            return YearCell(value=text_cell(status), below=None)
        if observation.value is None:
            note = phrases.note_mark(observation.note)
            return YearCell(
                value=text_cell(phrases.missing(observation)),
                below=None if note is None else text_cell(note),
            )
        unit = kpi.unit
        value = Figure(
            number=observation.value,
            prefix=self.value_prefix,
            unit=unit,
            decimals=self.places(observation.value),
            note=phrases.note_mark(observation.note) or "",
        )
        below: Cell | None = None
        if self.stock and observation.increment is not None:
            before, after = self.increment_marks
            below = Figure(
                number=observation.increment,
                prefix=before,
                unit=unit,
                suffix=after,
                decimals=self.places(observation.increment),
            )
        elif self.flow and year > self.first_year and year in self.totals:
            below = self.running_total(self.totals[year])
        return YearCell(value=value, below=below)

    def target(self) -> tuple[Cell, Cell | None]:
        kpi, result = self.kpi, self.result
        target = kpi.target
        if target is None:
            return text_cell(self.labels.no_rate), None
        suffix = self.unit_per + (self.labels.per_year if target.per_year else "")
        figure = self.figure(target.value, self.phrases.target_prefix(kpi), suffix)
        if target.per_year and result.target_value is not None:
            return figure, self.running_total(result.target_value)
        if target.fiscal_year != self.shared_year:
            year = self.phrases.fiscal_year(target.fiscal_year)
            return figure, text_cell(self.labels.fiscal_year_heading.format(year=year))
        return figure, None

    def rate(self) -> Cell:
        rate = self.result.achievement_rate
        if rate is None:
            return text_cell(self.labels.no_rate)
        places = self.plan.rounding.places
        return Figure(number=rate, unit=self.labels.percent, decimals=places)

    def rate_below(self) -> Text | None:
        result = self.result
        if result.unavailable is not None:
            return text_cell(self.labels.reasons[result.unavailable.reason])
        caption = self.caption
        return None if caption is None or caption == self.shared_caption else text_cell(caption)

    def rate_formula(self, years: tuple[YearCell, ...]) -> RateFormula | None:
        """Where the progress, target and baseline figures stand, for a computed rate."""
        result, kpi = self.result, self.kpi
        if result.achievement_rate is None or result.latest_year is None:
            return None
        flow = kpi.kind is KpiKind.FLOW
        progress = self.progress_place(result.latest_year, years, flow=flow)
        target_below = bool(kpi.target and kpi.target.per_year and result.target_value is not None)
        if progress is None or kpi.target is None:
            return None
        target = CellPlace(column=len(self.years) + 1, below=target_below)
        places = _quotient(result, progress, target, CellPlace(column=0))
        if places is None:
            return None
        return RateFormula(
            dividend=places[0],
            divisor=places[1],
            rounding=self.plan.rounding.mode,
            decimals=self.plan.rounding.places,
            cap=Decimal(100) if capped(self.plan, result) else None,
        )

    def progress_place(
        self, year: int, cells: tuple[YearCell, ...], *, flow: bool
    ) -> CellPlace | None:
        """The figure the rate's progress value stands in: a year's value, or a flow's total."""
        if year not in self.years:
            return None
        column = self.years.index(year) + 1
        cell = cells[column - 1]
        if flow and year > self.plan.period.first:
            return CellPlace(column=column, below=True) if year in self.totals else None
        if flow and year not in self.totals:
            return None
        return CellPlace(column=column) if isinstance(cell.value, Figure) else None

    def year_rate(self, year: YearRate) -> Cell:
        """A year's rate: 86.4％, or the no-rate mark."""
        if year.rate is None:
            return text_cell(self.labels.no_rate)
        places = self.plan.rounding.places
        return Figure(number=year.rate, unit=self.labels.percent, decimals=places)

    def with_rates(self, cells: tuple[YearCell, ...]) -> tuple[YearCell, ...]:
        """The year cells with each rate of a year in the plan that has a value."""
        rates = {year.fiscal_year: year for year in self.result.years}
        first = self.plan.period.first
        return tuple(
            cell._replace(rate=self.year_rate(rates[year]))
            if year >= first and year in rates
            else cell
            for year, cell in zip(self.years, cells, strict=True)
        )

    def brief_year(self, year: YearRate) -> BriefRow:
        """One year of the KPI in a line: number, name, year, value (and total), rate."""
        kpi, phrases, labels = self.kpi, self.phrases, self.labels
        if year.status is not None:
            value = phrases.status(year.status)
        elif year.value is None:
            value = labels.no_rate
        else:
            value = figure_text(self.figure(year.value, self.value_prefix, kpi.unit))
            if self.flow and year.progress is not None and year.fiscal_year >= self.first_year:
                value += f" {figure_text(self.running_total(year.progress))}"
        rate = self.year_rate(year)
        cells = (
            str(kpi.number),
            kpi.name,
            phrases.fiscal_year(year.fiscal_year, short=True),
            value,
            figure_text(rate) if isinstance(rate, Figure) else rate.text,
        )
        return BriefRow(cells=cells)

    def trend(self) -> str | None:
        """The change since the previous year, its arrow first, where the plan marks it."""
        change = self.result.year_on_year
        if change is None or not self.plan.year_on_year.marks:
            return None
        percent = self.kpi.scale is Scale.PERCENT
        unit = self.labels.points if percent else self.kpi.unit
        prefix = "+" if change.change > 0 else ""
        figure = self.figure(change.change, prefix, unit)
        arrow = self.labels.trends[change.arrow]
        return self.labels.trend_change.format(arrow=arrow, change=figure_text(figure))

    def status(self) -> str | None:
        """The path status in the plan's words, or the language's, where the table shows it."""
        status = self.result.path_status
        if status is None or not shows_path_status(self.plan):
            return None
        return self.phrases.path_status(status)

    def grade(self) -> GradeMark | None:
        grade = self.result.grade
        return None if grade is None else GradeMark(label=grade.label, colour=grade.colour)

    def attached(self) -> str:
        """The entry the KPI is attached to, by level and number (基本目標１), or empty."""
        ref, level = self.kpi.attached_to, attached_level(self.plan, self.kpi)
        return "" if ref is None or level is None else self.phrases.entry_label(level, ref.number)

    def build(self) -> KpiRow:
        kpi = self.kpi
        by_year = {obs.fiscal_year: obs for obs in kpi.observations}
        years = tuple(map(self.year, self.years, map(by_year.get, self.years)))
        if self.plan.yearly_rates:
            years = self.with_rates(years)
        baseline, baseline_below = self.baseline()
        target, target_below = self.target()
        rate = self.rate()
        cells = _RowCells(baseline=baseline, target=target, target_below=target_below)
        attached = self.attached()
        title = self.phrases.kpi_title_lines(kpi)
        return KpiRow(
            number=kpi.number,
            attached=attached,
            title=Text(lines=(attached, *title) if attached else title),
            baseline=baseline,
            baseline_below=baseline_below,
            years=years,
            target=target,
            target_below=target_below,
            rate=rate,
            rate_below=self.rate_below(),
            rate_formula=self.rate_formula(years),
            trend=self.trend(),
            status=self.status(),
            grade=self.grade(),
            brief=_BriefRowBuilder(self, cells).build(),
            brief_years=tuple(map(self.brief_year, self.result.years)) if self.year_lines else (),
        )


class _RowCells(NamedTuple):
    """The cells of a KPI's table row that its one-line summary reuses."""

    baseline: Cell
    target: Cell
    target_below: Cell | None


class _BriefRowBuilder:
    """Lays a KPI out as one line of a terminal table, from the cells of its table row."""

    def __init__(self, row: _KpiRowBuilder, cells: _RowCells) -> None:
        self.row = row
        self.cells = cells
        self.labels = row.labels
        self.phrases = row.phrases
        self.result = row.result

    def baseline(self) -> str:
        baseline = self.cells.baseline
        if not isinstance(baseline, Figure):
            return self.labels.no_rate
        return f"{figure_text(baseline)} {self.phrases.baseline_period(self.result.kpi)}"

    def latest(self) -> str:
        result, kpi = self.result, self.result.kpi
        if result.latest_status is not None:
            return self.phrases.status(result.latest_status)
        if result.latest_value is None:
            return self.labels.no_rate
        text = figure_text(
            self.row.figure(result.latest_value, self.phrases.stock_prefix(kpi), kpi.unit)
        )
        if kpi.kind is KpiKind.FLOW and result.progress is not None:
            text += f" {figure_text(self.row.running_total(result.progress))}"
        return text

    def target(self) -> str:
        target, below = self.cells.target, self.cells.target_below
        kpi_target = self.result.kpi.target
        if not isinstance(target, Figure) or kpi_target is None:
            return self.labels.no_rate
        text = figure_text(target)
        if isinstance(below, Figure):
            text += f" {figure_text(below)}"
        return f"{text} ({self.phrases.fiscal_year(kpi_target.fiscal_year, short=True)})"

    def build(self) -> BriefRow:
        result, labels = self.result, self.labels
        year = result.latest_year
        cells = [
            str(result.kpi.number),
            f"{self.row.attached()} {result.kpi.name}"
            if result.kpi.attached_to
            else result.kpi.name,
            self.baseline(),
            labels.no_rate if year is None else self.phrases.fiscal_year(year, short=True),
            self.latest(),
            self.target(),
            cell_text(self.row.rate()),
        ]
        if self.row.plan.year_on_year.marks:
            cells.append(self.row.trend() or labels.no_rate)
        if shows_path_status(self.row.plan):
            cells.append(self.row.status() or labels.no_rate)
        if self.row.plan.grading:
            cells.append(result.grade.label if result.grade else labels.no_rate)
        return BriefRow(cells=tuple(cells))


def shows_path_status(plan: Plan) -> bool:
    """Whether reports show each KPI's path status: where the plan grades or names them."""
    return bool(plan.grading or plan.path_statuses)


def capped(plan: Plan, result: KpiEvaluation) -> bool:
    """Whether the plan's cap at 100 applies to a KPI's rate (not where above 100 is worse)."""
    return cap_applies(result.kpi, result.formula, plan)


_Places = tuple[CellPlace, ...]


def _quotient(
    result: KpiEvaluation, latest: CellPlace, target: CellPlace, baseline: CellPlace
) -> tuple[_Places, _Places] | None:
    """The figures a rate divides, by its formula; None where it is no quotient."""
    formula = result.formula
    if formula is Formula.ACTUAL_OVER_TARGET:
        return (latest,), (target,)
    if formula is Formula.TARGET_OVER_ACTUAL:
        return (target,), (latest,)
    if formula is Formula.PROGRESS_FROM_BASELINE:
        if result.kpi.polarity is Polarity.LOWER_IS_BETTER:
            return (baseline, latest), (baseline, target)
        return (latest, baseline), (target, baseline)
    return None


def text_cell(text: str) -> Text:
    """A text cell of one line."""
    return Text(lines=(text,))


class _TableBuilder:
    """Builds the KPI table of one evaluation."""

    def __init__(self, evaluation: PlanEvaluation, phrases: Phrases, *, year_lines: bool) -> None:
        self.evaluation = evaluation
        self.plan = evaluation.plan
        self.year_lines = year_lines
        self.phrases = phrases
        self.labels = phrases.labels
        self.years = shown_years(self.plan)
        self.shared_year = _shared_target_year(self.plan)
        self.captions = _captions(evaluation, phrases)
        self.shared_caption = _shared_caption(self.plan, self.captions, phrases)
        self.running_prefix = f"({phrases.running_total_prefix()}"

    def year_heading(self, year: int) -> tuple[str, ...]:
        heading = self.phrases.fiscal_year(year)
        if year < self.plan.period.first:
            return (heading, self.labels.reference_year)
        return (heading,)

    def column_headings(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The target's and the rate's headings, each with what every KPI shares."""
        labels, phrases = self.labels, self.phrases
        target: tuple[str, ...] = (labels.target,)
        if self.shared_year is not None:
            year = phrases.fiscal_year(self.shared_year)
            target += (labels.fiscal_year_heading.format(year=year),)
        rate: tuple[str, ...] = (labels.achievement_rate,)
        if self.shared_caption is not None:
            rate += (self.shared_caption,)
        return target, rate

    def build(self) -> KpiTable:
        labels, plan = self.labels, self.plan
        target_heading, rate_heading = self.column_headings()
        rows = tuple(_KpiRowBuilder(self, result).build() for result in self.evaluation.kpis)
        names = self.indicator_names()
        return KpiTable(
            title=plan.document.title,
            heading=labels.kpi_section.format(indicators=labels.indicators_separator.join(names)),
            number_heading=labels.number,
            name_heading=self.name_heading(names),
            baseline_heading=labels.baseline,
            progress_heading=labels.progress_header,
            continued=labels.table_continued,
            year_headings=tuple(self.year_heading(year) for year in self.years),
            target_heading=target_heading,
            rate_heading=rate_heading,
            grade_heading=labels.grade if plan.grading else None,
            yearly_rate_heading=labels.achievement_rate if plan.yearly_rates else None,
            trend_heading=labels.trend if plan.year_on_year.marks else None,
            status_heading=labels.path_status if shows_path_status(plan) else None,
            rows=rows,
            notes=tuple(self.phrases.note(note) for note in plan.notes),
            legend=self.legend(),
            brief_lead=self.brief_lead(),
            brief_header=self.brief_header(),
            brief_reasons=self.brief_reasons(),
            brief_years_header=(
                labels.number,
                self.name_heading(names),
                labels.latest_year,
                labels.value,
                labels.achievement_rate,
            ),
        )

    def indicator_names(self) -> tuple[str, ...]:
        """What the plan calls its indicators, tier by tier, each once (数値目標, ＫＰＩ)."""
        plan, default = self.plan, self.labels.indicators
        names: dict[str, None] = {}
        for kpi in plan.kpis:
            level = attached_level(plan, kpi)
            name = plan.indicators if level is None else plan.levels[level].indicators
            names.setdefault(name or default)
        return tuple(names) or (plan.indicators or default,)

    def name_heading(self, names: tuple[str, ...]) -> str:
        """The heading of the indicators' column: the plan's one name for them, or 評価区分."""
        named = len(names) == 1 and names[0] != self.labels.indicators
        return names[0] if named else self.labels.kpi

    def legend(self) -> tuple[str, ...]:
        """The grade legend: its heading, then each grade and its description, once each."""
        labels = self.labels
        described: dict[str, str] = {}
        for rule in self.plan.grading:
            described.setdefault(rule.label, rule.description or "")
        if not described:
            return ()
        items = (
            labels.grade_legend_item.format(label=label, description=description)
            if description
            else label
            for label, description in described.items()
        )
        return (labels.grade_legend, *items)

    def brief_lead(self) -> tuple[str, ...]:
        document = self.plan.document
        if document.as_of is None:
            return (document.title,)
        return (document.title, f"{self.labels.as_of}: {self.phrases.date(document.as_of)}")

    def brief_header(self) -> tuple[str, ...]:
        labels = self.labels
        header: tuple[str, ...] = (
            labels.number,
            self.name_heading(self.indicator_names()),
            labels.baseline,
            labels.latest_year,
            labels.latest_value,
            labels.target,
            labels.achievement_rate,
        )
        if self.plan.year_on_year.marks:
            header = (*header, labels.trend)
        if shows_path_status(self.plan):
            header = (*header, labels.path_status)
        return (*header, labels.grade) if self.plan.grading else header

    def brief_reasons(self) -> tuple[str, ...]:
        labels = self.labels
        return tuple(
            f"{labels.no_rate} {result.kpi.number}: {labels.reasons[result.unavailable.reason]}"
            for result in self.evaluation.kpis
            if result.unavailable is not None
        )


def build_kpi_table(
    evaluation: PlanEvaluation, phrases: Phrases, *, year_lines: bool = False
) -> KpiTable:
    """The KPI table of ``evaluation``, worded by ``phrases``.

    ``year_lines`` lays out each KPI's yearly lines for a terminal as well
    (``KpiRow.brief_years``): only ``summary --years`` prints them.
    """
    return _TableBuilder(evaluation, phrases, year_lines=year_lines).build()
