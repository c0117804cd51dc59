"""The evaluation as a terminal table: KPI, baseline, latest value, target, rate."""

from __future__ import annotations

from decimal import Decimal

from planeval.evaluation import KpiEvaluation, PlanEvaluation
from planeval.formatting import display_width, format_number, pad
from planeval.labels import JAPANESE, Labels
from planeval.model import FiscalYearPeriod, Kpi, KpiKind, Plan
from planeval.periods import (
    DateStyle,
    FiscalYearStyle,
    label_date,
    label_fiscal_year,
    label_month_range,
)

__all__ = ["render_summary"]


def _quantity(value: Decimal, kpi: Kpi, *, with_per: bool = False) -> str:
    per = f"/{kpi.unit_per}" if with_per and kpi.unit_per else ""
    return f"{format_number(value)}{kpi.unit}{per}"


def _year(year: int, plan: Plan) -> str:
    return label_fiscal_year(
        year,
        FiscalYearStyle.ERA_SHORT,
        naming=plan.fiscal_year_naming,
        start_month=plan.fiscal_year_start_month,
    )


def _baseline(kpi: Kpi, labels: Labels) -> str:
    baseline = kpi.baseline
    if baseline is None:
        return labels.no_rate
    period = baseline.period
    when = (
        label_fiscal_year(period.fiscal_year)
        if isinstance(period, FiscalYearPeriod)
        else label_month_range(period)
    )
    prefix = labels.cumulative_before if kpi.kind is KpiKind.STOCK else ""
    per_year = labels.per_year if kpi.kind is KpiKind.FLOW else ""
    return f"{prefix}{_quantity(baseline.value, kpi, with_per=True)}{per_year} ({when})"


def _latest(result: KpiEvaluation, plan: Plan, labels: Labels) -> str:
    kpi = result.kpi
    if result.latest_value is None:
        return labels.no_rate
    prefix = labels.cumulative if kpi.kind is KpiKind.STOCK else ""
    text = f"{prefix}{_quantity(result.latest_value, kpi)}"
    if kpi.kind is KpiKind.FLOW and result.progress is not None:
        since = labels.running_total_since.format(first=_year(plan.period.first, plan))
        text += f" ({since}{_quantity(result.progress, kpi)})"
    return text


def _target(result: KpiEvaluation, plan: Plan, labels: Labels) -> str:
    kpi = result.kpi
    if kpi.target is None:
        return labels.no_rate
    prefix = labels.cumulative if kpi.kind is KpiKind.STOCK else ""
    text = f"{prefix}{_quantity(kpi.target.value, kpi, with_per=True)}"
    if kpi.target.per_year and result.target_value is not None:
        since = labels.running_total_since.format(first=_year(plan.period.first, plan))
        text += f"{labels.per_year} ({since}{_quantity(result.target_value, kpi)})"
    return f"{text} ({_year(kpi.target.fiscal_year, plan)})"


def render_summary(evaluation: PlanEvaluation, labels: Labels = JAPANESE) -> str:
    """Lay out a plan's evaluation as a text table, one row per KPI, reasons below."""
    plan = evaluation.plan
    header = [
        labels.number,
        labels.kpi,
        labels.baseline,
        labels.latest_year,
        labels.latest_value,
        labels.target,
        labels.achievement_rate,
    ]
    rows = []
    reasons = []
    for result in evaluation.kpis:
        kpi = result.kpi
        rate = (
            f"{format_number(result.achievement_rate)}％"
            if result.achievement_rate is not None
            else labels.no_rate
        )
        if result.unavailable is not None:
            reasons.append(f"{kpi.number}: {labels.reasons[result.unavailable.reason]}")
        rows.append(
            [
                str(kpi.number),
                kpi.name,
                _baseline(kpi, labels),
                labels.no_rate if result.latest_year is None else _year(result.latest_year, plan),
                _latest(result, plan, labels),
                _target(result, plan, labels),
                rate,
            ]
        )
    widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    right_aligned = {0, 6}

    def line(cells: list[str]) -> str:
        padded = (pad(cell, widths[i], right=i in right_aligned) for i, cell in enumerate(cells))
        return "  ".join(padded).rstrip()

    title = plan.document.title
    lines = [title]
    if plan.document.as_of is not None:
        lines.append(f"{labels.as_of}: {label_date(plan.document.as_of, DateStyle.ERA)}")
    lines.append("")
    lines.append(line(header))
    lines.append("  ".join("-" * width for width in widths))
    lines.extend(line(row) for row in rows)
    if reasons:
        lines.append("")
        lines.extend(f"{labels.no_rate} {reason}" for reason in reasons)
    return "\n".join(lines) + "\n"
