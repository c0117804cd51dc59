"""Every format shows what is computed: each KPI's path status, its grade, the grade legend.

Riverton's figures are worked out in test_examples: KPI 1 is ahead of its
path, 2, 3 and 5 behind, 4 on track and 6 has no value. Here the words
they are shown in, and where, are read back from each format.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import attrs
import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

import planeval
from planeval.errors import PlanError
from planeval.exporters.text import render_summary
from planeval.io.plan_files import structure_plan, unstructure_plan
from planeval.model import Category, Plan, ZeroTarget
from planeval.report.build import build_report
from planeval.report.labels import ENGLISH, JAPANESE
from planeval.report.model import cell_text

STATUSES = ["ahead", "behind", "behind", "on track", "behind", None]
GRADES = ["A", "B", "B", "A", "C", "–"]
LEGEND = (
    "Grades",
    "A: at or ahead of the expected path",
    "B: within 10% of the expected path",
    "C: more than 10% behind the expected path",
    "–: no figure yet",
)


@pytest.fixture(scope="module")
def riverton() -> Plan:
    return planeval.load_example("riverton_green")


def test_the_report_model_words_each_status_and_the_legend(riverton: Plan) -> None:
    table = build_report(planeval.evaluate(riverton), ENGLISH).kpi_table
    assert table.status_heading == "Status"
    assert table.grade_heading == "Grade"
    assert [row.status for row in table.rows] == STATUSES
    assert [row.grade.label if row.grade else None for row in table.rows] == GRADES
    assert table.legend == LEGEND


def test_japanese_words_and_the_plans_own(riverton: Plan) -> None:
    table = build_report(planeval.evaluate(riverton), JAPANESE).kpi_table
    assert table.status_heading == "進捗"
    assert [row.status for row in table.rows] == ["順調", "遅れ", "遅れ", "概ね順調", "遅れ", None]
    assert table.legend[:2] == ("［評価の基準］", "A：at or ahead of the expected path")
    own = attrs.evolve(
        riverton,
        path_statuses=(
            Category(code="ahead", label="Ａ 前倒し"),
            Category(code="on_track", label="Ｂ 計画どおり"),
        ),
    )
    rows = build_report(planeval.evaluate(own), JAPANESE).kpi_table.rows
    # Declared words are the plan's; a status it does not name keeps the language's.
    assert [row.status for row in rows] == [
        "Ａ 前倒し",
        "遅れ",
        "遅れ",
        "Ｂ 計画どおり",
        "遅れ",
        None,
    ]


def test_a_plan_that_grades_nothing_shows_no_status_or_legend() -> None:
    table = build_report(
        planeval.evaluate(planeval.load_example("yonezawa_plan3")), JAPANESE
    ).kpi_table
    assert table.status_heading is None
    assert table.grade_heading is None
    assert table.legend == ()
    assert {row.status for row in table.rows} == {None}


def test_the_summary_has_status_and_grade_columns_and_the_legend(riverton: Plan) -> None:
    text = render_summary(build_report(planeval.evaluate(riverton), ENGLISH))
    lines = text.splitlines()
    header = lines[3]
    assert header.split()[-2:] == ["Status", "Grade"]
    assert lines[4 + 1].split()[-2:] == ["ahead", "A"]
    assert lines[4 + 4].split()[-3:] == ["on", "track", "A"]
    assert text.endswith("\n".join(LEGEND) + "\n")


def test_word_gives_status_and_grade_columns_with_the_grades_colour(
    riverton: Plan, tmp_path: Path
) -> None:
    path = planeval.export(riverton, tmp_path / "r.docx")
    document = docx.Document(str(path))
    table = document.tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header[-2:] == ["Status", "Grade"]
    body = table.rows[2:]
    assert [row.cells[-2].text or None for row in body] == STATUSES
    assert [row.cells[-1].text for row in body] == GRADES
    # The rate's cell holds the rate alone: the grade has its own column.
    assert body[0].cells[-3].text.startswith("95.7%")
    assert "Grade" not in body[0].cells[-3].text
    properties = body[0].cells[-1]._tc.tcPr
    assert properties is not None
    shading = properties.find(qn("w:shd"))
    assert shading is not None
    assert shading.get(qn("w:fill")) == "2E7D32"
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("Grades")
    assert tuple(paragraphs[start : start + len(LEGEND)]) == LEGEND


def test_excel_gives_a_status_column_and_the_legend_under_the_notes(
    riverton: Plan, tmp_path: Path
) -> None:
    path = planeval.export(riverton, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    # Headings over both header rows are in the lower one: nothing is merged.
    header = [cell.value for cell in sheet[5]]
    status_column = header.index("Status")
    assert header[status_column + 1] == "Grade"
    values = [sheet.cell(row=6 + 2 * i, column=status_column + 1).value for i in range(6)]
    assert values == STATUSES
    # Riverton's sheet splits over two pages: its notes start in column C.
    notes = [row[2].value for row in sheet.iter_rows(min_row=17)]
    start = notes.index("Grades")
    assert tuple(notes[start : start + len(LEGEND)]) == LEGEND


def test_a_status_word_for_no_status_is_refused(riverton: Plan) -> None:
    data: dict[str, Any] = copy.deepcopy(unstructure_plan(riverton))
    data["path_statuses"] = [{"code": "late", "label": "遅延"}]
    with pytest.raises(PlanError) as raised:
        structure_plan(data)
    assert [str(p) for p in raised.value.problems] == [
        "$.path_statuses[0].code: 'late' is not a path status (ahead, on_track, behind)"
    ]


# -- 南山町: the change since last year, yearly rates, statuses and each city's formulas --


@pytest.fixture(scope="module")
def minamiyama() -> Plan:
    return planeval.load_example("minamiyama_plan6")


def _table(plan: Plan, labels: Any = JAPANESE) -> Any:
    return build_report(planeval.evaluate(plan), labels).kpi_table


def test_the_change_since_last_year_with_its_arrow(minamiyama: Plan) -> None:
    table = _table(minamiyama)
    assert table.trend_heading == "前年度比"
    # 1.35 → 1.32 fell; 104 → 90 人 and 8 → 3 人 fell, which is better (↑);
    # 54.0% → 53.6% is 0.4 points, within the tolerance of 1 point (→).
    assert [row.trend for row in table.rows] == [
        "↓ -0.03",
        "↑ -14人",
        "↑ -5人",
        "→ -0.4ポイント",
        None,
        "↑ +9万人",
    ]
    assert (
        _table(
            attrs.evolve(
                minamiyama, year_on_year=attrs.evolve(minamiyama.year_on_year, marks=False)
            )
        ).trend_heading
        is None
    )


def test_statuses_of_a_qualitative_kpi_fill_its_years(minamiyama: Plan) -> None:
    row = _table(minamiyama).rows[4]
    assert [cell_text(year.value) for year in row.years] == ["", "未着手", "一部実施"]
    assert row.brief.cells[4] == "一部実施"
    assert row.grade is not None
    assert row.grade.label == "Ｃ"


def test_each_rate_is_captioned_by_the_formula_that_gave_it(minamiyama: Plan) -> None:
    rows = _table(minamiyama).rows
    captions = [None if row.rate_below is None else row.rate_below.text for row in rows]
    assert captions == [
        "(最新値/目標値×100)",
        "(最新値/目標値×100)",  # 転出超過数, lower is better, printed as actual ÷ target
        "((基準値－最新値)/(基準値－目標値)×100)",  # a target of 0, from the baseline
        "(最新値/目標値×100)",
        "この指標には適用できない",
        "(最新値/目標値×100)",
    ]
    assert cell_text(rows[1].rate) == "150.0％"
    assert cell_text(rows[2].rate) == "75.0％"
    reached = attrs.evolve(minamiyama, zero_target=ZeroTarget.REACHED)
    row = _table(reached).rows[2]
    assert (cell_text(row.rate), cell_text(row.rate_below)) == (
        "0.0％",
        "(目標値0の達成で100、未達成で0)",
    )
    capped = attrs.evolve(
        minamiyama,
        cap_rates=True,
        kpis=tuple(attrs.evolve(k, method=None) for k in minamiyama.kpis),
    )
    row = _table(capped).rows[5]
    assert (cell_text(row.rate), cell_text(row.rate_below)) == (
        "100.0％",
        "(最新値/目標値×100)（上限100）",
    )


def test_yearly_rates_under_the_values_in_the_plans_years(minamiyama: Plan) -> None:
    table = _table(minamiyama)
    assert table.yearly_rate_heading == "達成率"
    # 転出超過数 by actual ÷ target: R4 is before the plan, so it has no rate shown.
    assert [cell_text(year.rate) for year in table.rows[1].years] == ["", "173.3％", "150.0％"]
    assert [cell_text(year.rate) for year in table.rows[4].years] == ["", "－", "－"]
    assert _table(attrs.evolve(minamiyama, yearly_rates=False)).yearly_rate_heading is None


def test_excel_writes_the_rate_row(minamiyama: Plan, tmp_path: Path) -> None:
    path = planeval.export(minamiyama, tmp_path / "m.xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    # Each KPI takes three rows: values, the figures below them, the rates.
    first = 6 + 3 * 1  # KPI 2
    assert sheet.cell(row=first, column=1).value == 2
    rate_row = [sheet.cell(row=first + 2, column=c).value for c in range(3, 7)]
    assert rate_row == ["達成率", None, 173.3, 150.0]
    header = [cell.value for cell in sheet[5]]
    assert header[-3:] == ["前年度比", "進捗", "評価"]


def test_summary_years_prints_every_year_with_its_rate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from planeval.cli import main

    assert main(["summary", "--example", "minamiyama_plan6", "--years"]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = next(
        i for i, line in enumerate(lines) if line.split()[:3] == ["No.", "評価区分", "年度"]
    )
    yearly = [line.split() for line in lines[start + 2 :] if line.split()[:1] == ["2"]]
    assert yearly == [
        ["2", "転出超過数", "R4", "120人", "200.0％"],
        ["2", "転出超過数", "R5", "104人", "173.3％"],
        ["2", "転出超過数", "R6", "90人", "150.0％"],
    ]
    assert main(["summary", "--example", "minamiyama_plan6"]) == 0
    assert "R4" not in capsys.readouterr().out.split("評価時点")[1].split("［評価の基準］")[0]
