"""``planeval compare``: the KPIs of many plans side by side, in a workbook or a CSV file."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import planeval
from planeval.cli import main
from planeval.report.comparison import COMPARISON_COLUMNS

from .conftest import ROOT, YONEZAWA
from .conftest import run_planeval as run

EXAMPLES = ROOT / "examples"
HEADER = [column.name for column in COMPARISON_COLUMNS]
#: The rates Yonezawa published for its six KPIs (第３期米沢市工業振興計画).
YONEZAWA_RATES = [86.4, 75.8, 94.3, 30.0, 112.9, 101.0]


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """The three bundled examples, each in its own folder as plan.json."""
    folder = tmp_path / "plans"
    for example in ("minamiyama_plan6", "riverton_green", "yonezawa_plan3"):
        (folder / example).mkdir(parents=True)
        shutil.copy(EXAMPLES / example / "plan.json", folder / example / "plan.json")
    return folder


def _sheet_rows(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path)["comparison"]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_puts_every_kpi_in_a_row(
    plans: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "compare.xlsx"
    assert main(["compare", str(plans), "-o", str(out), "--jobs", "1"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"wrote {out}", "3 compared, 0 refused"]
    rows = _sheet_rows(out)
    assert rows[0] == HEADER
    assert len(rows) == 1 + 18
    yonezawa = [dict(zip(HEADER, row, strict=True)) for row in rows[13:]]
    assert [row["rate"] for row in yonezawa] == YONEZAWA_RATES
    assert yonezawa[0] == {
        "plan_file": "yonezawa_plan3/plan.json",
        "municipality_code": "062022",
        "municipality": "米沢市",
        "plan_title": "第３期米沢市工業振興計画",
        "plan_first_year": 2021,
        "plan_last_year": 2025,
        "entry_level": None,
        "entry_number": None,
        "entry_title": None,
        "kpi_id": "062022-2021-2025-1",
        "kpi_number": 1,
        "kpi_name": "付加価値額",
        "unit": "億円",
        "baseline_fiscal_year": None,
        "baseline_months": "2018-01/2018-12",
        "baseline_value": 1465,
        "latest_fiscal_year": 2022,
        "latest_value": 1425,
        "latest_status": None,
        "target_fiscal_year": 2025,
        "target_value": 1650,
        "rate": 86.4,
        "rate_formula": "actual_over_target",
        "no_rate_reason": None,
        "path_status": None,
        "grade": None,
    }
    minamiyama = dict(zip(HEADER, rows[3], strict=True))
    assert (minamiyama["entry_level"], minamiyama["entry_number"]) == ("施策", 1)
    assert (minamiyama["entry_title"], minamiyama["kpi_number"]) == ("保育の受け皿の確保", 3)
    assert (minamiyama["rate"], minamiyama["path_status"], minamiyama["grade"]) == (
        75.0,
        "ahead",
        "Ｂ",
    )


def test_the_workbook_is_filtered_frozen_and_typed(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "compare.xlsx"
    assert main(["compare", str(plans), "-o", str(out), "--jobs", "1"]) == 0
    sheet = openpyxl.load_workbook(out)["comparison"]
    assert sheet.auto_filter.ref == "A1:Z19"
    assert sheet.freeze_panes == "A2"
    # Printed: landscape A4, each page with the header row and the municipality.
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    assert (sheet.print_title_rows, sheet.print_title_cols) == ("$1:$1", "$C:$C")
    assert all(cell.font.b for cell in sheet[1])
    rate = sheet.cell(row=14, column=HEADER.index("rate") + 1)
    assert (rate.data_type, rate.value, rate.number_format) == ("n", 86.4, "#,##0.0")
    value = sheet.cell(row=14, column=HEADER.index("baseline_value") + 1)
    assert (value.data_type, value.number_format) == ("n", "#,##0")
    year = sheet.cell(row=14, column=HEADER.index("latest_fiscal_year") + 1)
    assert (year.data_type, year.value, year.number_format) == ("n", 2022, "General")
    code = sheet.cell(row=14, column=HEADER.index("municipality_code") + 1)
    assert (code.data_type, code.value) == ("s", "062022")
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    assert min(widths.values()) >= 6
    assert max(widths.values()) <= 51
    # The plan title (第３期米沢市工業振興計画, 24 columns wide) fits its column.
    assert widths["D"] >= 25


def test_the_csv_file_holds_the_engines_rates_exactly(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "compare.csv"
    assert main(["compare", str(plans), "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == HEADER
    yonezawa = [row["rate"] for row in rows if row["municipality"] == "米沢市"]
    assert yonezawa == [str(rate) for rate in YONEZAWA_RATES]  # 30.0, not 30
    # Every rate is the engine's own, digit for digit.
    for example in ("minamiyama_plan6", "riverton_green", "yonezawa_plan3"):
        evaluation = planeval.evaluate(planeval.load_example(example))
        shown = [row["rate"] for row in rows if row["plan_file"] == f"{example}/plan.json"]
        assert shown == ["" if kpi.rate is None else str(kpi.rate) for kpi in evaluation.kpis]
    assert data.decode("utf-8-sig").splitlines()[1] == (
        "minamiyama_plan6/plan.json,,南山町,第６次南山町総合計画,2023,2027,"
        "基本目標,1,安心して子どもを産み育てられるまち,2023-2027-1,1,合計特殊出生率,,2022,,"
        "1.35,2023,1.32,,2027,1.50,88.0,actual_over_target,,behind,Ｄ"
    )


def test_a_bad_plan_is_refused_and_the_others_compared(
    plans: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(YONEZAWA.read_text(encoding="utf-8"))
    data["kpis"][2]["target"]["value"] = "abc"
    (plans / "bad.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (plans / "readme.md").write_text("# plans", encoding="utf-8")
    out = tmp_path / "compare.csv"
    assert main(["compare", str(plans), "-o", str(out), "--jobs", "1"]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"wrote {out}",
        "3 compared, 1 refused",
        f"refused {plans}/bad.json: $.kpis[2].target.value: KPI 3 製造品出荷額等: "
        "数値を入力してください（「abc」）",
    ]
    assert captured.err == f"skipped {plans}/readme.md: not a plan file\n"
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 1 + 18


def test_nothing_is_written_when_no_plan_can_be_compared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    out = tmp_path / "compare.xlsx"
    assert main(["compare", str(bad), "-o", str(out), "--locale", "en"]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == "0 compared, 1 refused"
    assert captured.err == f"planeval: nothing to compare: {out} is not written\n"
    assert not out.exists()


def test_the_same_plans_give_the_same_bytes_whatever_the_jobs(plans: Path, tmp_path: Path) -> None:
    outputs: list[bytes] = []
    for jobs in ("1", "2", "2"):
        out = tmp_path / f"compare-{len(outputs)}.xlsx"
        assert run("compare", str(plans), "-o", str(out), "--jobs", jobs).returncode == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    data = json.loads(YONEZAWA.read_text(encoding="utf-8"))
    data["kpis"][0]["name"] = '=HYPERLINK("http://example.com")'
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["compare", str(plan), "-o", str(tmp_path / "c.csv")]) == 0
    assert main(["compare", str(plan), "-o", str(tmp_path / "c.xlsx")]) == 0
    row = next(csv.DictReader(io.StringIO((tmp_path / "c.csv").read_text("utf-8-sig"))))
    assert row["kpi_name"] == '\'=HYPERLINK("http://example.com")'
    cell = openpyxl.load_workbook(tmp_path / "c.xlsx")["comparison"]["L2"]
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://example.com")')


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("compare.txt", "compare.txt: give an output ending in .xlsx or .csv"),
        ("", "the output path is empty"),
    ],
)
def test_the_output_must_be_a_workbook_or_a_csv_file(output: str, message: str) -> None:
    result = run("compare", str(YONEZAWA), "-o", output)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"planeval: {message}\n"


def test_compare_never_writes_over_a_plan_workbook(tmp_path: Path) -> None:
    workbook = tmp_path / "plan.xlsx"
    planeval.dump_plan(planeval.load_plan(YONEZAWA), workbook)
    before = workbook.read_bytes()
    result = run("compare", str(workbook), "-o", str(workbook))
    assert result.returncode == 2
    assert result.stderr == f"planeval: refusing to write over the plan file {workbook}\n"
    assert workbook.read_bytes() == before


def test_a_read_only_output_needs_force(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "compare.csv"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o444)
    result = run("compare", str(plans), "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].endswith("; give --force to replace it")
    assert out.read_text(encoding="utf-8") == "old"
    assert run("compare", str(plans), "-o", str(out), "--force").returncode == 0
    assert out.read_text(encoding="utf-8-sig").startswith("plan_file,")


def test_the_docs_name_every_column() -> None:
    text = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE)
    assert documented == HEADER
    for column in COMPARISON_COLUMNS:
        assert f"| `{column.name}` | {column.title} | {column.type} |" in text
        assert column.description in text, column.name
    assert "docs/batch.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_rows_are_the_engines_figures() -> None:
    from planeval.report.comparison import comparison_rows

    evaluation = planeval.evaluate(planeval.load_example("riverton_green"))
    rows = comparison_rows(evaluation, "riverton.json")
    assert [row["rate"] for row in rows] == [kpi.rate for kpi in evaluation.kpis]
    assert rows[-1]["rate"] is None
    assert rows[-1]["no_rate_reason"] == "no_value"
    assert rows[0]["rate"] == Decimal("95.7")
    assert list(rows[0]) == HEADER
