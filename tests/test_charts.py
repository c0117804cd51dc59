"""Charts: the report model's chart per KPI, and how each format draws it (issue 14)."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import attrs
import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

import planeval
from planeval import testing
from planeval.evaluation import evaluate
from planeval.exporters import report_for
from planeval.exporters.chart_svg import chart_svg
from planeval.exporters.excel import ExcelExporter
from planeval.exporters.word import WordExporter
from planeval.formatting import display_width
from planeval.model import Kpi, KpiKind, Plan
from planeval.report import JAPANESE, build_report, labels_for
from planeval.report.charts import _axis_years, build_charts
from planeval.report.model import CHART_LIMIT, ChartRole, KpiChart
from planeval.report.phrases import Phrases

from . import factories

D = Decimal
SVG = "{http://www.w3.org/2000/svg}"
R = ("R1\n（参考）", "R2\n（参考）", "R3", "R4", "R5", "R6", "R7")


def _charts(plan: Plan, locale: str = "ja") -> dict[int, KpiChart]:
    model = build_report(evaluate(plan), labels_for(plan, locale))
    return {chart.number: chart for chart in model.charts}


def _series(chart: KpiChart) -> dict[ChartRole, tuple[Decimal | None, ...]]:
    return {line.role: line.points for line in chart.series}


# -- the chart model ------------------------------------------------------------------


def _path_asked_every_year(result: Any, plan: Plan, years: range) -> dict[int, Decimal]:
    """The expected path as grading gives it year by year, straight between the years it gives."""
    from fractions import Fraction

    from planeval.grading import expected_value, path_start
    from planeval.report.charts import _as_decimal, _path_origin

    kpi, goal = result.kpi, result.target_value
    if goal is None or kpi.target is None:
        return {}
    given = {year: expected_value(kpi, plan, year, goal) for year in years}
    known = {year: value for year, value in given.items() if value is not None}
    start, origin = path_start(kpi), _path_origin(kpi, plan)
    if start is not None and origin is not None:
        known.setdefault(origin, start)
    path: dict[int, Decimal] = {}
    for year in years:
        before = max((known_year for known_year in known if known_year <= year), default=None)
        after = min((known_year for known_year in known if known_year >= year), default=None)
        if before is None or after is None:
            continue
        share = Fraction(year - before, after - before) if after > before else Fraction(0)
        path[year] = _as_decimal(known[before] + (known[after] - known[before]) * share)
    return path


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=testing.plans())
def test_the_expected_path_is_where_grading_expects_each_year(plan: Plan) -> None:
    """Asked only where the path bends or ends, it is the path asked every year."""
    evaluation = evaluate(plan)
    charts, _ = build_charts(evaluation, Phrases(plan, labels_for(plan)))
    results = {result.kpi.number: result for result in evaluation.kpis}
    for chart in charts:
        years = _axis_years(results[chart.number].kpi)
        expected = _path_asked_every_year(results[chart.number], plan, years)
        drawn = _series(chart).get(ChartRole.EXPECTED)
        points = tuple(expected.get(year) for year in years)
        assert (drawn or tuple(None for _ in years)) == points


def test_yonezawa_kpi_1_values_baseline_path_and_target(plan: Plan) -> None:
    chart = _charts(plan)[1]
    assert chart.title == "1 付加価値額"
    assert chart.unit == "億円"
    assert chart.categories == R
    assert chart.reference == (True, True, False, False, False, False, False)
    series = _series(chart)
    assert list(series) == [
        ChartRole.VALUES,
        ChartRole.BASELINE,
        ChartRole.EXPECTED,
        ChartRole.TARGET,
    ]
    assert series[ChartRole.VALUES] == (D(1445), D(1383), D(1427), D(1425), None, None, None)
    assert series[ChartRole.BASELINE] == (D(1465),) * 7
    # From the baseline the year before the plan to the target, straight.
    expected = (None, D(1465), D(1502), D(1539), D(1576), D(1613), D(1650))
    assert series[ChartRole.EXPECTED] == expected
    assert series[ChartRole.TARGET] == (None,) * 6 + (D(1650),)
    assert chart.description == (
        "付加価値額の推移：令和元年度 1,445億円（参考）、令和2年度 1,383億円（参考）、"
        "令和3年度 1,427億円、令和4年度 1,425億円、令和5年度 未発表、令和6年度 未発表、"
        "基準値 1,465億円、目標 1,650億円（令和7年度）"
    )


def test_yonezawa_flow_is_charted_by_the_totals_its_rate_uses(plan: Plan) -> None:
    """KPI 4 counts start-ups per year; its rate is 3 of 2件/年 x 5 years: 30.0%."""
    evaluation = evaluate(plan)
    assert evaluation.kpis[3].rate == D("30.0")
    series = _series(_charts(plan)[4])
    assert ChartRole.BASELINE not in series  # a flow's path starts from zero
    assert series[ChartRole.VALUES] == (None, None, D(0), D(1), D(1), D(3), None)
    assert series[ChartRole.EXPECTED] == (None, D(0), D(2), D(4), D(6), D(8), D(10))
    assert series[ChartRole.TARGET][-1] == evaluation.kpis[3].target_value == D(10)
    assert _charts(plan)[4].series[0].name == "実績（R3～延べ）"


def test_yonezawa_stock_is_charted_by_its_running_totals(plan: Plan) -> None:
    series = _series(_charts(plan)[6])
    assert series[ChartRole.VALUES] == (D(93), D(95), D(99), D(100), D(101), D(101), None)
    assert series[ChartRole.TARGET][-1] == D(100)


def test_yonezawa_published_rates_are_unchanged(plan: Plan) -> None:
    rates = [result.rate for result in evaluate(plan).kpis]
    assert rates == [D(r) for r in ("86.4", "75.8", "94.3", "30.0", "112.9", "101.0")]


def test_english_chart_words(plan: Plan) -> None:
    chart = _charts(plan, "en")[1]
    assert chart.categories[0] == "FY2019\n(reference)"
    assert chart.description.startswith("付加価値額 by year: FY2019 1,445億円 (reference), ")
    assert chart.description.endswith("baseline 1,465億円, target 1,650億円 (FY2025)")


def test_the_axis_reaches_the_target_year_and_keeps_gaps() -> None:
    kpi = factories.kpi({2021: "3", 2022: None, 2023: "5"}, "10", target_year=2027)
    chart = _charts(factories.plan(kpi, last=2027))[1]
    assert chart.categories == ("R3", "R4", "R5", "R6", "R7", "R8", "R9")
    assert _series(chart)[ChartRole.VALUES] == (D(3), None, D(5), None, None, None, None)


def test_interim_targets_are_marked_and_the_path_joins_them() -> None:
    from planeval.model import InterimTarget

    kpi = attrs.evolve(
        factories.kpi({2021: "10"}, "100", baseline="0"),
        interim_targets=(InterimTarget(fiscal_year=2023, value=D(70)),),
    )
    series = _series(_charts(factories.plan(kpi))[1])
    assert series[ChartRole.INTERIM] == (None, None, D(70), None, None)
    # 0 in R2, 70 in R5 (R3 and R4 on the line between, to 15 digits), then to 100 in R7.
    thirds = (D("23.3333333333333"), D("46.6666666666667"))
    assert series[ChartRole.EXPECTED] == (*thirds, D(70), D(85), D(100))


def test_a_report_past_the_cap_names_the_kpis_without_a_chart(plan: Plan) -> None:
    many = attrs.evolve(
        plan, kpis=tuple(attrs.evolve(plan.kpis[4], number=n) for n in range(1, 66))
    )
    model = build_report(evaluate(many), JAPANESE)
    assert len(model.charts) == CHART_LIMIT == 60
    assert model.charts_omitted == "KPI 61～65 のグラフは省略しています（グラフは60件まで）。"
    english = build_report(evaluate(many), labels_for(many, "en"))
    assert english.charts_omitted == (
        "KPIs 61 to 65 have no chart: a report holds at most 60 charts."
    )
    assert model.charts_omitted_kpis == (61, 62, 63, 64, 65)
    phrases = Phrases(many, JAPANESE)
    _, one = build_charts(evaluate(many), phrases, limit=64)
    assert one == (65,)
    line = JAPANESE.charts_omitted(one, 64)
    assert line == "KPI 65 のグラフは省略しています（グラフは64件まで）。"


# -- SVG --------------------------------------------------------------------------------


def _parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_svg_parses_with_its_title_description_and_points(plan: Plan) -> None:
    chart = _charts(plan)[1]
    root = _parsed(chart_svg(chart))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None
    assert (title.text, desc.text) == (chart.title, chart.description)
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    values = root.find(f"{SVG}g[@class='series-values']")
    assert values is not None
    assert len(values.findall(f"{SVG}circle")) == 4  # four years with a value
    # One line over R1–R4; R5 and R6 unpublished: nothing drawn there.
    assert len(values.findall(f"{SVG}polyline")) == 1
    assert "http" not in chart_svg(chart).replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.parametrize(
    "hostile", ["<script>alert(1)</script>", '"><img onerror=alert(1)>', "{{ x }}"]
)
def test_svg_escapes_hostile_text(hostile: str) -> None:
    kpi = attrs.evolve(factories.kpi({2021: "3", 2022: "4"}), name=hostile, unit=hostile)
    chart = _charts(factories.plan(kpi))[1]
    svg = chart_svg(chart, id_prefix=hostile)
    root = _parsed(svg)
    assert "<script" not in svg
    assert "<img" not in svg
    assert not root.findall(f".//{SVG}script")
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == f"1 {hostile}"
    texts = "".join(root.itertext())
    assert hostile in texts


def test_svg_is_the_same_bytes_twice(plan: Plan) -> None:
    first = [chart_svg(chart) for chart in _charts(plan).values()]
    second = [chart_svg(chart) for chart in _charts(plan).values()]
    assert first == second


# -- Word and Excel ---------------------------------------------------------------------


def _word(plan: Plan) -> bytes:
    stream = io.BytesIO()
    WordExporter().write(report_for(plan), stream)
    return stream.getvalue()


def test_every_word_chart_has_alt_text_and_its_cached_values(plan: Plan) -> None:
    data = _word(plan)
    charts = _charts(plan)
    document = docx.Document(io.BytesIO(data))
    frames = document.element.body.findall(".//{*}docPr")
    assert [(f.get("title"), f.get("descr")) for f in frames] == [
        (chart.title, chart.description) for chart in charts.values()
    ]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        first = archive.read("word/charts/chart1.xml").decode()
        types = archive.read("[Content_Types].xml").decode()
    assert "drawingml.chart+xml" in types
    assert '<c:dispBlanksAs val="gap"/>' in first
    values = re.search(r"<c:val><c:numLit>.*?</c:numLit>", first)
    assert values is not None
    # Four years with a value, out of seven: the unpublished ones are gaps.
    assert re.findall(r"<c:v>([^<]*)</c:v>", values.group()) == ["1445", "1383", "1427", "1425"]
    assert '<c:ptCount val="7"/>' in values.group()


def test_word_charts_are_the_same_bytes_twice(plan: Plan) -> None:
    assert _word(plan) == _word(plan)


def test_excel_series_read_back_match_the_model(plan: Plan) -> None:
    stream = io.BytesIO()
    ExcelExporter().write(report_for(plan), stream)
    book = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    data = book["グラフデータ"]
    for index, chart in enumerate(_charts(plan).values()):
        first = 2 + 6 * index
        for row, line in enumerate(chart.series, start=first + 1):
            read = [data.cell(row, 4 + c).value for c in range(len(chart.categories))]
            assert read == [None if p is None else float(p) for p in line.points], chart.title
    sheet = book["グラフ"]
    assert len(sheet._charts) == 6
    assert [len(drawn.series) for drawn in sheet._charts] == [4, 4, 4, 3, 4, 4]


def test_every_format_draws_the_same_value_axis(plan: Plan) -> None:
    """Word, Excel and the SVG image all run KPI 2's axis from 1,200 to 1,700 in steps of 100.

    The office suites would choose their own (Word's from 0), the SVG its own.
    """
    charts = _charts(plan)
    assert charts[2].ticks == tuple(Decimal(tick) for tick in range(1200, 1800, 100))
    with zipfile.ZipFile(io.BytesIO(_word(plan))) as archive:
        second = archive.read("word/charts/chart2.xml").decode()
    assert '<c:max val="1700"/><c:min val="1200"/>' in second
    assert '<c:majorUnit val="100"/>' in second
    stream = io.BytesIO()
    ExcelExporter().write(report_for(plan), stream)
    with zipfile.ZipFile(io.BytesIO(stream.getvalue())) as archive:
        drawn = archive.read("xl/charts/chart2.xml").decode()
    assert '<c:max val="1700"/><c:min val="1200"/>' in drawn
    assert '<c:majorUnit val="100"/>' in drawn
    labels = re.findall(r">([\d,]+)</tspan>", chart_svg(charts[2]))
    assert labels[:6] == ["1,200", "1,300", "1,400", "1,500", "1,600", "1,700"]


# -- every plan -------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(testing.plans())
def test_every_format_writes_charts_of_any_plan(plan: Plan) -> None:
    report = report_for(plan)
    charts = report.model.charts
    assert len(charts) <= CHART_LIMIT
    numbered = [kpi.number for kpi in plan.kpis if _has_chart(kpi)]
    assert [chart.number for chart in charts] == numbered[:CHART_LIMIT]
    for chart in charts:
        assert all(len(line.points) == len(chart.categories) for line in chart.series)
        assert len(chart.reference) == len(chart.categories)
        _parsed(chart_svg(chart))
    for exporter in (WordExporter(), ExcelExporter()):
        exporter.write(report, io.BytesIO())


def _has_chart(kpi: Kpi) -> bool:
    from planeval.model import Scale

    years = kpi.observations or kpi.interim_targets or kpi.target
    return kpi.scale is not Scale.QUALITATIVE and bool(years)


def test_the_cap_holds_in_every_format(plan: Plan) -> None:
    many = attrs.evolve(
        plan, kpis=tuple(attrs.evolve(plan.kpis[0], number=n) for n in range(1, 63))
    )
    report = report_for(many)
    word = io.BytesIO()
    WordExporter().write(report, word)
    with zipfile.ZipFile(word) as archive:
        names = [n for n in archive.namelist() if n.startswith("word/charts/")]
        body = archive.read("word/document.xml").decode()
    assert len(names) == CHART_LIMIT
    assert "KPI 61～62 のグラフは省略しています" in body
    workbook = io.BytesIO()
    ExcelExporter().write(report, workbook)
    book = openpyxl.load_workbook(workbook)
    assert len(book["グラフ"]._charts) == CHART_LIMIT
    cells: list[Any] = [c.value for row in book["グラフ"].iter_rows() for c in row if c.value]
    assert cells == ["KPI 61～62 のグラフは省略しています（グラフは60件まで）。"]


def test_flows_keep_their_kind() -> None:
    kpi = factories.kpi({2021: "1", 2022: "2"}, "2", kind=KpiKind.FLOW, per_year=True)
    assert _series(_charts(factories.plan(kpi))[1])[ChartRole.VALUES][:2] == (D(1), D(3))


def test_examples_chart_in_both_languages() -> None:
    for path in ("examples/riverton_green/plan.json", "examples/minamiyama_plan6/plan.json"):
        loaded = planeval.load_plan(path)
        assert _charts(loaded)


@pytest.mark.parametrize("value", ["-1E+56", "1E+99", "1E-99", "0"])
def test_a_chart_of_one_value_of_any_size_is_drawn(value: str) -> None:
    """One value, as small or as large as a plan holds: an axis around it, never a zero span."""
    plan = factories.plan(factories.kpi({2021: value}, target=None))
    (chart,) = build_report(evaluate(plan), labels_for(plan)).charts
    svg = ElementTree.fromstring(chart_svg(chart))
    heights = [float(e.get("cy", "nan")) for e in svg.iter() if e.tag.endswith("circle")]
    # The value's marker within the plot (the legend's sample is below it).
    assert [height for height in heights if 40 <= height <= 260] == [150.0]


def test_a_long_title_wraps_inside_the_image_and_moves_the_plot_down() -> None:
    """A KPI name of 100 characters: three lines of at most 80 columns, all of it shown."""
    name = "付加価値額" * 20
    plan = factories.plan(attrs.evolve(factories.kpi({2021: "5"}, target=None), name=name))
    (chart,) = build_report(evaluate(plan), labels_for(plan)).charts
    svg = ElementTree.fromstring(chart_svg(chart))
    title = next(e for e in svg.iter() if e.tag.endswith("text"))
    lines = [span.text or "" for span in title]
    assert "".join(lines) == chart.title
    assert len(lines) == 3
    assert all(display_width(line) <= 80 for line in lines)
    reference = next(e for e in svg.iter() if e.tag.endswith("line"))
    # The plot's top grid line is below the title's third line (22 + 2 × 16 px).
    assert float(reference.get("y1", "0")) > 22 + 2 * 16
