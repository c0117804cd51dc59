"""Grades as data, the expected path, and the plan's own vocabulary."""

from __future__ import annotations

import ast
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planeval.evaluation import evaluate_kpi
from planeval.grading import (
    DEFAULT_PATH_TOLERANCE,
    Figures,
    Grade,
    PathStatus,
    expected_value,
    grade,
    path_status,
)
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

from .conftest import ROOT
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


# -- grading on its own, from figures built by hand ------------------------------


def figures(value: str, **changes: Any) -> Figures:
    """Baseline 100, target 150 (R3–R7), latest R5: the path expects 130."""
    built = Figures(
        kpi=kpi({2023: value}, "150", baseline="100"),
        latest_value=Decimal(value),
        progress=Decimal(value),
        target_value=Decimal(150),
        expected=Fraction(130),
        achievement_rate=None,
        interim_rate=None,
        progress_from_baseline=None,
    )
    return attrs.evolve(built, **changes)


def test_expected_value_is_exact() -> None:
    indicator = kpi({}, "151", baseline="100")
    # 100 + 51 x 1/5, not rounded: rounding is the engine's, for display.
    assert expected_value(indicator, plan(), 2021, Decimal(151)) == Fraction(551, 5)
    assert expected_value(indicator, plan(), 2030, Decimal(151)) == Fraction(151)
    assert expected_value(indicator, plan(), 2020, Decimal(151)) is None
    assert expected_value(indicator, plan(), 2023, None) is None


@pytest.mark.parametrize(
    ("progress", "tolerance", "status"),
    [
        ("132.5", None, PathStatus.ON_TRACK),  # 5% of 50 is 2.5, inclusive
        ("132.6", None, PathStatus.AHEAD),
        ("127.4", None, PathStatus.BEHIND),
        ("120", "20", PathStatus.ON_TRACK),  # 20% of 50 is 10, inclusive
        ("119.9", "20", PathStatus.BEHIND),
    ],
)
def test_path_status_from_figures(progress: str, tolerance: str | None, status: PathStatus) -> None:
    assert Decimal(5) == DEFAULT_PATH_TOLERANCE
    town = attrs.evolve(plan(), path_tolerance=None if tolerance is None else Decimal(tolerance))
    assert path_status(figures(progress), town) is status
    assert path_status(figures(progress, expected=None), town) is None


def test_grade_from_figures() -> None:
    town = attrs.evolve(plan(), grading=TOWN_GRADES)
    assert grade(figures("150"), town) == Grade(label="A", colour="#43A047", rule=1)
    assert grade(figures("90"), town) == Grade(label="B", colour=None, rule=2)  # exactly -10 %
    assert grade(figures("89.99"), town) == Grade(label="C", colour="#E53935", rule=3)
    assert grade(figures("90", latest_value=None, progress=None), town) == Grade(
        label="−", colour=None, rule=4
    )
    assert grade(figures("150"), plan()) is None


def test_rates_are_graded_as_given() -> None:
    # Grading reads the rates the engine rounded; it never recomputes them.
    bands = attrs.evolve(plan(), grading=RATE_BANDS)
    assert grade(figures("1", achievement_rate=Decimal("100.0")), bands) == Grade(
        label="achieved", colour=None, rule=0
    )
    assert grade(figures("1", achievement_rate=Decimal("99.9")), bands) == Grade(
        label="nearly", colour=None, rule=1
    )
    assert grade(figures("1"), bands) is None
    interim = attrs.evolve(plan(), grading=INTERIM)
    assert grade(figures("1", interim_rate=Decimal(100)), interim) is not None
    assert grade(figures("200", interim_rate=Decimal("99.9")), interim) is None
    by_baseline = attrs.evolve(
        plan(),
        grading=(
            GradeRule(label="half", metric=Metric.PROGRESS_FROM_BASELINE, at_least=Decimal(50)),
        ),
    )
    assert grade(figures("1", progress_from_baseline=Decimal(50)), by_baseline) is not None
    assert grade(figures("150"), by_baseline) is None


def _imported_modules(name: str) -> set[str]:
    path = ROOT / "src" / "planeval" / f"{name}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_engine_imports_grading_and_not_the_reverse() -> None:
    assert "planeval.grading" in _imported_modules("evaluation")
    assert not {"planeval.evaluation", "planeval"} & _imported_modules("grading")


# -- validation of the plan's own terms ------------------------------------------


def problems(changed: Plan) -> list[str]:
    return [str(problem.in_locale("en")) for problem in check_plan(changed)]


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
    from planeval.model import Direction, Entry, Level, Review

    review = Review(
        entries=(1,),
        initiatives=(),
        issues=(),
        direction=Direction(category="expand", items=()),
        rating="Z",
    )
    base = attrs.evolve(
        plan(),
        levels=(Level(name="基本戦略"), Level(name="施策")),
        entries=(Entry(number=1, title="s", entries=(Entry(number=1, title="m"),)),),
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
