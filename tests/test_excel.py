"""The Excel workbook, read back with openpyxl and compared with the model."""

from __future__ import annotations

import html
import io
import itertools
import re
import unicodedata
import warnings
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import planeval
from planeval.evaluation import evaluate
from planeval.exporters import report_for
from planeval.exporters.excel import CHART_LIMIT, ExcelExporter, sheet_name
from planeval.exporters.excel._paper import ColumnSplit, bands
from planeval.formatting import display_width, row_height, usable_width
from planeval.model import Initiative, Issue, KpiKind, Plan, Repeat
from planeval.report import JAPANESE, build_report

from . import factories
from .factories import wide_plan

FIRST_KPI_ROW = 6  # 1-based: title, section, blank, two header rows


@pytest.fixture(scope="module")
def workbook_path(plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "yonezawa.xlsx"
    planeval.export(plan, path)
    return path


@pytest.fixture(scope="module")
def formulas(workbook_path: Path) -> Any:
    return openpyxl.load_workbook(workbook_path)


@pytest.fixture(scope="module")
def cached(workbook_path: Path) -> Any:
    return openpyxl.load_workbook(workbook_path, data_only=True)


def year_columns(sheet: Any) -> dict[int, int]:
    """Map fiscal years to their columns from the header (令和3年度 -> 2021)."""
    columns = {}
    for cell in sheet[5]:
        if isinstance(cell.value, str) and "年度" in cell.value and cell.value.startswith("令和"):
            columns[planeval.periods.parse_fiscal_year(cell.value.split("\n")[0])] = cell.column
    return columns


def test_sheets(formulas: Any) -> None:
    assert formulas.sheetnames == [
        "評価指数（ＫＰＩ）",
        "グラフデータ",
        "グラフ",
        "施策の評価",
        "参考指標",
        "次期計画の方向性",
        "文書情報",
    ]


def test_kpi_headers_follow_the_source(formulas: Any) -> None:
    sheet = formulas["評価指数（ＫＰＩ）"]
    # A heading over both header rows is in the lower, next to the data: nothing is merged.
    assert [sheet.cell(4, c).value for c in (1, 2, 3, 4, 10, 11)] == [
        None,
        None,
        None,
        "進捗状況",
        "目標値",
        "達成率",
    ]
    assert [sheet.cell(5, c).value for c in range(1, 4)] == ["No.", "評価区分", "基準値"]
    assert [sheet.cell(5, c).value for c in range(4, 12)] == [
        "令和元年度\n（参考）",
        "令和2年度\n（参考）",
        "令和3年度",
        "令和4年度",
        "令和5年度",
        "令和6年度",
        "(令和7年度)",
        "(最新値/目標値×100)",
    ]


def test_every_kpi_figure_is_a_numeric_cell(formulas: Any, plan: Plan) -> None:
    sheet = formulas["評価指数（ＫＰＩ）"]
    columns = year_columns(sheet)
    assert sorted(columns) == [2019, 2020, 2021, 2022, 2023, 2024]
    for index, kpi in enumerate(plan.kpis):
        row = FIRST_KPI_ROW + 2 * index
        assert sheet.cell(row, 1).value == kpi.number
        assert sheet.cell(row, 2).value.split("\n")[0] == kpi.name
        assert kpi.baseline is not None
        assert kpi.target is not None
        assert Decimal(str(sheet.cell(row, 3).value)) == kpi.baseline.value
        assert Decimal(str(sheet.cell(row, 10).value)) == kpi.target.value
        for observation in kpi.observations:
            cell = sheet.cell(row, columns[observation.fiscal_year])
            below = sheet.cell(row + 1, columns[observation.fiscal_year])
            if observation.value is None:
                assert cell.value == "未発表"
                assert below.value == f"({observation.note})"
            else:
                assert cell.data_type == "n"
                assert Decimal(str(cell.value)) == observation.value
                assert kpi.unit in cell.number_format
            if observation.increment is not None:
                assert Decimal(str(below.value)) == observation.increment
                assert below.number_format == '"（"#,##0"社）"'


def test_units_and_marks_are_in_the_number_formats(formulas: Any) -> None:
    sheet = formulas["評価指数（ＫＰＩ）"]
    kpi4, kpi6 = FIRST_KPI_ROW + 6, FIRST_KPI_ROW + 10
    assert sheet.cell(FIRST_KPI_ROW, 3).number_format == '#,##0"億円"'
    assert sheet.cell(FIRST_KPI_ROW + 2, 3).number_format == '#,##0"万円/人"'
    assert sheet.cell(kpi4, 3).number_format == '#,##0"件/年"'
    assert sheet.cell(kpi6, 3).number_format == '"過去累計"#,##0"社"'
    assert sheet.cell(kpi6, 9).number_format == '"累計"#,##0"社"'
    assert sheet.cell(kpi6, 10).number_format == '"累計"#,##0"社"'
    # A flow: its running total since R3 below each year, its target's total below the target.
    assert sheet.cell(kpi4 + 1, 9).value == 3
    assert sheet.cell(kpi4 + 1, 9).number_format == '"(R3～延べ"#,##0"件)"'
    assert sheet.cell(kpi4 + 1, 6).value is None  # R3 prints no running total
    assert sheet.cell(kpi4, 10).number_format == '#,##0"件/年"'
    assert sheet.cell(kpi4 + 1, 10).value == 10


def _evaluate_formula(formula: str, sheet: Any) -> Decimal:
    """Compute =ROUND(expr*100,1) from the referenced cells' values, independently."""
    match = re.fullmatch(r"=ROUND\((.+)\*100,(\d)\)", formula)
    assert match, formula
    expression = re.sub(r"[A-Z]+\d+", lambda ref: f"Decimal('{sheet[ref[0]].value}')", match[1])
    value = eval(expression, {"Decimal": Decimal}) * 100  # references and / only
    return Decimal(value).quantize(Decimal(1).scaleb(-int(match[2])), rounding=ROUND_HALF_UP)


def test_rates_are_formulas_with_cached_values(formulas: Any, cached: Any, plan: Plan) -> None:
    sheet = formulas["評価指数（ＫＰＩ）"]
    values = cached["評価指数（ＫＰＩ）"]
    results = evaluate(plan).kpis
    for index, result in enumerate(results):
        row = FIRST_KPI_ROW + 2 * index
        formula = sheet.cell(row, 11).value
        assert isinstance(formula, str)
        assert formula.startswith("=ROUND(")
        assert Decimal(str(values.cell(row, 11).value)) == result.achievement_rate
        assert _evaluate_formula(formula, sheet) == result.achievement_rate
        assert sheet.cell(row, 11).number_format == '#,##0.0"％"'
    assert [values.cell(FIRST_KPI_ROW + 2 * i, 11).value for i in range(6)] == [
        86.4,
        75.8,
        94.3,
        30.0,
        112.9,
        101.0,
    ]


def test_notes_under_the_table(formulas: Any, plan: Plan) -> None:
    sheet = formulas["評価指数（ＫＰＩ）"]
    texts = [sheet.cell(row, 1).value for row in range(FIRST_KPI_ROW + 13, FIRST_KPI_ROW + 18)]
    assert texts[0] == "※「累計」とは、基準年度も含めた当該年度までの累計値を表す。"
    assert texts[3] == f"(注1) {plan.notes[3].text}"


def test_chart_data_holds_each_series_of_the_model(cached: Any, plan: Plan) -> None:
    """The data sheet's blocks read back as the report model's charts, gaps left empty."""
    data = cached["グラフデータ"]
    model = build_report(evaluate(plan), JAPANESE)
    for index, chart in enumerate(model.charts):
        first = 2 + 6 * index  # one-based: the header, then six rows a chart
        width = len(chart.categories)
        categories = [data.cell(first, 4 + offset).value for offset in range(width)]
        assert categories == list(chart.categories)
        for row, line in enumerate(chart.series, start=first + 1):
            assert data.cell(row, 2).value == line.name
            read = [data.cell(row, 4 + offset).value for offset in range(width)]
            assert read == [None if p is None else float(p) for p in line.points]
    flow = [data.cell(2 + 6 * 3 + 1, column).value for column in range(4, 11)]
    assert flow == [None, None, 0, 1, 1, 3, None]


def chart_xml(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        return [archive.read(name).decode() for name in names]


def test_a_chart_per_kpi_with_gaps_and_every_series(workbook_path: Path) -> None:
    charts = chart_xml(workbook_path)
    assert len(charts) == 6
    for number, chart in enumerate(charts, start=1):
        # xlsxwriter leaves out dispBlanksAs for "gap", Excel's own default;
        # any other value would draw unpublished years as zero or join over them.
        assert "dispBlanksAs" not in chart
        # Values, baseline, expected path and target; a flow has no baseline line.
        assert chart.count("<c:ser>") == (3 if number == 4 else 4)
        assert "グラフデータ" in chart


def test_every_chart_has_its_description_as_alt_text(workbook_path: Path, plan: Plan) -> None:
    model = build_report(evaluate(plan), JAPANESE)
    with zipfile.ZipFile(workbook_path) as archive:
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
    found = re.findall(r'<xdr:cNvPr id="\d+" name="[^"]*" descr="([^"]*)"', drawing)
    assert [html.unescape(text) for text in found] == [c.description for c in model.charts]


def test_charts_stop_at_the_limit(plan: Plan) -> None:
    many = attrs.evolve(plan, kpis=tuple(attrs.evolve(plan.kpis[4], number=n) for n in range(1, 8)))
    stream = io.BytesIO()
    ExcelExporter(chart_limit=3).write(report_for(many), stream)
    with zipfile.ZipFile(stream) as archive:
        charts = [n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    assert len(charts) == 3
    assert CHART_LIMIT >= 50
    # The line under the charts names the KPIs this workbook leaves without one.
    sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))["グラフ"]
    texts = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
    assert texts == ["KPI 4～7 のグラフは省略しています（グラフは3件まで）。"]


def test_the_review_of_measures(cached: Any, plan: Plan) -> None:
    sheet = cached["施策の評価"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    texts = "\n".join(str(value) for row in rows for value in row if value)
    by_id = {}
    for review in plan.reviews:
        for item in (*review.initiatives, *review.issues, *review.direction.items):
            if isinstance(item, Repeat):
                continue
            if item.id:
                by_id[item.id] = item
            for paragraph in item.paragraphs if isinstance(item, Initiative) else [item.text]:
                assert paragraph in texts
            if isinstance(item, Initiative) and item.title:
                assert item.title in texts
    expected_rows = sum(
        len(r.initiatives) + len(r.issues) + len(r.direction.items) for r in plan.reviews
    )
    assert len(rows) == expected_rows
    repeats = [row for row in rows if row[7] == "（再掲）"]
    assert len(repeats) == 9
    # A repeated item shows the first one's content.
    first_repeat = next(row for row in rows if row[7] == "（再掲）")
    assert first_repeat[4] == "米沢ものづくり振興事業"
    assert first_repeat[1].startswith("施策２")
    joint = [row for row in rows if row[1] and "施策６" in row[1]]
    assert joint
    assert all("施策７" in row[1] for row in joint)
    assert {row[2] for row in rows if row[1].startswith("施策１")} == {"重点施策"}
    assert any(row[5] == "（Ｒ５～）" for row in rows)
    assert any(row[5] == "（Ｒ３～４）" for row in rows)
    assert any(row[5] == "（Ｒ７）" for row in rows)
    assert any(
        str(row[6]).endswith(
            "［主な事業内容］有機エレクトロニクス関連分野展示会への出展、地域企業との技術連携支援活動、産学連携セミナー・シンポジウムの開催、有機エレクトロニクス関連施設オープンラボの開催"
        )
        for row in rows
    )
    directions = {row[3] for row in rows if str(row[3]).startswith("今後の方向性")}
    assert directions == {"今後の方向性：拡充", "今後の方向性：継続"}
    reference = next(row for row in rows if row[8])
    assert reference[8] == "［参考］マッチング(商談成約)件数 R3：49件、R4：72件、R5：91件、R6：75件"
    assert isinstance(by_id["miryoku-hasshin"], Issue)


def test_reference_figures_sheet(cached: Any) -> None:
    sheet = cached["参考指標"]
    assert [sheet.cell(3, c).value for c in range(1, 8)] == [
        "施策",
        "実施状況",
        "参考指標",
        "令和3年度",
        "令和4年度",
        "令和5年度",
        "令和6年度",
    ]
    row = [sheet.cell(4, c).value for c in range(1, 8)]
    assert row[1] == "米沢ものづくり振興事業（国内販路開拓支援）"
    assert row[2:] == ["マッチング(商談成約)件数", 49, 72, 91, 75]


def test_next_plan_and_document_sheets(cached: Any, plan: Plan) -> None:
    assert plan.next_plan is not None
    sheet = cached["次期計画の方向性"]
    values = [row[0].value for row in sheet.iter_rows() if row[0].value]
    assert values[0] == plan.next_plan.title
    assert values[1] == plan.next_plan.lead
    for heading in plan.next_plan.headings:
        assert f"■ {heading.title}" in values
        for item in heading.items:
            assert f"・{item}" in values
    document = {row[0].value: row[1].value for row in cached["文書情報"].iter_rows()}
    assert document["計画期間"] == "令和3年度～令和7年度"
    assert document["資料番号"] == "資料２"
    assert document["会議"] == "第１回米沢市工業振興計画策定委員会"
    assert document["開催日"] == "令和7年7月3日"
    dates = {row[0].value: row[2].value for row in cached["文書情報"].iter_rows()}
    assert dates["開催日"].date().isoformat() == "2025-07-03"


def test_print_ready(formulas: Any) -> None:
    sheet = formulas["評価指数（ＫＰＩ）"]
    assert sheet.page_setup.orientation == "landscape"
    # A3: fit to A4's width, its text would print at 6.3 points.
    assert sheet.page_setup.paperSize == 8
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1)  # 1 is the default, left out
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$4:$5"
    assert sheet.freeze_panes == "C6"
    assert sheet.column_dimensions["B"].width > 30
    assert sheet.cell(FIRST_KPI_ROW, 2).font.name == "游ゴシック"


def test_the_same_plan_gives_the_same_bytes(plan: Plan, tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    planeval.export(plan, first)
    planeval.export(plan, second)
    assert first.read_bytes() == second.read_bytes()


def test_user_text_is_never_a_formula(plan: Plan) -> None:
    hostile = ["=1+1", "@SUM(A1)", "=cmd|'/c calc'!A1", "+1", "http://example.com"]
    kpis = tuple(
        attrs.evolve(kpi, name=hostile[i % len(hostile)], unit='"件')
        for i, kpi in enumerate(plan.kpis)
    )
    review = plan.reviews[0]
    first = review.initiatives[0]
    assert isinstance(first, Initiative)
    initiatives = (
        attrs.evolve(first, title='=HYPERLINK("x")', paragraphs=("=1+2",)),
        *review.initiatives[1:],
    )
    evil = attrs.evolve(
        plan, kpis=kpis, reviews=(attrs.evolve(review, initiatives=initiatives), *plan.reviews[1:])
    )
    stream = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # xlsxwriter warns when it reads text as a reference
        ExcelExporter().write(report_for(evil), stream)
    stream.seek(0)
    book = openpyxl.load_workbook(stream)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert re.fullmatch(r"=ROUND\([A-Z0-9/()*+-]+\*100,1\)", str(cell.value))
    names = [book["評価指数（ＫＰＩ）"].cell(FIRST_KPI_ROW + 2 * i, 2).value for i in range(6)]
    assert [name.split("\n")[0] for name in names] == [hostile[i % 5] for i in range(6)]
    assert book["評価指数（ＫＰＩ）"].cell(FIRST_KPI_ROW, 3).number_format == '#,##0\\"\\件'
    assert not book["評価指数（ＫＰＩ）"].cell(FIRST_KPI_ROW, 2).hyperlink


@pytest.mark.parametrize(
    ("wanted", "taken", "expected"),
    [
        ("評価指数（ＫＰＩ）", [], "評価指数（ＫＰＩ）"),
        ("a[b]c:d*e?f/g\\h", [], "a_b_c_d_e_f_g_h"),
        ("x" * 40, [], "x" * 31),
        ("Sheet", ["sheet"], "Sheet (2)"),
        ("x" * 40, ["x" * 31], "x" * 27 + " (2)"),
        ("'quoted'", [], "quoted"),
        ("", [], "Sheet"),
        # Excel counts UTF-16 units: a character beyond U+FFFF takes two.
        ("0" * 14 + "𐀀" * 4 + "𑀦 reviews", [], "0" * 14 + "𐀀" * 4 + "𑀦 review"),
        ("𐀀" * 20, [], "𐀀" * 15),
    ],
)
def test_sheet_names_are_made_valid(wanted: str, taken: list[str], expected: str) -> None:
    assert sheet_name(wanted, taken) == expected
    assert len(sheet_name(wanted, taken)) <= 31


def test_a_kpi_without_a_rate_shows_why(plan: Plan) -> None:
    kpis = (attrs.evolve(plan.kpis[0], target=None), *plan.kpis[1:])
    stream = io.BytesIO()
    ExcelExporter().write(report_for(attrs.evolve(plan, kpis=kpis)), stream)
    stream.seek(0)
    sheet = openpyxl.load_workbook(stream)["評価指数（ＫＰＩ）"]
    assert sheet.cell(FIRST_KPI_ROW, 11).value == "－"
    assert sheet.cell(FIRST_KPI_ROW + 1, 11).value == "目標値がない"
    assert sheet.cell(FIRST_KPI_ROW, 10).value == "－"
    assert plan.kpis[3].kind is KpiKind.FLOW


def test_creation_time_and_zip_timestamps_are_fixed(workbook_path: Path, formulas: Any) -> None:
    assert formulas.properties.created.isoformat().startswith("2025-06-30T00:00:00")
    with zipfile.ZipFile(workbook_path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_number_formats_stay_short_at_the_limits(plan: Plan) -> None:
    from planeval.model import Observation

    tiny = Decimal("1.23456789012345E-100")
    kpis = (
        attrs.evolve(
            plan.kpis[0],
            unit="単" * 40,
            unit_per="位" * 40,
            observations=(Observation(fiscal_year=2021, value=tiny),),
        ),
        *plan.kpis[1:],
    )
    stream = io.BytesIO()
    ExcelExporter().write(report_for(attrs.evolve(plan, kpis=kpis)), stream)
    stream.seek(0)
    sheet = openpyxl.load_workbook(stream)["評価指数（ＫＰＩ）"]
    formats = {cell.number_format for row in sheet.iter_rows() for cell in row}
    assert max(len(number_format) for number_format in formats) <= 255


# -- row heights -------------------------------------------------------------------

_TEXTS = st.text(alphabet=st.sampled_from("aZ9 .（）年度評価ｱ\n累計é😀"), max_size=120)


def _naive_display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@given(_TEXTS)
def test_display_width_counts_wide_characters_twice(text: str) -> None:
    assert display_width(text) == _naive_display_width(text)


@given(st.lists(st.tuples(_TEXTS, st.integers(min_value=1, max_value=120)), max_size=9))
def test_row_height_fits_every_wrapped_line(cells: list[tuple[str, int]]) -> None:
    """At least the lines of the text's characters (spaces aside) at the usable width."""
    lines = 1
    for text, width in cells:
        usable = usable_width(width)
        wrapped = sum(
            max(1, -(-_naive_display_width(line.replace(" ", "")) // usable))
            for line in text.split("\n")
        )
        lines = max(lines, wrapped)
    assert row_height(cells) >= max(15, lines * 13.5 + 3)


def test_row_height_keeps_words_whole() -> None:
    # 20 wide: 16 usable columns; "planning" does not fit after "municipal".
    assert row_height([("municipal planning office", 20)]) == 2 * 13.5 + 3
    assert row_height([("市" * 16, 20)]) == 2 * 13.5 + 3


def test_a_note_on_a_value_is_printed_after_it(tmp_path: Path) -> None:
    plan = planeval.load_example("yonezawa_plan3")
    first = plan.kpis[0]
    noted = tuple(
        attrs.evolve(obs, note="注1") if obs.fiscal_year == 2021 else obs
        for obs in first.observations
    )
    plan = attrs.evolve(plan, kpis=(attrs.evolve(first, observations=noted), *plan.kpis[1:]))
    path = planeval.export(plan, tmp_path / "noted.xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    (cell,) = [c for row in sheet.iter_rows() for c in row if c.value == 1427]
    assert cell.number_format == '#,##0"億円(注1)"'


def _print_setup(plan: Plan, path: Path) -> tuple[int, bool, int, list[int], str | None]:
    """The KPI sheet's paper, fit to width or not, scale, column breaks and repeated columns."""
    sheet = openpyxl.load_workbook(planeval.export(plan, path)).worksheets[0]
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    fit = bool(sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage)
    breaks = [brk.id for brk in sheet.col_breaks.brk]
    return setup.paperSize, fit, setup.scale or 100, breaks, sheet.print_title_cols


@pytest.mark.parametrize(
    ("name", "years", "expected"),
    [
        # Fit to A4's width at 80% or more: a plan of one KPI, of 1 and 5 year columns.
        ("small", 1, (9, True, 100, [], None)),
        ("small", 5, (9, True, 100, [], None)),
        # Yonezawa's plan as published: A4 would print it at 63%, A3 does at 100%.
        ("yonezawa_plan3", None, (8, True, 100, [], None)),
        # The most year columns A3 holds at 80%, 7.
        ("yonezawa_plan3", 6, (8, True, 100, [], None)),
        # One more: split over two pages, each repeating the number and name.
        ("yonezawa_plan3", 7, (8, False, 100, [8], "$A:$B")),
        # The most two pages hold, 20; then three.
        ("yonezawa_plan3", 19, (8, False, 81, [13], "$A:$B")),
        ("yonezawa_plan3", 20, (8, False, 100, [9, 18], "$A:$B")),
        # The most year columns the loader accepts, 50.
        ("yonezawa_plan3", 49, (8, False, 90, [12, 23, 34, 45], "$A:$B")),
    ],
)
def test_a_wide_kpi_sheet_goes_on_a3_then_splits_its_years(
    name: str,
    years: int | None,
    expected: tuple[int, bool, int, list[int], str | None],
    tmp_path: Path,
) -> None:
    """A4 landscape, else A3, else A3 split over pages at 80% or more (README)."""
    if name == "small":
        assert years is not None
        plan = factories.plan(factories.kpi({2021 + year: "100" for year in range(years)}))
    else:
        plan = planeval.load_example(name) if years is None else wide_plan(name, years)
    setup = _print_setup(plan, tmp_path / "wide.xlsx")
    scale, breaks = setup[2], setup[3]
    assert setup == expected
    assert scale >= 80
    # The first page has the baseline and a year at least (columns C and D).
    assert all(column > 3 for column in breaks)


def test_columns_fit_their_widest_printed_value(tmp_path: Path) -> None:
    """No figure column narrower than the text its number format prints, and a margin."""
    path = planeval.export(planeval.load_example("riverton_green"), tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    widths = {
        index: dimension.width
        for dimension in sheet.column_dimensions.values()
        for index in range(dimension.min, dimension.max + 1)
    }
    for row in sheet.iter_rows(min_row=FIRST_KPI_ROW):
        for cell in row:
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                literal = "".join(re.findall(r'"([^"]*)"', cell.number_format))
                printed = display_width(literal) + len(f"{cell.value:,}")
                assert widths[cell.column] >= printed + 2, (cell.coordinate, cell.number_format)


def _band_widths(widths: list[int], repeated: int, starts: list[int]) -> list[int]:
    """Each page's width: its columns, and the repeated ones on pages after the first."""
    edges = itertools.pairwise([*starts, len(widths)])
    return [sum(widths[a:b]) + (sum(widths[:repeated]) if a else 0) for a, b in edges]


@given(
    st.lists(st.integers(min_value=1, max_value=60), min_size=3, max_size=10),
    st.integers(min_value=60, max_value=240),
)
def test_a_sheet_splits_over_the_fewest_pages_that_fit(widths: list[int], most: int) -> None:
    """As few pages as any split at the allowed columns, each within ``most`` where one can be."""
    split = ColumnSplit(repeated=1, break_before=tuple(range(2, len(widths))))
    starts = bands(widths, split, most)
    assert starts[0] == 0
    assert starts == sorted(set(starts))
    assert set(starts[1:]) <= set(split.break_before)
    fitting = [
        [0, *chosen]
        for count in range(len(split.break_before) + 1)
        for chosen in itertools.combinations(split.break_before, count)
        if max(_band_widths(widths, 1, [0, *chosen])) <= most
    ]
    if fitting:
        assert max(_band_widths(widths, 1, starts)) <= most
        assert len(starts) == min(len(choice) for choice in fitting)
