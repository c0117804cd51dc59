"""The Word report, read back with python-docx and compared with the model."""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path
from typing import Any

import attrs
import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

import planeval
from planeval.evaluation import evaluate
from planeval.exporters import report_for
from planeval.exporters.word import WordExporter
from planeval.model import DirectionItem, Initiative, Issue, Plan, Repeat

from .factories import printed, wide_plan

A4_SHORT, A4_LONG = 11906 * 635, 16838 * 635  # EMU


@pytest.fixture(scope="module")
def report_path(plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "yonezawa.docx"
    planeval.export(plan, path)
    return path


@pytest.fixture(scope="module")
def document(report_path: Path) -> Any:
    return docx.Document(str(report_path))


def headings(document: Any) -> list[tuple[int, str]]:
    return [
        (int(p.style.name.split()[-1]), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading")
    ]


def body_text(document: Any) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_outline_follows_the_source(document: Any, plan: Plan) -> None:
    outline = headings(document)
    assert outline[0] == (1, "１ 評価指数（ＫＰＩ）の進捗状況")
    assert (1, "２ 各基本戦略の実施状況、課題及び今後の方向性") in outline
    assert plan.next_plan is not None
    assert outline[-4] == (1, "３ 第４期米沢市工業振興計画策定の方向性")
    # The charts follow the KPI table, under a heading of section １.
    assert [text for level, text in outline if level == 2][:4] == [
        "評価指数（ＫＰＩ）のグラフ",
        "（基本戦略１）ものづくり企業の経営基盤強化",
        "（基本戦略２）先端技術の活用促進によるものづくりの振興",
        "（基本戦略３）成長分野の企業立地による産業集積・基盤強化",
    ]
    measures = [text for level, text in outline if level == 3]
    assert len(measures) == 7
    assert measures[0] == "施策１ 重点施策 新時代を見据えたものづくり人材の育成及び定着の促進"
    assert measures[1] == "施策２ 企業競争力強化に向けた技術力及び収益性の向上に対する支援"
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == plan.document.title


def test_a_joint_review_follows_its_last_measure_once(document: Any) -> None:
    outline = headings(document)
    six = outline.index((3, "施策６ 重点施策 新たな地域ものづくり牽引拠点として産業用地確保の推進"))
    assert outline[six + 1] == (3, "施策７ 重点施策 波及効果が高く成長が見込まれる産業の立地促進")
    assert outline[six + 2] == (4, "実施状況")
    assert sum(1 for _, text in outline if text == "実施状況") == 6
    assert [text for level, text in outline if text.startswith("今後の方向性")] == [
        "今後の方向性：拡充",
        "今後の方向性：継続",
        "今後の方向性：継続",
        "今後の方向性：継続",
        "今後の方向性：継続",
        "今後の方向性：拡充",
    ]


def test_every_item_of_the_review_is_written(document: Any, plan: Plan) -> None:
    text = body_text(document)
    paragraphs = [p.text for p in document.paragraphs]
    by_id: dict[str, Initiative | Issue | DirectionItem] = {}
    repeats = 0
    for review in plan.reviews:
        for item in (*review.initiatives, *review.issues, *review.direction.items):
            if isinstance(item, Repeat):
                repeats += 1
                continue
            if item.id:
                by_id[item.id] = item
            if isinstance(item, Initiative):
                for paragraph in item.paragraphs:
                    assert paragraph in text
                if item.title:
                    years = "" if item.years is None else "（"
                    assert any(p.startswith(f"■ {item.title}{years}") for p in paragraphs)
                for detail in item.details:
                    assert f"［{detail.heading}］{detail.text}" in text
            else:
                assert f"■ {item.text}" in paragraphs
    assert text.count("（再掲）") == repeats == 9
    assert "■ 企業の魅力発信・情報発信の強化（再掲）" in paragraphs
    assert "■ 異業種間交流及び産学交流の推進（再掲）" in paragraphs
    assert "■ 米沢ものづくり振興事業" in paragraphs
    assert "■ 「360°よねざわオープンファクトリー」開催支援（Ｒ５～）" in paragraphs
    assert "■ 中小企業経営基盤強化サポート事業（Ｒ３～４）" in paragraphs
    assert "■ 県立米沢鶴城高等学校及び地域コンソーシアムとの連携（Ｒ７）" in paragraphs
    assert "［参考］マッチング(商談成約)件数 R3：49件、R4：72件、R5：91件、R6：75件" in paragraphs
    assert any(p.startswith("■ ものづくり産学連携支援員を任用し") for p in paragraphs)


def test_next_plan_section(document: Any, plan: Plan) -> None:
    assert plan.next_plan is not None
    paragraphs = [p.text for p in document.paragraphs]
    assert plan.next_plan.lead in paragraphs
    for heading in plan.next_plan.headings:
        assert f"■ {heading.title}" in paragraphs
        for item in heading.items:
            assert f"・{item}" in paragraphs


def table_rows(document: Any) -> list[list[str]]:
    (table,) = document.tables
    return [[printed(cell.text) for cell in row.cells] for row in table.rows]


def test_kpi_table_holds_every_figure_and_rate(document: Any) -> None:
    rows = table_rows(document)
    assert len(rows) == 2 + 6
    assert rows[0][:3] == ["No.", "評価区分", "基準値"]
    assert rows[0][-2:] == ["目標値\n(令和7年度)", "達成率\n(最新値/目標値×100)"]
    assert rows[1][3:9] == [
        "令和元年度\n（参考）",
        "令和2年度\n（参考）",
        "令和3年度",
        "令和4年度",
        "令和5年度",
        "令和6年度",
    ]
    assert rows[2] == [
        "1",
        "付加価値額\n(～R2：従業者4人以上の事業所、R3～：個人経営を除く事業所)\n出典：経済構造実態調査（暦年の値）",
        "1,465億円\n(平成30年1月～12月)",
        "1,445億円",
        "1,383億円",
        "1,427億円",
        "1,425億円",
        "未発表\n(注1)",
        "未発表\n(注2)",
        "1,650億円",
        "86.4％",
    ]
    assert rows[3][2] == "1,294万円/人\n(平成30年1月～12月)"
    assert rows[3][-2:] == ["1,650万円/人", "75.8％"]
    assert rows[4][-1] == "94.3％"
    assert rows[5][2:] == [
        "2件/年\n(令和元年度)",
        "2件",
        "0件",
        "0件",
        "1件\n(R3～延べ1件)",
        "0件\n(R3～延べ1件)",
        "2件\n(R3～延べ3件)",
        "2件/年\n(R3～延べ10件)",
        "30.0％",
    ]
    assert rows[6][3:] == ["63人", "55人", "91人", "65人", "69人", "79人", "70人", "112.9％"]
    assert rows[7][2:] == [
        "過去累計95社\n(令和2年度)",
        "累計93社\n（3社）",
        "累計95社\n（2社）",
        "累計99社\n（4社）",
        "累計100社\n（1社）",
        "累計101社\n（1社）",
        "累計101社\n（0社）",
        "累計100社",
        "101.0％",
    ]


def test_rates_match_the_engine(document: Any, plan: Plan) -> None:
    rows = table_rows(document)[2:]
    for row, result in zip(rows, evaluate(plan).kpis, strict=True):
        assert row[-1] == f"{result.achievement_rate}％"


def test_notes_follow_the_table(document: Any, plan: Plan) -> None:
    paragraphs = [p.text for p in document.paragraphs]
    assert "※「累計」とは、基準年度も含めた当該年度までの累計値を表す。" in paragraphs
    assert f"(注1) {plan.notes[3].text}" in paragraphs
    assert f"(注2) {plan.notes[4].text}" in paragraphs


def test_header_rows_repeat(document: Any) -> None:
    (table,) = document.tables
    for row in table.rows[:2]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[2]._tr.trPr.find(qn("w:tblHeader")) is None


def test_pages_header_and_footer(document: Any) -> None:
    first, narrative = document.sections
    assert first.orientation == WD_ORIENT.LANDSCAPE
    assert (first.page_width, first.page_height) == (A4_LONG, A4_SHORT)
    assert narrative.orientation == WD_ORIENT.PORTRAIT
    assert (narrative.page_width, narrative.page_height) == (A4_SHORT, A4_LONG)
    header = [p.text for p in narrative.header.paragraphs]
    assert header == ["資料２", "R7.7.3 第１回米沢市工業振興計画策定委員会"]
    assert [p.text for p in first.header.paragraphs] == header
    footer = narrative.footer.paragraphs[0]._p
    assert footer.find(qn("w:fldSimple")).get(qn("w:instr")).strip() == "PAGE"


def test_east_asian_fonts_are_set_on_the_styles(document: Any) -> None:
    for name, font in (("Normal", "游明朝"), ("Heading 1", "游ゴシック"), ("Title", "游ゴシック")):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == font
        assert fonts.get(qn("w:eastAsiaTheme")) is None


def _default_language(document: Any) -> Any:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    return defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")


def test_a_japanese_report_is_tagged_japanese(document: Any) -> None:
    language = _default_language(document)
    assert (language.get(qn("w:val")), language.get(qn("w:eastAsia"))) == ("ja-JP", "ja-JP")


def test_an_english_report_is_tagged_english_and_set_in_latin_fonts(tmp_path: Path) -> None:
    """Words break between words, not between letters (issue 13: ho|mes)."""
    path = tmp_path / "riverton.docx"
    planeval.export(planeval.load_example("riverton_green"), path)
    english = docx.Document(str(path))
    language = _default_language(english)
    assert (language.get(qn("w:val")), language.get(qn("w:eastAsia"))) == ("en-US", "ja-JP")
    for name, latin, east_asian in (
        ("Normal", "Times New Roman", "游明朝"),
        ("Heading 1", "Arial", "游ゴシック"),
    ):
        fonts = english.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == latin
        assert fonts.get(qn("w:eastAsia")) == east_asian


def test_core_properties_and_timestamps_are_fixed(report_path: Path, document: Any) -> None:
    properties = document.core_properties
    assert properties.created.date().isoformat() == "2025-06-30"
    assert properties.modified == properties.created
    assert properties.title == "第３期米沢市工業振興計画の評価・検証について"
    with zipfile.ZipFile(report_path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_same_plan_gives_the_same_bytes(plan: Plan, tmp_path: Path) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    planeval.export(plan, first)
    planeval.export(plan, second)
    assert first.read_bytes() == second.read_bytes()


def test_a_report_is_the_same_whatever_was_written_before_it(plan: Plan) -> None:
    """Reports start from one styled template per language: none leaves a trace in the next."""

    def written(locale: str) -> bytes:
        stream = io.BytesIO()
        WordExporter().write(report_for(plan, locale), stream)
        return stream.getvalue()

    japanese, english = written("ja"), written("en")
    other = planeval.load_example("riverton_green")
    WordExporter().write(report_for(other, "ja"), io.BytesIO())
    assert (written("en"), written("ja")) == (english, japanese)
    assert japanese != english


def test_a_kpi_without_a_rate_says_why(plan: Plan) -> None:
    kpis = (attrs.evolve(plan.kpis[0], target=None), *plan.kpis[1:])
    stream = io.BytesIO()
    WordExporter().write(report_for(attrs.evolve(plan, kpis=kpis)), stream)
    stream.seek(0)
    rows = table_rows(docx.Document(stream))
    assert rows[2][-2:] == ["－", "－\n目標値がない"]


def test_text_that_looks_like_markup_stays_text(plan: Plan) -> None:
    hostile = "<w:p>&amp; </w:t> =1+1"
    kpis = (attrs.evolve(plan.kpis[0], name=hostile), *plan.kpis[1:])
    stream = io.BytesIO()
    WordExporter().write(report_for(attrs.evolve(plan, kpis=kpis)), stream)
    stream.seek(0)
    assert table_rows(docx.Document(stream))[2][1].split("\n")[0] == hostile


def test_a_joint_review_follows_the_last_measure_in_document_order(plan: Plan) -> None:
    # Number the measures against their order: 7 comes before 6 in the document.
    strategies = list(plan.entries)
    last = strategies[-1]
    six, seven = last.entries
    strategies[-1] = attrs.evolve(last, entries=(attrs.evolve(seven), attrs.evolve(six)))
    reordered = attrs.evolve(plan, entries=tuple(strategies))
    stream = io.BytesIO()
    WordExporter().write(report_for(reordered), stream)
    stream.seek(0)
    outline = [
        p.text
        for p in docx.Document(stream).paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    six_at = next(i for i, text in enumerate(outline) if text.startswith("施策６"))
    assert outline[six_at + 1] == "実施状況"
    assert outline.count("実施状況") == 6


def test_a_figure_and_its_unit_and_a_short_mark_are_kept_together() -> None:
    """Joined with word joiners in a run of their own, only where they fit the cell."""
    from planeval.exporters.word._fit import keep_together

    joiner = "\u2060"
    assert keep_together("1,596,853人", 2000, 160) == ((f"1,596,853{joiner}人", True),)
    assert keep_together("■ 企業訪問（再掲）", 2000, 160) == (
        ("■ 企業訪問", False),
        (joiner.join("（再掲）"), True),
    )
    assert keep_together("total 3,100 homes", 2000, 160) == (
        ("total ", False),
        ("3,100\u00a0homes", True),
    )
    # Too wide for the cell: left to break as before.
    assert keep_together("(平成30年1月～12月)", 1000, 160) == (("(平成30年1月～12月)", False),)


def _may_break(before: str, after: str) -> bool:
    """The rule, pair by pair: Latin pairs break only after - or /; no-break spaces hold."""
    if "\u00a0" in (before, after):
        return False
    return not (before.isascii() and after.isascii()) or before in "-/"


@given(st.text(alphabet=st.sampled_from("12,.人円 -/（再掲）ABab\u00a0\n日"), min_size=1))
def test_a_kept_span_has_a_joiner_exactly_where_a_line_could_break(span: str) -> None:
    from planeval.exporters.word._fit import WORD_JOINER, _joined

    characters = span.replace(" ", "\u00a0")
    expected = characters[0] + "".join(
        (WORD_JOINER if _may_break(before, after) else "") + after
        for before, after in itertools.pairwise(characters)
    )
    assert _joined(span) == expected


def _kpi_tables(plan: Plan) -> tuple[int, list[list[str]]]:
    """The KPI table's page (its long side, twips) and each of its tables' year headings."""
    stream = io.BytesIO()
    WordExporter().write(report_for(plan), stream)
    document = docx.Document(stream)
    section = document.sections[0]
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None
    assert left is not None
    assert right is not None
    usable = width - left - right
    tables = []
    for table in document.tables:
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        # Twips to EMU: no column off the page.
        assert sum(int(column.get(qn("w:w"))) for column in grid) * 635 <= usable
        # The second header row holds the year headings, between the merged ones.
        years = [cell.text for cell in table.rows[1].cells if cell.text.startswith("令和")]
        tables.append(list(dict.fromkeys(years)))
    return width // 635, tables


@pytest.mark.parametrize(
    ("years", "page", "tables"),
    [
        (5, 16838, [6]),  # the plan as published: a reference year and five more, on A4
        (6, 23811, [7]),  # one more year column than A4 holds at 8 pt: A3
        (10, 23811, [11]),  # the most that A3 holds in one table
        (11, 23811, [6, 6]),  # one more: the years split over two tables
        (26, 23811, [14, 13]),  # the most that two tables hold
        (27, 23811, [9, 10, 9]),  # one more: three tables
        (49, 23811, [12, 14, 13, 11]),  # the most years the loader accepts, 50
    ],
)
def test_a_wide_plan_goes_on_a3_then_splits_its_years(
    years: int, page: int, tables: list[int]
) -> None:
    """A4 landscape, else A3, else A3 with the years over as few tables as fit (docs/api.md).

    Each table repeats the number and the name; every year is in one table,
    in order.
    """
    plan = wide_plan("yonezawa_plan3", years)
    long_side, headings = _kpi_tables(plan)
    assert (long_side, [len(table) for table in headings]) == (page, tables)
    every_year = [year for table in headings for year in table]
    assert every_year == list(dict.fromkeys(every_year))
    assert len(every_year) == years + 1
