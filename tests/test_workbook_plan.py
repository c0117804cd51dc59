"""Plan workbooks: a plan as an Excel workbook for people, and back, losing nothing.

The workbook is read back with openpyxl (an independent reader) to check
what people see, and through planeval's own reader for the round trip.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

import planeval
from planeval.examples import example_names, load_example
from planeval.io import workbook_layout as layout
from planeval.io.plan_files import dump_plan, plan_to_json, read_plan_file, structure_plan
from planeval.io.workbook_reader import read_plan_workbook
from planeval.io.workbook_writer import exact_as_number, plan_to_workbook
from planeval.model import Plan, ZeroTarget
from planeval.testing import numbers, plans
from tests.conftest import run_planeval

JAPANESE_SHEETS = [
    "記入方法",
    "計画",
    "階層",
    "体系",
    "指標",
    "実績",
    "中間目標",
    "対象範囲",
    "評価基準",
    "区分",
    "評価",
    "評価の記述",
    "詳細",
    "参考指標",
    "注記",
    "次期計画",
    "元号",
    "選択肢",
]


def round_trip(plan: Plan) -> Plan:
    """The plan written as a workbook and read back as a plan file would be."""
    read = read_plan_workbook(plan_to_workbook(plan), "plan.xlsx")
    return structure_plan(read.data)


@pytest.fixture
def minamiyama_book(tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    dump_plan(load_example("minamiyama_plan6"), path)
    return path


@pytest.mark.parametrize("name", example_names())
def test_each_example_goes_to_a_workbook_and_back_to_the_same_json_bytes(
    name: str, tmp_path: Path
) -> None:
    original = tmp_path / "plan.json"
    dump_plan(load_example(name), original)
    to_book = run_planeval("workbook", str(original), "-o", str(tmp_path / "plan.xlsx"))
    assert to_book.returncode == 0, to_book.stderr
    assert to_book.stdout == f"wrote {tmp_path / 'plan.xlsx'}\n"
    back = run_planeval("workbook", str(tmp_path / "plan.xlsx"), "-o", str(tmp_path / "back.json"))
    assert back.returncode == 0, back.stderr
    assert (tmp_path / "back.json").read_bytes() == original.read_bytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_any_plan_survives_a_workbook_with_every_decimal_as_written(plan: Plan) -> None:
    back = round_trip(plan)
    assert back == plan
    # The JSON text shows each number's digits as written: 1.50 stays 1.50.
    assert plan_to_json(back) == plan_to_json(plan)


def test_a_plan_with_a_target_of_zero_reads_back_in_the_current_format(tmp_path: Path) -> None:
    # Read as format 1, a target of 0 would be pinned to the old formula (zero_target "ratio").
    plan = load_example("minamiyama_plan6")
    plan = attrs.evolve(plan, zero_target=ZeroTarget.PROGRESS_FROM_BASELINE)
    assert any(kpi.target is not None and kpi.target.value == 0 for kpi in plan.kpis)
    dump_plan(plan, tmp_path / "plan.xlsx")
    read = read_plan_file(tmp_path / "plan.xlsx")
    assert read.plan == plan
    assert read.format_version == 2


@given(numbers())
def test_a_number_cell_is_used_only_where_its_double_gives_the_same_digits(value: Decimal) -> None:
    if exact_as_number(value):
        assert Decimal(f"{float(value):.16G}") == value
        assert len(value.normalize().as_tuple().digits) <= 15
        assert -15 <= int(value.as_tuple().exponent) <= 0


def test_a_number_excel_cannot_hold_is_kept_as_its_text() -> None:
    assert not exact_as_number(Decimal("1234567890.123456"))  # 16 digits
    assert not exact_as_number(Decimal("1E+3"))  # no format keeps an exponent
    assert exact_as_number(Decimal("1.50"))
    assert exact_as_number(Decimal("-0.001"))


def test_the_same_plan_gives_the_same_bytes() -> None:
    plan = load_example("yonezawa_plan3")
    assert plan_to_workbook(plan) == plan_to_workbook(plan)


def test_the_workbook_is_laid_out_for_people_in_japanese(minamiyama_book: Path) -> None:
    book = openpyxl.load_workbook(minamiyama_book)
    assert book.sheetnames == JAPANESE_SHEETS
    assert book["選択肢"].sheet_state == "hidden"
    guide = book["記入方法"]
    assert guide["A1"].value == "このブックの記入方法"
    figures = book["実績"]
    assert [cell.value for cell in figures[1]] == [
        "KPI番号",
        "指標名",
        "年度",
        "値",
        "増加分",
        "状況",
        "値がない理由",
        "注記",
    ]
    assert figures.freeze_panes == "A2"
    assert [cell.value for cell in figures[2]][:4] == [1, "合計特殊出生率", 2022, 1.35]
    assert figures["C2"].number_format == '0"年度"'
    assert figures["D2"].number_format == "#,##0.00"  # unitless, two decimals as written
    assert figures.column_dimensions["B"].width > figures.column_dimensions["A"].width
    plan_sheet = book["計画"]
    assert (plan_sheet["A2"].value, plan_sheet["B2"].value) == ("市町村名", "南山町")


def test_figures_are_formatted_with_their_unit(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    dump_plan(load_example("yonezawa_plan3"), path)
    indicators = openpyxl.load_workbook(path)["指標"]
    headers = [cell.value for cell in indicators[1]]
    baseline = indicators.cell(row=2, column=headers.index("基準値") + 1)
    assert baseline.value == 1465
    assert baseline.number_format == '#,##0"億円"'


def test_enumerations_and_the_plans_categories_have_drop_downs(minamiyama_book: Path) -> None:
    book = openpyxl.load_workbook(minamiyama_book)
    figures = book["実績"]
    lists = {
        str(validation.sqref).split(":")[0]: validation.formula1
        for validation in figures.data_validations.dataValidation
    }
    assert lists["F2"].startswith("'選択肢'!$")  # 状況: the plan's status categories
    assert lists["G2"].startswith("'選択肢'!$")  # 値がない理由
    choices = book["選択肢"]
    column = lists["F2"].split("!$")[1].split("$")[0]
    statuses = [cell.value for cell in choices[column] if cell.value is not None]
    declared = load_example("minamiyama_plan6").status_categories
    assert statuses == [category.code for category in declared]


def test_an_english_plan_gets_english_sheets(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    dump_plan(load_example("riverton_green"), path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:4] == ["How to fill in", "Plan", "Levels", "Structure"]
    assert book.sheetnames[4:6] == ["Indicators", "Figures"]
    assert [cell.value for cell in book["Figures"][1]][:4] == [
        "KPI number",
        "Indicator",
        "Fiscal year",
        "Value",
    ]


def test_every_command_takes_a_workbook(minamiyama_book: Path, tmp_path: Path) -> None:
    validated = run_planeval("validate", str(minamiyama_book))
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout == f"{minamiyama_book}: valid (基本目標: 2, 施策: 4, KPIs: 6)\n"
    summary = run_planeval("summary", str(minamiyama_book))
    assert summary.returncode == 0, summary.stderr
    assert "合計特殊出生率" in summary.stdout
    exported = run_planeval("export", str(minamiyama_book), "-o", str(tmp_path / "report.docx"))
    assert exported.returncode == 0, exported.stderr
    assert planeval.load_plan(minamiyama_book) == load_example("minamiyama_plan6")


def _edited(path: Path, sheet: str, edits: dict[str, object]) -> Path:
    book = openpyxl.load_workbook(path)
    for reference, value in edits.items():
        book[sheet][reference] = value
    target = path.with_name("edited.xlsx")
    book.save(target)
    return target


def test_a_problem_names_the_sheet_the_cell_and_the_thing(minamiyama_book: Path) -> None:
    edited = _edited(minamiyama_book, "実績", {"D3": "abc"})
    result = run_planeval("validate", str(edited))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{edited}: 実績!D3: " in result.stderr
    assert "数値を入力してください（「abc」）" in result.stderr
    assert "KPI 1 合計特殊出生率、令和5年度" in result.stderr


def test_a_problem_found_in_the_plan_is_located_at_its_cell(minamiyama_book: Path) -> None:
    # Two figures for the same year: the plan's check finds it, on the second row.
    edited = _edited(minamiyama_book, "実績", {"C3": 2022})
    result = run_planeval("validate", str(edited))
    assert result.returncode == 2, result.stdout
    assert f"{edited}: 実績!C3: " in result.stderr, result.stderr


def test_what_people_type_is_read_with_a_note(minamiyama_book: Path, tmp_path: Path) -> None:
    edited = _edited(minamiyama_book, "実績", {"C3": "令和５年度", "D3": "１．３２"})
    result = run_planeval("workbook", str(edited), "-o", str(tmp_path / "back.json"))
    assert result.returncode == 0, result.stderr
    assert "実績!C3: " in result.stderr
    assert "実績!D3: " in result.stderr
    plan = read_plan_file(tmp_path / "back.json").plan
    assert plan == load_example("minamiyama_plan6")


def test_notes_reach_python_callers(minamiyama_book: Path) -> None:
    edited = _edited(minamiyama_book, "実績", {"C3": "R5"})
    read = read_plan_file(edited)
    assert [(note.location, note.code) for note in read.notes] == [("実績!C3", "note.era_year")]


def _merged(path: Path) -> Path:
    book = openpyxl.load_workbook(path)
    book["実績"].merge_cells("H2:H3")
    target = path.with_name("edited.xlsx")
    book.save(target)
    return target


def _without_sheet(path: Path) -> Path:
    book = openpyxl.load_workbook(path)
    del book["実績"]
    target = path.with_name("edited.xlsx")
    book.save(target)
    return target


def _renamed_header(path: Path) -> Path:
    return _edited(path, "実績", {"D1": "実績値"})


def _formula(path: Path) -> Path:
    return _edited(path, "実績", {"D3": "=1+1"})  # openpyxl stores no cached value


def _date_year(path: Path) -> Path:
    return _edited(path, "実績", {"C3": datetime.datetime(2023, 4, 1)})


def _unknown_level(path: Path) -> Path:
    return _edited(path, "体系", {"A2": "政策"})


def _csv(path: Path) -> Path:
    target = path.with_name("edited.xlsx")
    target.write_text("KPI番号,年度,値\n1,2023,1.32\n", encoding="utf-8")
    return target


def _old_xls(path: Path) -> Path:
    target = path.with_name("edited.xlsx")
    target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return target


def _rezipped(path: Path, change: Callable[[str, bytes], bytes], extra: dict[str, bytes]) -> Path:
    target = path.with_name("edited.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.namelist():
            out.writestr(member, change(member, source.read(member)))
        for member, data in extra.items():
            out.writestr(member, data)
    return target


def _entity_bomb(path: Path) -> Path:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )

    def change(member: str, data: bytes) -> bytes:
        if member != "xl/sharedStrings.xml":
            return data
        return laughs + data.split(b"?>", 1)[1].replace(b"<t>", b"<t>&lol2;", 1)

    return _rezipped(path, change, {})


def _zip_bomb(path: Path) -> Path:
    return _rezipped(path, lambda member, data: data, {"xl/media/zeros.bin": bytes(4_000_000)})


def _password_protected(path: Path) -> Path:
    # An encrypted workbook is an OLE2 compound file holding an EncryptionInfo stream.
    target = path.with_name("edited.xlsx")
    name = "EncryptionInfo".encode("utf-16-le")
    target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + name + bytes(512))
    return target


def _corrupted(path: Path) -> Path:
    target = path.with_name("edited.xlsx")
    target.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return target


@pytest.mark.parametrize(
    ("make", "where"),
    [
        (_without_sheet, "ブックにシート「実績」がありません"),
        (_renamed_header, "実績!D1"),
        (_merged, "実績!H2:H3"),
        (_formula, "実績!D3"),
        (_date_year, "実績!C3"),
        (_unknown_level, "体系!A2"),
        (_csv, "CSV などのテキストファイルで、Excel ブックではありません"),
        (_old_xls, "古い形式の Excel ファイル（.xls）です"),
        (_password_protected, "ブックがパスワードで保護されています"),
        (_corrupted, "ブックが壊れていて読めません"),
        (_entity_bomb, "読み込めない XML があります"),
        (_zip_bomb, "zip 爆弾の疑い"),
    ],
)
def test_bad_workbooks_are_refused_naming_where(
    make: Callable[[Path], Path], where: str, minamiyama_book: Path
) -> None:
    edited = make(minamiyama_book)
    result = run_planeval("validate", str(edited))
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{edited}: "), result.stderr
    assert where in result.stderr.splitlines()[0]


def test_workbook_refuses_what_would_lose_a_file(minamiyama_book: Path, tmp_path: Path) -> None:
    existing = tmp_path / "plan.json"
    existing.write_text("{}", encoding="utf-8")
    refused = run_planeval("workbook", str(minamiyama_book), "-o", str(existing))
    assert refused.returncode == 2
    assert "exists; give --force" in refused.stderr
    assert existing.read_text(encoding="utf-8") == "{}"
    forced = run_planeval("workbook", str(minamiyama_book), "-o", str(existing), "--force")
    assert forced.returncode == 0, forced.stderr
    same = run_planeval("workbook", str(minamiyama_book), "-o", str(minamiyama_book), "--force")
    assert same.returncode == 2
    assert "refusing to write over the plan file" in same.stderr
    other = run_planeval("workbook", str(minamiyama_book), "-o", str(tmp_path / "plan.txt"))
    assert other.returncode == 2
    assert "give an output ending in .xlsx or .json" in other.stderr


def test_the_plan_file_reference_lists_every_sheet_and_column() -> None:
    text = (Path(__file__).parent.parent / "docs" / "plan-file.md").read_text(encoding="utf-8")
    section = text.split("## Plan workbooks")[1].split("\n## ")[0]
    for table in (layout.PLAN_TABLE, *layout.TABLES):
        assert f"| {table.ja} / {table.en} |" in section
        for column in table.columns:
            assert f"{column.ja} / {column.en}" in section, column.key


def _validate(path: Path) -> tuple[int, str]:
    result = run_planeval("validate", str(path))
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr.replace(f"{path}: ", "")


def test_a_column_given_twice_is_refused_at_the_second(minamiyama_book: Path) -> None:
    code, stderr = _validate(_edited(minamiyama_book, "実績", {"I1": "値", "I2": 9}))
    assert code == 2
    assert stderr.startswith("実績!I1: 見出し「値」の列が2つあります")


def test_a_missing_header_is_named_at_a1(minamiyama_book: Path) -> None:
    code, stderr = _validate(_edited(minamiyama_book, "実績", {"A1": None}))
    assert code == 2
    assert stderr.startswith("実績!A1: 1行目に見出し「KPI番号」の列がありません")


def test_cells_of_spaces_alone_are_blank(minamiyama_book: Path) -> None:
    code, stderr = _validate(_edited(minamiyama_book, "実績", {"E2": "  ", "E3": "\u3000"}))
    assert (code, stderr) == (0, "")


def test_a_level_without_a_name_is_named_at_its_cell(minamiyama_book: Path) -> None:
    code, stderr = _validate(_edited(minamiyama_book, "階層", {"A3": None, "B3": "ＫＰＩ"}))
    assert code == 2
    assert stderr.startswith("階層!A3: ")


def test_a_list_in_one_cell_is_named_at_that_cell(minamiyama_book: Path) -> None:
    code, stderr = _validate(_edited(minamiyama_book, "体系", {"F3": "3, 99"}))
    assert code == 2
    assert stderr.startswith("体系!F3: ")


def test_a_group_of_fields_is_named_at_its_first_row(minamiyama_book: Path) -> None:
    edited = _edited(minamiyama_book, "計画", {"B10": None, "B11": None})
    code, stderr = _validate(edited)
    assert code == 2
    assert stderr.startswith("計画!B10: ")


def test_a_row_that_goes_on_an_item_must_not_give_it_another_title(
    minamiyama_book: Path,
) -> None:
    book = openpyxl.load_workbook(minamiyama_book)
    sheet = book["評価の記述"]
    sheet.insert_rows(3)
    for column in range(1, 10):
        sheet.cell(row=3, column=column).value = sheet.cell(row=2, column=column).value
    sheet["F3"] = "別の事業"
    book.save(minamiyama_book.with_name("edited.xlsx"))
    code, stderr = _validate(minamiyama_book.with_name("edited.xlsx"))
    assert code == 2
    assert stderr.startswith("評価の記述!F3: この行は上の行と同じ番号なので上の項目の続きですが")


def test_escaped_characters_in_text_come_back_as_written() -> None:
    plan = load_example("minamiyama_plan6")
    plan = attrs.evolve(plan, title="第６次_x0041_計画")
    assert round_trip(plan).title == "第６次_x0041_計画"


def test_years_of_a_plan_named_by_their_last_year_read_as_it_names_them(tmp_path: Path) -> None:
    # Riverton's fiscal year runs July to June and is named by the year it ends in.
    path = tmp_path / "plan.xlsx"
    dump_plan(load_example("riverton_green"), path)
    figures = openpyxl.load_workbook(path)["Figures"]
    assert figures["C2"].number_format == "0"  # the year it starts in, bare
    edited = _edited(path, "Figures", {"C2": "FY" + str(int(str(figures["C2"].value)) + 1)})
    read = read_plan_file(edited)
    assert read.plan == load_example("riverton_green")
    assert [note.code for note in read.notes] == ["note.fiscal_year_text"]


@pytest.mark.parametrize("typed", ["2025/7/3", "2025-7-3", "2025年7月3日", "２０２５／７／３"])
def test_a_date_typed_as_text_is_read_with_a_note(minamiyama_book: Path, typed: str) -> None:
    edited = _edited(minamiyama_book, "計画", {"B8": typed})
    read = read_plan_file(edited)
    assert read.plan.document.meeting is not None
    assert read.plan.document.meeting.date == datetime.date(2025, 7, 3)
    assert [(note.location, note.code) for note in read.notes] == [("計画!B8", "note.date_text")]


def test_a_next_plan_heading_left_empty_is_named_at_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    dump_plan(load_example("yonezawa_plan3"), path)
    code, stderr = _validate(_edited(path, "次期計画", {"B2": None, "B3": None, "B4": None}))
    assert code == 2
    assert stderr.startswith("次期計画!B2: ")
