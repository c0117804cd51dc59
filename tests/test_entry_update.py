"""The yearly entry loop: planeval entry writes a workbook, staff fill it, update reads it."""

from __future__ import annotations

import io
import shutil
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest

from planeval.cli import main
from planeval.entry_writer import entry_files, entry_workbook
from planeval.errors import PlanError
from planeval.io.entry_sheets import read_entry_sheet
from planeval.io.plan_files import load_plan
from planeval.io.workbook_cells import open_workbook
from planeval.model import Missing, Observation, Plan
from planeval.yearly import apply_entries, read_entry_workbooks

from .conftest import ROOT, YONEZAWA

RIVERTON = ROOT / "examples" / "riverton_green" / "plan.json"
#: The Yonezawa entry sheet for FY2025: five reference years, then value, reason, note.
VALUE, REASON, NOTE = "J", "K", "L"


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    copy = tmp_path / "plan.json"
    shutil.copyfile(YONEZAWA, copy)
    return copy


def fill(source: Path, target: Path, cells: dict[str, object], sheet: str = "入力") -> Path:
    book = openpyxl.load_workbook(source)
    for reference, value in cells.items():
        book[sheet][reference] = value
    book.save(target)
    return target


def entry(plan_file: Path, tmp_path: Path, year: int = 2025, *extra: str) -> Path:
    output = tmp_path / "entry.xlsx"
    assert main(["entry", str(plan_file), "--year", str(year), "-o", str(output), *extra]) == 0
    return output


def value_cell(workbook: Path, row: int) -> str:
    """The reference of the value cell of ``row`` in the entry workbook."""
    from openpyxl.utils import get_column_letter

    layout = read_entry_sheet(open_workbook(workbook.read_bytes(), "e.xlsx")).identity.layout
    return f"{get_column_letter(layout.value_column)}{row}"


def observation(plan: Plan, kpi: int, year: int) -> Observation | None:
    return next((o for o in plan.kpi(kpi).observations if o.fiscal_year == year), None)


def test_round_trip_sets_exact_values(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled = fill(
        entry(plan_file, tmp_path),
        tmp_path / "filled.xlsx",
        {"J4": "１２，３４５．６", "K5": "未発表", "J6": 0.1, "L6": "速報値"},
    )
    capsys.readouterr()
    assert main(["update", str(plan_file), str(filled)]) == 0
    out = capsys.readouterr().out
    assert "KPI 1 付加価値額 令和7年度: 空欄 → 12,345.6" in out
    assert "KPI 2 従業者1人当たりの付加価値額 令和7年度: 空欄 → 未発表" in out
    assert "「１２，３４５．６」を 12345.6 と読みました" in out
    assert "plan.json に書き込みました（3 件の変更）" in out
    plan = load_plan(plan_file)
    first = observation(plan, 1, 2025)
    assert first is not None
    assert first.value == Decimal("12345.6")
    assert plan.kpi(2).observations[-1].missing is Missing.UNPUBLISHED
    third = plan.kpi(3).observations[-1]
    assert third.value == Decimal("0.1")
    assert str(third.value) == "0.1"
    assert {note.id: note.text for note in plan.notes}[third.note or ""] == "速報値"


def test_the_same_values_again_change_nothing(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled = fill(entry(plan_file, tmp_path), tmp_path / "filled.xlsx", {"J4": 1500})
    assert main(["update", str(plan_file), str(filled)]) == 0
    written = plan_file.read_bytes()
    capsys.readouterr()
    assert main(["update", str(plan_file), str(filled)]) == 0
    assert "変更はありません" in capsys.readouterr().out
    assert plan_file.read_bytes() == written
    # A fresh entry sheet shows the value now in the plan, and reads back unchanged.
    again = entry(plan_file, tmp_path)
    assert main(["update", str(plan_file), str(again)]) == 0
    assert plan_file.read_bytes() == written


def test_a_different_value_is_refused_without_replace(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = entry(plan_file, tmp_path, 2023)
    original = plan_file.read_bytes()
    cell = value_cell(sheet, 7)
    filled = fill(sheet, tmp_path / "filled.xlsx", {cell: 9999})  # KPI 4 has 0 for R5
    capsys.readouterr()
    assert main(["update", str(plan_file), str(filled)]) == 2
    err = capsys.readouterr().err
    assert f"filled.xlsx: 入力!{cell}:" in err
    assert "計画の値は 0、入力用ブックの値は 9,999 です" in err
    assert "KPI 4 ものづくり関連の起業数、令和5年度" in err
    assert plan_file.read_bytes() == original
    assert main(["update", str(plan_file), str(filled), "--replace"]) == 0
    replaced = observation(load_plan(plan_file), 4, 2023)
    assert replaced is not None
    assert replaced.value == 9999


def test_a_value_fills_a_year_the_plan_says_is_unpublished(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = entry(plan_file, tmp_path, 2023)
    filled = fill(sheet, tmp_path / "filled.xlsx", {value_cell(sheet, 4): 1500})  # 未発表
    capsys.readouterr()
    assert main(["update", str(plan_file), str(filled)]) == 0
    assert "令和5年度: 未発表 (注1) → 1,500" in capsys.readouterr().out
    filled_in = observation(load_plan(plan_file), 1, 2023)
    assert filled_in is not None
    assert filled_in.value == 1500


def test_another_plan_is_refused(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.xlsx"
    assert main(["entry", str(RIVERTON), "--year", "2025", "-o", str(other)]) == 0
    capsys.readouterr()
    assert main(["update", str(plan_file), str(other)]) == 2
    err = capsys.readouterr().err
    assert "other.xlsx: この入力用ブックは「City of Riverton" in err


def test_another_year_is_refused(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = entry(plan_file, tmp_path, 2024)
    capsys.readouterr()
    assert main(["update", str(plan_file), str(sheet), "--year", "2025"]) == 2
    assert "令和6年度のもので、令和7年度のものではありません" in capsys.readouterr().err


def test_any_problem_in_any_workbook_writes_nothing(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = entry(plan_file, tmp_path)
    good = fill(sheet, tmp_path / "good.xlsx", {"J4": 1})
    bad = fill(sheet, tmp_path / "bad.xlsx", {"J5": "abc", "J6": 3, "K6": "未発表", "L7": "x"})
    original = plan_file.read_bytes()
    capsys.readouterr()
    assert main(["update", str(plan_file), str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.xlsx: 入力!J5: 数値を入力してください" in err
    assert "bad.xlsx: 入力!K6: 値と値がない理由の両方" in err
    assert "bad.xlsx: 入力!L7: 備考だけ" in err
    assert plan_file.read_bytes() == original
    # A workbook that cannot be read: every such file is named, and nothing is written.
    missing = str(tmp_path / "no.xlsx")
    assert main(["update", str(plan_file), str(good), missing, str(plan_file)]) == 2
    err = capsys.readouterr().err
    assert "no.xlsx: ブックを読めません" in err
    assert "plan.json: CSV などのテキストファイル" in err
    assert plan_file.read_bytes() == original


def test_a_csv_given_as_a_workbook(plan_file: Path, tmp_path: Path) -> None:
    csv = tmp_path / "entry.csv"
    csv.write_text("KPI,値\n1,2\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        read_entry_workbooks([csv])
    assert [p.code for p in caught.value.problems] == ["workbook.text_file"]


def test_a_workbook_that_is_not_an_entry_workbook(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    stream = io.BytesIO()
    book.save(stream)
    with pytest.raises(PlanError) as caught:
        read_entry_sheet(open_workbook(stream.getvalue(), "x.xlsx"))
    assert [p.code for p in caught.value.problems] == ["entry_sheet.not_an_entry_workbook"]


def test_same_plan_same_bytes(plan_file: Path) -> None:
    plan = load_plan(plan_file)
    assert entry_workbook(plan, 2025) == entry_workbook(plan, 2025)


def test_by_department(tmp_path: Path) -> None:
    plan = load_plan(YONEZAWA)
    departments = ["商工課", "商工課", "企画/調整課", "", "商工課", "企画/調整課"]
    kpis = tuple(
        attrs.evolve(kpi, department=name)
        for kpi, name in zip(plan.kpis, departments, strict=False)
    )
    plan = attrs.evolve(plan, kpis=kpis)
    files = entry_files(plan, 2025, tmp_path / "entry.xlsx", by_department=True)
    names = [file.path.name for file in files]
    assert names == ["entry-商工課.xlsx", "entry-企画_調整課.xlsx", "entry-担当課なし.xlsx"]
    counts = [
        len(read_entry_sheet(open_workbook(file.data, file.path.name)).rows) for file in files
    ]
    assert counts == [3, 2, 1]


def test_by_department_from_the_command_line(plan_file: Path, tmp_path: Path) -> None:
    assert entry(plan_file, tmp_path, 2025, "--by-department").name == "entry.xlsx"
    assert sorted(p.name for p in tmp_path.glob("entry-*.xlsx")) == ["entry-担当課なし.xlsx"]


def test_qualitative_kpis_take_a_status(tmp_path: Path) -> None:
    plan = load_plan(ROOT / "examples" / "minamiyama_plan6" / "plan.json")
    qualitative = [kpi for kpi in plan.kpis if kpi.scale.value == "qualitative"]
    assert qualitative
    assert plan.status_categories
    data = entry_workbook(plan, 2026)
    row = 4 + list(plan.kpis).index(qualitative[0])
    sheet = read_entry_sheet(open_workbook(data, "q.xlsx"))
    column = sheet.identity.layout.value_column
    book = openpyxl.load_workbook(io.BytesIO(data))
    label = plan.status_categories[0].label or plan.status_categories[0].code
    book[sheet.identity.layout.sheet].cell(row=row, column=column, value=label)
    stream = io.BytesIO()
    book.save(stream)
    filled = read_entry_sheet(open_workbook(stream.getvalue(), "q.xlsx"))
    update = apply_entries(plan, [filled], replace=True)
    found = next(
        o for o in update.plan.kpi(qualitative[0].number).observations if o.fiscal_year == 2026
    )
    assert found.status == plan.status_categories[0].code


def test_english_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan_file = tmp_path / "plan.json"
    shutil.copyfile(RIVERTON, plan_file)
    sheet = tmp_path / "entry.xlsx"
    assert main(["entry", str(plan_file), "--year", "2027", "-o", str(sheet)]) == 0
    filled = fill(sheet, tmp_path / "filled.xlsx", {"A4": "x"}, sheet="Entry")
    capsys.readouterr()
    assert main(["update", str(plan_file), str(filled)]) == 2
    assert "filled.xlsx: Entry!A4: expected a number, got 'x'" in capsys.readouterr().err


def test_update_refuses_a_plan_file_it_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.txt"
    shutil.copyfile(YONEZAWA, plan_file)
    sheet = entry(plan_file, tmp_path)
    capsys.readouterr()
    assert main(["update", str(plan_file), str(sheet)]) == 2
    assert "JSON（.json）とブック（.xlsx）の計画ファイルだけです" in capsys.readouterr().err


def test_update_fills_a_plan_workbook(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "plan.xlsx"
    assert main(["workbook", str(plan_file), "-o", str(book)]) == 0
    filled = fill(entry(book, tmp_path), tmp_path / "filled.xlsx", {"J4": 1500})
    capsys.readouterr()
    assert main(["update", str(book), str(filled)]) == 0
    assert "KPI 1 付加価値額 令和7年度: 空欄 → 1,500" in capsys.readouterr().out
    first = observation(load_plan(book), 1, 2025)
    assert first is not None
    assert first.value == Decimal(1500)


def test_entry_refuses_a_year_out_of_bounds(plan_file: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "e.xlsx")
    assert main(["entry", str(plan_file), "--year", "1800", "-o", out]) == 2


def test_same_plan_same_file_bytes_from_the_command_line(plan_file: Path, tmp_path: Path) -> None:
    first = entry(plan_file, tmp_path).read_bytes()
    assert entry(plan_file, tmp_path).read_bytes() == first


def test_headings_in_the_locale_asked_for(plan_file: Path, tmp_path: Path) -> None:
    sheet = entry(plan_file, tmp_path, 2025, "--locale", "en")
    book = openpyxl.load_workbook(sheet)
    assert book.sheetnames == ["Entry", "Instructions", "planeval"]
    assert book["planeval"].sheet_state == "veryHidden"
    headings = [cell.value for cell in book["Entry"][3]]
    assert headings[:4] == ["No.", "Indicator", "Unit", "Department"]
    assert headings[-3:] == ["FY2025 value", "Reason for no value", "Note"]
    japanese = openpyxl.load_workbook(entry(plan_file, tmp_path))
    assert [cell.value for cell in japanese["入力"][3]][-3:] == [
        "令和7年度の実績",
        "値がない理由",
        "備考",
    ]


def test_an_existing_note_is_cited_not_copied(plan_file: Path, tmp_path: Path) -> None:
    plan = load_plan(plan_file)
    existing = next(note for note in plan.notes if note.id is not None)
    filled = fill(entry(plan_file, tmp_path), tmp_path / "f.xlsx", {"J4": 1, "L4": existing.text})
    update = apply_entries(plan, read_entry_workbooks([filled]))
    assert update.plan.notes == plan.notes
    assert update.plan.kpi(1).observations[-1].note == existing.id


def test_a_renamed_entry_sheet_is_refused(plan_file: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(entry(plan_file, tmp_path))
    book["入力"].title = "シート1"
    renamed = tmp_path / "renamed.xlsx"
    book.save(renamed)
    with pytest.raises(PlanError) as caught:
        read_entry_workbooks([renamed])
    assert [p.code for p in caught.value.problems] == ["workbook.sheet_missing"]
    assert "入力" in str(caught.value)


def test_english_conflict_names_kpi_and_year(tmp_path: Path) -> None:
    plan = load_plan(RIVERTON)
    data = entry_workbook(plan, 2024)
    sheet = read_entry_sheet(open_workbook(data, "e.xlsx"))
    row = next(r for r in sheet.rows if observation(plan, r.kpi, 2024) is not None)
    current = observation(plan, row.kpi, 2024)
    changed = attrs.evolve(row, value=attrs.evolve(row.value, value=Decimal("123456")))
    tampered = attrs.evolve(sheet, rows=(changed,))
    with pytest.raises(PlanError) as caught:
        apply_entries(plan, [tampered], locale="en")
    problem = caught.value.problems[0]
    assert problem.code == "entry_sheet.conflict"
    assert problem.subject.endswith(", FY2025")  # Riverton names a year by its end
    assert "123,456" in problem.message
    assert current is not None
