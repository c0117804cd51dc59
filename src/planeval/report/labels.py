"""The words reports print, one explicit set of templates per language.

Each set is a :class:`Labels`; code asks for a label by name and never
spells a word itself, so that a language is added in one place. Labels with
``{placeholders}`` are filled in by :mod:`planeval.report.phrases`. Where
languages differ in more than words (whether a month names its era, whether
a year span drops a repeated era letter), the set says so in a field of its
own: nothing infers "Japanese" from another setting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from planeval.evaluation import Reason, Trend
from planeval.model import Method, Missing, PathStatus, Plan, Polarity
from planeval.periods import FiscalYearStyle

__all__ = ["ENGLISH", "JAPANESE", "LABELS", "Labels", "labels_for"]


@attrs.frozen(kw_only=True)
class Labels:
    """The printed words of one language, and how it writes years, dates and numbers.

    ``year_style`` labels fiscal years in headings (令和3年度, FY2021),
    ``short_year_style`` in compact places (R3, FY2021); ``wide_numbers``
    writes numbers in headings and year spans full-width (施策１, （Ｒ５～））;
    ``month_names`` are used for dates and months where the language spells
    them (English); ``months_name_eras`` says a month is written with its
    era (平成30年1月), so a span's year is written once only within one era;
    ``year_span_drops_repeated_era`` writes （Ｒ３～４） for （Ｒ３～Ｒ４）.
    """

    locale: str
    year_style: FiscalYearStyle
    short_year_style: FiscalYearStyle
    wide_numbers: bool
    month_names: tuple[str, ...]
    months_name_eras: bool
    year_span_drops_repeated_era: bool
    date_long: str
    date_short: str
    spreadsheet_date: str
    month: str
    month_range: str
    month_range_same_year: str
    year_span_open: str
    year_span_gap: str
    year_span_closed: str
    year_span_single: str
    # The KPI table.
    kpi_section: str
    indicators: str
    indicators_separator: str
    number: str
    kpi: str
    baseline: str
    progress_header: str
    table_continued: str
    latest_year: str
    latest_value: str
    value: str
    target: str
    achievement_rate: str
    rate_captions: Mapping[tuple[Method, Polarity], str]
    target_reached_caption: str
    capped_caption: str
    reference_year: str
    fiscal_year_heading: str
    percent: str
    # Marks rendered from the model.
    cumulative: str
    cumulative_before: str
    flow_total: str
    running_total_since: str
    per_year: str
    increment: str
    missing: Mapping[Missing, str]
    note_reference: str
    general_note_mark: str
    numbered_note: str
    scope_since: str
    scope_until: str
    scope_separator: str
    scope_brackets: str
    source_note: str
    calendar_year_figures: str
    repeat_mark: str
    detail_brackets: str
    reference_brackets: str
    reference_value: str
    reference_separator: str
    item_mark: str
    sub_item_mark: str
    # The review of measures.
    measures_section: str
    group_heading: str
    entry_heading: str
    priority: str
    initiatives: str
    issues: str
    direction_heading: str
    direction_and_rating: str
    repeat_column: str
    section_heading: str
    heading: str
    years: str
    text: str
    reference_indicators: str
    section_kind: str
    unit: str
    # The next plan and the document.
    municipality: str
    plan_title: str
    plan_period: str
    period_range: str
    document_title: str
    document_label: str
    meeting: str
    meeting_date: str
    as_of: str
    # Sheets.
    sheet_kpis: str
    sheet_charts: str
    sheet_chart_data: str
    sheet_measures: str
    sheet_reference: str
    sheet_next_plan: str
    sheet_document: str
    chart_values: str
    chart_target: str
    # Charts: series, categories, the alt text, the cap.
    charts_heading: str
    chart_totals: str
    chart_baseline: str
    chart_expected: str
    chart_interim: str
    chart_category_reference: str
    chart_description: str
    chart_point: str
    chart_reference_point: str
    chart_no_value: str
    chart_baseline_point: str
    chart_interim_point: str
    chart_target_point: str
    charts_omitted_one: str
    charts_omitted_range: str
    # Grades, path statuses and measure ratings.
    grade: str
    grade_legend: str
    grade_legend_item: str
    path_status: str
    path_statuses: Mapping[PathStatus, str]
    trend: str
    trends: Mapping[Trend, str]
    trend_change: str
    points: str
    rating: str
    # Reasons a rate is missing.
    no_rate: str
    reasons: Mapping[Reason, str]

    def charts_omitted(self, numbers: Sequence[int], limit: int) -> str | None:
        """The line naming the KPIs that have no chart past ``limit`` charts, else None.

        KPI 61～1000 のグラフは省略しています（グラフは60件まで）。: the first
        and the last of ``numbers``, the KPIs in order.
        """
        if not numbers:
            return None
        template = self.charts_omitted_one if len(numbers) == 1 else self.charts_omitted_range
        return template.format(first=numbers[0], last=numbers[-1], limit=limit)


# The arrows of the change since last year, alike in every language.
_ARROWS: Mapping[Trend, str] = {Trend.UP: "↑", Trend.FLAT: "→", Trend.DOWN: "↓"}

#: Japanese, in the words of the Yonezawa evaluation document.
JAPANESE = Labels(
    locale="ja",
    year_style=FiscalYearStyle.ERA,
    short_year_style=FiscalYearStyle.ERA_SHORT,
    wide_numbers=True,
    month_names=(),
    months_name_eras=True,
    year_span_drops_repeated_era=True,
    date_long="{era}",
    date_short="{era_short}",
    spreadsheet_date="yyyy/m/d",  # 2025/7/3, beside 令和7年7月3日 written out
    month="{era_year}年{month}月",
    month_range="{first}～{last}",
    month_range_same_year="{first}～{last_month}月",
    year_span_open="（{first}～）",
    year_span_gap="",
    year_span_closed="（{first}～{last}）",
    year_span_single="（{first}）",
    kpi_section="{indicators}の進捗状況",
    indicators="評価指数（ＫＰＩ）",
    indicators_separator="・",
    number="No.",
    kpi="評価区分",
    baseline="基準値",
    progress_header="進捗状況",
    table_continued="（前の表の続き）",
    latest_year="年度",
    latest_value="最新値",
    value="値",
    target="目標値",
    achievement_rate="達成率",
    rate_captions={
        (Method.ACHIEVEMENT_RATE, Polarity.HIGHER_IS_BETTER): "(最新値/目標値×100)",
        (Method.ACHIEVEMENT_RATE, Polarity.LOWER_IS_BETTER): "(目標値/最新値×100)",
        (Method.PROGRESS_FROM_BASELINE, Polarity.HIGHER_IS_BETTER): (
            "((最新値－基準値)/(目標値－基準値)×100)"
        ),
        (Method.PROGRESS_FROM_BASELINE, Polarity.LOWER_IS_BETTER): (
            "((基準値－最新値)/(基準値－目標値)×100)"
        ),
        (Method.ACTUAL_OVER_TARGET, Polarity.HIGHER_IS_BETTER): "(最新値/目標値×100)",
        (Method.ACTUAL_OVER_TARGET, Polarity.LOWER_IS_BETTER): "(最新値/目標値×100)",
    },
    target_reached_caption="(目標値0の達成で100、未達成で0)",
    capped_caption="{caption}（上限100）",
    reference_year="（参考）",
    fiscal_year_heading="({year})",
    percent="％",
    cumulative="累計",
    cumulative_before="過去累計",
    flow_total="延べ",
    running_total_since="{first}～延べ",
    per_year="/年",
    increment="（{value}）",
    missing={Missing.UNPUBLISHED: "未発表", Missing.NOT_COLLECTED: "未調査"},
    note_reference="({id})",
    general_note_mark="※",
    numbered_note="({id}) {text}",
    scope_since="{year}～：{text}",
    scope_until="～{year}：{text}",
    scope_separator="、",
    scope_brackets="({scopes})",
    source_note="出典：{source}",
    calendar_year_figures="（暦年の値）",
    repeat_mark="（再掲）",
    detail_brackets="［{heading}］",
    reference_brackets="［参考］",
    reference_value="{year}：{value}",
    reference_separator="、",
    item_mark="■",
    sub_item_mark="・",
    measures_section="各{level}の実施状況、課題及び今後の方向性",
    group_heading="（{level}{number}）",
    entry_heading="{level}{number}",
    priority="重点{level}",
    initiatives="実施状況",
    issues="課題",
    direction_heading="今後の方向性：{category}",
    direction_and_rating="{direction}、評価：{rating}",
    repeat_column="再掲",
    section_heading="{number} {title}",
    heading="見出し",
    years="年度",
    text="内容",
    reference_indicators="参考指標",
    section_kind="区分",
    unit="単位",
    municipality="自治体",
    plan_title="計画",
    plan_period="計画期間",
    period_range="{first}～{last}",
    document_title="文書",
    document_label="資料番号",
    meeting="会議",
    meeting_date="開催日",
    as_of="評価時点",
    sheet_kpis="評価指数（ＫＰＩ）",
    sheet_charts="グラフ",
    sheet_chart_data="グラフデータ",
    sheet_measures="{level}の評価",
    sheet_reference="参考指標",
    sheet_next_plan="次期計画の方向性",
    sheet_document="文書情報",
    chart_values="実績",
    chart_target="目標値",
    charts_heading="評価指数（ＫＰＩ）のグラフ",
    chart_totals="実績（{first}～延べ）",
    chart_baseline="基準値",
    chart_expected="想定される進捗",
    chart_interim="中間目標",
    chart_category_reference="{year}\n{mark}",
    chart_description="{name}の推移：{points}",
    chart_point="{year} {value}",
    chart_reference_point="{year} {value}（参考）",
    chart_no_value="値なし",
    chart_baseline_point="基準値 {value}",
    chart_interim_point="中間目標 {value}（{year}）",
    chart_target_point="目標 {value}（{year}）",
    charts_omitted_one="KPI {first} のグラフは省略しています（グラフは{limit}件まで）。",
    charts_omitted_range="KPI {first}～{last} のグラフは省略しています（グラフは{limit}件まで）。",
    grade="評価",
    grade_legend="［評価の基準］",
    grade_legend_item="{label}：{description}",
    trend="前年度比",
    trends=_ARROWS,
    trend_change="{arrow} {change}",
    points="ポイント",
    path_status="進捗",
    path_statuses={
        PathStatus.AHEAD: "順調",
        PathStatus.ON_TRACK: "概ね順調",
        PathStatus.BEHIND: "遅れ",
    },
    rating="評価",
    no_rate="－",
    reasons={
        Reason.NO_VALUE: "最新値がない",
        Reason.MISSING_YEAR: "値のない年度があり累計できない",
        Reason.NO_TARGET: "目標値がない",
        Reason.ZERO_TARGET: "目標値が0",
        Reason.ZERO_PROGRESS: "進捗値が0",
        Reason.NO_BASELINE: "基準値がない",
        Reason.TARGET_EQUALS_BASELINE: "目標値が基準値と同じ",
        Reason.NOT_APPLICABLE: "この指標には適用できない",
    },
)


#: English, for cities everywhere else.
ENGLISH = Labels(
    locale="en",
    year_style=FiscalYearStyle.WESTERN,
    short_year_style=FiscalYearStyle.WESTERN,
    wide_numbers=False,
    months_name_eras=False,
    year_span_drops_repeated_era=False,
    month_names=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    date_long="{day} {month_name} {year}",
    date_short="{year}-{month:02d}-{day:02d}",
    spreadsheet_date="d mmmm yyyy",
    month="{month_name} {year}",
    month_range="{first} – {last}",
    month_range_same_year="{first_month_name}–{last_month_name} {year}",
    year_span_open="({first}–)",
    year_span_gap=" ",
    year_span_closed="({first}–{last})",
    year_span_single="({first})",
    kpi_section="Progress of the {indicators}",
    indicators="key performance indicators (KPIs)",
    indicators_separator=" and ",
    number="No.",
    kpi="KPI",
    baseline="Baseline",
    progress_header="Progress",
    table_continued="(continued from the table above)",
    latest_year="Year",
    latest_value="Latest",
    value="Value",
    target="Target",
    achievement_rate="Achievement",
    rate_captions={
        (Method.ACHIEVEMENT_RATE, Polarity.HIGHER_IS_BETTER): "(latest / target × 100)",
        (Method.ACHIEVEMENT_RATE, Polarity.LOWER_IS_BETTER): "(target / latest × 100)",
        (Method.PROGRESS_FROM_BASELINE, Polarity.HIGHER_IS_BETTER): (
            "((latest − baseline) / (target − baseline) × 100)"
        ),
        (Method.PROGRESS_FROM_BASELINE, Polarity.LOWER_IS_BETTER): (
            "((baseline − latest) / (baseline − target) × 100)"
        ),
        (Method.ACTUAL_OVER_TARGET, Polarity.HIGHER_IS_BETTER): "(latest / target × 100)",
        (Method.ACTUAL_OVER_TARGET, Polarity.LOWER_IS_BETTER): "(latest / target × 100)",
    },
    target_reached_caption="(100 once the target of 0 is reached, else 0)",
    capped_caption="{caption} (at most 100)",
    reference_year="(reference)",
    fiscal_year_heading="({year})",
    percent="%",
    cumulative="total ",
    cumulative_before="total to date ",
    flow_total="in all ",
    running_total_since="{first}– total ",
    per_year="/year",
    increment="({value})",
    missing={Missing.UNPUBLISHED: "not yet published", Missing.NOT_COLLECTED: "not collected"},
    note_reference=" ({id})",
    general_note_mark="* ",
    numbered_note="({id}) {text}",
    scope_since="from {year}: {text}",
    scope_until="until {year}: {text}",
    scope_separator="; ",
    scope_brackets="({scopes})",
    source_note="Source: {source}",
    calendar_year_figures=" (calendar-year figures)",
    repeat_mark=" (repeated)",
    detail_brackets="[{heading}] ",
    reference_brackets="[Reference] ",
    reference_value="{year}: {value}",
    reference_separator=", ",
    item_mark="■",
    sub_item_mark="• ",
    measures_section="What each {level} did, its issues and its direction",
    group_heading="{level} {number}: ",
    entry_heading="{level} {number}",
    priority="Priority",
    initiatives="What was done",
    issues="Issues",
    direction_heading="Direction: {category}",
    direction_and_rating="{direction} (Rating: {rating})",
    repeat_column="(repeated)",
    section_heading="{number} {title}",
    heading="Heading",
    years="Years",
    text="Text",
    reference_indicators="Reference figures",
    section_kind="Part",
    unit="Unit",
    municipality="Municipality",
    plan_title="Plan",
    plan_period="Plan period",
    period_range="{first}–{last}",
    document_title="Document",
    document_label="Label",
    meeting="Meeting",
    meeting_date="Meeting date",
    as_of="As of",
    sheet_kpis="KPIs",
    sheet_charts="Charts",
    sheet_chart_data="Chart data",
    sheet_measures="{level} reviews",
    sheet_reference="Reference figures",
    sheet_next_plan="Next plan",
    sheet_document="Document",
    chart_values="actual",
    chart_target="target",
    charts_heading="Charts of the KPIs",
    chart_totals="actual, total since {first}",
    chart_baseline="baseline",
    chart_expected="expected path",
    chart_interim="interim target",
    chart_category_reference="{year}\n{mark}",
    chart_description="{name} by year: {points}",
    chart_point="{year} {value}",
    chart_reference_point="{year} {value} (reference)",
    chart_no_value="no value",
    chart_baseline_point="baseline {value}",
    chart_interim_point="interim target {value} ({year})",
    chart_target_point="target {value} ({year})",
    charts_omitted_one="KPI {first} has no chart: a report holds at most {limit} charts.",
    charts_omitted_range=(
        "KPIs {first} to {last} have no chart: a report holds at most {limit} charts."
    ),
    grade="Grade",
    grade_legend="Grades",
    grade_legend_item="{label}: {description}",
    trend="Since last year",
    trends=_ARROWS,
    trend_change="{arrow} {change}",
    points=" pt",
    path_status="Status",
    path_statuses={
        PathStatus.AHEAD: "ahead",
        PathStatus.ON_TRACK: "on track",
        PathStatus.BEHIND: "behind",
    },
    rating="Rating",
    no_rate="–",
    reasons={
        Reason.NO_VALUE: "no value yet",
        Reason.MISSING_YEAR: "a year has no value, so the counts cannot be summed",
        Reason.NO_TARGET: "no target",
        Reason.ZERO_TARGET: "the target is zero",
        Reason.ZERO_PROGRESS: "the progress value is zero",
        Reason.NO_BASELINE: "no baseline",
        Reason.TARGET_EQUALS_BASELINE: "the target equals the baseline",
        Reason.NOT_APPLICABLE: "does not apply to this KPI",
    },
)

#: Every label set, by locale.
LABELS: Mapping[str, Labels] = {labels.locale: labels for labels in (JAPANESE, ENGLISH)}


def labels_for(plan: Plan, locale: str | None = None) -> Labels:
    """The labels to write ``plan`` in: ``locale`` where given, else the plan's own.

    Raises :class:`ValueError` naming the locales there are, for an unknown one.
    """
    chosen = locale or plan.locale
    if chosen not in LABELS:
        raise ValueError(f"no labels for locale {chosen!r}; there are: {', '.join(LABELS)}")
    return LABELS[chosen]
