"""The eras are data: planeval's in eras.json, a plan's own in its ``eras`` list.

The era after 令和 is one line of the package's data file, or one item of a
plan file's ``eras``; reports of such a plan label its years in the new era,
and the labels read back.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import docx
import jsonschema
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import planeval
from planeval.errors import PlanError
from planeval.evaluation import evaluate
from planeval.exporters.text import render_summary
from planeval.io.plan_files import plan_from_json, plan_to_json, structure_plan
from planeval.io.upgrade import upgrade_data
from planeval.model import (
    Direction,
    Document,
    Entry,
    Era,
    FiscalYearNaming,
    Initiative,
    Level,
    Meeting,
    Plan,
    Review,
    YearSpan,
)
from planeval.periods import (
    ERAS,
    DateStyle,
    FiscalYearStyle,
    era_table,
    label_date,
    label_fiscal_year,
    parse_date,
    parse_eras,
    parse_fiscal_year,
)
from planeval.report import build_report, labels_for
from planeval.schema import plan_schema
from planeval.testing import extra_eras
from planeval.validation import check_plan

from .conftest import ROOT
from .factories import kpi, plan
from .test_plan_files import MINIMAL

NEW = Era(name="新元号", letter="N", start=datetime.date(2031, 5, 1))
WITH_NEW = (*ERAS, NEW)

# -- the data file -------------------------------------------------------------------


def test_the_data_file_holds_the_eras_from_meiji_to_reiwa() -> None:
    assert [(era.name, era.letter, era.start.isoformat()) for era in ERAS] == [
        ("明治", "M", "1868-01-25"),
        ("大正", "T", "1912-07-30"),
        ("昭和", "S", "1926-12-25"),
        ("平成", "H", "1989-01-08"),
        ("令和", "R", "2019-05-01"),
    ]
    text = resources.files("planeval").joinpath("eras.json").read_text(encoding="utf-8")
    assert parse_eras(text) == ERAS


def test_the_next_era_is_one_line_of_the_data_file(tmp_path: Path) -> None:
    """A copy of the package with one more line in eras.json labels FY2031 in that era."""
    package = tmp_path / "planeval"
    shutil.copytree(ROOT / "src" / "planeval", package)
    data = json.loads((package / "eras.json").read_text(encoding="utf-8"))
    data["eras"].append({"name": "新元号", "letter": "N", "start": "2031-05-01"})
    (package / "eras.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code = (
        "import planeval.periods as p; "
        "print(p.__file__, p.label_fiscal_year(2031), p.parse_fiscal_year('N2'), "
        "p.label_date(p.datetime.date(2031, 5, 1)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PYTHONIOENCODING": "utf-8"},
    )
    assert result.stdout == f"{package / 'periods.py'} 新元号元年度 2032 新元号元年5月1日\n"


@pytest.mark.parametrize(
    ("eras", "expected"),
    [
        (
            [
                {"name": "平成", "letter": "H", "start": "1989-01-08"},
                {"name": "令和", "letter": "H", "start": "2019-05-01"},
            ],
            "$.eras[1].letter: letter 'H' is already 平成's",
        ),
        (
            [
                {"name": "令和", "letter": "R", "start": "2019-05-01"},
                {"name": "平成", "letter": "H", "start": "1989-01-08"},
            ],
            "$.eras[1].start: 1989-01-08 is not after 2019-05-01, when 令和 began: "
            "eras follow each other, oldest first",
        ),
    ],
)
def test_a_broken_data_file_is_refused(eras: list[dict[str, str]], expected: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(expected)}$"):
        parse_eras(json.dumps({"eras": eras}))


# -- labels and parsing with an era added ---------------------------------------------


@pytest.mark.parametrize(
    ("year", "style", "label"),
    [
        (2030, FiscalYearStyle.ERA, "令和12年度"),
        (2031, FiscalYearStyle.ERA, "新元号元年度"),
        (2031, FiscalYearStyle.ERA_SHORT, "N1"),
        (2035, FiscalYearStyle.ERA, "新元号5年度"),
        (2035, FiscalYearStyle.WESTERN, "FY2035"),
    ],
)
def test_fiscal_years_in_an_added_era(year: int, style: FiscalYearStyle, label: str) -> None:
    assert label_fiscal_year(year, style, eras=WITH_NEW) == label
    assert parse_fiscal_year(label, eras=WITH_NEW) == year


@pytest.mark.parametrize(
    ("day", "style", "label"),
    [
        (datetime.date(2031, 4, 30), DateStyle.ERA, "令和13年4月30日"),
        (datetime.date(2031, 5, 1), DateStyle.ERA, "新元号元年5月1日"),
        (datetime.date(2032, 7, 3), DateStyle.ERA_SHORT, "N2.7.3"),
    ],
)
def test_dates_in_an_added_era(day: datetime.date, style: DateStyle, label: str) -> None:
    assert label_date(day, style, eras=WITH_NEW) == label
    assert parse_date(label, eras=WITH_NEW) == day


def test_an_added_era_ends_the_one_before() -> None:
    # 令和13年度 is FY2031 still; 令和14年度 was never reached.
    assert parse_fiscal_year("令和13年度", eras=WITH_NEW) == 2031
    with pytest.raises(ValueError, match="令和 ended in 2031"):
        parse_fiscal_year("令和14年度", eras=WITH_NEW)
    with pytest.raises(ValueError, match="not in the 令和 era"):
        parse_date("令和13年5月1日", eras=WITH_NEW)
    # Without the era, the old labels run on and the new ones are not labels.
    assert parse_fiscal_year("令和14年度") == 2032
    for text in ("N1", "新元号元年度"):
        with pytest.raises(ValueError, match="is not a fiscal year"):
            parse_fiscal_year(text)


def test_era_table_adds_a_plans_eras_once() -> None:
    assert era_table() == ERAS
    assert era_table([NEW]) == WITH_NEW
    # An era planeval has learnt since, declared alike, is not listed twice.
    assert era_table([ERAS[-1], NEW]) == WITH_NEW


@given(
    eras=extra_eras().filter(bool),
    year=st.integers(min_value=1868, max_value=9999),
    style=st.sampled_from(FiscalYearStyle),
    naming=st.sampled_from(FiscalYearNaming),
    start_month=st.integers(min_value=1, max_value=12),
)
def test_fiscal_year_labels_parse_back_with_added_eras(
    eras: tuple[Era, ...],
    year: int,
    style: FiscalYearStyle,
    naming: FiscalYearNaming,
    start_month: int,
) -> None:
    table = era_table(eras)
    label = label_fiscal_year(year, style, naming=naming, start_month=start_month, eras=table)
    assert parse_fiscal_year(label, naming=naming, start_month=start_month, eras=table) == year


@given(
    eras=extra_eras().filter(bool),
    day=st.dates(min_value=datetime.date(1868, 1, 25), max_value=datetime.date(9998, 12, 31)),
    style=st.sampled_from(DateStyle),
)
def test_date_labels_parse_back_with_added_eras(
    eras: tuple[Era, ...], day: datetime.date, style: DateStyle
) -> None:
    table = era_table(eras)
    assert parse_date(label_date(day, style, eras=table), eras=table) == day


# -- plan files ------------------------------------------------------------------------


def with_eras(*eras: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    data["eras"] = list(eras)
    return data


NEW_DATA = {"name": "新元号", "letter": "N", "start": "2031-05-01"}


def test_a_plan_file_declares_an_era() -> None:
    loaded = structure_plan(with_eras(NEW_DATA))
    assert loaded.eras == (NEW,)
    text = plan_to_json(loaded)
    assert json.loads(text)["eras"] == [NEW_DATA]
    assert plan_from_json(text) == loaded


def test_an_era_planeval_knows_may_be_declared_alike() -> None:
    reiwa = {"name": "令和", "letter": "R", "start": "2019-05-01"}
    assert structure_plan(with_eras(reiwa, NEW_DATA)).eras == (ERAS[-1], NEW)


@pytest.mark.parametrize(
    ("eras", "expected"),
    [
        (
            [{"name": "新元号", "letter": "n", "start": "2031-05-01"}],
            "$.eras[0].letter: expected one capital letter A–Z, got 'n'",
        ),
        (
            [{"name": "新元号", "letter": "NN", "start": "2031-05-01"}],
            "$.eras[0].letter: expected one capital letter A–Z, got 'NN'",
        ),
        (
            [{"name": "新元号", "letter": "R", "start": "2031-05-01"}],
            "$.eras[0].letter: letter 'R' is already 令和's",
        ),
        (
            [{"name": "令和", "letter": "N", "start": "2031-05-01"}],
            "$.eras[0].name: era name '令和' is already the name of the era from 2019-05-01",
        ),
        (
            [{"name": "新元号", "letter": "N", "start": "2019-05-01"}],
            "$.eras[0].start: 2019-05-01 is not after 2019-05-01, when 令和 began: "
            "eras follow each other, oldest first",
        ),
        (
            [NEW_DATA, {"name": "次", "letter": "Z", "start": "2030-01-01"}],
            "$.eras[1].start: 2030-01-01 is not after 2031-05-01, when 新元号 began: "
            "eras follow each other, oldest first",
        ),
        (
            [NEW_DATA, {"name": "新元号", "letter": "Z", "start": "2040-01-01"}],
            "$.eras[1].name: era name '新元号' is already the name of the era from 2031-05-01",
        ),
        (
            [{"name": "新元号", "letter": "N", "start": "2201-01-01"}],
            "$.eras[0].start: 2201-01-01 is outside 1900–2200",
        ),
        (
            [{"name": "第2元号", "letter": "N", "start": "2031-05-01"}],
            "$.eras[0].name: an era name has no digits, got '第2元号'",
        ),
        (
            [{"name": "ＮＥＷ", "letter": "N", "start": "2031-05-01"}],
            "$.eras[0].name: write the era name 'ＮＥＷ' as 'NEW' (NFKC, no outer spaces)",
        ),
        (
            [{"name": " 新 ", "letter": "N", "start": "2031-05-01"}],
            "$.eras[0].name: write the era name ' 新 ' as '新' (NFKC, no outer spaces)",
        ),
        (
            [{"name": "新" * 11, "letter": "N", "start": "2031-05-01"}],
            "$.eras[0].name: an era name of 11 characters; at most 10 are allowed",
        ),
        (
            [{"name": "", "letter": "N", "start": "2031-05-01"}],
            "$.eras[0].name: expected text, got an empty string",
        ),
        (
            [{"name": "新元号", "letter": "N", "start": "R13.5.1"}],
            "$.eras[0].start: expected a date as YYYY-MM-DD, got 'R13.5.1'",
        ),
        ([{"name": "新元号", "letter": "N"}], "$.eras[0].start: required key missing"),
    ],
)
def test_bad_eras_are_refused_with_their_path(eras: list[Any], expected: str) -> None:
    with pytest.raises(PlanError) as caught:
        structure_plan(with_eras(*eras))
    assert [str(problem.in_locale("en")) for problem in caught.value.problems] == [expected]


def test_too_many_eras_are_refused_before_the_plan_is_built() -> None:
    eras = [NEW_DATA] * 101
    with pytest.raises(PlanError) as caught:
        structure_plan(with_eras(*eras))
    assert [str(p.in_locale("en")) for p in caught.value.problems] == [
        "$.eras: 101 eras; at most 100 are allowed"
    ]


def test_the_schema_describes_eras() -> None:
    validator = jsonschema.Draft202012Validator(
        plan_schema(), format_checker=jsonschema.FormatChecker()
    )
    good = json.loads(json.dumps(upgrade_data(with_eras(NEW_DATA))[0], default=float))
    assert list(validator.iter_errors(good)) == []
    for bad, expected in (
        ({**NEW_DATA, "letter": "n"}, "'n' does not match '^[A-Z]$'"),
        ({**NEW_DATA, "name": "第2元号"}, "'第2元号' does not match"),
        ({**NEW_DATA, "name": "新" * 11}, "is too long"),
        ({**NEW_DATA, "year": 2031}, "('year' was unexpected)"),
    ):
        data = json.loads(json.dumps(upgrade_data(with_eras(bad))[0], default=float))
        messages = [error.message for error in validator.iter_errors(data)]
        assert any(expected in message for message in messages), messages


# -- reports ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def new_era_plan() -> Plan:
    """A plan over FY2029–2033 that declares 新元号 from 2031-05-01."""
    base = plan(
        kpi({2029: "10", 2030: "20", 2031: "30", 2032: "40"}, "50", target_year=2033),
        first=2029,
        last=2033,
    )
    return attrs.evolve(
        base,
        document=Document(
            title="評価",
            meeting=Meeting(name="委員会", date=datetime.date(2032, 7, 3)),
            as_of=datetime.date(2032, 7, 3),
        ),
        levels=(Level(name="基本戦略"), Level(name="施策")),
        entries=(
            Entry(number=1, title="戦略", entries=(Entry(number=1, title="施策", kpis=(1,)),)),
        ),
        reviews=(
            Review(
                entries=(1,),
                initiatives=(
                    Initiative(
                        title="事業", paragraphs=("実施",), years=YearSpan(first=2030, last=2032)
                    ),
                ),
                issues=(),
                direction=Direction(category="継続", items=()),
            ),
        ),
        eras=(NEW,),
    )


def test_the_plan_is_valid_and_round_trips(new_era_plan: Plan) -> None:
    assert check_plan(new_era_plan) == []
    assert plan_from_json(plan_to_json(new_era_plan)) == new_era_plan


def summary_of(value: Plan) -> str:
    return render_summary(build_report(evaluate(value), labels_for(value)))


def test_the_summary_labels_years_and_dates_in_the_added_era(new_era_plan: Plan) -> None:
    assert summary_of(new_era_plan).splitlines() == [
        "評価",
        "評価時点: 新元号2年7月3日",
        "",
        "No.  評価区分  基準値  年度  最新値  目標値     達成率",
        "---  --------  ------  ----  ------  ---------  ------",
        "  1  KPI 1     －      N2    40件    50件 (N3)  80.0％",
    ]


def test_without_its_era_the_plan_stays_in_reiwa(new_era_plan: Plan) -> None:
    summary = summary_of(attrs.evolve(new_era_plan, eras=()))
    assert summary.splitlines()[1] == "評価時点: 令和14年7月3日"
    assert summary.splitlines()[-1] == "  1  KPI 1     －      R14   40件    50件 (R15)  80.0％"


def rows_of(sheet: Any) -> list[tuple[object, ...]]:
    return [
        tuple(cell.value for cell in row if cell.value is not None) for row in sheet.iter_rows()
    ]


def test_excel_labels_years_and_dates_in_the_added_era(new_era_plan: Plan, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(planeval.export(new_era_plan, tmp_path / "report.xlsx"))
    # The headings over both header rows come first in the lower one (nothing is merged).
    row = tuple(cell.value for cell in book["評価指数（ＫＰＩ）"][5] if cell.value is not None)
    assert row[:3] == ("No.", "評価区分", "基準値")
    headers = row[3:]
    assert headers == (
        "令和11年度",
        "令和12年度",
        "新元号元年度",
        "新元号2年度",
        "(新元号3年度)",
        "(最新値/目標値×100)",
    )
    # The labels read back with the plan's eras.
    table = era_table(new_era_plan.eras)
    assert [parse_fiscal_year(str(text), eras=table) for text in headers[:4]] == [
        2029,
        2030,
        2031,
        2032,
    ]
    charts = rows_of(book["グラフデータ"])
    assert charts[0] == ("評価区分", "区分", "単位")
    # The first chart's block: its title, unit and categories, up to the target's year.
    assert charts[1][-5:] == ("R11", "R12", "N1", "N2", "N3")
    assert ("実施状況", "事業", "（Ｒ１２～Ｎ２）", "実施") in [
        row[-4:] for row in rows_of(book["施策の評価"])
    ]
    info = {row[0]: row[1:] for row in rows_of(book["文書情報"]) if row}
    assert info["計画期間"] == ("令和11年度～新元号3年度",)
    assert info["開催日"] == ("新元号2年7月3日", datetime.datetime(2032, 7, 3))
    assert parse_date("N2.7.3", eras=table) == datetime.date(2032, 7, 3)


def test_word_labels_years_and_dates_in_the_added_era(new_era_plan: Plan, tmp_path: Path) -> None:
    document = docx.Document(str(planeval.export(new_era_plan, tmp_path / "report.docx")))
    (table,) = document.tables
    # Word joiners keep （…） on one line; they print as nothing.
    assert [cell.text.replace("\u2060", "") for cell in table.rows[1].cells] == [
        "No.",
        "評価区分",
        "基準値",
        "令和11年度",
        "令和12年度",
        "新元号元年度",
        "新元号2年度",
        "目標値\n(新元号3年度)",
        "達成率\n(最新値/目標値×100)",
    ]
    assert "■ 事業（Ｒ１２～Ｎ２）" in [paragraph.text for paragraph in document.paragraphs]
    header = [paragraph.text for paragraph in document.sections[0].header.paragraphs]
    assert header == ["", "N2.7.3 委員会"]
