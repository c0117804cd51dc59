"""Grades as data, the expected path, and the plan's own vocabulary."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planeval.evaluation import PathStatus, evaluate_kpi
from planeval.model import (
    Category,
    GradeRule,
    InterimTarget,
    KpiKind,
    Metric,
    Plan,
    Polarity,
)
from planeval.validation import check_plan

from .factories import kpi, plan

# A real town's general plan (higher is better): S above the target, A above
# the baseline, B no more than 10% below the baseline (△10%以内, inclusive),
# C lower than that, − with no current value.
TOWN_GRADES = (
    GradeRule(label="S", metric=Metric.VERSUS_TARGET, above=Decimal(0), colour="#1B5E20"),
    GradeRule(label="A", metric=Metric.VERSUS_BASELINE, above=Decimal(0), colour="#43A047"),
    GradeRule(label="B", metric=Metric.CHANGE_FROM_BASELINE, at_least=Decimal(-10)),
    GradeRule(label="C", metric=Metric.HAS_VALUE, colour="#E53935"),
    GradeRule(label="−", metric=Metric.NO_VALUE),
)


def graded(
    value: str | None,
    baseline: str,
    target: str,
    polarity: Polarity = Polarity.HIGHER_IS_BETTER,
    rules: tuple[GradeRule, ...] = TOWN_GRADES,
) -> tuple[str | None, int | None]:
    indicator = kpi({2023: value}, target, baseline=baseline, polarity=polarity)
    town = attrs.evolve(plan(indicator), grading=rules)
    result = evaluate_kpi(indicator, town)
    return (None, None) if result.grade is None else (result.grade.label, result.grade.rule)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("160", "S"),
        ("150", "A"),
        ("120", "A"),
        ("100.5", "A"),
        ("100", "B"),
        ("95", "B"),
        ("90", "B"),
        ("89", "C"),
        (None, "−"),
    ],
)
def test_the_towns_grades(value: str | None, expected: str) -> None:
    label, rule = graded(value, "100", "150")
    assert label == expected
    assert rule == [r.label for r in TOWN_GRADES].index(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("40", "S"),
        ("50", "A"),
        ("80", "A"),
        ("99.5", "A"),
        ("100", "B"),
        ("105", "B"),
        ("110", "B"),
        ("111", "C"),
        (None, "−"),
    ],
)
def test_the_towns_grades_mirrored_for_lower_is_better(value: str | None, expected: str) -> None:
    assert graded(value, "100", "50", Polarity.LOWER_IS_BETTER)[0] == expected


def test_the_grade_carries_its_colour() -> None:
    indicator = kpi({2023: "160"}, "150", baseline="100")
    result = evaluate_kpi(indicator, attrs.evolve(plan(indicator), grading=TOWN_GRADES))
    assert result.grade is not None
    assert result.grade.colour == "#1B5E20"


def test_no_grading_no_grade() -> None:
    indicator = kpi({2023: "160"}, "150", baseline="100")
    assert evaluate_kpi(indicator, plan(indicator)).grade is None


RATE_BANDS = (
    GradeRule(label="achieved", metric=Metric.ACHIEVEMENT_RATE, at_least=Decimal(100)),
    GradeRule(
        label="nearly", metric=Metric.ACHIEVEMENT_RATE, at_least=Decimal(80), below=Decimal(100)
    ),
    GradeRule(label="short", metric=Metric.ACHIEVEMENT_RATE, below=Decimal(80)),
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("150", "achieved"),
        ("149.96", "achieved"),
        ("149.9", "nearly"),
        ("120", "nearly"),
        ("119", "short"),
    ],
)
def test_rates_grouped_into_bands(value: str, expected: str) -> None:
    # 149.96 / 150 is 99.97 %, published as 100.0 %: bands read the published rate.
    assert graded(value, "100", "150", rules=RATE_BANDS)[0] == expected


INTERIM = (GradeRule(label="on course", metric=Metric.INTERIM_RATE, at_least=Decimal(100)),)


@pytest.mark.parametrize(("value", "expected"), [("130", "on course"), ("129", None)])
def test_interim_target_pro_rated_by_elapsed_plan_years(value: str, expected: str | None) -> None:
    # R3–R7, latest R5: three of five plan years, so 100 + 50 x 3/5 = 130 is expected.
    assert graded(value, "100", "150", rules=INTERIM)[0] == expected


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("133", PathStatus.AHEAD),
        ("132", PathStatus.ON_TRACK),
        ("128", PathStatus.ON_TRACK),
        ("127", PathStatus.BEHIND),
    ],
)
def test_expected_path_status(value: str, status: PathStatus) -> None:
    indicator = kpi({2023: value}, "150", baseline="100")
    result = evaluate_kpi(indicator, plan(indicator))
    assert result.expected_value == Decimal("130.0")
    assert result.path_status is status


def test_expected_path_lower_is_better_and_given_interim_targets() -> None:
    lower = kpi({2023: "72"}, "50", baseline="100", polarity=Polarity.LOWER_IS_BETTER)
    result = evaluate_kpi(lower, plan(lower))
    assert result.expected_value == Decimal("70.0")
    assert result.path_status is PathStatus.ON_TRACK  # 2 off, within 5% of 50
    given = attrs.evolve(
        kpi({2023: "130"}, "150", baseline="100"),
        interim_targets=(InterimTarget(fiscal_year=2023, value=Decimal(140)),),
    )
    result = evaluate_kpi(given, plan(given))
    assert result.expected_value == Decimal("140.0")
    assert result.path_status is PathStatus.BEHIND
    assert graded_with(given, INTERIM) is None


def graded_with(indicator: object, rules: tuple[GradeRule, ...]) -> str | None:
    assert isinstance(indicator, type(kpi({})))
    result = evaluate_kpi(indicator, attrs.evolve(plan(indicator), grading=rules))
    return None if result.grade is None else result.grade.label


def test_a_flows_path_starts_from_zero() -> None:
    flow = kpi({2021: "0", 2022: "1", 2023: "0", 2024: "2"}, "2", kind=KpiKind.FLOW, per_year=True)
    result = evaluate_kpi(flow, plan(flow))
    assert result.expected_value == Decimal("8.0")  # 10 x 4/5
    assert result.path_status is PathStatus.BEHIND


difference_metrics = st.sampled_from(
    [
        Metric.VERSUS_TARGET,
        Metric.VERSUS_BASELINE,
        Metric.CHANGE_FROM_BASELINE,
        Metric.PROGRESS_FROM_BASELINE,
    ]
)
amounts = st.integers(min_value=1, max_value=10**6).map(Decimal)
bounds = st.one_of(st.none(), st.integers(min_value=-200, max_value=200).map(Decimal))


@st.composite
def rules(draw: st.DrawFn) -> tuple[GradeRule, ...]:
    drawn = []
    for label in "ABC":
        lower, upper = draw(bounds), draw(bounds)
        if lower is None and upper is None:
            lower = Decimal(0)
        drawn.append(
            GradeRule(label=label, metric=draw(difference_metrics), at_least=lower, below=upper)
        )
    return (*drawn, GradeRule(label="D", metric=Metric.HAS_VALUE))


@given(baseline=amounts, target=amounts, value=amounts, grading=rules())
def test_lower_is_better_mirrors_every_rule(
    baseline: Decimal, target: Decimal, value: Decimal, grading: tuple[GradeRule, ...]
) -> None:
    higher = graded(str(value), str(baseline), str(target), rules=grading)
    # Reflected about the baseline, lower is better and every difference keeps its sign.
    mirrored = graded(
        str(2 * baseline - value),
        str(baseline),
        str(2 * baseline - target),
        Polarity.LOWER_IS_BETTER,
        rules=grading,
    )
    assert higher == mirrored


# -- validation of the plan's own terms ------------------------------------------


def problems(changed: Plan) -> list[str]:
    return [str(problem) for problem in check_plan(changed)]


def test_rules_are_checked() -> None:
    bad = attrs.evolve(
        plan(),
        grading=(
            GradeRule(label="x", metric=Metric.NO_VALUE, above=Decimal(1)),
            GradeRule(label="y", metric=Metric.ACHIEVEMENT_RATE),
            GradeRule(
                label="z",
                metric=Metric.VERSUS_TARGET,
                above=Decimal(0),
                at_least=Decimal(0),
                colour="red",
            ),
        ),
    )
    assert problems(bad) == [
        "$.grading[0].above: the metric 'no_value' takes no bounds",
        "$.grading[1]: the metric 'achievement_rate' needs a bound: "
        "above, at_least, below or at_most",
        "$.grading[2].at_least: give above or at_least, not both",
        "$.grading[2].colour: expected a colour as #RRGGBB, got 'red'",
    ]


def test_declared_vocabulary_is_enforced() -> None:
    from planeval.model import Direction, Measure, MeasureReview, Strategy

    review = MeasureReview(
        measures=(1,),
        initiatives=(),
        issues=(),
        direction=Direction(category="expand", items=()),
        rating="Z",
    )
    base = attrs.evolve(
        plan(),
        strategies=(Strategy(number=1, title="s", measures=(Measure(number=1, title="m"),)),),
        reviews=(review,),
    )
    assert problems(base) == ["$.reviews[0].rating: the plan declares no measure_ratings"]
    declared = attrs.evolve(
        base,
        direction_categories=(Category(code="continue"), Category(code="continue")),
        measure_ratings=(Category(code="A", colour="#00FF00"),),
    )
    assert problems(declared) == [
        "$.direction_categories[1].code: code 'continue' is given more than once",
        "$.reviews[0].direction.category: 'expand' is not one of the plan's "
        "direction categories (continue, continue)",
        "$.reviews[0].rating: 'Z' is not one of the plan's measure ratings (A)",
    ]
