"""Hypothesis strategies that build whole, valid plans.

Structures of one to three named levels with nested entries, KPIs of every
kind, polarity and scale (numbers, percentages, qualitative statuses; some
attached to an entry), each rate formula and zero-target rule, capped or
not, reviews of the last level's entries; observed, unpublished,
uncollected and absent years; Japanese and other
Unicode text, formula-like and markup-like strings, and numbers and text at
the limits the loader allows. Every plan drawn here passes ``check_plan``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from planeval.limits import (
    LAST_YEAR,
    MAX_ERA_NAME_LENGTH,
    MAX_LEVELS,
    MAX_MAGNITUDE_EXPONENT,
    MAX_SIGNIFICANT_DIGITS,
)
from planeval.model import (
    Arrows,
    Baseline,
    Category,
    Detail,
    Direction,
    DirectionItem,
    Document,
    Entry,
    EntryRef,
    Era,
    FiscalYearNaming,
    FiscalYearPeriod,
    GradeRule,
    Initiative,
    InterimTarget,
    Issue,
    Kpi,
    KpiKind,
    Level,
    Meeting,
    Method,
    Metric,
    Missing,
    MonthRange,
    NextPlanHeading,
    NextPlanSection,
    Note,
    Observation,
    PathOrigin,
    Plan,
    PlanPeriod,
    Polarity,
    ReferenceIndicator,
    Repeat,
    Review,
    Rounding,
    RoundingMode,
    Scale,
    Scope,
    Target,
    YearMonth,
    YearOnYear,
    YearSpan,
    ZeroTarget,
)
from planeval.periods import ERAS
from planeval.structure import code_check_digit

#: Strings that a spreadsheet or a word processor might take for code.
HOSTILE_TEXTS = (
    "=1+1",
    "@SUM(A1)",
    "=cmd|'/c calc'!A1",
    "+1-2",
    "-3",
    "http://example.com/?a=1&b=2",
    "<w:t>&amp;</w:t>",
    "]]></x>",
    "'quoted'",
    '"double"',
    "米沢（再掲）",
    "Ｒ５～",
    "未発表(注1)",
    "Ø ß é 한국어 中文 😀",
    "  leading and trailing  ",
    "tab\there",
    "line\nbreak",
)

_ALLOWED = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs"),
    exclude_characters="\ufffe\uffff",
)


#: Text the loader accepts.
texts: st.SearchStrategy[str] = st.one_of(
    st.text(alphabet=_ALLOWED | st.sampled_from("\t\n"), min_size=1, max_size=30).filter(str.strip),
    st.sampled_from(HOSTILE_TEXTS),
    st.text(alphabet=st.sampled_from("米沢市の工業振興計画ＫＰＩ１２３"), min_size=1, max_size=20),
)

#: Short labels (ids, codes, units, grades).
labels = st.one_of(
    st.text(alphabet=_ALLOWED, min_size=1, max_size=8).filter(str.strip),
    st.sampled_from(["件", "人", "億円", "社", " jobs", "%", "=A1", "注1"]),
)


@st.composite
def numbers(draw: st.DrawFn, *, positive: bool = False) -> Decimal:
    """A number the loader accepts: up to 15 digits, within 1e-100 and 1e100."""
    digits = draw(st.integers(min_value=1, max_value=MAX_SIGNIFICANT_DIGITS))
    mantissa = draw(st.integers(min_value=0 if not positive else 1, max_value=10**digits - 1))
    if mantissa == 0:
        return Decimal(0)
    length = len(str(mantissa))
    # adjusted exponent = length - 1 + exponent, kept within the bounds
    exponent = draw(
        st.one_of(
            st.integers(min_value=-4, max_value=4),
            st.integers(
                min_value=-MAX_MAGNITUDE_EXPONENT - (length - 1),
                max_value=MAX_MAGNITUDE_EXPONENT - (length - 1),
            ),
        )
    )
    sign = 1 if positive or draw(st.booleans()) else -1
    return Decimal((0 if sign > 0 else 1, tuple(int(c) for c in str(mantissa)), exponent))


def colours() -> st.SearchStrategy[str | None]:
    return st.none() | st.from_regex(r"#[0-9A-F]{6}", fullmatch=True)


@st.composite
def observations(
    draw: st.DrawFn,
    years: list[int],
    note_ids: list[str],
    *,
    stock: bool = False,
    statuses: tuple[str, ...] = (),
) -> tuple[Observation, ...]:
    """Observations for some of ``years``: values (or ``statuses``), unpublished or uncollected."""
    chosen = [year for year in years if draw(st.booleans())]
    found: list[Observation] = []
    for year in chosen:
        note = draw(st.sampled_from(note_ids)) if bool(note_ids) and draw(st.booleans()) else None
        if draw(st.integers(0, 4)) == 0:
            found.append(
                Observation(fiscal_year=year, missing=draw(st.sampled_from(Missing)), note=note)
            )
            continue
        if statuses:
            status = draw(st.sampled_from(statuses))
            found.append(Observation(fiscal_year=year, status=status, note=note))
            continue
        value = draw(numbers())
        increment = None
        previous = found[-1] if found else None
        if (
            stock
            and previous is not None
            and previous.fiscal_year == year - 1
            and previous.value is not None
            and draw(st.booleans())
        ):
            difference = value - previous.value
            if len(difference.as_tuple().digits) <= MAX_SIGNIFICANT_DIGITS and (
                not difference or abs(difference.adjusted()) <= MAX_MAGNITUDE_EXPONENT
            ):
                increment = difference
        found.append(Observation(fiscal_year=year, value=value, increment=increment, note=note))
    return tuple(found)


@attrs.frozen(kw_only=True)
class RateRules:
    """The plan-wide rate settings a KPI must agree with to be valid."""

    method: Method
    zero_target: ZeroTarget
    cap_rates: bool
    statuses: tuple[str, ...]


@st.composite
def baselines(draw: st.DrawFn, period: PlanPeriod) -> Baseline:
    """A baseline measured the year before the plan, as a fiscal year or as months."""
    if draw(st.booleans()):
        period_of_baseline: FiscalYearPeriod | MonthRange = FiscalYearPeriod(
            fiscal_year=period.first - 1
        )
    else:
        period_of_baseline = MonthRange(
            first=YearMonth(year=period.first - 1, month=draw(st.integers(1, 6))),
            last=YearMonth(year=period.first - 1, month=draw(st.integers(7, 12))),
        )
    return Baseline(value=draw(numbers()), period=period_of_baseline)


def _needs_baseline(kind: KpiKind, method: Method, target: Target | None, rules: RateRules) -> bool:
    """Whether validation asks this KPI for a baseline (its formula measures from it)."""
    if target is None or kind is KpiKind.FLOW:
        return False
    if method is Method.PROGRESS_FROM_BASELINE:
        return True
    return target.value == 0 and rules.zero_target is ZeroTarget.PROGRESS_FROM_BASELINE


@st.composite
def qualitative_kpis(
    draw: st.DrawFn, number: int, period: PlanPeriod, note_ids: list[str], rules: RateRules
) -> Kpi:
    """A qualitative KPI: a status for some years, no figures."""
    years = list(range(period.first - draw(st.integers(0, 2)), period.last + 1))
    return Kpi(
        number=number,
        name=draw(texts),
        unit=draw(st.just("") | labels),
        scale=Scale.QUALITATIVE,
        polarity=draw(st.sampled_from(Polarity)),
        observations=draw(observations(years, note_ids, statuses=rules.statuses)),
    )


@st.composite
def kpis(
    draw: st.DrawFn, number: int, period: PlanPeriod, note_ids: list[str], rules: RateRules
) -> Kpi:
    """A KPI of any kind, polarity and scale, within ``period``, valid under ``rules``."""
    if rules.statuses and draw(st.integers(0, 4)) == 0:
        return draw(qualitative_kpis(number, period, note_ids, rules))
    kind = draw(st.sampled_from(KpiKind))
    polarity = draw(st.sampled_from(Polarity))
    years = list(range(period.first - draw(st.integers(0, 2)), period.last + 1))
    target = None
    interim: tuple[InterimTarget, ...] = ()
    if draw(st.integers(0, 5)):
        target_year = draw(st.integers(period.first, period.last))
        target = Target(
            value=draw(st.just(Decimal(0)) | numbers()),
            fiscal_year=target_year,
            per_year=kind is KpiKind.FLOW and draw(st.booleans()),
        )
        interim_years = [
            y for y in range(period.first, target_year + 1) if draw(st.integers(0, 3)) == 0
        ]
        interim = tuple(InterimTarget(fiscal_year=y, value=draw(numbers())) for y in interim_years)
    methods = [
        m
        for m in Method
        if not (
            rules.cap_rates
            and m is Method.ACTUAL_OVER_TARGET
            and polarity is Polarity.LOWER_IS_BETTER
        )
    ]
    method = draw(st.none() | st.sampled_from(methods))
    if method is None and rules.cap_rates and rules.method is Method.ACTUAL_OVER_TARGET:
        polarity = Polarity.HIGHER_IS_BETTER
    baseline = draw(st.none() | baselines(period))
    if baseline is None and _needs_baseline(kind, method or rules.method, target, rules):
        baseline = draw(baselines(period))
    scopes = tuple(
        draw(
            st.lists(
                st.builds(
                    Scope,
                    text=texts,
                    since=st.none() | st.just(period.first),
                    until=st.none(),
                ),
                max_size=2,
            )
        )
    )
    return Kpi(
        number=number,
        name=draw(texts),
        unit=draw(st.just("") | labels),
        scopes=scopes,
        source=draw(st.none() | texts),
        department=draw(st.just("") | labels),
        unit_per=draw(st.none() | labels),
        scale=draw(st.sampled_from([Scale.NUMBER, Scale.PERCENT])),
        kind=kind,
        polarity=polarity,
        method=method,
        baseline=baseline,
        observations=draw(observations(years, note_ids, stock=kind is KpiKind.STOCK)),
        target=target,
        interim_targets=interim,
    )


_METRICS_WITH_BOUNDS = [
    m for m in Metric if m not in (Metric.HAS_VALUE, Metric.NO_VALUE, Metric.STATUS)
]


@st.composite
def grade_rules(draw: st.DrawFn, statuses: tuple[str, ...] = ()) -> tuple[GradeRule, ...]:
    """A valid grading: status rules, bounded rules, then perhaps has_value and no_value."""
    rules = []
    with_statuses: bool = draw(st.booleans())
    if statuses and with_statuses:
        chosen = draw(st.lists(st.sampled_from(statuses), min_size=1, max_size=2, unique=True))
        rules.append(GradeRule(label=draw(labels), metric=Metric.STATUS, statuses=tuple(chosen)))
    for _ in range(draw(st.integers(0, 3))):
        rules.append(
            GradeRule(
                label=draw(labels),
                metric=draw(st.sampled_from(_METRICS_WITH_BOUNDS)),
                colour=draw(colours()),
                at_least=draw(st.integers(-200, 200).map(Decimal)),
                below=draw(st.none() | st.integers(-200, 300).map(Decimal)),
            )
        )
    if draw(st.booleans()):
        rules.append(GradeRule(label=draw(labels), metric=Metric.HAS_VALUE))
    if draw(st.booleans()):
        rules.append(GradeRule(label=draw(labels), metric=Metric.NO_VALUE))
    return tuple(rules)


#: Characters of era names: kanji, kana, Latin, Greek; none a digit nor changed by NFKC.
_ERA_NAME_CHARACTERS = "新元号安永和光ひらがなカタカナAbcXyzΩλ"


@st.composite
def extra_eras(draw: st.DrawFn, *, max_size: int = 3) -> tuple[Era, ...]:
    """Eras a plan may declare: after the last built-in one, each after the one before."""
    names = draw(
        st.lists(
            st.text(
                st.sampled_from(_ERA_NAME_CHARACTERS), min_size=1, max_size=MAX_ERA_NAME_LENGTH
            ),
            max_size=max_size,
            unique=True,
        ).map(lambda found: [name for name in found if name not in {e.name for e in ERAS}])
    )
    free = [chr(c) for c in range(ord("A"), ord("Z") + 1) if chr(c) not in {e.letter for e in ERAS}]
    letters = draw(st.permutations(free))
    eras: list[Era] = []
    start, last = ERAS[-1].start, datetime.date(LAST_YEAR - 10, 12, 31)
    for name, letter in zip(names, letters, strict=False):
        if start >= last:
            break  # no day left for another era to start on
        start = draw(st.dates(start + datetime.timedelta(days=1), last))
        eras.append(Era(name=name, letter=letter, start=start))
    return tuple(eras)


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
def _items(draw: st.DrawFn, kind: type, ids: _Ids, period: PlanPeriod) -> tuple[object, ...]:
    found: list[object] = []
    for _ in range(draw(st.integers(0, 3))):
        earlier = ids.by_kind[kind]
        if earlier and draw(st.integers(0, 3)) == 0:
            found.append(Repeat(repeat_of=draw(st.sampled_from(earlier))))
            continue
        identifier = ids.new(kind) if draw(st.booleans()) else None
        if kind is Initiative:
            first = draw(st.integers(period.first - 2, period.last))
            last = draw(st.none() | st.integers(first, period.last))
            years = draw(st.none() | st.just(YearSpan(first=first, last=last)))
            found.append(
                Initiative(
                    id=identifier,
                    title=draw(st.none() | texts),
                    paragraphs=tuple(draw(st.lists(texts, min_size=1, max_size=2))),
                    years=years,
                    details=tuple(
                        draw(st.lists(st.builds(Detail, heading=labels, text=texts), max_size=1))
                    ),
                    reference_indicators=tuple(
                        draw(
                            st.lists(
                                st.builds(
                                    ReferenceIndicator,
                                    name=texts,
                                    unit=labels,
                                    observations=observations(
                                        list(range(period.first, period.last + 1)), []
                                    ),
                                ),
                                max_size=1,
                            )
                        )
                    ),
                )
            )
        elif kind is Issue:
            found.append(Issue(text=draw(texts), id=identifier))
        else:
            found.append(DirectionItem(text=draw(texts), id=identifier))
    return tuple(found)


#: Names plans give their levels, in the order they nest.
LEVEL_NAMES = ("基本目標", "基本戦略", "政策", "施策", "事業", "Strategy", "Measure")


@st.composite
def level_names(draw: st.DrawFn, *, most: int = 3) -> tuple[Level, ...]:
    """One to ``most`` levels (at most four), each named once, some naming their indicators."""
    names = draw(
        st.lists(
            st.sampled_from(LEVEL_NAMES) | texts,
            min_size=1,
            max_size=min(most, MAX_LEVELS),
            unique=True,
        )
    )
    return tuple(Level(name=name, indicators=draw(st.none() | texts)) for name in names)


@st.composite
def structure(draw: st.DrawFn, depth: int, kpi_count: int) -> tuple[tuple[Entry, ...], list[int]]:
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


def attachments(levels: tuple[Level, ...], counts: list[int]) -> st.SearchStrategy[EntryRef | None]:
    """The entry a KPI is attached to, or None (a KPI of the plan itself)."""
    refs = [
        EntryRef(level=level.name, number=number)
        for level, count in zip(levels, counts, strict=True)
        for number in range(1, count + 1)
    ]
    return st.none() | st.sampled_from(refs) if refs else st.none()


@st.composite
def municipality_codes(draw: st.DrawFn) -> str:
    """A 全国地方公共団体コード: five digits and their check digit."""
    first_five = draw(st.from_regex(r"[0-9]{5}", fullmatch=True))
    return first_five + str(code_check_digit(first_five))


@st.composite
def plans(draw: st.DrawFn, *, max_kpis: int = 4) -> Plan:
    """A whole, valid plan."""
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
    kpi_count = draw(st.integers(0, max_kpis))
    indicators = tuple(
        draw(kpis(number, period, note_ids, rules)) for number in range(1, kpi_count + 1)
    )
    levels = draw(level_names())
    entries, counts = draw(structure(len(levels), kpi_count))
    if not entries and draw(st.booleans()):
        levels, counts = (), []  # a plan without a structure names no levels
    indicators = tuple(
        attrs.evolve(kpi, attached_to=draw(attachments(levels, counts))) for kpi in indicators
    )
    vocabulary = tuple(
        Category(code=code, label=draw(st.none() | texts), colour=draw(colours()))
        for code in draw(st.lists(labels, max_size=3, unique=True))
    )
    ratings = tuple(Category(code=code) for code in draw(st.lists(labels, max_size=3, unique=True)))
    ids = _Ids()
    reviews = []
    unreviewed = list(range(1, counts[-1] + 1)) if counts else []
    while unreviewed:
        if not draw(st.booleans()):
            break
        covered = tuple(unreviewed[: draw(st.integers(1, 2))])
        unreviewed = unreviewed[len(covered) :]
        category = (
            draw(st.sampled_from([c.code for c in vocabulary])) if vocabulary else draw(texts)
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
    as_of = draw(
        st.none() | st.dates(datetime.date(first, 1, 1), datetime.date(period.last + 1, 12, 31))
    )
    return Plan(
        municipality=draw(texts),
        municipality_code=draw(st.none() | municipality_codes()),
        title=draw(texts),
        document=Document(
            title=draw(texts),
            label=draw(st.none() | labels),
            meeting=draw(
                st.none()
                | st.builds(
                    Meeting,
                    name=texts,
                    date=st.dates(datetime.date(1900, 1, 1), datetime.date(2200, 12, 31)),
                )
            ),
            as_of=as_of,
        ),
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
        year_on_year=YearOnYear(
            tolerance=draw(st.integers(0, 10).map(Decimal) | numbers(positive=True)),
            marks=draw(st.booleans()),
            arrows=draw(st.sampled_from(Arrows)),
        ),
        status_categories=tuple(
            Category(code=code, label=draw(st.none() | texts), colour=draw(colours()))
            for code in statuses
        ),
        direction_categories=vocabulary,
        measure_ratings=ratings,
        notes=notes,
        levels=levels,
        indicators=draw(st.none() | texts),
        entries=entries,
        kpis=indicators,
        reviews=tuple(reviews),
        next_plan=draw(
            st.none()
            | st.builds(
                NextPlanSection,
                title=texts,
                lead=texts,
                headings=st.lists(
                    st.builds(
                        NextPlanHeading, title=texts, items=st.lists(texts, max_size=2).map(tuple)
                    ),
                    max_size=2,
                ).map(tuple),
            )
        ),
        eras=draw(extra_eras()),
    )
