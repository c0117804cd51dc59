"""Plans shaped as their cities shape them: named levels, indicators at any level.

Two plans unlike Yonezawa's go through the loader, the engine and every
report: one whose 数値目標 hang directly off its 柱 and that reviews nothing,
and one of three levels with 数値目標 for each 基本目標 and ＫＰＩ for each
施策. Their headings come from their own names, and empty sections are left out.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planeval.errors import NotInPlanError, PlanError
from planeval.evaluation import evaluate
from planeval.exporters import export
from planeval.io.plan_files import structure_plan
from planeval.report.build import build_report
from planeval.report.labels import JAPANESE
from planeval.structure import code_check_digit, placed_entries

KPI: dict[str, Any] = {
    "unit": "人",
    "baseline": {"value": 100, "period": {"fiscal_year": 2023}},
    "observations": [{"fiscal_year": 2024, "value": 110}],
    "target": {"value": 150, "fiscal_year": 2028},
}

PILLARS: dict[str, Any] = {
    "format_version": 2,
    "municipality": "府中市",
    "municipality_code": "132063",
    "title": "府中市まち・ひと・しごと創生総合戦略",
    "document": {"title": "総合戦略の効果検証"},
    "period": {"first": 2024, "last": 2028},
    "levels": [{"name": "柱", "indicators": "数値目標"}],
    "entries": [
        {"number": 1, "title": "しごとをつくる"},
        {"number": 2, "title": "ひとの流れをつくる"},
    ],
    "kpis": [
        {"number": 1, "name": "市内従業者数", **KPI, "attached_to": {"level": "柱", "number": 1}},
        {"number": 2, "name": "転入者数", **KPI, "attached_to": {"level": "柱", "number": 2}},
    ],
    "next_plan": {"title": "次期戦略に向けて", "lead": "次の点を検討する。", "headings": []},
}

THREE_LEVELS: dict[str, Any] = {
    "format_version": 2,
    "municipality": "伊達市",
    "municipality_code": "015750",
    "title": "伊達市総合計画",
    "document": {"title": "総合計画の評価"},
    "period": {"first": 2024, "last": 2028},
    "levels": [
        {"name": "基本目標", "indicators": "数値目標"},
        {"name": "政策"},
        {"name": "施策", "indicators": "ＫＰＩ"},
    ],
    "entries": [
        {
            "number": 1,
            "title": "活力あるまち",
            "entries": [
                {
                    "number": 1,
                    "title": "産業の振興",
                    "entries": [
                        {"number": 1, "title": "企業誘致", "priority": True},
                        {"number": 2, "title": "創業支援"},
                    ],
                }
            ],
        }
    ],
    "kpis": [
        {
            "number": 1,
            "name": "市内総生産",
            **KPI,
            "attached_to": {"level": "基本目標", "number": 1},
        },
        {"number": 2, "name": "誘致企業数", **KPI, "attached_to": {"level": "施策", "number": 1}},
    ],
    "reviews": [
        {
            "entries": [1, 2],
            "initiatives": [{"title": "企業訪問", "paragraphs": ["訪問した。"]}],
            "issues": [{"text": "用地が足りない。"}],
            "direction": {"category": "拡充", "items": []},
        }
    ],
}


def _report(data: dict[str, Any]) -> Any:
    return build_report(evaluate(structure_plan(copy.deepcopy(data))), JAPANESE)


def test_indicators_of_a_pillar_carry_its_names_and_no_empty_section() -> None:
    model = _report(PILLARS)
    table = model.kpi_table
    assert model.kpi_heading == "１ 数値目標の進捗状況"
    assert table.name_heading == "数値目標"
    assert [row.attached for row in table.rows] == ["柱１", "柱２"]
    assert table.rows[0].title.lines[:2] == ("柱１", "市内従業者数")
    assert table.rows[0].brief.cells[1] == "柱１ 市内従業者数"
    # Nothing is reviewed: no section of reviews, and the next plan is section ２.
    assert model.reviews_heading is None
    assert model.sections == ()
    assert model.next_plan is not None
    assert model.next_plan.heading == "２ 次期戦略に向けて"


def test_three_levels_with_two_tiers_of_indicators() -> None:
    model = _report(THREE_LEVELS)
    assert model.kpi_heading == "１ 数値目標・ＫＰＩの進捗状況"
    assert model.kpi_table.name_heading == "評価区分"
    assert [row.attached for row in model.kpi_table.rows] == ["基本目標１", "施策１"]
    assert model.reviews_heading == "２ 各基本目標の実施状況、課題及び今後の方向性"
    assert model.reviews_sheet == "施策の評価"
    assert model.level_names == ("基本目標", "政策", "施策")
    assert model.priority_heading == "重点施策"
    (goal,) = model.sections
    (policy,) = goal.entries
    assert goal.heading == "（基本目標１）活力あるまち"
    assert policy.heading == "（政策１）産業の振興"
    assert [m.heading for m in policy.entries] == ["施策１ 重点施策 企業誘致", "施策２ 創業支援"]
    assert [m.review is not None for m in policy.entries] == [False, True]
    (review,) = model.reviews
    assert review.path == ("（基本目標１）活力あるまち", "（政策１）産業の振興")
    assert review.entries == ("施策１ 企業誘致", "施策２ 創業支援")
    assert review.priority == "重点施策"


def test_word_and_excel_follow_the_plans_levels(tmp_path: Path) -> None:
    plan = structure_plan(copy.deepcopy(THREE_LEVELS))
    export(plan, tmp_path / "r.docx", "docx")
    export(plan, tmp_path / "r.xlsx", "xlsx")
    headings = [
        (p.style.name, p.text)
        for p in docx.Document(str(tmp_path / "r.docx")).paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert ("Heading 2", "（基本目標１）活力あるまち") in headings
    assert ("Heading 3", "（政策１）産業の振興") in headings
    assert ("Heading 4", "施策２ 創業支援") in headings
    assert ("Heading 5", "課題") in headings
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    sheet = book["施策の評価"]
    header = [cell.value for cell in sheet[3]][:5]
    assert header == ["基本目標", "政策", "施策", "重点施策", "区分"]
    assert [cell.value for cell in sheet[4]][:4] == [
        "（基本目標１）活力あるまち",
        "（政策１）産業の振興",
        "施策１ 企業誘致\n施策２ 創業支援",
        "重点施策",
    ]


def test_a_plan_without_kpis_has_no_kpi_section_and_the_next_takes_its_number(
    tmp_path: Path,
) -> None:
    data = _changed(THREE_LEVELS, lambda d: d.update(kpis=[]))
    model = _report(data)
    assert model.kpi_heading is None
    assert model.reviews_heading == "１ 各基本目標の実施状況、課題及び今後の方向性"
    plan = structure_plan(data)
    export(plan, tmp_path / "r.docx", "docx")
    export(plan, tmp_path / "r.xlsx", "xlsx")
    document = docx.Document(str(tmp_path / "r.docx"))
    assert document.tables == []
    assert len(document.sections) == 1  # no landscape pages for a table
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames == ["施策の評価", "文書情報"]


def test_a_plan_without_reviews_has_no_review_sheet_or_section(tmp_path: Path) -> None:
    plan = structure_plan(copy.deepcopy(PILLARS))
    export(plan, tmp_path / "r.docx", "docx")
    export(plan, tmp_path / "r.xlsx", "xlsx")
    texts = [p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs]
    assert "２ 次期戦略に向けて" in texts
    assert not any("実施状況" in text for text in texts)
    names = openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames
    assert not any(name.endswith("の評価") for name in names)


def test_entries_are_walked_in_document_order_and_found_by_reference() -> None:
    plan = structure_plan(copy.deepcopy(THREE_LEVELS))
    placed = placed_entries(plan)
    assert [(p.level, p.entry.number, p.path) for p in placed] == [
        (0, 1, "$.entries[0]"),
        (1, 1, "$.entries[0].entries[0]"),
        (2, 1, "$.entries[0].entries[0].entries[0]"),
        (2, 2, "$.entries[0].entries[0].entries[1]"),
    ]
    assert [parent.title for parent in placed[3].parents] == ["活力あるまち", "産業の振興"]
    assert plan.entry("施策", 2).title == "創業支援"
    with pytest.raises(NotInPlanError, match="the plan has no 施策 3"):
        plan.entry("施策", 3)
    with pytest.raises(NotInPlanError, match="the plan has no level '事業'"):
        plan.entry("事業", 1)


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(PlanError) as raised:
        structure_plan(data)
    return [str(problem.in_locale("en")) for problem in raised.value.problems]


def _changed(base: dict[str, Any], change: Any) -> dict[str, Any]:
    data = copy.deepcopy(base)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["kpis"][0].update(attached_to={"level": "事業", "number": 1}),
            "$.kpis[0].attached_to.level: '事業' is not one of the plan's levels "
            "(基本目標, 政策, 施策)",
        ),
        (
            lambda d: d["kpis"][1].update(attached_to={"level": "施策", "number": 9}),
            "$.kpis[1].attached_to.number: there is no 施策 9",
        ),
        (
            lambda d: d["reviews"][0].update(entries=[1, 7]),
            "$.reviews[0].entries[1]: there is no 施策 7",
        ),
        (
            lambda d: d["entries"][0]["entries"][0]["entries"][0].update(
                entries=[{"number": 1, "title": "事業"}]
            ),
            "$.entries[0].entries[0].entries[0].entries[0]: is at level 4, "
            "but the plan's levels stop at 3",
        ),
        (
            lambda d: d["entries"][0]["entries"][0]["entries"][1].update(number=1),
            "$.entries[0].entries[0].entries[1].number: 施策 number 1 is given more than once",
        ),
        (
            lambda d: d["levels"].append({"name": "政策"}),
            "$.levels[3].name: level name '政策' is given more than once",
        ),
        (lambda d: d.pop("levels"), "$.levels: name the levels of the plan's structure (1 to 4)"),
        (
            lambda d: d.update(municipality_code="015751"),
            "$.municipality_code: 015751 is not a valid 全国地方公共団体コード: "
            "its last digit, the check digit, should be 0",
        ),
        (
            lambda d: d.update(municipality_code="01575"),
            "$.municipality_code: '01575' is not a 全国地方公共団体コード: "
            "six digits, such as 062022",
        ),
        (
            lambda d: d.update(format_version=3),
            "$.format_version: format 3 was written by a newer planeval; "
            "this one reads formats up to 2: upgrade planeval",
        ),
        (
            lambda d: d.update(format_version="2"),
            "$.format_version: must be a whole number from 1",
        ),
    ],
)
def test_bad_structure_is_refused_where_it_is(change: Any, expected: str) -> None:
    problems = _problems(_changed(THREE_LEVELS, change))
    assert expected in problems, problems


def test_entries_without_levels_are_refused_whatever_the_format() -> None:
    data = _changed(THREE_LEVELS, lambda d: (d.pop("format_version"), d.pop("levels")))
    assert "$.levels: name the levels of the plan's structure (1 to 4)" in _problems(data)


def test_a_current_file_that_forgot_its_version_still_loads() -> None:
    data = _changed(THREE_LEVELS, lambda d: d.pop("format_version"))
    assert structure_plan(data) == structure_plan(copy.deepcopy(THREE_LEVELS))


@given(st.integers(0, 99_999))
def test_exactly_one_check_digit_makes_a_code_valid(first_five: int) -> None:
    prefix = f"{first_five:05d}"
    valid = [digit for digit in range(10) if not _code_problems(f"{prefix}{digit}")]
    assert valid == [code_check_digit(prefix)]


def _code_problems(code: str) -> list[str]:
    data = _changed(PILLARS, lambda d: d.update(municipality_code=code))
    try:
        structure_plan(data)
    except PlanError as error:
        return [str(problem.in_locale("en")) for problem in error.problems]
    return []


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("062022", "米沢市"),
        ("132063", "府中市"),
        ("015750", "伊達市"),
        ("072133", "伊達市"),
        ("130001", "東京都"),
        ("110001", "埼玉県"),
        ("200000", "長野県"),
    ],
)
def test_published_codes_are_valid(code: str, name: str) -> None:
    assert code_check_digit(code[:5]) == int(code[5]), name
