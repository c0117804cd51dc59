"""The layout of a plan workbook: which sheet holds which part, column by column.

A plan workbook (``planeval workbook plan.json -o plan.xlsx``) holds the
plan file's data for people to edit in Excel: a sheet for each part, a row
for each item, a column for each field, headed in the plan's language. This
module says where everything goes, in both directions, on plain plan data
(what a JSON plan file parses to). :mod:`planeval.io.workbook_data` turns
the data into rows and back; the writer (:mod:`planeval.io.workbook_writer`)
and the reader (:mod:`planeval.io.workbook_reader`) only move cells.

A column's key is a dotted path within its row's item
(``baseline.period.fiscal_year``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

import attrs

import planeval.model as model

__all__ = [
    "CATEGORY_LISTS",
    "OBSERVATION_COLUMNS",
    "PLAN_TABLE",
    "REVIEW_PARTS",
    "TABLES",
    "Column",
    "Kind",
    "Table",
    "header",
    "level_names",
]

Data = dict[str, Any]


class Kind(enum.Enum):
    """What a column holds, and so how its cells are written and read."""

    TEXT = "text"
    INTEGER = "integer"
    YEAR = "year"
    NUMBER = "number"
    FLAG = "flag"
    CHOICE = "choice"
    DATE = "date"
    MONTH = "month"
    NUMBERS = "numbers"
    CODES = "codes"


@attrs.frozen(kw_only=True)
class Column:
    """One column of a table: the key it fills, its header in each language, its kind.

    ``choices`` gives the drop-down's values from the plan data (the plan's
    own categories, or an enumeration's values). A ``reference`` column is
    written for people to read (a KPI's name beside its figures) and never
    read back.
    """

    key: str
    en: str
    ja: str
    kind: Kind = Kind.TEXT
    choices: Callable[[Data], tuple[str, ...]] | None = None
    reference: bool = False
    width: int = 14


@attrs.frozen(kw_only=True)
class Table:
    """A sheet: its names, its columns, and how its rows come from and go into plan data."""

    en: str
    ja: str
    columns: tuple[Column, ...]
    help_en: str
    help_ja: str


def header(column: Column | Table, locale: str) -> str:
    """A column's header, or a table's sheet name, in the plan's language."""
    return column.en if locale == "en" else column.ja


def _values(enumeration: type[enum.Enum]) -> Callable[[Data], tuple[str, ...]]:
    return lambda data: tuple(member.value for member in enumeration)


def _codes(key: str) -> Callable[[Data], tuple[str, ...]]:
    return lambda data: tuple(item["code"] for item in data.get(key, ()))


def level_names(data: Data) -> tuple[str, ...]:
    """The names of the plan's levels, from the top (a level not named yet is left out)."""
    return tuple(
        level["name"] for level in data.get("levels", ()) if isinstance(level.get("name"), str)
    )


CATEGORY_LISTS = ("path_statuses", "status_categories", "direction_categories", "measure_ratings")

OBSERVATION_COLUMNS = (
    Column(key="fiscal_year", en="Fiscal year", ja="年度", kind=Kind.YEAR, width=10),
    Column(key="value", en="Value", ja="値", kind=Kind.NUMBER),
    Column(key="increment", en="Increase", ja="増加分", kind=Kind.NUMBER),
    Column(
        key="status",
        en="Status",
        ja="状況",
        kind=Kind.CHOICE,
        choices=_codes("status_categories"),
    ),
    Column(
        key="missing",
        en="Why no value",
        ja="値がない理由",
        kind=Kind.CHOICE,
        choices=_values(model.Missing),
    ),
    Column(key="note", en="Note", ja="注記", width=20),
)

PLAN_TABLE = Table(
    en="Plan",
    ja="計画",
    help_en="The plan and its document: one field per row. Fill in the Value column.",
    help_ja="計画と資料の情報です。1行に1項目、「値」の列に入力します。",
    columns=(
        Column(key="municipality", en="Municipality", ja="市町村名"),
        Column(key="municipality_code", en="Municipality code", ja="団体コード"),
        Column(key="title", en="Plan title", ja="計画の名称"),
        Column(key="document.title", en="Document title", ja="資料の表題"),
        Column(key="document.label", en="Document label", ja="資料番号"),
        Column(key="document.meeting.name", en="Meeting", ja="会議名"),
        Column(key="document.meeting.date", en="Meeting date", ja="会議の日", kind=Kind.DATE),
        Column(key="document.as_of", en="Figures as of", ja="時点", kind=Kind.DATE),
        Column(key="period.first", en="First fiscal year", ja="計画期間の初年度", kind=Kind.YEAR),
        Column(key="period.last", en="Last fiscal year", ja="計画期間の最終年度", kind=Kind.YEAR),
        Column(
            key="locale",
            en="Language",
            ja="言語",
            kind=Kind.CHOICE,
            choices=lambda data: ("ja", "en"),
        ),
        Column(
            key="fiscal_year_start_month",
            en="Fiscal year starts in month",
            ja="年度の開始月",
            kind=Kind.INTEGER,
        ),
        Column(
            key="fiscal_year_naming",
            en="Fiscal year named by",
            ja="年度の呼び方",
            kind=Kind.CHOICE,
            choices=_values(model.FiscalYearNaming),
        ),
        Column(
            key="method",
            en="Rate formula",
            ja="達成率の計算方法",
            kind=Kind.CHOICE,
            choices=_values(model.Method),
        ),
        Column(key="rounding.places", en="Rounding places", ja="端数処理の桁", kind=Kind.INTEGER),
        Column(
            key="rounding.mode",
            en="Rounding mode",
            ja="端数処理の方法",
            kind=Kind.CHOICE,
            choices=_values(model.RoundingMode),
        ),
        Column(
            key="zero_target",
            en="Target of zero",
            ja="目標値が0のとき",
            kind=Kind.CHOICE,
            choices=_values(model.ZeroTarget),
        ),
        Column(
            key="cap_rates", en="Cap rates at 100", ja="達成率の上限を100とする", kind=Kind.FLAG
        ),
        Column(key="yearly_rates", en="Rate every year", ja="毎年度の達成率", kind=Kind.FLAG),
        Column(key="path_tolerance", en="Path tolerance", ja="進捗の許容幅", kind=Kind.NUMBER),
        Column(
            key="path_origin",
            en="Path starts at",
            ja="進捗の起点",
            kind=Kind.CHOICE,
            choices=_values(model.PathOrigin),
        ),
        Column(
            key="year_on_year.tolerance",
            en="Year-on-year tolerance",
            ja="前年度比の許容幅",
            kind=Kind.NUMBER,
        ),
        Column(
            key="year_on_year.marks", en="Year-on-year marks", ja="前年度比の表示", kind=Kind.FLAG
        ),
        Column(
            key="year_on_year.arrows",
            en="Year-on-year arrows",
            ja="前年度比の矢印",
            kind=Kind.CHOICE,
            choices=_values(model.Arrows),
        ),
        Column(key="indicators", en="Indicators heading", ja="指標の見出し"),
        Column(key="next_plan.title", en="Next plan: title", ja="次期計画の見出し"),
        Column(key="next_plan.lead", en="Next plan: lead", ja="次期計画の前文"),
    ),
)

_KPI = Column(key="kpi", en="KPI number", ja="KPI番号", kind=Kind.INTEGER, width=9)
_KPI_NAME = Column(key="kpi_name", en="Indicator", ja="指標名", reference=True, width=28)
_REVIEW = Column(key="review", en="Review number", ja="評価番号", kind=Kind.INTEGER, width=9)
_ITEM = Column(key="item", en="Item number", ja="項目番号", kind=Kind.INTEGER, width=9)

LEVELS = Table(
    en="Levels",
    ja="階層",
    help_en="The levels of the plan's structure, from the top (for example Goal, Measure).",
    help_ja="計画の体系の階層を上から順に入力します（例：基本目標、施策）。",
    columns=(
        Column(key="name", en="Level", ja="階層の名称", width=16),
        Column(key="indicators", en="Indicators heading", ja="指標の見出し", width=20),
    ),
)

STRUCTURE = Table(
    en="Structure",
    ja="体系",
    help_en="Every entry of the structure, in order: its level, number, the number of the entry "
    "above it, its title, whether it is a priority, and the KPIs it holds (1, 2).",
    help_ja="体系の項目を順に入力します。階層、番号、上位の項目の番号、名称、重点かどうか、"
    "属するKPIの番号（1, 2 のように）。",
    columns=(
        Column(key="level", en="Level", ja="階層", kind=Kind.CHOICE, choices=level_names),
        Column(key="number", en="Number", ja="番号", kind=Kind.INTEGER, width=8),
        Column(key="parent", en="Number above", ja="上位の番号", kind=Kind.INTEGER, width=10),
        Column(key="title", en="Title", ja="名称", width=40),
        Column(key="priority", en="Priority", ja="重点", kind=Kind.FLAG, width=8),
        Column(key="kpis", en="KPIs", ja="KPI", kind=Kind.NUMBERS, width=10),
    ),
)

INDICATORS = Table(
    en="Indicators",
    ja="指標",
    help_en="One row per indicator (KPI): its unit, how it is rated, its baseline and target.",
    help_ja="指標（KPI）ごとに1行。単位、評価の方法、基準値、目標値を入力します。",
    columns=(
        Column(key="number", en="KPI number", ja="KPI番号", kind=Kind.INTEGER, width=9),
        Column(key="name", en="Indicator", ja="指標名", width=28),
        Column(key="unit", en="Unit", ja="単位", width=8),
        Column(key="unit_per", en="Unit per", ja="単位の期間", width=8),
        Column(
            key="decimals", en="Decimals shown", ja="表示する小数の桁", kind=Kind.INTEGER, width=8
        ),
        Column(key="scale", en="Scale", ja="尺度", kind=Kind.CHOICE, choices=_values(model.Scale)),
        Column(key="kind", en="Kind", ja="種類", kind=Kind.CHOICE, choices=_values(model.KpiKind)),
        Column(
            key="polarity",
            en="Better when",
            ja="望ましい方向",
            kind=Kind.CHOICE,
            choices=_values(model.Polarity),
        ),
        Column(
            key="method",
            en="Rate formula",
            ja="達成率の計算方法",
            kind=Kind.CHOICE,
            choices=_values(model.Method),
        ),
        Column(
            key="figures_by",
            en="Figures by",
            ja="集計の単位",
            kind=Kind.CHOICE,
            choices=_values(model.FiguresBy),
        ),
        Column(key="source", en="Source", ja="出典", width=20),
        Column(key="department", en="Department", ja="担当課", width=14),
        Column(
            key="attached_to.level",
            en="Attached to level",
            ja="属する階層",
            kind=Kind.CHOICE,
            choices=level_names,
        ),
        Column(
            key="attached_to.number",
            en="Attached to number",
            ja="属する項目の番号",
            kind=Kind.INTEGER,
        ),
        Column(key="baseline.value", en="Baseline", ja="基準値", kind=Kind.NUMBER),
        Column(
            key="baseline.period.fiscal_year",
            en="Baseline year",
            ja="基準値の年度",
            kind=Kind.YEAR,
        ),
        Column(
            key="baseline.period.first",
            en="Baseline from (year-month)",
            ja="基準値の期間（開始年月）",
            kind=Kind.MONTH,
        ),
        Column(
            key="baseline.period.last",
            en="Baseline to (year-month)",
            ja="基準値の期間（終了年月）",
            kind=Kind.MONTH,
        ),
        Column(key="target.value", en="Target", ja="目標値", kind=Kind.NUMBER),
        Column(key="target.fiscal_year", en="Target year", ja="目標年度", kind=Kind.YEAR),
        Column(key="target.per_year", en="Target per year", ja="目標は毎年度", kind=Kind.FLAG),
    ),
)

FIGURES = Table(
    en="Figures",
    ja="実績",
    help_en="One row per indicator and fiscal year: the value, or why there is none yet.",
    help_ja="指標と年度ごとに1行。実績値、または値がない理由を入力します。",
    columns=(_KPI, _KPI_NAME, *OBSERVATION_COLUMNS),
)

INTERIM_TARGETS = Table(
    en="Interim targets",
    ja="中間目標",
    help_en="Targets set for years before the last one, one row per indicator and year.",
    help_ja="最終年度より前の年度の目標値です。指標と年度ごとに1行。",
    columns=(
        _KPI,
        _KPI_NAME,
        Column(key="fiscal_year", en="Fiscal year", ja="年度", kind=Kind.YEAR, width=10),
        Column(key="value", en="Target", ja="目標値", kind=Kind.NUMBER),
    ),
)

SCOPES = Table(
    en="Scopes",
    ja="対象範囲",
    help_en="What an indicator counts, where it changed over the years.",
    help_ja="指標の集計の対象です。年度によって変わった場合に入力します。",
    columns=(
        _KPI,
        _KPI_NAME,
        Column(key="text", en="Scope", ja="対象", width=30),
        Column(key="since", en="Since", ja="開始年度", kind=Kind.YEAR, width=10),
        Column(key="until", en="Until", ja="終了年度", kind=Kind.YEAR, width=10),
    ),
)

GRADING = Table(
    en="Grading",
    ja="評価基準",
    help_en="The grades, best first, and the rule each one follows.",
    help_ja="評価区分を良いものから順に、それぞれの基準とともに入力します。",
    columns=(
        Column(key="label", en="Grade", ja="評価区分", width=8),
        Column(
            key="metric", en="Metric", ja="指標値", kind=Kind.CHOICE, choices=_values(model.Metric)
        ),
        Column(key="above", en="Above", ja="超", kind=Kind.NUMBER, width=8),
        Column(key="at_least", en="At least", ja="以上", kind=Kind.NUMBER, width=8),
        Column(key="below", en="Below", ja="未満", kind=Kind.NUMBER, width=8),
        Column(key="at_most", en="At most", ja="以下", kind=Kind.NUMBER, width=8),
        Column(key="statuses", en="Statuses", ja="状況", kind=Kind.CODES),
        Column(key="colour", en="Colour", ja="色", width=10),
        Column(key="description", en="Description", ja="説明", width=30),
    ),
)

CATEGORIES = Table(
    en="Categories",
    ja="区分",
    help_en="The plan's own categories: path statuses, yearly statuses, directions, ratings.",
    help_ja="計画独自の区分（進捗の状況、年度の状況、今後の方向性、評定）です。",
    columns=(
        Column(
            key="list",
            en="List",
            ja="種類",
            kind=Kind.CHOICE,
            choices=lambda data: CATEGORY_LISTS,
            width=20,
        ),
        Column(key="code", en="Code", ja="コード", width=12),
        Column(key="label", en="Label", ja="表示名", width=12),
        Column(key="colour", en="Colour", ja="色", width=10),
        Column(key="description", en="Description", ja="説明", width=30),
    ),
)

REVIEWS = Table(
    en="Reviews",
    ja="評価",
    help_en="One row per review: the entries it covers (1, 2), its rating and its direction.",
    help_ja="評価ごとに1行。対象の項目の番号（1, 2 のように）、評定、今後の方向性を入力します。",
    columns=(
        _REVIEW,
        Column(key="entries", en="Entries", ja="対象の項目", kind=Kind.NUMBERS, width=12),
        Column(
            key="rating",
            en="Rating",
            ja="評定",
            kind=Kind.CHOICE,
            choices=_codes("measure_ratings"),
        ),
        Column(
            key="direction.category",
            en="Direction",
            ja="今後の方向性",
            kind=Kind.CHOICE,
            choices=_codes("direction_categories"),
        ),
    ),
)

#: The parts of a review written in words, as the review sheet's "part" column names them.
REVIEW_PARTS = ("initiatives", "issues", "direction")

REVIEW_TEXT = Table(
    en="Review text",
    ja="評価の記述",
    help_en="What each review says: its initiatives, issues and direction items. A row that "
    "repeats an item's number adds a paragraph to it.",
    help_ja="評価の記述です（実施状況、課題、今後の方向性）。同じ項目番号の行を続けると段落が"
    "加わります。",
    columns=(
        _REVIEW,
        Column(
            key="part",
            en="Part",
            ja="区分",
            kind=Kind.CHOICE,
            choices=lambda data: REVIEW_PARTS,
            width=12,
        ),
        _ITEM,
        Column(key="id", en="ID", ja="ID", width=12),
        Column(key="repeat_of", en="Repeats", ja="再掲元のID", width=12),
        Column(key="title", en="Title", ja="事業名", width=24),
        Column(key="years.first", en="From", ja="開始年度", kind=Kind.YEAR, width=10),
        Column(key="years.last", en="To", ja="終了年度", kind=Kind.YEAR, width=10),
        Column(key="text", en="Text", ja="本文", width=60),
    ),
)

DETAILS = Table(
    en="Details",
    ja="詳細",
    help_en="Headed details under an initiative.",
    help_ja="実施状況の項目に付く見出し付きの詳細です。",
    columns=(
        _REVIEW,
        _ITEM,
        Column(key="heading", en="Heading", ja="見出し", width=20),
        Column(key="text", en="Text", ja="本文", width=60),
    ),
)

REFERENCE_FIGURES = Table(
    en="Reference figures",
    ja="参考指標",
    help_en="Figures shown under an initiative, one row per figure and year; rows with the same "
    "figure number belong to one figure.",
    help_ja="実施状況の項目に付く参考指標です。指標と年度ごとに1行。同じ指標番号の行は同じ指標に"
    "入ります。",
    columns=(
        _REVIEW,
        _ITEM,
        Column(key="figure", en="Figure number", ja="指標番号", kind=Kind.INTEGER, width=9),
        Column(key="name", en="Name", ja="名称", width=24),
        Column(key="unit", en="Unit", ja="単位", width=8),
        *OBSERVATION_COLUMNS,
    ),
)

NOTES = Table(
    en="Notes",
    ja="注記",
    help_en="Notes printed under the KPI table.",
    help_ja="数値目標の表の下に載せる注記です。",
    columns=(
        Column(key="id", en="ID", ja="ID", width=10),
        Column(key="text", en="Text", ja="本文", width=80),
    ),
)

NEXT_PLAN = Table(
    en="Next plan",
    ja="次期計画",
    help_en="The headings of the next plan's direction, one row per item under a heading; "
    "rows with the same heading number belong to one heading.",
    help_ja="次期計画の方向性です。見出しの下の項目ごとに1行。同じ見出し番号の行は同じ見出しに"
    "入ります。",
    columns=(
        Column(key="number", en="Heading number", ja="見出し番号", kind=Kind.INTEGER, width=9),
        Column(key="title", en="Heading", ja="見出し", width=40),
        Column(key="item", en="Item", ja="項目", width=60),
    ),
)

ERAS = Table(
    en="Eras",
    ja="元号",
    help_en="Eras after the ones planeval knows (after 令和), if the plan needs them.",
    help_ja="令和の次の元号など、planevalが知らない元号を使うときに入力します。",
    columns=(
        Column(key="name", en="Era", ja="元号", width=10),
        Column(key="letter", en="Letter", ja="略号", width=8),
        Column(key="start", en="First day", ja="開始日", kind=Kind.DATE, width=12),
    ),
)

#: Every sheet after the plan's, in the order they are written.
TABLES: tuple[Table, ...] = (
    LEVELS,
    STRUCTURE,
    INDICATORS,
    FIGURES,
    INTERIM_TARGETS,
    SCOPES,
    GRADING,
    CATEGORIES,
    REVIEWS,
    REVIEW_TEXT,
    DETAILS,
    REFERENCE_FIGURES,
    NOTES,
    NEXT_PLAN,
    ERAS,
)
