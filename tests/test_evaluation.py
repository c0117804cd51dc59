from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from planeval.evaluation import (
    Reason,
    achievement_rate,
    evaluate,
    evaluate_kpi,
    progress_from_baseline,
    round_rate,
)
from planeval.model import KpiKind, Method, Observation, Polarity, Rounding, RoundingMode
from planeval.validation import check_plan

from .factories import kpi, plan

# Positive figures as a plan file may hold them: up to 15 digits.
positive = st.decimals(
    min_value=Decimal("0.001"), max_value=Decimal("1e9"), places=3, allow_nan=False
)
scales = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000"), places=2).filter(
    lambda d: d > 0
)


# -- the arithmetic -------------------------------------------------------------


@given(target=positive)
def test_rate_is_exactly_100_at_the_target(target: Decimal) -> None:
    assert achievement_rate(target, target) == Decimal("100.0")
    assert achievement_rate(target, target, polarity=Polarity.LOWER_IS_BETTER) == Decimal("100.0")


@given(a=positive, b=positive, target=positive)
def test_rate_is_monotone_in_progress(a: Decimal, b: Decimal, target: Decimal) -> None:
    low, high = sorted((a, b))
    assert achievement_rate(low, target) <= achievement_rate(high, target)
    lower = Polarity.LOWER_IS_BETTER
    assert achievement_rate(low, target, polarity=lower) >= achievement_rate(
        high, target, polarity=lower
    )


@given(progress=positive, target=positive, scale=scales)
def test_rate_is_unchanged_when_progress_and_target_scale_together(
    progress: Decimal, target: Decimal, scale: Decimal
) -> None:
    assert achievement_rate(progress * scale, target * scale) == achievement_rate(progress, target)


@given(progress=positive, target=positive)
def test_lower_is_better_mirrors_higher_is_better(progress: Decimal, target: Decimal) -> None:
    lower = achievement_rate(progress, target, polarity=Polarity.LOWER_IS_BETTER)
    assert lower == achievement_rate(target, progress)


@given(tenths=st.integers(min_value=-(10**6), max_value=10**6))
def test_half_up_rounds_exact_ties_away_from_zero(tenths: int) -> None:
    # tenths + 0.5 hundredths: a tie at the second decimal, 112.85 and the like.
    tie = Fraction(2 * tenths + 1, 20) if tenths >= 0 else Fraction(2 * tenths - 1, 20)
    rounded = round_rate(tie)
    away = Decimal(tenths + (1 if tenths >= 0 else -1)).scaleb(-1)
    assert rounded == away


def test_half_up_on_the_published_tie() -> None:
    assert round_rate(Fraction("112.85")) == Decimal("112.9")
    assert achievement_rate(Decimal(79), Decimal(70)) == Decimal("112.9")
    assert round_rate(Fraction("-0.25")) == Decimal("-0.3")


@given(value=st.fractions(min_value=-(10**6), max_value=10**6), places=st.integers(0, 4))
def test_rounding_modes_stay_within_one_step(value: Fraction, places: int) -> None:
    step = Fraction(1, 10**places)
    for mode in RoundingMode:
        rounded = Fraction(round_rate(value, Rounding(places=places, mode=mode)))
        assert abs(rounded - value) <= step
        assert rounded * 10**places == int(rounded * 10**places)
    half = Fraction(round_rate(value, Rounding(places=places)))
    assert abs(half - value) <= step / 2


def test_rounding_places_and_modes() -> None:
    assert round_rate(Fraction(2, 3), Rounding(places=0)) == Decimal(1)
    assert round_rate(Fraction(2, 3), Rounding(places=2)) == Decimal("0.67")
    assert str(round_rate(Fraction(2, 3), Rounding(places=3))) == "0.667"
    assert round_rate(Fraction(1, 40), Rounding(places=2, mode=RoundingMode.HALF_EVEN)) == Decimal(
        "0.02"
    )
    assert round_rate(Fraction(1, 40), Rounding(places=2, mode=RoundingMode.HALF_UP)) == Decimal(
        "0.03"
    )
    assert round_rate(Fraction(-19, 10), Rounding(places=0, mode=RoundingMode.DOWN)) == -1
    assert round_rate(Fraction(-11, 10), Rounding(places=0, mode=RoundingMode.UP)) == -2


@given(latest=positive, baseline=positive, target=positive)
def test_progress_from_baseline_for_both_polarities(
    latest: Decimal, baseline: Decimal, target: Decimal
) -> None:
    assume(target != baseline)
    higher = progress_from_baseline(latest, baseline, target)
    lower = progress_from_baseline(latest, baseline, target, polarity=Polarity.LOWER_IS_BETTER)
    exact = (Fraction(latest) - Fraction(baseline)) / (Fraction(target) - Fraction(baseline))
    assert higher == lower == round_rate(exact * 100)
    assert progress_from_baseline(target, baseline, target) == Decimal("100.0")
    assert progress_from_baseline(baseline, baseline, target) == Decimal("0.0")


# -- the engine over a plan -------------------------------------------------------


def test_unpublished_years_are_skipped_never_zero() -> None:
    result = evaluate_kpi(
        k := kpi({2021: "80", 2022: "90", 2023: None, 2024: None}, "120"), plan(k)
    )
    assert (result.latest_year, result.latest_value) == (2022, Decimal(90))
    assert result.achievement_rate == Decimal("75.0")


def test_reference_years_count_for_a_level() -> None:
    result = evaluate_kpi(k := kpi({2019: "50", 2020: "60"}, "120"), plan(k))
    assert result.latest_year == 2020
    assert result.achievement_rate == Decimal("50.0")


def test_values_of_years_not_begun_by_the_as_of_date_do_not_count() -> None:
    k = kpi({2023: "10", 2024: "20", 2025: "30"}, "40")
    result = evaluate_kpi(k, plan(k, as_of=datetime.date(2025, 3, 31)))
    assert result.latest_year == 2024
    result = evaluate_kpi(k, plan(k, as_of=datetime.date(2025, 4, 1)))
    assert result.latest_year == 2025


def test_no_value_yet() -> None:
    result = evaluate_kpi(k := kpi({2021: None}), plan(k))
    assert result.achievement_rate is None
    assert result.unavailable is not None
    assert result.unavailable.reason is Reason.NO_VALUE


@pytest.mark.parametrize(
    ("target", "polarity", "values", "reason"),
    [
        (None, Polarity.HIGHER_IS_BETTER, {2021: "5"}, Reason.NO_TARGET),
        ("0", Polarity.HIGHER_IS_BETTER, {2021: "5"}, Reason.ZERO_TARGET),
        ("5", Polarity.LOWER_IS_BETTER, {2021: "0"}, Reason.ZERO_PROGRESS),
    ],
)
def test_rates_that_cannot_be_computed_say_why(
    target: str | None, polarity: Polarity, values: dict[int, str | None], reason: Reason
) -> None:
    result = evaluate_kpi(k := kpi(values, target, polarity=polarity), plan(k))
    assert result.achievement_rate is None
    assert result.unavailable is not None
    assert result.unavailable.reason is reason
    assert result.unavailable.message


def test_flow_sums_from_the_plan_start_against_the_per_year_target() -> None:
    k = kpi(
        {2019: "2", 2020: "0", 2021: "0", 2022: "1", 2023: "0", 2024: "2"},
        "2",
        kind=KpiKind.FLOW,
        per_year=True,
    )
    result = evaluate_kpi(k, plan(k))
    assert result.progress == 3
    assert result.target_value == 10
    assert result.achievement_rate == Decimal("30.0")
    assert [(t.fiscal_year, t.value) for t in result.running_totals] == [
        (2021, Decimal(0)),
        (2022, Decimal(1)),
        (2023, Decimal(1)),
        (2024, Decimal(3)),
    ]


def test_a_flow_with_a_missing_year_has_no_rate() -> None:
    k = kpi({2021: "1", 2022: None, 2023: "2"}, "10", kind=KpiKind.FLOW)
    result = evaluate_kpi(k, plan(k))
    assert result.achievement_rate is None
    assert result.unavailable is not None
    assert result.unavailable.reason is Reason.MISSING_YEAR
    assert result.unavailable.fiscal_year == 2022
    assert result.latest_year == 2023


@given(counts=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=5))
def test_a_flows_progress_is_the_sum_of_its_years(counts: list[int]) -> None:
    values: dict[int, str | None] = {2021 + i: str(count) for i, count in enumerate(counts)}
    k = kpi(values, "1", kind=KpiKind.FLOW)
    result = evaluate_kpi(k, plan(k))
    assert result.progress == sum(counts)
    assert result.running_totals[-1].value == sum(counts)


def test_a_stock_uses_its_latest_running_total() -> None:
    k = kpi({2020: "95", 2021: "99", 2022: "100"}, "100", kind=KpiKind.STOCK)
    result = evaluate_kpi(k, plan(k))
    assert (result.progress, result.achievement_rate) == (Decimal(100), Decimal("100.0"))


@given(
    start=st.integers(min_value=0, max_value=10**6),
    counts=st.lists(st.integers(min_value=0, max_value=10**4), min_size=1, max_size=6),
    wrong=st.integers(min_value=1, max_value=10),
)
def test_a_stocks_yearly_counts_and_totals_must_agree(
    start: int, counts: list[int], wrong: int
) -> None:
    totals = [start]
    for count in counts:
        totals.append(totals[-1] + count)
    observations = [Observation(fiscal_year=2019, value=Decimal(start))]
    observations += [
        Observation(fiscal_year=2020 + i, value=Decimal(totals[i + 1]), increment=Decimal(count))
        for i, count in enumerate(counts)
    ]
    stock = kpi({}, "100", kind=KpiKind.STOCK)
    good = plan(attrs.evolve(stock, observations=tuple(observations)), last=2030)
    assert check_plan(good) == []
    bad_observations = list(observations)
    last = bad_observations[-1]
    assert last.increment is not None
    bad_observations[-1] = Observation(
        fiscal_year=last.fiscal_year, value=last.value, increment=last.increment + wrong
    )
    bad = plan(attrs.evolve(stock, observations=tuple(bad_observations)), last=2030)
    problems = check_plan(bad)
    assert [p.location for p in problems] == [
        f"$.kpis[0].observations[{len(observations) - 1}].increment"
    ]


def test_progress_from_baseline_per_kpi() -> None:
    k = kpi({2022: "110"}, "150", baseline="100", method=Method.PROGRESS_FROM_BASELINE)
    assert evaluate_kpi(k, plan(k)).achievement_rate == Decimal("20.0")
    lower = kpi(
        {2022: "90"},
        "50",
        baseline="100",
        method=Method.PROGRESS_FROM_BASELINE,
        polarity=Polarity.LOWER_IS_BETTER,
    )
    assert evaluate_kpi(lower, plan(lower)).achievement_rate == Decimal("20.0")


@pytest.mark.parametrize(
    ("kind", "baseline", "target", "reason"),
    [
        (KpiKind.FLOW, "2", "2", Reason.NOT_APPLICABLE),
        (KpiKind.LEVEL, None, "2", Reason.NO_BASELINE),
        (KpiKind.LEVEL, "2", "2", Reason.TARGET_EQUALS_BASELINE),
    ],
)
def test_progress_from_baseline_where_it_means_nothing(
    kind: KpiKind, baseline: str | None, target: str, reason: Reason
) -> None:
    k = kpi({2021: "1"}, target, kind=kind, baseline=baseline, method=Method.PROGRESS_FROM_BASELINE)
    result = evaluate_kpi(k, plan(k))
    assert result.achievement_rate is None
    assert result.unavailable is not None
    assert result.unavailable.reason is reason


def test_evaluate_keeps_plan_order() -> None:
    kpis = [kpi({2021: "1"}, number=n) for n in (3, 1, 2)]
    result = evaluate(plan(*kpis))
    assert [r.kpi.number for r in result.kpis] == [3, 1, 2]


def test_the_latest_value_does_not_depend_on_the_order_given() -> None:
    k = kpi({2021: "50", 2022: "60", 2023: "70"}, "100")
    shuffled = attrs.evolve(k, observations=tuple(reversed(k.observations)))
    result = evaluate_kpi(shuffled, plan(shuffled))
    assert (result.latest_year, result.achievement_rate) == (2023, Decimal("70.0"))
