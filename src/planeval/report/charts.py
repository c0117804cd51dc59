"""The charts of the report model: one per KPI with figures, the same in every format.

A chart shows what the rate is computed from: a level's or stock's values,
a flow's running totals since the plan's first year (the totals its rate is
over, never its yearly counts), against the baseline, the expected path,
the interim targets and the target (a flow's per-year target as the total
the engine measures it against). Its x-axis runs over every fiscal year from
the first the KPI shows to the target's; years before the plan are marked
（参考）, and a year without a value is a gap (None), never zero.

The expected path is the engine's (:func:`planeval.grading.expected_value`)
from where it starts (:func:`planeval.grading.path_start`, in the path's
origin year); where the KPI gives interim targets, the engine expects values
in those years only, and the chart joins them by straight lines. The path's
points are for drawing: a point between two whole figures is rounded to
:data:`_DRAWING` 's 15 significant digits.

At most :data:`CHART_LIMIT` charts go in a report, in every format; the
report says which KPIs have none (:attr:`ReportModel.charts_omitted`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Context, Decimal
from fractions import Fraction

from planeval.evaluation import KpiEvaluation, PlanEvaluation
from planeval.grading import baseline_year, expected_value, path_start
from planeval.model import Kpi, KpiKind, Observation, PathOrigin, Plan, Scale
from planeval.report.kpi_table import decimal_places
from planeval.report.model import CHART_LIMIT, ChartRole, ChartSeries, Figure, KpiChart, figure_text
from planeval.report.phrases import Phrases

__all__ = ["CHART_LIMIT", "build_charts"]

#: Digits kept of an expected path's point between whole figures (a third, say).
_DRAWING = Context(prec=15)


def _chartable(kpi: Kpi) -> bool:
    """Whether a KPI gets a chart: it has figures, and some year to show them in."""
    return kpi.scale is not Scale.QUALITATIVE and bool(_axis_years(kpi))


def _axis_years(kpi: Kpi) -> range:
    """Every fiscal year from the first the KPI shows to its target's (or its last)."""
    years = {observation.fiscal_year for observation in kpi.observations}
    years |= {interim.fiscal_year for interim in kpi.interim_targets}
    if kpi.target is not None:
        years.add(kpi.target.fiscal_year)
    return range(min(years), max(years) + 1) if years else range(0)


def _path_origin(kpi: Kpi, plan: Plan) -> int | None:
    """The year the expected path starts from, as :mod:`planeval.grading` counts it."""
    if plan.path_origin is PathOrigin.BASELINE_YEAR and kpi.kind is not KpiKind.FLOW:
        return baseline_year(kpi, plan)
    return plan.period.first - 1


def _as_decimal(value: Fraction) -> Decimal:
    if value.denominator == 1:
        return Decimal(value.numerator)
    return _DRAWING.divide(Decimal(value.numerator), Decimal(value.denominator))


def _interpolated(anchors: Sequence[tuple[int, Fraction]], year: int) -> Fraction | None:
    """The straight line's value in ``year`` between the anchors around it (None outside)."""
    for (first, low), (last, high) in itertools.pairwise(anchors):
        if first <= year <= last:
            return low + (high - low) * Fraction(year - first, last - first)
    if anchors and anchors[0][0] == year:
        return anchors[0][1]
    return None


class _KpiChartBuilder:
    """Builds one KPI's chart in the words of ``phrases``."""

    def __init__(self, result: KpiEvaluation, phrases: Phrases) -> None:
        self.result = result
        self.kpi = result.kpi
        self.plan = phrases.plan
        self.phrases = phrases
        self.labels = phrases.labels
        self.years = _axis_years(self.kpi)
        self.first = self.plan.period.first
        self.flow = self.kpi.kind is KpiKind.FLOW
        kpi = self.kpi
        self.unit = f"{kpi.unit}/{kpi.unit_per}" if kpi.unit_per else kpi.unit
        self.observed = {obs.fiscal_year: obs for obs in kpi.observations}

    def text(self, value: Decimal) -> str:
        """A figure of this KPI as printed: 1,445億円."""
        decimals = self.kpi.decimals
        places = decimals if decimals is not None else decimal_places(value)
        return figure_text(Figure(number=value, unit=self.unit, decimals=places))

    def points(self, by_year: dict[int, Decimal]) -> tuple[Decimal | None, ...]:
        return tuple(by_year.get(year) for year in self.years)

    def values(self) -> dict[int, Decimal]:
        """What the rate is computed from: a flow's running totals, else the values."""
        if self.flow:
            return {total.fiscal_year: total.value for total in self.result.running_totals}
        observed = self.observed.values()
        return {obs.fiscal_year: obs.value for obs in observed if obs.value is not None}

    def expected(self) -> dict[int, Decimal]:
        """The expected path at each year of the axis it reaches."""
        kpi, plan, goal = self.kpi, self.plan, self.result.target_value
        if goal is None or kpi.target is None:
            return {}
        anchors: dict[int, Fraction] = {}
        start, origin = path_start(kpi), _path_origin(kpi, plan)
        if start is not None and origin is not None:
            anchors[origin] = start
        # The path is straight from its start to the target, or through the
        # interim targets: grading is asked only where it bends or ends, and
        # after the target's year (where it stays at the target).
        interim = {target.fiscal_year for target in kpi.interim_targets}
        for year in self.years:
            if year in interim or year >= kpi.target.fiscal_year:
                found = expected_value(kpi, plan, year, goal)
                if found is not None:
                    anchors[year] = found
        ordered = sorted(anchors.items())
        # A year the path gives is its own anchor; only the others are interpolated.
        path = {
            year: anchors[year] if year in anchors else _interpolated(ordered, year)
            for year in self.years
        }
        return {year: _as_decimal(value) for year, value in path.items() if value is not None}

    def series(self) -> tuple[ChartSeries, ...]:
        kpi, labels, result = self.kpi, self.labels, self.result
        first = self.phrases.fiscal_year(self.first, short=True)
        name = labels.chart_totals.format(first=first) if self.flow else labels.chart_values
        found = [ChartSeries(role=ChartRole.VALUES, name=name, points=self.points(self.values()))]
        if kpi.baseline is not None and not self.flow:
            flat = tuple(kpi.baseline.value for _ in self.years)
            found.append(
                ChartSeries(role=ChartRole.BASELINE, name=labels.chart_baseline, points=flat)
            )
        expected = self.expected()
        if expected:
            found.append(
                ChartSeries(
                    role=ChartRole.EXPECTED,
                    name=labels.chart_expected,
                    points=self.points(expected),
                )
            )
        if kpi.interim_targets:
            interim = {target.fiscal_year: target.value for target in kpi.interim_targets}
            found.append(
                ChartSeries(
                    role=ChartRole.INTERIM, name=labels.chart_interim, points=self.points(interim)
                )
            )
        if kpi.target is not None and result.target_value is not None:
            target = {kpi.target.fiscal_year: result.target_value}
            found.append(
                ChartSeries(
                    role=ChartRole.TARGET, name=labels.chart_target, points=self.points(target)
                )
            )
        return tuple(found)

    def categories(self) -> tuple[str, ...]:
        phrases, labels = self.phrases, self.labels
        return tuple(
            labels.chart_category_reference.format(
                year=phrases.fiscal_year(year, short=True), mark=labels.reference_year
            )
            if year < self.first
            else phrases.fiscal_year(year, short=True)
            for year in self.years
        )

    def point_text(self, year: int, value: Decimal | None) -> str | None:
        """One year in the description: 令和元年度 1,445億円（参考）, 令和5年度 未発表."""
        labels = self.labels
        observation: Observation | None = self.observed.get(year)
        if value is not None:
            shown = self.text(value)
        elif observation is not None and observation.value is None:
            shown = self.phrases.missing(observation)
        elif observation is not None and not (self.flow and year < self.first):
            shown = labels.chart_no_value
        else:
            return None
        template = labels.chart_reference_point if year < self.first else labels.chart_point
        return template.format(year=self.phrases.fiscal_year(year), value=shown)

    def goal_texts(self, series: tuple[ChartSeries, ...]) -> list[str]:
        """The baseline, the interim targets and the target, as the description ends."""
        labels, phrases = self.labels, self.phrases
        texts = []
        for line in series:
            if line.role is ChartRole.BASELINE and self.kpi.baseline is not None:
                texts.append(
                    labels.chart_baseline_point.format(value=self.text(self.kpi.baseline.value))
                )
            if line.role in (ChartRole.INTERIM, ChartRole.TARGET):
                template = (
                    labels.chart_interim_point
                    if line.role is ChartRole.INTERIM
                    else labels.chart_target_point
                )
                texts += [
                    template.format(value=self.text(value), year=phrases.fiscal_year(year))
                    for year, value in zip(self.years, line.points, strict=True)
                    if value is not None
                ]
        return texts

    def description(self, series: tuple[ChartSeries, ...]) -> str:
        values = series[0].points
        points = [
            self.point_text(year, value) for year, value in zip(self.years, values, strict=True)
        ]
        parts = [point for point in points if point is not None] + self.goal_texts(series)
        return self.labels.chart_description.format(
            name=self.kpi.name,
            points=self.labels.reference_separator.join(parts or [self.labels.chart_no_value]),
        )

    def build(self) -> KpiChart:
        kpi = self.kpi
        series = self.series()
        return KpiChart(
            number=kpi.number,
            title=f"{kpi.number} {kpi.name}",
            unit=self.unit,
            categories=self.categories(),
            reference=tuple(year < self.first for year in self.years),
            series=series,
            ticks=_ticks(series),
            description=self.description(series),
        )


#: About how many steps the value axis has.
_TICKS = 5


def _bounds(series: Sequence[ChartSeries]) -> tuple[Decimal, Decimal]:
    """The lowest and highest point of every series (0 and 1 where there is none)."""
    points = [point for line in series for point in line.points if point is not None]
    if not points:
        return Decimal(0), Decimal(1)
    low, high = min(points), max(points)
    if low == high:
        # A tenth of the value either side (1 for a small one), which the
        # context's precision keeps apart even for a figure of 57 digits.
        margin = max(Decimal(1), abs(low).scaleb(-1))
        return low - margin, high + margin
    return low, high


def _step(low: Decimal, high: Decimal) -> Decimal:
    """A round step (1, 2 or 5 times a power of ten) giving about five ticks."""
    raw = (high - low) / _TICKS
    power = Decimal(1).scaleb(raw.adjusted())
    for multiple in (1, 2, 5, 10):
        if power * multiple >= raw:
            return power * multiple
    return power * 10  # pragma: no cover - the loop ends at 10


def _ticks(series: Sequence[ChartSeries]) -> tuple[Decimal, ...]:
    """The value axis's ticks, the same in every format.

    They run from a multiple of a round step at or below the lowest point to
    the first at or above the highest.
    """
    low, high = _bounds(series)
    step = _step(low, high)
    first = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    ticks = [first]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return tuple(ticks)


def build_charts(
    evaluation: PlanEvaluation, phrases: Phrases, limit: int = CHART_LIMIT
) -> tuple[tuple[KpiChart, ...], tuple[int, ...]]:
    """The charts of the first ``limit`` KPIs with figures, and the numbers of the rest."""
    chartable = [result for result in evaluation.kpis if _chartable(result.kpi)]
    charts = tuple(_KpiChartBuilder(result, phrases).build() for result in chartable[:limit])
    return charts, tuple(result.kpi.number for result in chartable[limit:])
