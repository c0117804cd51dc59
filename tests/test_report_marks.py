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
from planeval.model import Category, Plan
from planeval.report.build import build_report
from planeval.report.labels import ENGLISH, JAPANESE

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
    header = [cell.value for cell in sheet[4]]
    status_column = header.index("Status")
    assert header[status_column + 1] == "Grade"
    values = [sheet.cell(row=6 + 2 * i, column=status_column + 1).value for i in range(6)]
    assert values == STATUSES
    column_a = [row[0].value for row in sheet.iter_rows(min_row=17)]
    start = column_a.index("Grades")
    assert tuple(column_a[start : start + len(LEGEND)]) == LEGEND


def test_a_status_word_for_no_status_is_refused(riverton: Plan) -> None:
    data: dict[str, Any] = copy.deepcopy(unstructure_plan(riverton))
    data["path_statuses"] = [{"code": "late", "label": "遅延"}]
    with pytest.raises(PlanError) as raised:
        structure_plan(data)
    assert [str(p) for p in raised.value.problems] == [
        "$.path_statuses[0].code: 'late' is not a path status (ahead, on_track, behind)"
    ]
