"""The evaluation engine: pure functions from a plan to its computed figures.

Every rate is computed as an exact quotient (:class:`fractions.Fraction`) and
rounded once, by the plan's :class:`~planeval.model.Rounding` (half up to one
decimal unless the plan says otherwise). Nothing is stored: each figure is
derived from the observations every time.

For each KPI:

* the **latest value** is the last observation with a value whose fiscal year
  has begun by the document's as-of date. Unpublished years are skipped, never
  read as zero; years before the plan (参考) count.
* the **progress value** is the latest value for a level; for a flow, the sum
  of its yearly counts from the plan's first fiscal year to the latest (every
  year must have a value); for a stock, its latest running total.
* the **target value** is the target, or for a flow with a per-year target,
  that rate times the plan's years up to the target's year (2件/年 over R3–R7
  is 10件).
* the **rate** follows the KPI's method (or the plan's):
  ``achievement_rate``: progress / target x 100, or target / progress x 100
  when lower is better; ``progress_from_baseline``: (progress - baseline) /
  (target - baseline) x 100, or (baseline - progress) / (baseline - target)
  x 100 when lower is better. Where no rate can be computed it is ``None``
  and :attr:`KpiEvaluation.unavailable` says why.

:func:`evaluate_kpi` also places each KPI against its expected path and
grades it, by :mod:`planeval.grading`. This module imports grading, never the
other way round: a :class:`KpiEvaluation` carries grading's
:class:`~planeval.grading.PathStatus` and :class:`~planeval.grading.Grade`,
so the engine needs grading's types, while grading needs only numbers. The
engine hands it those numbers (:class:`~planeval.grading.Figures`), every
rate computed and rounded here, so that all rate arithmetic stays in this
module.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from planeval.grading import Figures, Grade, PathStatus, expected_value, grade, path_status
from planeval.limits import EXACT
from planeval.model import (
    Kpi,
    KpiKind,
    Method,
    Metric,
    Observation,
    Plan,
    Polarity,
    Rounding,
    RoundingMode,
)
from planeval.periods import fiscal_year_start

__all__ = [
    "DEFAULT_ROUNDING",
    "KpiEvaluation",
    "PlanEvaluation",
    "Reason",
    "Unavailable",
    "YearValue",
    "achievement_rate",
    "counted_observations",
    "evaluate",
    "evaluate_kpi",
    "flow_running_totals",
    "progress_from_baseline",
    "round_rate",
    "target_value",
]


class Reason(enum.Enum):
    """Why a KPI has no rate."""

    NO_VALUE = "no_value"
    MISSING_YEAR = "missing_year"
    NO_TARGET = "no_target"
    ZERO_TARGET = "zero_target"
    ZERO_PROGRESS = "zero_progress"
    NO_BASELINE = "no_baseline"
    TARGET_EQUALS_BASELINE = "target_equals_baseline"
    NOT_APPLICABLE = "not_applicable"


@attrs.frozen(kw_only=True)
class Unavailable:
    """Why a rate is ``None``: a reason code, and a sentence saying so in English.

    ``fiscal_year`` names the year at fault, where there is one.
    """

    reason: Reason
    message: str
    fiscal_year: int | None = None


@attrs.frozen(kw_only=True)
class YearValue:
    """A figure for one fiscal year."""

    fiscal_year: int
    value: Decimal


@attrs.frozen(kw_only=True)
class KpiEvaluation:
    """The computed evaluation of one KPI.

    ``latest_year`` and ``latest_value`` name the observation used;
    ``progress`` is the value measured against ``target_value``;
    ``achievement_rate`` is the rate by ``method``, rounded, or ``None``
    with ``unavailable`` saying why. ``running_totals`` holds a flow's
    total since the plan's first year for each year it can be summed (延べ).
    ``expected_value`` is where the path to the target expected the KPI to
    be in its latest year (rounded like rates), and ``path_status`` where
    progress stands against it. ``grade`` is the grade by the plan's
    grading, where it has one and a rule matched.
    """

    kpi: Kpi
    method: Method
    latest_year: int | None
    latest_value: Decimal | None
    progress: Decimal | None
    target_value: Decimal | None
    achievement_rate: Decimal | None
    unavailable: Unavailable | None
    running_totals: tuple[YearValue, ...] = ()
    expected_value: Decimal | None = None
    path_status: PathStatus | None = None
    grade: Grade | None = None


@attrs.frozen(kw_only=True)
class PlanEvaluation:
    """The computed evaluation of a plan: one :class:`KpiEvaluation` per KPI, in plan order."""

    plan: Plan
    kpis: tuple[KpiEvaluation, ...]


_HUNDRED = Fraction(100)

#: Half up to one decimal: the rounding of rates unless a plan says otherwise.
DEFAULT_ROUNDING = Rounding()


def round_rate(value: Fraction, rounding: Rounding = DEFAULT_ROUNDING) -> Decimal:
    """Round an exact value once to ``rounding.places`` decimals, by ``rounding.mode``.

    ``HALF_UP`` rounds ties away from zero (112.85 -> 112.9, -0.25 -> -0.3).
    """
    scaled = value * 10**rounding.places
    magnitude = abs(scaled)
    mode = rounding.mode
    if mode is RoundingMode.HALF_UP:
        whole = math.floor(magnitude + Fraction(1, 2))
    elif mode is RoundingMode.HALF_EVEN:
        whole = round(magnitude)
    elif mode is RoundingMode.DOWN:
        whole = math.floor(magnitude)
    else:
        whole = math.ceil(magnitude)
    signed = -whole if scaled < 0 else whole
    return Decimal(signed).scaleb(-rounding.places, EXACT)


def achievement_rate(
    progress: Decimal,
    target: Decimal,
    *,
    polarity: Polarity = Polarity.HIGHER_IS_BETTER,
    rounding: Rounding = DEFAULT_ROUNDING,
) -> Decimal:
    """Return progress / target x 100 (target / progress x 100 when lower is better), rounded.

    Raises :class:`ZeroDivisionError` when the divisor is zero.
    """
    if polarity is Polarity.LOWER_IS_BETTER:
        quotient = Fraction(target) / Fraction(progress)
    else:
        quotient = Fraction(progress) / Fraction(target)
    return round_rate(quotient * _HUNDRED, rounding)


def progress_from_baseline(
    progress: Decimal,
    baseline: Decimal,
    target: Decimal,
    *,
    polarity: Polarity = Polarity.HIGHER_IS_BETTER,
    rounding: Rounding = DEFAULT_ROUNDING,
) -> Decimal:
    """Return how far from the baseline toward the target the progress got, in %, rounded.

    (progress - baseline) / (target - baseline) x 100, or (baseline -
    progress) / (baseline - target) x 100 when lower is better. Raises
    :class:`ZeroDivisionError` when the target equals the baseline.
    """
    if polarity is Polarity.LOWER_IS_BETTER:
        quotient = (Fraction(baseline) - Fraction(progress)) / (
            Fraction(baseline) - Fraction(target)
        )
    else:
        quotient = (Fraction(progress) - Fraction(baseline)) / (
            Fraction(target) - Fraction(baseline)
        )
    return round_rate(quotient * _HUNDRED, rounding)


def counted_observations(kpi: Kpi, plan: Plan) -> tuple[Observation, ...]:
    """Return the KPI's observations that have a value and count at the as-of date.

    An observation counts when its fiscal year has begun by the document's
    as-of date (all count when the plan gives none).
    """
    as_of = plan.document.as_of
    start_month = plan.fiscal_year_start_month

    def counts(observation: Observation) -> bool:
        if observation.value is None:
            return False
        return as_of is None or fiscal_year_start(observation.fiscal_year, start_month) <= as_of

    # In fiscal-year order, whatever order a plan built in code gives them in.
    counted = (observation for observation in kpi.observations if counts(observation))
    return tuple(sorted(counted, key=lambda observation: observation.fiscal_year))


def flow_running_totals(counted: Sequence[Observation], first_year: int) -> tuple[YearValue, ...]:
    """Sum a flow's yearly counts from ``first_year`` on, for as long as no year is missing."""
    by_year = {obs.fiscal_year: obs.value for obs in counted if obs.value is not None}
    totals = []
    total = Decimal(0)
    year = first_year
    last_year = max(by_year, default=first_year - 1)
    while year <= last_year and year in by_year:
        total = EXACT.add(total, by_year[year])
        totals.append(YearValue(fiscal_year=year, value=total))
        year += 1
    return tuple(totals)


def target_value(kpi: Kpi, plan: Plan) -> Decimal | None:
    """Return the value a KPI's progress is measured against.

    A flow's per-year target is multiplied by the plan's fiscal years up to
    the target's year (2件/年 over R3–R7 gives 10件).
    """
    target = kpi.target
    if target is None:
        return None
    if target.per_year:
        return EXACT.multiply(target.value, Decimal(target.fiscal_year - plan.period.first + 1))
    return target.value


def _unavailable(reason: Reason, message: str, year: int | None = None) -> Unavailable:
    return Unavailable(reason=reason, message=message, fiscal_year=year)


def _progress(
    kpi: Kpi, plan: Plan, latest: Observation | None, running_totals: Sequence[YearValue]
) -> Decimal | Unavailable:
    """The value a KPI's rate measures: its latest value, or a flow's sum since the plan began."""
    if latest is None or latest.value is None:
        in_plan = " in the plan period" if kpi.kind is KpiKind.FLOW else ""
        return _unavailable(Reason.NO_VALUE, f"no value{in_plan} has been published yet")
    if kpi.kind is not KpiKind.FLOW:
        return latest.value
    summed_to = running_totals[-1].fiscal_year if running_totals else plan.period.first - 1
    if summed_to < latest.fiscal_year:
        gap = summed_to + 1
        return _unavailable(
            Reason.MISSING_YEAR,
            f"fiscal year {gap} has no value, so the counts since "
            f"{plan.period.first} cannot be summed",
            gap,
        )
    return running_totals[-1].value


def _achievement(
    kpi: Kpi, progress: Decimal, goal: Decimal, rounding: Rounding
) -> Decimal | Unavailable:
    """The achievement rate, or why it has none (its divisor is zero)."""
    lower = kpi.polarity is Polarity.LOWER_IS_BETTER
    if not lower and goal == 0:
        return _unavailable(Reason.ZERO_TARGET, "the target is zero")
    if lower and progress == 0:
        return _unavailable(Reason.ZERO_PROGRESS, "the progress value is zero (lower is better)")
    return achievement_rate(progress, goal, polarity=kpi.polarity, rounding=rounding)


def _from_baseline(
    kpi: Kpi, progress: Decimal, goal: Decimal, rounding: Rounding
) -> Decimal | Unavailable:
    """The progress from the baseline, or why it has none."""
    if kpi.kind is KpiKind.FLOW:
        return _unavailable(
            Reason.NOT_APPLICABLE,
            "progress from the baseline means nothing for a flow: its baseline is a yearly count",
        )
    if kpi.baseline is None:
        return _unavailable(Reason.NO_BASELINE, "the KPI has no baseline")
    if kpi.baseline.value == goal:
        return _unavailable(Reason.TARGET_EQUALS_BASELINE, "the target equals the baseline")
    return progress_from_baseline(
        progress, kpi.baseline.value, goal, polarity=kpi.polarity, rounding=rounding
    )


def _progress_and_rate(
    kpi: Kpi,
    plan: Plan,
    method: Method,
    latest: Observation | None,
    running_totals: Sequence[YearValue],
    goal: Decimal | None,
) -> tuple[Decimal | None, Decimal | None, Unavailable | None]:
    """A KPI's progress and its rate by its method, or why there is none."""
    progress = _progress(kpi, plan, latest, running_totals)
    if isinstance(progress, Unavailable):
        return None, None, progress
    if goal is None:
        return progress, None, _unavailable(Reason.NO_TARGET, "the KPI has no target")
    if method is Method.ACHIEVEMENT_RATE:
        rate = _achievement(kpi, progress, goal, plan.rounding)
    else:
        rate = _from_baseline(kpi, progress, goal, plan.rounding)
    if isinstance(rate, Unavailable):
        return progress, None, rate
    return progress, rate, None


def _interim_rate(
    kpi: Kpi, progress: Decimal | None, expected: Fraction | None, rounding: Rounding
) -> Decimal | None:
    """Progress / expected value x 100, rounded: the ``interim_rate`` a grading rule may name.

    Mirrored (expected / progress) when lower is better; ``None`` when either is zero.
    """
    if progress is None or expected is None or expected == 0 or progress == 0:
        return None
    if kpi.polarity is Polarity.LOWER_IS_BETTER:
        quotient = expected / Fraction(progress)
    else:
        quotient = Fraction(progress) / expected
    return round_rate(quotient * _HUNDRED, rounding)


def _figures(
    kpi: Kpi,
    plan: Plan,
    latest: Observation | None,
    progress: Decimal | None,
    goal: Decimal | None,
    rate: Decimal | None,
) -> Figures:
    """What grading reads of a KPI: the rates its rules name are computed here, the others not."""
    expected = None if latest is None else expected_value(kpi, plan, latest.fiscal_year, goal)
    named = {rule.metric for rule in plan.grading}
    from_baseline = (
        None
        if progress is None or goal is None or Metric.PROGRESS_FROM_BASELINE not in named
        else _from_baseline(kpi, progress, goal, plan.rounding)
    )
    interim = (
        _interim_rate(kpi, progress, expected, plan.rounding)
        if Metric.INTERIM_RATE in named
        else None
    )
    return Figures(
        kpi=kpi,
        latest_value=None if latest is None else latest.value,
        progress=progress,
        target_value=goal,
        expected=expected,
        achievement_rate=rate,
        interim_rate=interim,
        # Whatever the KPI's method: a plan may grade every KPI by this rate.
        progress_from_baseline=None if isinstance(from_baseline, Unavailable) else from_baseline,
    )


def evaluate_kpi(kpi: Kpi, plan: Plan) -> KpiEvaluation:
    """Compute one KPI's latest value, progress and rate within ``plan``, and grade it."""
    method = kpi.method or plan.method
    counted = counted_observations(kpi, plan)
    running_totals: tuple[YearValue, ...] = ()
    if kpi.kind is KpiKind.FLOW:
        counted = tuple(obs for obs in counted if obs.fiscal_year >= plan.period.first)
        running_totals = flow_running_totals(counted, plan.period.first)
    latest = counted[-1] if counted else None
    goal = target_value(kpi, plan)
    progress, rate, unavailable = _progress_and_rate(
        kpi, plan, method, latest, running_totals, goal
    )
    figures = _figures(kpi, plan, latest, progress, goal, rate)
    return KpiEvaluation(
        kpi=kpi,
        method=method,
        latest_year=None if latest is None else latest.fiscal_year,
        latest_value=figures.latest_value,
        progress=progress,
        target_value=goal,
        achievement_rate=rate,
        unavailable=unavailable,
        running_totals=running_totals,
        expected_value=None
        if figures.expected is None
        else round_rate(figures.expected, plan.rounding),
        path_status=path_status(figures, plan),
        grade=grade(figures, plan),
    )


def evaluate(plan: Plan) -> PlanEvaluation:
    """Compute the evaluation of every KPI of a plan, in plan order."""
    return PlanEvaluation(plan=plan, kpis=tuple(evaluate_kpi(kpi, plan) for kpi in plan.kpis))
