"""The starter plan ``planeval init`` writes: small, complete, valid, ready to edit.

It holds one of everything a city needs: document metadata, notes, a
grading scheme that grades each KPI against its target and the progress
expected by now, the plan's own direction and rating terms, two named
levels (a strategy with measures linked to KPIs), KPIs (a level, a
lower-is-better KPI with a target of 0 and interim targets, a flow with a
per-year target), an unpublished year with its note, reviews with an
initiative listed again and reference figures, and the section on the
next plan.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from planeval.model import (
    Baseline,
    Category,
    Detail,
    Direction,
    DirectionItem,
    Document,
    Entry,
    FiscalYearPeriod,
    GradeRule,
    Initiative,
    InterimTarget,
    Issue,
    Kpi,
    KpiKind,
    Level,
    Meeting,
    Metric,
    Missing,
    NextPlanHeading,
    NextPlanSection,
    Note,
    Observation,
    Plan,
    PlanPeriod,
    Polarity,
    ReferenceIndicator,
    Repeat,
    Review,
    Scope,
    Target,
    YearSpan,
)

__all__ = ["starter_plan"]


def _observations(
    values: dict[int, int | None], note: str | None = None
) -> tuple[Observation, ...]:
    return tuple(
        Observation(fiscal_year=year, value=Decimal(value))
        if value is not None
        else Observation(fiscal_year=year, missing=Missing.UNPUBLISHED, note=note)
        for year, value in values.items()
    )


def _grading() -> tuple[GradeRule, ...]:
    """The starter's grades: A at the target, B to D by the progress expected by now."""
    return (
        GradeRule(
            label="A",
            metric=Metric.ACHIEVEMENT_RATE,
            at_least=Decimal(100),
            colour="#2E7D32",
            description="target reached",
        ),
        GradeRule(
            label="B",
            metric=Metric.PROGRESS_AGAINST_EXPECTED,
            at_least=Decimal(100),
            colour="#81C784",
            description="on course: as much progress as expected by now, or more",
        ),
        GradeRule(
            label="C",
            metric=Metric.PROGRESS_AGAINST_EXPECTED,
            at_least=Decimal(80),
            colour="#FFF176",
            description="slightly behind: 80% of the progress expected by now or more",
        ),
        GradeRule(
            label="D",
            metric=Metric.HAS_VALUE,
            colour="#E57373",
            description="well behind the progress expected by now",
        ),
        GradeRule(label="-", metric=Metric.NO_VALUE, description="no value yet"),
    )


def _kpis() -> tuple[Kpi, ...]:
    """The starter's KPIs: one of each kind."""
    return (
        Kpi(
            number=1,
            name="Jobs in local firms",
            unit=" jobs",
            scopes=(Scope(text="firms with 4 or more employees"),),
            source="City business survey",
            baseline=Baseline(value=Decimal(12000), period=FiscalYearPeriod(fiscal_year=2023)),
            observations=_observations({2023: 12000, 2024: 12350, 2025: None}, note="n1"),
            target=Target(value=Decimal(13000), fiscal_year=2028),
        ),
        Kpi(
            number=2,
            name="Children waiting for a childcare place",
            unit=" children",
            polarity=Polarity.LOWER_IS_BETTER,
            baseline=Baseline(value=Decimal(80), period=FiscalYearPeriod(fiscal_year=2023)),
            observations=_observations({2024: 64, 2025: 50}),
            # A target of 0: its rate is the progress from the baseline (zero_target).
            target=Target(value=Decimal(0), fiscal_year=2028),
            interim_targets=(
                InterimTarget(fiscal_year=2024, value=Decimal(64)),
                InterimTarget(fiscal_year=2025, value=Decimal(48)),
                InterimTarget(fiscal_year=2026, value=Decimal(32)),
                InterimTarget(fiscal_year=2027, value=Decimal(16)),
            ),
        ),
        Kpi(
            number=3,
            name="Start-ups helped by the city",
            unit=" start-ups",
            kind=KpiKind.FLOW,
            baseline=Baseline(value=Decimal(3), period=FiscalYearPeriod(fiscal_year=2023)),
            observations=_observations({2024: 4, 2025: 3}),
            target=Target(value=Decimal(4), fiscal_year=2028, per_year=True),
        ),
    )


def _reviews() -> tuple[Review, ...]:
    """The starter's reviews of its measures."""
    return (
        Review(
            entries=(1,),
            initiatives=(
                Initiative(
                    id="advice-desk",
                    title="Business advice desk",
                    years=YearSpan(first=2024),
                    paragraphs=(
                        "Opened an advice desk at the chamber of commerce for firms "
                        "planning to grow or to hand over their business.",
                    ),
                    details=(Detail(heading="Main work", text="Advice sessions, seminars"),),
                    reference_indicators=(
                        ReferenceIndicator(
                            name="Advice sessions held",
                            unit=" sessions",
                            observations=_observations({2024: 120, 2025: 164}),
                        ),
                    ),
                ),
            ),
            issues=(Issue(text="Few firms know the desk exists"),),
            direction=Direction(
                category="expand",
                items=(DirectionItem(text="Advertise the desk through local banks."),),
            ),
            rating="B",
        ),
        Review(
            entries=(2,),
            initiatives=(
                Initiative(
                    paragraphs=("Opened two new nurseries in the north of the city.",),
                    years=YearSpan(first=2024, last=2025),
                ),
                Repeat(repeat_of="advice-desk"),
            ),
            issues=(Issue(text="Too few childcare workers"),),
            direction=Direction(
                category="continue",
                items=(DirectionItem(text="Recruit childcare workers from outside the city."),),
            ),
            rating="A",
        ),
    )


def starter_plan() -> Plan:
    """Return the starter plan: an English example of every section, to be edited."""
    return Plan(
        municipality="Example City",
        title="Example City Economic Plan (FY2024–FY2028)",
        document=Document(
            title="Evaluation of the Example City Economic Plan, FY2025",
            label="Document 1",
            meeting=Meeting(
                name="1st meeting of the economic planning committee",
                date=datetime.date(2026, 7, 10),
            ),
            as_of=datetime.date(2026, 6, 30),
        ),
        period=PlanPeriod(first=2024, last=2028),
        locale="en",
        fiscal_year_start_month=4,
        grading=_grading(),
        direction_categories=tuple(
            Category(code=code, label=code.capitalize())
            for code in ("expand", "continue", "improve", "reduce", "merge", "end", "done")
        ),
        measure_ratings=(
            Category(code="A", description="worked as planned", colour="#2E7D32"),
            Category(code="B", description="mostly worked", colour="#81C784"),
            Category(code="C", description="partly worked", colour="#FFF176"),
            Category(code="D", description="did not work", colour="#E57373"),
        ),
        notes=(
            Note(text="Totals include the years before the plan."),
            Note(id="n1", text="The FY2025 survey is published in the autumn of 2026."),
        ),
        levels=(Level(name="Strategy"), Level(name="Measure")),
        entries=(
            Entry(
                number=1,
                title="A strong local economy",
                entries=(
                    Entry(number=1, title="Help local firms grow", priority=True, kpis=(1, 3)),
                    Entry(number=2, title="Shorten the wait for childcare", kpis=(2,)),
                ),
            ),
        ),
        kpis=_kpis(),
        reviews=_reviews(),
        next_plan=NextPlanSection(
            title="Towards the next economic plan",
            lead="Building on this evaluation, the next plan will weigh the following points.",
            headings=(
                NextPlanHeading(
                    title="Growth of local firms",
                    items=("Support for firms handing over their business",),
                ),
            ),
        ),
    )
