"""Small plans built in code, for tests that need one KPI or two."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import attrs

import planeval
from planeval.exporters import report_for
from planeval.exporters.csv_export import CsvExporter
from planeval.model import (
    Baseline,
    Document,
    FiscalYearPeriod,
    Kpi,
    KpiKind,
    Method,
    Missing,
    Note,
    Observation,
    Plan,
    PlanPeriod,
    Polarity,
    Target,
)


def observations(values: dict[int, str | None]) -> tuple[Observation, ...]:
    """Observations from {fiscal year: value}; None is an unpublished year."""
    return tuple(
        Observation(fiscal_year=year, value=Decimal(value))
        if value is not None
        else Observation(fiscal_year=year, missing=Missing.UNPUBLISHED)
        for year, value in sorted(values.items())
    )


def kpi(
    values: dict[int, str | None],
    target: str | None = "100",
    *,
    number: int = 1,
    kind: KpiKind = KpiKind.LEVEL,
    polarity: Polarity = Polarity.HIGHER_IS_BETTER,
    baseline: str | None = None,
    per_year: bool = False,
    method: Method | None = None,
    target_year: int = 2025,
) -> Kpi:
    """A KPI with the given yearly values and target."""
    return Kpi(
        number=number,
        name=f"KPI {number}",
        unit="件",
        kind=kind,
        polarity=polarity,
        method=method,
        baseline=None
        if baseline is None
        else Baseline(value=Decimal(baseline), period=FiscalYearPeriod(fiscal_year=2020)),
        observations=observations(values),
        target=None
        if target is None
        else Target(value=Decimal(target), fiscal_year=target_year, per_year=per_year),
    )


def plan(
    *kpis: Kpi, as_of: datetime.date | None = None, first: int = 2021, last: int = 2025
) -> Plan:
    """A plan over ``first``–``last`` holding ``kpis``."""
    return Plan(
        municipality="Testville",
        title="Test plan",
        document=Document(title="Test evaluation", as_of=as_of),
        period=PlanPeriod(first=first, last=last),
        kpis=kpis,
    )


def printed(text: str) -> str:
    """A Word cell's text as printed: word joiners dropped, no-break spaces as spaces.

    The Word report joins a figure and its unit, and a short bracketed span,
    with U+2060 so that they stay on one line.
    """
    return text.replace("\u2060", "").replace("\u00a0", " ")


def wide_plan(name: str, years: int) -> Plan:
    """An example stretched to ``years`` year columns, each new year repeating the last figure."""
    plan = planeval.load_example(name)
    first = plan.period.first
    kpis = []
    for kpi in plan.kpis:
        last = kpi.observations[-1]
        no_count = None if last.increment is None else 0 * last.increment
        later = range(last.fiscal_year + 1, first + years - 1)
        extra = [attrs.evolve(last, fiscal_year=year, increment=no_count) for year in later]
        kpis.append(attrs.evolve(kpi, observations=(*kpi.observations, *extra)))
    period = PlanPeriod(first=first, last=first + years - 1)
    return attrs.evolve(plan, period=period, kpis=tuple(kpis))


def write_csv(plan: Plan) -> bytes:
    """The CSV exporter's bytes for ``plan``."""
    stream = io.BytesIO()
    CsvExporter().write(report_for(plan), stream)
    return stream.getvalue()


HOSTILE = ["=1+1", "@SUM(A1)", "+1", "-2", "=cmd|'/c calc'!A1", "'quoted"]


def hostile_plan(plan: Plan) -> Plan:
    """Yonezawa's plan with formula-like names, units and a note, and a value of -5."""
    kpis = tuple(
        attrs.evolve(kpi, name=HOSTILE[index % len(HOSTILE)], unit="-")
        for index, kpi in enumerate(plan.kpis)
    )
    fifth = kpis[4]
    negative = Observation(fiscal_year=2024, value=Decimal("-5"), note="hostile")
    kpis = (
        *kpis[:4],
        attrs.evolve(fifth, observations=(*fifth.observations[:-1], negative)),
        *kpis[5:],
    )
    return attrs.evolve(plan, kpis=kpis, notes=(*plan.notes, Note(id="hostile", text="@x")))
