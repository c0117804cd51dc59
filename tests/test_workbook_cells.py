"""Untrusted workbooks read safely and exactly (planeval.io.workbook_cells)."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from planeval.errors import PlanError
from planeval.io.workbook_cells import (
    Cell,
    cell_fiscal_year,
    cell_integer,
    cell_number,
    cell_text,
    open_workbook,
    read_workbook,
)
from planeval.limits import MAX_WORKBOOK_MEMBERS, MAX_WORKBOOK_UNCOMPRESSED_BYTES
from planeval.messages import MESSAGES
from planeval.model import Era

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def raw_xlsx(
    sheet_data: str,
    *,
    after: str = "",
    strings: str | None = None,
    styles: str | None = None,
    sheet_name: str = "実績",
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A minimal workbook of one sheet whose <sheetData> (and what follows it) is given."""
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": "<Types/>",
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        f'<sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_data}'
        f"</sheetData>{after}</worksheet>",
    }
    if strings is not None:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{strings}</sst>'
    if styles is not None:
        parts["xl/styles.xml"] = f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>'
    parts.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _open_and_read(data: bytes, sheet: str | None) -> None:
    workbook = open_workbook(data, "in.xlsx")
    if sheet is not None:
        workbook.sheet(sheet)


def refusal(data: bytes, sheet: str | None = "実績") -> PlanError:
    with pytest.raises(PlanError) as caught:
        _open_and_read(data, sheet)
    return caught.value


def codes(error: PlanError) -> list[tuple[str, str]]:
    return [(problem.location, problem.code) for problem in error.problems]


def values(data: bytes, sheet: str = "実績") -> list[list[object]]:
    rows = open_workbook(data, "in.xlsx").sheet(sheet).rows()
    return [[cell.value for cell in row] for row in rows]


def openpyxl_bytes(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell(value: object) -> Cell:
    return Cell(sheet="実績", row=14, column=4, value=value)  # type: ignore[arg-type]


# --- reading cells exactly ---------------------------------------------------------------


def test_values_of_every_kind_from_openpyxl() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "実績"
    sheet["A1"] = "名前"
    sheet["B1"] = 0.1
    sheet["C1"] = datetime.datetime(2025, 4, 1)
    sheet["D1"] = True
    sheet["B3"] = 12345
    rows = open_workbook(openpyxl_bytes(book), "in.xlsx").sheet("実績").rows()
    assert [[c.value for c in row] for row in rows] == [
        ["名前", Decimal("0.1"), datetime.datetime(2025, 4, 1), True],
        [None, None, None, None],
        [None, Decimal("12345"), None, None],
    ]
    assert rows[2][1].ref == "B3"
    assert rows[2][1].location == "実績!B3"
    assert (rows[2][1].row, rows[2][1].column) == (3, 2)


def test_shared_inline_rich_and_phonetic_text() -> None:
    strings = (
        "<si><t>横浜</t><rPh sb='0' eb='2'><t>ヨコハマ</t></rPh></si>"
        "<si><r><t>外国人</t></r><r><t>宿泊者数</t></r></si>"
    )
    data = raw_xlsx(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="inlineStr"><is><t>直接</t></is></c><c r="D1" t="str"><f>A1</f>'
        "<v>横浜</v></c></row>",
        strings=strings,
    )
    assert values(data) == [["横浜", "外国人宿泊者数", "直接", "横浜"]]


def test_numbers_are_the_stored_text_exactly() -> None:
    data = raw_xlsx(
        '<row r="1"><c r="A1"><v>1234567.89012345</v></c><c r="B1"><v>1E-3</v></c>'
        '<c r="C1"><v>0.30000000000000004</v></c><c r="D1"><f>1+1</f><v>2</v></c></row>'
    )
    assert values(data) == [
        [Decimal("1234567.89012345"), Decimal("0.001"), Decimal("0.3"), Decimal(2)]
    ]


def test_cells_without_references_follow_each_other() -> None:
    data = raw_xlsx("<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>")
    assert values(data) == [[Decimal(1), Decimal(2)], [Decimal(3), None]]


def test_dates_by_number_format_including_japanese_era_formats() -> None:
    styles = (
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-ja-JP]ggge&quot;年&quot;'
        'm&quot;月&quot;d&quot;日&quot;"/></numFmts>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
        '<xf numFmtId="57"/></cellXfs>'
    )
    data = raw_xlsx(
        '<row r="1"><c r="A1" s="0"><v>45748</v></c><c r="B1" s="1"><v>45748</v></c>'
        '<c r="C1" s="2"><v>45748.5</v></c><c r="D1" s="3"><v>45748</v></c></row>',
        styles=styles,
    )
    day = datetime.datetime(2025, 4, 1)
    assert values(data) == [[Decimal(45748), day, day.replace(hour=12), day]]


def test_empty_text_is_an_empty_cell() -> None:
    data = raw_xlsx('<row r="1"><c r="A1" t="inlineStr"><is><t></t></is></c><c r="B1"/></row>')
    assert values(data) == []


def test_hidden_sheets_are_listed() -> None:
    book = openpyxl.Workbook()
    book.active.title = "実績"
    book.create_sheet("id").sheet_state = "hidden"
    workbook = open_workbook(openpyxl_bytes(book), "in.xlsx")
    assert workbook.sheet_names == ("実績", "id")
    assert workbook.sheet("id").rows() == ()


# --- cells refused ---------------------------------------------------------------------


def test_formula_without_cached_value_is_refused_naming_the_cell() -> None:
    book = openpyxl.Workbook()
    book.active.title = "実績"
    book.active["B2"] = "=1+1"
    error = refusal(openpyxl_bytes(book))
    assert codes(error) == [("実績!B2", "workbook.formula_without_value")]
    assert str(error).startswith("in.xlsx: 実績!B2: ")


def test_error_values_are_refused_naming_the_cell() -> None:
    data = raw_xlsx('<row r="3"><c r="D3" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>')
    error = refusal(data)
    assert codes(error) == [("実績!D3", "workbook.error_value")]
    assert "#DIV/0!" in str(error)


def test_merged_cells_are_refused_naming_the_range() -> None:
    book = openpyxl.Workbook()
    book.active.title = "実績"
    book.active["B3"] = 1
    book.active.merge_cells("B3:C3")
    assert codes(refusal(openpyxl_bytes(book))) == [("実績!B3:C3", "workbook.merged_cells")]


def test_missing_sheet_names_the_sheets_present() -> None:
    error = refusal(raw_xlsx(""), sheet="入力")
    assert codes(error) == [("", "workbook.sheet_missing")]
    assert "入力" in str(error)
    assert "実績" in str(error)


def test_sheet_names_with_spaces_are_quoted_in_locations() -> None:
    data = raw_xlsx('<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>', sheet_name="My sheet")
    assert codes(refusal(data, "My sheet")) == [("'My sheet'!A1", "workbook.error_value")]


def test_a_sheet_spanning_too_many_cells_is_refused() -> None:
    data = raw_xlsx('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    assert codes(refusal(data)) == [("実績!XFD1048576", "workbook.sheet_too_large")]


# --- files refused ---------------------------------------------------------------------


def test_text_and_csv_are_refused() -> None:
    assert codes(refusal("KPI,値\n1,2\n".encode(), None)) == [("", "workbook.text_file")]


def test_random_bytes_and_empty_files_are_refused() -> None:
    assert codes(refusal(b"\x00\x01\x02garbage", None)) == [("", "workbook.not_a_workbook")]
    assert codes(refusal(b"", None)) == [("", "workbook.not_a_workbook")]


def test_truncated_zip_is_corrupt() -> None:
    data = raw_xlsx("")
    assert codes(refusal(data[: len(data) // 2], None)) == [("", "workbook.corrupt")]


def test_a_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert codes(refusal(buffer.getvalue(), None)) == [("", "workbook.not_a_workbook")]


def _compound_file(stream_name: str) -> bytes:
    # Enough of a CFB file for the sniffing: the magic, then a directory entry's UTF-16 name.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + stream_name.encode("utf-16-le") + b"\x00" * 512


def test_password_protected_workbook_is_told_apart_from_old_xls() -> None:
    encrypted = refusal(_compound_file("EncryptionInfo"), None)
    assert codes(encrypted) == [("", "workbook.encrypted")]
    old = refusal(_compound_file("Workbook"), None)
    assert codes(old) == [("", "workbook.old_format")]
    assert ".xlsx" in str(old)


def test_zip_bomb_by_declared_size() -> None:
    size = MAX_WORKBOOK_UNCOMPRESSED_BYTES + 1
    data = raw_xlsx("", extra={"xl/media/big.bin": b"\x00" * size})
    assert codes(refusal(data, None)) == [("", "workbook.too_large")]


def test_zip_bomb_by_compression_ratio() -> None:
    data = raw_xlsx("", extra={"xl/media/zeros.bin": b"\x00" * 5_000_000})
    assert codes(refusal(data, None)) == [("", "workbook.zip_bomb")]


def test_zip_bomb_by_bytes_read_despite_lying_sizes() -> None:
    # A sheet whose declared size is small but whose data decompresses past the cap.
    filler = "<row/>" * ((MAX_WORKBOOK_UNCOMPRESSED_BYTES // 6) + 10)
    data = bytearray(raw_xlsx(filler))
    declared = len(filler) + len(f'<worksheet xmlns="{MAIN}"><sheetData></sheetData></worksheet>')
    small = (1000).to_bytes(4, "little")
    real = declared.to_bytes(4, "little")
    # Patch the sizes in the local header and the central directory.
    data[:] = data.replace(real, small)
    error = refusal(bytes(data))
    assert error.problems[0].code in {"workbook.too_large", "workbook.corrupt"}


def test_too_many_members() -> None:
    extra = {f"xl/media/{n}.bin": b"" for n in range(MAX_WORKBOOK_MEMBERS)}
    assert codes(refusal(raw_xlsx("", extra=extra), None)) == [("", "workbook.too_many_parts")]


def test_billion_laughs_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        f'<sst xmlns="{MAIN}"><si><t>&lol2;</t></si></sst>'
    )
    data = raw_xlsx("", extra={"xl/sharedStrings.xml": bomb.encode()})
    error = refusal(data, None)
    assert codes(error) == [("", "workbook.unsafe_xml")]
    assert "xl/sharedStrings.xml" in str(error)


def test_read_workbook_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PlanError) as caught:
        read_workbook(tmp_path / "none.xlsx")
    assert codes(caught.value) == [("", "workbook.cannot_read")]


def test_messages_in_english() -> None:
    with pytest.raises(PlanError) as caught:
        open_workbook(b"a,b\n", "in.csv", locale="en")
    assert "save it as .xlsx" in str(caught.value)


def test_every_workbook_code_has_english_and_japanese() -> None:
    for code, templates in MESSAGES.items():
        assert set(templates) == {"en", "ja"}, code


# --- numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "note"),
    [
        ("123", Decimal(123), None),
        ("-4.5", Decimal("-4.5"), None),
        ("１２，３４５", Decimal(12345), "note.full_width_number"),
        ("１２、３４５。５", Decimal("12345.5"), "note.full_width_number"),
        ("－３", Decimal(-3), "note.full_width_number"),
        ("1,234.5", Decimal("1234.5"), "note.number_text"),
        (" 42 ", Decimal(42), "note.number_text"),
        ("\u300042\u3000", Decimal(42), "note.number_text"),
    ],
)
def test_number_text(text: str, number: Decimal, note: str | None) -> None:
    read, problem = cell_number(cell(text))
    assert read == number
    assert str(read) == str(number)
    assert (problem.code if problem else None) == note
    if problem:
        assert problem.location == "実績!D14"


@pytest.mark.parametrize("text", ["1,5", "12,34", "1.2.3", "abc", "1e5", "NaN", "", "１２ ３"])
def test_ambiguous_or_other_text_is_not_a_number(text: str) -> None:
    read, problem = cell_number(cell(text))
    assert read is None
    assert problem is not None
    assert (problem.code, problem.location) == ("value.not_a_number", "実績!D14")


def test_number_of_other_values() -> None:
    assert cell_number(cell(None)) == (None, None)
    assert cell_number(cell(Decimal("1.5"))) == (Decimal("1.5"), None)
    _, problem = cell_number(cell(datetime.datetime(2025, 4, 1)))
    assert problem is not None
    assert problem.code == "value.is_a_date"
    _, problem = cell_number(cell(True))
    assert problem is not None
    assert problem.code == "value.not_a_number"


def test_integer() -> None:
    assert cell_integer(cell(Decimal(3))) == (3, None)
    _, problem = cell_integer(cell(Decimal("3.5")))
    assert problem is not None
    assert problem.code == "value.not_a_whole_number"


def test_text() -> None:
    assert cell_text(cell("  備考 ")) == "備考"
    assert cell_text(cell("   ")) is None
    assert cell_text(cell(Decimal("1234.5"))) == "1234.5"
    assert cell_text(cell(datetime.datetime(2025, 4, 1))) == "2025-04-01"


_FULL_WIDTH = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)} | {"-": "－", ".": "．"})


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=3, max_value=10**9, min_value=-(10**9)
    )
)
def test_full_width_reads_as_ascii(number: Decimal) -> None:
    ascii_text = format(number, "f")
    full, note = cell_number(cell(ascii_text.translate(_FULL_WIDTH)))
    plain, _ = cell_number(cell(ascii_text))
    assert full == plain == number
    if ascii_text.translate(_FULL_WIDTH) != ascii_text:
        assert note is not None
        assert note.code == "note.full_width_number"


_EXACT = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12)


@given(_EXACT.filter(lambda d: len(d.as_tuple().digits) <= 15))
def test_any_stored_number_text_reads_exactly(number: Decimal) -> None:
    text = str(number)
    data = raw_xlsx(f'<row r="1"><c r="A1"><v>{text}</v></c></row>')
    assert values(data) == [[number]]
    assert str(values(data)[0][0]) == text


@given(_EXACT.filter(lambda d: len(d.as_tuple().digits) <= 15))
def test_xlsxwriter_numbers_of_15_digits_read_back_equal(number: Decimal) -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("実績").write_number(0, 0, float(number))
    book.close()
    assert values(buffer.getvalue()) == [[number]]


# --- fiscal years ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "year", "note"),
    [
        (Decimal(2023), 2023, None),
        ("2023", 2023, None),
        ("２０２３", 2023, "note.fiscal_year_text"),
        ("2023年度", 2023, "note.fiscal_year_text"),
        ("FY2023", 2023, "note.fiscal_year_text"),
        ("fy2023", 2023, "note.fiscal_year_text"),
        ("令和5年度", 2023, "note.era_year"),
        ("令和５年度", 2023, "note.era_year"),
        ("令和元年度", 2019, "note.era_year"),
        ("平成31年度", 2019, "note.era_year"),
        ("R5", 2023, "note.era_year"),
        ("Ｒ５", 2023, "note.era_year"),
        ("R5年度", 2023, "note.era_year"),
        ("H30", 2018, "note.era_year"),
    ],
)
def test_fiscal_years(value: object, year: int, note: str | None) -> None:
    read, problem = cell_fiscal_year(cell(value))
    assert read == year
    assert (problem.code if problem else None) == note


@pytest.mark.parametrize(
    "value", ["5", "令和5年", "平成40年度", "2023.5", Decimal("2023.5"), True, "R", "1800"]
)
def test_not_fiscal_years(value: object) -> None:
    read, problem = cell_fiscal_year(cell(value))
    assert read is None
    assert problem is not None
    assert (problem.code, problem.location) == ("year.not_a_year", "実績!D14")


def test_a_date_is_not_a_fiscal_year() -> None:
    _, problem = cell_fiscal_year(cell(datetime.datetime(2023, 4, 1)))
    assert problem is not None
    assert (problem.code, problem.location) == ("year.is_a_date", "実績!D14")


def test_a_plans_own_era() -> None:
    era = Era(name="新元", letter="X", start=datetime.date(2040, 5, 1))
    from planeval.periods import era_table

    assert cell_fiscal_year(cell("新元2年度"), era_table([era]))[0] == 2041
    assert cell_fiscal_year(cell("新元2年度"))[0] is None
