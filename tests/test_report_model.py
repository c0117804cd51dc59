"""The report model, table-driven: every mark, every kind of KPI, both locales; no file opened."""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import planeval
from planeval.evaluation import PlanEvaluation, evaluate, evaluate_kpi
from planeval.io.upgrade import LEGACY_LEVELS
from planeval.locales import LOCALES
from planeval.model import (
    Baseline,
    Category,
    Detail,
    Direction,
    DirectionItem,
    Entry,
    FiguresBy,
    FiscalYearPeriod,
    GradeRule,
    Initiative,
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
    Plan,
    Polarity,
    ReferenceIndicator,
    Repeat,
    Review,
    RoundingMode,
    Scope,
    Target,
    YearMonth,
    YearSpan,
)
from planeval.report import LABELS, build_report, cell_text, labels_for
from planeval.report.kpi_table import decimals_of
from planeval.report.model import CellPlace, ChartRole, Figure, KpiRow, ReportModel, Text

from .factories import kpi as factory_kpi
from .factories import plan as make_plan

D = Decimal


def _obs(year: int, value: str | None = None, **extra: object) -> Observation:
    return Observation(fiscal_year=year, value=None if value is None else D(value), **extra)  # type: ignore[arg-type]


STOCK = Kpi(
    number=1,
    name="誘致企業数",
    unit="社",
    kind=KpiKind.STOCK,
    baseline=Baseline(value=D(95), period=FiscalYearPeriod(fiscal_year=2020)),
    observations=(
        _obs(2021, "99", increment=D(4)),
        _obs(2022, "101", increment=D(2), note="注1"),
        _obs(2023, missing=Missing.UNPUBLISHED, note="注1"),
    ),
    target=Target(value=D(100), fiscal_year=2025),
)
FLOW = Kpi(
    number=2,
    name="創業件数",
    unit="件",
    kind=KpiKind.FLOW,
    baseline=Baseline(value=D(2), period=FiscalYearPeriod(fiscal_year=2019)),
    observations=(_obs(2021, "1"), _obs(2022, "2"), _obs(2023, missing=Missing.NOT_COLLECTED)),
    target=Target(value=D(2), fiscal_year=2025, per_year=True),
)
RATIO = Kpi(
    number=3,
    name="一人当たり付加価値額",
    unit="万円",
    unit_per="人",
    scopes=(Scope(text="従業者4人以上", until=2020), Scope(text="個人経営を除く", since=2021)),
    source="経済構造実態調査",
    figures_by=FiguresBy.CALENDAR_YEAR,
    baseline=Baseline(
        value=D("1294.5"),
        period=MonthRange(first=YearMonth(year=2018, month=1), last=YearMonth(year=2018, month=12)),
    ),
    observations=(_obs(2020, "1300"), _obs(2021, "1425.25")),
    target=Target(value=D(1500), fiscal_year=2024),
)
LOWER = Kpi(
    number=4,
    name="待機児童数",
    unit="人",
    polarity=Polarity.LOWER_IS_BETTER,
    method=Method.PROGRESS_FROM_BASELINE,
    baseline=Baseline(value=D(40), period=FiscalYearPeriod(fiscal_year=2020)),
    observations=(_obs(2021, "30"), _obs(2022, "25")),
    target=Target(value=D(10), fiscal_year=2025),
)
NO_TARGET = Kpi(number=5, name="参考値", unit="件", observations=(_obs(2022, "7"),))


def _plan() -> Plan:
    reference = ReferenceIndicator(
        name="マッチング件数",
        unit="件",
        observations=(_obs(2021, "49"), _obs(2022, missing=Missing.UNPUBLISHED, note="注1")),
    )
    review = Review(
        entries=(1, 2),
        initiatives=(
            Initiative(
                id="i1",
                title="企業訪問",
                years=YearSpan(first=2021, last=2022),
                paragraphs=("訪問した。",),
                details=(Detail(heading="成果", text="3社"),),
                reference_indicators=(reference,),
            ),
            Initiative(paragraphs=("補助した。", "続けた。"), years=YearSpan(first=2023)),
        ),
        issues=(Issue(id="x1", text="人手不足"),),
        direction=Direction(category="expand", items=(DirectionItem(text="拡充する"),)),
        rating="A",
    )
    again = Review(
        entries=(3,),
        initiatives=(Repeat(repeat_of="i1"),),
        issues=(Repeat(repeat_of="x1"),),
        direction=Direction(category="continue", items=()),
    )
    base = make_plan(STOCK, FLOW, RATIO, LOWER, NO_TARGET, as_of=datetime.date(2025, 7, 3))
    return attrs.evolve(
        base,
        locale="ja",
        levels=(Level(name="基本戦略"), Level(name="施策")),
        entries=(
            Entry(
                number=1,
                title="経営基盤",
                entries=(
                    Entry(number=1, title="誘致", priority=True),
                    Entry(number=2, title="創業"),
                ),
            ),
            Entry(number=2, title="人材", entries=(Entry(number=3, title="育成"),)),
        ),
        reviews=(review, again),
        notes=(Note(id="注1", text="未発表"), Note(text="全体の注")),
        direction_categories=(
            Category(code="expand", label="拡充"),
            Category(code="continue", label="継続"),
        ),
        measure_ratings=(Category(code="A", label="Ａ", colour="#00FF00"),),
        grading=(
            GradeRule(label="A", metric=Metric.ACHIEVEMENT_RATE, at_least=D(100), colour="#00B050"),
            GradeRule(label="B", metric=Metric.HAS_VALUE),
            GradeRule(label="B", metric=Metric.NO_VALUE),
        ),
        next_plan=NextPlanSection(
            title="次期計画",
            lead="前文",
            headings=(NextPlanHeading(title="方向", items=("一つ目",)),),
        ),
        document=attrs.evolve(
            base.document,
            label="資料２",
            meeting=Meeting(name="策定委員会", date=datetime.date(2025, 7, 3)),
        ),
    )


PLAN = _plan()
# Each language's report of the plan, its levels named in that language's words
# (as a format 1 plan of that locale is upgraded: 基本戦略 and 施策, Strategy and Measure).
PLANS = {
    locale: attrs.evolve(PLAN, levels=tuple(Level(name=name) for name in LEGACY_LEVELS[locale]))
    for locale in LOCALES
}
MODELS = {
    locale: build_report(evaluate(PLANS[locale]), labels_for(PLANS[locale], locale))
    for locale in LOCALES
}


def _row(locale: str, number: int) -> KpiRow:
    (row,) = [row for row in MODELS[locale].kpi_table.rows if row.number == number]
    return row


def _year(row: KpiRow, column: int) -> tuple[str, str]:
    cell = row.years[column]
    return cell_text(cell.value), cell_text(cell.below)


# (locale, KPI, what, expected text)
CASES = [
    ("ja", 1, "baseline", ("過去累計95社", "(令和2年度)")),
    ("en", 1, "baseline", ("total to date 95社", "(FY2020)")),
    ("ja", 1, "year 2021", ("累計99社", "（4社）")),
    ("en", 1, "year 2021", ("total 99社", "(4社)")),
    ("ja", 1, "year 2022", ("累計101社(注1)", "（2社）")),
    ("en", 1, "year 2022", ("total 101社 (注1)", "(2社)")),
    ("ja", 1, "year 2023", ("未発表", "(注1)")),
    ("en", 1, "year 2023", ("not yet published", " (注1)")),
    ("ja", 1, "target", ("累計100社", "(令和7年度)")),
    ("ja", 1, "rate", ("101.0％", "A", "(最新値/目標値×100)")),
    ("en", 1, "rate", ("101.0%", "A", "(latest / target × 100)")),
    ("ja", 2, "baseline", ("2件/年", "(令和元年度)")),
    ("ja", 2, "year 2021", ("1件", "")),
    ("ja", 2, "year 2022", ("2件", "(R3～延べ3件)")),
    ("en", 2, "year 2022", ("2件", "(FY2021– total 3件)")),
    ("ja", 2, "year 2023", ("未調査", "")),
    ("ja", 2, "target", ("2件/年", "(R3～延べ10件)")),
    ("ja", 2, "rate", ("30.0％", "B", "(最新値/目標値×100)")),
    ("ja", 3, "baseline", ("1,294.5万円/人", "(平成30年1月～12月)")),
    ("en", 3, "baseline", ("1,294.5万円/人", "(January–December 2018)")),
    ("ja", 3, "year 2020", ("1,300万円", "")),
    ("ja", 3, "target", ("1,500万円/人", "(令和6年度)")),
    ("ja", 3, "rate", ("95.0％", "B", "(最新値/目標値×100)")),
    ("ja", 4, "rate", ("50.0％", "B", "((基準値－最新値)/(基準値－目標値)×100)")),
    ("en", 4, "rate", ("50.0%", "B", "((baseline − latest) / (baseline − target) × 100)")),
    ("ja", 5, "baseline", ("－", "")),
    ("ja", 5, "target", ("－", "")),
    ("ja", 5, "rate", ("－", "B", "目標値がない")),
    ("en", 5, "rate", ("–", "B", "no target")),
    ("ja", 5, "year 2021", ("", "")),
]


def _cells(row: KpiRow, what: str) -> tuple[str, ...]:
    if what.startswith("year "):
        return _year(row, [2020, 2021, 2022, 2023].index(int(what[5:])))
    if what == "rate":
        grade = "" if row.grade is None else row.grade.label
        return cell_text(row.rate), grade, cell_text(row.rate_below)
    value, below = {
        "baseline": (row.baseline, row.baseline_below),
        "target": (row.target, row.target_below),
    }[what]
    return cell_text(value), cell_text(below)


@pytest.mark.parametrize(("locale", "number", "what", "expected"), CASES)
def test_kpi_table_cells(locale: str, number: int, what: str, expected: tuple[str, ...]) -> None:
    assert _cells(_row(locale, number), what) == expected


def test_figures_keep_their_parts_for_number_formats() -> None:
    stock = _row("ja", 1)
    assert stock.baseline == Figure(number=D(95), prefix="過去累計", unit="社", decimals=0)
    assert stock.years[2].below == Figure(
        number=D(2), prefix="（", unit="社", suffix="）", decimals=0
    )
    flow = _row("ja", 2)
    assert flow.baseline == Figure(number=D(2), unit="件/年", decimals=0)
    assert flow.target_below == Figure(
        number=D(10), prefix="(R3～延べ", unit="件", suffix=")", decimals=0
    )
    # Each figure shows the digits it was given, whatever the KPI's other figures have.
    assert _row("ja", 3).years[0].value == Figure(number=D(1300), unit="万円", decimals=0)
    assert _row("ja", 1).rate == Figure(number=D("101.0"), unit="％", decimals=1)


@pytest.mark.parametrize(
    ("value", "declared", "shown"),
    [
        ("230", None, "230万人"),
        ("230.0", None, "230.0万人"),
        ("1.35", None, "1.35万人"),
        ("1.35", 1, "1.4万人"),
        ("1.25", 1, "1.3万人"),  # half up, never to even
        ("230", 1, "230.0万人"),
        ("1234.5", 0, "1,235万人"),
    ],
)
def test_a_figure_shows_the_decimals_it_was_given_unless_the_kpi_declares_them(
    value: str, declared: int | None, shown: str
) -> None:
    plan = planeval.load_example("minamiyama_plan6")
    kpi = attrs.evolve(
        plan.kpis[5],
        decimals=declared,
        observations=(Observation(fiscal_year=2022, value=D(value)),),
    )
    plan = attrs.evolve(plan, kpis=(*plan.kpis[:5], kpi))
    model = build_report(planeval.evaluate(plan), labels_for(plan))
    (row,) = [row for row in model.kpi_table.rows if row.number == kpi.number]
    figure = row.years[0].value
    assert cell_text(figure) == shown
    assert isinstance(figure, Figure)
    # Excel's number format shows as many decimals as the text does.
    places = shown.removesuffix("万人").partition(".")[2]
    assert figure.decimals == len(places)


def test_rate_formula_points_at_the_figures_the_engine_used() -> None:
    stock, flow = _row("ja", 1), _row("ja", 2)
    assert stock.rate_formula is not None
    # 2022, the latest counted, over the target: 最新値/目標値.
    assert stock.rate_formula.dividend == (CellPlace(column=3),)
    assert stock.rate_formula.divisor == (CellPlace(column=5),)
    assert stock.rate_formula.rounding is RoundingMode.HALF_UP
    assert stock.rate_formula.cap is None
    assert flow.rate_formula is not None
    # The running total over 2件/年 × 5 years, both printed below their values.
    assert flow.rate_formula.dividend == (CellPlace(column=3, below=True),)
    assert flow.rate_formula.divisor == (CellPlace(column=5, below=True),)
    assert _row("ja", 5).rate_formula is None


def test_title_lines_hold_scope_and_source() -> None:
    assert _row("ja", 3).title == Text(
        lines=(
            "一人当たり付加価値額",
            "(～R2：従業者4人以上、R3～：個人経営を除く)",
            "出典：経済構造実態調査（暦年の値）",
        )
    )
    assert _row("en", 3).title.lines[1:] == (
        "(until FY2020: 従業者4人以上; from FY2021: 個人経営を除く)",
        "Source: 経済構造実態調査 (calendar-year figures)",
    )


@pytest.mark.parametrize(
    ("locale", "years", "target", "rate", "grade"),
    [
        ("ja", (("令和2年度", "（参考）"), ("令和3年度",)), ("目標値",), ("達成率",), "評価"),
        ("en", (("FY2020", "(reference)"), ("FY2021",)), ("Target",), ("Achievement",), "Grade"),
    ],
)
def test_table_headings(
    locale: str,
    years: tuple[tuple[str, ...], ...],
    target: tuple[str, ...],
    rate: tuple[str, ...],
    grade: str,
) -> None:
    table = MODELS[locale].kpi_table
    assert table.year_headings[:2] == years
    # Target years and rate formulas differ between KPIs: nothing shared in the header.
    assert table.target_heading == target
    assert table.rate_heading == rate
    assert table.grade_heading == grade
    assert table.notes == (
        ("(注1) 未発表", "※全体の注") if locale == "ja" else ("(注1) 未発表", "* 全体の注")
    )


def test_shared_target_year_and_formula_go_in_the_header() -> None:
    plan = make_plan(
        Kpi(number=1, name="a", unit="件", target=Target(value=D(5), fiscal_year=2025)),
        Kpi(number=2, name="b", unit="件", target=Target(value=D(6), fiscal_year=2025)),
    )
    table = build_report(evaluate(plan), LABELS["ja"]).kpi_table
    assert table.target_heading == ("目標値", "(令和7年度)")
    assert table.rate_heading == ("達成率", "(最新値/目標値×100)")
    assert all(row.target_below is None and row.rate_below is not None for row in table.rows)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "ja",
            {
                "path": ("（基本戦略１）経営基盤",),
                "entries": ("施策１ 誘致", "施策２ 創業"),
                "priority": "重点施策",
                "levels": ("基本戦略", "施策"),
                "sheet": "施策の評価",
                "headings": ("施策１ 重点施策 誘致", "施策２ 創業", "施策３ 育成"),
                "years": ("（Ｒ３～４）", "（Ｒ５～）"),
                "details": ("［成果］3社",),
                "reference": "［参考］マッチング件数 R3：49件、R4：未発表(注1)",
                "direction": "今後の方向性：拡充、評価：Ａ",
                "repeat": "（再掲）",
                "section": "２ 各基本戦略の実施状況、課題及び今後の方向性",
            },
        ),
        (
            "en",
            {
                "path": ("Strategy 1: 経営基盤",),
                "entries": ("Measure 1 誘致", "Measure 2 創業"),
                "priority": "Priority",
                "levels": ("Strategy", "Measure"),
                "sheet": "Measure reviews",
                "headings": ("Measure 1 Priority 誘致", "Measure 2 創業", "Measure 3 育成"),
                "years": ("(FY2021–FY2022)", "(FY2023–)"),
                "details": ("[成果] 3社",),
                "reference": (
                    "[Reference] マッチング件数 FY2021: 49件, FY2022: not yet published (注1)"
                ),
                "direction": "Direction: 拡充 (Rating: Ａ)",
                "repeat": " (repeated)",
                "section": "2 What each Strategy did, its issues and its direction",
            },
        ),
    ],
)
def test_reviews(locale: str, expected: dict[str, object]) -> None:
    model: ReportModel = MODELS[locale]
    first, second = model.reviews
    assert first.path == expected["path"]
    assert first.entries == expected["entries"]
    assert first.priority == expected["priority"]
    assert model.priority_heading == expected["priority"]
    assert model.level_names == expected["levels"]
    assert model.reviews_sheet == expected["sheet"]
    assert [s.level for s in model.sections] == [0, 0]
    assert [m.level for s in model.sections for m in s.entries] == [1, 1, 1]
    assert all(s.review is None for s in model.sections)
    headings = tuple(m.heading for s in model.sections for m in s.entries)
    assert headings == expected["headings"]
    assert tuple(i.years for i in first.initiatives) == expected["years"]
    assert first.initiatives[0].details == expected["details"]
    assert first.initiatives[0].references == (expected["reference"],)
    assert first.direction_and_rating == expected["direction"]
    assert second.issues[0].line == f"■ 人手不足{expected['repeat']}"
    # English sets the years apart from the title: "Visits (FY2021–FY2022)".
    gap = " " if locale == "en" else ""
    assert first.initiatives[0].lead.startswith(f"■ 企業訪問{gap}{expected['years'][0]}")
    assert model.reviews_heading == expected["section"]
    # A repeated item is the item it refers to, marked as repeated.
    original = first.initiatives[0]
    marked = (*original.lines[:-1], original.lines[-1] + str(expected["repeat"]))
    assert second.initiatives[0] == attrs.evolve(original, repeated=True, lines=marked)
    issue = first.issues[0]
    line = issue.line + str(expected["repeat"])
    assert second.issues[0] == attrs.evolve(issue, repeated=True, line=line)
    # A joint review follows the last measure it covers.
    (measures_1,) = [s.entries for s in model.sections][:1]
    assert [m.review for m in measures_1] == [None, first]


def test_reference_table_grade_legend_next_plan_and_document() -> None:
    model = MODELS["ja"]
    assert model.references is not None
    (row,) = model.references.rows
    assert (row.entries, row.initiative, row.name) == (
        "施策１ 誘致\n施策２ 創業",
        "企業訪問",
        "マッチング件数",
    )
    assert [cell_text(value) for value in row.values] == ["49件", "未発表(注1)"]
    assert [(g.label, g.colour) for g in model.grade_legend] == [("A", "#00B050"), ("B", None)]
    assert model.next_plan is not None
    assert model.next_plan.heading == "３ 次期計画"
    assert model.next_plan.headings[0].title == "■ 方向"
    assert model.next_plan.headings[0].items == ("・一つ目",)
    document = model.document
    assert document.header_lines == ("資料２", "R7.7.3 策定委員会")
    facts = {fact.label: (fact.text, fact.date) for fact in document.facts}
    assert facts["計画期間"] == ("令和3年度～令和7年度", None)
    assert facts["評価時点"] == ("R7.7.3", datetime.date(2025, 7, 3))
    assert document.created == datetime.datetime(2025, 7, 3, tzinfo=datetime.UTC)


def test_brief_rows_for_the_terminal() -> None:
    table = MODELS["ja"].kpi_table
    assert table.brief_lead == ("Test evaluation", "評価時点: 令和7年7月3日")
    assert _row("ja", 2).brief.cells == (
        "2",
        "創業件数",
        "2件/年 (令和元年度)",
        "R4",
        "2件 (R3～延べ3件)",
        "2件/年 (R3～延べ10件) (R7)",
        "30.0％",
        "遅れ",
        "B",
    )
    assert table.brief_header[-2:] == ("進捗", "評価")
    assert table.brief_reasons == ("－ 5: 目標値がない",)


def test_charts_chart_a_flow_by_the_totals_its_rate_uses() -> None:
    charts = {chart.title: chart for chart in MODELS["ja"].charts}
    flow = charts["2 創業件数"]
    assert [line.role for line in flow.series] == [
        ChartRole.VALUES,
        ChartRole.EXPECTED,
        ChartRole.TARGET,
    ]
    # The running totals over the per-year target times the years: 2件/年 is 10件 by R7.
    assert flow.series[0].points == (D(1), D(3), None, None, None)
    assert flow.series[2].points == (None, None, None, None, D(10))
    assert flow.categories == ("R3", "R4", "R5", "R6", "R7")
    stock = charts["1 誘致企業数"]
    assert stock.series[0].points == (D(99), D(101), None, None, None)
    assert stock.series[1].points == (D(95),) * 5
    assert charts["3 一人当たり付加価値額"].reference == (True, False, False, False, False)
    assert MODELS["ja"].charts_heading == "評価指数（ＫＰＩ）のグラフ"
    assert MODELS["ja"].charts_omitted is None


def test_every_locale_has_one_label_set() -> None:
    assert tuple(LABELS) == LOCALES
    assert all(labels.locale == locale for locale, labels in LABELS.items())


@given(st.lists(st.decimals(allow_nan=True, allow_infinity=True) | st.none(), max_size=8))
def test_decimals_are_the_most_places_any_value_has(values: list[Decimal | None]) -> None:
    exponents = [
        exponent
        for value in values
        if value is not None and isinstance(exponent := value.as_tuple().exponent, int)
    ]
    expected = min(max([0, *(-exponent for exponent in exponents)]), 30)
    assert decimals_of(values) == expected


# Why a rate is missing, as the rate cell's second line says it: one KPI for each reason.
REASONS = [
    (factory_kpi({2021: None}), "最新値がない", "no value yet"),
    (
        factory_kpi({2021: "1", 2022: None, 2023: "2"}, kind=KpiKind.FLOW),
        "値のない年度があり累計できない",
        "a year has no value, so the counts cannot be summed",
    ),
    (factory_kpi({2021: "5"}, target=None), "目標値がない", "no target"),
    (factory_kpi({2021: "5"}, target="0"), "目標値が0", "the target is zero"),
    (
        factory_kpi({2021: "0"}, target="3", polarity=Polarity.LOWER_IS_BETTER),
        "進捗値が0",
        "the progress value is zero",
    ),
    (
        factory_kpi({2021: "5"}, method=Method.PROGRESS_FROM_BASELINE),
        "基準値がない",
        "no baseline",
    ),
    (
        factory_kpi({2021: "5"}, baseline="100", method=Method.PROGRESS_FROM_BASELINE),
        "目標値が基準値と同じ",
        "the target equals the baseline",
    ),
    (
        factory_kpi(
            {2021: "5"}, baseline="3", kind=KpiKind.FLOW, method=Method.PROGRESS_FROM_BASELINE
        ),
        "この指標には適用できない",
        "does not apply to this KPI",
    ),
]


@pytest.mark.parametrize(("kpi", "japanese", "english"), REASONS)
def test_every_reason_a_rate_is_missing(kpi: Kpi, japanese: str, english: str) -> None:
    plan = make_plan(kpi)
    # Two of these (no baseline; a target of 0 without one) are plans check_plan
    # rejects, which evaluate() refuses: the engine's evaluate_kpi still words them.
    evaluation = PlanEvaluation(plan=plan, kpis=(evaluate_kpi(kpi, plan),))
    for locale, reason in (("ja", japanese), ("en", english)):
        (row,) = build_report(evaluation, LABELS[locale]).kpi_table.rows
        assert row.rate == Text(lines=(LABELS[locale].no_rate,))
        assert row.rate_below == Text(lines=(reason,))


@pytest.mark.parametrize(
    ("scopes", "figures_by", "source", "japanese", "english"),
    [
        (
            (Scope(text="全事業所", since=2021, until=2022),),
            FiguresBy.FISCAL_YEAR,
            None,
            ("(R3–R4～：全事業所)",),
            ("(from FY2021–FY2022: 全事業所)",),
        ),
        ((), FiguresBy.CALENDAR_YEAR, None, ("（暦年の値）",), ("(calendar-year figures)",)),
        (
            (Scope(text="全数"),),
            FiguresBy.FISCAL_YEAR,
            "調査",
            ("(全数)", "出典：調査"),
            ("(全数)", "Source: 調査"),
        ),
    ],
)
def test_scope_and_source_lines(
    scopes: tuple[Scope, ...],
    figures_by: FiguresBy,
    source: str | None,
    japanese: tuple[str, ...],
    english: tuple[str, ...],
) -> None:
    kpi = attrs.evolve(
        factory_kpi({2021: "5"}), scopes=scopes, figures_by=figures_by, source=source
    )
    for locale, lines in (("ja", japanese), ("en", english)):
        (row,) = build_report(evaluate(make_plan(kpi)), LABELS[locale]).kpi_table.rows
        assert row.title.lines == ("KPI 1", *lines)


@pytest.mark.parametrize(
    ("span", "japanese", "english"),
    [
        (YearSpan(first=2023, last=2023), "（Ｒ５）", "(FY2023)"),
        (YearSpan(first=2018, last=2021), "（Ｈ３０～Ｒ３）", "(FY2018–FY2021)"),
    ],
)
def test_single_year_and_cross_era_spans(span: YearSpan, japanese: str, english: str) -> None:
    from planeval.report.phrases import Phrases

    assert Phrases(PLAN, LABELS["ja"]).year_span(span) == japanese
    assert Phrases(PLAN, LABELS["en"]).year_span(span) == english


@pytest.mark.parametrize(("locale", "shown"), [("ja", "延べ10件"), ("en", "in all 10件")])
def test_a_flow_target_given_as_a_total_says_so(locale: str, shown: str) -> None:
    plan = planeval.load_example("yonezawa_plan3")
    total = Target(value=D(10), fiscal_year=2025, per_year=False)
    kpis = tuple(attrs.evolve(k, target=total) if k.number == 4 else k for k in plan.kpis)
    plan = attrs.evolve(plan, kpis=kpis)
    model = build_report(evaluate(plan), labels_for(plan, locale))
    (row,) = [row for row in model.kpi_table.rows if row.number == 4]
    assert cell_text(row.target) == shown
