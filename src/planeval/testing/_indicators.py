"""Strategies for KPIs: their observations, baselines and targets, valid under a plan's rules."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import strategies as st

from planeval.limits import MAX_MAGNITUDE_EXPONENT, MAX_SIGNIFICANT_DIGITS
from planeval.model import (
    Baseline,
    FiscalYearPeriod,
    InterimTarget,
    Kpi,
    KpiKind,
    Method,
    Missing,
    MonthRange,
    Observation,
    PlanPeriod,
    Polarity,
    Scale,
    Scope,
    Target,
    YearMonth,
    ZeroTarget,
)
from planeval.testing._values import labels, numbers, texts


@attrs.frozen(kw_only=True)
class RateRules:
    """The plan-wide rate settings a KPI must agree with to be valid.

    ``method`` and ``zero_target`` are the plan's rate formula and rule for
    a target of zero, ``cap_rates`` whether it caps rates at 100%, and
    ``statuses`` the codes a qualitative KPI may report (none: no
    qualitative KPI).
    """

    method: Method
    zero_target: ZeroTarget
    cap_rates: bool
    statuses: tuple[str, ...]


def _previous_value(found: list[Observation], year: int) -> Decimal | None:
    """The value observed the year before ``year``, if the last observation is that one."""
    previous = found[-1] if found else None
    if previous is None or previous.fiscal_year != year - 1:
        return None
    return previous.value


def _increment(value: Decimal, previous_value: Decimal) -> Decimal | None:
    """A stock's change from the year before, where it is within the loader's limits."""
    difference = value - previous_value
    if len(difference.as_tuple().digits) > MAX_SIGNIFICANT_DIGITS:
        return None
    if difference and abs(difference.adjusted()) > MAX_MAGNITUDE_EXPONENT:
        return None
    return difference


@st.composite
def observations(
    draw: st.DrawFn,
    years: list[int],
    note_ids: list[str],
    *,
    stock: bool = False,
    statuses: tuple[str, ...] = (),
) -> tuple[Observation, ...]:
    """Observations for some of ``years``: values (or ``statuses``), unpublished or uncollected.

    Some refer to a note of ``note_ids``; a ``stock`` KPI's value may give
    its increment on the year before.
    """
    found: list[Observation] = []
    for year in [year for year in years if draw(st.booleans())]:
        note = draw(st.sampled_from(note_ids)) if bool(note_ids) and draw(st.booleans()) else None
        if draw(st.integers(0, 4)) == 0:
            missing = draw(st.sampled_from(Missing))
            found.append(Observation(fiscal_year=year, missing=missing, note=note))
        elif statuses:
            status = draw(st.sampled_from(statuses))
            found.append(Observation(fiscal_year=year, status=status, note=note))
        else:
            value = draw(numbers())
            previous_value = _previous_value(found, year)
            increment = None
            if stock and previous_value is not None and draw(st.booleans()):
                increment = _increment(value, previous_value)
            found.append(Observation(fiscal_year=year, value=value, increment=increment, note=note))
    return tuple(found)


@st.composite
def baselines(draw: st.DrawFn, period: PlanPeriod) -> Baseline:
    """A baseline measured the year before the plan, as a fiscal year or as months."""
    if draw(st.booleans()):
        period_of_baseline: FiscalYearPeriod | MonthRange = FiscalYearPeriod(
            fiscal_year=period.first - 1
        )
    else:
        period_of_baseline = MonthRange(
            first=YearMonth(year=period.first - 1, month=draw(st.integers(1, 6))),
            last=YearMonth(year=period.first - 1, month=draw(st.integers(7, 12))),
        )
    return Baseline(value=draw(numbers()), period=period_of_baseline)


def _needs_baseline(kind: KpiKind, method: Method, target: Target | None, rules: RateRules) -> bool:
    """Whether validation asks this KPI for a baseline (its formula measures from it)."""
    if target is None or kind is KpiKind.FLOW:
        return False
    if method is Method.PROGRESS_FROM_BASELINE:
        return True
    return target.value == 0 and rules.zero_target is ZeroTarget.PROGRESS_FROM_BASELINE


def _observed_years(draw: st.DrawFn, period: PlanPeriod) -> list[int]:
    """The plan's years, and up to two before it."""
    return list(range(period.first - draw(st.integers(0, 2)), period.last + 1))


@st.composite
def qualitative_kpis(
    draw: st.DrawFn, number: int, period: PlanPeriod, note_ids: list[str], rules: RateRules
) -> Kpi:
    """A qualitative KPI numbered ``number``: a status of ``rules.statuses`` for some years."""
    years = _observed_years(draw, period)
    return Kpi(
        number=number,
        name=draw(texts),
        unit=draw(st.just("") | labels),
        scale=Scale.QUALITATIVE,
        polarity=draw(st.sampled_from(Polarity)),
        observations=draw(observations(years, note_ids, statuses=rules.statuses)),
    )


@st.composite
def _targets(
    draw: st.DrawFn, kind: KpiKind, period: PlanPeriod
) -> tuple[Target | None, tuple[InterimTarget, ...]]:
    """Most often a target within the plan (zero at times) and some interim targets before it."""
    if not draw(st.integers(0, 5)):
        return None, ()
    target_year = draw(st.integers(period.first, period.last))
    target = Target(
        value=draw(st.just(Decimal(0)) | numbers()),
        fiscal_year=target_year,
        per_year=kind is KpiKind.FLOW and draw(st.booleans()),
    )
    interim_years = [
        year for year in range(period.first, target_year + 1) if draw(st.integers(0, 3)) == 0
    ]
    interim = tuple(
        InterimTarget(fiscal_year=year, value=draw(numbers())) for year in interim_years
    )
    return target, interim


def _methods(polarity: Polarity, rules: RateRules) -> list[Method]:
    """The formulas a KPI may name: a cap refuses actual / target when lower is better."""
    return [
        method
        for method in Method
        if not (
            rules.cap_rates
            and method is Method.ACTUAL_OVER_TARGET
            and polarity is Polarity.LOWER_IS_BETTER
        )
    ]


@st.composite
def kpis(
    draw: st.DrawFn, number: int, period: PlanPeriod, note_ids: list[str], rules: RateRules
) -> Kpi:
    """A KPI numbered ``number`` of any kind, polarity and scale, valid under ``rules``.

    Its observations fall within ``period`` (or up to two years before it)
    and may refer to ``note_ids``; its target, baseline and formula are
    those a plan with ``rules`` accepts. Some are qualitative, when
    ``rules`` has statuses.
    """
    if rules.statuses and draw(st.integers(0, 4)) == 0:
        return draw(qualitative_kpis(number, period, note_ids, rules))
    kind = draw(st.sampled_from(KpiKind))
    polarity = draw(st.sampled_from(Polarity))
    years = _observed_years(draw, period)
    target, interim = draw(_targets(kind, period))
    method = draw(st.none() | st.sampled_from(_methods(polarity, rules)))
    if method is None and rules.cap_rates and rules.method is Method.ACTUAL_OVER_TARGET:
        polarity = Polarity.HIGHER_IS_BETTER
    baseline = draw(st.none() | baselines(period))
    if baseline is None and _needs_baseline(kind, method or rules.method, target, rules):
        baseline = draw(baselines(period))
    scope = st.builds(Scope, text=texts, since=st.none() | st.just(period.first), until=st.none())
    return Kpi(
        number=number,
        name=draw(texts),
        unit=draw(st.just("") | labels),
        scopes=tuple(draw(st.lists(scope, max_size=2))),
        source=draw(st.none() | texts),
        department=draw(st.just("") | labels),
        unit_per=draw(st.none() | labels),
        scale=draw(st.sampled_from([Scale.NUMBER, Scale.PERCENT])),
        kind=kind,
        polarity=polarity,
        method=method,
        baseline=baseline,
        observations=draw(observations(years, note_ids, stock=kind is KpiKind.STOCK)),
        target=target,
        interim_targets=interim,
    )
