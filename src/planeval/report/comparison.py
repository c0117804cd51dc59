"""Plans side by side: one row per KPI, in plain values and codes (``planeval compare``).

:func:`comparison_rows` gives one plan's rows; the rows of many plans, one
after another, are the comparison's table, which ``planeval compare`` writes
as a workbook or a CSV file. A row names the plan file, the municipality and
the plan, the entry the KPI is attached to, the KPI, its baseline, its
latest year with a value, its target, and the rate, path status and grade
exactly as the engine computed them (:class:`~planeval.evaluation.KpiEvaluation`):
nothing is recomputed or rounded again. :data:`COMPARISON_COLUMNS` names the
keys, in order, with their types; the columns it shares with the CSV file's
records (:data:`~planeval.report.records.COLUMNS`) are the same columns.
"""

from __future__ import annotations

from typing import Any

import attrs

from planeval.evaluation import KpiEvaluation, PlanEvaluation
from planeval.model import Baseline, Entry, FiscalYearPeriod, Kpi, Plan
from planeval.report.records import (
    COLUMNS,
    Column,
    Record,
    kpi_naming,
    kpi_standing,
    plan_identity,
)
from planeval.structure import attached_level, placed_entries

__all__ = ["COMPARISON_COLUMNS", "comparison_rows"]

_SHARED = {column.name: column for column in COLUMNS}


def _shared(*names: str) -> tuple[Column, ...]:
    return tuple(_SHARED[name] for name in names)


def _like(shared: str, **changes: Any) -> Column:
    """A column shaped as the records' column ``shared`` (type, codes, bounds), with ``changes``."""
    return attrs.evolve(_SHARED[shared], **changes)


def _text(name: str, title: str, description: str) -> Column:
    """Text that may be empty, as ``status`` is."""
    return _like("status", name=name, title=title, description=description)


def _year(name: str, title: str, description: str) -> Column:
    """A fiscal year that may be empty, as ``target_fiscal_year`` is."""
    return _like("target_fiscal_year", name=name, title=title, description=description)


#: The comparison's columns, in order: the header of its sheet and of its CSV file.
COMPARISON_COLUMNS: tuple[Column, ...] = (
    _like(
        "municipality",  # text, required
        name="plan_file",
        title="計画ファイル",
        description="The plan file, as its path from the folder the compared files share.",
    ),
    *_shared("municipality_code", "municipality", "plan_title"),
    *_shared("plan_first_year", "plan_last_year"),
    _text(
        "entry_level",
        "階層",
        "The level of the entry the KPI is attached to (基本戦略); "
        "empty for a KPI of the whole plan.",
    ),
    _like(
        "kpi_number",
        name="entry_number",
        title="番号",
        description="That entry's number.",
        required=False,
    ),
    _text("entry_title", "名称", "That entry's title."),
    *_shared("kpi_id", "kpi_number", "kpi_name", "unit"),
    _year(
        "baseline_fiscal_year",
        "基準年度",
        "The fiscal year the baseline was measured in; empty for a span of months.",
    ),
    _like(
        "status",
        name="baseline_months",
        title="基準期間（月）",
        description="The months the baseline was measured over, first and last "
        "(2018-01/2018-12), where it is a span of months.",
        pattern="[0-9]{4}-[0-9]{2}/[0-9]{4}-[0-9]{2}",
    ),
    *_shared("baseline_value"),
    _year(
        "latest_fiscal_year",
        "最新年度",
        "The fiscal year of the latest value (or status) the rate is computed from.",
    ),
    _like(
        "value",
        name="latest_value",
        title="最新値",
        description="That year's value, as the plan gives it (a stock's running total); "
        "the rate measures the progress it makes, by rate_formula.",
    ),
    _text(
        "latest_status",
        "最新の状態",
        "A qualitative KPI's status in that year: the code of a status category.",
    ),
    *_shared("target_fiscal_year", "target_value"),
    _like(
        "rate",
        description="The KPI's rate in %, exactly as the engine computed it (rounded as "
        "the plan rounds rates); empty where none is computed.",
    ),
    *_shared("rate_formula"),
    _like("no_rate_reason", description="Why the KPI has no rate."),
    _like(
        "path_status",
        description="Where the KPI stands against the path to its target, for a plan that "
        "grades or names path statuses.",
    ),
    _like("grade", description="The KPI's grade, as the plan's grading names it."),
)


def comparison_rows(evaluation: PlanEvaluation, plan_file: str) -> list[Record]:
    """One row per KPI of the evaluated plan, read from ``plan_file``, in the plan's order.

    The keys are :data:`COMPARISON_COLUMNS`' names, in order; numbers are
    the engine's exact :class:`~decimal.Decimal` values, codes are strings,
    and ``None`` stands where there is nothing.
    """
    plan = evaluation.plan
    shared = {"plan_file": plan_file, **plan_identity(plan)}
    entries = _entries(plan)
    rows = []
    for result in evaluation.kpis:
        row = {
            **shared,
            **_attached(result.kpi, plan, entries),
            **kpi_naming(plan, result.kpi),
            **_evaluated(result),
            **kpi_standing(result, plan),
        }
        rows.append({column.name: row.get(column.name) for column in COMPARISON_COLUMNS})
    return rows


def _entries(plan: Plan) -> dict[tuple[int, int], Entry]:
    """The plan's entries by their level (from 0) and number."""
    return {(placed.level, placed.entry.number): placed.entry for placed in placed_entries(plan)}


def _attached(kpi: Kpi, plan: Plan, entries: dict[tuple[int, int], Entry]) -> Record:
    reference, level = kpi.attached_to, attached_level(plan, kpi)
    if reference is None or level is None:
        return {}
    entry = entries.get((level, reference.number))
    return {
        "entry_level": reference.level,
        "entry_number": reference.number,
        "entry_title": None if entry is None else entry.title,
    }


def _evaluated(result: KpiEvaluation) -> Record:
    unavailable = result.unavailable
    return {
        **_baseline(result.kpi.baseline),
        "latest_fiscal_year": result.latest_year,
        "latest_value": result.latest_value,
        "latest_status": result.latest_status,
        "rate": result.rate,
        "rate_formula": None if result.formula is None else result.formula.value,
        "no_rate_reason": None if unavailable is None else unavailable.reason.value,
    }


def _baseline(baseline: Baseline | None) -> Record:
    if baseline is None:
        return {}
    period = baseline.period
    if isinstance(period, FiscalYearPeriod):
        return {"baseline_fiscal_year": period.fiscal_year}
    first, last = period.first, period.last
    months = f"{first.year:04d}-{first.month:02d}/{last.year:04d}-{last.month:02d}"
    return {"baseline_months": months}
