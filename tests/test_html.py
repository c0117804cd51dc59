"""The HTML report: read back with an independent parser, and opened in a real browser.

The browser tests open the page in headless Chromium under Selenium and run
axe-core on it (axe-selenium-python bundles it). They need Debian's
``chromium`` and ``chromium-driver``, which ``.ci/run`` installs with
apt-get where it can; without them those tests are skipped, saying so.
"""

from __future__ import annotations

import base64
import io
import itertools
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import planeval
from planeval.exporters import report_for
from planeval.exporters.html import HtmlExporter
from planeval.model import Initiative, Issue, Plan
from planeval.report.model import cell_text
from planeval.testing import plans

from .conftest import run_planeval
from .factories import wide_plan
from .html_reader import Element, headings, parse

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
RATES = ["86.4％", "75.8％", "94.3％", "30.0％", "112.9％", "101.0％"]


def write_html(plan: Plan, locale: str | None = None) -> bytes:
    stream = io.BytesIO()
    HtmlExporter().write(report_for(plan, locale), stream)
    return stream.getvalue()


@pytest.fixture(scope="module")
def page(plan: Plan) -> bytes:
    return write_html(plan)


@pytest.fixture(scope="module")
def html(page: bytes) -> Element:
    return parse(page)


def kpi_table(html: Element) -> Element:
    (table,) = html.iter("table")
    return table


def rates(html: Element) -> list[str]:
    """The first line of the last cell of each KPI's row: its rate."""
    (body,) = kpi_table(html).iter("tbody")
    return [list(row.iter("td"))[-1].lines()[0] for row in body.iter("tr")]


def test_outline_follows_the_source(html: Element, plan: Plan) -> None:
    outline = headings(html)
    assert outline[0] == (1, plan.document.title)
    assert [text for level, text in outline if level == 2] == [
        "１ 評価指数（ＫＰＩ）の進捗状況",
        "２ 各基本戦略の実施状況、課題及び今後の方向性",
        "３ 第４期米沢市工業振興計画策定の方向性",
    ]
    strategies = [text for level, text in outline if level == 3 and text.startswith("（基本戦略")]
    assert len(strategies) == 3
    assert strategies[0] == "（基本戦略１）ものづくり企業の経営基盤強化"
    assert strategies[2] == "（基本戦略３）成長分野の企業立地による産業集積・基盤強化"
    measures = [text for level, text in outline if level == 4]
    assert len(measures) == 7
    assert measures[0] == "施策１ 重点施策 新時代を見据えたものづくり人材の育成及び定着の促進"
    assert sum(1 for level, text in outline if (level, text) == (5, "実施状況")) == 6
    assert sum(1 for level, text in outline if (level, text) == (5, "課題")) == 6
    assert [text for _, text in outline if text.startswith("今後の方向性")] == [
        "今後の方向性：拡充",
        *["今後の方向性：継続"] * 4,
        "今後の方向性：拡充",
    ]
    # No level is skipped on the way down.
    levels = [level for level, _ in outline]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_the_kpi_table_has_headers_a_caption_and_every_rate(html: Element) -> None:
    table = kpi_table(html)
    (caption,) = table.iter("caption")
    assert caption.text == "評価指数（ＫＰＩ）の進捗状況"
    (head,) = table.iter("thead")
    top, years = head.iter("tr")
    assert [th.lines() for th in top.iter("th")] == [
        ["No."],
        ["評価区分"],
        ["基準値"],
        ["進捗状況"],
        ["目標値", "(令和7年度)"],
        ["達成率", "(最新値/目標値×100)"],
    ]
    assert [th.get("scope") for th in top.iter("th")] == ["col"] * 3 + ["colgroup"] + ["col"] * 2
    assert [th.lines() for th in years.iter("th")] == [
        ["令和元年度", "（参考）"],
        ["令和2年度", "（参考）"],
        ["令和3年度"],
        ["令和4年度"],
        ["令和5年度"],
        ["令和6年度"],
    ]
    (body,) = table.iter("tbody")
    rows = list(body.iter("tr"))
    assert len(rows) == 6
    assert [[th.get("scope") for th in row.iter("th")] for row in rows] == [["row"]] * 6
    assert [next(row.iter("th")).lines()[0] for row in rows][:2] == [
        "付加価値額",
        "従業者1人当たりの付加価値額",
    ]
    assert rates(html) == RATES
    first = [cell.lines() for cell in rows[0].iter("td")]
    assert first[1] == ["1,465億円", "(平成30年1月～12月)"]
    assert first[-3] == ["未発表", "(注2)"]
    assert first[-2] == ["1,650億円"]


def test_the_notes_follow_the_table(html: Element, plan: Plan) -> None:
    (section,) = (s for s in html.iter("section") if s.get("class") == "kpis")
    notes = [p.text for p in section.iter("p")]
    assert notes[0] == "※「累計」とは、基準年度も含めた当該年度までの累計値を表す。"
    assert "(注1) " + plan.notes[-2].text in notes or len(notes) == len(plan.notes)


def test_the_kpi_table_scrolls_in_a_focusable_region(html: Element) -> None:
    (box,) = (div for div in html.iter("div") if div.get("class") == "table-box")
    assert box.get("role") == "region"
    assert box.get("tabindex") == "0"
    assert box.get("aria-label") == "評価指数（ＫＰＩ）の進捗状況"
    assert list(box.iter("table")) == [kpi_table(html)]


def test_every_item_of_the_review_is_shown(html: Element, plan: Plan) -> None:
    items = [li.text for li in html.iter("li")]
    paragraphs = [p.text for p in html.iter("p")]
    assert "■ 企業の魅力発信・情報発信の強化（再掲）" in items
    assert "■ 「360°よねざわオープンファクトリー」開催支援（Ｒ５～）" in paragraphs
    assert "［参考］マッチング(商談成約)件数 R3：49件、R4：72件、R5：91件、R6：75件" in paragraphs
    for review in plan.reviews:
        for issue in review.issues:
            if isinstance(issue, Issue):
                assert f"■ {issue.text}" in items
        for initiative in review.initiatives:
            if isinstance(initiative, Initiative):
                assert all(text in paragraphs for text in initiative.paragraphs[1:])
    assert plan.next_plan is not None
    assert plan.next_plan.lead in paragraphs
    for heading in plan.next_plan.headings:
        assert (3, f"■ {heading.title}") in headings(html)
        assert all(f"・{item}" in items for item in heading.items)


def test_landmarks_header_and_facts(html: Element) -> None:
    assert html.get("lang") == "ja"
    (body,) = html.iter("body")
    landmarks = [child.tag for child in body.children if isinstance(child, Element)]
    assert landmarks == ["header", "main", "footer"]
    (header,) = html.iter("header")
    assert [p.text for p in header.iter("p")] == [
        "資料２",
        "R7.7.3 第１回米沢市工業振興計画策定委員会",
    ]
    (facts,) = html.iter("dl")
    terms = [dt.text for dt in facts.iter("dt")]
    assert terms[:3] == ["自治体", "計画", "計画期間"]
    assert [dd.text for dd in facts.iter("dd")][2] == "令和3年度～令和7年度"


def test_the_page_stands_alone(page: bytes, html: Element) -> None:
    assert list(html.iter("script")) == []
    assert list(html.iter("link")) == []
    assert list(html.iter("img")) == []
    (style,) = html.iter("style")
    assert "url(" not in style.text
    assert "@import" not in style.text
    assert not re.search(rb"(src|href)=", page)
    (policy,) = (m for m in html.iter("meta") if m.get("http-equiv") == "Content-Security-Policy")
    assert (policy.get("content") or "").startswith("default-src 'none'")


def test_a_print_style_sheet_sets_a4(html: Element) -> None:
    (style,) = html.iter("style")
    assert "@page { size: A4;" in style.text
    assert "size: A4 landscape" in style.text
    assert "@media print" in style.text


def test_the_same_plan_gives_the_same_bytes(plan: Plan, page: bytes) -> None:
    assert write_html(plan) == page


def test_an_english_report_is_tagged_english() -> None:
    html = parse(write_html(planeval.load_example("riverton_green")))
    assert html.get("lang") == "en"
    assert not [element for element in html.iter() if element.tag != "html" and element.get("lang")]


def test_the_plan_s_own_text_is_tagged_with_its_language(plan: Plan) -> None:
    html = parse(write_html(plan, "en"))
    assert html.get("lang") == "en"
    (body,) = kpi_table(html).iter("tbody")
    assert {th.get("lang") for th in body.iter("th")} == {"ja"}
    assert {th.get("lang") for th in kpi_table(html).iter("thead")} == {None}
    riverton = parse(write_html(planeval.load_example("riverton_green"), "ja"))
    assert riverton.get("lang") == "ja"
    (title,) = riverton.iter("h1")
    assert title.get("lang") == "en"


def test_grades_fill_their_cells_with_readable_text() -> None:
    html = parse(write_html(planeval.load_example("riverton_green")))
    grades = [td for td in html.iter("td") if td.get("class") == "mark grade"]
    assert grades
    styles = {td.text: td.get("style") for td in grades}
    assert styles["A"] == "background-color: #2E7D32; color: #FFFFFF"
    assert styles["B"] == "background-color: #FBC02D; color: #000000"


HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7 * 191 }} {% if true %}x{% endif %}",
    "</td></tr></table><b>bold</b>&amp;",
)


def hostile_plan(plan: Plan) -> Plan:
    """Yonezawa's plan with markup, template syntax and entities in its texts."""
    kpis = tuple(
        attrs.evolve(kpi, name=HOSTILE[index % len(HOSTILE)], unit=HOSTILE[1])
        for index, kpi in enumerate(plan.kpis)
    )
    review = plan.reviews[0]
    issues = tuple(
        attrs.evolve(issue, text=HOSTILE[index * 2 % len(HOSTILE)])
        if isinstance(issue, Issue)
        else issue
        for index, issue in enumerate(review.issues)
    )
    review = attrs.evolve(review, issues=issues)
    document = attrs.evolve(plan.document, title=HOSTILE[3], label=HOSTILE[1])
    return attrs.evolve(plan, kpis=kpis, reviews=(review, *plan.reviews[1:]), document=document)


def test_markup_in_a_plan_is_shown_as_text(plan: Plan) -> None:
    page = write_html(hostile_plan(plan))
    html = parse(page)
    for tag in ("script", "img", "b"):
        assert list(html.iter(tag)) == []
    assert len(list(html.iter("table"))) == 1
    (title,) = html.iter("h1")
    assert title.text == HOSTILE[3]
    names = [
        next(row.iter("th")).lines()[0] for row in next(kpi_table(html).iter("tbody")).iter("tr")
    ]
    assert names == [HOSTILE[index % len(HOSTILE)] for index in range(6)]
    items = [li.text for li in html.iter("li")]
    assert f"■ {HOSTILE[0]}" in items
    assert f"■ {HOSTILE[2]}" in items
    assert b"1337" not in page
    assert b"<script" not in page


def test_the_command_line_writes_html(tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    result = run_planeval("export", "--example", "yonezawa_plan3", "-f", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    html = parse(out.read_bytes())
    assert rates(html) == RATES
    result = run_planeval("export", "--example", "yonezawa_plan3", "--all", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "yonezawa_plan3.html").read_bytes() == out.read_bytes()


# -- in a real browser ---------------------------------------------------------------------

browser_only = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="chromium and chromedriver are not installed; .ci/run installs them",
)
DESKTOP, PHONE = 1280, 375


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM is not None
    assert CHROMEDRIVER is not None
    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def violations(driver: Any) -> list[str]:
    from axe_selenium_python import Axe

    axe = Axe(driver)
    axe.inject()
    found = axe.run()["violations"]
    return [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in found]


def open_page(driver: Any, path: Path, width: int) -> None:
    driver.set_window_size(width, 900)
    driver.get(path.as_uri())


def sideways(driver: Any) -> int:
    """How far the page scrolls sideways, in CSS pixels."""
    return int(
        driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


def open_example(driver: Any, name: str, folder: Path, width: int) -> Path:
    """Write the example ``name``'s page into ``folder`` and open it ``width`` pixels wide."""
    path = folder / f"{name}.html"
    path.write_bytes(write_html(planeval.load_example(name)))
    open_page(driver, path, width)
    return path


def table_scrolls(driver: Any) -> bool:
    """Whether the KPI table is wider than its box, which then scrolls."""
    box = driver.find_element("css selector", ".table-box")
    return bool(driver.execute_script("return arguments[0].scrollWidth", box) > box.size["width"])


@browser_only
@pytest.mark.parametrize("name", ["yonezawa_plan3", "riverton_green", "minamiyama_plan6"])
def test_axe_finds_nothing_and_a_phone_does_not_scroll_sideways(
    browser: Any, name: str, tmp_path: Path
) -> None:
    path = open_example(browser, name, tmp_path, DESKTOP)
    assert violations(browser) == []
    assert browser.save_screenshot(str(tmp_path / f"{name}-{DESKTOP}.png"))
    assert not table_scrolls(browser)  # on a desktop the examples' KPI tables fit whole
    open_page(browser, path, PHONE)
    assert browser.execute_script("return window.innerWidth") == PHONE
    assert sideways(browser) == 0
    assert violations(browser) == []
    assert table_scrolls(browser)  # wider than a phone: it scrolls inside its own box
    assert browser.save_screenshot(str(tmp_path / f"{name}-{PHONE}.png"))
    assert (tmp_path / f"{name}-{PHONE}.png").stat().st_size > 1000


@browser_only
def test_a_japanese_plan_in_english_passes_axe(browser: Any, plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "en.html"
    path.write_bytes(write_html(plan, "en"))
    open_page(browser, path, DESKTOP)
    assert violations(browser) == []


@browser_only
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=plans())
def test_any_plan_passes_axe_and_fits_a_phone(browser: Any, plan: Plan) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.html"
        path.write_bytes(write_html(plan))
        open_page(browser, path, PHONE)
        assert sideways(browser) == 0
        assert violations(browser) == []


A4 = {(595, 842), (842, 595)}  # points, portrait and landscape
A4_LANDSCAPE_CONTENT = 1047  # CSS px: 297 mm less 2 x 10 mm of margin


@browser_only
@pytest.mark.parametrize("name", ["yonezawa_plan3", "minamiyama_plan6"])
def test_it_prints_on_a4_with_the_kpi_table_landscape(
    browser: Any, name: str, tmp_path: Path
) -> None:
    open_example(browser, name, tmp_path, A4_LANDSCAPE_CONTENT)
    printed = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    pdf = base64.b64decode(printed["data"])
    (tmp_path / f"{name}.pdf").write_bytes(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", pdf)
    sizes = [(round(float(width)), round(float(height))) for width, height in boxes]
    assert set(sizes) <= A4
    assert sizes[0] == (595, 842)  # the title page
    assert sizes[1] == (842, 595)  # the KPI table's
    assert printed_width(browser) <= A4_LANDSCAPE_CONTENT  # nothing is cut off


def printed_width(driver: Any) -> float:
    """How far the KPI table reaches to the right where the page is printed."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        table = driver.find_element("css selector", "table.kpi")
        return float(
            driver.execute_script("return arguments[0].getBoundingClientRect().right", table)
        )
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


@browser_only
def test_a_table_of_many_years_still_fits_the_printed_page(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "wide.html"
    path.write_bytes(write_html(wide_plan("yonezawa_plan3", 30)))
    open_page(browser, path, A4_LANDSCAPE_CONTENT)
    assert printed_width(browser) <= A4_LANDSCAPE_CONTENT


@pytest.mark.parametrize("name", ["yonezawa_plan3", "riverton_green", "minamiyama_plan6"])
def test_every_cell_shows_the_model_s_text(name: str) -> None:
    plan = planeval.load_example(name)
    model = report_for(plan).model
    (body,) = kpi_table(parse(write_html(plan))).iter("tbody")
    for kpi, row in zip(model.kpi_table.rows, body.iter("tr"), strict=True):
        cells = [cell.lines() for cell in row.iter("td")]
        expected = [cell_text(kpi.baseline)]
        expected += [cell_text(kpi.baseline_below)] if kpi.baseline_below is not None else []
        assert cells[1] == expected
        for year, shown in zip(kpi.years, cells[2:], strict=False):
            lines = [cell_text(c) for c in (year.value, year.below, year.rate) if c is not None]
            assert shown == (lines or [""])
        assert cells[2 + len(kpi.years) + 1][0] == cell_text(kpi.rate)


def test_each_kpi_has_an_svg_chart_named_and_described(html: Element, plan: Plan) -> None:
    """Yonezawa's six KPIs: six images, each labelled by its own title and description."""
    model = report_for(plan).model
    charts = list(html.iter("svg"))
    assert len(charts) == len(model.charts) == 6
    for svg, chart in zip(charts, model.charts, strict=True):
        assert svg.get("role") == "img"
        (title,) = svg.iter("title")
        (desc,) = svg.iter("desc")
        assert (title.text, desc.text) == (chart.title, chart.description)
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    ids = [element.get("id") for element in html.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    assert desc.text.startswith("企業立地数の推移：")


def test_a_figure_and_a_short_mark_stay_on_one_line(html: Element) -> None:
    """As in the Word report: (平成30年1月～12月) and (R3～延べ1件) never break inside."""
    kept = {
        element.text
        for element in html.iter("span")
        if "keep" in (element.get("class") or "").split()
    }
    assert {"(平成30年1月～12月)", "(R3～延べ1件)", "(令和元年度)", "1,294万円/人"} <= kept
    css = next(html.iter("style")).text
    assert ".figure, .keep { white-space: nowrap; }" in css
