"""The computed evaluation as JSON: written by the JSON exporter, checked when a plan is loaded.

A plan file may carry the section the JSON exporter writes
(:data:`~planeval.io.plan_files.EVALUATION_KEY`); it is never read as
figures, only compared with a fresh evaluation.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from planeval.errors import Problem
from planeval.evaluation import (
    KpiEvaluation,
    PlanEvaluation,
    Unavailable,
    YearOnYearChange,
    YearRate,
    evaluate,
)
from planeval.io.json_text import describe, parse_json, to_json_text
from planeval.io.plan_files import EVALUATION_KEY, unstructure_plan
from planeval.model import Plan

__all__ = ["evaluation_differences", "evaluation_to_data", "evaluation_to_json"]


def _unavailable_data(unavailable: Unavailable | None) -> dict[str, Any] | None:
    if unavailable is None:
        return None
    return {
        "reason": unavailable.reason.value,
        "fiscal_year": unavailable.fiscal_year,
    }


def _rate_text(rate: Decimal | None) -> str | None:
    return None if rate is None else str(rate)


def _year_data(year: YearRate) -> dict[str, Any]:
    return {
        "fiscal_year": year.fiscal_year,
        "value": year.value,
        "status": year.status,
        "progress": year.progress,
        "rate": _rate_text(year.rate),
        "formula": None if year.formula is None else year.formula.value,
        "unavailable": _unavailable_data(year.unavailable),
    }


def _year_on_year_data(change: YearOnYearChange | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {
        "fiscal_year": change.fiscal_year,
        "previous_year": change.previous_year,
        "value": change.value,
        "previous_value": change.previous_value,
        "change": change.change,
        "change_rate": _rate_text(change.change_rate),
        "movement": change.movement.value,
        "improvement": change.improvement.value,
        "arrow": change.arrow.value,
    }


def _kpi_evaluation_data(result: KpiEvaluation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kpi": result.kpi.number,
        "method": result.method.value,
        "latest_year": result.latest_year,
        "latest_value": result.latest_value,
        "latest_status": result.latest_status,
        "progress": result.progress,
        "target_value": result.target_value,
        # The old name of the rate, kept for the scripts that read it.
        "achievement_rate": _rate_text(result.rate),
        "rate": _rate_text(result.rate),
        "formula": None if result.formula is None else result.formula.value,
        "unavailable": _unavailable_data(result.unavailable),
    }
    data["expected_value"] = result.expected_value
    data["path_status"] = None if result.path_status is None else result.path_status.value
    data["grade"] = (
        None
        if result.grade is None
        else {"label": result.grade.label, "colour": result.grade.colour, "rule": result.grade.rule}
    )
    if result.running_totals:
        data["running_totals"] = [
            {"fiscal_year": total.fiscal_year, "total": total.value}
            for total in result.running_totals
        ]
    data["years"] = [_year_data(year) for year in result.years]
    data["year_on_year"] = _year_on_year_data(result.year_on_year)
    return data


def evaluation_to_data(evaluation: PlanEvaluation) -> dict[str, Any]:
    """Turn computed figures into plain data: per KPI, rates as decimal strings.

    Each KPI's ``rate`` is given with its ``formula`` (and again under its
    old name ``achievement_rate``), and ``years`` gives every year with a
    value, with its rate.
    """
    return {"kpis": [_kpi_evaluation_data(result) for result in evaluation.kpis]}


def evaluation_to_json(evaluation: PlanEvaluation) -> str:
    """Write the plan as its plan file does, plus the computed evaluation in its own section.

    Loading the text gives back an equal plan; the section is checked
    against a fresh evaluation, never trusted.
    """
    data = unstructure_plan(evaluation.plan)
    data[EVALUATION_KEY] = evaluation_to_data(evaluation)
    return to_json_text(data)


def evaluation_differences(plan: Plan, stored: object, *, older: bool = False) -> list[Problem]:
    """Compare a stored evaluation section with a fresh evaluation of ``plan``.

    Returns the first place where they differ, as a problem located under
    ``$.computed_evaluation``, or nothing when they agree. ``older`` says the
    section was written by an older format, which computed fewer figures:
    the figures it lacks are not missed, but every one it has must agree.
    """
    # Written and read back, so that the fresh figures take the types (Decimal,
    # list) that the stored section was parsed into.
    fresh = parse_json(to_json_text(evaluation_to_data(evaluate(plan))))
    return list(_differences(stored, fresh, f"$.{EVALUATION_KEY}", older))


def _same_keys(given: dict[str, Any], fresh: dict[str, Any], older: bool) -> bool:
    return given.keys() <= fresh.keys() if older else given.keys() == fresh.keys()


def _without_words(given: object, path: str) -> object:
    """A stored reason for a missing rate without the English words exports once wrote with it.

    Format 2 exports before problem codes wrote ``message`` beside ``reason``:
    words, not figures, so it is left out of the comparison.
    """
    if path.endswith(".unavailable") and isinstance(given, dict):
        return {key: value for key, value in given.items() if key != "message"}
    return given


def _differences(given: object, fresh: object, path: str, older: bool) -> Iterator[Problem]:
    """Report the first place where a stored evaluation differs from a fresh one."""
    given = _without_words(given, path)
    pairs: list[tuple[str, object, object]] = []
    if isinstance(fresh, dict) and isinstance(given, dict) and _same_keys(given, fresh, older):
        pairs = [(f"{path}.{key}", given[key], fresh[key]) for key in given]
    elif isinstance(fresh, list) and isinstance(given, list) and len(given) == len(fresh):
        pairs = [
            (f"{path}[{index}]", given_item, fresh_item)
            for index, (given_item, fresh_item) in enumerate(zip(given, fresh, strict=True))
        ]
    elif given == fresh and isinstance(given, bool) == isinstance(fresh, bool):
        return
    else:
        params = {"given": describe(given), "fresh": describe(fresh)}
        yield Problem(location=path, code="evaluation.differs", params=params)
        return
    for item_path, given_item, fresh_item in pairs:
        first = next(_differences(given_item, fresh_item, item_path, older), None)
        if first is not None:
            yield first
            return
