"""The plan's small API for scripts: look-ups by number, with_observation, and the checks
that hold a plan built in code to the same rules as a loaded one."""

from __future__ import annotations

import datetime
import pydoc
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import planeval
from planeval.errors import NotInPlanError, ObservationConflictError, PlanError
from planeval.evaluation import evaluate
from planeval.examples import load_example
from planeval.exporters import export
from planeval.model import (
    Entry,
    GradeRule,
    Initiative,
    InterimTarget,
    Level,
    Metric,
    Missing,
    Note,
    Observation,
    Plan,
    ReferenceIndicator,
    YearOnYear,
)
from planeval.validation import check_plan

from .factories import kpi, plan


@pytest.fixture(scope="module")
def yonezawa() -> Plan:
    return load_example("yonezawa_plan3")


def wrong(value: object) -> Any:
    """A value of a type the annotations refuse, as a script without mypy may pass."""
    return value


def small() -> Plan:
    return plan(kpi({2021: "10", 2023: "30"}, number=4), kpi({2021: "1"}, number=7))


# Look-ups


def test_kpi_by_number(yonezawa: Plan) -> None:
    assert yonezawa.kpi(4) is yonezawa.kpis[3]
    assert yonezawa.kpi(4).number == 4


def test_an_unknown_kpi_names_the_numbers_there_are() -> None:
    with pytest.raises(NotInPlanError) as caught:
        small().kpi(5)
    assert str(caught.value) == "the plan has no KPI 5; its KPI numbers: 4, 7"
    assert isinstance(caught.value, LookupError)


def test_a_plan_without_kpis_says_so() -> None:
    with pytest.raises(NotInPlanError, match=r"^the plan has no KPI 1; it has no KPI$"):
        plan().kpi(1)


def test_a_long_list_of_numbers_is_cut() -> None:
    many = plan(*(kpi({2021: "1"}, number=n) for n in range(1, 31)))
    with pytest.raises(NotInPlanError) as caught:
        many.kpi(99)
    shown = ", ".join(str(n) for n in range(1, 21))
    assert str(caught.value) == f"the plan has no KPI 99; its KPI numbers: {shown}, … (30 in all)"


def test_entry_by_level_and_number(yonezawa: Plan) -> None:
    assert [level.name for level in yonezawa.levels] == ["基本戦略", "施策"]
    assert yonezawa.entry("基本戦略", 1) is yonezawa.entries[0]
    measure = yonezawa.entry("施策", 3)
    assert measure.number == 3
    assert any(measure in goal.entries for goal in yonezawa.entries)


def test_an_unknown_entry_or_level_names_what_there_is() -> None:
    tree = attrs.evolve(
        plan(),
        levels=(Level(name="基本目標"), Level(name="施策")),
        entries=(
            Entry(number=1, title="a", entries=(Entry(number=1, title="b"),)),
            Entry(number=2, title="c", entries=(Entry(number=2, title="d"),)),
        ),
    )
    assert tree.entry("施策", 2).title == "d"
    with pytest.raises(NotInPlanError) as caught:
        tree.entry("施策", 3)
    assert str(caught.value) == "the plan has no 施策 3; its 施策 numbers: 1, 2"
    with pytest.raises(NotInPlanError) as caught:
        tree.entry("柱", 1)
    assert str(caught.value) == "the plan has no level '柱'; its levels: 基本目標, 施策"


# with_observation


def test_an_observation_is_added_in_fiscal_year_order() -> None:
    before = small()
    after = before.with_observation(kpi=4, year=2022, value=Decimal("20.5"))
    assert [(o.fiscal_year, o.value) for o in after.kpi(4).observations] == [
        (2021, Decimal("10")),
        (2022, Decimal("20.5")),
        (2023, Decimal("30")),
    ]
    assert after.kpi(7) is before.kpi(7)
    assert before.kpi(4).observations[1].fiscal_year == 2023  # the old plan is unchanged
    later = after.with_observation(kpi=4, year=2025, value=45)
    assert later.kpi(4).observations[-1] == Observation(fiscal_year=2025, value=Decimal(45))
    assert evaluate(later).kpis[0].latest_value == Decimal("45")
    assert evaluate(later).kpis[0].rate == Decimal("45.0")


def test_every_field_of_an_observation() -> None:
    noted = attrs.evolve(small(), notes=(Note(id="注1", text="未発表"),))
    after = noted.with_observation(kpi=7, year=2022, missing=Missing.UNPUBLISHED, note="注1")
    assert after.kpi(7).observations[-1] == Observation(
        fiscal_year=2022, missing=Missing.UNPUBLISHED, note="注1"
    )
    assert check_plan(after) == []


def test_strings_and_ints_are_taken_exactly() -> None:
    after = small().with_observation(kpi=4, year=2024, value="1.350")
    value = after.kpi(4).observations[-1].value
    assert value is not None
    assert value.as_tuple() == Decimal("1.350").as_tuple()


@pytest.mark.parametrize("bad", [1.35, 0.1])
def test_a_float_is_refused(bad: float) -> None:
    with pytest.raises(TypeError) as caught:
        small().with_observation(kpi=4, year=2024, value=wrong(bad))
    assert str(caught.value) == (
        f"value {bad!r} is a float, which is not exact: "
        f'pass Decimal("{bad!r}") or the string "{bad!r}"'
    )
    with pytest.raises(TypeError, match=r"increment 2\.5 is a float"):
        small().with_observation(kpi=4, year=2024, value=1, increment=wrong(2.5))


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        (True, TypeError, "value must be a Decimal, an int or a string, not True"),
        ("abc", ValueError, "value 'abc' is not a number"),
        ("NaN", ValueError, "value 'NaN' is not a finite number"),
        (Decimal("Infinity"), ValueError, "value Decimal('Infinity') is not a finite number"),
    ],
)
def test_other_values_are_refused(bad: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as caught:
        small().with_observation(kpi=4, year=2024, value=wrong(bad))
    assert str(caught.value) == message


def test_a_year_must_be_an_int() -> None:
    with pytest.raises(TypeError, match="year must be an int"):
        small().with_observation(kpi=4, year=wrong("2024"), value=1)


def test_an_unknown_kpi_is_refused() -> None:
    with pytest.raises(NotInPlanError, match="the plan has no KPI 5; its KPI numbers: 4, 7"):
        small().with_observation(kpi=5, year=2024, value=1)


def test_a_different_observation_is_replaced_only_when_asked() -> None:
    before = small()
    with pytest.raises(ObservationConflictError) as caught:
        before.with_observation(kpi=4, year=2023, value="31")
    assert str(caught.value) == (
        "KPI 4 already has an observation for fiscal year 2023 "
        f"({before.kpi(4).observations[1]}); pass replace=True to replace it with "
        f"{Observation(fiscal_year=2023, value=Decimal('31'))}"
    )
    replaced = before.with_observation(kpi=4, year=2023, value="31", replace=True)
    assert [o.value for o in replaced.kpi(4).observations] == [Decimal(10), Decimal(31)]
    # The same observation again changes nothing.
    assert before.with_observation(kpi=4, year=2023, value=30) is before


@given(
    years=st.lists(st.integers(2021, 2025), min_size=1, max_size=8),
    values=st.lists(st.decimals(allow_nan=False, allow_infinity=False, places=3), min_size=8),
)
def test_any_order_of_additions_keeps_fiscal_years_in_order(
    years: list[int], values: list[Decimal]
) -> None:
    current = plan(kpi({}, number=1))
    expected: dict[int, Decimal] = {}
    for year, value in zip(years, values, strict=False):
        current = current.with_observation(kpi=1, year=year, value=str(value), replace=True)
        expected[year] = value
    observations = current.kpi(1).observations
    assert [o.fiscal_year for o in observations] == sorted(expected)
    assert [o.value for o in observations] == [expected[year] for year in sorted(expected)]
    # Exact: the string gives back the very Decimal, exponent included.
    assert [str(o.value) for o in observations] == [str(expected[y]) for y in sorted(expected)]


# A plan built in code is held to the same rules as a loaded one


def invalid() -> Plan:
    """A plan check_plan rejects: an observation for a year given twice."""
    good = small()
    twice = (*good.kpi(4).observations, Observation(fiscal_year=2023, value=Decimal(1)))
    return attrs.evolve(good, kpis=(attrs.evolve(good.kpis[0], observations=twice), good.kpis[1]))


INVALID_PROBLEM = "$.kpis[0].observations[2].fiscal_year: fiscal year 2023 is given more than once"


def test_evaluate_refuses_an_invalid_plan() -> None:
    with pytest.raises(PlanError) as caught:
        evaluate(invalid())
    assert [str(problem.in_locale("en")) for problem in caught.value.problems] == [INVALID_PROBLEM]
    with pytest.raises(PlanError):
        planeval.evaluate(invalid())


def test_export_refuses_an_invalid_plan_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    with pytest.raises(PlanError) as caught:
        export(invalid(), target)
    assert [str(problem.in_locale("en")) for problem in caught.value.problems] == [INVALID_PROBLEM]
    assert not target.exists()
    export(small(), target)
    assert target.exists()


def test_a_valid_plan_is_checked_once() -> None:
    good = small()
    assert check_plan(good) == []
    assert evaluate(good).kpis[0].latest_value == Decimal("30")


def floaty(good: Plan) -> Plan:
    first = good.kpis[0]
    assert first.baseline is not None
    assert first.target is not None
    bad_kpi = attrs.evolve(
        first,
        baseline=attrs.evolve(first.baseline, value=wrong(1.5)),
        target=attrs.evolve(first.target, value=wrong(2)),
        observations=(
            attrs.evolve(first.observations[0], value=wrong(0.1)),
            *first.observations[1:],
        ),
        interim_targets=(InterimTarget(fiscal_year=2023, value=wrong(1.25)),),
    )
    return attrs.evolve(
        good,
        kpis=(bad_kpi, *good.kpis[1:]),
        path_tolerance=wrong(5.0),
        year_on_year=YearOnYear(tolerance=wrong(0.5)),
        grading=(GradeRule(label="A", metric=Metric.ACHIEVEMENT_RATE, at_least=wrong(100.0)),),
    )


def test_check_plan_refuses_floats_where_decimals_belong(yonezawa: Plan) -> None:
    assert [str(problem.in_locale("en")) for problem in check_plan(floaty(yonezawa))] == [
        '$.grading[0].at_least: a float (100.0) where a Decimal belongs: use Decimal("100.0"), '
        "which is exact",
        '$.path_tolerance: a float (5.0) where a Decimal belongs: use Decimal("5.0"), '
        "which is exact",
        '$.year_on_year.tolerance: a float (0.5) where a Decimal belongs: use Decimal("0.5"), '
        "which is exact",
        '$.kpis[0].baseline.value: a float (1.5) where a Decimal belongs: use Decimal("1.5"), '
        "which is exact",
        "$.kpis[0].observations[0].value: a float (0.1) where a Decimal belongs: "
        'use Decimal("0.1"), which is exact',
        "$.kpis[0].target.value: an int (2) where a Decimal belongs: use Decimal(2)",
        "$.kpis[0].interim_targets[0].value: a float (1.25) where a Decimal belongs: "
        'use Decimal("1.25"), which is exact',
    ]
    with pytest.raises(PlanError, match=r"\$\.path_tolerance: ここにはDecimalを渡してください"):
        evaluate(floaty(yonezawa))


def test_check_plan_refuses_a_float_in_a_reference_indicator() -> None:
    example = load_example("yonezawa_plan3")
    found = [
        (r, i)
        for r, review in enumerate(example.reviews)
        for i, initiative in enumerate(review.initiatives)
        if isinstance(initiative, Initiative) and initiative.reference_indicators
    ]
    r, i = found[0]
    initiative = example.reviews[r].initiatives[i]
    assert isinstance(initiative, Initiative)
    indicator = initiative.reference_indicators[0]
    changed = attrs.evolve(
        indicator,
        observations=(attrs.evolve(indicator.observations[0], value=wrong(3.0)),),
    )
    assert isinstance(changed, ReferenceIndicator)
    new_initiative = attrs.evolve(initiative, reference_indicators=(changed,))
    review = example.reviews[r]
    initiatives = list(review.initiatives)
    initiatives[i] = new_initiative
    bad = attrs.evolve(
        example,
        reviews=(
            *example.reviews[:r],
            attrs.evolve(review, initiatives=tuple(initiatives)),
            *example.reviews[r + 1 :],
        ),
    )
    location = f"$.reviews[{r}].initiatives[{i}].reference_indicators[0].observations[0].value"
    assert [str(problem.in_locale("en")) for problem in check_plan(bad)] == [
        f'{location}: a float (3.0) where a Decimal belongs: use Decimal("3.0"), which is exact'
    ]


def test_check_plan_refuses_other_wrong_types() -> None:
    good = small()
    bad = attrs.evolve(
        good,
        kpis=wrong(
            [attrs.evolve(good.kpis[0], observations=wrong(list(good.kpis[0].observations)))]
        ),
        locale=wrong(None),
        fiscal_year_start_month=True,
        fiscal_year_naming=wrong("end"),
        document=attrs.evolve(good.document, as_of=datetime.datetime(2025, 7, 1)),
        entries=(wrong("施策１"),),
    )
    assert [str(problem.in_locale("en")) for problem in check_plan(bad)] == [
        "$.document.as_of: a datetime (datetime.datetime(2025, 7, 1, 0, 0)) where a "
        "datetime.date belongs",
        "$.locale: None where a str belongs",
        "$.fiscal_year_start_month: a bool (True) where an int belongs",
        "$.fiscal_year_naming: a str ('end') where a FiscalYearNaming belongs: "
        "use FiscalYearNaming.END",
        "$.entries[0]: a str ('施策１') where an Entry belongs",
        "$.kpis: a list ([Kpi(number=4, name='KPI 4', unit='件', d…) where a tuple belongs",
    ]


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "json", "html", "csv"])
def test_text_no_report_can_hold_is_refused_in_a_plan_built_in_code(
    fmt: str, tmp_path: Path
) -> None:
    """As the loader refuses it in a file: XML (Word, Excel) cannot store a control character."""
    good = small()
    bad = attrs.evolve(
        good,
        municipality="米沢\x01市",
        kpis=(attrs.evolve(good.kpis[0], name="KPI\ufffe"), *good.kpis[1:]),
    )
    target = tmp_path / f"report.{fmt}"
    with pytest.raises(PlanError) as caught:
        export(bad, target)
    assert [str(problem.in_locale("en")) for problem in caught.value.problems] == [
        "$.municipality: character U+0001 at position 3 is not allowed in text",
        "$.kpis[0].name: character U+FFFE at position 4 is not allowed in text",
    ]
    assert not target.exists()


def test_check_plan_refuses_a_value_that_is_not_finite() -> None:
    good = small()
    bad = attrs.evolve(good, path_tolerance=Decimal("NaN"))
    assert [str(problem.in_locale("en")) for problem in check_plan(bad)] == [
        "$.path_tolerance: NaN is not a finite number"
    ]


def test_help_shows_what_a_plan_error_holds() -> None:
    text = pydoc.render_doc(PlanError, renderer=pydoc.TextDoc())
    assert "problems: a tuple of :class:`Problem`, each with its ``location``" in text
    assert "source: the file the plan was read from" in text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e999999999", "1E+999999999 is out of range: numbers must lie within 1e-100 and 1e100"),
        ("1.23456789012345678", "1.23456789012345678 has 18 digits; at most 15 are allowed"),
    ],
)
def test_a_number_beyond_the_loaders_bounds_is_refused_not_computed(
    value: str, message: str
) -> None:
    plan = planeval.load_example("minamiyama_plan6")
    built = plan.with_observation(kpi=1, year=2023, value=value, replace=True)
    expected = [f"$.kpis[0].observations[1].value: {message}"]
    assert [str(problem.in_locale("en")) for problem in check_plan(built)] == expected
    with pytest.raises(planeval.PlanError):
        planeval.evaluate(built)  # refused at once: 1e999999999 would never finish


def test_check_plan_gives_the_same_answer_every_time() -> None:
    plan = planeval.load_example("minamiyama_plan6")
    listed = attrs.evolve(plan, kpis=list(plan.kpis))  # type: ignore[arg-type]
    first = check_plan(listed)
    assert first
    assert check_plan(listed) == first
