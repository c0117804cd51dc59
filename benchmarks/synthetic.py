"""Synthetic plans of a given size, for the benchmarks.

The plans are deterministic (the same size gives the same plan) and mix
every kind of KPI, both polarities, unpublished years, grades, repeated
items and reference figures, so that every part of every exporter works.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs

from planeval.model import (
    Baseline,
    Detail,
    Direction,
    DirectionItem,
    Document,
    Entry,
    EntryRef,
    FiscalYearPeriod,
    GradeRule,
    Initiative,
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

__all__ = ["largest_plan", "synthetic_plan"]

# The levels of the largest plan, and what each calls its indicators.
_LEVELS = ("基本目標", "政策", "施策", "事業")
_INDICATORS = ("数値目標", None, "ＫＰＩ", None)
_KINDS = (KpiKind.LEVEL, KpiKind.LEVEL, KpiKind.FLOW, KpiKind.STOCK)
_SENTENCE = "市内企業の生産性向上を目的として、ＤＸやＡＩ活用に関するセミナーを開催した。"


def _kpi(number: int, first: int, years: int) -> Kpi:
    kind = _KINDS[number % len(_KINDS)]
    lower = number % 7 == 0
    observations = []
    total = 100 + number
    for offset in range(years):
        year = first - 2 + offset
        if offset == years - 1 and number % 3 == 0:
            observations.append(
                Observation(fiscal_year=year, missing=Missing.UNPUBLISHED, note="注1")
            )
            continue
        count = (number * 7 + offset * 3) % 11
        if kind is KpiKind.STOCK:
            total += count
            observations.append(
                Observation(
                    fiscal_year=year,
                    value=Decimal(total),
                    increment=Decimal(count) if offset else None,
                )
            )
        elif kind is KpiKind.FLOW:
            observations.append(Observation(fiscal_year=year, value=Decimal(count)))
        else:
            observations.append(
                Observation(fiscal_year=year, value=Decimal(f"{1000 + number + offset * 13}.5"))
            )
    return Kpi(
        number=number,
        name=f"評価指標{number}（製造品出荷額等）",
        unit="件" if kind is not KpiKind.LEVEL else "億円",
        scopes=(Scope(text="従業者4人以上の事業所", until=first - 1),) if number % 5 == 0 else (),
        kind=kind,
        polarity=Polarity.LOWER_IS_BETTER if lower else Polarity.HIGHER_IS_BETTER,
        baseline=Baseline(
            value=Decimal(100 + number), period=FiscalYearPeriod(fiscal_year=first - 1)
        ),
        observations=tuple(observations),
        target=Target(
            value=Decimal(5 if kind is KpiKind.FLOW else 1200 + number),
            fiscal_year=first + years - 3,
            per_year=kind is KpiKind.FLOW,
        ),
    )


def synthetic_plan(
    kpis: int = 1000, years: int = 10, measures: int = 200, initiatives: int = 2000
) -> Plan:
    """Build a synthetic plan of the given size.

    ``kpis`` KPIs observed over ``years`` years, ``measures`` measures (the
    plan's second level, 施策) in strategies of 20 (its first, 基本戦略), and
    ``initiatives`` initiatives spread over the measures' reviews.
    """
    first = 2010
    period = PlanPeriod(first=first, last=first + years - 3)
    strategies = []
    for strategy_number in range(1, (measures + 19) // 20 + 1):
        numbers = range((strategy_number - 1) * 20 + 1, min(strategy_number * 20, measures) + 1)
        strategies.append(
            Entry(
                number=strategy_number,
                title=f"基本戦略{strategy_number}の方向",
                entries=tuple(
                    Entry(number=n, title=f"施策{n}の推進", priority=n % 4 == 0) for n in numbers
                ),
            )
        )
    per_measure = max(1, initiatives // max(measures, 1))
    reviews = []
    for measure in range(1, measures + 1):
        items: list[Initiative | Repeat] = []
        for index in range(per_measure):
            identifier = f"i{measure}-{index}"
            if measure > 1 and index == 0:
                items.append(Repeat(repeat_of=f"i{measure - 1}-1"))
                continue
            items.append(
                Initiative(
                    id=identifier,
                    title=f"事業{measure}-{index}" if index % 3 else None,
                    years=YearSpan(first=first + index % 3),
                    paragraphs=(_SENTENCE * 2, _SENTENCE),
                    details=(Detail(heading="主な事業内容", text=_SENTENCE),)
                    if index % 4 == 0
                    else (),
                    reference_indicators=(
                        ReferenceIndicator(
                            name="マッチング件数",
                            unit="件",
                            observations=tuple(
                                Observation(fiscal_year=first + y, value=Decimal(40 + y))
                                for y in range(3)
                            ),
                        ),
                    )
                    if index % 5 == 1
                    else (),
                )
            )
        reviews.append(
            Review(
                entries=(measure,),
                initiatives=tuple(items),
                issues=(Issue(text="企業の魅力発信・情報発信の強化"),),
                direction=Direction(
                    category="継続",
                    items=(DirectionItem(text=_SENTENCE), DirectionItem(text=_SENTENCE)),
                ),
            )
        )
    return Plan(
        municipality="架空市",
        title="架空市工業振興計画",
        document=Document(
            title="架空市工業振興計画の評価・検証について",
            label="資料１",
            meeting=Meeting(name="第１回策定委員会", date=datetime.date(2019, 7, 3)),
            as_of=datetime.date(2019, 6, 30),
        ),
        period=period,
        grading=(
            GradeRule(
                label="A", metric=Metric.ACHIEVEMENT_RATE, at_least=Decimal(100), colour="#2E7D32"
            ),
            GradeRule(
                label="B", metric=Metric.ACHIEVEMENT_RATE, at_least=Decimal(80), colour="#FBC02D"
            ),
            GradeRule(label="C", metric=Metric.HAS_VALUE, colour="#C62828"),
            GradeRule(label="－", metric=Metric.NO_VALUE),
        ),
        notes=(
            Note(text="「累計」とは基準年度も含めた累計値を表す。"),
            Note(id="注1", text="未公表。"),
        ),
        levels=(Level(name="基本戦略"), Level(name="施策")),
        entries=tuple(strategies),
        kpis=tuple(_kpi(number, first, years) for number in range(1, kpis + 1)),
        reviews=tuple(reviews),
        next_plan=NextPlanSection(
            title="次期計画策定の方向性",
            lead="上記の評価・検証を踏まえ、次期計画では以下の項目に重点的に取り組む。",
            headings=(NextPlanHeading(title="人材の育成", items=(_SENTENCE,)),),
        ),
    )


def _padded(text: str, length: int) -> str:
    """``text`` repeated to ``length`` characters (at least the text once)."""
    return (text * (length // len(text) + 1))[: max(length, len(text))]


def largest_plan(text_length: int = 0) -> Plan:
    """The largest plan the loader accepts: every count of :mod:`planeval.limits` at its maximum.

    KPIs, years, levels, entries (at all levels together), review items,
    reference indicators, notes, grading rules and the next plan's headings
    and items are all at their limits; half the KPIs are attached to entries
    of every level. ``text_length`` > 0 lengthens the initiatives'
    paragraphs to that many characters, to fill the file-size limit.
    """
    from planeval.limits import (
        MAX_ENTRIES,
        MAX_GRADE_RULES,
        MAX_KPIS,
        MAX_LEVELS,
        MAX_LIST_ITEMS,
        MAX_NOTES,
        MAX_REFERENCE_INDICATORS,
        MAX_REVIEW_ITEMS,
        MAX_YEARS,
    )

    assert len(_LEVELS) == MAX_LEVELS
    # The entries of each level above the last, each with two below it; the last
    # level, each of its entries with a review of its own, takes the rest.
    upper = tuple(10 * 2**level for level in range(MAX_LEVELS - 1))
    leaves = MAX_ENTRIES - sum(upper)
    # Each review has its initiatives, one issue and two direction items.
    per_measure = MAX_REVIEW_ITEMS // leaves - 3
    plan = synthetic_plan(
        kpis=MAX_KPIS,
        years=MAX_YEARS,
        measures=leaves,
        initiatives=per_measure * leaves,
    )
    indicator = _reference_indicator(plan.period.first, MAX_YEARS)
    paragraph = _padded(_SENTENCE, text_length)
    # One reference indicator each for the first initiatives, up to the limit.
    remaining = [MAX_REFERENCE_INDICATORS]

    def fuller(item: Initiative | Repeat) -> Initiative | Repeat:
        # The items listed again (the second of each review) stay short: a report
        # prints them again in full, held to MAX_REPEATED_TEXT together.
        if isinstance(item, Repeat):
            return item
        if (item.id or "").endswith("-1"):
            return attrs.evolve(item, reference_indicators=())
        references = (indicator,) if remaining[0] > 0 else ()
        remaining[0] -= len(references)
        return attrs.evolve(
            item,
            paragraphs=(paragraph,) if text_length else item.paragraphs,
            reference_indicators=references,
        )

    reviews = tuple(
        attrs.evolve(review, initiatives=tuple(map(fuller, review.initiatives)))
        for review in plan.reviews
    )
    rules = (
        *(
            GradeRule(label=f"G{n}", metric=Metric.ACHIEVEMENT_RATE, at_least=Decimal(200 - n))
            for n in range(MAX_GRADE_RULES - 1)
        ),
        GradeRule(label="－", metric=Metric.NO_VALUE),
    )
    headings = tuple(
        NextPlanHeading(title=f"見出し{n}", items=(_SENTENCE,) * MAX_LIST_ITEMS)
        for n in range(MAX_LIST_ITEMS)
    )
    notes = (*plan.notes, *(Note(text=_SENTENCE) for _ in range(MAX_NOTES - len(plan.notes))))
    # The most levels, the measures spread evenly over the entries above them.
    entries = [measure for strategy in plan.entries for measure in strategy.entries]
    for level in reversed(range(len(upper))):
        count, below = upper[level], entries
        entries = [
            Entry(
                number=n + 1,
                title=f"{_LEVELS[level]}{n + 1}",
                priority=n % 3 == 0,
                entries=tuple(below[n * len(below) // count : (n + 1) * len(below) // count]),
            )
            for n in range(count)
        ]
    counts = (*upper, leaves)
    kpis = tuple(
        attrs.evolve(
            kpi,
            attached_to=EntryRef(
                level=_LEVELS[index % MAX_LEVELS],
                number=index // MAX_LEVELS % counts[index % MAX_LEVELS] + 1,
            ),
        )
        if index % 2
        else kpi
        for index, kpi in enumerate(plan.kpis)
    )
    return attrs.evolve(
        plan,
        municipality_code="062022",
        levels=tuple(
            Level(name=name, indicators=indicators)
            for name, indicators in zip(_LEVELS, _INDICATORS, strict=True)
        ),
        indicators="成果指標",
        entries=tuple(entries),
        kpis=kpis,
        grading=rules,
        notes=notes,
        reviews=reviews,
        next_plan=NextPlanSection(title="次期計画策定の方向性", lead=_SENTENCE, headings=headings),
    )


def _reference_indicator(first: int, years: int) -> ReferenceIndicator:
    return ReferenceIndicator(
        name="参考指標",
        unit="件",
        observations=tuple(
            Observation(fiscal_year=first - 2 + y, value=Decimal(40 + y)) for y in range(years)
        ),
    )
