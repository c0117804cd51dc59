"""The strategy for whole, valid plans: structure, KPIs, reviews, grading and settings."""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from planeval.limits import MAX_LEVELS
from planeval.model import (
    Arrows,
    Category,
    Detail,
    Direction,
    DirectionItem,
    Document,
    Entry,
    EntryRef,
    FiscalYearNaming,
    Initiative,
    Issue,
    Kpi,
    Level,
    Meeting,
    Method,
    NextPlanHeading,
    NextPlanSection,
    Note,
    PathOrigin,
    Plan,
    PlanPeriod,
    ReferenceIndicator,
    Repeat,
    Review,
    Rounding,
    RoundingMode,
    YearOnYear,
    YearSpan,
    ZeroTarget,
)
from planeval.testing._eras import extra_eras
from planeval.testing._grading import grade_rules
from planeval.testing._indicators import RateRules, kpis, observations
from planeval.testing._values import colours, labels, municipality_codes, numbers, texts

#: Names plans give their levels, in the order they nest.
_LEVEL_NAMES = ("基本目標", "基本戦略", "政策", "施策", "事業", "Strategy", "Measure")


class _Ids:
    """Hands out unique item ids and remembers their kinds, in document order."""

    def __init__(self) -> None:
        self.count = 0
        self.by_kind: dict[type, list[str]] = {Initiative: [], Issue: [], DirectionItem: []}

    def new(self, kind: type) -> str:
        self.count += 1
        identifier = f"item-{self.count}"
        self.by_kind[kind].append(identifier)
        return identifier


@st.composite
def _initiatives(draw: st.DrawFn, identifier: str | None, period: PlanPeriod) -> Initiative:
    """An initiative: paragraphs, perhaps years, a detail and a reference indicator."""
    first = draw(st.integers(period.first - 2, period.last))
    last = draw(st.none() | st.integers(first, period.last))
    years = draw(st.none() | st.just(YearSpan(first=first, last=last)))
    plan_years = list(range(period.first, period.last + 1))
    indicator = st.builds(
        ReferenceIndicator, name=texts, unit=labels, observations=observations(plan_years, [])
    )
    return Initiative(
        id=identifier,
        title=draw(st.none() | texts),
        paragraphs=tuple(draw(st.lists(texts, min_size=1, max_size=2))),
        years=years,
        details=tuple(draw(st.lists(st.builds(Detail, heading=labels, text=texts), max_size=1))),
        reference_indicators=tuple(draw(st.lists(indicator, max_size=1))),
    )


@st.composite
def _items(draw: st.DrawFn, kind: type, ids: _Ids, period: PlanPeriod) -> tuple[object, ...]:
    """Up to three items of ``kind`` of a review, some repeating an earlier one."""
    found: list[object] = []
    for _ in range(draw(st.integers(0, 3))):
        earlier = ids.by_kind[kind]
        if earlier and draw(st.integers(0, 3)) == 0:
            found.append(Repeat(repeat_of=draw(st.sampled_from(earlier))))
            continue
        identifier = ids.new(kind) if draw(st.booleans()) else None
        if kind is Initiative:
            found.append(draw(_initiatives(identifier, period)))
        elif kind is Issue:
            found.append(Issue(text=draw(texts), id=identifier))
        else:
            found.append(DirectionItem(text=draw(texts), id=identifier))
    return tuple(found)


@st.composite
def _level_names(draw: st.DrawFn, *, most: int = 3) -> tuple[Level, ...]:
    """One to ``most`` levels (at most four), each named once, some naming their indicators."""
    names = draw(
        st.lists(
            st.sampled_from(_LEVEL_NAMES) | texts,
            min_size=1,
            max_size=min(most, MAX_LEVELS),
            unique=True,
        )
    )
    return tuple(Level(name=name, indicators=draw(st.none() | texts)) for name in names)


@st.composite
def _structure(draw: st.DrawFn, depth: int, kpi_count: int) -> tuple[tuple[Entry, ...], list[int]]:
    """Entries nested ``depth`` levels deep, and how many there are at each level.

    The first level has none to three entries, every entry above the last
    one to three (one or two from the third level down). Entries are
    numbered from 1 across each level, as 施策 are numbered across a plan;
    some link to KPIs.
    """
    counts = [0] * depth

    def entry(level: int) -> Entry:
        counts[level] += 1
        number = counts[level]
        children: tuple[Entry, ...] = ()
        if level + 1 < depth:
            most = 3 if level == 0 else 2
            children = tuple(entry(level + 1) for _ in range(draw(st.integers(1, most))))
        linked = (
            draw(st.lists(st.integers(1, kpi_count), max_size=2, unique=True)) if kpi_count else []
        )
        return Entry(
            number=number,
            title=draw(texts),
            priority=draw(st.booleans()),
            kpis=tuple(linked),
            entries=children,
        )

    entries = tuple(entry(0) for _ in range(draw(st.integers(0, 3))))
    return entries, counts


def _attachments(
    levels: tuple[Level, ...], counts: list[int]
) -> st.SearchStrategy[EntryRef | None]:
    """The entry a KPI is attached to, or None (a KPI of the plan itself)."""
    refs = [
        EntryRef(level=level.name, number=number)
        for level, count in zip(levels, counts, strict=True)
        for number in range(1, count + 1)
    ]
    return st.none() | st.sampled_from(refs) if refs else st.none()


@st.composite
def _reviews(
    draw: st.DrawFn,
    period: PlanPeriod,
    last_level_count: int,
    directions: tuple[Category, ...],
    ratings: tuple[Category, ...],
) -> tuple[Review, ...]:
    """Reviews of some of the last level's entries, in order, each covering one or two."""
    ids = _Ids()
    reviews = []
    unreviewed = list(range(1, last_level_count + 1))
    while unreviewed:
        if not draw(st.booleans()):
            break
        covered = tuple(unreviewed[: draw(st.integers(1, 2))])
        unreviewed = unreviewed[len(covered) :]
        category = (
            draw(st.sampled_from([c.code for c in directions])) if directions else draw(texts)
        )
        reviews.append(
            Review(
                entries=covered,
                initiatives=draw(_items(Initiative, ids, period)),  # type: ignore[arg-type]
                issues=draw(_items(Issue, ids, period)),  # type: ignore[arg-type]
                direction=Direction(
                    category=category,
                    items=draw(_items(DirectionItem, ids, period)),  # type: ignore[arg-type]
                ),
                rating=draw(st.sampled_from([c.code for c in ratings])) if ratings else None,
            )
        )
    return tuple(reviews)


@st.composite
def _categories(draw: st.DrawFn, codes: list[str]) -> tuple[Category, ...]:
    """A category for each of ``codes``, perhaps with a label and a colour."""
    return tuple(
        Category(code=code, label=draw(st.none() | texts), colour=draw(colours())) for code in codes
    )


@st.composite
def _documents(draw: st.DrawFn, as_of: datetime.date | None) -> Document:
    """The evaluation document: its title, perhaps a label and the meeting it went to."""
    meeting = st.builds(
        Meeting, name=texts, date=st.dates(datetime.date(1900, 1, 1), datetime.date(2200, 12, 31))
    )
    return Document(
        title=draw(texts),
        label=draw(st.none() | labels),
        meeting=draw(st.none() | meeting),
        as_of=as_of,
    )


@st.composite
def _year_on_year(draw: st.DrawFn) -> YearOnYear:
    """How a plan compares a value with the year before: tolerance, marks and arrows."""
    return YearOnYear(
        tolerance=draw(st.integers(0, 10).map(Decimal) | numbers(positive=True)),
        marks=draw(st.booleans()),
        arrows=draw(st.sampled_from(Arrows)),
    )


_NEXT_PLANS = st.builds(
    NextPlanSection,
    title=texts,
    lead=texts,
    headings=st.lists(
        st.builds(NextPlanHeading, title=texts, items=st.lists(texts, max_size=2).map(tuple)),
        max_size=2,
    ).map(tuple),
)


@st.composite
def _indicators(
    draw: st.DrawFn, period: PlanPeriod, note_ids: list[str], rules: RateRules, max_kpis: int
) -> tuple[Kpi, ...]:
    """Up to ``max_kpis`` KPIs, numbered from 1."""
    count = draw(st.integers(0, max_kpis))
    return tuple(draw(kpis(number, period, note_ids, rules)) for number in range(1, count + 1))


@st.composite
def plans(draw: st.DrawFn, *, max_kpis: int = 4) -> Plan:
    """A whole, valid plan with up to ``max_kpis`` KPIs: every plan drawn passes ``check_plan``.

    Structures of one to three named levels with nested entries, KPIs of
    every kind, polarity and scale (numbers, percentages, qualitative
    statuses; some attached to an entry), each rate formula and zero-target
    rule, capped or not, reviews of the last level's entries; observed,
    unpublished, uncollected and absent years; Japanese and other Unicode
    text, formula-like and markup-like strings, and numbers and text at the
    limits the loader allows; plans in Japanese and in English, with a
    grading (:func:`grade_rules`) and eras of their own (:func:`extra_eras`).
    """
    first = draw(st.integers(1905, 2190))
    period = PlanPeriod(first=first, last=first + draw(st.integers(0, 8)))
    note_ids = draw(st.lists(labels, max_size=3, unique=True))
    notes = tuple(Note(text=draw(texts), id=note_id) for note_id in note_ids) + tuple(
        draw(st.lists(st.builds(Note, text=texts), max_size=2))
    )
    statuses = draw(st.lists(labels, max_size=3, unique=True))
    rules = RateRules(
        method=draw(st.sampled_from(Method)),
        zero_target=draw(st.sampled_from(ZeroTarget)),
        cap_rates=draw(st.booleans()),
        statuses=tuple(statuses),
    )
    indicators = draw(_indicators(period, note_ids, rules, max_kpis))
    levels = draw(_level_names())
    entries, counts = draw(_structure(len(levels), len(indicators)))
    if not entries and draw(st.booleans()):
        levels, counts = (), []  # a plan without a structure names no levels
    indicators = tuple(
        attrs.evolve(kpi, attached_to=draw(_attachments(levels, counts))) for kpi in indicators
    )
    directions = draw(_categories(draw(st.lists(labels, max_size=3, unique=True))))
    ratings = tuple(Category(code=code) for code in draw(st.lists(labels, max_size=3, unique=True)))
    reviews = draw(_reviews(period, counts[-1] if counts else 0, directions, ratings))
    as_of = draw(
        st.none() | st.dates(datetime.date(first, 1, 1), datetime.date(period.last + 1, 12, 31))
    )
    return Plan(
        municipality=draw(texts),
        municipality_code=draw(st.none() | municipality_codes()),
        title=draw(texts),
        document=draw(_documents(as_of)),
        period=period,
        locale=draw(st.sampled_from(["ja", "en"])),
        fiscal_year_start_month=draw(st.integers(1, 12)),
        fiscal_year_naming=draw(st.sampled_from(FiscalYearNaming)),
        method=rules.method,
        rounding=Rounding(places=draw(st.integers(0, 3)), mode=draw(st.sampled_from(RoundingMode))),
        zero_target=rules.zero_target,
        cap_rates=rules.cap_rates,
        yearly_rates=draw(st.booleans()),
        grading=draw(grade_rules(rules.statuses)),
        path_tolerance=draw(st.none() | st.integers(0, 20).map(Decimal)),
        path_origin=draw(st.sampled_from(PathOrigin)),
        year_on_year=draw(_year_on_year()),
        status_categories=draw(_categories(statuses)),
        direction_categories=directions,
        measure_ratings=ratings,
        notes=notes,
        levels=levels,
        indicators=draw(st.none() | texts),
        entries=entries,
        kpis=indicators,
        reviews=reviews,
        next_plan=draw(st.none() | _NEXT_PLANS),
        eras=draw(extra_eras()),
    )
