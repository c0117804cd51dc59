"""How the pieces of a plan read in a report, shared by every exporter.

The marks a document prints -- 累計, 過去累計, 延べ, /年, 未発表(注1), （再掲）,
（Ｒ５～） -- are rendered here from the model and a :class:`~planeval.labels.Labels`
set, never stored in the plan. Years, dates and numbers follow the labels'
language: 令和3年度 and R3 in Japanese, FY2021 in English.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from planeval.evaluation import KpiEvaluation
from planeval.formatting import format_number, fullwidth
from planeval.labels import Labels
from planeval.model import (
    DirectionItem,
    FiguresBy,
    FiscalYearPeriod,
    Initiative,
    Issue,
    Kpi,
    KpiKind,
    Measure,
    Method,
    MonthRange,
    Note,
    Observation,
    Plan,
    Polarity,
    ReferenceIndicator,
    Repeat,
    Strategy,
    YearMonth,
    YearSpan,
)
from planeval.periods import DateStyle, Era, era_of_date, label_date, label_fiscal_year

__all__ = [
    "Item",
    "baseline_period_text",
    "baseline_text",
    "category_label",
    "date_text",
    "fiscal_year_text",
    "increment_text",
    "items_by_id",
    "kpi_title_lines",
    "measure_heading_text",
    "missing_text",
    "month_range_text",
    "note_text",
    "number_text",
    "observation_text",
    "own_rate_caption",
    "quantity_text",
    "rate_caption",
    "rate_text",
    "reference_text",
    "report_timestamp",
    "resolve",
    "running_total_prefix",
    "running_total_text",
    "scope_text",
    "shared_rate_formula",
    "source_text",
    "strategy_heading_text",
    "target_text",
    "target_total_text",
    "unit_text",
    "value_text",
    "year_span_text",
]

#: An item of a measure's review: what a :class:`Repeat` refers to.
Item = Initiative | Issue | DirectionItem


def number_text(number: int, labels: Labels) -> str:
    """A number in a heading: full-width in Japanese (１), as is in English."""
    return fullwidth(str(number)) if labels.wide_numbers else str(number)


def fiscal_year_text(year: int, plan: Plan, labels: Labels, *, short: bool = False) -> str:
    """Label a fiscal year by the plan's and the language's conventions.

    令和4年度 (R4 when ``short``) in Japanese; FY2022 in English, named by the
    year it starts or ends in as the plan says.
    """
    style = labels.short_year_style if short else labels.year_style
    return label_fiscal_year(
        year, style, naming=plan.fiscal_year_naming, start_month=plan.fiscal_year_start_month
    )


def date_text(day: datetime.date, labels: Labels, *, short: bool = False) -> str:
    """A date: 令和7年7月3日 or R7.7.3 in Japanese; 3 July 2025 or 2025-07-03 in English."""
    template = labels.date_short if short else labels.date_long
    month_name = labels.month_names[day.month - 1] if labels.month_names else ""
    return template.format(
        era=label_date(day, DateStyle.ERA),
        era_short=label_date(day, DateStyle.ERA_SHORT),
        day=day.day,
        month=day.month,
        month_name=month_name,
        year=day.year,
    )


def _era_of_month(month: YearMonth) -> Era:
    # The era of a month is the one in force at its end (2019-05 is 令和元年5月).
    last_day = datetime.date(month.year, month.month, 1) + relativedelta(months=1, days=-1)
    return era_of_date(last_day)


def _month_text(month: YearMonth, labels: Labels) -> str:
    era = _era_of_month(month)
    era_year = month.year - era.start.year + 1
    return labels.month.format(
        era_year=f"{era.name}{'元' if era_year == 1 else era_year}",
        month=month.month,
        month_name=labels.month_names[month.month - 1] if labels.month_names else "",
        year=month.year,
    )


def month_range_text(span: MonthRange, labels: Labels) -> str:
    """A span of months: 平成30年1月～12月, or January–December 2018."""
    first, last = span.first, span.last
    first_text, last_text = _month_text(first, labels), _month_text(last, labels)
    same_era = _era_of_month(first) is _era_of_month(last)
    # Within one year (and one era, where eras are written) the year is written once.
    if first.year == last.year and (same_era or not labels.wide_numbers):
        names = labels.month_names
        return labels.month_range_same_year.format(
            first=first_text,
            last_month=last.month,
            first_month_name=names[first.month - 1] if names else "",
            last_month_name=names[last.month - 1] if names else "",
            year=first.year,
        )
    return labels.month_range.format(first=first_text, last=last_text)


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
            year = fiscal_year_text(scope.since, plan, labels, short=True)
            parts.append(labels.scope_since.format(year=year, text=scope.text))
        elif scope.until is not None and scope.since is None:
            year = fiscal_year_text(scope.until, plan, labels, short=True)
            parts.append(labels.scope_until.format(year=year, text=scope.text))
        elif scope.since is not None and scope.until is not None:
            since = fiscal_year_text(scope.since, plan, labels, short=True)
            until = fiscal_year_text(scope.until, plan, labels, short=True)
            parts.append(labels.scope_since.format(year=f"{since}–{until}", text=scope.text))
        else:
            parts.append(scope.text)
    return labels.scope_brackets.format(scopes=labels.scope_separator.join(parts))


def source_text(kpi: Kpi, labels: Labels) -> str | None:
    """The KPI's data source note, saying when figures are calendar-year ones."""
    calendar = labels.calendar_year_figures if kpi.figures_by is FiguresBy.CALENDAR_YEAR else ""
    if kpi.source is None:
        return calendar.strip() or None
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


def baseline_period_text(kpi: Kpi, plan: Plan, labels: Labels) -> str | None:
    """The period the baseline was measured in: (平成30年1月～12月), (令和元年度)."""
    if kpi.baseline is None:
        return None
    period = kpi.baseline.period
    if isinstance(period, FiscalYearPeriod):
        return f"({fiscal_year_text(period.fiscal_year, plan, labels)})"
    return f"({month_range_text(period, labels)})"


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


def increment_text(observation: Observation, kpi: Kpi, labels: Labels) -> str | None:
    """A stock's own count for the year, in brackets: （4社）."""
    if observation.increment is None:
        return None
    return labels.increment.format(value=value_text(observation.increment, kpi))


def running_total_prefix(plan: Plan, labels: Labels) -> str:
    """What a flow's running total is headed with: R3～延べ."""
    first = fiscal_year_text(plan.period.first, plan, labels, short=True)
    return labels.running_total_since.format(first=first)


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


def shared_rate_formula(plan: Plan) -> tuple[Method, Polarity] | None:
    """The method and polarity every KPI's rate shares, printed once in a table's header.

    None where they differ: each KPI's own formula is then printed with its rate.
    """
    formulas = {(kpi.method or plan.method, kpi.polarity) for kpi in plan.kpis}
    return next(iter(formulas)) if len(formulas) == 1 else None


def own_rate_caption(
    result: KpiEvaluation, shared: tuple[Method, Polarity] | None, labels: Labels
) -> str | None:
    """The caption a KPI's rate needs beside it: its formula, unless the header gives it."""
    formula = (result.method, result.kpi.polarity)
    return None if formula == shared else rate_caption(*formula, labels)


def year_span_text(span: YearSpan, plan: Plan, labels: Labels) -> str:
    """An initiative's years as the document writes them: （Ｒ５～）, （Ｒ３～４）, (FY2025)."""
    first = fiscal_year_text(span.first, plan, labels, short=True)
    if span.last is None:
        text = labels.year_span_open.format(first=first)
    elif span.last == span.first:
        text = labels.year_span_single.format(first=first)
    else:
        last = fiscal_year_text(span.last, plan, labels, short=True)
        # Within one era Japanese drops the era's letter the second time: Ｒ３～４.
        if labels.wide_numbers and last[:1] == first[:1] and last[:1].isalpha():
            last = last[1:]
        text = labels.year_span_closed.format(first=first, last=last)
    return fullwidth(text) if labels.wide_numbers else text


def note_text(note: Note, labels: Labels) -> str:
    """A note under the table: ※…, or (注1) …."""
    if note.id is None:
        return f"{labels.general_note_mark}{note.text}"
    return labels.numbered_note.format(id=note.id, text=note.text)


def strategy_heading_text(strategy: Strategy, labels: Labels) -> str:
    """A strategy's heading: （基本戦略１）ものづくり企業の経営基盤強化."""
    number = number_text(strategy.number, labels)
    return labels.strategy_heading.format(number=number) + strategy.title


def measure_heading_text(measure: Measure, labels: Labels, *, with_priority: bool = True) -> str:
    """A measure's heading: 施策１ 重点施策 新時代を見据えた…."""
    parts = [labels.measure_heading.format(number=number_text(measure.number, labels))]
    if with_priority and measure.priority:
        parts.append(labels.priority)
    parts.append(measure.title)
    return " ".join(parts)


def reference_text(indicator: ReferenceIndicator, plan: Plan, labels: Labels) -> str:
    """Reference figures in a line: ［参考］マッチング件数 R3：49件、R4：72件."""
    values = labels.reference_separator.join(
        labels.reference_value.format(
            year=fiscal_year_text(obs.fiscal_year, plan, labels, short=True),
            value=quantity_text(obs.value, indicator.unit)
            if obs.value is not None
            else missing_text(obs, labels),
        )
        for obs in indicator.observations
    )
    return f"{labels.reference_brackets}{indicator.name} {values}"


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


def category_label(code: str, plan: Plan, *, ratings: bool = False) -> str:
    """The label the plan declares for a direction category (or a rating) code."""
    declared = plan.measure_ratings if ratings else plan.direction_categories
    for category in declared:
        if category.code == code:
            return category.label or category.code
    return code


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
