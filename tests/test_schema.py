"""The generated JSON Schema, checked with the jsonschema package."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from planeval import model
from planeval.errors import PlanError
from planeval.examples import example_names, example_path
from planeval.io import counts
from planeval.io.plan_files import EVALUATION_KEY, plan_from_json, plan_to_json
from planeval.io.upgrade import FORMAT_KEY, upgrade_data
from planeval.limits import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_ID_LENGTH,
    MAX_KPIS,
    MAX_NAME_LENGTH,
    MAX_ROUNDING_PLACES,
    MAX_UNIT_LENGTH,
    MAX_YEARS,
)
from planeval.model import Plan
from planeval.schema import plan_schema, year_pattern
from planeval.schema_text import FIELD_TEXT
from planeval.template import starter_plan
from planeval.testing import plans

from .test_plan_files import MINIMAL

# The schema describes the current format; MINIMAL is written in format 1.
CURRENT = json.loads(json.dumps(upgrade_data(copy.deepcopy(MINIMAL))[0], default=float))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = plan_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def messages(validator: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    """Every error's message, and those of the alternatives an anyOf tried."""
    found: list[str] = []
    pending = list(validator.iter_errors(data))
    while pending:
        error = pending.pop(0)
        found.append(error.message)
        pending.extend(error.context or [])
    return found


@pytest.mark.parametrize("name", example_names())
def test_every_example_validates(validator: jsonschema.Draft202012Validator, name: str) -> None:
    data = json.loads(example_path(name).read_text(encoding="utf-8"))
    assert messages(validator, data) == []


def test_the_starter_validates(validator: jsonschema.Draft202012Validator) -> None:
    assert messages(validator, json.loads(plan_to_json(starter_plan()))) == []


def test_the_minimal_test_plan_validates(validator: jsonschema.Draft202012Validator) -> None:
    assert messages(validator, CURRENT) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(colour="red"), "Additional properties are not allowed ('colour'"),
        (lambda d: d["kpis"][0].update(nickname="x"), "('nickname' was unexpected)"),
        (lambda d: d.pop("period"), "'period' is a required property"),
        (lambda d: d["kpis"][0].update(kind="stok"), "'stok' is not one of"),
        (lambda d: d["kpis"][0]["target"].update(value="1650"), "is not of type 'number'"),
        (lambda d: d["kpis"][0].update(name=""), "does not match"),
        (lambda d: d["kpis"][0].update(name="a\u0007b"), "does not match"),
        (lambda d: d["document"].update(as_of="R7.6.30"), "does not match"),
        (
            lambda d: d["kpis"][0]["baseline"].update(period={"fiscal_year": 2020, "x": 1}),
            "is not valid under any",
        ),
        (lambda d: d["period"].update(first=10**16), "is greater than the maximum"),
    ],
)
def test_the_schema_refuses_what_the_loader_refuses(
    validator: jsonschema.Draft202012Validator, change: Any, expected: str
) -> None:
    broken = copy.deepcopy(CURRENT)
    change(broken)
    assert any(expected in message for message in messages(validator, broken)), messages(
        validator, broken
    )


def test_an_exported_plan_with_its_evaluation_validates(
    validator: jsonschema.Draft202012Validator, tmp_path: Any
) -> None:
    import planeval

    path = planeval.export(planeval.load_example("yonezawa_plan3"), tmp_path / "y.json")
    assert messages(validator, json.loads(path.read_text(encoding="utf-8"))) == []


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans())
def test_every_generated_plan_validates(
    validator: jsonschema.Draft202012Validator, plan: Plan
) -> None:
    # Every field the strategies draw: formulas, zero targets, scales, statuses, …
    assert messages(validator, json.loads(plan_to_json(plan))) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["kpis"][0].update(unit=" "), "is not valid under any"),
        (lambda d: d["kpis"][0].update(scale="ratio"), "'ratio' is not one of"),
        (lambda d: d.update(zero_target="skip"), "'skip' is not one of"),
        (lambda d: d.update(year_on_year={"tolerance": "1"}), "is not of type 'number'"),
        (lambda d: d["kpis"][0]["observations"][0].update(status=1), "is not of type"),
    ],
)
def test_the_schema_refuses_bad_new_fields(
    validator: jsonschema.Draft202012Validator, change: Any, expected: str
) -> None:
    data = json.loads(json.dumps(MINIMAL, default=float))
    change(data)
    assert any(expected in message for message in messages(validator, data)), messages(
        validator, data
    )


def test_an_empty_unit_validates(validator: jsonschema.Draft202012Validator) -> None:
    data = copy.deepcopy(CURRENT)
    data["kpis"][0]["unit"] = ""
    del data["kpis"][0]["unit"]
    assert messages(validator, data) == []
    data["kpis"][0]["unit"] = ""
    assert messages(validator, data) == []


# -- descriptions ------------------------------------------------------------

_JAPANESE = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")


def _definitions(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every object the schema describes, the root Plan included, by class name."""
    return {"Plan": schema, **schema["$defs"]}


@pytest.mark.parametrize("locale", ["en", "ja"])
def test_every_property_is_described_in_english_and_japanese(locale: str) -> None:
    for name, definition in _definitions(plan_schema(locale)).items():
        for key, schema in definition["properties"].items():
            english, japanese = FIELD_TEXT[name][key]
            assert english.strip(), (name, key)
            assert _JAPANESE.search(japanese), (name, key)
            first, second = (japanese, english) if locale == "ja" else (english, japanese)
            assert schema["description"] == f"{first}\n{second}", (name, key)
            assert schema["markdownDescription"] == f"{first}\n\n{second}", (name, key)


def test_every_model_field_has_its_texts_and_no_text_is_left_over() -> None:
    # A field added to the model without its texts fails here (and plan_schema raises).
    definitions = _definitions(plan_schema())
    classes = {cls.__name__: cls for cls in vars(model).values() if attrs.has(cls)}
    assert set(FIELD_TEXT) == set(definitions)
    for name in definitions:
        fields = {field.name for field in attrs.fields(classes[name])}
        if name == "Plan":
            fields |= {FORMAT_KEY, EVALUATION_KEY}
        assert set(FIELD_TEXT[name]) == fields, name


def test_the_schema_in_japanese_first_is_printed_by_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "planeval", "schema", "--locale", "ja"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == plan_schema("ja")
    assert printed["$defs"]["FiscalYearPeriod"]["properties"]["fiscal_year"][
        "description"
    ].startswith("年度")
    assert plan_schema("ja") != plan_schema()


def test_an_unknown_locale_is_refused() -> None:
    with pytest.raises(ValueError, match="'fr'"):
        plan_schema("fr")


# -- limits --------------------------------------------------------------------


def test_the_year_pattern_matches_exactly_the_years_allowed() -> None:
    pattern = re.compile(f"^{year_pattern()}$")
    matched = [year for year in range(10_000) if pattern.match(f"{year:04d}")]
    assert matched == list(range(FIRST_YEAR, LAST_YEAR + 1))
    odd = re.compile(f"^{year_pattern(1234, 5678)}$")
    assert [y for y in range(1000, 10_000) if odd.match(str(y))] == list(range(1234, 5679))


def _loader_refuses(data: Any) -> bool:
    try:
        plan_from_json(json.dumps(data, ensure_ascii=False))
    except PlanError:
        return True
    return False


_LONG = "x" * 41


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: d["period"].update(first=FIRST_YEAR - 1), id="period-first"),
        pytest.param(lambda d: d["period"].update(last=LAST_YEAR + 1), id="period-last"),
        pytest.param(
            lambda d: d["kpis"][0]["observations"][0].update(fiscal_year=FIRST_YEAR - 1),
            id="observation",
        ),
        pytest.param(
            lambda d: d["kpis"][0]["target"].update(fiscal_year=LAST_YEAR + 1), id="target"
        ),
        pytest.param(
            lambda d: d["kpis"][0].update(
                interim_targets=[{"fiscal_year": FIRST_YEAR - 1, "value": 1}]
            ),
            id="interim-target",
        ),
        pytest.param(
            lambda d: d["kpis"][0]["baseline"].update(period={"fiscal_year": 1899}),
            id="baseline-year",
        ),
        pytest.param(
            lambda d: d["kpis"][0]["baseline"].update(
                period={"first": "1899-01", "last": "2018-12"}
            ),
            id="baseline-month-year",
        ),
        pytest.param(
            lambda d: d["kpis"][0]["baseline"].update(
                period={"first": "2018-01", "last": "2018-13"}
            ),
            id="month-13",
        ),
        pytest.param(
            lambda d: d["kpis"][0].update(scopes=[{"text": "all", "since": LAST_YEAR + 1}]),
            id="scope-since",
        ),
        pytest.param(
            lambda d: d["reviews"][0]["initiatives"][0].update(years={"first": 1899}),
            id="initiative-years",
        ),
        pytest.param(lambda d: d["document"].update(as_of="2201-01-01"), id="as-of"),
        pytest.param(lambda d: d.update(fiscal_year_start_month=13), id="start-month-13"),
        pytest.param(lambda d: d.update(fiscal_year_start_month=0), id="start-month-0"),
        pytest.param(
            lambda d: d.update(rounding={"places": MAX_ROUNDING_PLACES + 1}), id="rounding"
        ),
        pytest.param(lambda d: d["kpis"][0].update(unit="円" * (MAX_UNIT_LENGTH + 1)), id="unit"),
        pytest.param(
            lambda d: d["kpis"][0].update(unit_per="人" * (MAX_UNIT_LENGTH + 1)), id="unit-per"
        ),
        pytest.param(
            lambda d: d["levels"][0].update(name="基" * (MAX_NAME_LENGTH + 1)), id="level-name"
        ),
        pytest.param(lambda d: d.update(indicators="指" * (MAX_NAME_LENGTH + 1)), id="indicators"),
        pytest.param(lambda d: d["notes"][0].update(id="注" * (MAX_ID_LENGTH + 1)), id="note-id"),
        pytest.param(
            lambda d: d["reviews"][0]["initiatives"][1].update(repeat_of=_LONG), id="repeat-of"
        ),
        pytest.param(lambda d: d.update(municipality_code="62022"), id="code-short"),
        pytest.param(lambda d: d.update(municipality_code="06202a"), id="code-letter"),
        pytest.param(lambda d: d.update(municipality_code="０６２０２２"), id="code-wide"),
        pytest.param(lambda d: d.update(locale="fr"), id="locale"),
        pytest.param(
            lambda d: d.update(direction_categories=[{"code": "拡充", "colour": "red"}]),
            id="colour",
        ),
        pytest.param(lambda d: d.update(path_tolerance=-1), id="path-tolerance"),
        pytest.param(
            lambda d: d["kpis"][0].update(
                observations=[
                    {"fiscal_year": year, "missing": "not_collected"}
                    for year in range(1950, 1950 + MAX_YEARS + 1)
                ]
            ),
            id="too-many-observations",
        ),
        pytest.param(lambda d: d.update(kpis=d["kpis"] * (MAX_KPIS + 1)), id="too-many-kpis"),
    ],
)
def test_the_schema_holds_the_loaders_limits(
    validator: jsonschema.Draft202012Validator, change: Any
) -> None:
    assert messages(validator, CURRENT) == []
    broken = copy.deepcopy(CURRENT)
    change(broken)
    assert messages(validator, broken), "the schema accepts it"
    assert _loader_refuses(broken), "the loader accepts it"


def test_the_limits_themselves_validate(validator: jsonschema.Draft202012Validator) -> None:
    data = copy.deepcopy(CURRENT)
    data.update(
        period={"first": FIRST_YEAR, "last": LAST_YEAR},
        municipality_code="062022",
        fiscal_year_start_month=12,
        rounding={"places": MAX_ROUNDING_PLACES},
        locale="en",
        indicators="指" * MAX_NAME_LENGTH,
    )
    data["document"]["as_of"] = f"{LAST_YEAR}-12-31"
    data["kpis"][0].update(unit="円" * MAX_UNIT_LENGTH, unit_per="人" * MAX_UNIT_LENGTH)
    data["notes"][0]["id"] = "注" * MAX_ID_LENGTH
    data["kpis"][0]["baseline"]["period"] = {"first": f"{FIRST_YEAR}-01", "last": "2018-12"}
    assert messages(validator, data) == []


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    """The object definitions a property's schema (a $ref, an anyOf of them) stands for."""
    if "$ref" in node:
        return [schema["$defs"][node["$ref"].rsplit("/", 1)[1]]]
    return [found for option in node.get("anyOf", []) for found in _resolve(schema, option)]


def _check_counts(
    schema: dict[str, Any],
    definitions: list[dict[str, Any]],
    shape: Any,
    seen: list[str],
    path: str,
) -> None:
    for key, inner in shape.keys.items():
        holders = [d for d in definitions if key in d["properties"]]
        assert holders, f"{path}.{key}"
        for holder in holders:
            node = holder["properties"][key]
            if isinstance(inner, counts._List):
                assert node["maxItems"] == inner.limit, f"{path}.{key}"
                seen.append(f"{path}.{key}")
                if inner.items:
                    _check_counts(
                        schema,
                        _resolve(schema, node["items"]),
                        counts._Object(inner.items),
                        seen,
                        f"{path}.{key}[]",
                    )
            else:
                _check_counts(schema, _resolve(schema, node), inner, seen, f"{path}.{key}")


def test_every_list_the_loader_counts_has_the_same_most_items() -> None:
    schema = plan_schema()
    seen: list[str] = []
    _check_counts(schema, [schema], counts._PLAN, seen, "$")
    assert "$.entries[].kpis" in seen
    assert "$.reviews[].initiatives[].reference_indicators" in seen
