"""A real office suite opens the reports: LibreOffice converts and recalculates them.

These tests need LibreOffice (``soffice``) and poppler's ``pdftotext``;
``.ci/run`` installs them with apt-get where it can. Without them the tests
are skipped, saying so.
"""

from __future__ import annotations

import csv
import html
import itertools
import re
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import attrs
import docx
import openpyxl
import pytest
from hypothesis import given, settings

import planeval
from planeval import testing
from planeval.examples import example_names
from planeval.io.plan_files import plan_to_json
from planeval.limits import MAX_YEARS
from planeval.model import Kpi, Plan
from tests import factories
from tests.factories import hostile_plan, wide_plan, write_csv
from tests.office import (
    PDFTOTEXT,
    SOFFICE,
    YONEZAWA_HEADINGS,
    YONEZAWA_RATES,
    pdf_text,
    squeeze,
)

pytestmark = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (soffice) and pdftotext are not installed; .ci/run installs them",
)

# Calc keeps the cached values of an .xlsx unless told to recalculate on load.
RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
CSV_UTF8 = "csv:Text - txt - csv (StarCalc):44,34,76,1"


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LibreOffice profile of the tests' own, set to recalculate workbooks on load."""
    profile = tmp_path_factory.mktemp("office-profile")
    (profile / "user").mkdir()
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD)
    return profile


def convert(
    profile: Path, source: Path, target_format: str, folder: Path, infilter: str | None = None
) -> Path:
    return convert_all(profile, [source], target_format, folder, infilter)[0]


def convert_all(
    profile: Path,
    sources: list[Path],
    target_format: str,
    folder: Path,
    infilter: str | None = None,
) -> list[Path]:
    """Convert the files in one LibreOffice run (it takes seconds to start)."""
    assert SOFFICE is not None
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            target_format,
            "--outdir",
            str(folder),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    extension = target_format.split(":")[0]
    converted = [folder / f"{source.stem}.{extension}" for source in sources]
    for path in converted:
        assert path.is_file(), result.stdout + result.stderr
    return converted


def test_word_report_converts_to_pdf_with_its_text(
    office: Path, plan: Plan, tmp_path: Path
) -> None:
    report = tmp_path / "report.docx"
    planeval.export(plan, report)
    pdf = convert(office, report, "pdf", tmp_path)
    squeezed = squeeze(pdf_text(pdf))
    for heading in YONEZAWA_HEADINGS:
        assert heading in squeezed
    for rate in YONEZAWA_RATES:
        assert rate in squeezed
    assert "資料２" in squeezed


def test_calc_reads_the_csv_export_as_text_and_numbers(
    office: Path, plan: Plan, tmp_path: Path
) -> None:
    """Calc opens the CSV (as UTF-8): no formula anywhere, numbers as numbers, text as text."""
    source = tmp_path / "hostile.csv"
    source.write_bytes(write_csv(hostile_plan(plan)))
    converted = convert(office, source, "xlsx", tmp_path / "out", infilter="CSV:44,34,76,1")
    cells = list(openpyxl.load_workbook(converted).active.iter_rows())
    rows = [tuple(cell.value for cell in row) for row in cells]
    assert not [cell.coordinate for row in cells for cell in row if cell.data_type == "f"]
    assert rows[0][:2] == ("municipality_code", "municipality")  # the BOM is not in the header
    assert rows[1][1:3] == ("米沢市", "第３期米沢市工業振興計画")
    fifth = next(row for row in rows if row[6] == 5 and row[9] == 2024)
    assert (fifth[7], fifth[11], fifth[15]) == ("'=cmd|'/c calc'!A1", -5, "'@x")


def recalculated_rates(office: Path, workbook: Path, folder: Path) -> dict[int, str]:
    """Calc's recalculated rate for each KPI row of the first sheet, by KPI number."""
    converted = convert(office, workbook, CSV_UTF8, folder)
    rows = list(csv.reader(converted.read_text(encoding="utf-8").splitlines(keepends=True)))
    return {int(row[0]): row[-1] for row in rows if row and row[0].isdigit()}


def test_calc_recalculates_every_rate_to_the_cached_value(
    office: Path, plan: Plan, tmp_path: Path
) -> None:
    workbook = tmp_path / "report.xlsx"
    planeval.export(plan, workbook)
    sheet = openpyxl.load_workbook(workbook, data_only=True).worksheets[0]
    cached = {
        int(sheet.cell(row, 1).value): sheet.cell(row, 11).value
        for row in range(1, sheet.max_row + 1)
        if isinstance(sheet.cell(row, 1).value, int)
    }
    recalculated = recalculated_rates(office, workbook, tmp_path)
    assert recalculated.keys() == cached.keys() == {1, 2, 3, 4, 5, 6}
    for number, value in cached.items():
        assert recalculated[number] == f"{value:.1f}％"


def test_the_recalculation_is_real(office: Path, plan: Plan, tmp_path: Path) -> None:
    """A wrong cached value comes back right: Calc computed it from the formula."""
    workbook = tmp_path / "report.xlsx"
    planeval.export(plan, workbook)
    tampered = tmp_path / "tampered.xlsx"
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b"<v>86.4</v>" in data
                data = data.replace(b"<v>86.4</v>", b"<v>99.9</v>")
            target.writestr(info, data)
    assert recalculated_rates(office, tampered, tmp_path)[1] == "86.4％"


def _rate_cells(workbook: Path) -> tuple[int, dict[int, float]]:
    """The rate column of the KPI sheet, and each KPI's cached rate there (numbers only)."""
    sheet = openpyxl.load_workbook(workbook, data_only=True).worksheets[0]
    header = [cell.value for cell in sheet[4]]
    column = next(i for i, text in enumerate(header) if str(text).startswith(("達成率", "Ach")))
    cached = {
        row[0].value: float(row[column].value)
        for row in sheet.iter_rows()
        if isinstance(row[0].value, int) and isinstance(row[column].value, int | float)
    }
    return column, cached


def test_calc_recalculates_each_citys_formulas(office: Path, tmp_path: Path) -> None:
    """Actual ÷ target, a target of 0 from the baseline and the cap come back as cached."""
    own = planeval.load_example("minamiyama_plan6")
    # The cap is refused with an actual ÷ target rate where lower is better: KPI 2
    # takes the plan's formula for the capped version.
    capped = attrs.evolve(
        own,
        cap_rates=True,
        kpis=tuple(attrs.evolve(kpi, method=None) for kpi in own.kpis),
    )
    for name, plan, capped_rates in (("own", own, 0), ("capped", capped, 1)):
        workbook = tmp_path / f"{name}.xlsx"
        planeval.export(plan, workbook)
        column, cached = _rate_cells(workbook)
        formulas = openpyxl.load_workbook(workbook).worksheets[0]
        texts = [
            str(row[column].value) for row in formulas.iter_rows() if isinstance(row[0].value, int)
        ]
        assert sum(text.startswith("=MIN(ROUND(") for text in texts) == capped_rates * 5
        converted = convert(office, workbook, CSV_UTF8, tmp_path)
        rows = list(csv.reader(converted.read_text(encoding="utf-8").splitlines(keepends=True)))
        recalculated = {int(row[0]): row[column] for row in rows if row and row[0].isdigit()}
        assert cached, name
        for number, value in cached.items():
            assert recalculated[number] == f"{value:.1f}％", (name, number)
    # 103万人 against 100万人, capped: 100.0; 転出超過数 as actual ÷ target: 150.0.
    assert _rate_cells(tmp_path / "capped.xlsx")[1][6] == 100.0
    assert _rate_cells(tmp_path / "own.xlsx")[1][2] == 150.0


def test_a_plan_workbook_resaved_by_calc_loads_as_the_same_plan(
    office: Path, tmp_path: Path
) -> None:
    """Calc rewrites every part of the workbook; each plan comes back to the same JSON bytes."""
    originals = tmp_path / "originals"
    originals.mkdir()
    plans = {name: planeval.load_example(name) for name in example_names()}

    @settings(max_examples=12, database=None, derandomize=True, deadline=None)
    @given(testing.plans())
    def collect(plan: Plan) -> None:
        plans[f"generated{len(plans)}"] = plan

    collect()
    sources = []
    for name, plan in plans.items():
        planeval.dump_plan(plan, originals / f"{name}.xlsx")
        sources.append(originals / f"{name}.xlsx")
    for resaved in convert_all(office, sources, "xlsx", tmp_path):
        assert resaved.read_bytes() != (originals / resaved.name).read_bytes()
        back = planeval.load_plan(resaved)
        assert plan_to_json(back) == plan_to_json(plans[resaved.stem]), resaved.stem


# -- the Word reports' pages, as LibreOffice prints them (issue 13) ---------------------------

# Page margins, in points (20 mm), and how far a word's box may go past them.
MARGIN_POINTS = 1134 / 20
TOLERANCE = 1.5
HANGING = 10.5
# A page whose text, header and footer aside, is less tall than this share
# of the page is nearly empty.
NEARLY_EMPTY = 0.15
# A bracketed mark or period of at most this many characters never breaks.
SHORT_BRACKETS = re.compile(r"[（(]([^（()）\n]*)\n([^（()）\n]*)[）)]")
SHORT = 10
# A rate's formula, (基準値－目標値), is no mark: it breaks where its column is narrower.
FORMULA = re.compile(r"[－/×]")


class Word(NamedTuple):
    """A word on a page and its box, in points from the page's top left."""

    left: float
    top: float
    right: float
    bottom: float
    text: str


class Page(NamedTuple):
    width: float
    height: float
    words: list[Word]


def _widened(plan: Plan, first_year: int, figure: Decimal) -> Plan:
    """``plan`` with a figure for every year from ``first_year``: a plan of many year columns.

    KPI 2's figures become ``figure`` (a wide one, with its unit).
    """

    def widen(kpi: Kpi) -> Kpi:
        values = [obs for obs in kpi.observations if obs.value is not None]
        if not values:
            return kpi
        first = values[0]
        value = figure if kpi.number == 2 else first.value
        earlier = tuple(
            attrs.evolve(first, fiscal_year=year, value=value, increment=None)
            for year in range(first_year, first.fiscal_year)
        )
        return attrs.evolve(kpi, observations=earlier + kpi.observations)

    return attrs.evolve(plan, kpis=tuple(widen(kpi) for kpi in plan.kpis))


@pytest.fixture(scope="module")
def word_pdfs(office: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example's Word report and three of wide plans, printed to PDF at once.

    The wide plans have 11 and 15 year columns of figures as wide as
    1,596,853人, and 50, the most the loader accepts.
    """
    folder = tmp_path_factory.mktemp("word-pages")
    plans = {name: planeval.load_example(name) for name in example_names()}
    own = planeval.load_example("minamiyama_plan6")
    plans["eleven_years"] = _widened(own, 2014, Decimal("159685"))
    plans["fifteen_years"] = _widened(own, 2010, Decimal("1596853"))
    plans["fifty_years"] = wide_plan("yonezawa_plan3", MAX_YEARS - 1)
    sources = []
    for name, plan in plans.items():
        planeval.export(plan, folder / f"{name}.docx")
        sources.append(folder / f"{name}.docx")
    return {pdf.stem: pdf for pdf in convert_all(office, sources, "pdf", folder)}


WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _pages(pdf: Path) -> list[Page]:
    """The PDF's pages with their words' boxes (``pdftotext -bbox-layout``)."""
    out = pdf_text(pdf, "-bbox-layout")
    pages = []
    for width, height, body in re.findall(
        r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S
    ):
        words = [
            Word(float(left), float(top), float(right), float(bottom), html.unescape(text))
            for left, top, right, bottom, text in re.findall(
                r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">'
                r"(.*?)</word>",
                body,
            )
        ]
        pages.append(Page(float(width), float(height), words))
    return pages


def test_every_word_lies_within_the_pages_margins(word_pdfs: dict[str, Path]) -> None:
    """No column is pushed off the page, however many years a plan has."""
    for name, pdf in word_pdfs.items():
        for number, page in enumerate(_pages(pdf), start=1):
            assert page.words, (name, number)
            for word in page.words:
                # A Japanese line may hang its closing 、 or 。 in the margin (ぶら下げ).
                hanging = HANGING if word.text.endswith(("、", "。")) else 0
                right = page.width - MARGIN_POINTS + TOLERANCE + hanging
                assert word.left >= MARGIN_POINTS - TOLERANCE, (name, number, word)
                assert word.right <= right, (name, number, word)


def test_a_plan_of_many_years_is_printed_on_a3(word_pdfs: dict[str, Path]) -> None:
    for name in ("eleven_years", "fifteen_years", "fifty_years"):
        first = _pages(word_pdfs[name])[0]
        assert (round(first.width), round(first.height)) == (1191, 842), name
    first = _pages(word_pdfs["minamiyama_plan6"])[0]
    assert (round(first.width), round(first.height)) == (842, 595)


def test_english_words_are_not_broken(word_pdfs: dict[str, Path]) -> None:
    """Every word printed is a word of the report: none is cut (ho|mes, sta|rt-ups)."""
    report = docx.Document(str(word_pdfs["riverton_green"].with_suffix(".docx")))
    texts = [paragraph.text for paragraph in report.paragraphs]
    texts += [cell.text for table in report.tables for row in table.rows for cell in row.cells]
    texts += [line.text for section in report.sections for line in section.header.paragraphs]
    texts += _chart_texts(word_pdfs["riverton_green"].with_suffix(".docx"))
    known = set(re.findall(r"[A-Za-z]+", "\n".join(texts)))
    printed = set(re.findall(r"[A-Za-z]+", pdf_text(word_pdfs["riverton_green"])))
    assert {"homes", "start", "ups", "records"} <= printed
    assert printed - known == set()


def _chart_texts(report: Path) -> list[str]:
    """The texts of a Word report's charts: titles, series names, categories."""
    with zipfile.ZipFile(report) as archive:
        parts = [archive.read(n).decode() for n in archive.namelist() if "/charts/" in n]
    return [html.unescape(t) for part in parts for t in re.findall(r"<(?:a:t|c:v)>([^<]*)<", part)]


def test_word_charts_are_drawn_on_their_pages(word_pdfs: dict[str, Path]) -> None:
    """The charts follow the KPI table under their heading, each drawn with its words."""
    for name, heading in (
        ("yonezawa_plan3", "評価指数（ＫＰＩ）のグラフ"),
        ("riverton_green", "Charts of the KPIs"),
    ):
        pages = [" ".join(word.text for word in page.words) for page in _pages(word_pdfs[name])]
        first = next(number for number, text in enumerate(pages) if heading in text)
        assert first >= 1, name  # after the KPI table's page
        report = docx.Document(str(word_pdfs[name].with_suffix(".docx")))
        titles = [frame.get("title") for frame in report.element.body.iter(f"{{{WP}}}docPr")]
        assert titles, name
        shown = "".join(pages[first:]).replace(" ", "")
        for title in titles:
            # A chart's title and legend are drawn: the chart rendered, not an empty frame.
            assert title.replace(" ", "") in shown, (name, title)
        assert ("想定される進捗" if name.startswith("yonezawa") else "expectedpath") in shown


def test_a_short_bracketed_mark_or_period_stays_on_one_line(
    word_pdfs: dict[str, Path],
) -> None:
    """No （再|掲）, (R3～延べ1|件) or (平成30年1月～12|月), where the columns can hold them.

    The figure of 11 years in a row shows that the year columns got the width they need.
    """
    for name, pdf in word_pdfs.items():
        text = pdf_text(pdf)
        broken = [
            match.group()
            for match in SHORT_BRACKETS.finditer(text)
            if len(match.group(1) + match.group(2)) <= SHORT and not FORMULA.search(match.group())
        ]
        assert broken == [], name
    for span in ("(平成30年1月～12月)", "(R3～延べ1件)"):
        assert span in pdf_text(word_pdfs["yonezawa_plan3"]).replace("\u2060", "")


def test_a_figure_stays_with_its_unit(word_pdfs: dict[str, Path]) -> None:
    """No 159,685 | 人 in a plan of 11 years, no 1,596,853 | 人 in one of 15 over two tables."""
    text = pdf_text(word_pdfs["eleven_years"])
    assert text.count("159,685人") == 8  # FY2014 to FY2021
    assert not re.search(r"159,685\s*\n\s*人", text)
    text = pdf_text(word_pdfs["fifteen_years"])
    assert text.count("1,596,853人") == 12  # FY2010 to FY2021
    assert not re.search(r"1,596,853\s*\n\s*人", text)


def test_no_word_report_page_is_nearly_empty(word_pdfs: dict[str, Path]) -> None:
    """Notes left over from a table do not make a page of their own."""
    for name, pdf in word_pdfs.items():
        for number, page in enumerate(_pages(pdf), start=1):
            # The header takes the top and the page number the bottom.
            body = [
                word
                for word in page.words
                if word.top > MARGIN_POINTS + 35 and word.bottom < page.height - MARGIN_POINTS
            ]
            assert body, (name, number)
            extent = max(word.bottom for word in body) - min(word.top for word in body)
            assert extent >= NEARLY_EMPTY * page.height, (name, number, extent)


# -- rendered pages ----------------------------------------------------------------

#: A page with fewer words than this is nearly empty: a split chart's remains,
#: or a band of a sheet spilled onto a page of its own.
_FEWEST_WORDS = 10
_WIDE_YEARS = 15


def _wide_plan(name: str) -> Plan:
    """An example stretched to 15 year columns, within the loader's limit."""
    assert _WIDE_YEARS <= MAX_YEARS
    return wide_plan(name, _WIDE_YEARS)


def _page_words(pdf: Path) -> list[list[str]]:
    """The words of each page."""
    return [[word.text for word in page.words] for page in _pages(pdf)]


def _wording(words: list[str]) -> list[str]:
    """The words of a page but its page numbers (and other whole numbers), sorted.

    Sorted: pdftotext's reading order of the same words at the same places
    changes with the footer's width ("1 / 10", "1 / 8").
    """
    return sorted(word for word in words if word != "/" and not word.isdigit())


@pytest.fixture(scope="module")
def rendered_workbooks(office: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Each example's workbook, a 15-year-wide one of each, and one of a single KPI, as PDF."""
    folder = tmp_path_factory.mktemp("rendered")
    plans = {"one_kpi": factories.plan(factories.kpi({2021: "90", 2022: "95"}))}
    for name in example_names():
        plans[name] = planeval.load_example(name)
        plans[f"wide_{name}"] = _wide_plan(name)
    sources = []
    for stem, plan in plans.items():
        sources.append(planeval.export(plan, folder / f"{stem}.xlsx"))
        chartless = folder / f"chartless_{stem}.xlsx"
        sources.append(planeval.export(plan, chartless, options={"chart_limit": 0}))
    return convert_all(office, sources, "pdf", folder)


def test_no_value_prints_as_hashes(rendered_workbooks: list[Path]) -> None:
    """Every column is wide enough for the values its number format prints."""
    for pdf in rendered_workbooks:
        assert "###" not in pdf_text(pdf, "-layout"), pdf.stem


def test_every_word_is_on_its_page(rendered_workbooks: list[Path]) -> None:
    for pdf in rendered_workbooks:
        for number, page in enumerate(_pages(pdf), start=1):
            for word in page.words:
                assert min(word.left, word.top) >= 0, (pdf.stem, number)
                assert word.right <= page.width, (pdf.stem, number)
                assert word.bottom <= page.height, (pdf.stem, number)


def test_no_workbook_page_is_nearly_empty(rendered_workbooks: list[Path]) -> None:
    """No chart split across pages, no sheet's last column or row on a page of its own."""
    for pdf in rendered_workbooks:
        counts = [len(page.words) for page in _pages(pdf)]
        assert min(counts) >= _FEWEST_WORDS, (pdf.stem, counts)


def test_a_kpi_sheet_too_wide_for_a4_prints_on_a3(rendered_workbooks: list[Path]) -> None:
    """The KPI sheet (the first page) is on A4 landscape, or A3 where A4 would shrink it.

    Every example's KPI sheet would print below 8 points on A4 (Yonezawa's at
    63%); a plan of one KPI fits.
    """
    a4, a3 = (842, 595), (1191, 842)
    for pdf in rendered_workbooks:
        first = _pages(pdf)[0]
        size = (round(first.width), round(first.height))
        assert size == (a4 if pdf.stem.endswith("one_kpi") else a3), pdf.stem


#: The height of the footer's 10-point "/" at a scale of 100% (Noto Sans CJK).
_FULL_SIZE_SLASH = 13.0


def test_every_workbook_page_prints_its_text_at_8_points_or_more(
    rendered_workbooks: list[Path],
) -> None:
    """The page number's slash, 10 points in the sheet, is printed at 80% or more.

    The office suite scales a sheet fit to the page by its own column widths,
    so this is the scale as printed, not as planned.
    """
    for pdf in rendered_workbooks:
        for number, page in enumerate(_pages(pdf), start=1):
            (slash,) = [word for word in page.words if word.text == "/"][-1:]
            assert slash.bottom - slash.top >= 0.8 * _FULL_SIZE_SLASH - 0.05, (pdf.stem, number)


def _pages_with(name: str, pdf: Path) -> list[str]:
    """The text of the PDF's first pages, up to the first without ``name``."""
    texts = ("".join(words) for words in _page_words(pdf))
    return list(itertools.takewhile(lambda text: name in text, texts))


def test_a_split_kpi_sheet_prints_each_year_once_beside_the_kpis(
    rendered_workbooks: list[Path],
) -> None:
    """A KPI sheet split over pages breaks where the workbook says, not where Calc would.

    Each page repeats the KPI name's heading and has the year headings of
    its columns, and the sheet takes no more pages than that.
    """
    split = 0
    for pdf in rendered_workbooks:
        sheet = openpyxl.load_workbook(pdf.with_suffix(".xlsx")).worksheets[0]
        starts = [0, *(brk.id for brk in sheet.col_breaks.brk)]
        if len(starts) == 1:
            continue
        split += 1
        # The KPI name's heading is in the lower header row (nothing is merged).
        texts = _pages_with(squeeze(str(sheet["B5"].value)), pdf)
        assert len(texts) == len(starts), pdf.stem
        heading = {cell.column - 1: squeeze(str(cell.value)) for cell in sheet[5][3:] if cell.value}
        bands = itertools.pairwise([*starts, max(heading) + 1])
        for (start, end), text in zip(bands, texts, strict=True):
            # A column whose heading is in the upper header row alone has none here.
            shown = [heading[column] for column in range(max(start, 3), end) if column in heading]
            assert all(text_of_heading in text for text_of_heading in shown)
    assert split >= 3  # the wide plans at least


def test_a_split_kpi_sheets_title_and_notes_print_once_whole(
    rendered_workbooks: list[Path],
) -> None:
    """On a KPI sheet split over pages, the title and the notes are on the first page only.

    Columns A and B repeat on every page: text in them that overflows to the
    right would print on each page cut at B's edge ("Riverton Green Growth
    Plan: eva"; the PDF still holds the whole string, clipped).
    """
    split = 0
    for pdf in rendered_workbooks:
        sheet = openpyxl.load_workbook(pdf.with_suffix(".xlsx")).worksheets[0]
        if not sheet.col_breaks.brk:
            continue
        split += 1
        pages = _pages_with(squeeze(str(sheet["B5"].value)), pdf)
        # The title, the heading, the notes and the legend: rows of one text each.
        rows = [[cell.value for cell in row if cell.value] for row in sheet.iter_rows()]
        texts = [squeeze(row[0]) for row in rows if len(row) == 1 and isinstance(row[0], str)]
        assert texts, pdf.stem
        for text in texts:
            assert [text in page for page in pages].count(True) == 1, (pdf.stem, text)
    assert split >= 3


def test_every_chart_is_whole_on_one_page(rendered_workbooks: list[Path]) -> None:
    """Four charts a page, each title on the page of its legend.

    The chart pages are those the workbook has more than the same workbook
    without charts, after the pages both begin with (the KPI sheet's).
    """
    for pdf in rendered_workbooks:
        if pdf.stem.startswith("chartless_"):
            continue
        pages = _page_words(pdf)
        chartless = _page_words(pdf.with_name(f"chartless_{pdf.stem}.pdf"))
        # The footers differ ("1 / 7", "1 / 6"): whole numbers are left out.
        pairs = zip(map(_wording, pages), map(_wording, chartless), strict=False)
        first = next(i for i, (a, b) in enumerate(pairs) if a != b)
        chart_pages = pages[first : first + len(pages) - len(chartless)]
        data = openpyxl.load_workbook(pdf.with_suffix(".xlsx")).worksheets[1]
        # A block of six rows a chart: its categories, then its series.
        titles = [squeeze(str(data.cell(row, 1).value)) for row in range(2, data.max_row + 1, 6)]
        # The values' legend entry: 実績, or 実績（R3～延べ） for a flow.
        legend = str(data.cell(3, 2).value).split("（")[0].split(",")[0]
        assert len(chart_pages) == -(-len(titles) // 4), pdf.stem
        for number, words in enumerate(chart_pages, start=first + 1):
            text = "".join(words)
            shown = sum(title in text for title in titles)
            entries = sum(word.startswith(legend) for word in words)
            assert shown == entries > 0, (pdf.stem, number)


def test_document_dates_print_as_dates_not_serial_numbers(rendered_workbooks: list[Path]) -> None:
    """LibreOffice knows no era format: 令和7年7月3日 is written out, never 45841."""
    (yonezawa,) = [pdf for pdf in rendered_workbooks if pdf.stem == "yonezawa_plan3"]
    text = squeeze(pdf_text(yonezawa))
    assert "令和7年7月3日" in text
    assert "2025/7/3" in text
    assert "45841" not in text
