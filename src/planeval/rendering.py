"""How the pieces of a plan read in a report, shared by every exporter.

The marks a document prints -- 累計, 過去累計, 延べ, /年, 未発表(注1), （再掲）,
（Ｒ５～） -- are rendered here from the model and a :class:`~planeval.labels.Labels`
set, never stored in the plan.
"""

from __future__ import annotations

from decimal import Decimal

from planeval.evaluation import KpiEvaluation
from planeval.formatting import format_number, fullwidth
from planeval.labels import Labels
from planeval.model import (
    FiguresBy,
    FiscalYearPeriod,
    Kpi,
    KpiKind,
    Method,
    Note,
    Observation,
    Plan,
    Polarity,
    YearSpan,
)
from planeval.periods import FiscalYearStyle, label_fiscal_year, label_month_range

__all__ = [
    "baseline_period_text",
    "baseline_text",
    "fiscal_year_text",
    "increment_text",
    "kpi_title_lines",
    "missing_text",
    "note_text",
    "observation_text",
    "quantity_text",
    "rate_caption",
    "rate_text",
    "running_total_prefix",
    "running_total_text",
    "scope_text",
    "source_text",
    "target_text",
    "target_total_text",
    "unit_text",
    "value_text",
    "year_span_text",
]


def fiscal_year_text(
    year: int, plan: Plan, style: FiscalYearStyle = FiscalYearStyle.ERA_SHORT
) -> str:
    """Label a fiscal year by the plan's conventions (R4, 令和4年度, FY2022)."""
    return label_fiscal_year(
        year, style, naming=plan.fiscal_year_naming, start_month=plan.fiscal_year_start_month
    )


def unit_text(kpi: Kpi, *, with_per: bool = False) -> str:
    """The KPI's unit (億円), with its denominator where asked (万円/人)."""
    per = f"/{kpi.unit_per}" if with_per and kpi.unit_per else ""
    return f"{kpi.unit}{per}"


def quantity_text(value: Decimal, unit: str) -> str:
    """A number with its unit: 1,425億円, 49件."""
    return f"{format_number(value)}{unit}"


def value_text(value: Decimal, kpi: Kpi, *, with_per: bool = False) -> str:
    """A KPI's value with its unit: 1,425億円 (1,294万円/人 ``with_per``)."""
    return quantity_text(value, unit_text(kpi, with_per=with_per))


def scope_text(kpi: Kpi, plan: Plan, labels: Labels) -> str | None:
    """The KPI's scope notes: (～R2：従業者4人以上の事業所、R3～：個人経営を除く事業所)."""
    if not kpi.scopes:
        return None
    parts = []
    for scope in kpi.scopes:
        if scope.since is not None and scope.until is None:
            parts.append(
                labels.scope_since.format(year=fiscal_year_text(scope.since, plan), text=scope.text)
            )
        elif scope.until is not None and scope.since is None:
            parts.append(
                labels.scope_until.format(year=fiscal_year_text(scope.until, plan), text=scope.text)
            )
        elif scope.since is not None and scope.until is not None:
            span = f"{fiscal_year_text(scope.since, plan)}～{fiscal_year_text(scope.until, plan)}"
            parts.append(f"{span}：{scope.text}")
        else:
            parts.append(scope.text)
    return labels.scope_brackets.format(scopes=labels.scope_separator.join(parts))


def source_text(kpi: Kpi, labels: Labels) -> str | None:
    """The KPI's data source note, saying when figures are calendar-year ones."""
    calendar = labels.calendar_year_figures if kpi.figures_by is FiguresBy.CALENDAR_YEAR else ""
    if kpi.source is None:
        return calendar or None
    return labels.source_note.format(source=kpi.source) + calendar


def kpi_title_lines(kpi: Kpi, plan: Plan, labels: Labels) -> list[str]:
    """The KPI's name, then its scope and source notes where it has them."""
    lines = [kpi.name]
    for extra in (scope_text(kpi, plan, labels), source_text(kpi, labels)):
        if extra:
            lines.append(extra)
    return lines


def baseline_text(kpi: Kpi, labels: Labels) -> str | None:
    """The baseline as printed: 1,465億円, 過去累計95社, 2件/年, 1,294万円/人."""
    if kpi.baseline is None:
        return None
    prefix = labels.cumulative_before if kpi.kind is KpiKind.STOCK else ""
    suffix = labels.per_year if kpi.kind is KpiKind.FLOW else ""
    return f"{prefix}{value_text(kpi.baseline.value, kpi, with_per=True)}{suffix}"


def baseline_period_text(kpi: Kpi) -> str | None:
    """The period the baseline was measured in: (平成30年1月～12月), (令和元年度)."""
    if kpi.baseline is None:
        return None
    period = kpi.baseline.period
    if isinstance(period, FiscalYearPeriod):
        return f"({label_fiscal_year(period.fiscal_year)})"
    return f"({label_month_range(period)})"


def missing_text(observation: Observation, labels: Labels) -> str:
    """Why a year has no value, with its note: 未発表(注1)."""
    reason = labels.missing[observation.missing] if observation.missing else labels.no_rate
    note = labels.note_reference.format(id=observation.note) if observation.note else ""
    return f"{reason}{note}"


def observation_text(observation: Observation, kpi: Kpi, labels: Labels) -> str:
    """A year's figure as printed: 1,425億円, 累計101社, 未発表(注1)."""
    if observation.value is None:
        return missing_text(observation, labels)
    prefix = labels.cumulative if kpi.kind is KpiKind.STOCK else ""
    return f"{prefix}{value_text(observation.value, kpi)}"


def increment_text(observation: Observation, kpi: Kpi) -> str | None:
    """A stock's own count for the year, in brackets: （4社）."""
    if observation.increment is None:
        return None
    return f"（{value_text(observation.increment, kpi)}）"


def running_total_prefix(plan: Plan, labels: Labels) -> str:
    """What a flow's running total is headed with: R3～延べ."""
    return labels.running_total_since.format(first=fiscal_year_text(plan.period.first, plan))


def running_total_text(total: Decimal, kpi: Kpi, plan: Plan, labels: Labels) -> str:
    """A flow's total since the plan began: (R3～延べ3件)."""
    return f"({running_total_prefix(plan, labels)}{value_text(total, kpi)})"


def target_text(kpi: Kpi, labels: Labels) -> str | None:
    """The target as printed: 1,650億円, 累計100社, 2件/年."""
    if kpi.target is None:
        return None
    prefix = labels.cumulative if kpi.kind is KpiKind.STOCK else ""
    suffix = labels.per_year if kpi.target.per_year else ""
    return f"{prefix}{value_text(kpi.target.value, kpi, with_per=True)}{suffix}"


def target_total_text(result: KpiEvaluation, plan: Plan, labels: Labels) -> str | None:
    """A per-year target's total over the plan: (R3～延べ10件)."""
    target = result.kpi.target
    if target is None or not target.per_year or result.target_value is None:
        return None
    return running_total_text(result.target_value, result.kpi, plan, labels)


def rate_text(rate: Decimal | None, labels: Labels) -> str:
    """A rate as printed: 86.4％, or the no-rate mark."""
    return labels.no_rate if rate is None else f"{format_number(rate)}{labels.percent}"


def rate_caption(method: Method, polarity: Polarity, labels: Labels) -> str:
    """The formula a rate is computed by: (最新値/目標値×100)."""
    return labels.rate_captions[(method, polarity)]


def year_span_text(span: YearSpan, plan: Plan) -> str:
    """An initiative's years as the document writes them: （Ｒ５～）, （Ｒ３～４）, （Ｒ７）."""
    first = fiscal_year_text(span.first, plan)
    if span.last is None:
        inner = f"{first}～"
    elif span.last == span.first:
        inner = first
    else:
        last = fiscal_year_text(span.last, plan)
        # Within one era the second year drops the era letter: Ｒ３～４.
        if last[0] == first[0] and last[0].isalpha() and not last.startswith("FY"):
            last = last[1:]
        inner = f"{first}～{last}"
    return f"（{fullwidth(inner)}）"


def note_text(note: Note, labels: Labels) -> str:
    """A note under the table: ※…, or (注1) …."""
    if note.id is None:
        return f"{labels.general_note_mark}{note.text}"
    return labels.numbered_note.format(id=note.id, text=note.text)
