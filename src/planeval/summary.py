"""The evaluation as a terminal table: KPI, baseline, latest value, target, rate, grade."""

from __future__ import annotations

from planeval.evaluation import KpiEvaluation, PlanEvaluation
from planeval.formatting import display_width, pad
from planeval.labels import JAPANESE, Labels
from planeval.model import KpiKind, Plan
from planeval.rendering import (
    baseline_period_text,
    baseline_text,
    date_text,
    fiscal_year_text,
    rate_text,
    running_total_text,
    target_text,
    target_total_text,
    value_text,
)

__all__ = ["render_summary"]


def _baseline(result: KpiEvaluation, plan: Plan, labels: Labels) -> str:
    text = baseline_text(result.kpi, labels)
    if text is None:
        return labels.no_rate
    return f"{text} {baseline_period_text(result.kpi, plan, labels)}"


def _latest(result: KpiEvaluation, plan: Plan, labels: Labels) -> str:
    kpi = result.kpi
    if result.latest_value is None:
        return labels.no_rate
    prefix = labels.cumulative if kpi.kind is KpiKind.STOCK else ""
    text = f"{prefix}{value_text(result.latest_value, kpi)}"
    if kpi.kind is KpiKind.FLOW and result.progress is not None:
        text += f" {running_total_text(result.progress, kpi, plan, labels)}"
    return text


def _target(result: KpiEvaluation, plan: Plan, labels: Labels) -> str:
    text = target_text(result.kpi, labels)
    if text is None or result.kpi.target is None:
        return labels.no_rate
    total = target_total_text(result, plan, labels)
    if total is not None:
        text += f" {total}"
    year = fiscal_year_text(result.kpi.target.fiscal_year, plan, labels, short=True)
    return f"{text} ({year})"


def render_summary(evaluation: PlanEvaluation, labels: Labels = JAPANESE) -> str:
    """Lay out a plan's evaluation as a text table, one row per KPI, reasons below.

    A grade column is added where the plan grades its KPIs.
    """
    plan = evaluation.plan
    graded = bool(plan.grading)
    header = [
        labels.number,
        labels.kpi,
        labels.baseline,
        labels.latest_year,
        labels.latest_value,
        labels.target,
        labels.achievement_rate,
    ]
    if graded:
        header.append(labels.grade)
    rows = []
    reasons = []
    for result in evaluation.kpis:
        if result.unavailable is not None:
            reasons.append(f"{result.kpi.number}: {labels.reasons[result.unavailable.reason]}")
        year = result.latest_year
        row = [
            str(result.kpi.number),
            result.kpi.name,
            _baseline(result, plan, labels),
            labels.no_rate if year is None else fiscal_year_text(year, plan, labels, short=True),
            _latest(result, plan, labels),
            _target(result, plan, labels),
            rate_text(result.achievement_rate, labels),
        ]
        if graded:
            row.append(result.grade.label if result.grade else labels.no_rate)
        rows.append(row)
    widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    right_aligned = {0, 6}

    def line(cells: list[str]) -> str:
        padded = (pad(cell, widths[i], right=i in right_aligned) for i, cell in enumerate(cells))
        return "  ".join(padded).rstrip()

    lines = [plan.document.title]
    if plan.document.as_of is not None:
        lines.append(f"{labels.as_of}: {date_text(plan.document.as_of, labels)}")
    lines.append("")
    lines.append(line(header))
    lines.append("  ".join("-" * width for width in widths))
    lines.extend(line(row) for row in rows)
    if reasons:
        lines.append("")
        lines.extend(f"{labels.no_rate} {reason}" for reason in reasons)
    return "\n".join(lines) + "\n"
