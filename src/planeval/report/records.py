"""The evaluation as tidy records: one per KPI and fiscal year, in plain values and codes.

:func:`records` gives the rows the open-data CSV file holds (the ``csv``
format writes exactly these), as a list of dicts that pandas
(``pandas.DataFrame(rows)``) or polars (``polars.DataFrame(rows)``) take as
they are; planeval imports neither. A KPI has a row for each fiscal year the
plan records for it (with a value, a status or the reason there is none),
reference years before the plan included, in the plan's order of KPIs and
years. :data:`COLUMNS` names the keys, in order, with their types.

Values are plain: text, ``int``, ``bool``, exact :class:`~decimal.Decimal`
numbers as the plan gives them, and codes (``unpublished``,
``actual_over_target``, ``behind``) where the report would print words;
``None`` where there is nothing. Words come only where asked:
``records(evaluation, locale="ja")`` adds :data:`LABEL_COLUMNS`, the codes
worded in that language (未発表, 基準値がない).
"""

from __future__ import annotations

import enum
from typing import Literal

import attrs

from planeval.evaluation import Formula, KpiEvaluation, PlanEvaluation, Reason, YearRate
from planeval.limits import FIRST_YEAR, LAST_YEAR
from planeval.messages import render_message
from planeval.model import Kpi, Missing, Observation, PathStatus, Plan
from planeval.report.kpi_table import shows_path_status
from planeval.report.labels import LABELS, Labels
from planeval.report.phrases import Phrases

__all__ = [
    "COLUMNS",
    "LABEL_COLUMNS",
    "Column",
    "ColumnType",
    "Record",
    "kpi_id",
    "kpi_naming",
    "kpi_standing",
    "plan_identity",
    "records",
]

#: One row: its values by column name (:data:`COLUMNS`, then any :data:`LABEL_COLUMNS`).
Record = dict[str, object]

#: The types of a column's values, as a Frictionless Table Schema names them.
ColumnType = Literal["string", "integer", "number", "boolean"]


@attrs.frozen(kw_only=True)
class Column:
    """A column of the records (and of the CSV file): its name, type and meaning.

    ``type`` is the Table Schema type (``string``, ``integer``, ``number``,
    ``boolean``); ``title`` the column's Japanese heading; ``required`` says
    every row has a value; ``codes`` are the only values a code column
    takes; ``pattern``, ``minimum`` and ``maximum`` constrain the values.
    """

    name: str
    type: ColumnType
    title: str
    description: str
    required: bool = False
    codes: tuple[str, ...] = ()
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None


def _text(name: str, title: str, description: str, *, required: bool = False) -> Column:
    return Column(name=name, type="string", title=title, description=description, required=required)


def _code(name: str, title: str, description: str, kind: type[enum.Enum]) -> Column:
    codes = tuple(str(member.value) for member in kind)
    return Column(name=name, type="string", title=title, description=description, codes=codes)


def _number(name: str, title: str, description: str) -> Column:
    return Column(name=name, type="number", title=title, description=description)


def _flag(name: str, title: str, description: str) -> Column:
    return Column(name=name, type="boolean", title=title, description=description, required=True)


def _year(name: str, title: str, description: str, *, required: bool = True) -> Column:
    return Column(
        name=name,
        type="integer",
        title=title,
        description=description,
        required=required,
        minimum=FIRST_YEAR,
        maximum=LAST_YEAR,
    )


#: The records' columns, in order: the CSV file's header.
COLUMNS: tuple[Column, ...] = (
    Column(
        name="municipality_code",
        type="string",
        title="団体コード",
        description="The municipality's 全国地方公共団体コード (six digits), where given.",
        pattern="[0-9]{6}",
    ),
    _text("municipality", "市町村名", "The municipality whose plan it is.", required=True),
    _text("plan_title", "計画の名称", "The plan's title.", required=True),
    _year("plan_first_year", "計画期間の初年度", "The plan's first fiscal year."),
    _year("plan_last_year", "計画期間の最終年度", "The plan's last fiscal year."),
    _text(
        "kpi_id",
        "KPI ID",
        "The KPI across plans: the municipality code (where there is one), the plan's "
        "first and last fiscal years and the KPI number, joined by hyphens "
        "(062022-2021-2025-4).",
        required=True,
    ),
    Column(
        name="kpi_number",
        type="integer",
        title="KPI番号",
        description="The KPI's number in the plan.",
        required=True,
        minimum=1,
    ),
    _text("kpi_name", "指標名", "The KPI's name.", required=True),
    _text(
        "unit",
        "単位",
        "The unit of the KPI's figures (万円/人 for a ratio), without spaces around it; "
        "empty when unitless.",
    ),
    _year("fiscal_year", "年度", "The fiscal year of the row, by the year it starts in."),
    _flag(
        "reference_year",
        "参考年度",
        "true for a year before the plan's first, shown for reference (参考).",
    ),
    _number(
        "value",
        "値",
        "The year's value as the plan gives it, exactly (a stock's running total); "
        "empty when there is none.",
    ),
    _text(
        "status",
        "状態",
        "A qualitative KPI's status for the year: the code of a status category.",
    ),
    _code(
        "missing",
        "値がない理由",
        "Why the year has no value (unpublished: not yet published).",
        Missing,
    ),
    _text("note_id", "注記ID", "The id of the note the year refers to (注1)."),
    _text("note", "注記", "The text of that note."),
    _number(
        "rate",
        "達成率",
        "The year's rate in %, rounded as the plan rounds rates, by rate_formula; "
        "empty where none is computed.",
    ),
    _code(
        "rate_formula",
        "達成率の計算式",
        "What the rate is: actual / target, target / actual, from the baseline.",
        Formula,
    ),
    _code(
        "no_rate_reason",
        "達成率がない理由",
        "Why a year with a value or status has no rate.",
        Reason,
    ),
    _number("baseline_value", "基準値", "The KPI's baseline value, as the plan gives it."),
    _number(
        "target_value",
        "目標値",
        "The value the KPI's rates are measured against: its target (for a flow with a "
        "yearly target, that times the plan's years up to the target's year).",
    ),
    _year("target_fiscal_year", "目標年度", "The fiscal year the target is due.", required=False),
    _flag(
        "latest",
        "最新値",
        "true on the row of the KPI's latest value, which path_status and grade read.",
    ),
    _code(
        "path_status",
        "進捗状況",
        "Where the KPI stands against the path to its target, for a plan that grades or "
        "names path statuses; the same on each of the KPI's rows.",
        PathStatus,
    ),
    _text(
        "grade",
        "評価",
        "The KPI's grade, as the plan's grading names it; the same on its rows.",
    ),
)

#: The columns ``records(..., locale=...)`` adds: codes worded in one language.
LABEL_COLUMNS: tuple[Column, ...] = tuple(
    _text(f"{name}_label", title, description)
    for name, title, description in (
        ("status", "状態（表示）", "The status as the plan's status categories name it."),
        ("missing", "値がない理由（表示）", "Why there is no value, in words."),
        ("no_rate_reason", "達成率がない理由（表示）", "Why there is no rate, in words."),
        (
            "path_status",
            "進捗状況（表示）",
            "The path status, in the plan's words or the language's.",
        ),
    )
)


@attrs.frozen(kw_only=True)
class _Context:
    """What every row of one plan shares: its identification, its notes, the words asked for."""

    plan: Plan
    identity: Record
    notes: dict[str, str]
    phrases: Phrases | None


def records(evaluation: PlanEvaluation, *, locale: str | None = None) -> list[Record]:
    """The evaluation as tidy rows: one dict per KPI and fiscal year the plan records.

    The keys are :data:`COLUMNS`' names, in order; numbers are exact
    :class:`~decimal.Decimal` values, codes are strings, and ``None`` stands
    where there is nothing. With ``locale`` (``"ja"`` or ``"en"``), each row
    also has :data:`LABEL_COLUMNS`: the codes in that language's words.
    Raises :class:`ValueError` for a locale planeval has no words for.
    """
    plan = evaluation.plan
    context = _Context(
        plan=plan,
        identity=plan_identity(plan),
        notes={note.id: note.text for note in plan.notes if note.id is not None},
        phrases=None if locale is None else Phrases(plan, _labels(locale, plan)),
    )
    return [row for result in evaluation.kpis for row in _kpi_rows(result, context)]


def _labels(locale: str, plan: Plan) -> Labels:
    if locale not in LABELS:
        choices = ", ".join(LABELS)
        raise ValueError(
            render_message("locale.unknown", {"choices": choices, "locale": locale}, plan.locale)
        )
    return LABELS[locale]


def plan_identity(plan: Plan) -> Record:
    """The columns that name the plan: municipality code and name, title, first and last years."""
    return {
        "municipality_code": plan.municipality_code,
        "municipality": plan.municipality,
        "plan_title": plan.title,
        "plan_first_year": plan.period.first,
        "plan_last_year": plan.period.last,
    }


def kpi_id(plan: Plan, number: int) -> str:
    """The KPI's id across plans: code, first and last fiscal years, number (062022-2021-2025-4)."""
    parts = [plan.municipality_code, str(plan.period.first), str(plan.period.last), str(number)]
    return "-".join(part for part in parts if part)


def kpi_naming(plan: Plan, kpi: Kpi) -> Record:
    """The columns that name a KPI: its id across plans, its number, name and unit."""
    return {
        "kpi_id": kpi_id(plan, kpi.number),
        "kpi_number": kpi.number,
        "kpi_name": kpi.name,
        # The unit without the space a report prints before it (" kg" is kg).
        "unit": (f"{kpi.unit}/{kpi.unit_per}" if kpi.unit_per else kpi.unit).strip() or None,
    }


def _kpi_rows(result: KpiEvaluation, context: _Context) -> list[Record]:
    kpi, plan = result.kpi, context.plan
    shared: Record = {**context.identity, **kpi_naming(plan, kpi)}
    graded = kpi_standing(result, plan)
    years = {year.fiscal_year: year for year in result.years}
    rows = []
    for observation in kpi.observations:
        rate = years.get(observation.fiscal_year)
        row = {
            **shared,
            **_observed(observation, context),
            **_rated(rate),
            **graded,
            "latest": observation.fiscal_year == result.latest_year,
        }
        ordered = {column.name: row[column.name] for column in COLUMNS}
        if context.phrases is not None:
            ordered.update(_worded(observation, rate, result, context.phrases))
        rows.append(ordered)
    return rows


def _observed(observation: Observation, context: _Context) -> Record:
    note = observation.note
    return {
        "fiscal_year": observation.fiscal_year,
        "reference_year": observation.fiscal_year < context.plan.period.first,
        "value": observation.value,
        "status": observation.status,
        "missing": None if observation.missing is None else observation.missing.value,
        "note_id": note,
        "note": None if note is None else context.notes.get(note),
    }


def _rated(year: YearRate | None) -> Record:
    if year is None:
        return {"rate": None, "rate_formula": None, "no_rate_reason": None}
    return {
        "rate": year.rate,
        "rate_formula": None if year.formula is None else year.formula.value,
        "no_rate_reason": None if year.unavailable is None else year.unavailable.reason.value,
    }


def kpi_standing(result: KpiEvaluation, plan: Plan) -> Record:
    """The columns every row of a KPI shares: baseline, target, path status and grade."""
    kpi, status = result.kpi, result.path_status
    return {
        "baseline_value": None if kpi.baseline is None else kpi.baseline.value,
        "target_value": result.target_value,
        "target_fiscal_year": None if kpi.target is None else kpi.target.fiscal_year,
        "path_status": status.value if status is not None and shows_path_status(plan) else None,
        "grade": None if result.grade is None else result.grade.label,
    }


def _worded(
    observation: Observation, year: YearRate | None, result: KpiEvaluation, phrases: Phrases
) -> Record:
    missing, status = observation.missing, observation.status
    reason = None if year is None or year.unavailable is None else year.unavailable.reason
    path = result.path_status if shows_path_status(phrases.plan) else None
    return {
        "status_label": None if status is None else phrases.status(status),
        "missing_label": None if missing is None else phrases.labels.missing[missing],
        "no_rate_reason_label": None if reason is None else phrases.labels.reasons[reason],
        "path_status_label": None if path is None else phrases.path_status(path),
    }
