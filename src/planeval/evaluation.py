"""The evaluation engine: pure functions from a plan to its computed figures.

Every rate is computed as an exact quotient (:class:`fractions.Fraction`) and
rounded once, by the plan's :class:`~planeval.model.Rounding` (half up to one
decimal unless the plan says otherwise). Nothing is stored: each figure is
derived from the observations every time.

For each KPI:

* the **latest value** is the last observation with a value whose fiscal year
  has begun by the document's as-of date. Unpublished years are skipped, never
  read as zero; years before the plan (参考) count. A qualitative KPI has a
  **latest status** instead, and no rate.
* the **progress value** is the latest value for a level; for a flow, the sum
  of its yearly counts from the plan's first fiscal year to the latest (every
  year must have a value); for a stock, its latest running total.
* the **target value** is the target, or for a flow with a per-year target,
  that rate times the plan's years up to the target's year (2件/年 over R3–R7
  is 10件).
* the **rate** follows the KPI's method (or the plan's), and :class:`Formula`
  names what it is: ``achievement_rate``: progress / target x 100, or
  target / progress x 100 when lower is better; ``actual_over_target``:
  progress / target x 100 whatever the polarity; ``progress_from_baseline``:
  (progress - baseline) / (target - baseline) x 100, or (baseline -
  progress) / (baseline - target) x 100 when lower is better. A target of 0
  takes the plan's :class:`~planeval.model.ZeroTarget` rule instead of a
  ratio; a plan that caps rates caps them at 100. Where no rate can be
  computed it is ``None`` and :attr:`KpiEvaluation.unavailable` says why.
* every year with a value gets its own rate, by the same formula, from that
  year's progress value (:attr:`KpiEvaluation.years`), and the latest value
  is compared with the previous published one (:class:`YearOnYearChange`).

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

import decimal
import enum
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from planeval.grading import (
    Figures,
    Grade,
    PathStatus,
    baseline_year,
    expected_value,
    grade,
    path_start,
    path_status,
)
from planeval.limits import EXACT
from planeval.model import (
    Arrows,
    Kpi,
    KpiKind,
    Method,
    Metric,
    Observation,
    Plan,
    Polarity,
    Rounding,
    RoundingMode,
    Scale,
    ZeroTarget,
)
from planeval.periods import fiscal_year_start
from planeval.validation import require_valid

__all__ = [
    "DEFAULT_ROUNDING",
    "GROWTH_PRECISION",
    "Formula",
    "KpiEvaluation",
    "PlanEvaluation",
    "Reason",
    "Trend",
    "Unavailable",
    "YearOnYearChange",
    "YearRate",
    "YearValue",
    "achievement_rate",
    "cap_applies",
    "counted_observations",
    "evaluate",
    "evaluate_kpi",
    "flow_running_totals",
    "growth_ratio",
    "progress_from_baseline",
    "round_rate",
    "target_value",
    "year_on_year_change",
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


class Formula(enum.Enum):
    """What a rate is: the expression that gave it (``actual`` is the progress value).

    ``ACTUAL_OVER_TARGET``: actual / target x 100. ``TARGET_OVER_ACTUAL``:
    target / actual x 100. ``PROGRESS_FROM_BASELINE``: (actual - baseline) /
    (target - baseline) x 100, the same as (baseline - actual) / (baseline -
    target) x 100. ``TARGET_REACHED``: 100 when a target of 0 is reached,
    else 0.
    """

    ACTUAL_OVER_TARGET = "actual_over_target"
    TARGET_OVER_ACTUAL = "target_over_actual"
    PROGRESS_FROM_BASELINE = "progress_from_baseline"
    TARGET_REACHED = "target_reached"


class Trend(enum.Enum):
    """Which way a figure moved since the previous year, beyond the plan's tolerance."""

    UP = "up"
    FLAT = "flat"
    DOWN = "down"


@attrs.frozen(kw_only=True)
class Unavailable:
    """Why a rate is ``None``: a reason code, and a sentence saying so in English.

    ``fiscal_year`` names the year at fault, where there is one. The sentence
    is for Python callers: reports word the reason in their own language
    (:attr:`planeval.report.labels.Labels.reasons`), and the JSON export
    keeps only the code and the year.
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
class YearRate:
    """One fiscal year's figures: its value (or status), progress and rate.

    ``value`` is the year's published value, ``status`` a qualitative KPI's
    status; ``progress`` is what the rate measures (the value, or a flow's
    total since the plan's first year); ``rate`` is by ``formula``, rounded
    and capped like the KPI's rate, or ``None`` with ``unavailable`` saying
    why.
    """

    fiscal_year: int
    value: Decimal | None
    progress: Decimal | None
    rate: Decimal | None
    formula: Formula | None
    unavailable: Unavailable | None
    status: str | None = None


@attrs.frozen(kw_only=True)
class YearOnYearChange:
    """The change of the latest value since the previous published year (前年度比).

    ``change`` is value - previous value, exactly (percentage points for a
    percentage KPI); ``change_rate`` is change / abs(previous) x 100, rounded
    like rates (``None`` when the previous value is 0). ``movement`` says
    which way the value went and ``improvement`` whether it got better (UP),
    both level (FLAT) within the plan's tolerance; ``arrow`` is the one of
    the two the plan's arrows show.
    """

    fiscal_year: int
    previous_year: int
    value: Decimal
    previous_value: Decimal
    change: Decimal
    change_rate: Decimal | None
    movement: Trend
    improvement: Trend
    arrow: Trend


@attrs.frozen(kw_only=True)
class KpiEvaluation:
    """The computed evaluation of one KPI.

    ``latest_year`` and ``latest_value`` name the observation used
    (``latest_status`` for a qualitative KPI); ``progress`` is the value
    measured against ``target_value``; ``rate`` is the rate by ``formula``,
    rounded, or ``None`` with ``unavailable`` saying why
    (:attr:`achievement_rate` is its old name). ``method`` is the method the
    rate follows: the KPI's (or the plan's), or ``progress_from_baseline``
    where a target of 0 is measured from the baseline.
    ``running_totals`` holds a flow's total since the plan's first year for
    each year it can be summed (延べ). ``years`` holds every year with a
    value, with its rate. ``year_on_year`` compares the latest value with
    the previous published one. ``expected_value`` is where the path to the
    target expected the KPI to be in its latest year (rounded like rates),
    and ``path_status`` where progress stands against it. ``grade`` is the
    grade by the plan's grading, where it has one and a rule matched.
    """

    kpi: Kpi
    method: Method
    latest_year: int | None
    latest_value: Decimal | None
    progress: Decimal | None
    target_value: Decimal | None
    rate: Decimal | None
    unavailable: Unavailable | None
    formula: Formula | None = None
    latest_status: str | None = None
    running_totals: tuple[YearValue, ...] = ()
    years: tuple[YearRate, ...] = ()
    year_on_year: YearOnYearChange | None = None
    expected_value: Decimal | None = None
    path_status: PathStatus | None = None
    grade: Grade | None = None

    @property
    def achievement_rate(self) -> Decimal | None:
        """The rate, by its old name (it holds the progress from the baseline too)."""
        return self.rate


@attrs.frozen(kw_only=True)
class PlanEvaluation:
    """The computed evaluation of a plan: one :class:`KpiEvaluation` per KPI, in plan order."""

    plan: Plan
    kpis: tuple[KpiEvaluation, ...]


_HUNDRED = Fraction(100)

#: Half up to one decimal: the rounding of rates unless a plan says otherwise.
DEFAULT_ROUNDING = Rounding()

#: Significant digits of the roots in :func:`growth_ratio`: nth roots are not
#: exact, so they are computed with :mod:`decimal` at this precision.
GROWTH_PRECISION = 40


def round_rate(value: Fraction, rounding: Rounding = DEFAULT_ROUNDING) -> Decimal:
    """Round an exact value once to ``rounding.places`` decimals, by ``rounding.mode``.

    ``HALF_UP`` rounds ties away from zero (112.85 -> 112.9, -0.25 -> -0.3).
    """
    return _round_quotient(value.numerator, value.denominator, rounding)


def _round_quotient(numerator: int, denominator: int, rounding: Rounding) -> Decimal:
    """Round numerator / denominator (not 0) to ``rounding.places`` decimals, exactly.

    Integer arithmetic: a report computes tens of thousands of rates, and a
    :class:`~fractions.Fraction` normalises itself at every step.
    """
    negative = (numerator < 0) != (denominator < 0)
    whole, remainder = divmod(abs(numerator) * 10**rounding.places, abs(denominator))
    twice, denominator = 2 * remainder, abs(denominator)
    mode = rounding.mode
    if mode is RoundingMode.HALF_UP:
        whole += twice >= denominator
    elif mode is RoundingMode.HALF_EVEN:
        whole += twice > denominator or (twice == denominator and whole % 2 == 1)
    elif mode is RoundingMode.UP:
        whole += remainder > 0
    signed = -whole if negative else whole
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
    dividend, divisor = (
        (target, progress) if polarity is Polarity.LOWER_IS_BETTER else (progress, target)
    )
    return _percent_of(dividend, divisor, rounding)


def _percent_of(dividend: Decimal, divisor: Decimal, rounding: Rounding) -> Decimal:
    """Dividend / divisor x 100, rounded; :class:`ZeroDivisionError` when the divisor is 0."""
    if divisor == 0:
        raise ZeroDivisionError("a rate's divisor is zero")
    top, top_scale = dividend.as_integer_ratio()
    bottom, bottom_scale = divisor.as_integer_ratio()
    return _round_quotient(top * bottom_scale * 100, top_scale * bottom, rounding)


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


def _annual_growth(ratio: Decimal, years: int, context: decimal.Context) -> Decimal:
    """(ratio ** (1 / years)) - 1, the compound annual growth, at the context's precision."""
    root = context.power(ratio, context.divide(Decimal(1), Decimal(years)))
    return context.subtract(root, Decimal(1))


def growth_ratio(
    baseline: YearValue,
    progress: YearValue,
    target: YearValue,
    rounding: Rounding = DEFAULT_ROUNDING,
) -> Decimal | None:
    """Return observed / required compound annual growth x 100 (R x 100), rounded.

    Observed: (progress / baseline) ** (1 / (progress year - baseline year))
    - 1; required: the same to the target in its year. The roots are
    computed with :mod:`decimal` at :data:`GROWTH_PRECISION` significant
    digits, then the quotient is rounded once like rates. ``None`` where
    either growth is undefined: a baseline that is not positive, a negative
    progress or target, a year not after the baseline's, or a target equal
    to the baseline.
    """
    years, span = (
        progress.fiscal_year - baseline.fiscal_year,
        target.fiscal_year - baseline.fiscal_year,
    )
    if baseline.value <= 0 or progress.value < 0 or target.value < 0:
        return None
    if years < 1 or span < 1 or target.value == baseline.value:
        return None
    context = decimal.Context(prec=GROWTH_PRECISION, rounding=decimal.ROUND_HALF_EVEN)
    observed = _annual_growth(context.divide(progress.value, baseline.value), years, context)
    required = _annual_growth(context.divide(target.value, baseline.value), span, context)
    return round_rate(Fraction(context.divide(observed, required)) * _HUNDRED, rounding)


def counted_observations(kpi: Kpi, plan: Plan) -> tuple[Observation, ...]:
    """Return the KPI's observations that have a value (or status) and count at the as-of date.

    An observation counts when its fiscal year has begun by the document's
    as-of date (all count when the plan gives none).
    """
    as_of = plan.document.as_of
    start_month = plan.fiscal_year_start_month

    def counts(observation: Observation) -> bool:
        if observation.value is None and observation.status is None:
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


_NO_RATE = "a qualitative KPI is graded by its status and has no rate"


def _progress(
    kpi: Kpi, plan: Plan, observation: Observation | None, running_totals: Sequence[YearValue]
) -> Decimal | Unavailable:
    """The value a year's rate measures: its value, or a flow's sum since the plan began."""
    if kpi.scale is Scale.QUALITATIVE:
        return _unavailable(Reason.NOT_APPLICABLE, _NO_RATE)
    if observation is None or observation.value is None:
        in_plan = " in the plan period" if kpi.kind is KpiKind.FLOW else ""
        return _unavailable(Reason.NO_VALUE, f"no value{in_plan} has been published yet")
    if kpi.kind is not KpiKind.FLOW:
        return observation.value
    first = plan.period.first
    summed_to = running_totals[-1].fiscal_year if running_totals else first - 1
    if summed_to < observation.fiscal_year:
        gap = summed_to + 1
        return _unavailable(
            Reason.MISSING_YEAR,
            f"fiscal year {gap} has no value, so the counts since {first} cannot be summed",
            gap,
        )
    return running_totals[observation.fiscal_year - first].value


@attrs.frozen(kw_only=True)
class _Rated:
    """A rate as printed, its formula, and the rate read in the KPI's direction."""

    rate: Decimal
    formula: Formula
    graded: Decimal


def _rated(rate: Decimal, formula: Formula) -> _Rated:
    return _Rated(rate=rate, formula=formula, graded=rate)


def _ratio(
    kpi: Kpi, method: Method, progress: Decimal, goal: Decimal, plan: Plan
) -> _Rated | Unavailable:
    """The ratio of a target that is not 0: actual / target, or target / actual."""
    lower = kpi.polarity is Polarity.LOWER_IS_BETTER
    if method is Method.ACTUAL_OVER_TARGET:
        rate = _percent_of(progress, goal, plan.rounding)
        # Above 100 is worse when lower is better: rules read it mirrored about 100.
        graded = EXACT.subtract(Decimal(200), rate) if lower else rate
        return _Rated(rate=rate, formula=Formula.ACTUAL_OVER_TARGET, graded=graded)
    if lower and progress == 0:
        return _unavailable(Reason.ZERO_PROGRESS, "the progress value is zero (lower is better)")
    rate = achievement_rate(progress, goal, polarity=kpi.polarity, rounding=plan.rounding)
    formula = Formula.TARGET_OVER_ACTUAL if lower else Formula.ACTUAL_OVER_TARGET
    return _rated(rate, formula)


def _from_baseline(kpi: Kpi, progress: Decimal, goal: Decimal, plan: Plan) -> _Rated | Unavailable:
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
    rate = progress_from_baseline(
        progress, kpi.baseline.value, goal, polarity=kpi.polarity, rounding=plan.rounding
    )
    return _rated(rate, Formula.PROGRESS_FROM_BASELINE)


def _zero_target(kpi: Kpi, method: Method, progress: Decimal, plan: Plan) -> _Rated | Unavailable:
    """The rate of a target of 0 by the plan's rule, where a ratio would divide by it."""
    rule = plan.zero_target
    if rule is ZeroTarget.RATIO:
        # Target / actual, where that is the KPI's ratio: 0 once the actual is above 0.
        lower = kpi.polarity is Polarity.LOWER_IS_BETTER
        if lower and method is not Method.ACTUAL_OVER_TARGET:
            return _ratio(kpi, method, progress, Decimal(0), plan)
        return _unavailable(Reason.ZERO_TARGET, "the target is zero")
    if rule is ZeroTarget.REACHED:
        lower = kpi.polarity is Polarity.LOWER_IS_BETTER
        reached = progress <= 0 if lower else progress >= 0
        rate = round_rate(_HUNDRED if reached else Fraction(0), plan.rounding)
        return _rated(rate, Formula.TARGET_REACHED)
    if rule is ZeroTarget.NONE:
        return _unavailable(Reason.ZERO_TARGET, "the target is zero")
    if kpi.baseline is None or kpi.kind is KpiKind.FLOW:
        return _unavailable(
            Reason.ZERO_TARGET, "the target is zero and there is no baseline to measure from"
        )
    return _from_baseline(kpi, progress, Decimal(0), plan)


def cap_applies(kpi: Kpi, formula: Formula | None, plan: Plan) -> bool:
    """Whether the plan's cap at 100 applies to a rate of ``kpi`` by ``formula``.

    Where the plan caps rates, it caps every rate that grows with
    improvement. An actual / target rate of a lower-is-better KPI grows as it
    gets worse: it is never capped (validation refuses the combination).
    """
    worse_above = formula is Formula.ACTUAL_OVER_TARGET and kpi.polarity is Polarity.LOWER_IS_BETTER
    return plan.cap_rates and not worse_above


def _capped(kpi: Kpi, rated: _Rated, plan: Plan) -> _Rated:
    """A rate capped at 100, where the cap applies to it (:func:`cap_applies`)."""
    if not cap_applies(kpi, rated.formula, plan):
        return rated
    hundred = round_rate(_HUNDRED, plan.rounding)
    if rated.rate <= hundred:
        return rated
    return _rated(hundred, rated.formula)


def _rate(
    kpi: Kpi, plan: Plan, method: Method, progress: Decimal, goal: Decimal | None
) -> _Rated | Unavailable:
    """A progress value's rate by the KPI's method, the zero-target rule and the cap."""
    if goal is None:
        return _unavailable(Reason.NO_TARGET, "the KPI has no target")
    if method is Method.PROGRESS_FROM_BASELINE:
        rated = _from_baseline(kpi, progress, goal, plan)
    elif goal == 0:
        rated = _zero_target(kpi, method, progress, plan)
    else:
        rated = _ratio(kpi, method, progress, goal, plan)
    return rated if isinstance(rated, Unavailable) else _capped(kpi, rated, plan)


def _year_rate(
    kpi: Kpi,
    plan: Plan,
    method: Method,
    observation: Observation,
    totals: Sequence[YearValue],
    goal: Decimal | None,
) -> YearRate:
    """One year's progress and rate, or why it has none."""
    progress = _progress(kpi, plan, observation, totals)
    rated = (
        progress if isinstance(progress, Unavailable) else _rate(kpi, plan, method, progress, goal)
    )
    return YearRate(
        fiscal_year=observation.fiscal_year,
        value=observation.value,
        status=observation.status,
        progress=None if isinstance(progress, Unavailable) else progress,
        rate=None if isinstance(rated, Unavailable) else rated.rate,
        formula=None if isinstance(rated, Unavailable) else rated.formula,
        unavailable=rated if isinstance(rated, Unavailable) else None,
    )


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


def _against_expected(
    kpi: Kpi, progress: Decimal | None, expected: Fraction | None, rounding: Rounding
) -> Decimal | None:
    """(progress - start) / (expected - start) x 100, rounded: progress against the path's.

    The same quotient whichever way the KPI improves; ``None`` where the
    path has no start or expects no change yet.
    """
    start = path_start(kpi)
    if progress is None or expected is None or start is None or expected == start:
        return None
    return round_rate((Fraction(progress) - start) / (expected - start) * _HUNDRED, rounding)


def _growth(
    kpi: Kpi, plan: Plan, latest: Observation | None, progress: Decimal | None, goal: Decimal | None
) -> Decimal | None:
    """The ``growth_ratio`` of a KPI's progress since its baseline, where it has one."""
    year = baseline_year(kpi, plan)
    if kpi.kind is KpiKind.FLOW or kpi.baseline is None or year is None:
        return None
    if latest is None or progress is None or goal is None or kpi.target is None:
        return None
    return growth_ratio(
        YearValue(fiscal_year=year, value=kpi.baseline.value),
        YearValue(fiscal_year=latest.fiscal_year, value=progress),
        YearValue(fiscal_year=kpi.target.fiscal_year, value=goal),
        plan.rounding,
    )


def _previous(counted: Sequence[Observation]) -> Observation | None:
    """The published year before the latest, where there are two with values."""
    valued = [obs for obs in counted if obs.value is not None]
    return valued[-2] if len(valued) > 1 else None


@attrs.frozen(kw_only=True)
class _Latest:
    """What the engine read of a KPI's latest year, for grading."""

    observation: Observation | None
    previous: Observation | None
    progress: Decimal | None
    goal: Decimal | None
    graded: Decimal | None


def _figures(kpi: Kpi, plan: Plan, latest: _Latest) -> Figures:
    """What grading reads of a KPI: the rates its rules name are computed here, the others not."""
    observation, progress, goal = latest.observation, latest.progress, latest.goal
    expected = (
        None if observation is None else expected_value(kpi, plan, observation.fiscal_year, goal)
    )
    named = {rule.metric for rule in plan.grading}
    from_baseline = (
        None
        if progress is None or goal is None or Metric.PROGRESS_FROM_BASELINE not in named
        else _from_baseline(kpi, progress, goal, plan)
    )
    return Figures(
        kpi=kpi,
        latest_value=None if observation is None else observation.value,
        progress=progress,
        target_value=goal,
        expected=expected,
        achievement_rate=latest.graded,
        interim_rate=_interim_rate(kpi, progress, expected, plan.rounding)
        if Metric.INTERIM_RATE in named
        else None,
        # Whatever the KPI's method: a plan may grade every KPI by this rate.
        progress_from_baseline=from_baseline.rate if isinstance(from_baseline, _Rated) else None,
        progress_against_expected=_against_expected(kpi, progress, expected, plan.rounding)
        if Metric.PROGRESS_AGAINST_EXPECTED in named
        else None,
        growth_ratio=_growth(kpi, plan, observation, progress, goal)
        if Metric.GROWTH_RATIO in named
        else None,
        previous_value=None if latest.previous is None else latest.previous.value,
        latest_status=None if observation is None else observation.status,
    )


def _trend(change: Fraction, previous: Fraction, kpi: Kpi, plan: Plan) -> Trend:
    """Up, flat or down: level while the change is within the plan's tolerance.

    The tolerance is in % of the previous value, or in points for a percentage KPI.
    """
    tolerance = Fraction(plan.year_on_year.tolerance)
    if kpi.scale is Scale.PERCENT:
        level = abs(change) <= tolerance
    else:
        level = abs(change) * 100 <= tolerance * abs(previous)
    if level:
        return Trend.FLAT
    return Trend.UP if change > 0 else Trend.DOWN


_MIRRORED = {Trend.UP: Trend.DOWN, Trend.FLAT: Trend.FLAT, Trend.DOWN: Trend.UP}


def year_on_year_change(
    kpi: Kpi, plan: Plan, latest: Observation | None, previous: Observation | None
) -> YearOnYearChange | None:
    """Compare a KPI's latest value with the previous published one, or None without both."""
    if latest is None or previous is None or latest.value is None or previous.value is None:
        return None
    change = Fraction(latest.value) - Fraction(previous.value)
    movement = _trend(change, Fraction(previous.value), kpi, plan)
    lower = kpi.polarity is Polarity.LOWER_IS_BETTER
    improvement = _MIRRORED[movement] if lower else movement
    return YearOnYearChange(
        fiscal_year=latest.fiscal_year,
        previous_year=previous.fiscal_year,
        value=latest.value,
        previous_value=previous.value,
        change=EXACT.subtract(latest.value, previous.value),
        change_rate=None
        if previous.value == 0
        else round_rate(change / abs(Fraction(previous.value)) * _HUNDRED, plan.rounding),
        movement=movement,
        improvement=improvement,
        arrow=movement if plan.year_on_year.arrows is Arrows.VALUE else improvement,
    )


def _graded_rate(
    kpi: Kpi, plan: Plan, method: Method, latest: YearRate | None, goal: Decimal | None
) -> Decimal | None:
    """The latest rate as grading reads it: in the KPI's direction."""
    if latest is None or latest.progress is None or latest.rate is None:
        return None
    rated = _rate(kpi, plan, method, latest.progress, goal)
    return rated.graded if isinstance(rated, _Rated) else None


def _no_value(kpi: Kpi, plan: Plan) -> Unavailable:
    """Why a KPI with no counted observation has no rate."""
    reason = _progress(kpi, plan, None, ())
    assert isinstance(reason, Unavailable)
    return reason


def evaluate_kpi(kpi: Kpi, plan: Plan) -> KpiEvaluation:
    """Compute one KPI's latest value, progress and rate within ``plan``, and grade it."""
    method = kpi.method or plan.method
    every = counted_observations(kpi, plan)
    counted = every
    running_totals: tuple[YearValue, ...] = ()
    if kpi.kind is KpiKind.FLOW:
        counted = tuple(obs for obs in every if obs.fiscal_year >= plan.period.first)
        running_totals = flow_running_totals(counted, plan.period.first)
    goal = target_value(kpi, plan)
    years = tuple(_year_rate(kpi, plan, method, obs, running_totals, goal) for obs in counted)
    last = years[-1] if years else None
    latest = _Latest(
        observation=counted[-1] if counted else None,
        previous=_previous(every),
        progress=None if last is None else last.progress,
        goal=goal,
        graded=_graded_rate(kpi, plan, method, last, goal),
    )
    figures = _figures(kpi, plan, latest)
    formula = None if last is None else last.formula
    return KpiEvaluation(
        kpi=kpi,
        # A target of 0 measured from the baseline is rated by that method.
        method=Method.PROGRESS_FROM_BASELINE
        if formula is Formula.PROGRESS_FROM_BASELINE
        else method,
        latest_year=None if last is None else last.fiscal_year,
        latest_value=figures.latest_value,
        latest_status=figures.latest_status,
        progress=latest.progress,
        target_value=goal,
        rate=None if last is None else last.rate,
        formula=formula,
        unavailable=_no_value(kpi, plan) if last is None else last.unavailable,
        running_totals=running_totals,
        years=years,
        year_on_year=year_on_year_change(kpi, plan, latest.observation, latest.previous),
        expected_value=None
        if figures.expected is None
        else round_rate(figures.expected, plan.rounding),
        path_status=path_status(figures, plan),
        grade=grade(figures, plan),
    )


def evaluate(plan: Plan) -> PlanEvaluation:
    """Compute the evaluation of every KPI of a plan, in plan order.

    A plan built in code is held to the same rules as a loaded one: one that
    :func:`~planeval.validation.check_plan` rejects raises
    :class:`~planeval.errors.PlanError` with its problems. A plan already
    found valid (every loaded plan) is not checked again.
    """
    require_valid(plan)
    return PlanEvaluation(plan=plan, kpis=tuple(evaluate_kpi(kpi, plan) for kpi in plan.kpis))
