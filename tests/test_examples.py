"""Every bundled example, through every format, read back and compared with the model.

Yonezawa's own figures are checked in test_yonezawa, test_excel and
test_word; here both examples go through the same generic checks, and the
fictional Riverton plan's computed figures are checked exactly.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

import planeval
from planeval.evaluation import PlanEvaluation
from planeval.examples import example_names
from planeval.grading import PathStatus
from planeval.io.plan_files import EVALUATION_KEY
from planeval.model import Initiative, Plan, Repeat
from planeval.report.labels import labels_for

from .factories import printed

EXAMPLES = example_names()


def test_every_example_is_bundled() -> None:
    assert EXAMPLES == ["minamiyama_plan6", "riverton_green", "yonezawa_plan3"]


@pytest.fixture(scope="module", params=EXAMPLES)
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    name = request.param
    plan = planeval.load_example(name)
    folder = tmp_path_factory.mktemp(name)
    paths = {
        fmt: planeval.export(plan, folder / f"{name}.{fmt}") for fmt in ("xlsx", "docx", "json")
    }
    return name, plan, planeval.evaluate(plan), paths


def _texts(plan: Plan) -> Iterator[str]:
    for review in plan.reviews:
        for item in (*review.initiatives, *review.issues, *review.direction.items):
            if isinstance(item, Repeat):
                continue
            if isinstance(item, Initiative):
                yield from item.paragraphs
                if item.title:
                    yield item.title
            else:
                yield item.text
    if plan.next_plan:
        yield plan.next_plan.lead
        for heading in plan.next_plan.headings:
            yield heading.title
            yield from heading.items


def test_json_is_lossless_with_the_evaluation(exported: Any) -> None:
    _, plan, evaluation, paths = exported
    assert planeval.load_plan(paths["json"]) == plan
    data = json.loads(paths["json"].read_text(encoding="utf-8"))[EVALUATION_KEY]["kpis"]
    for row, result in zip(data, evaluation.kpis, strict=True):
        assert row["kpi"] == result.kpi.number
        rate = result.achievement_rate
        assert row["achievement_rate"] == (None if rate is None else str(rate))
        assert row["grade"] == (
            None
            if result.grade is None
            else {
                "label": result.grade.label,
                "colour": result.grade.colour,
                "rule": result.grade.rule,
            }
        )
        assert row["path_status"] == (
            None if result.path_status is None else result.path_status.value
        )


def test_excel_holds_every_figure_rate_grade_and_text(exported: Any) -> None:
    _, plan, evaluation, paths = exported
    book = openpyxl.load_workbook(paths["xlsx"], data_only=True)
    kpi_sheet = book.worksheets[0]
    cells = [[cell.value for cell in row] for row in kpi_sheet.iter_rows()]
    numbers = {
        Decimal(str(value)) for row in cells for value in row if isinstance(value, int | float)
    }
    for result in evaluation.kpis:
        for observation in result.kpi.observations:
            if observation.value is not None:
                assert observation.value in numbers
        if result.achievement_rate is not None:
            assert result.achievement_rate in numbers
    if plan.grading:
        grades = [row for row in cells if any(v == labels_for(plan).grade for v in row)]
        assert grades, "a grade column"
        flat = [value for row in cells for value in row]
        for result in evaluation.kpis:
            if result.grade is not None:
                assert result.grade.label in flat
    texts = "\n".join(
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )
    for text in _texts(plan):
        assert text in texts


def test_word_holds_every_figure_rate_and_text(exported: Any) -> None:
    _, plan, evaluation, paths = exported
    labels = labels_for(plan)
    document = docx.Document(str(paths["docx"]))
    (table,) = document.tables
    header = [printed(cell.text) for cell in table.rows[0].cells]
    (rate_column,) = [
        i for i, text in enumerate(header) if text.startswith(labels.achievement_rate)
    ]
    rows = [[printed(cell.text) for cell in row.cells] for row in table.rows][2:]
    for row, result in zip(rows, evaluation.kpis, strict=True):
        assert row[0] == str(result.kpi.number)
        rate = result.rate
        shown = labels.no_rate if rate is None else f"{rate:,f}{labels.percent}"
        assert row[rate_column].startswith(shown)
        if result.grade is not None:
            # The grade has a column of its own, the last.
            assert header[-1] == labels.grade
            assert row[-1] == result.grade.label
    text = "\n".join(p.text for p in document.paragraphs)
    for item in _texts(plan):
        assert item in text


def test_reports_are_reproducible(exported: Any, tmp_path: Path) -> None:
    _, plan, _, paths = exported
    for fmt, first in paths.items():
        again = planeval.export(plan, tmp_path / f"again.{fmt}")
        assert again.read_bytes() == first.read_bytes(), fmt


# -- Riverton's own figures, worked out by hand ---------------------------------------


@pytest.fixture(scope="module")
def riverton() -> PlanEvaluation:
    return planeval.evaluate(planeval.load_example("riverton_green"))


def test_riverton_rates_grades_and_paths(riverton: PlanEvaluation) -> None:
    figures = [
        (
            r.latest_year,
            None if r.achievement_rate is None else str(r.achievement_rate),
            None if r.grade is None else r.grade.label,
            r.path_status,
        )
        for r in riverton.kpis
    ]
    assert figures == [
        # lower is better: 450 / 470; expected 520 - 70 x 3/5 = 478, 8 ahead.
        (2024, "95.7", "A", PathStatus.AHEAD),
        # 1,330 / 1,600; its interim target for FY2024 is 1,360: 97.8 %, 30 behind.
        (2023, "83.1", "B", PathStatus.BEHIND),
        # a stock: 4,150 / 5,000; expected 3,100 + 1,900 x 3/5 = 4,240.
        (2024, "83.0", "B", PathStatus.BEHIND),
        # a flow: 4 + 6 + 5 = 15 of 5 a year over five years = 25; expected 15.
        (2024, "60.0", "A", PathStatus.ON_TRACK),
        # lower is better: 6 / 11; expected 12 - 6 x 2/5 = 9.6, interim rate 87.3 %.
        (2023, "54.5", "C", PathStatus.BEHIND),
        # no figure yet.
        (None, None, "–", None),
    ]
    assert [str(r.expected_value) for r in riverton.kpis[:5]] == [
        "478.0",
        "1360.0",
        "4240.0",
        "15.0",
        "9.6",
    ]


def test_riverton_years_are_named_by_their_end(riverton: PlanEvaluation, tmp_path: Path) -> None:
    plan = riverton.plan
    path = planeval.export(plan, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [sheet.cell(5, column).value for column in range(4, 8)] == [
        "FY2022\n(reference)",
        "FY2023",
        "FY2024",
        "FY2025",
    ]
    assert sheet.cell(5, 8).value == "(FY2027)"
    assert openpyxl.load_workbook(path).sheetnames[:3] == ["KPIs", "Chart data", "Charts"]


def test_riverton_word_report_is_in_english(riverton: PlanEvaluation, tmp_path: Path) -> None:
    path = planeval.export(riverton.plan, tmp_path / "r.docx")
    document = docx.Document(str(path))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert headings[0] == "1 Progress of the key performance indicators (KPIs)"
    assert "Strategy 1: A cleaner city" in headings
    assert "Measure 1 Priority Cut household waste" in headings
    assert "Direction: Expand (Rating: A)" in headings
    assert [p.text for p in document.sections[1].header.paragraphs] == [
        "Item 4",
        "2025-10-14 Environment and Economy Committee",
    ]
    rows = [[printed(cell.text) for cell in row.cells] for row in document.tables[0].rows]
    assert rows[2][-3:] == ["95.7%\n(target / latest × 100)", "ahead", "A"]
    assert rows[4][2] == "total to date 3,100 homes\n(FY2022)"


def test_yonezawa_in_english_and_riverton_in_japanese(tmp_path: Path) -> None:
    yonezawa = planeval.load_example("yonezawa_plan3")
    path = planeval.export(yonezawa, tmp_path / "y.xlsx", locale="en")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.cell(5, 6).value == "FY2021"
    riverton = planeval.load_example("riverton_green")
    path = planeval.export(riverton, tmp_path / "r.docx", locale="ja")
    rows = [
        [printed(cell.text) for cell in row.cells]
        for row in docx.Document(str(path)).tables[0].rows
    ]
    assert rows[1][3] == "令和3年度\n（参考）"


def test_riverton_measure_ratings_in_excel(riverton: PlanEvaluation, tmp_path: Path) -> None:
    path = planeval.export(riverton.plan, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(path)["Measure reviews"]
    header = [cell.value for cell in sheet[3]]
    assert header[-1] == "Rating"
    column = len(header)
    ratings = {
        sheet.cell(row, 2).value.split("\n")[0]: sheet.cell(row, column)
        for row in range(4, sheet.max_row + 1)
    }
    assert ratings["Measure 1 Cut household waste"].value == "A"
    assert ratings["Measure 2 Cleaner air"].value == "C"
    assert ratings["Measure 4 Solar power for homes"].value == "B"
    assert ratings["Measure 2 Cleaner air"].fill.fgColor.rgb.endswith("FBC02D")


def test_yonezawa_declares_its_directions() -> None:
    plan = planeval.load_example("yonezawa_plan3")
    assert [category.code for category in plan.direction_categories] == ["拡充", "継続"]


def test_dates_in_each_languages_format(tmp_path: Path) -> None:
    riverton = planeval.export(planeval.load_example("riverton_green"), tmp_path / "r.xlsx")
    yonezawa = planeval.export(planeval.load_example("yonezawa_plan3"), tmp_path / "y.xlsx")
    english = openpyxl.load_workbook(riverton)["Document"]
    japanese = openpyxl.load_workbook(yonezawa)["文書情報"]
    # Written out as text, which every spreadsheet shows, then the date itself.
    assert english.cell(7, 2).value == "14 October 2025"
    assert japanese.cell(7, 2).value == "令和7年7月3日"
    assert english.cell(7, 3).number_format == "d mmmm yyyy"
    assert japanese.cell(7, 3).number_format == "yyyy/m/d"
    assert japanese.cell(7, 3).value == datetime.datetime(2025, 7, 3)
