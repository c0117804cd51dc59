"""The plan as typed data: frozen attrs classes, no I/O and no formatting.

A :class:`Plan` holds everything a municipal plan and its yearly evaluation
document say: strategies and measures, KPIs with their observations, the
written review of each measure, notes and the closing section on the next
plan. Marks that documents print -- （再掲）, 未発表, 累計, 延べ -- are not stored
as text: they follow from the types here (:class:`Repeat`,
:attr:`Observation.missing`, :class:`KpiKind`) and exporters render them.

Fiscal years are plain integers: the calendar year in which the fiscal year
starts (令和3年度, April 2021 to March 2022, is ``2021``).
"""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal, InvalidOperation

import attrs

from planeval.errors import NotInPlanError, ObservationConflictError

__all__ = [
    "Arrows",
    "Baseline",
    "Category",
    "Detail",
    "Direction",
    "DirectionItem",
    "Document",
    "Entry",
    "EntryRef",
    "Era",
    "FiguresBy",
    "FiscalYearNaming",
    "FiscalYearPeriod",
    "GradeRule",
    "Initiative",
    "InterimTarget",
    "Issue",
    "Kpi",
    "KpiKind",
    "Level",
    "Meeting",
    "Method",
    "Metric",
    "Missing",
    "MonthRange",
    "NextPlanHeading",
    "NextPlanSection",
    "Note",
    "Observation",
    "PathOrigin",
    "PathStatus",
    "Plan",
    "PlanPeriod",
    "Polarity",
    "ReferenceIndicator",
    "Repeat",
    "Review",
    "Rounding",
    "RoundingMode",
    "Scale",
    "Scope",
    "Target",
    "YearMonth",
    "YearOnYear",
    "YearSpan",
    "ZeroTarget",
]


class Polarity(enum.Enum):
    """Which way a KPI improves."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class KpiKind(enum.Enum):
    """How a KPI's yearly figures relate to each other.

    ``LEVEL``: each year's value stands alone (付加価値額, or an annual count
    such as 就職者数 that must not be summed). ``FLOW``: a count per year whose
    progress is the sum since the plan's first fiscal year (延べ).
    ``STOCK``: a running total that includes the years before the plan
    (累計, 過去累計); each year's own count is its increment.
    """

    LEVEL = "level"
    FLOW = "flow"
    STOCK = "stock"


class Method(enum.Enum):
    """How a KPI's rate is computed (see :mod:`planeval.evaluation`).

    ``ACHIEVEMENT_RATE``: actual / target x 100, or target / actual x 100
    when lower is better. ``ACTUAL_OVER_TARGET``: actual / target x 100
    whatever the polarity, as cities print it for lower-is-better KPIs
    (above 100 is then worse). ``PROGRESS_FROM_BASELINE``: how far from the
    baseline toward the target, in %.
    """

    ACHIEVEMENT_RATE = "achievement_rate"
    PROGRESS_FROM_BASELINE = "progress_from_baseline"
    ACTUAL_OVER_TARGET = "actual_over_target"


class Scale(enum.Enum):
    """What a KPI's figures are.

    ``NUMBER``: an amount, count or unitless figure (1.35). ``PERCENT``: a
    percentage, whose differences are percentage points. ``QUALITATIVE``:
    each year's status is one of the plan's status categories (実施済); it is
    graded by its status and never given a rate.
    """

    NUMBER = "number"
    PERCENT = "percent"
    QUALITATIVE = "qualitative"


class ZeroTarget(enum.Enum):
    """The rate of a KPI whose target is 0, where a ratio would divide by it.

    ``PROGRESS_FROM_BASELINE``: (baseline - actual) / baseline x 100 (100 at 0).
    ``REACHED``: 100 when the target is reached, else 0. ``NONE``: no rate.
    ``RATIO``: the ratio, as for any other target, as plan files of format 1
    had it: target / actual is 0 while a lower-is-better actual is above 0,
    and a ratio that would divide by 0 gives no rate.
    """

    PROGRESS_FROM_BASELINE = "progress_from_baseline"
    REACHED = "reached"
    NONE = "none"
    RATIO = "ratio"


class PathOrigin(enum.Enum):
    """Where the expected path to a target starts counting years.

    ``PLAN_START``: at the baseline, the year before the plan's first year.
    ``BASELINE_YEAR``: at the baseline, in the baseline's own fiscal year.
    """

    PLAN_START = "plan_start"
    BASELINE_YEAR = "baseline_year"


class Arrows(enum.Enum):
    """What the year-on-year arrows show: ↑ for an improvement, or for a higher value."""

    IMPROVEMENT = "improvement"
    VALUE = "value"


class RoundingMode(enum.Enum):
    """How a rate is rounded to its number of decimal places."""

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"
    DOWN = "down"
    UP = "up"


class Missing(enum.Enum):
    """Why a fiscal year has no value."""

    UNPUBLISHED = "unpublished"
    NOT_COLLECTED = "not_collected"


class FiguresBy(enum.Enum):
    """The period a KPI's figures really cover, whatever column shows them.

    ``CALENDAR_YEAR``: a survey counts calendar years (January to December)
    and the document shows year *Y*'s figure in fiscal year *Y*'s column.
    """

    FISCAL_YEAR = "fiscal_year"
    CALENDAR_YEAR = "calendar_year"


class Metric(enum.Enum):
    """A computed figure a grading rule looks at.

    Every metric measures improvement, so that lower-is-better KPIs mirror
    every rule: for them the differences below change sign.

    * ``achievement_rate``: the KPI's rate by its formula, as rounded (%); an
      actual / target rate of a lower-is-better KPI is read as 200 - rate.
    * ``progress_from_baseline``: (progress - baseline) / (target - baseline)
      x 100, as rounded (%).
    * ``interim_rate``: progress / the expected value for the latest year x
      100, as rounded (%); the expected value is the KPI's interim target for
      that year, or the target pro-rated by the elapsed plan years.
    * ``progress_against_expected``: (progress - start) / (expected - start)
      x 100, as rounded (%): the progress from the path's start against the
      progress expected by the latest year.
    * ``versus_target``: progress - target, in the KPI's unit.
    * ``versus_baseline``: progress - baseline, in the KPI's unit.
    * ``change_from_baseline``: (progress - baseline) / baseline x 100 (%).
    * ``change_from_target``: (progress - target) / target x 100 (%).
    * ``versus_previous``: latest value - the previous published value.
    * ``change_from_previous``: (latest - previous) / previous x 100 (%).
    * ``growth_ratio``: observed / required compound annual growth x 100,
      as rounded (%).
    * ``has_value`` / ``no_value``: whether the KPI has a current value or
      status (no band).
    * ``status``: the latest status of a qualitative KPI is one of the
      rule's ``statuses`` (no band).
    """

    ACHIEVEMENT_RATE = "achievement_rate"
    PROGRESS_FROM_BASELINE = "progress_from_baseline"
    INTERIM_RATE = "interim_rate"
    PROGRESS_AGAINST_EXPECTED = "progress_against_expected"
    VERSUS_TARGET = "versus_target"
    VERSUS_BASELINE = "versus_baseline"
    CHANGE_FROM_BASELINE = "change_from_baseline"
    CHANGE_FROM_TARGET = "change_from_target"
    VERSUS_PREVIOUS = "versus_previous"
    CHANGE_FROM_PREVIOUS = "change_from_previous"
    GROWTH_RATIO = "growth_ratio"
    HAS_VALUE = "has_value"
    NO_VALUE = "no_value"
    STATUS = "status"


class PathStatus(enum.Enum):
    """Where a KPI's progress stands against the expected path to its target.

    Computed by :mod:`planeval.grading`; declared here so that a plan can
    name each status in its own words (:attr:`Plan.path_statuses`).
    """

    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"


class FiscalYearNaming(enum.Enum):
    """Which calendar year names a fiscal year in Western labels (FY2024)."""

    START = "start"
    END = "end"


@attrs.frozen(kw_only=True)
class YearMonth:
    """A calendar month, such as January 2018."""

    year: int
    month: int


@attrs.frozen(kw_only=True)
class MonthRange:
    """A span of calendar months, first and last included (平成30年1月～12月)."""

    first: YearMonth
    last: YearMonth


@attrs.frozen(kw_only=True)
class FiscalYearPeriod:
    """One fiscal year taken as a period (令和元年度)."""

    fiscal_year: int


@attrs.frozen(kw_only=True)
class YearSpan:
    """The fiscal years an initiative ran: （Ｒ３～４）, or （Ｒ５～） with no end."""

    first: int
    last: int | None = None


@attrs.frozen(kw_only=True)
class PlanPeriod:
    """The fiscal years a plan covers, first and last included (R3–R7)."""

    first: int
    last: int


@attrs.frozen(kw_only=True)
class Rounding:
    """How computed rates are rounded: decimal places and mode."""

    places: int = 1
    mode: RoundingMode = RoundingMode.HALF_UP


@attrs.frozen(kw_only=True)
class Category:
    """A term a plan declares for itself: a direction (拡充) or a measure rating (A).

    ``code`` is what the plan's items refer to; ``label`` is printed (the code
    when absent); ``colour`` is an ``#RRGGBB`` colour for reports.
    """

    code: str
    label: str | None = None
    colour: str | None = None
    description: str | None = None


@attrs.frozen(kw_only=True)
class GradeRule:
    """One rule of a plan's grading (evaluation categories).

    The rule matches when its ``metric`` can be computed and lies within
    every bound given: ``above`` (strictly greater), ``at_least``, ``below``
    (strictly less), ``at_most``. ``has_value`` and ``no_value`` take no
    bounds; ``status`` takes ``statuses``, codes of the plan's status
    categories, instead. The first matching rule of the list gives the
    grade: grades rank in the order of their rules, the first the best.
    """

    label: str
    metric: Metric
    colour: str | None = None
    description: str | None = None
    above: Decimal | None = None
    at_least: Decimal | None = None
    below: Decimal | None = None
    at_most: Decimal | None = None
    statuses: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class YearOnYear:
    """How the change since the previous published year (前年度比) is marked.

    A change within ``tolerance`` is level (→): in % of the previous value,
    or in percentage points for a percentage KPI. ``marks``: reports show
    the arrows. ``arrows``: whether ↑ means better or higher.
    """

    tolerance: Decimal = Decimal(0)
    marks: bool = False
    arrows: Arrows = Arrows.IMPROVEMENT


@attrs.frozen(kw_only=True)
class Note:
    """A note printed with the KPI table.

    A note with an ``id`` (such as ``注1``) is referred to by observations; one
    without is a general remark (printed after ※).
    """

    text: str
    id: str | None = None


@attrs.frozen(kw_only=True)
class Scope:
    """What a KPI counts, optionally for a range of fiscal years only.

    Two scopes with years mark a break in the series: KPIs 1-3 of Yonezawa
    count establishments with 4 or more employees up to R2 (``until=2020``)
    and all but sole proprietors from R3 (``since=2021``).
    """

    text: str
    since: int | None = None
    until: int | None = None


@attrs.frozen(kw_only=True)
class Baseline:
    """A KPI's starting value and the period it was measured in."""

    value: Decimal
    period: FiscalYearPeriod | MonthRange


@attrs.frozen(kw_only=True)
class Observation:
    """A KPI's figure for one fiscal year, or the reason there is none.

    ``value`` is the figure as published (for a stock: its running total).
    ``increment`` is a stock's own count for the year, where the document
    gives it. ``status`` is a qualitative KPI's status for the year, the
    code of one of the plan's status categories. ``missing`` says why there
    is no value; ``note`` names a :class:`Note` by its id.
    """

    fiscal_year: int
    value: Decimal | None = None
    increment: Decimal | None = None
    status: str | None = None
    missing: Missing | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Target:
    """A KPI's target value and the fiscal year it is due.

    ``per_year`` (flows only): the value is a yearly rate (2件/年); the
    target over the plan is that rate times the plan years up to the
    target's year.
    """

    value: Decimal
    fiscal_year: int
    per_year: bool = False


@attrs.frozen(kw_only=True)
class InterimTarget:
    """A value a KPI is expected to reach by a fiscal year on its way to the target."""

    fiscal_year: int
    value: Decimal


@attrs.frozen(kw_only=True)
class Kpi:
    """A key performance indicator (評価指数).

    ``unit`` is printed after every value (億円); empty for a unitless
    figure. ``unit_per`` completes it where baseline and target are ratios
    (万円/人 has ``unit_per="人"``). ``scale`` says whether the figures are
    numbers, percentages or statuses. ``method`` overrides the plan's
    method for this KPI. ``attached_to`` names the entry the KPI belongs to
    (a 基本目標's 数値目標, a 施策's ＫＰＩ); a KPI attached to none belongs
    to the plan itself. ``department`` names who reports the KPI's figures
    each year (総務課); empty when the plan does not say. ``decimals`` is how
    many decimals its figures are shown with (rounded half up); without it
    each figure shows the digits it was given (230 as 230, 1.35 as 1.35).
    """

    number: int
    name: str
    unit: str = ""
    department: str = ""
    scopes: tuple[Scope, ...] = ()
    source: str | None = None
    figures_by: FiguresBy = FiguresBy.FISCAL_YEAR
    unit_per: str | None = None
    decimals: int | None = None
    scale: Scale = Scale.NUMBER
    kind: KpiKind = KpiKind.LEVEL
    polarity: Polarity = Polarity.HIGHER_IS_BETTER
    method: Method | None = None
    attached_to: EntryRef | None = None
    baseline: Baseline | None = None
    observations: tuple[Observation, ...] = ()
    target: Target | None = None
    interim_targets: tuple[InterimTarget, ...] = ()


@attrs.frozen(kw_only=True)
class ReferenceIndicator:
    """Yearly figures printed for reference, with no target (［参考］)."""

    name: str
    unit: str
    observations: tuple[Observation, ...]


@attrs.frozen(kw_only=True)
class Detail:
    """A labelled detail of an initiative (［主な事業内容］…)."""

    heading: str
    text: str


@attrs.frozen(kw_only=True)
class Repeat:
    """An item listed again (（再掲）): a reference to the first one, by id.

    It stands where the document lists the item again and refers to an
    item of the same kind (initiative, issue or direction item).
    """

    repeat_of: str


@attrs.frozen(kw_only=True)
class Initiative:
    """Something done under a measure (実施状況): a ■ item.

    ``title`` is absent where the document gives the text alone.
    ``id`` lets a :class:`Repeat` refer to it.
    """

    paragraphs: tuple[str, ...]
    id: str | None = None
    title: str | None = None
    years: YearSpan | None = None
    details: tuple[Detail, ...] = ()
    reference_indicators: tuple[ReferenceIndicator, ...] = ()


@attrs.frozen(kw_only=True)
class Issue:
    """A problem found (課題)."""

    text: str
    id: str | None = None


@attrs.frozen(kw_only=True)
class DirectionItem:
    """One point of a measure's future direction."""

    text: str
    id: str | None = None


@attrs.frozen(kw_only=True)
class Direction:
    """Which way a measure goes next (今後の方向性): a category and its items.

    Where the plan declares its direction categories, ``category`` must be
    one of their codes.
    """

    category: str
    items: tuple[DirectionItem | Repeat, ...]


@attrs.frozen(kw_only=True)
class Review:
    """The written evaluation of entries of the plan's last level (施策６ and ７ share one).

    ``entries`` are the numbers of the entries it covers; ``rating`` is the
    code of one of the plan's measure ratings.
    """

    entries: tuple[int, ...]
    initiatives: tuple[Initiative | Repeat, ...]
    issues: tuple[Issue | Repeat, ...]
    direction: Direction
    rating: str | None = None


@attrs.frozen(kw_only=True)
class Level:
    """A tier of the plan's structure, named as the plan names it (基本戦略, 基本目標, 柱, 施策).

    ``indicators`` is what the plan calls the indicators attached at this
    level (数値目標, ＫＰＩ); reports print it where they would print 評価指数.
    """

    name: str
    indicators: str | None = None


@attrs.frozen(kw_only=True)
class Entry:
    """An entry of the plan's structure: a basic goal, a policy, a measure.

    Its level is its depth: the plan's top-level entries are at the first of
    the plan's levels, their ``entries`` at the second, and so on. ``number``
    is unique within its level across the whole plan (施策 are numbered
    across the plan). ``priority`` marks a priority entry (重点施策);
    ``kpis`` lists the numbers of the KPIs it serves, where the plan links
    them, wherever those KPIs are attached.
    """

    number: int
    title: str
    priority: bool = False
    kpis: tuple[int, ...] = ()
    entries: tuple[Entry, ...] = ()


@attrs.frozen(kw_only=True)
class EntryRef:
    """A reference to an entry of the plan's structure: its level's name and its number."""

    level: str
    number: int


@attrs.frozen(kw_only=True)
class NextPlanHeading:
    """A heading of the section on the next plan, with its items."""

    title: str
    items: tuple[str, ...]


@attrs.frozen(kw_only=True)
class NextPlanSection:
    """The closing section on the next plan: title, lead sentence, headings."""

    title: str
    lead: str
    headings: tuple[NextPlanHeading, ...]


@attrs.frozen(kw_only=True)
class Meeting:
    """The meeting an evaluation document was handed to."""

    name: str
    date: datetime.date


@attrs.frozen(kw_only=True)
class Document:
    """The evaluation document's own metadata.

    ``as_of``: figures published after this date are not counted.
    """

    title: str
    label: str | None = None
    meeting: Meeting | None = None
    as_of: datetime.date | None = None


@attrs.frozen(kw_only=True)
class Era:
    """A Japanese era: its name (令和), its one-letter abbreviation (R) and its first day.

    planeval's own eras are package data (:data:`planeval.periods.ERAS`); a plan
    may declare the ones after them (:attr:`Plan.eras`).
    """

    name: str
    letter: str
    start: datetime.date


@attrs.frozen(kw_only=True)
class Plan:
    """A municipal plan with everything its evaluation document holds.

    ``municipality_code`` is the 全国地方公共団体コード (six digits, the last a
    check digit: 米沢市 is ``062022``), which tells apart municipalities of
    the same name. ``locale`` names the language reports are written in
    (``ja`` or ``en``).
    ``grading`` is the ordered list of rules that grade each KPI.
    ``path_tolerance`` is how far, in % of the planned change, progress may
    stray from the expected path and still be on track (5 when absent).
    ``zero_target`` gives the rate of a KPI whose target is 0; ``cap_rates``
    caps rates at 100; ``path_origin`` says where the expected path starts;
    ``path_statuses`` gives the plan's own words for the path statuses
    (codes ``ahead``, ``on_track``, ``behind``; 順調, 概ね順調, 遅れ when
    absent); reports show each KPI's status where the plan grades its KPIs
    or declares these words. ``yearly_rates`` asks reports for a rate in
    every year with a value; ``year_on_year`` says how changes since the
    previous year are marked. ``status_categories`` declare the statuses of
    qualitative KPIs; ``direction_categories`` and ``measure_ratings`` the
    plan's own vocabulary for the review of measures. ``levels`` names the
    tiers of the plan's structure, one to four, and ``entries`` are the
    entries of the first tier, each holding those of the next.
    ``indicators`` is what the plan calls the KPIs attached to the plan
    itself (評価指数（ＫＰＩ） when absent). ``eras`` declares eras that
    begin after the last one planeval knows, oldest first, so that years
    and dates in them are labelled before planeval knows them.

    :meth:`kpi` and :meth:`entry` look items up by number;
    :meth:`with_observation` gives a new plan with one more year's figure.
    """

    municipality: str
    municipality_code: str | None = None
    title: str
    document: Document
    period: PlanPeriod
    locale: str = "ja"
    fiscal_year_start_month: int = 4
    fiscal_year_naming: FiscalYearNaming = FiscalYearNaming.START
    method: Method = Method.ACHIEVEMENT_RATE
    rounding: Rounding = Rounding()
    zero_target: ZeroTarget = ZeroTarget.PROGRESS_FROM_BASELINE
    cap_rates: bool = False
    yearly_rates: bool = False
    grading: tuple[GradeRule, ...] = ()
    path_tolerance: Decimal | None = None
    path_origin: PathOrigin = PathOrigin.PLAN_START
    path_statuses: tuple[Category, ...] = ()
    year_on_year: YearOnYear = YearOnYear()
    status_categories: tuple[Category, ...] = ()
    direction_categories: tuple[Category, ...] = ()
    measure_ratings: tuple[Category, ...] = ()
    notes: tuple[Note, ...] = ()
    levels: tuple[Level, ...] = ()
    indicators: str | None = None
    entries: tuple[Entry, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    reviews: tuple[Review, ...] = ()
    next_plan: NextPlanSection | None = None
    eras: tuple[Era, ...] = ()

    def kpi(self, number: int) -> Kpi:
        """The KPI numbered ``number``; :class:`~planeval.errors.NotInPlanError` if none is."""
        for kpi in self.kpis:
            if kpi.number == number:
                return kpi
        raise NotInPlanError(
            f"the plan has no KPI {number}; {_numbers('KPI', [k.number for k in self.kpis])}"
        )

    def entry(self, level: str, number: int) -> Entry:
        """The entry numbered ``number`` at the level named ``level`` (施策, 3).

        Raises :class:`~planeval.errors.NotInPlanError` for a level the plan
        does not name, or a number its level does not have.
        """
        names = [each.name for each in self.levels]
        if level not in names:
            known = ", ".join(names) if names else "none"
            raise NotInPlanError(f"the plan has no level {level!r}; its levels: {known}")
        depth = names.index(level)
        found = self.entries
        for _ in range(depth):
            found = tuple(child for parent in found for child in parent.entries)
        for entry in found:
            if entry.number == number:
                return entry
        numbers = _numbers(level, [entry.number for entry in found])
        raise NotInPlanError(f"the plan has no {level} {number}; {numbers}")

    def with_observation(
        self,
        *,
        kpi: int,
        year: int,
        value: Decimal | int | str | None = None,
        missing: Missing | None = None,
        status: str | None = None,
        note: str | None = None,
        increment: Decimal | int | str | None = None,
        replace: bool = False,
    ) -> Plan:
        """A new plan whose KPI ``kpi`` has this observation for fiscal year ``year``.

        ``value`` and ``increment`` are exact: a :class:`~decimal.Decimal`, an
        int or a string such as ``"1.35"``; a float raises :class:`TypeError`
        (pass ``Decimal("1.35")`` or ``"1.35"``). The observation is placed in
        fiscal-year order. Where the KPI already has a different observation
        for that year, :class:`~planeval.errors.ObservationConflictError` is
        raised unless ``replace=True``; an equal one leaves the plan as it is.
        An unknown KPI raises :class:`~planeval.errors.NotInPlanError`. The
        new plan is checked when it is evaluated or exported, not here.
        """
        if isinstance(year, bool) or not isinstance(year, int):
            raise TypeError(f"year must be an int (a fiscal year such as 2025), not {year!r}")
        observation = Observation(
            fiscal_year=year,
            value=_exact(value, "value"),
            increment=_exact(increment, "increment"),
            status=status,
            missing=missing,
            note=note,
        )
        index = next((i for i, each in enumerate(self.kpis) if each.number == kpi), None)
        if index is None:
            self.kpi(kpi)  # raises, naming the numbers there are
        assert index is not None
        old = self.kpis[index]
        kept = [each for each in old.observations if each.fiscal_year != year]
        if len(kept) < len(old.observations):
            current = next(each for each in old.observations if each.fiscal_year == year)
            if current == observation:
                return self
            if not replace:
                raise ObservationConflictError(
                    f"KPI {kpi} already has an observation for fiscal year {year} "
                    f"({current}); pass replace=True to replace it with {observation}"
                )
        place = next((i for i, each in enumerate(kept) if each.fiscal_year > year), len(kept))
        kept.insert(place, observation)
        new_kpi = attrs.evolve(old, observations=tuple(kept))
        return attrs.evolve(self, kpis=(*self.kpis[:index], new_kpi, *self.kpis[index + 1 :]))


#: The numbers an error message lists at most.
_LISTED = 20


def _numbers(what: str, numbers: list[int]) -> str:
    if not numbers:
        return f"it has no {what}"
    shown = ", ".join(str(number) for number in numbers[:_LISTED])
    more = f", … ({len(numbers)} in all)" if len(numbers) > _LISTED else ""
    return f"its {what} numbers: {shown}{more}"


def _exact(number: Decimal | int | str | None, name: str) -> Decimal | None:
    """An exact Decimal from a Decimal, an int or a numeric string; never from a float."""
    if number is None or isinstance(number, Decimal):
        result = number
    elif isinstance(number, float):
        raise TypeError(
            f"{name} {number!r} is a float, which is not exact: "
            f'pass Decimal("{number!r}") or the string "{number!r}"'
        )
    elif isinstance(number, bool) or not isinstance(number, int | str):
        raise TypeError(f"{name} must be a Decimal, an int or a string, not {number!r}")
    else:
        try:
            result = Decimal(number)
        except InvalidOperation:
            raise ValueError(f"{name} {number!r} is not a number") from None
    if result is not None and not result.is_finite():
        raise ValueError(f"{name} {number!r} is not a finite number")
    return result
