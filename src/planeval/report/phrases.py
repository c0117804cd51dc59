"""How the pieces of a plan read in a report, in one language.

The marks a document prints -- 累計, 過去累計, 延べ, /年, 未発表(注1), （再掲）,
（Ｒ５～） -- are rendered here from the model and a :class:`~planeval.report.labels.Labels`
set, never stored in the plan. Years, dates and numbers follow the labels'
language: 令和3年度 and R3 in Japanese, FY2021 in English. A :class:`Phrases`
takes the plan and the labels once; :mod:`planeval.report.build` is its only
user, and exporters read what it built.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta

from planeval.evaluation import Formula, KpiEvaluation
from planeval.formatting import format_number, fullwidth
from planeval.model import (
    DirectionItem,
    Entry,
    FiguresBy,
    FiscalYearPeriod,
    Initiative,
    Issue,
    Kpi,
    KpiKind,
    Method,
    MonthRange,
    Note,
    Observation,
    PathStatus,
    Plan,
    Polarity,
    ReferenceIndicator,
    Repeat,
    Scope,
    YearMonth,
    YearSpan,
)
from planeval.periods import (
    DateStyle,
    Era,
    era_of_date,
    era_table,
    label_date,
    label_fiscal_year,
)
from planeval.report.labels import Labels

__all__ = ["Item", "Phrases", "items_by_id", "report_timestamp", "resolve"]

#: An item of a measure's review: what a :class:`Repeat` refers to.
Item = Initiative | Issue | DirectionItem


def _era_of_month(month: YearMonth, eras: tuple[Era, ...]) -> Era:
    # The era of a month is the one in force at its end (2019-05 is 令和元年5月).
    last_day = datetime.date(month.year, month.month, 1) + relativedelta(months=1, days=-1)
    return era_of_date(last_day, eras=eras)


class Phrases:
    """The texts of one plan's report in one language.

    Years and dates are labelled in the plan's eras: planeval's, then those the
    plan declares.
    """

    def __init__(self, plan: Plan, labels: Labels) -> None:
        self.plan = plan
        self.labels = labels
        self.eras = era_table(plan.eras)
        # A report names the same few years thousands of times.
        self._years: dict[tuple[int, bool], str] = {}

    # -- numbers, years and dates ---------------------------------------------------

    def number(self, number: int) -> str:
        """A number in a heading: full-width in Japanese (１), as is in English."""
        return fullwidth(str(number)) if self.labels.wide_numbers else str(number)

    def fiscal_year(self, year: int, *, short: bool = False) -> str:
        """令和4年度 (R4 when ``short``) in Japanese; FY2022 in English, as the plan names years."""
        found = self._years.get((year, short))
        if found is None:
            labels, plan = self.labels, self.plan
            style = labels.short_year_style if short else labels.year_style
            found = label_fiscal_year(
                year,
                style,
                naming=plan.fiscal_year_naming,
                start_month=plan.fiscal_year_start_month,
                eras=self.eras,
            )
            self._years[(year, short)] = found
        return found

    def date(self, day: datetime.date, *, short: bool = False) -> str:
        """A date: 令和7年7月3日 or R7.7.3 in Japanese; 3 July 2025 or 2025-07-03 in English."""
        labels = self.labels
        template = labels.date_short if short else labels.date_long
        return template.format(
            era=label_date(day, DateStyle.ERA, eras=self.eras),
            era_short=label_date(day, DateStyle.ERA_SHORT, eras=self.eras),
            day=day.day,
            month=day.month,
            month_name=self._month_name(day.month),
            year=day.year,
        )

    def _month_name(self, month: int) -> str:
        names = self.labels.month_names
        return names[month - 1] if names else ""

    def _month(self, month: YearMonth) -> str:
        era = _era_of_month(month, self.eras)
        era_year = month.year - era.start.year + 1
        return self.labels.month.format(
            era_year=f"{era.name}{'元' if era_year == 1 else era_year}",
            month=month.month,
            month_name=self._month_name(month.month),
            year=month.year,
        )

    def month_range(self, span: MonthRange) -> str:
        """A span of months: 平成30年1月～12月, or January–December 2018."""
        labels, first, last = self.labels, span.first, span.last
        same_era = _era_of_month(first, self.eras) == _era_of_month(last, self.eras)
        # Within one year (and one era, where months name it) the year is written once.
        if first.year == last.year and (same_era or not labels.months_name_eras):
            return labels.month_range_same_year.format(
                first=self._month(first),
                last_month=last.month,
                first_month_name=self._month_name(first.month),
                last_month_name=self._month_name(last.month),
                year=first.year,
            )
        return labels.month_range.format(first=self._month(first), last=self._month(last))

    def year_span(self, span: YearSpan) -> str:
        """An initiative's years as the document writes them: （Ｒ５～）, （Ｒ３～４）, (FY2025)."""
        labels = self.labels
        first = self.fiscal_year(span.first, short=True)
        if span.last is None:
            text = labels.year_span_open.format(first=first)
        elif span.last == span.first:
            text = labels.year_span_single.format(first=first)
        else:
            last = self.fiscal_year(span.last, short=True)
            # Within one era the era's letter is not written twice: Ｒ３～４.
            repeated = last[:1] == first[:1] and last[:1].isalpha()
            if labels.year_span_drops_repeated_era and repeated:
                last = last[1:]
            text = labels.year_span_closed.format(first=first, last=last)
        return fullwidth(text) if labels.wide_numbers else text

    def period(self) -> str:
        """The plan period: 令和3年度～令和7年度."""
        period = self.plan.period
        return self.labels.period_range.format(
            first=self.fiscal_year(period.first), last=self.fiscal_year(period.last)
        )

    # -- a KPI's notes ----------------------------------------------------------------

    def _scope(self, scope: Scope) -> str:
        labels = self.labels
        since = None if scope.since is None else self.fiscal_year(scope.since, short=True)
        until = None if scope.until is None else self.fiscal_year(scope.until, short=True)
        if since is not None and until is None:
            return labels.scope_since.format(year=since, text=scope.text)
        if until is not None and since is None:
            return labels.scope_until.format(year=until, text=scope.text)
        if since is not None and until is not None:
            return labels.scope_since.format(year=f"{since}–{until}", text=scope.text)
        return scope.text

    def scopes(self, kpi: Kpi) -> str | None:
        """The KPI's scope notes: (～R2：従業者4人以上の事業所、R3～：個人経営を除く事業所)."""
        if not kpi.scopes:
            return None
        labels = self.labels
        joined = labels.scope_separator.join(self._scope(scope) for scope in kpi.scopes)
        return labels.scope_brackets.format(scopes=joined)

    def source(self, kpi: Kpi) -> str | None:
        """The KPI's data source note, saying when figures are calendar-year ones."""
        labels = self.labels
        calendar = labels.calendar_year_figures if kpi.figures_by is FiguresBy.CALENDAR_YEAR else ""
        if kpi.source is None:
            return calendar.strip() or None
        return labels.source_note.format(source=kpi.source) + calendar

    def kpi_title_lines(self, kpi: Kpi) -> tuple[str, ...]:
        """The KPI's name, then its scope and source notes where it has them."""
        extras = (self.scopes(kpi), self.source(kpi))
        return (kpi.name, *(extra for extra in extras if extra))

    def baseline_period(self, kpi: Kpi) -> str | None:
        """The period the baseline was measured in: (平成30年1月～12月), (令和元年度)."""
        if kpi.baseline is None:
            return None
        period = kpi.baseline.period
        if isinstance(period, FiscalYearPeriod):
            return f"({self.fiscal_year(period.fiscal_year)})"
        return f"({self.month_range(period)})"

    # -- marks ------------------------------------------------------------------------

    def stock_prefix(self, kpi: Kpi, *, before_plan: bool = False) -> str:
        """累計 before a stock's figures (過去累計 for its baseline); nothing for others."""
        if kpi.kind is not KpiKind.STOCK:
            return ""
        return self.labels.cumulative_before if before_plan else self.labels.cumulative

    def target_prefix(self, kpi: Kpi) -> str:
        """累計 before a stock's target; 延べ before a flow's target given as a total."""
        if kpi.kind is KpiKind.FLOW and kpi.target is not None and not kpi.target.per_year:
            return self.labels.flow_total
        return self.stock_prefix(kpi)

    def status(self, code: str) -> str:
        """A qualitative KPI's status as the plan names it: 実施済."""
        for category in self.plan.status_categories:
            if category.code == code:
                return category.label or category.code
        return code

    def path_status(self, status: PathStatus) -> str:
        """Where a KPI stands against its path, in the plan's words or the language's: 順調."""
        for declared in self.plan.path_statuses:
            if declared.code == status.value:
                return declared.label or declared.code
        return self.labels.path_statuses[status]

    def missing(self, observation: Observation) -> str:
        """Why a year has no value: 未発表, 未調査, or the no-value mark."""
        labels = self.labels
        return labels.missing[observation.missing] if observation.missing else labels.no_rate

    def note_mark(self, note_id: str | None) -> str | None:
        """The mark that refers to a note: (注1)."""
        return None if note_id is None else self.labels.note_reference.format(id=note_id)

    def running_total_prefix(self) -> str:
        """What a flow's running total is headed with: R3～延べ."""
        first = self.fiscal_year(self.plan.period.first, short=True)
        return self.labels.running_total_since.format(first=first)

    def rate_caption(self, method: Method, polarity: Polarity) -> str:
        """The formula a rate is computed by: (最新値/目標値×100)."""
        return self.labels.rate_captions[(method, polarity)]

    def formula_caption(self, result: KpiEvaluation, *, capped: bool) -> str:
        """The formula a KPI's rate was computed by, as the city prints it, with the cap."""
        labels = self.labels
        if result.formula is Formula.TARGET_REACHED:
            caption = labels.target_reached_caption
        else:
            caption = self.rate_caption(result.method, result.kpi.polarity)
        return labels.capped_caption.format(caption=caption) if capped else caption

    def note(self, note: Note) -> str:
        """A note under the table: ※…, or (注1) …."""
        if note.id is None:
            return f"{self.labels.general_note_mark}{note.text}"
        return self.labels.numbered_note.format(id=note.id, text=note.text)

    # -- headings and review items -------------------------------------------------------

    def section_heading(self, number: int, title: str) -> str:
        """A numbered section's heading: １ 評価指数（ＫＰＩ）の進捗状況."""
        return self.labels.section_heading.format(number=self.number(number), title=title)

    def level_name(self, level: int) -> str:
        """The name the plan gives its level ``level`` (from 0): 基本戦略, 施策."""
        levels = self.plan.levels
        return levels[level].name if 0 <= level < len(levels) else ""

    def entry_heading(self, level: int, entry: Entry, *, with_priority: bool = True) -> str:
        """An entry's heading: （基本戦略１）…; at the last level, 施策１ 重点施策 新時代…."""
        labels, name = self.labels, self.level_name(level)
        number = self.number(entry.number)
        priority = self.priority(level) if with_priority and entry.priority else ""
        if level < len(self.plan.levels) - 1:
            lead = labels.group_heading.format(level=name, number=number)
            return lead + (f"{priority} " if priority else "") + entry.title
        heading = labels.entry_heading.format(level=name, number=number)
        return " ".join(part for part in (heading, priority, entry.title) if part)

    def entry_label(self, level: int, number: int) -> str:
        """An entry named by its level and number alone: 基本目標１, 施策３."""
        return self.labels.entry_heading.format(
            level=self.level_name(level), number=self.number(number)
        )

    def priority(self, level: int) -> str:
        """The mark of a priority entry at ``level``: 重点施策."""
        return self.labels.priority.format(level=self.level_name(level))

    def reviews_title(self) -> str:
        """The title of the section of reviews: 各基本戦略の実施状況、課題及び今後の方向性."""
        return self.labels.measures_section.format(level=self.level_name(0))

    def reviews_sheet(self) -> str:
        """The name of a sheet of reviews: 施策の評価."""
        return self.labels.sheet_measures.format(level=self.level_name(len(self.plan.levels) - 1))

    def category(self, code: str, *, ratings: bool = False) -> str:
        """The label the plan declares for a direction category (or a rating) code."""
        declared = self.plan.measure_ratings if ratings else self.plan.direction_categories
        for category in declared:
            if category.code == code:
                return category.label or category.code
        return code

    def reference(self, indicator: ReferenceIndicator) -> str:
        """Reference figures in a line: ［参考］マッチング件数 R3：49件、R4：72件."""
        labels = self.labels
        values = labels.reference_separator.join(
            labels.reference_value.format(
                year=self.fiscal_year(obs.fiscal_year, short=True),
                value=self.missing_with_note(obs)
                if obs.value is None
                else f"{format_number(obs.value)}{indicator.unit}{self.note_mark(obs.note) or ''}",
            )
            for obs in indicator.observations
        )
        return f"{labels.reference_brackets}{indicator.name} {values}"

    def missing_with_note(self, observation: Observation) -> str:
        """Why a year has no value, with its note, in one line: 未発表(注1)."""
        return self.missing(observation) + (self.note_mark(observation.note) or "")

    def detail(self, heading: str, text: str) -> str:
        """A detail of an initiative: ［見出し］text."""
        return self.labels.detail_brackets.format(heading=heading) + text


def report_timestamp(plan: Plan) -> datetime.datetime:
    """The fixed time a report is stamped with, so that the same plan gives the same bytes.

    The document's as-of date, else its meeting's date, else the first day of
    the plan, at midnight UTC.
    """
    meeting = plan.document.meeting
    day = plan.document.as_of or (meeting.date if meeting is not None else None)
    if day is None:
        day = datetime.date(plan.period.first, plan.fiscal_year_start_month, 1)
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def items_by_id(plan: Plan) -> dict[str, Item]:
    """Every review item that has an id, by id: what repeated items refer to."""
    found: dict[str, Item] = {}
    for review in plan.reviews:
        for item in (*review.initiatives, *review.issues, *review.direction.items):
            if not isinstance(item, Repeat) and item.id is not None:
                found.setdefault(item.id, item)
    return found


def resolve(item: Item | Repeat, by_id: dict[str, Item]) -> tuple[Item, bool]:
    """The item itself, or the one a repeat refers to; and whether it is a repeat."""
    if isinstance(item, Repeat):
        return by_id[item.repeat_of], True
    return item, False
