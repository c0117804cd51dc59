"""The cells planeval writes into sheets xlsxwriter wrote without them, read back by openpyxl."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planeval.exporters._zip import rewritten
from planeval.exporters.excel._parts import sheet_parts
from planeval.exporters.excel._sheet_data import SheetData, filled_sheets
from planeval.spreadsheets import new_workbook

# Text a plan holds: no surrogates (UTF-8 cannot encode them), no control
# characters but tabs and line breaks (the loader refuses them: XML cannot hold them).
_TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n"), max_size=40
)


def _written(fill: object) -> openpyxl.Workbook:
    """A workbook of one sheet, ``Sheet1``, whose cells ``fill(data, workbook)`` writes."""
    buffer = io.BytesIO()
    workbook = new_workbook(buffer)
    workbook.add_worksheet("Sheet1")
    data = SheetData()
    fill(data, workbook)  # type: ignore[operator]
    workbook.close()
    archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    filled = filled_sheets(archive, sheet_parts(archive), {"Sheet1": data})
    package = rewritten(buffer.getvalue(), filled, [])
    return openpyxl.load_workbook(io.BytesIO(package))


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(_TEXT.filter(bool), min_size=1, max_size=5))
def test_text_reads_back_as_written(texts: list[str]) -> None:
    def fill(data: SheetData, workbook: object) -> None:
        for row, text in enumerate(texts):
            data.text(row, 1, text)

    sheet = _written(fill)["Sheet1"]
    assert [sheet.cell(row + 1, 2).value for row in range(len(texts))] == texts
    assert all(sheet.cell(row + 1, 2).data_type == "s" for row in range(len(texts)))


def test_text_that_looks_like_a_formula_or_number_stays_text() -> None:
    def fill(data: SheetData, workbook: object) -> None:
        for column, text in enumerate(["=1+1", "123", "http://example.com", " lead", "x\ny"]):
            data.text(0, column, text)

    sheet = _written(fill)["Sheet1"]
    assert [cell.value for cell in sheet[1]] == [
        "=1+1",
        "123",
        "http://example.com",
        " lead",
        "x\ny",
    ]
    assert {cell.data_type for cell in sheet[1]} == {"s"}


@settings(max_examples=60, deadline=None)
@given(
    numbers=st.lists(
        st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=1, max_size=5
    )
)
def test_numbers_read_back_exactly(numbers: list[float]) -> None:
    def fill(data: SheetData, workbook: object) -> None:
        for column, number in enumerate(numbers):
            data.number(3, column, number)

    sheet = _written(fill)["Sheet1"]
    assert [cell.value for cell in sheet[4]] == numbers


def test_control_characters_and_their_look_alikes_are_escaped_as_excel_does() -> None:
    data = SheetData()
    data.text(0, 0, "a\x08b_x0041_<&>")
    assert "<t>a_x0008_b_x005F_x0041_&lt;&amp;&gt;</t>" in data.xml()


def test_a_number_cell_refuses_what_a_cell_cannot_hold() -> None:
    with pytest.raises(ValueError, match="cannot hold inf"):
        SheetData().number(0, 0, float("inf"))


def test_formula_date_blank_style_and_heights() -> None:
    def fill(data: SheetData, workbook: object) -> None:
        bold = workbook.add_format({"bold": True, "num_format": "0.0"})  # type: ignore[attr-defined]
        dated = workbook.add_format({"num_format": "yyyy-mm-dd"})  # type: ignore[attr-defined]
        data.number(0, 0, 86.4, bold)
        data.formula(0, 1, "ROUND(A1*2,1)", bold, 172.8)
        data.date(1, 0, datetime.date(2025, 7, 3), dated)
        data.blank(2, 3, bold)
        data.height(0, 36)
        data.height(1, 40.1)  # 53 pixels: 39.75 points
        data.height(2, 15)  # the default row: no height written

    sheet = _written(fill)["Sheet1"]
    assert sheet["A1"].value == 86.4
    assert sheet["A1"].font.b
    assert sheet["A1"].number_format == "0.0"
    assert sheet["B1"].value == "=ROUND(A1*2,1)"
    assert sheet["B1"].font.b
    assert sheet["A2"].value == datetime.datetime(2025, 7, 3)
    assert sheet["D3"].value is None
    assert sheet["D3"].font.b
    heights = [sheet.row_dimensions[row].height for row in (1, 2, 3)]
    assert heights == [36, 39.75, None]
    assert sheet.dimensions == "A1:D3"


def test_a_cell_written_twice_keeps_the_second() -> None:
    data = SheetData()
    data.text(0, 0, "first")
    data.number(0, 0, 2)
    assert data.xml() == '<sheetData><row r="1"><c r="A1"><v>2</v></c></row></sheetData>'


@given(row=st.integers(0, 1_048_575), column=st.integers(0, 16_383))
def test_a_cell_is_named_as_excel_names_it(row: int, column: int) -> None:
    from xlsxwriter.utility import xl_rowcol_to_cell

    data = SheetData()
    data.blank(row, column, None)
    assert data.dimension() == xl_rowcol_to_cell(row, column)


def test_an_empty_sheet_keeps_xlsxwriters_dimension() -> None:
    assert SheetData().dimension() is None

    def fill(data: SheetData, workbook: object) -> None:
        pass

    buffer = io.BytesIO()
    workbook = new_workbook(buffer)
    workbook.add_worksheet("Sheet1").set_column(2, 4, 20)  # columns, no cell
    workbook.close()
    archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    filled = filled_sheets(archive, sheet_parts(archive), {"Sheet1": SheetData()})
    ((part, sheet_xml),) = filled.items()
    written = archive.read(part).decode()
    assert sheet_xml.decode() == written.replace("<sheetData/>", "<sheetData></sheetData>")
    assert _written(fill)["Sheet1"].max_row == 1
