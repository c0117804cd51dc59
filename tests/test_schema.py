"""The generated JSON Schema, checked with the jsonschema package."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from planeval.examples import example_names, example_path
from planeval.io.plan_files import plan_to_json
from planeval.io.upgrade import upgrade_data
from planeval.model import Plan
from planeval.schema import plan_schema
from planeval.template import starter_plan

from .strategies import plans
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
