"""Entry workbooks read back: which plan and year they were written for, and their rows.

``planeval entry`` writes a workbook in which staff enter one fiscal year's
figures (:mod:`planeval.entry_writer`); ``planeval update`` reads it back
here, through :mod:`planeval.io.workbook_cells`. The workbook says what it
is in a very hidden sheet, :data:`ID_SHEET`: one key and value a row
(:func:`identity_rows`) naming the plan (its title and :func:`plan_fingerprint`),
the fiscal year, and where the entry sheet's KPI rows and columns are. That
sheet also holds the lists the drop-downs offer, from column
:data:`LISTS_COLUMN`.

What the cells mean (a number, a reason, a status) is read by
:mod:`planeval.yearly`, which knows the plan; this module hands over the
cells.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

import attrs

from planeval.errors import PlanError, Problem
from planeval.io.cell_values import Cell, cell_integer, cell_location, cell_text
from planeval.io.workbook_cells import Sheet, Workbook
from planeval.model import Plan

__all__ = [
    "ENTRY_KIND",
    "ENTRY_VERSION",
    "ID_SHEET",
    "LISTS_COLUMN",
    "EntryIdentity",
    "EntryLayout",
    "EntryRow",
    "EntrySheet",
    "identity_rows",
    "plan_fingerprint",
    "read_entry_sheet",
]

#: The name of the very hidden sheet that identifies an entry workbook.
ID_SHEET = "planeval"
#: What the identification sheet's first row says.
ENTRY_KIND = "planeval entry workbook"
#: The layout version of entry workbooks this planeval writes and reads.
ENTRY_VERSION = 1
#: The first column (1-based) of the identification sheet holding drop-down lists.
LISTS_COLUMN = 4


def plan_fingerprint(plan: Plan) -> str:
    """A short hash of what identifies ``plan``: municipality, code, title and period.

    Figures, KPIs and reviews change from year to year and do not enter it.
    """
    identity = [
        plan.municipality,
        plan.municipality_code or "",
        plan.title,
        plan.period.first,
        plan.period.last,
    ]
    text = json.dumps(identity, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@attrs.frozen(kw_only=True)
class EntryLayout:
    """Where an entry sheet's KPI rows and columns are (rows and columns 1-based)."""

    sheet: str
    first_row: int
    number_column: int
    value_column: int
    reason_column: int
    note_column: int


@attrs.frozen(kw_only=True)
class EntryIdentity:
    """The plan and the fiscal year an entry workbook was written for, and its layout."""

    plan_title: str
    municipality: str
    fingerprint: str
    year: int
    layout: EntryLayout


def identity_rows(identity: EntryIdentity) -> tuple[tuple[str, str | int], ...]:
    """The identification sheet's rows (key, value), as the writer writes them."""
    layout = identity.layout
    return (
        ("kind", ENTRY_KIND),
        ("version", ENTRY_VERSION),
        ("plan", identity.plan_title),
        ("municipality", identity.municipality),
        ("fingerprint", identity.fingerprint),
        ("year", identity.year),
        ("sheet", layout.sheet),
        ("first_row", layout.first_row),
        ("number_column", layout.number_column),
        ("value_column", layout.value_column),
        ("reason_column", layout.reason_column),
        ("note_column", layout.note_column),
    )


@attrs.frozen(kw_only=True)
class EntryRow:
    """One KPI's row of an entry sheet: its number, and the cells staff fill in."""

    kpi: int
    number: Cell
    value: Cell
    reason: Cell
    note: Cell


@attrs.frozen(kw_only=True)
class EntrySheet:
    """An entry workbook read back: the file, what it was written for, its KPI rows."""

    source: str
    identity: EntryIdentity
    rows: tuple[EntryRow, ...]


def _not_an_entry_workbook(workbook: Workbook, locale: str, location: str = "") -> PlanError:
    problem = Problem(location=location, code="entry_sheet.not_an_entry_workbook", locale=locale)
    return PlanError([problem], source=workbook.source)


def _fields(sheet: Sheet) -> dict[str, Cell]:
    fields = {}
    for row in sheet.rows():
        key = cell_text(row[0]) if row else None
        if key is not None and len(row) > 1:
            fields[key] = row[1]
    return fields


def _identity(workbook: Workbook, locale: str) -> EntryIdentity:
    if ID_SHEET not in workbook.sheet_names:
        raise _not_an_entry_workbook(workbook, locale)
    fields = _fields(workbook.sheet(ID_SHEET))

    def text(key: str) -> str:
        found = cell_text(fields[key]) if key in fields else None
        if found is None:
            raise _not_an_entry_workbook(workbook, locale, cell_location(ID_SHEET, key))
        return found

    def whole(key: str) -> int:
        number, _ = cell_integer(fields[key]) if key in fields else (None, None)
        if number is None or number < 1:
            raise _not_an_entry_workbook(workbook, locale, cell_location(ID_SHEET, key))
        return number

    if text("kind") != ENTRY_KIND or whole("version") != ENTRY_VERSION:
        raise _not_an_entry_workbook(workbook, locale)
    layout = EntryLayout(
        sheet=text("sheet"),
        first_row=whole("first_row"),
        number_column=whole("number_column"),
        value_column=whole("value_column"),
        reason_column=whole("reason_column"),
        note_column=whole("note_column"),
    )
    return EntryIdentity(
        plan_title=text("plan"),
        municipality=text("municipality"),
        fingerprint=text("fingerprint"),
        year=whole("year"),
        layout=layout,
    )


def _cell(row: tuple[Cell, ...], column: int, sheet: str, number: int) -> Cell:
    if column <= len(row):
        return row[column - 1]
    return Cell(sheet=sheet, row=number, column=column, value=None)


def _rows(sheet: Sheet, layout: EntryLayout, locale: str) -> Iterator[EntryRow | Problem]:
    for row in sheet.rows()[layout.first_row - 1 :]:
        number_cell = _cell(row, layout.number_column, sheet.name, row[0].row)
        kpi, problem = cell_integer(number_cell, locale=locale)
        if problem is not None and kpi is None:
            yield problem
        if kpi is None:
            continue
        yield EntryRow(
            kpi=kpi,
            number=number_cell,
            value=_cell(row, layout.value_column, sheet.name, row[0].row),
            reason=_cell(row, layout.reason_column, sheet.name, row[0].row),
            note=_cell(row, layout.note_column, sheet.name, row[0].row),
        )


def read_entry_sheet(workbook: Workbook, *, locale: str = "ja") -> EntrySheet:
    """The entry workbook ``workbook`` read back: what it is for, and its KPI rows.

    Raises :class:`~planeval.errors.PlanError` naming the file for a
    workbook that is not an entry workbook (``entry_sheet.not_an_entry_workbook``),
    a KPI number that is not a whole number, or a KPI listed twice.
    """
    identity = _identity(workbook, locale)
    rows: list[EntryRow] = []
    problems: list[Problem] = []
    seen: dict[int, str] = {}
    for item in _rows(workbook.sheet(identity.layout.sheet), identity.layout, locale):
        if isinstance(item, Problem):
            problems.append(item)
        elif item.kpi in seen:
            problems.append(
                Problem(
                    location=item.number.location,
                    code="entry_sheet.kpi_twice",
                    params={"kpi": item.kpi, "first": seen[item.kpi]},
                    locale=locale,
                )
            )
        else:
            seen[item.kpi] = item.number.location
            rows.append(item)
    if problems:
        raise PlanError(problems, source=workbook.source)
    return EntrySheet(source=workbook.source, identity=identity, rows=tuple(rows))
