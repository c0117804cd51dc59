"""Read a plan workbook back into plan data, naming the sheet and cell of every problem.

The workbook is read as untrusted (:mod:`planeval.io.workbook_cells`: within
the size limits, no formula run, numbers from their stored digits). The
sheets and headers are found by their names in either language, so a
workbook written in Japanese reads the same as one in English. Each cell is
read by its column's kind (:class:`~planeval.io.workbook_layout.Kind`);
what people type that is unambiguous — full-width digits, 令和5年度 — is
read with a note. The rows are then put together as plan data
(:class:`~planeval.io.workbook_data.PlanBuilder`), which planeval structures
and checks as it does a JSON plan file's; a problem found there is located
back at its cell.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from openpyxl.utils.cell import get_column_letter

from planeval.errors import PlanError, Problem
from planeval.io import workbook_layout as layout
from planeval.io.cell_values import (
    Cell,
    cell_fiscal_year,
    cell_integer,
    cell_location,
    cell_number,
    cell_text,
)
from planeval.io.json_text import describe
from planeval.io.readers import ReadPlan
from planeval.io.subjects import subject_of
from planeval.io.upgrade import FORMAT_KEY, FORMAT_VERSION
from planeval.io.workbook_cells import Sheet, Workbook, open_workbook
from planeval.io.workbook_data import PlanBuilder, Row, RowError
from planeval.model import Era, FiscalYearNaming
from planeval.periods import era_table

__all__ = ["WorkbookReader", "is_plan_workbook", "read_plan_workbook"]

_SPLIT = re.compile(r"\s*[,、，]\s*")
_EXACT_TEXT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?E[+-][0-9]+")
# A date written 2025-07-03, 2025/7/3 or 2025年7月3日.
_DATE_TEXT = re.compile(r"([0-9]{4})[-/年]([0-9]{1,2})[-/月]([0-9]{1,2})日?")
_NAMINGS = frozenset(naming.value for naming in FiscalYearNaming)
_CODE_SEPARATOR = re.compile(r", ?|、|，")
_TRUE = frozenset({"TRUE", "はい", "YES", "1", "○", "〇", "◯"})
_FALSE = frozenset({"FALSE", "いいえ", "NO", "0", "×"})


_At = tuple[layout.Table, int] | None
_Value = TypeVar("_Value")


class _Reading:
    """One workbook being read: its language, the problems and notes found so far."""

    def __init__(self, book: Workbook, locale: str) -> None:
        self.book = book
        self.locale = locale
        # Each problem and note with the table and row it was found in, if any.
        self.problems: list[tuple[Problem, _At]] = []
        self.notes: list[tuple[Problem, _At]] = []
        self.at: _At = None
        self.eras: Sequence[Era] = era_table()
        self.naming = FiscalYearNaming.START
        self.start_month = 4
        self.columns: dict[layout.Table, dict[str, int]] = {}

    def learn(self, key: str, value: object) -> None:
        """Keep how the plan names its fiscal years, to read years as it does."""
        if key == "fiscal_year_naming" and value in _NAMINGS:
            self.naming = FiscalYearNaming(value)
        elif key == "fiscal_year_start_month" and isinstance(value, int) and 1 <= value <= 12:
            self.start_month = value

    def problem(self, location: str, code: str, **params: object) -> None:
        problem = Problem(location=location, code=code, params=params, locale=self.locale)
        self.problems.append((problem, self.at))

    def take(self, value: _Value, note: Problem | None) -> _Value:
        """Keep a cell's note or error; return its value (None after an error)."""
        if note is not None:
            found = self.notes if note.code.startswith("note.") else self.problems
            found.append((note, self.at))
        return value

    def sheet(self, table: layout.Table) -> Sheet:
        return self.book.sheet(layout.header(table, self.locale))

    def value(self, cell: Cell, column: layout.Column) -> Any:
        """The cell's value as plan data, by its column's kind; spaces alone are a blank."""
        if isinstance(cell.value, str) and not cell.value.strip():
            return None
        return _READERS[column.kind](self, cell)

    def rows(self, table: layout.Table) -> Iterator[tuple[int, Row]]:
        """The table's rows as values by key, blank rows skipped; headers are checked first."""
        grid = self.sheet(table).rows()
        columns = self._headers(table, grid[0] if grid else ())
        self.columns[table] = {key: cell.column for key, cell in columns.items()}
        for cells in grid[1:]:
            if all(cell_text(cell) is None for cell in cells):
                continue
            row: Row = {}
            self.at = (table, cells[0].row)
            for key, header_cell in columns.items():
                column = _column(table, key)
                cell = cells[header_cell.column - 1]
                if not column.reference:
                    value = self.value(cell, column)
                    if value is not None:
                        row[key] = value
            self.at = None
            yield cells[0].row, row

    def _headers(self, table: layout.Table, header_row: Sequence[Cell]) -> dict[str, Cell]:
        by_name = {name: column for column in table.columns for name in (column.en, column.ja)}
        found: dict[str, Cell] = {}
        for cell in header_row:
            text = cell_text(cell)
            if text is None:
                continue
            column = by_name.get(text)
            if column is None:
                self.problem(cell.location, "workbook.unknown_header", header=text)
            elif column.key in found:
                self.problem(cell.location, "workbook.header_twice", header=text)
            else:
                found[column.key] = cell
        for column in table.columns:
            if column.key not in found and not column.reference:
                name = layout.header(table, self.locale)
                self.problem(
                    cell_location(name, "A1"),
                    "workbook.header_missing",
                    header=layout.header(column, self.locale),
                )
        return found


def _column(table: layout.Table, key: str) -> layout.Column:
    return next(column for column in table.columns if column.key == key)


def _text(reading: _Reading, cell: Cell) -> str | None:
    value = cell.value
    if isinstance(value, str):
        return value if value.strip() else None
    return cell_text(cell)


def _number(reading: _Reading, cell: Cell) -> Decimal | None:
    # The writer keeps a number the spreadsheet cannot hold as its exact text, 1.5E+99.
    if isinstance(cell.value, str) and _EXACT_TEXT.fullmatch(cell.value):
        return Decimal(cell.value)
    return reading.take(*cell_number(cell, locale=reading.locale))


def _integer(reading: _Reading, cell: Cell) -> int | None:
    return reading.take(*cell_integer(cell, locale=reading.locale))


def _year(reading: _Reading, cell: Cell) -> int | None:
    found = cell_fiscal_year(
        cell,
        reading.eras,
        naming=reading.naming,
        start_month=reading.start_month,
        locale=reading.locale,
    )
    return reading.take(*found)


def _flag(reading: _Reading, cell: Cell) -> bool | None:
    if cell.value is None or isinstance(cell.value, bool):
        return cell.value
    text = unicodedata.normalize("NFKC", cell_text(cell) or "").upper()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    reading.problem(cell.location, "value.not_a_flag", given=cell_text(cell))
    return None


def _date(reading: _Reading, cell: Cell) -> str | None:
    if isinstance(cell.value, datetime.datetime):
        return cell.value.date().isoformat()
    text = cell_text(cell)
    if text is None:
        return None
    found = _DATE_TEXT.fullmatch(unicodedata.normalize("NFKC", text).replace(" ", ""))
    try:
        day = datetime.date(*(int(part) for part in found.groups())) if found else None
    except ValueError:
        day = None
    if day is None:
        reading.problem(cell.location, "value.not_a_date", given=describe(text))
        return None
    if text != day.isoformat():
        note = Problem(
            location=cell.location,
            code="note.date_text",
            params={"given": text, "read": day.isoformat()},
            locale=reading.locale,
        )
        reading.take(None, note)
    return day.isoformat()


def _month(reading: _Reading, cell: Cell) -> str | None:
    # A spreadsheet may turn the text 2018-01 into the date 2018-01-01.
    if isinstance(cell.value, datetime.datetime):
        return f"{cell.value.year:04d}-{cell.value.month:02d}"
    return _text(reading, cell)


def _numbers(reading: _Reading, cell: Cell) -> list[int] | None:
    if isinstance(cell.value, Decimal):
        number = _integer(reading, cell)
        return None if number is None else [number]
    text = cell_text(cell)
    if text is None:
        return None
    parts = _SPLIT.split(unicodedata.normalize("NFKC", text))
    if not all(part.isdigit() for part in parts):
        reading.problem(cell.location, "value.not_numbers", given=text)
        return None
    return [int(part) for part in parts]


def _codes(reading: _Reading, cell: Cell) -> list[str] | None:
    # Codes are kept as written, spaces too: only the separator goes. A code
    # holding a comma is written one a line.
    text = _text(reading, cell)
    if text is None:
        return None
    if "\n" not in text:
        return _CODE_SEPARATOR.split(text)
    return text.removesuffix("\n").split("\n")


_READERS: dict[layout.Kind, Callable[[_Reading, Cell], Any]] = {
    layout.Kind.TEXT: _text,
    layout.Kind.CHOICE: _text,
    layout.Kind.MONTH: _month,
    layout.Kind.NUMBER: _number,
    layout.Kind.INTEGER: _integer,
    layout.Kind.YEAR: _year,
    layout.Kind.FLAG: _flag,
    layout.Kind.DATE: _date,
    layout.Kind.NUMBERS: _numbers,
    layout.Kind.CODES: _codes,
}


def _plan_sheet_language(book: Workbook) -> str | None:
    """The language of the workbook's plan sheet, told by its name; None when it has none."""
    for locale in ("ja", "en"):
        if layout.header(layout.PLAN_TABLE, locale) in book.sheet_names:
            return locale
    return None


def is_plan_workbook(data: bytes, source: str) -> bool:
    """Whether the workbook in ``data`` is a plan workbook: it has a plan sheet (計画 or Plan).

    An entry sheet or a report written by planeval has none. Only the
    workbook's list of sheets is read. Raises :class:`PlanError` for a
    file that is not a readable workbook.
    """
    return _plan_sheet_language(open_workbook(data, source)) is not None


def _language(book: Workbook) -> str:
    """The workbook's language, told by its plan sheet's name; refused when it has none."""
    language = _plan_sheet_language(book)
    if language is not None:
        return language
    raise PlanError(
        [
            Problem(
                location="",
                code="workbook.not_a_plan_workbook",
                params={"sheet": layout.PLAN_TABLE.ja, "present": ", ".join(book.sheet_names)},
            )
        ]
    )


def _plan_fields(reading: _Reading) -> tuple[Row, dict[str, int]]:
    """The plan sheet's fields, one per row: a field's name in column A, its value in B.

    The fields that say how years are named are read first, so that the
    plan's own years are read as the plan names them.
    """
    by_name = {
        name: column for column in layout.PLAN_TABLE.columns for name in (column.en, column.ja)
    }
    fields: list[tuple[layout.Column, Cell]] = []
    row_numbers: dict[str, int] = {}
    for cells in reading.sheet(layout.PLAN_TABLE).rows()[1:]:
        name = cell_text(cells[0]) if cells else None
        if name is None:
            continue
        column = by_name.get(name)
        if column is None:
            reading.problem(cells[0].location, "workbook.unknown_field", field=name)
        elif column.key in row_numbers:
            reading.problem(cells[0].location, "workbook.field_twice", field=name)
        else:
            row_numbers[column.key] = cells[0].row
            if len(cells) > 1:
                fields.append((column, cells[1]))
    fields.sort(key=lambda field: field[0].kind is layout.Kind.YEAR)
    row: Row = {}
    for column, cell in fields:
        if (value := reading.value(cell, column)) is not None:
            row[column.key] = value
        reading.learn(column.key, value)
    return row, row_numbers


_LISTS = {
    layout.GRADING: "grading",
    layout.NOTES: "notes",
    layout.ERAS: "eras",
}
_KPI_ITEMS = {
    layout.FIGURES: "observations",
    layout.INTERIM_TARGETS: "interim_targets",
    layout.SCOPES: "scopes",
}


def _add(builder: PlanBuilder, table: layout.Table, rows: Iterable[tuple[int, Row]]) -> None:
    if table in _LISTS:
        builder.add_list(_LISTS[table], table, rows)
    elif table in _KPI_ITEMS:
        builder.add_kpi_items(_KPI_ITEMS[table], table, rows)
    else:
        _ADDERS[table](builder, rows)


_ADDERS: dict[layout.Table, Callable[[PlanBuilder, Iterable[tuple[int, Row]]], None]] = {
    layout.LEVELS: PlanBuilder.add_levels,
    layout.STRUCTURE: PlanBuilder.add_structure,
    layout.INDICATORS: PlanBuilder.add_indicators,
    layout.CATEGORIES: PlanBuilder.add_categories,
    layout.REVIEWS: PlanBuilder.add_reviews,
    layout.REVIEW_TEXT: PlanBuilder.add_review_text,
    layout.DETAILS: PlanBuilder.add_details,
    layout.REFERENCE_FIGURES: PlanBuilder.add_reference_figures,
    layout.NEXT_PLAN: PlanBuilder.add_next_plan,
}


def _eras(rows: list[tuple[int, Row]]) -> tuple[Era, ...]:
    """The plan's own eras, as far as they can be read, for reading its years."""
    eras = []
    for _, row in rows:
        try:
            start = datetime.date.fromisoformat(row["start"])
            eras.append(Era(name=row["name"], letter=row["letter"], start=start))
        except (KeyError, TypeError, ValueError):
            continue  # the plan's check names what is wrong with it
    return tuple(eras)


def _build(reading: _Reading) -> PlanBuilder:
    builder = PlanBuilder()
    era_rows = list(reading.rows(layout.ERAS))
    reading.eras = era_table(_eras(era_rows))
    builder.add_plan(*_plan_fields(reading))
    for table in layout.TABLES:
        rows = era_rows if table is layout.ERAS else list(reading.rows(table))
        current = [0]
        try:
            _add(builder, table, _tracked(rows, current))
        except RowError as error:
            column = reading.columns.get(table, {}).get(error.key, 1)
            location = _cell(reading, table, current[0], column)
            if error.code == "workbook.row_goes_on":
                error.params["header"] = layout.header(_column(table, error.key), reading.locale)
            reading.problem(location, error.code, **error.params)
            break  # later tables may stand on the one that failed
    return builder


def _tracked(rows: list[tuple[int, Row]], current: list[int]) -> Iterator[tuple[int, Row]]:
    """The rows, noting in ``current`` the number of the row being built."""
    for number, row in rows:
        current[0] = number
        yield number, row


def _cell(reading: _Reading, table: layout.Table, row: int, column: int) -> str:
    return cell_location(layout.header(table, reading.locale), f"{get_column_letter(column)}{row}")


# The column that holds an item of a list of words, by the list's key.
_WORD_COLUMNS = {"paragraphs": "text", "items": "item"}
_INDEX = re.compile(r"\[\d+\]")
# The column of a problem with a whole row's item: a figure's value, say.
_ITEM_COLUMNS = {layout.FIGURES: "value", layout.REFERENCE_FIGURES: "value"}
_LAST_STEP = re.compile(r"\.?([A-Za-z_]+)\[\d+\]$")


class _Locator:
    """Finds the cell a JSON path of the built plan data came from."""

    def __init__(self, reading: _Reading, builder: PlanBuilder) -> None:
        self.reading = reading
        self.places = builder.places

    def __call__(self, path: str) -> str | None:
        if path not in self.places and (group := self._group(path)) is not None:
            return group
        item = path
        while item and item not in self.places:
            cut = max(item.rfind("."), item.rfind("["))
            item = item[:cut] if cut > 0 else ""
        if not item or item == "$":
            return None
        table, row = self.places[item]
        if table is layout.PLAN_TABLE:
            return _cell(self.reading, table, row, 2)
        return _cell(self.reading, table, row, self._column(table, item, path[len(item) :]))

    def _group(self, path: str) -> str | None:
        """The first row holding a field of a group of fields (the period, the document)."""
        within = [self.places[key] for key in self.places if key.startswith(f"{path}.")]
        if not within:
            return None
        table, row = min(within, key=lambda place: place[1])
        return _cell(self.reading, table, row, 2 if table is layout.PLAN_TABLE else 1)

    def _column(self, table: layout.Table, item: str, rest: str) -> int:
        columns = self.reading.columns.get(table, {})
        # A list in one cell (its KPIs, its statuses) is the cell, whichever item is at fault.
        key = _INDEX.sub("", rest.lstrip("."))
        if not key and (last := _LAST_STEP.search(item)) is not None:
            key = _WORD_COLUMNS.get(last[1], "")
        if not key:
            key = _ITEM_COLUMNS.get(table, "")
        while key and key not in columns:
            # A group of fields (a baseline's period): its first column.
            if within := [columns[name] for name in columns if name.startswith(f"{key}.")]:
                return min(within)
            key = key.rpartition(".")[0]
        return columns.get(key, 1)


def read_plan_workbook(data: bytes, source: str) -> ReadPlan:
    """Read a plan workbook's bytes as plan data, with where each part came from and notes.

    Raises :class:`PlanError` naming the sheet and cell of every problem
    found while reading the cells; the problems the plan's check finds later
    are located through the result's ``locate``.
    """
    book = open_workbook(data, source)
    reading = _Reading(book, _language(book))
    builder = _build(reading)
    if reading.problems:
        raise PlanError(_named(reading.problems, builder))
    # A workbook holds the plan in the current format, whatever planeval wrote it.
    return ReadPlan(
        data={FORMAT_KEY: FORMAT_VERSION, **builder.data},
        locate=_Locator(reading, builder),
        notes=tuple(_named(reading.notes, builder)),
    )


def _named(found: list[tuple[Problem, _At]], builder: PlanBuilder) -> list[Problem]:
    """The problems, each named in words by the item its row became (KPI 4 名前、令和5年度)."""
    items = {place: path for path, place in reversed(builder.places.items())}
    return [
        attrs.evolve(problem, subject=subject_of(builder.data, items[at]))
        if at in items and not problem.subject
        else problem
        for problem, at in found
    ]


class WorkbookReader:
    """planeval's own reader of plan workbooks (.xlsx), as ``planeval workbook`` writes them."""

    name = "xlsx"
    extensions = (".xlsx",)
    description = "a plan workbook (.xlsx), as `planeval workbook` writes it"

    def read(self, data: bytes, source: str) -> ReadPlan:
        """Read the workbook's sheets as plan data; problems name their sheet and cell."""
        return read_plan_workbook(data, source)
