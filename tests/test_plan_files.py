from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planeval
from planeval.errors import PlanError
from planeval.io.json_text import parse_json, to_json_text
from planeval.io.plan_files import plan_from_json, plan_to_json, structure_plan, unstructure_plan
from planeval.limits import MAX_MAGNITUDE_EXPONENT

from .conftest import YONEZAWA

MINIMAL: dict[str, Any] = {
    "municipality": "Testville",
    "title": "Test plan",
    "document": {"title": "Evaluation", "as_of": "2025-06-30"},
    "period": {"first": 2021, "last": 2025},
    "notes": [{"text": "note one", "id": "注1"}],
    "strategies": [
        {
            "number": 1,
            "title": "Strategy",
            "measures": [{"number": 1, "title": "Measure", "priority": True, "kpis": [1]}],
        }
    ],
    "kpis": [
        {
            "number": 1,
            "name": "Jobs",
            "unit": "人",
            "kind": "stock",
            "baseline": {"value": 10, "period": {"fiscal_year": 2020}},
            "observations": [
                {"fiscal_year": 2020, "value": 10},
                {"fiscal_year": 2021, "value": 12, "increment": 2},
                {"fiscal_year": 2022, "missing": "unpublished", "note": "注1"},
            ],
            "target": {"value": Decimal("20.0"), "fiscal_year": 2025},
        }
    ],
    "reviews": [
        {
            "measures": [1],
            "initiatives": [
                {"id": "first", "title": "Seminars", "paragraphs": ["Held seminars."]},
                {"repeat_of": "first"},
            ],
            "issues": [{"text": "Too few people", "id": "people"}, {"repeat_of": "people"}],
            "direction": {"category": "継続", "items": [{"text": "Go on."}]},
        }
    ],
}


def mutated(path: str, value: Any) -> dict[str, Any]:
    """MINIMAL with the value at a dotted path replaced (``...`` deletes the key)."""
    data = copy.deepcopy(MINIMAL)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    key: Any = int(last) if last.isdigit() else last
    if value is ...:
        del node[key]
    else:
        node[key] = value
    return data


def problems_of(data: object) -> list[str]:
    with pytest.raises(PlanError) as caught:
        structure_plan(data)
    return [str(problem.in_locale("en")) for problem in caught.value.problems]


def test_minimal_plan_loads() -> None:
    plan = structure_plan(copy.deepcopy(MINIMAL))
    assert plan.kpis[0].target is not None
    assert plan.kpis[0].target.value == Decimal("20.0")


BAD_VALUES = [
    ("kpis.0.target.value", "abc", "$.kpis[0].target.value: expected a number, got 'abc'"),
    ("kpis.0.target.value", True, "$.kpis[0].target.value: expected a number, got true"),
    ("kpis.0.target.value", None, "$.kpis[0].target.value: expected a number, got null"),
    ("kpis.0.target.fiscal_year", "2025", "$.kpis[0].target.fiscal_year: expected a whole number"),
    (
        "kpis.0.target.fiscal_year",
        Decimal("2025.5"),
        "$.kpis[0].target.fiscal_year: expected a whole number, got 2025.5",
    ),
    ("kpis.0.name", 12, "$.kpis[0].name: expected text, got 12"),
    ("kpis.0.name", "", "$.kpis[0].name: expected text, got an empty string"),
    ("kpis.0.name", "a\x00b", "$.kpis[0].name: character U+0000 at position 2"),
    ("kpis.0.name", "a\rb", "$.kpis[0].name: character U+000D"),
    ("kpis.0.name", "\ud800", "$.kpis[0].name: character U+D800"),
    ("kpis.0.name", "x" * 32_001, "$.kpis[0].name: text is 32001 characters long; at most 32000"),
    ("kpis.0.unit", "x" * 41, "$.kpis[0].unit: a unit of 41 characters; at most 40"),
    (
        "kpis.0.scopes",
        [{"text": "x" * 20_000}, {"text": "y" * 20_000}],
        "$.kpis[0]: its name, scopes and source come to 40044 characters",
    ),
    (
        "reviews.0.initiatives.0.paragraphs",
        ["x" * 20_000, "y" * 20_000],
        "$.reviews[0].initiatives[0]: its paragraphs and details come to 40001",
    ),
    ("kpis.0.kind", "stok", "$.kpis[0].kind: expected one of 'level', 'flow', 'stock', got 'stok'"),
    ("kpis.0.observations", "abc", "$.kpis[0].observations: expected a list, got 'abc'"),
    ("kpis.0.observations.0", 5, "$.kpis[0].observations[0]: expected an object, got 5"),
    ("kpis.0.target.value", Decimal("1234567890.1234567"), "has 17 digits; at most 15"),
    ("kpis.0.target.value", Decimal("1e400"), "out of range"),
    ("kpis.0.target.value", Decimal("1e101"), "out of range"),
    ("kpis.0.target.value", Decimal("-1e-101"), "out of range"),
    ("kpis.0.target.value", 10**16, "has 17 digits"),
    ("strategies.0.measures.0.priority", "false", "expected true or false, got 'false'"),
    ("document.as_of", "2025-02-30", "$.document.as_of: '2025-02-30' is not a date"),
    ("document.as_of", "R7.6.30", "$.document.as_of: expected a date as YYYY-MM-DD"),
    ("kpis.0.baseline.period", {"from": 1}, "$.kpis[0].baseline.period: expected a period"),
    ("kpis.0.nickname", "x", "$.kpis[0].nickname: unknown key"),
    ("kpis.0.name", ..., "$.kpis[0].name: required key missing"),
    ("period", ..., "$.period: required key missing"),
    # Checks across the plan.
    ("kpis.0.target.fiscal_year", 2026, "$.kpis[0].target.fiscal_year: 2026 is after the plan"),
    ("kpis.0.target.fiscal_year", 2020, "$.kpis[0].target.fiscal_year: 2020 is before the plan"),
    ("kpis.0.observations.0.fiscal_year", 1899, "fiscal_year: 1899 is outside 1900–2200"),
    ("kpis.0.observations.2.note", "注9", "$.kpis[0].observations[2].note: there is no note"),
    ("kpis.0.observations.1.increment", 3, "so the year's count is 2, not 3"),
    ("kpis.0.observations.1.fiscal_year", 2020, "fiscal year 2020 is given more than once"),
    ("kpis.0.observations.2", {"fiscal_year": 2022}, "needs a value, or missing"),
    ("strategies.0.measures.0.kpis", [7], "$.strategies[0].measures[0].kpis[0]: there is no KPI 7"),
    ("reviews.0.measures", [9], "$.reviews[0].measures[0]: there is no 施策 9"),
    ("reviews.0.initiatives.1", {"repeat_of": "nope"}, "no item with id 'nope' comes before it"),
    ("reviews.0.issues.1", {"repeat_of": "first"}, "'first' is an initiative, not an issue"),
    ("reviews.0.issues.1", {"text": "x", "id": "first"}, "id 'first' is used more than once"),
    ("period.first", 2026, "$.period: the first fiscal year 2026 is after the last 2025"),
    ("fiscal_year_start_month", 13, "$.fiscal_year_start_month: 13 is not a month"),
    ("kpis.0.target.per_year", True, "a per-year target needs a flow KPI"),
]


@pytest.mark.parametrize(("path", "value", "expected"), BAD_VALUES)
def test_bad_values_are_refused_with_their_path(path: str, value: Any, expected: str) -> None:
    problems = problems_of(mutated(path, value))
    assert any(expected in problem for problem in problems), problems


def test_every_problem_is_reported_at_once() -> None:
    data = mutated("kpis.0.name", 1)
    data["municipality"] = None
    data["kpis"][0]["unit"] = 2
    assert problems_of(data) == [
        "$.municipality: expected text, got null",
        "$.kpis[0].name: expected text, got 1",
        "$.kpis[0].unit: expected text, got 2",
    ]


def test_duplicate_numbers_are_refused() -> None:
    data = copy.deepcopy(MINIMAL)
    data["kpis"].append(copy.deepcopy(data["kpis"][0]))
    assert "$.kpis[1].number: KPI number 1 is given more than once" in problems_of(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"title": NaN}', "$.title: expected text, got NaN"),
        ('{"a": 1,', "line 1, column 9: not valid JSON"),
        ("", "line 1, column 1: not valid JSON"),
        ('{"title": "a", "title": "b"}', "$.title: key given more than once"),
    ],
)
def test_text_that_is_not_a_plan(text: str, expected: str) -> None:
    with pytest.raises(PlanError) as caught:
        plan_from_json(text)
    assert expected in str(caught.value.in_locale("en"))


def test_nan_and_infinity_are_refused_with_their_path() -> None:
    text = to_json_text(MINIMAL).replace('"value": 20.0', '"value": Infinity')
    with pytest.raises(PlanError) as caught:
        plan_from_json(text)
    assert [str(p.in_locale("en")) for p in caught.value.problems] == [
        "$.kpis[0].target.value: expected a number, got Infinity"
    ]


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    with pytest.raises(PlanError, match=r"missing\.json: ファイルを読み込めません"):
        planeval.load_plan(missing)
    with pytest.raises(PlanError, match="ファイルを読み込めません"):
        planeval.load_plan(tmp_path)
    shift_jis = tmp_path / "sjis.json"
    shift_jis.write_bytes(json.dumps({"title": "米沢市"}, ensure_ascii=False).encode("shift_jis"))
    with pytest.raises(PlanError, match=r"このファイルはShift_JIS \(cp932\)で保存されています"):
        planeval.load_plan(shift_jis)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + to_json_text(MINIMAL).encode())
    assert planeval.load_plan(path).title == "Test plan"


def test_numbers_are_written_back_as_read(tmp_path: Path) -> None:
    plan = structure_plan(parse_json(to_json_text(MINIMAL)))
    text = plan_to_json(plan)
    assert '"value": 20.0' in text
    assert '"value": 10,' in text or '"value": 10\n' in text
    path = tmp_path / "plan.json"
    planeval.dump_plan(plan, path)
    assert planeval.load_plan(path) == plan
    assert path.read_text(encoding="utf-8") == text


def test_yonezawa_file_is_written_back_byte_for_byte() -> None:
    text = YONEZAWA.read_text(encoding="utf-8")
    assert plan_to_json(plan_from_json(text)) == text


def test_defaults_are_left_out_and_japanese_is_written_as_is() -> None:
    text = plan_to_json(plan_from_json(YONEZAWA.read_text(encoding="utf-8")))
    assert "米沢市" in text
    assert "\\u" not in text
    assert '"polarity"' not in text


finite_decimals = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda d: (
        len(d.as_tuple().digits) <= 15 and (not d or abs(d.adjusted()) <= MAX_MAGNITUDE_EXPONENT)
    )
)


@given(value=finite_decimals)
def test_numbers_round_trip_exactly(value: Decimal) -> None:
    data = mutated("kpis.0.target.value", value)
    plan = structure_plan(parse_json(to_json_text(data)))
    assert plan.kpis[0].target is not None
    written = plan.kpis[0].target.value
    assert written == value
    assert str(written) == str(value)
    again = plan_from_json(plan_to_json(plan))
    assert again == plan
    assert to_json_text(unstructure_plan(again)) == plan_to_json(plan)


texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\t\n米沢（再掲）"),
    min_size=1,
).filter(str.strip)


@given(name=texts)
def test_text_round_trips_exactly(name: str) -> None:
    plan = structure_plan(mutated("kpis.0.name", name))
    assert plan_from_json(plan_to_json(plan)).kpis[0].name == name


_JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec="utf-8"))
)
_JSON_DATA = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(data=_JSON_DATA)
def test_json_text_reads_back_as_written(data: object) -> None:
    assert parse_json(to_json_text(data)) == data


@settings(max_examples=200, deadline=None)
@given(data=st.lists(_JSON_SCALARS.filter(lambda v: not isinstance(v, Decimal)), max_size=6))
def test_a_flat_list_is_written_on_one_line_as_the_standard_encoder_writes_it(
    data: list[object],
) -> None:
    standard = json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
    assert to_json_text(data) == standard + "\n"
    assert to_json_text({"key": data}) == f'{{\n  "key": {standard}\n}}\n'


def test_nested_data_takes_a_member_a_line_and_decimals_stay_as_read() -> None:
    data = {"a": [{"x": Decimal("1.0"), "y": None}, {"x": Decimal("2E+3"), "y": True}], "b": [[1]]}
    assert to_json_text(data) == (
        '{\n  "a": [\n    {"x": 1.0, "y": null},\n    {"x": 2E+3, "y": true}\n  ],\n'
        '  "b": [\n    [1]\n  ]\n}\n'
    )


def test_json_text_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(TypeError, match="cannot write float as JSON"):
        to_json_text({"value": 1.5})
    with pytest.raises(TypeError, match="cannot write a key of int as JSON"):
        to_json_text({1: "one"})
