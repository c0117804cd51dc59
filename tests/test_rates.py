"""Rates as each city defines them: formulas, targets of 0, the cap, a rate for every year.

Also qualitative and unitless KPIs, and the rate's name and formula in the
evaluation and its JSON.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import planeval
from planeval.evaluation import Formula, Reason, achievement_rate, evaluate_kpi
from planeval.io.plan_files import EVALUATION_KEY, plan_from_json, plan_to_json
from planeval.model import (
    Category,
    GradeRule,
    Kpi,
    KpiKind,
    Method,
    Metric,
    Observation,
    Plan,
    Polarity,
    Rounding,
    Scale,
    ZeroTarget,
)
from planeval.validation import check_plan

from .factories import kpi, plan

LOWER = Polarity.LOWER_IS_BETTER
positive = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e6"), places=2)
amounts = st.integers(min_value=0, max_value=10**6).map(Decimal)


def rated(indicator: Kpi, **settings: Any) -> tuple[Decimal | None, Formula | None]:
    result = evaluate_kpi(indicator, attrs.evolve(plan(indicator), **settings))
    return result.rate, result.formula


# -- formulas ----------------------------------------------------------------------


def test_the_rate_is_named_with_its_formula_and_keeps_its_old_name() -> None:
    result = evaluate_kpi(k := kpi({2023: "79"}, "70"), plan(k))
    assert (result.rate, result.formula) == (Decimal("112.9"), Formula.ACTUAL_OVER_TARGET)
    assert result.achievement_rate == result.rate
    lower = kpi({2023: "60"}, "50", polarity=LOWER)
    assert rated(lower) == (Decimal("83.3"), Formula.TARGET_OVER_ACTUAL)
    by_baseline = kpi({2023: "110"}, "150", baseline="100", method=Method.PROGRESS_FROM_BASELINE)
    assert rated(by_baseline) == (Decimal("20.0"), Formula.PROGRESS_FROM_BASELINE)


@pytest.mark.parametrize(
    ("value", "rate", "grade"),
    [
        ("45", "90.0", "achieved"),  # read as 110: better than the target
        ("50", "100.0", "achieved"),
        ("55", "110.0", "nearly"),  # read as 90
        ("60", "120.0", "nearly"),  # read as 80
        ("61", "122.0", "short"),
    ],
)
def test_actual_over_target_is_printed_as_the_city_prints_it_and_graded_by_direction(
    value: str, rate: str, grade: str
) -> None:
    bands = (
        GradeRule(label="achieved", metric=Metric.ACHIEVEMENT_RATE, at_least=Decimal(100)),
        GradeRule(label="nearly", metric=Metric.ACHIEVEMENT_RATE, at_least=Decimal(80)),
        GradeRule(label="short", metric=Metric.HAS_VALUE),
    )
    indicator = kpi({2023: value}, "50", polarity=LOWER, method=Method.ACTUAL_OVER_TARGET)
    result = evaluate_kpi(indicator, attrs.evolve(plan(indicator), grading=bands))
    assert (result.rate, result.formula) == (Decimal(rate), Formula.ACTUAL_OVER_TARGET)
    assert result.grade is not None
    assert result.grade.label == grade


@given(progress=positive, target=positive)
def test_actual_over_target_is_the_achievement_rate_when_higher_is_better(
    progress: Decimal, target: Decimal
) -> None:
    higher = kpi({2023: str(progress)}, str(target), method=Method.ACTUAL_OVER_TARGET)
    assert rated(higher) == (achievement_rate(progress, target), Formula.ACTUAL_OVER_TARGET)
    lower = attrs.evolve(higher, polarity=LOWER)
    assert rated(lower) == (achievement_rate(progress, target), Formula.ACTUAL_OVER_TARGET)


def test_a_kpi_method_overrides_the_plans() -> None:
    indicator = kpi({2023: "60"}, "50", polarity=LOWER)
    assert rated(indicator, method=Method.ACTUAL_OVER_TARGET)[0] == Decimal("120.0")
    own = attrs.evolve(indicator, method=Method.ACHIEVEMENT_RATE)
    assert rated(own, method=Method.ACTUAL_OVER_TARGET)[0] == Decimal("83.3")


# -- a target of 0 -----------------------------------------------------------------

WAITING = kpi({2022: "80", 2023: "50"}, "0", baseline="80", polarity=LOWER)


@pytest.mark.parametrize(
    ("value", "rate"),
    [("80", "0.0"), ("50", "37.5"), ("20", "75.0"), ("0", "100.0"), ("100", "-25.0")],
)
def test_a_target_of_0_is_measured_from_the_baseline_by_default(value: str, rate: str) -> None:
    indicator = attrs.evolve(WAITING, observations=kpi({2023: value}).observations)
    result = evaluate_kpi(indicator, plan(indicator))
    assert (result.rate, result.formula) == (Decimal(rate), Formula.PROGRESS_FROM_BASELINE)
    # Reported by the method it follows, so that reports caption it as such.
    assert result.method is Method.PROGRESS_FROM_BASELINE
    assert indicator.method is None
    assert check_plan(plan(indicator)) == []


@pytest.mark.parametrize(("value", "rate"), [("50", "0.0"), ("1", "0.0"), ("0", "100.0")])
def test_a_target_of_0_reached_or_not(value: str, rate: str) -> None:
    indicator = attrs.evolve(WAITING, observations=kpi({2023: value}).observations)
    assert rated(indicator, zero_target=ZeroTarget.REACHED) == (
        Decimal(rate),
        Formula.TARGET_REACHED,
    )


@pytest.mark.parametrize(
    ("polarity", "method", "value", "rate", "reason"),
    [
        (LOWER, None, "50", "0.0", None),  # 0 / 50 x 100, as format 1 divided
        (LOWER, None, "0", None, Reason.ZERO_PROGRESS),
        (LOWER, Method.ACTUAL_OVER_TARGET, "50", None, Reason.ZERO_TARGET),
        (Polarity.HIGHER_IS_BETTER, None, "50", None, Reason.ZERO_TARGET),
    ],
)
def test_a_target_of_0_by_the_plain_ratio(
    polarity: Polarity, method: Method | None, value: str, rate: str | None, reason: Reason | None
) -> None:
    indicator = attrs.evolve(
        WAITING,
        polarity=polarity,
        method=method,
        baseline=None,
        observations=kpi({2023: value}).observations,
    )
    checked = attrs.evolve(plan(indicator), zero_target=ZeroTarget.RATIO)
    assert check_plan(checked) == []  # no baseline is needed
    result = evaluate_kpi(indicator, checked)
    assert result.rate == (None if rate is None else Decimal(rate))
    assert (None if result.unavailable is None else result.unavailable.reason) is reason


def test_a_target_of_0_with_no_rate() -> None:
    result = evaluate_kpi(WAITING, attrs.evolve(plan(WAITING), zero_target=ZeroTarget.NONE))
    assert result.rate is None
    assert result.unavailable is not None
    assert result.unavailable.reason is Reason.ZERO_TARGET


def test_a_target_of_0_without_a_baseline_is_refused() -> None:
    indicator = attrs.evolve(WAITING, baseline=None)
    assert [str(p.in_locale("en")) for p in check_plan(plan(indicator))] == [
        "$.kpis[0].baseline: a target of 0 is measured from the baseline (zero_target "
        "'progress_from_baseline'): give a baseline, or another zero_target"
    ]
    for rule in (ZeroTarget.REACHED, ZeroTarget.NONE):
        assert check_plan(attrs.evolve(plan(indicator), zero_target=rule)) == []
    result = evaluate_kpi(indicator, plan(indicator))
    assert result.unavailable is not None
    assert result.unavailable.reason is Reason.ZERO_TARGET


@given(
    value=amounts,
    baseline=st.none() | amounts,
    polarity=st.sampled_from(Polarity),
    method=st.sampled_from(Method),
    rule=st.sampled_from(ZeroTarget),
    kind=st.sampled_from(KpiKind),
    per_year=st.booleans(),
)
def test_a_target_of_0_never_divides_by_zero(
    value: Decimal,
    baseline: Decimal | None,
    polarity: Polarity,
    method: Method,
    rule: ZeroTarget,
    kind: KpiKind,
    per_year: bool,
) -> None:
    indicator = kpi(
        {2023: str(value)},
        "0",
        baseline=None if baseline is None else str(baseline),
        polarity=polarity,
        method=method,
        kind=kind,
        per_year=per_year and kind is KpiKind.FLOW,
    )
    result = evaluate_kpi(indicator, attrs.evolve(plan(indicator), zero_target=rule))
    assert (result.rate is None) == (result.unavailable is not None)
    if (
        rule is ZeroTarget.REACHED
        and method is not Method.PROGRESS_FROM_BASELINE
        and kind is not KpiKind.FLOW
    ):
        assert result.rate in (Decimal("0.0"), Decimal("100.0"))


# -- the cap ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "rate"),
    [
        ("79", 1, "100.0"),
        ("70", 1, "100.0"),
        ("60", 1, "85.7"),
        ("79", 2, "100.00"),
        ("79", 0, "100"),
    ],
)
def test_rates_capped_at_100(value: str, places: int, rate: str) -> None:
    indicator = kpi({2023: value}, "70")
    capped = rated(indicator, cap_rates=True, rounding=Rounding(places=places))[0]
    assert capped is not None
    assert str(capped) == rate


def test_the_cap_applies_to_every_formula_that_grows_with_improvement() -> None:
    by_baseline = kpi({2023: "160"}, "150", baseline="100", method=Method.PROGRESS_FROM_BASELINE)
    assert rated(by_baseline)[0] == Decimal("120.0")
    assert rated(by_baseline, cap_rates=True)[0] == Decimal("100.0")
    lower = kpi({2023: "40"}, "50", polarity=LOWER)
    assert rated(lower, cap_rates=True)[0] == Decimal("100.0")
    below = kpi({2023: "90"}, "150", baseline="100", method=Method.PROGRESS_FROM_BASELINE)
    assert rated(below, cap_rates=True)[0] == Decimal("-20.0")


def test_a_cap_on_actual_over_target_when_lower_is_better_is_refused() -> None:
    indicator = kpi({2023: "60"}, "50", polarity=LOWER, method=Method.ACTUAL_OVER_TARGET)
    capped = attrs.evolve(plan(indicator), cap_rates=True)
    assert [str(p.in_locale("en")) for p in check_plan(capped)] == [
        "$.cap_rates: KPI 1 is lower-is-better with the rate actual / target, where above "
        "100 is worse: capping it at 100 would hide how far it missed"
    ]
    # Never capped by the engine either: 120 says how far it missed.
    assert evaluate_kpi(indicator, capped).rate == Decimal("120.0")


# -- a rate for every year ------------------------------------------------------------


def test_every_year_with_a_value_has_its_rate(plan: Plan) -> None:
    evaluation = planeval.evaluate(plan)
    hires = evaluation.kpis[4]
    assert [(y.fiscal_year, y.rate) for y in hires.years] == [
        (2019, Decimal("90.0")),
        (2020, Decimal("78.6")),
        (2021, Decimal("130.0")),
        (2022, Decimal("92.9")),
        (2023, Decimal("98.6")),
        (2024, Decimal("112.9")),
    ]
    startups = evaluation.kpis[3]  # a flow: its total since R3 against 10
    assert [(y.fiscal_year, y.value, y.progress, y.rate) for y in startups.years] == [
        (2021, Decimal(0), Decimal(0), Decimal("0.0")),
        (2022, Decimal(1), Decimal(1), Decimal("10.0")),
        (2023, Decimal(0), Decimal(1), Decimal("10.0")),
        (2024, Decimal(2), Decimal(3), Decimal("30.0")),
    ]
    # Unpublished years have no entry; the latest is the KPI's own rate.
    assert [y.fiscal_year for y in evaluation.kpis[0].years] == [2019, 2020, 2021, 2022]
    for result in evaluation.kpis:
        assert result.years[-1].rate == result.rate
        assert result.years[-1].formula is result.formula
    assert not plan.yearly_rates


def test_a_flows_years_after_a_gap_say_why_they_have_no_rate() -> None:
    flow = kpi({2021: "1", 2022: None, 2023: "2"}, "10", kind=KpiKind.FLOW)
    result = evaluate_kpi(flow, plan(flow))
    first, last = result.years
    assert (first.fiscal_year, first.rate) == (2021, Decimal("10.0"))
    assert last.rate is None
    assert last.unavailable is not None
    assert (last.unavailable.reason, last.unavailable.fiscal_year) == (Reason.MISSING_YEAR, 2022)


yearly = st.dictionaries(
    st.integers(2019, 2025),
    st.none() | st.integers(0, 10**4).map(str),
    min_size=1,
    max_size=7,
)


@given(
    values=yearly,
    kind=st.sampled_from(KpiKind),
    polarity=st.sampled_from(Polarity),
    method=st.sampled_from(Method),
    target=st.integers(0, 10**4).map(str),
    cap=st.booleans(),
)
def test_each_years_rate_is_the_rate_the_kpi_had_that_year(
    values: dict[int, str | None],
    kind: KpiKind,
    polarity: Polarity,
    method: Method,
    target: str,
    cap: bool,
) -> None:
    indicator = kpi(values, target, kind=kind, polarity=polarity, method=method, baseline="50")
    settings = attrs.evolve(plan(indicator), cap_rates=cap)
    years = evaluate_kpi(indicator, settings).years
    assert [y.fiscal_year for y in years] == sorted(
        year
        for year, value in values.items()
        if value is not None and (kind is not KpiKind.FLOW or year >= 2021)
    )
    for year in years:
        until = {y: v for y, v in values.items() if y <= year.fiscal_year}
        then = evaluate_kpi(attrs.evolve(indicator, observations=kpi(until).observations), settings)
        assert (then.rate, then.formula, then.progress, then.unavailable) == (
            year.rate,
            year.formula,
            year.progress,
            year.unavailable,
        )


# -- qualitative and unitless KPIs ------------------------------------------------------

STATUSES = (
    Category(code="実施済", colour="#2E7D32"),
    Category(code="一部実施"),
    Category(code="未着手"),
)


def qualitative(statuses: dict[int, str | None]) -> Kpi:
    return Kpi(
        number=1,
        name="窓口のオンライン化",
        scale=Scale.QUALITATIVE,
        observations=tuple(
            Observation(fiscal_year=year, status=status)
            if status is not None
            else Observation(fiscal_year=year, missing=kpi({year: None}).observations[0].missing)
            for year, status in statuses.items()
        ),
    )


def test_a_qualitative_kpi_is_graded_by_its_status_and_never_given_a_rate() -> None:
    grading = (
        GradeRule(label="A", metric=Metric.STATUS, statuses=("実施済",)),
        GradeRule(label="B", metric=Metric.STATUS, statuses=("一部実施",)),
        GradeRule(label="C", metric=Metric.HAS_VALUE),
        GradeRule(label="−", metric=Metric.NO_VALUE),
    )
    indicator = qualitative({2022: "未着手", 2023: "一部実施", 2024: None})
    status_plan = attrs.evolve(plan(indicator), status_categories=STATUSES, grading=grading)
    assert check_plan(status_plan) == []
    result = evaluate_kpi(indicator, status_plan)
    assert (result.latest_year, result.latest_status, result.latest_value) == (
        2023,
        "一部実施",
        None,
    )
    assert result.rate is None
    assert result.unavailable is not None
    assert result.unavailable.reason is Reason.NOT_APPLICABLE
    assert result.grade is not None
    assert (result.grade.label, result.grade.rule) == ("B", 1)
    assert [(y.fiscal_year, y.status, y.rate) for y in result.years] == [
        (2022, "未着手", None),
        (2023, "一部実施", None),
    ]
    assert result.path_status is None
    assert result.year_on_year is None
    cases: list[tuple[dict[int, str | None], str]] = [({2022: "未着手"}, "C"), ({2022: None}, "−")]
    for statuses, label in cases:
        other = qualitative(statuses)
        graded = evaluate_kpi(other, attrs.evolve(status_plan, kpis=(other,))).grade
        assert graded is not None
        assert graded.label == label


def test_a_unitless_figure_loads_and_goes_through_every_format(tmp_path: Path) -> None:
    fertility = attrs.evolve(kpi({2023: "1.35"}, "1.5"), unit="", name="合計特殊出生率")
    data = json.loads(plan_to_json(plan(fertility)))
    assert "unit" not in data["kpis"][0]
    data["kpis"][0]["unit"] = ""
    loaded = plan_from_json(json.dumps(data))
    assert loaded.kpis[0].unit == ""
    assert evaluate_kpi(loaded.kpis[0], loaded).rate == Decimal("90.0")
    for suffix in ("json", "xlsx", "docx", "csv", "html"):
        assert planeval.export(loaded, tmp_path / f"plan.{suffix}").stat().st_size > 0


# -- the exported evaluation ------------------------------------------------------------


def test_the_exported_evaluation_names_the_rate_and_gives_every_year(
    plan: Plan, tmp_path: Path
) -> None:
    path = planeval.export(plan, tmp_path / "y.json")
    results = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)[EVALUATION_KEY]
    hires = results["kpis"][4]
    assert (hires["achievement_rate"], hires["rate"], hires["formula"]) == (
        "112.9",
        "112.9",
        "actual_over_target",
    )
    assert hires["years"][-1] == {
        "fiscal_year": 2024,
        "value": 79,
        "status": None,
        "progress": 79,
        "rate": "112.9",
        "formula": "actual_over_target",
        "unavailable": None,
    }
    assert hires["year_on_year"] == {
        "fiscal_year": 2024,
        "previous_year": 2023,
        "value": 79,
        "previous_value": 69,
        "change": 10,
        "change_rate": "14.5",
        "movement": "up",
        "improvement": "up",
        "arrow": "up",
    }
    assert [r["rate"] for r in results["kpis"]] == [
        "86.4",
        "75.8",
        "94.3",
        "30.0",
        "112.9",
        "101.0",
    ]
    # And it loads again: the section agrees with a fresh evaluation.
    assert planeval.load_plan(path) == plan


# -- the starter plan ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "grades"),
    [("en", ("B", "C", "A")), ("ja", ("Ｂ", "Ｃ", "Ａ"))],
)
def test_the_starter_plan_grades_its_own_kpis_sensibly(
    locale: str, grades: tuple[str, str, str]
) -> None:
    from planeval.template import starter_plan

    starter = starter_plan(locale)
    assert check_plan(starter) == []
    b, c, a = grades
    results = planeval.evaluate(starter).kpis
    assert [(r.rate, r.grade and r.grade.label) for r in results] == [
        (Decimal("95.0"), b),  # 35 % of the way, 20 % expected: ahead
        (Decimal("37.5"), c),  # 80 → 50 toward 0: 30 of the 32 expected
        (Decimal("35.0"), c),  # 7 start-ups of the 8 expected by now
    ]
    waiting = starter.kpis[1]
    assert (waiting.polarity, waiting.target and waiting.target.value) == (LOWER, Decimal(0))
    at_target = attrs.evolve(waiting, observations=kpi({2025: "0"}).observations)
    reached = evaluate_kpi(at_target, attrs.evolve(starter, kpis=(at_target,)))
    assert reached.rate == Decimal("100.0")
    assert reached.grade is not None
    assert reached.grade.label == a
