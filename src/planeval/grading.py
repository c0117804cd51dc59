"""Grading: the expected path to a KPI's target, the grading metrics and grades.

* The **expected value** of a KPI in a fiscal year is its interim target for
  that year, where it gives interim targets (the target itself in the
  target's year); otherwise the target pro-rated by the elapsed years, on a
  straight line from the baseline (from zero for a flow), counted from the
  plan's first year or from the baseline's year as the plan's
  ``path_origin`` says.
* The **path status** says whether progress is ahead of, on or behind that
  path, within the plan's tolerance (:data:`DEFAULT_PATH_TOLERANCE` % of the
  planned change unless the plan says otherwise).
* A **grade** is the label of the first of the plan's rules whose metric can
  be computed and lies within its bounds. Every metric measures improvement,
  so lower-is-better KPIs mirror every rule. A qualitative KPI is graded by
  its status (``status`` rules) and by whether it has one.

This module imports nothing from :mod:`planeval.evaluation`; the engine
imports it. That is the only direction that needs no cycle: a
:class:`~planeval.evaluation.KpiEvaluation` carries a :class:`PathStatus` and
a :class:`Grade`, so the engine needs these types, while grading needs only
numbers. So grading takes the figures it reads explicitly, as a
:class:`Figures` record in which the engine has already computed and rounded
every rate, and it can be used on figures built by hand.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs

from planeval.model import (
    FiscalYearPeriod,
    GradeRule,
    Kpi,
    KpiKind,
    Metric,
    PathOrigin,
    PathStatus,
    Plan,
    Polarity,
)

__all__ = [
    "DEFAULT_PATH_TOLERANCE",
    "Figures",
    "Grade",
    "PathStatus",
    "baseline_year",
    "expected_value",
    "grade",
    "path_start",
    "path_status",
]

#: How far progress may stray from the expected path, in % of the planned
#: change, and still be on track, unless a plan says otherwise.
DEFAULT_PATH_TOLERANCE = Decimal(5)


@attrs.frozen(kw_only=True)
class Grade:
    """The grade a KPI got: the label and colour of the first matching rule.

    ``rule`` is the rule's position in the plan's grading (from 0): grades
    rank in the order of their rules, so a lower ``rule`` is a better grade.
    """

    label: str
    colour: str | None
    rule: int


@attrs.frozen(kw_only=True)
class Figures:
    """The figures of one KPI that its path status and grade are read from.

    ``latest_value``, ``progress`` and ``target_value`` are as in
    :class:`~planeval.evaluation.KpiEvaluation`; ``expected`` is the exact
    expected value for the latest year (:func:`expected_value`). The rates
    are in %, rounded as the plan rounds rates, ``None`` where they cannot be
    computed: ``achievement_rate`` by the KPI's formula, read in the KPI's
    direction (200 - rate for actual / target when lower is better),
    ``interim_rate`` of progress against ``expected``,
    ``progress_from_baseline`` toward the target,
    ``progress_against_expected`` the progress from the path's start
    against the progress expected, ``growth_ratio`` observed / required
    compound annual growth. :func:`planeval.evaluation.evaluate_kpi`
    computes the last four only where one of the plan's rules names them.
    ``previous_value`` is the value of the published year before the
    latest; ``latest_status`` a qualitative KPI's latest status.
    """

    kpi: Kpi
    latest_value: Decimal | None
    progress: Decimal | None
    target_value: Decimal | None
    expected: Fraction | None
    achievement_rate: Decimal | None
    interim_rate: Decimal | None
    progress_from_baseline: Decimal | None
    progress_against_expected: Decimal | None = None
    growth_ratio: Decimal | None = None
    previous_value: Decimal | None = None
    latest_status: str | None = None


def _improvement_sign(kpi: Kpi) -> int:
    return -1 if kpi.polarity is Polarity.LOWER_IS_BETTER else 1


def path_start(kpi: Kpi) -> Fraction | None:
    """Where the expected path starts: zero for a flow, else the baseline (if any)."""
    if kpi.kind is KpiKind.FLOW:
        return Fraction(0)
    return None if kpi.baseline is None else Fraction(kpi.baseline.value)


def baseline_year(kpi: Kpi, plan: Plan) -> int | None:
    """The fiscal year a KPI's baseline was measured in.

    A baseline over months belongs to the fiscal year of its last month
    (平成30年1月～12月 is FY2018 when fiscal years start in April).
    """
    if kpi.baseline is None:
        return None
    period = kpi.baseline.period
    if isinstance(period, FiscalYearPeriod):
        return period.fiscal_year
    last = period.last
    return last.year if last.month >= plan.fiscal_year_start_month else last.year - 1


def _elapsed(kpi: Kpi, plan: Plan, fiscal_year: int, target_year: int) -> Fraction | None:
    """The share of the path's years gone by ``fiscal_year``, or None before it starts."""
    origin = plan.period.first - 1
    if plan.path_origin is PathOrigin.BASELINE_YEAR and kpi.kind is not KpiKind.FLOW:
        start_year = baseline_year(kpi, plan)
        if start_year is None:
            return None
        origin = start_year
        if fiscal_year < origin:
            return None
    elif fiscal_year <= origin:
        return None
    total = target_year - origin
    if total < 1:
        return None
    return Fraction(min(fiscal_year - origin, total), total)


def expected_value(
    kpi: Kpi, plan: Plan, fiscal_year: int, target: Decimal | None
) -> Fraction | None:
    """Return where the KPI is expected to be in ``fiscal_year``, exactly.

    ``target`` is the value progress is measured against
    (:func:`planeval.evaluation.target_value`). The KPI's interim target for
    that year where it gives interim targets (the target itself in the
    target's year); otherwise the target pro-rated by the elapsed years, on
    a straight line from the baseline (from zero for a flow). The years are
    counted from the plan's first year (the baseline standing the year
    before), or, when the plan's ``path_origin`` is ``baseline_year``, from
    the baseline's own year (a flow always counts from the plan's start).
    """
    if target is None or kpi.target is None:
        return None
    if kpi.interim_targets:
        for interim in kpi.interim_targets:
            if interim.fiscal_year == fiscal_year:
                return Fraction(interim.value)
        return Fraction(target) if fiscal_year == kpi.target.fiscal_year else None
    start = path_start(kpi)
    share = _elapsed(kpi, plan, fiscal_year, kpi.target.fiscal_year)
    if start is None or share is None:
        return None
    return start + (Fraction(target) - start) * share


def path_status(figures: Figures, plan: Plan) -> PathStatus | None:
    """Return where progress stands against the expected value, within the plan's tolerance.

    ``None`` where there is no expected value, progress, target value or
    start of the path (a KPI without a baseline that is not a flow).
    """
    kpi, expected = figures.kpi, figures.expected
    start = path_start(kpi)
    progress, goal = figures.progress, figures.target_value
    if expected is None or progress is None or goal is None or start is None:
        return None
    tolerance = plan.path_tolerance if plan.path_tolerance is not None else DEFAULT_PATH_TOLERANCE
    band = Fraction(tolerance) / 100 * abs(Fraction(goal) - start)
    deviation = _improvement_sign(kpi) * (Fraction(progress) - expected)
    if deviation > band:
        return PathStatus.AHEAD
    if deviation < -band:
        return PathStatus.BEHIND
    return PathStatus.ON_TRACK


def _exact(rate: Decimal | None) -> Fraction | None:
    return None if rate is None else Fraction(rate)


# The rates come rounded, so that rules read the rates as published.
_RATES = {
    Metric.ACHIEVEMENT_RATE: lambda figures: figures.achievement_rate,
    Metric.INTERIM_RATE: lambda figures: figures.interim_rate,
    Metric.PROGRESS_FROM_BASELINE: lambda figures: figures.progress_from_baseline,
    Metric.PROGRESS_AGAINST_EXPECTED: lambda figures: figures.progress_against_expected,
    Metric.GROWTH_RATIO: lambda figures: figures.growth_ratio,
}


def _metric(metric: Metric, figures: Figures) -> Fraction | bool | str | None:
    """The value of a grading metric for a KPI, or None where it cannot be computed."""
    has_value = figures.latest_value is not None or figures.latest_status is not None
    if metric is Metric.HAS_VALUE:
        return has_value
    if metric is Metric.NO_VALUE:
        return not has_value
    if metric is Metric.STATUS:
        return figures.latest_status
    rate = _RATES.get(metric)
    if rate is not None:
        return _exact(rate(figures))
    if metric in (Metric.VERSUS_PREVIOUS, Metric.CHANGE_FROM_PREVIOUS):
        return _from_previous(metric, figures)
    return _difference(metric, figures)


def _relative(sign: int, change: Fraction, base: Fraction) -> Fraction | None:
    """A signed change in % of ``base``: None where ``base`` is zero."""
    return None if base == 0 else sign * change / abs(base) * 100


def _from_previous(metric: Metric, figures: Figures) -> Fraction | None:
    """The change since the previous published year, in improvement's direction."""
    latest, previous = figures.latest_value, figures.previous_value
    if latest is None or previous is None:
        return None
    sign = _improvement_sign(figures.kpi)
    change = Fraction(latest) - Fraction(previous)
    if metric is Metric.VERSUS_PREVIOUS:
        return sign * change
    return _relative(sign, change, Fraction(previous))


def _difference(metric: Metric, figures: Figures) -> Fraction | None:
    """A difference metric: against the target or the baseline, in improvement's direction."""
    kpi, progress, goal = figures.kpi, figures.progress, figures.target_value
    if progress is None:
        return None
    sign = _improvement_sign(kpi)
    if metric in (Metric.VERSUS_TARGET, Metric.CHANGE_FROM_TARGET):
        if goal is None:
            return None
        change = Fraction(progress) - Fraction(goal)
        if metric is Metric.VERSUS_TARGET:
            return sign * change
        return _relative(sign, change, Fraction(goal))
    if kpi.baseline is None or kpi.kind is KpiKind.FLOW:
        # A flow's baseline is a yearly count: differences from it mean nothing.
        return None
    baseline = Fraction(kpi.baseline.value)
    if metric is Metric.VERSUS_BASELINE:
        return sign * (Fraction(progress) - baseline)
    # Metric.CHANGE_FROM_BASELINE, the only metric left.
    return _relative(sign, Fraction(progress) - baseline, baseline)


def _matches(rule: GradeRule, value: Fraction | bool | str | None) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value in rule.statuses
    if rule.above is not None and not value > Fraction(rule.above):
        return False
    if rule.at_least is not None and not value >= Fraction(rule.at_least):
        return False
    if rule.below is not None and not value < Fraction(rule.below):
        return False
    return rule.at_most is None or value <= Fraction(rule.at_most)


def grade(figures: Figures, plan: Plan) -> Grade | None:
    """Grade a KPI's figures by the plan's rules: the first rule that matches wins.

    ``None`` where the plan has no grading or no rule matches.
    """
    for index, rule in enumerate(plan.grading):
        if _matches(rule, _metric(rule.metric, figures)):
            return Grade(label=rule.label, colour=rule.colour, rule=index)
    return None
