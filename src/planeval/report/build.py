"""Build the report model from a plan's evaluation and the labels of one language.

This is the one place where a report's wording is decided: which mark a
stock prints (累計), which a flow (延べ, /年), what stands for a missing value,
which years are shown, the shared target year and rate formula, an
initiative's text. Exporters lay out what :func:`build_report` returns.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal

from planeval.evaluation import KpiEvaluation, PlanEvaluation
from planeval.model import (
    DirectionItem,
    Initiative,
    Issue,
    Kpi,
    KpiKind,
    MeasureReview,
    Method,
    Observation,
    Plan,
    Polarity,
    ReferenceIndicator,
    Repeat,
)
from planeval.report.labels import Labels
from planeval.report.model import (
    BriefRow,
    Cell,
    CellPlace,
    ChartSeries,
    DocumentInfo,
    Fact,
    Figure,
    GradeMark,
    InitiativeEntry,
    ItemEntry,
    KpiRow,
    KpiTable,
    MeasureEntry,
    NextPlan,
    NextPlanHeadingEntry,
    RateFormula,
    ReferenceRow,
    ReferenceTable,
    ReportModel,
    ReviewEntry,
    StrategyEntry,
    Text,
    YearCell,
    figure_text,
)
from planeval.report.phrases import Item, Phrases, items_by_id, report_timestamp, resolve

__all__ = ["build_report", "decimals_of", "shown_years"]

#: Excel shows at most this many decimals; a figure keeps its value all the same.
_MOST_DECIMALS = 30


def decimals_of(values: Iterable[Decimal | None]) -> int:
    """The most decimal places among the values (0 for whole numbers), at most 30."""
    places = [
        -exponent
        for value in values
        if value is not None and isinstance(exponent := value.as_tuple().exponent, int)
        if exponent < 0
    ]
    return min(max(places, default=0), _MOST_DECIMALS)


def shown_years(plan: Plan) -> tuple[int, ...]:
    """Every fiscal year that has an observation in some KPI: the table's year columns."""
    return tuple(sorted({obs.fiscal_year for kpi in plan.kpis for obs in kpi.observations}))


def _shared_target_year(plan: Plan) -> int | None:
    years = {kpi.target.fiscal_year for kpi in plan.kpis if kpi.target is not None}
    return next(iter(years)) if len(years) == 1 else None


def _shared_formula(plan: Plan) -> tuple[Method, Polarity] | None:
    # Printed once in the header where every KPI shares it, else with each rate.
    formulas = {(kpi.method or plan.method, kpi.polarity) for kpi in plan.kpis}
    return next(iter(formulas)) if len(formulas) == 1 else None


class _KpiRowBuilder:
    """Builds one KPI's row of the table."""

    def __init__(self, builder: _ReportBuilder, result: KpiEvaluation) -> None:
        self.phrases = builder.phrases
        self.labels = builder.labels
        self.plan = builder.plan
        self.years = builder.years
        self.shared_year = builder.shared_year
        self.shared_formula = builder.shared_formula
        self.result = result
        self.kpi: Kpi = result.kpi
        kpi = self.kpi
        self.decimals = decimals_of(
            [
                kpi.baseline.value if kpi.baseline else None,
                kpi.target.value if kpi.target else None,
                *(obs.value for obs in kpi.observations),
                *(obs.increment for obs in kpi.observations),
            ]
        )
        self.unit_per = f"{kpi.unit}/{kpi.unit_per}" if kpi.unit_per else kpi.unit
        self.totals = {total.fiscal_year: total.value for total in result.running_totals}

    def figure(self, number: Decimal, prefix: str = "", unit: str = "", suffix: str = "") -> Figure:
        return Figure(
            number=number, prefix=prefix, unit=unit, suffix=suffix, decimals=self.decimals
        )

    def running_total(self, total: Decimal) -> Figure:
        """(R3～延べ3件)."""
        return self.figure(total, f"({self.phrases.running_total_prefix()}", self.kpi.unit, ")")

    def baseline(self) -> tuple[Cell, Cell | None]:
        kpi = self.kpi
        if kpi.baseline is None:
            return Text(lines=(self.labels.no_rate,)), None
        suffix = self.labels.per_year if kpi.kind is KpiKind.FLOW else ""
        prefix = self.phrases.stock_prefix(kpi, before_plan=True)
        period = self.phrases.baseline_period(kpi) or ""
        return self.figure(kpi.baseline.value, prefix, self.unit_per + suffix), _text(period)

    def year(self, year: int, observation: Observation | None) -> YearCell:
        kpi, phrases = self.kpi, self.phrases
        if observation is None:
            return YearCell(value=None, below=None)
        if observation.value is None:
            note = phrases.note_mark(observation.note)
            return YearCell(
                value=_text(phrases.missing(observation)),
                below=None if note is None else _text(note),
            )
        value = self.figure(observation.value, phrases.stock_prefix(kpi), kpi.unit)
        below: Cell | None = None
        if kpi.kind is KpiKind.STOCK and observation.increment is not None:
            before, _, after = self.labels.increment.partition("{value}")
            below = self.figure(observation.increment, before, kpi.unit, after)
        elif kpi.kind is KpiKind.FLOW and year in self.totals and year > self.plan.period.first:
            below = self.running_total(self.totals[year])
        return YearCell(value=value, below=below)

    def target(self) -> tuple[Cell, Cell | None]:
        kpi, result = self.kpi, self.result
        target = kpi.target
        if target is None:
            return _text(self.labels.no_rate), None
        suffix = self.unit_per + (self.labels.per_year if target.per_year else "")
        figure = self.figure(target.value, self.phrases.stock_prefix(kpi), suffix)
        if target.per_year and result.target_value is not None:
            return figure, self.running_total(result.target_value)
        if target.fiscal_year != self.shared_year:
            year = self.phrases.fiscal_year(target.fiscal_year)
            return figure, _text(self.labels.fiscal_year_heading.format(year=year))
        return figure, None

    def rate(self) -> Cell:
        rate = self.result.achievement_rate
        if rate is None:
            return _text(self.labels.no_rate)
        places = self.plan.rounding.places
        return Figure(number=rate, unit=self.labels.percent, decimals=places)

    def rate_below(self) -> Text | None:
        result = self.result
        if result.unavailable is not None:
            return _text(self.labels.reasons[result.unavailable.reason])
        formula = (result.method, self.kpi.polarity)
        if formula == self.shared_formula:
            return None
        return _text(self.phrases.rate_caption(*formula))

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
        return RateFormula(
            method=result.method,
            polarity=kpi.polarity,
            rounding=self.plan.rounding.mode,
            decimals=self.plan.rounding.places,
            progress=progress,
            target=CellPlace(column=len(self.years) + 1, below=target_below),
            baseline=CellPlace(column=0),
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

    def grade(self) -> GradeMark | None:
        grade = self.result.grade
        return None if grade is None else GradeMark(label=grade.label, colour=grade.colour)

    def rate_with_grade(self, rate: Cell) -> str:
        text = figure_text(rate) if isinstance(rate, Figure) else rate.text
        grade = self.result.grade
        if grade is None:
            return text
        return self.labels.rate_and_grade.format(rate=text, grade=grade.label)

    def build(self) -> KpiRow:
        kpi = self.kpi
        by_year = {obs.fiscal_year: obs for obs in kpi.observations}
        years = tuple(self.year(year, by_year.get(year)) for year in self.years)
        baseline, baseline_below = self.baseline()
        target, target_below = self.target()
        rate = self.rate()
        return KpiRow(
            number=kpi.number,
            title=Text(lines=self.phrases.kpi_title_lines(kpi)),
            baseline=baseline,
            baseline_below=baseline_below,
            years=years,
            target=target,
            target_below=target_below,
            rate=rate,
            rate_below=self.rate_below(),
            rate_with_grade=self.rate_with_grade(rate),
            rate_formula=self.rate_formula(years),
            grade=self.grade(),
            brief=_BriefRowBuilder(self).build(),
        )


class _BriefRowBuilder:
    """Lays a KPI out as one line of a terminal table."""

    def __init__(self, row: _KpiRowBuilder) -> None:
        self.row = row
        self.labels = row.labels
        self.phrases = row.phrases
        self.result = row.result

    def baseline(self) -> str:
        baseline, _ = self.row.baseline()
        if not isinstance(baseline, Figure):
            return self.labels.no_rate
        return f"{figure_text(baseline)} {self.phrases.baseline_period(self.result.kpi)}"

    def latest(self) -> str:
        result, kpi = self.result, self.result.kpi
        if result.latest_value is None:
            return self.labels.no_rate
        text = figure_text(
            self.row.figure(result.latest_value, self.phrases.stock_prefix(kpi), kpi.unit)
        )
        if kpi.kind is KpiKind.FLOW and result.progress is not None:
            text += f" {figure_text(self.row.running_total(result.progress))}"
        return text

    def target(self) -> str:
        target, below = self.row.target()
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
            result.kpi.name,
            self.baseline(),
            labels.no_rate if year is None else self.phrases.fiscal_year(year, short=True),
            self.latest(),
            self.target(),
            labels.no_rate
            if result.achievement_rate is None
            else figure_text(Figure(number=result.achievement_rate, unit=labels.percent)),
        ]
        if self.row.plan.grading:
            cells.append(result.grade.label if result.grade else labels.no_rate)
        return BriefRow(cells=tuple(cells))


def _text(text: str) -> Text:
    return Text(lines=(text,))


class _ReportBuilder:
    """Builds the report model of one evaluation in one language."""

    def __init__(self, evaluation: PlanEvaluation, labels: Labels) -> None:
        self.evaluation = evaluation
        self.plan = evaluation.plan
        self.labels = labels
        self.phrases = Phrases(self.plan, labels)
        self.years = shown_years(self.plan)
        self.shared_year = _shared_target_year(self.plan)
        self.shared_formula = _shared_formula(self.plan)
        self.by_id = items_by_id(self.plan)

    # -- the KPI table --------------------------------------------------------------

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
        if self.shared_formula is not None:
            rate += (phrases.rate_caption(*self.shared_formula),)
        return target, rate

    def kpi_table(self) -> KpiTable:
        labels, plan = self.labels, self.plan
        target_heading, rate_heading = self.column_headings()
        rows = tuple(_KpiRowBuilder(self, result).build() for result in self.evaluation.kpis)
        return KpiTable(
            title=plan.document.title,
            heading=labels.kpi_section,
            number_heading=labels.number,
            name_heading=labels.kpi,
            baseline_heading=labels.baseline,
            progress_heading=labels.progress_header,
            year_headings=tuple(self.year_heading(year) for year in self.years),
            target_heading=target_heading,
            rate_heading=rate_heading,
            grade_heading=labels.grade if plan.grading else None,
            rows=rows,
            notes=tuple(self.phrases.note(note) for note in plan.notes),
            brief_lead=self.brief_lead(),
            brief_header=self.brief_header(),
            brief_reasons=self.brief_reasons(),
        )

    def brief_lead(self) -> tuple[str, ...]:
        document = self.plan.document
        if document.as_of is None:
            return (document.title,)
        return (document.title, f"{self.labels.as_of}: {self.phrases.date(document.as_of)}")

    def brief_header(self) -> tuple[str, ...]:
        labels = self.labels
        header = (
            labels.number,
            labels.kpi,
            labels.baseline,
            labels.latest_year,
            labels.latest_value,
            labels.target,
            labels.achievement_rate,
        )
        return (*header, labels.grade) if self.plan.grading else header

    def brief_reasons(self) -> tuple[str, ...]:
        labels = self.labels
        return tuple(
            f"{labels.no_rate} {result.kpi.number}: {labels.reasons[result.unavailable.reason]}"
            for result in self.evaluation.kpis
            if result.unavailable is not None
        )

    def charts(self) -> tuple[ChartSeries, ...]:
        return tuple(_chart(result, self.years) for result in self.evaluation.kpis)

    # -- the review of measures ------------------------------------------------------

    def initiative(self, listed: Initiative | Repeat) -> InitiativeEntry:
        initiative, repeated = resolve(listed, self.by_id)
        assert isinstance(initiative, Initiative)
        phrases = self.phrases
        return InitiativeEntry(
            title=initiative.title,
            years=phrases.year_span(initiative.years) if initiative.years else "",
            paragraphs=initiative.paragraphs,
            details=tuple(phrases.detail(d.heading, d.text) for d in initiative.details),
            references=tuple(phrases.reference(ind) for ind in initiative.reference_indicators),
            repeated=repeated,
        )

    def item(self, listed: Issue | DirectionItem | Repeat) -> ItemEntry:
        item: Item
        item, repeated = resolve(listed, self.by_id)
        assert isinstance(item, Issue | DirectionItem)
        return ItemEntry(text=item.text, repeated=repeated)

    def place(self, measures: tuple[int, ...]) -> tuple[str, tuple[str, ...], str]:
        """The strategy, measure headings and priority mark a review belongs under."""
        strategy_text, measure_lines, priority = "", [], ""
        for strategy in self.plan.strategies:
            for measure in strategy.measures:
                if measure.number in measures:
                    strategy_text = strategy_text or self.phrases.strategy_heading(strategy)
                    measure_lines.append(self.phrases.measure_heading(measure, with_priority=False))
                    priority = self.labels.priority if measure.priority else priority
        return strategy_text, tuple(measure_lines), priority

    def review(self, review: MeasureReview) -> ReviewEntry:
        labels, phrases = self.labels, self.phrases
        strategy, measures, priority = self.place(review.measures)
        category = phrases.category(review.direction.category)
        direction = labels.direction_heading.format(category=category)
        rating = self.rating(review)
        return ReviewEntry(
            strategy=strategy,
            measures=measures,
            priority=priority,
            initiatives=tuple(self.initiative(entry) for entry in review.initiatives),
            issues=tuple(self.item(entry) for entry in review.issues),
            direction_heading=direction,
            direction_and_rating=direction
            if rating is None
            else labels.direction_and_rating.format(direction=direction, rating=rating.label),
            direction_items=tuple(self.item(entry) for entry in review.direction.items),
            rating=rating,
        )

    def rating(self, review: MeasureReview) -> GradeMark | None:
        if review.rating is None:
            return None
        declared = {category.code: category for category in self.plan.measure_ratings}
        category = declared.get(review.rating)
        label = self.phrases.category(review.rating, ratings=True)
        return GradeMark(label=label, colour=None if category is None else category.colour)

    def strategies(self, reviews: dict[int, ReviewEntry]) -> tuple[StrategyEntry, ...]:
        return tuple(
            StrategyEntry(
                heading=self.phrases.strategy_heading(strategy),
                measures=tuple(
                    MeasureEntry(
                        heading=self.phrases.measure_heading(measure),
                        review=reviews.get(measure.number),
                    )
                    for measure in strategy.measures
                ),
            )
            for strategy in self.plan.strategies
        )

    def closing_reviews(self, built: tuple[ReviewEntry, ...]) -> dict[int, ReviewEntry]:
        """Each review by the last measure it covers, in document order: where it is printed."""
        order = [m.number for s in self.plan.strategies for m in s.measures]
        return {
            max(review.measures, key=order.index): entry
            for review, entry in zip(self.plan.reviews, built, strict=True)
            if review.measures
        }

    def references(self) -> ReferenceTable | None:
        found = list(self.reference_rows())
        if not found:
            return None
        years = sorted({obs.fiscal_year for _, _, ind in found for obs in ind.observations})
        rows = []
        for measures, where, indicator in found:
            by_year = {obs.fiscal_year: obs for obs in indicator.observations}
            decimals = decimals_of(obs.value for obs in indicator.observations)
            values = tuple(
                _reference_cell(by_year.get(year), indicator.unit, decimals, self.phrases)
                for year in years
            )
            rows.append(
                ReferenceRow(
                    measures=measures, initiative=where, name=indicator.name, values=values
                )
            )
        labels = self.labels
        return ReferenceTable(
            title=labels.reference_brackets + labels.reference_indicators,
            year_headings=tuple(self.phrases.fiscal_year(year) for year in years),
            rows=tuple(rows),
        )

    def reference_rows(self) -> Iterator[tuple[str, str, ReferenceIndicator]]:
        for review in self.plan.reviews:
            measures = "\n".join(self.place(review.measures)[1])
            for initiative in review.initiatives:
                if isinstance(initiative, Initiative):
                    where = initiative.title or initiative.paragraphs[0]
                    for indicator in initiative.reference_indicators:
                        yield measures, where, indicator

    # -- the next plan and the document -------------------------------------------------

    def next_plan(self) -> NextPlan | None:
        section = self.plan.next_plan
        if section is None:
            return None
        labels = self.labels
        return NextPlan(
            heading=self.phrases.section_heading(3, section.title),
            title=section.title,
            lead=section.lead,
            headings=tuple(
                NextPlanHeadingEntry(
                    title=f"{labels.item_mark} {heading.title}",
                    items=tuple(f"{labels.sub_item_mark}{item}" for item in heading.items),
                )
                for heading in section.headings
            ),
        )

    def document(self) -> DocumentInfo:
        plan, labels, phrases = self.plan, self.labels, self.phrases
        document = plan.document
        meeting = document.meeting
        header = [document.label or ""]
        if meeting is not None:
            header.append(f"{phrases.date(meeting.date, short=True)} {meeting.name}")
        facts = (
            Fact(label=labels.municipality, text=plan.municipality),
            Fact(label=labels.plan_title, text=plan.title),
            Fact(label=labels.plan_period, text=phrases.period()),
            Fact(label=labels.document_title, text=document.title),
            Fact(label=labels.document_label, text=document.label),
            Fact(label=labels.meeting, text=meeting.name if meeting else None),
            self.date_fact(labels.meeting_date, meeting.date if meeting else None),
            self.date_fact(labels.as_of, document.as_of),
        )
        return DocumentInfo(
            title=document.title,
            plan_title=plan.title,
            municipality=plan.municipality,
            header_lines=tuple(header),
            facts=facts,
            created=report_timestamp(plan),
        )

    def date_fact(self, label: str, day: datetime.date | None) -> Fact:
        text = None if day is None else self.phrases.date(day, short=True)
        return Fact(label=label, text=text, date=day)

    def grade_legend(self) -> tuple[GradeMark, ...]:
        seen: dict[str, GradeMark] = {}
        for rule in self.plan.grading:
            seen.setdefault(rule.label, GradeMark(label=rule.label, colour=rule.colour))
        return tuple(seen.values())

    def build(self) -> ReportModel:
        labels, phrases = self.labels, self.phrases
        reviews = tuple(self.review(review) for review in self.plan.reviews)
        return ReportModel(
            document=self.document(),
            kpi_heading=phrases.section_heading(1, labels.kpi_section),
            kpi_table=self.kpi_table(),
            chart_years=tuple(phrases.fiscal_year(year, short=True) for year in self.years),
            charts=self.charts(),
            measures_title=labels.measures_section,
            measures_heading=phrases.section_heading(2, labels.measures_section),
            strategies=self.strategies(self.closing_reviews(reviews)),
            reviews=reviews,
            rating_heading=labels.rating if self.plan.measure_ratings else None,
            item_mark=labels.item_mark,
            repeat_mark=labels.repeat_mark,
            repeat_cell=labels.repeat_mark.strip(),
            references=self.references(),
            grade_legend=self.grade_legend(),
            next_plan=self.next_plan(),
        )


def _reference_cell(
    observation: Observation | None, unit: str, decimals: int, phrases: Phrases
) -> Cell | None:
    if observation is None:
        return None
    if observation.value is None:
        return _text(phrases.missing_with_note(observation))
    return Figure(number=observation.value, unit=unit, decimals=decimals)


def _chart(result: KpiEvaluation, years: tuple[int, ...]) -> ChartSeries:
    """A KPI's chart: a flow summed since the plan began unless its target is per year."""
    kpi = result.kpi
    per_year = kpi.kind is KpiKind.FLOW and kpi.target is not None and kpi.target.per_year
    cumulative = kpi.kind is KpiKind.FLOW and not per_year
    totals = {total.fiscal_year: total.value for total in result.running_totals}
    by_year = {obs.fiscal_year: obs.value for obs in kpi.observations}
    values = tuple(totals.get(year) if cumulative else by_year.get(year) for year in years)
    target = kpi.target.value if per_year and kpi.target else result.target_value
    return ChartSeries(
        title=f"{kpi.number} {kpi.name}", unit=kpi.unit, values=values, target=target
    )


def build_report(evaluation: PlanEvaluation, labels: Labels) -> ReportModel:
    """Decide everything a report of ``evaluation`` says in the language of ``labels``."""
    return _ReportBuilder(evaluation, labels).build()
