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
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from planeval.limits import EXACT
from planeval.model import (
    GradeRule,
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
    "DEFAULT_PATH_TOLERANCE",
    "DEFAULT_ROUNDING",
    "Grade",
    "KpiEvaluation",
    "PathStatus",
    "PlanEvaluation",
    "Reason",
    "Unavailable",
    "YearValue",
    "achievement_rate",
    "counted_observations",
    "evaluate",
    "evaluate_kpi",
    "expected_value",
    "flow_running_totals",
    "grade",
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


class PathStatus(enum.Enum):
    """Where progress stands against the expected path to the target."""

    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"


@attrs.frozen(kw_only=True)
class Grade:
    """The grade a KPI got: the label and colour of the first matching rule.

    ``rule`` is the rule's position in the plan's grading (from 0).
    """

    label: str
    colour: str | None
    rule: int


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
#: How far progress may stray from the expected path, in % of the planned
#: change, and still be on track, unless a plan says otherwise.
DEFAULT_PATH_TOLERANCE = Decimal(5)


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


def evaluate_kpi(kpi: Kpi, plan: Plan) -> KpiEvaluation:
    """Compute one KPI's latest value, progress and rate within ``plan``."""
    method = kpi.method or plan.method
    counted = counted_observations(kpi, plan)
    running_totals: tuple[YearValue, ...] = ()
    if kpi.kind is KpiKind.FLOW:
        counted = tuple(obs for obs in counted if obs.fiscal_year >= plan.period.first)
        running_totals = flow_running_totals(counted, plan.period.first)
    latest = counted[-1] if counted else None
    goal = target_value(kpi, plan)
    progress: Decimal | None = None
    rate: Decimal | None = None
    unavailable: Unavailable | None = None

    def result() -> KpiEvaluation:
        computed = KpiEvaluation(
            kpi=kpi,
            method=method,
            latest_year=None if latest is None else latest.fiscal_year,
            latest_value=None if latest is None else latest.value,
            progress=progress,
            target_value=goal,
            achievement_rate=rate,
            unavailable=unavailable,
            running_totals=running_totals,
        )
        return _with_path_and_grade(computed, plan)

    if latest is None or latest.value is None:
        in_plan = " in the plan period" if kpi.kind is KpiKind.FLOW else ""
        unavailable = _unavailable(Reason.NO_VALUE, f"no value{in_plan} has been published yet")
        return result()
    if kpi.kind is KpiKind.FLOW:
        summed_to = running_totals[-1].fiscal_year if running_totals else plan.period.first - 1
        if summed_to < latest.fiscal_year:
            gap = summed_to + 1
            unavailable = _unavailable(
                Reason.MISSING_YEAR,
                f"fiscal year {gap} has no value, so the counts since "
                f"{plan.period.first} cannot be summed",
                gap,
            )
            return result()
        progress = running_totals[-1].value
    else:
        progress = latest.value
    if goal is None:
        unavailable = _unavailable(Reason.NO_TARGET, "the KPI has no target")
        return result()
    lower = kpi.polarity is Polarity.LOWER_IS_BETTER
    if method is Method.ACHIEVEMENT_RATE:
        if not lower and goal == 0:
            unavailable = _unavailable(Reason.ZERO_TARGET, "the target is zero")
        elif lower and progress == 0:
            unavailable = _unavailable(
                Reason.ZERO_PROGRESS, "the progress value is zero (lower is better)"
            )
        else:
            rate = achievement_rate(progress, goal, polarity=kpi.polarity, rounding=plan.rounding)
        return result()
    if kpi.kind is KpiKind.FLOW:
        unavailable = _unavailable(
            Reason.NOT_APPLICABLE,
            "progress from the baseline means nothing for a flow: its baseline is a yearly count",
        )
    elif kpi.baseline is None:
        unavailable = _unavailable(Reason.NO_BASELINE, "the KPI has no baseline")
    elif kpi.baseline.value == goal:
        unavailable = _unavailable(Reason.TARGET_EQUALS_BASELINE, "the target equals the baseline")
    else:
        rate = progress_from_baseline(
            progress, kpi.baseline.value, goal, polarity=kpi.polarity, rounding=plan.rounding
        )
    return result()


def evaluate(plan: Plan) -> PlanEvaluation:
    """Compute the evaluation of every KPI of a plan, in plan order."""
    return PlanEvaluation(plan=plan, kpis=tuple(evaluate_kpi(kpi, plan) for kpi in plan.kpis))


# -- the expected path and grades ------------------------------------------------


def _improvement_sign(kpi: Kpi) -> int:
    return -1 if kpi.polarity is Polarity.LOWER_IS_BETTER else 1


def _path_start(kpi: Kpi) -> Fraction | None:
    """Where the expected path starts: zero for a flow, else the baseline."""
    if kpi.kind is KpiKind.FLOW:
        return Fraction(0)
    return None if kpi.baseline is None else Fraction(kpi.baseline.value)


def expected_value(kpi: Kpi, plan: Plan, fiscal_year: int) -> Fraction | None:
    """Return where the KPI is expected to be in ``fiscal_year``, exactly.

    The KPI's interim target for that year where it gives interim targets (the
    target itself in the target's year); otherwise the target pro-rated by the
    elapsed plan years, counted from the plan's first year to ``fiscal_year``,
    on a straight line from the baseline (from zero for a flow).
    """
    goal = target_value(kpi, plan)
    if goal is None or kpi.target is None:
        return None
    if kpi.interim_targets:
        for interim in kpi.interim_targets:
            if interim.fiscal_year == fiscal_year:
                return Fraction(interim.value)
        return Fraction(goal) if fiscal_year == kpi.target.fiscal_year else None
    start = _path_start(kpi)
    total = kpi.target.fiscal_year - plan.period.first + 1
    elapsed = min(fiscal_year - plan.period.first + 1, total)
    if start is None or elapsed < 1 or total < 1:
        return None
    return start + (Fraction(goal) - start) * Fraction(elapsed, total)


def _path_status(result: KpiEvaluation, plan: Plan, expected: Fraction) -> PathStatus | None:
    kpi = result.kpi
    start = _path_start(kpi)
    if result.progress is None or result.target_value is None or start is None:
        return None
    tolerance = plan.path_tolerance if plan.path_tolerance is not None else DEFAULT_PATH_TOLERANCE
    band = Fraction(tolerance) / 100 * abs(Fraction(result.target_value) - start)
    deviation = _improvement_sign(kpi) * (Fraction(result.progress) - expected)
    if deviation > band:
        return PathStatus.AHEAD
    if deviation < -band:
        return PathStatus.BEHIND
    return PathStatus.ON_TRACK


def _metric(
    metric: Metric, result: KpiEvaluation, plan: Plan, expected: Fraction | None
) -> Fraction | bool | None:
    """The value of a grading metric for a KPI, or None where it cannot be computed."""
    kpi, progress, goal = result.kpi, result.progress, result.target_value
    if metric is Metric.HAS_VALUE:
        return result.latest_value is not None
    if metric is Metric.NO_VALUE:
        return result.latest_value is None
    if metric is Metric.ACHIEVEMENT_RATE:
        return None if result.achievement_rate is None else Fraction(result.achievement_rate)
    if progress is None:
        return None
    sign = _improvement_sign(kpi)
    baseline = None if kpi.baseline is None else Fraction(kpi.baseline.value)
    flow = kpi.kind is KpiKind.FLOW
    if metric is Metric.VERSUS_TARGET:
        return None if goal is None else sign * (Fraction(progress) - Fraction(goal))
    if metric is Metric.INTERIM_RATE:
        if expected is None or expected == 0 or progress == 0:
            return None
        quotient = expected / Fraction(progress) if sign < 0 else Fraction(progress) / expected
        return Fraction(round_rate(quotient * _HUNDRED, plan.rounding))
    if baseline is None or flow:
        # A flow's baseline is a yearly count: differences from it mean nothing.
        return None
    if metric is Metric.VERSUS_BASELINE:
        return sign * (Fraction(progress) - baseline)
    if metric is Metric.CHANGE_FROM_BASELINE:
        if baseline == 0:
            return None
        return sign * (Fraction(progress) - baseline) / abs(baseline) * _HUNDRED
    # Metric.PROGRESS_FROM_BASELINE
    if goal is None or Fraction(goal) == baseline:
        return None
    return Fraction(
        progress_from_baseline(
            progress,
            kpi.baseline.value if kpi.baseline else Decimal(0),
            goal,
            polarity=kpi.polarity,
            rounding=plan.rounding,
        )
    )


def _matches(rule: GradeRule, value: Fraction | bool | None) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if rule.above is not None and not value > Fraction(rule.above):
        return False
    if rule.at_least is not None and not value >= Fraction(rule.at_least):
        return False
    if rule.below is not None and not value < Fraction(rule.below):
        return False
    return rule.at_most is None or value <= Fraction(rule.at_most)


def grade(result: KpiEvaluation, plan: Plan, expected: Fraction | None = None) -> Grade | None:
    """Grade a KPI's evaluation by the plan's rules: the first rule that matches wins."""
    for index, rule in enumerate(plan.grading):
        if _matches(rule, _metric(rule.metric, result, plan, expected)):
            return Grade(label=rule.label, colour=rule.colour, rule=index)
    return None


def _with_path_and_grade(result: KpiEvaluation, plan: Plan) -> KpiEvaluation:
    expected = (
        None if result.latest_year is None else expected_value(result.kpi, plan, result.latest_year)
    )
    return attrs.evolve(
        result,
        expected_value=None if expected is None else round_rate(expected, plan.rounding),
        path_status=None if expected is None else _path_status(result, plan, expected),
        grade=grade(result, plan, expected),
    )
