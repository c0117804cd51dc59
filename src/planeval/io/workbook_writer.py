"""Write a plan as a workbook for people: a sheet per part, headed in the plan's language.

The first sheet says how to fill the workbook in; the plan sheet holds one
field per row; every other sheet (:data:`~planeval.io.workbook_layout.TABLES`)
a row per item. Enumerated values and the plan's own categories get a
drop-down list, read from a hidden sheet of choices; figures get a number
format with their KPI's unit; headers are frozen and columns sized.

Numbers are written as numbers where the spreadsheet's binary number holds
every digit (at most 15 significant digits, as Excel keeps); a number with
more digits is written as text, so that no digit is lost on the way back.
The same plan gives the same bytes: the workbook's dates come from the plan.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from planeval.formatting import number_format_literal, row_height
from planeval.io import workbook_layout as layout
from planeval.io.plan_files import unstructure_plan
from planeval.io.workbook_data import Row, plan_row, table_rows
from planeval.model import Plan
from planeval.spreadsheets import new_workbook

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

__all__ = [
    "CHOICES_SHEET",
    "INSTRUCTIONS_SHEET",
    "exact_as_number",
    "exact_number_format",
    "list_text",
    "plan_to_workbook",
]

#: The first sheet's name, by language.
INSTRUCTIONS_SHEET = {"en": "How to fill in", "ja": "記入方法"}
#: The hidden sheet the drop-down lists read their values from, by language.
CHOICES_SHEET = {"en": "Choices", "ja": "選択肢"}
_EXCEL_DIGITS = 15
# Excel's number formats show up to 30 decimals; LibreOffice keeps fewer.
_MOST_DECIMALS = 15

_WORDS = {
    "en": {
        "title": "How to fill in this workbook",
        "lines": (
            "This workbook is a plan file for planeval. Each sheet holds one part of the plan.",
            'Fill in one item per row under the headers. An empty cell means "not given".',
            "Columns with a drop-down list take one of its values.",
            "Years are fiscal years: 2025, FY2025, R7 or 令和7年度 are all read as 2025.",
            "Grey columns are shown for reference and are not read back.",
            "Do not rename the sheets or the headers, and do not merge cells.",
            "Check the workbook with: planeval validate plan.xlsx",
        ),
        "sheet": "Sheet",
        "contents": "What it holds",
        "field": "Field",
        "value": "Value",
    },
    "ja": {
        "title": "このブックの記入方法",
        "lines": (
            "このブックは planeval の計画ファイルです。シートごとに計画の一部を記入します。",
            "見出しの下に、1行に1件ずつ記入します。空欄は「記入なし」として扱います。",
            "選択リストのある列は、リストの中から選んでください。",
            "年度は 2025、R7、令和7年度、FY2025 のいずれでも 2025年度 として読み取ります。",
            "灰色の列は参考のための表示で、読み取りません。",
            "シート名や見出しは変えず、セルを結合しないでください。",
            "記入したら次のコマンドで確認できます：planeval validate plan.xlsx",
        ),
        "sheet": "シート",
        "contents": "記入する内容",
        "field": "項目",
        "value": "値",
    },
}


def exact_as_number(value: Decimal) -> bool:
    """Whether a spreadsheet number (a binary double) gives ``value`` back as it is written.

    At most 15 significant digits, and the text the writer stores for the
    double (16 significant digits, as xlsxwriter writes them) reads back as
    the same number. Its decimals come back from the cell's number format;
    a number written with an exponent (``1E+3``) has no format to say so,
    nor has one with more decimals than a format shows everywhere.
    """
    if not value.is_finite():
        return False
    return (
        len(value.normalize().as_tuple().digits) <= _EXCEL_DIGITS
        and -_MOST_DECIMALS <= int(value.as_tuple().exponent) <= 0
        and Decimal(f"{float(value):.16G}") == value
    )


def exact_number_format(value: Decimal) -> str:
    """The number format that shows every decimal ``value`` has: 1.50 as ``#,##0.00``.

    So a number written as a spreadsheet's double reads back as it was written.
    """
    places = max(0, -int(value.as_tuple().exponent))
    return "#,##0" + ("." + "0" * places if places else "")


def plan_to_workbook(plan: Plan) -> bytes:
    """The plan as an .xlsx workbook's bytes, in the plan's language."""
    stream = io.BytesIO()
    workbook = new_workbook(stream)
    data = unstructure_plan(plan)
    _Book(workbook, data, "en" if plan.locale == "en" else "ja").write()
    workbook.close()
    return stream.getvalue()


class _Book:
    """One workbook being written, with its formats and its sheet of choices."""

    def __init__(self, workbook: Workbook, data: dict[str, Any], locale: str) -> None:
        self.workbook = workbook
        self.data = data
        self.locale = locale
        self.year_format = _year_format(data, locale)
        self.words = _WORDS[locale]
        self.formats: dict[tuple[tuple[str, Any], ...], Format] = {}
        self.cell_formats: dict[tuple[object, ...], Format] = {}
        # The drop-downs' values, written last to a hidden sheet of their own.
        self.choices: list[Sequence[str]] = []

    def format(self, **properties: Any) -> Format:
        """A cell format, made once for each set of properties."""
        key = tuple(sorted(properties.items()))
        if key not in self.formats:
            self.formats[key] = self.workbook.add_format(properties)
        return self.formats[key]

    def write(self) -> None:
        self.workbook.set_properties(
            {"title": str(self.data.get("title", ""))[:255], "created": _created(self.data)}
        )
        self._write_instructions()
        self._write_plan_sheet()
        for table in layout.TABLES:
            self._write_table(table)
        self._write_choices()

    def _write_instructions(self) -> None:
        sheet = self.workbook.add_worksheet(INSTRUCTIONS_SHEET[self.locale])
        _print_setup(sheet)
        sheet.set_column(0, 0, 22)
        sheet.set_column(1, 1, 90)
        sheet.write_string(0, 0, self.words["title"], self.format(bold=True, font_size=14))
        for row, line in enumerate(self.words["lines"], start=2):
            sheet.write_string(row, 0, f"{row - 1}. {line}")
        first = len(self.words["lines"]) + 3
        heading = self.format(bold=True, bg_color="#DDEBF7", border=1)
        sheet.write_string(first, 0, self.words["sheet"], heading)
        sheet.write_string(first, 1, self.words["contents"], heading)
        tables = (layout.PLAN_TABLE, *layout.TABLES)
        for row, table in enumerate(tables, start=first + 1):
            sheet.write_string(row, 0, layout.header(table, self.locale), self.format(border=1))
            help_text = table.help_en if self.locale == "en" else table.help_ja
            sheet.write_string(row, 1, help_text, self.format(border=1, text_wrap=True))

    def _write_plan_sheet(self) -> None:
        table = layout.PLAN_TABLE
        sheet = self.workbook.add_worksheet(layout.header(table, self.locale))
        self._write_headers(sheet, (str(self.words["field"]), str(self.words["value"])), (28, 60))
        values = plan_row(self.data)
        for row, column in enumerate(table.columns, start=1):
            sheet.write_string(
                row,
                0,
                layout.header(column, self.locale),
                self.format(bg_color="#F2F2F2", border=1),
            )
            self._write_value(sheet, row, 1, column, values.get(column.key), "")
            self._add_choices(sheet, (row, 1, row, 1), column)

    def _write_headers(
        self,
        sheet: Worksheet,
        headers: Sequence[str],
        widths: Sequence[int],
        column_formats: Sequence[Format | None] = (),
    ) -> None:
        heading = self.format(bold=True, bg_color="#DDEBF7", border=1, text_wrap=True, valign="top")
        for index, (text, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.write_string(0, index, text, heading)
            sheet.set_column(index, index, width, column_formats[index] if column_formats else None)
        sheet.set_row(0, row_height(zip(headers, widths, strict=True)))
        sheet.freeze_panes(1, 0)
        _print_setup(sheet)

    def _write_table(self, table: layout.Table) -> None:
        sheet = self.workbook.add_worksheet(layout.header(table, self.locale))
        headers = [layout.header(column, self.locale) for column in table.columns]
        # Rows added later keep text as typed: 1-1 stays text, not a date.
        text = self.format(num_format="@")
        formats = [text if column.kind in _TEXT_KINDS else None for column in table.columns]
        self._write_headers(sheet, headers, [column.width for column in table.columns], formats)
        rows = table_rows(table, self.data)
        units = _units(self.data)
        for number, row in enumerate(rows, start=1):
            self._write_row(sheet, number, table, row, units)
        last = max(len(rows), 1) + 200  # room to add rows with the same drop-downs
        for index, column in enumerate(table.columns):
            self._add_choices(sheet, (1, index, last, index), column)

    def _write_row(
        self, sheet: Worksheet, number: int, table: layout.Table, row: Row, units: dict[Any, str]
    ) -> None:
        if _has_units(table):
            unit = units.get(row.get("kpi", row.get("number")), "")
        else:
            unit = row.get("unit", "")
        texts = []
        for index, column in enumerate(table.columns):
            value = row.get(column.key)
            self._write_value(sheet, number, index, column, value, unit)
            if isinstance(value, str) and column.kind is layout.Kind.TEXT:
                texts.append((value, float(column.width)))
        sheet.set_row(number, row_height(texts))

    def _write_value(
        self,
        sheet: Worksheet,
        row: int,
        column_index: int,
        column: layout.Column,
        value: Any,
        unit: str,
    ) -> None:
        written = _CELLS[column.kind](value, unit, self)
        cell_format = self._cell_format(column, written)
        if written.value is None:
            sheet.write_blank(row, column_index, None, cell_format)
        else:
            getattr(sheet, written.method)(row, column_index, written.value, cell_format)

    def _cell_format(self, column: layout.Column, written: _Written) -> Format:
        """The format of a column's cell holding ``written``: made once per column and kind."""
        key = (column.key, column.kind, written.number_format, written.method)
        if key not in self.cell_formats:
            style: dict[str, Any] = {"border": 1, "valign": "top", **written.style}
            if column.reference:
                style["font_color"] = "#808080"
            if column.kind is layout.Kind.TEXT:
                style["text_wrap"] = True
            self.cell_formats[key] = self.format(**style, num_format=written.number_format)
        return self.cell_formats[key]

    def _add_choices(
        self, sheet: Worksheet, cells: tuple[int, int, int, int], column: layout.Column
    ) -> None:
        if column.kind is layout.Kind.FLAG:
            sheet.data_validation(*cells, {"validate": "list", "source": ["TRUE", "FALSE"]})
            return
        if column.choices is None:
            return
        values = column.choices(self.data)
        if not values:
            return
        source = self._choice_range(values)
        sheet.data_validation(
            *cells, {"validate": "list", "source": source, "error_type": "warning"}
        )

    def _choice_range(self, values: Sequence[str]) -> str:
        if values not in self.choices:
            self.choices.append(values)
        letter = _column_letter(self.choices.index(values))
        name = CHOICES_SHEET[self.locale]
        return f"='{name}'!${letter}$1:${letter}${len(values)}"

    def _write_choices(self) -> None:
        if not self.choices:
            return
        sheet = self.workbook.add_worksheet(CHOICES_SHEET[self.locale])
        for column, values in enumerate(self.choices):
            for row, value in enumerate(values):
                sheet.write_string(row, column, value)
        sheet.hide()


def list_text(items: Sequence[object]) -> str:
    """A list in one cell: ``1, 2``; one item a line where an item holds a comma or edge space."""
    texts = [str(item) for item in items]
    plain = all("," not in text and "、" not in text and text == text.strip() for text in texts)
    if plain:
        return ", ".join(texts)
    # A line break after a lone item tells it from a list split at its commas.
    return "\n".join(texts) + ("\n" if len(texts) == 1 else "")


_TEXT_KINDS = frozenset(
    {
        layout.Kind.TEXT,
        layout.Kind.CHOICE,
        layout.Kind.MONTH,
        layout.Kind.NUMBERS,
        layout.Kind.CODES,
    }
)


def _year_format(data: dict[str, Any], locale: str) -> str:
    """How a fiscal year's cell shows it: 2025年度, FY2025, or the bare year it starts in.

    A plan that names a fiscal year by the year it ends in (FY2026 for one
    starting in 2025) gets the bare number: a format cannot add one to it.
    """
    if data.get("fiscal_year_naming", "start") != "start":
        return "0"
    return '"FY"0' if locale == "en" else '0"年度"'


def _print_setup(sheet: Worksheet) -> None:
    """Print a sheet across one page's width, landscape, its header on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


def _has_units(table: layout.Table) -> bool:
    return table in (layout.INDICATORS, layout.FIGURES, layout.INTERIM_TARGETS)


def _units(data: dict[str, Any]) -> dict[Any, str]:
    return {kpi["number"]: kpi.get("unit", "") for kpi in data.get("kpis", ())}


def _column_letter(index: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    letters: str = xl_col_to_name(index)
    return letters


def _created(data: dict[str, Any]) -> datetime.datetime:
    """The workbook's creation date: the plan's, so that the same plan gives the same bytes."""
    document = data.get("document", {})
    day = document.get("as_of") or document.get("meeting", {}).get("date")
    if isinstance(day, str):
        return datetime.datetime.fromisoformat(day)
    return datetime.datetime(int(data.get("period", {}).get("first", 2000)), 4, 1)


@attrs.frozen
class _Written:
    """What goes in a cell: xlsxwriter's method (``write_number`` …), the value, its format.

    A value of None leaves the cell blank, with the format people will type into.
    """

    method: str
    value: Any
    number_format: str = "General"
    style: dict[str, Any] = attrs.field(factory=dict)


def _text_cell(value: Any, unit: str, book: _Book) -> _Written:
    return _Written("write_string", None if value is None else str(value), "@")


def _number_cell(value: Any, unit: str, book: _Book) -> _Written:
    if value is not None and not exact_as_number(value):
        return _Written("write_string", str(value), "@")
    number_format = "#,##0" if value is None else exact_number_format(value)
    number_format += number_format_literal(unit) if unit else ""
    return _Written("write_number", None if value is None else float(value), number_format)


def _integer_cell(value: Any, unit: str, book: _Book) -> _Written:
    return _Written("write_number", value, "0")


def _year_cell(value: Any, unit: str, book: _Book) -> _Written:
    return _Written("write_number", value, book.year_format)


def _flag_cell(value: Any, unit: str, book: _Book) -> _Written:
    # LibreOffice shows a boolean as 1 or 0 unless its format says TRUE or FALSE.
    return _Written("write_boolean", value, '"TRUE";"TRUE";"FALSE"', {"align": "center"})


def _date_cell(value: Any, unit: str, book: _Book) -> _Written:
    day = None if value is None else datetime.datetime.fromisoformat(str(value))
    return _Written("write_datetime", day, "yyyy-mm-dd")


def _list_cell(value: Any, unit: str, book: _Book) -> _Written:
    return _text_cell(None if value is None else list_text(value), unit, book)


_CELLS: dict[layout.Kind, Callable[[Any, str, _Book], _Written]] = {
    layout.Kind.TEXT: _text_cell,
    layout.Kind.CHOICE: _text_cell,
    layout.Kind.MONTH: _text_cell,
    layout.Kind.NUMBER: _number_cell,
    layout.Kind.INTEGER: _integer_cell,
    layout.Kind.YEAR: _year_cell,
    layout.Kind.FLAG: _flag_cell,
    layout.Kind.DATE: _date_cell,
    layout.Kind.NUMBERS: _list_cell,
    layout.Kind.CODES: _list_cell,
}
