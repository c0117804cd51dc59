"""An untrusted workbook (.xlsx) read safely and exactly, as sheets of cells.

:func:`open_workbook` checks the file (:mod:`planeval.io.workbook_zip`) and
reads its sheet names, shared strings and number formats;
:meth:`Workbook.sheet` reads one sheet's XML into a grid of :class:`Cell`.
openpyxl reads numbers as floats and, in read-only mode, hides merged cells,
so the sheet XML is read here, with ``defusedxml``; openpyxl's helpers tell
date formats and column letters.

A cell's value is what the file stores, exactly:

- a number is the :class:`~decimal.Decimal` of its stored text (``<v>``),
  rounded to the 15 significant digits a spreadsheet keeps when the text has
  more (``0.30000000000000004`` is 0.3);
- a number whose format is a date or time (the cell's style, including
  the Japanese era formats) is a :class:`~datetime.datetime`;
- text (shared or inline, without its phonetic guide) is a ``str``, and
  text that is empty is None; a boolean is a ``bool``;
- a formula's value is its cached value: a formula the file holds no value
  for is refused, never computed.

Refused with :class:`~planeval.errors.PlanError`, each problem naming the
cell or range: an error value (``#DIV/0!``), a formula without a cached
value, merged cells, a sheet spanning more than
:data:`~planeval.limits.MAX_WORKBOOK_SHEET_CELLS` cells.

The values are read into numbers, text and fiscal years by the functions of
:mod:`planeval.io.cell_values`, re-exported here.
"""

from __future__ import annotations

import datetime
import os
import re
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from typing import Any

import attrs
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.escape import unescape

from planeval.errors import PlanError, Problem
from planeval.io.cell_values import (
    Cell,
    CellValue,
    cell_fiscal_year,
    cell_integer,
    cell_location,
    cell_number,
    cell_text,
    without_trailing_zeros,
)
from planeval.io.workbook_zip import Package, attribute, local_name, open_package
from planeval.limits import (
    EXACT,
    MAX_PROBLEMS,
    MAX_SIGNIFICANT_DIGITS,
    MAX_WORKBOOK_BYTES,
    MAX_WORKBOOK_SHEET_CELLS,
)

__all__ = [
    "Cell",
    "CellValue",
    "Sheet",
    "Workbook",
    "cell_fiscal_year",
    "cell_integer",
    "cell_location",
    "cell_number",
    "cell_text",
    "open_workbook",
    "read_workbook",
]

#: Built-in number formats that are dates in a Japanese (or Chinese, Korean)
#: Excel, which openpyxl's table of built-in formats leaves out.
_EAST_ASIAN_DATE_FORMATS = frozenset((*range(27, 37), *range(50, 59)))
_REFERENCE = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_MAX_ROW = 1_048_576
_MAX_COLUMN = 16_384
_SPREADSHEET = Context(prec=MAX_SIGNIFICANT_DIGITS, rounding=ROUND_HALF_EVEN)


@attrs.frozen
class Sheet:
    """One sheet of a workbook, read: its name and its grid of cells."""

    name: str
    _grid: tuple[tuple[Cell, ...], ...] = attrs.field(alias="grid")

    def rows(self) -> tuple[tuple[Cell, ...], ...]:
        """Rows 1 to the last row holding a value, each as long as the longest (empty: None)."""
        return self._grid


@attrs.frozen
class _Styles:
    """How cell styles (``s``, an index into ``cellXfs``) format numbers.

    ``dates`` are the styles that format a number as a date; ``decimals``
    how many decimals those with a fixed number of them (``0.00``) show.
    """

    dates: frozenset[int]
    decimals: dict[int, int] = attrs.field(factory=dict)


# Literal text in a number format ("社", \人) and the decimals of its first section.
_FORMAT_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_FIXED_DECIMALS = re.compile(r"[0#,]*0\.(0+)(?![0#])")


def _fixed_decimals(code: str) -> int | None:
    """The decimals a number format always shows (``#,##0.00"円"`` → 2), or None.

    A percentage or a scientific format shows other digits than the value's,
    so it tells nothing.
    """
    first = _FORMAT_LITERAL.sub("", code).split(";")[0]
    if "%" in first or "E" in first.upper():
        return None
    found = _FIXED_DECIMALS.search(first)
    return len(found[1]) if found else None


def _number_formats(root: Any) -> dict[int, str]:
    formats = {int(key): str(value) for key, value in BUILTIN_FORMATS.items()}
    for element in root.iter():
        if local_name(element.tag) == "numFmt":
            ident, code = attribute(element, "numFmtId"), attribute(element, "formatCode")
            if ident is not None and ident.isdigit() and code is not None:
                formats[int(ident)] = code
    return formats


def _is_date_id(ident: int, formats: dict[int, str]) -> bool:
    if ident in _EAST_ASIAN_DATE_FORMATS and ident not in formats:
        return True
    return ident in formats and bool(is_date_format(formats[ident]))


def _styles(package: Package, part: str | None) -> _Styles:
    if part is None or not package.has(part):
        return _Styles(frozenset())
    root = package.parse(part)
    formats = _number_formats(root)
    dates = set()
    decimals = {}
    for child in root:
        if local_name(child.tag) != "cellXfs":
            continue
        for index, xf in enumerate(child):
            ident = attribute(xf, "numFmtId") or "0"
            if ident.isdigit() and _is_date_id(int(ident), formats):
                dates.add(index)
            elif ident.isdigit() and (places := _fixed_decimals(formats.get(int(ident), ""))):
                decimals[index] = places
    return _Styles(frozenset(dates), decimals)


def _rich_text(element: Any) -> str:
    """The text of a string item (``si`` or ``is``): its runs, not its phonetic guide."""
    parts = []
    for child in element:
        name = local_name(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if local_name(t.tag) == "t")
    # A character XML cannot hold (a carriage return) is stored as _x000D_, and _ before
    # such a sequence as _x005F_.
    return str(unescape("".join(parts)))


def _shared_strings(package: Package, part: str | None) -> tuple[str, ...]:
    if part is None or not package.has(part):
        return ()
    strings = []
    for event, element in package.iterparse(part):
        if event == "end" and local_name(element.tag) == "si":
            strings.append(_rich_text(element))
            element.clear()
    return tuple(strings)


def _stored_number(text: str) -> Decimal:
    """A number's stored text as a Decimal, rounded to 15 significant digits if longer."""
    number = Decimal(text)
    if not number.is_finite():
        raise InvalidOperation(text)
    if len(number.as_tuple().digits) <= MAX_SIGNIFICANT_DIGITS:
        return number
    return without_trailing_zeros(_SPREADSHEET.plus(number))


def _serial_date(serial: Decimal, date1904: bool) -> datetime.datetime | Decimal:
    """A date serial number as a datetime (Excel's 1900 leap-year bug kept), or itself."""
    if date1904:
        base = datetime.datetime(1904, 1, 1)
    else:
        base = datetime.datetime(1899, 12, 31 if serial < 60 else 30)
    seconds = int((serial * 86400).to_integral_value(ROUND_HALF_EVEN))
    try:
        return base + datetime.timedelta(seconds=seconds)
    except OverflowError:
        return serial


@attrs.frozen
class _Parts:
    """What reading one sheet needs from the rest of the workbook."""

    strings: tuple[str, ...]
    styles: _Styles
    date1904: bool


@attrs.frozen
class _RawCell:
    """A ``<c>`` element's pieces, before its value is read."""

    kind: str
    style: int
    formula: bool
    stored: str | None
    inline: str | None


def _raw_cell(element: Any) -> _RawCell:
    formula, stored, inline = False, None, None
    for child in element:
        name = local_name(child.tag)
        if name == "f":
            formula = True
        elif name == "v":
            stored = child.text or ""
        elif name == "is":
            inline = _rich_text(child)
    style = attribute(element, "s") or "0"
    return _RawCell(
        kind=attribute(element, "t") or "n",
        style=int(style) if style.isdigit() else 0,
        formula=formula,
        stored=stored,
        inline=inline,
    )


class _CellError(Exception):
    """A cell whose value cannot be read: the problem's code and params."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _typed_value(raw: _RawCell, parts: _Parts) -> CellValue:  # noqa: C901
    if raw.kind == "inlineStr":
        return raw.inline or None
    if not raw.stored and raw.kind != "str":
        # openpyxl writes a formula with an empty <v/>: no value was ever calculated.
        if raw.formula:
            raise _CellError("workbook.formula_without_value")
        return None
    if raw.stored is None:
        return None
    match raw.kind:
        case "s":
            index = int(raw.stored) if raw.stored.isdigit() else -1
            if not 0 <= index < len(parts.strings):
                raise _CellError("workbook.corrupt", reason=f"shared string {raw.stored!r}")
            return parts.strings[index] or None
        case "str":
            return str(unescape(raw.stored)) or None
        case "b":
            return raw.stored.strip() in {"1", "true"}
        case "e":
            raise _CellError("workbook.error_value", error=raw.stored)
        case "d":
            return datetime.datetime.fromisoformat(raw.stored)
    number = _stored_number(raw.stored)
    if raw.style in parts.styles.dates:
        return _serial_date(number, parts.date1904)
    return _shown_decimals(number, parts.styles.decimals.get(raw.style))


def _shown_decimals(number: Decimal, places: int | None) -> Decimal:
    """The number with the trailing zeros its format shows (1.5 in ``0.00`` is 1.50).

    Only zeros are added: a number with more decimals than its format shows
    keeps them all.
    """
    exponent = number.as_tuple().exponent
    if places is None or not isinstance(exponent, int) or -exponent >= places:
        return number
    return number.quantize(Decimal(1).scaleb(-places), context=EXACT)


def _position(element: Any, row: int, previous_column: int) -> tuple[int, int]:
    """A ``<c>``'s row and column: from its ``r``, or the next after the previous cell."""
    reference = attribute(element, "r")
    if reference is None:
        return row, previous_column + 1
    match = _REFERENCE.fullmatch(reference)
    if match is None or int(match[2]) != row:
        raise _CellError("workbook.corrupt", reason=f"cell reference {reference!r}")
    return row, int(column_index_from_string(match[1]))


class _SheetReader:
    """One pass over a sheet's XML: its values by position, and its problems."""

    def __init__(self, package: Package, name: str, parts: _Parts) -> None:
        self.package = package
        self.name = name
        self.parts = parts
        self.values: dict[tuple[int, int], CellValue] = {}
        self.problems: list[Problem] = []
        self.row = 0
        self.column = 0

    def problem(self, reference: str, code: str, params: dict[str, object]) -> None:
        """Note a problem at ``reference`` (a cell or a range) of this sheet."""
        location = cell_location(self.name, reference)
        self.problems.append(
            Problem(location=location, code=code, params=params, locale=self.package.locale)
        )

    def start_row(self, element: Any) -> None:
        """A ``<row>`` begins: its number, from ``r`` or the next after the previous."""
        number = attribute(element, "r")
        self.row = int(number) if number is not None and number.isdigit() else self.row + 1
        self.column = 0

    def end_cell(self, element: Any) -> None:
        """A ``<c>`` ends: read its value, or note why it cannot be read."""
        placed = False  # until then, a problem is named by the cell's own reference
        try:
            self.row, self.column = _position(element, self.row, self.column)
            if not (1 <= self.row <= _MAX_ROW and 1 <= self.column <= _MAX_COLUMN):
                given = attribute(element, "r") or "?"
                raise _CellError("workbook.corrupt", reason=f"cell reference {given!r}")
            placed = True
            value = _typed_value(_raw_cell(element), self.parts)
        except _CellError as error:
            self.problem(self.reference(element, placed), error.code, error.params)
            return
        except (ValueError, ArithmeticError) as error:
            reason: dict[str, object] = {"reason": str(error)}
            self.problem(self.reference(element, placed), "workbook.corrupt", reason)
            return
        if value is not None:
            self.values[(self.row, self.column)] = value
            if len(self.values) > MAX_WORKBOOK_SHEET_CELLS:
                raise self.package.refuse(
                    "workbook.sheet_too_large",
                    cell_location(self.name, self.reference(element, placed)),
                    limit=f"{MAX_WORKBOOK_SHEET_CELLS:,}",
                )

    def reference(self, element: Any, placed: bool) -> str:
        """The cell's reference (B12) once its place is known, else as the sheet gives it."""
        if placed:
            return f"{get_column_letter(self.column)}{self.row}"
        return attribute(element, "r") or "?"

    def read(self, member: str) -> None:
        """Read the sheet part ``member``, stopping once enough problems are noted."""
        for event, element in self.package.iterparse(member):
            name = local_name(element.tag)
            if event == "start":
                if name == "row":
                    self.start_row(element)
                continue
            if name == "c":
                self.end_cell(element)
                element.clear()
            elif name == "mergeCell":
                self.problem(attribute(element, "ref") or "?", "workbook.merged_cells", {})
            elif name == "row":
                element.clear()
            if len(self.problems) > MAX_PROBLEMS:
                return

    def grid(self) -> tuple[tuple[Cell, ...], ...]:
        """The values as rows of cells, from A1 to the last used row and column."""
        last_row = max((row for row, _ in self.values), default=0)
        last_column = max((column for _, column in self.values), default=0)
        if last_row * last_column > MAX_WORKBOOK_SHEET_CELLS:
            corner = cell_location(self.name, f"{get_column_letter(last_column)}{last_row}")
            limit = f"{MAX_WORKBOOK_SHEET_CELLS:,}"
            raise self.package.refuse("workbook.sheet_too_large", corner, limit=limit)
        return tuple(
            tuple(
                Cell(sheet=self.name, row=row, column=column, value=self.values.get((row, column)))
                for column in range(1, last_column + 1)
            )
            for row in range(1, last_row + 1)
        )


class Workbook:
    """An opened workbook: its sheets' names, and each sheet read on demand.

    Made by :func:`open_workbook`. :meth:`sheet` raises
    :class:`~planeval.errors.PlanError` for a sheet that is missing or cannot
    be read exactly.
    """

    def __init__(self, package: Package, sheets: dict[str, str], parts: _Parts) -> None:
        self._package = package
        self._sheets = sheets
        self._parts = parts
        self._read: dict[str, Sheet] = {}
        #: The names of the workbook's sheets, hidden ones included, in order.
        self.sheet_names: tuple[str, ...] = tuple(sheets)

    @property
    def source(self) -> str:
        """The file the workbook was read from, as the caller named it."""
        return self._package.source

    def sheet(self, name: str) -> Sheet:
        """The sheet called ``name``, read; its absence or any unreadable cell is refused."""
        if name not in self._sheets:
            present = ", ".join(self.sheet_names)
            raise self._package.refuse("workbook.sheet_missing", sheet=name, present=present)
        if name not in self._read:
            reader = _SheetReader(self._package, name, self._parts)
            reader.read(self._sheets[name])
            if reader.problems:
                raise PlanError(reader.problems, source=self._package.source)
            self._read[name] = Sheet(name, grid=reader.grid())
        return self._read[name]


def _sheet_parts(package: Package, root: Any, part: str) -> dict[str, str]:
    relationships = package.relationships(part)
    sheets = {}
    for element in root.iter():
        if local_name(element.tag) != "sheet":
            continue
        name, ident = attribute(element, "name"), attribute(element, "id")
        if name is None or ident not in relationships:
            raise package.refuse("workbook.corrupt", reason=f"sheet {name!r} has no part")
        sheets[name] = relationships[str(ident)][1]
    return sheets


def _is_1904(root: Any) -> bool:
    for element in root.iter():
        if local_name(element.tag) == "workbookPr":
            return (attribute(element, "date1904") or "").lower() in {"1", "true"}
    return False


def _part_of_kind(package: Package, part: str, kind: str) -> str | None:
    return next((t for k, t in package.relationships(part).values() if k == kind), None)


def open_workbook(data: bytes, source: str, *, locale: str = "ja") -> Workbook:
    """Open the workbook (.xlsx) in ``data``; ``source`` names the file in problems.

    Raises :class:`~planeval.errors.PlanError`, and nothing else, for
    anything but a readable workbook within the limits; its problems'
    messages are in ``locale``'s language.
    """
    package = open_package(data, source, locale)
    part = package.main_part()
    root = package.parse(part)
    parts = _Parts(
        strings=_shared_strings(package, _part_of_kind(package, part, "sharedStrings")),
        styles=_styles(package, _part_of_kind(package, part, "styles")),
        date1904=_is_1904(root),
    )
    return Workbook(package, _sheet_parts(package, root, part), parts)


def read_workbook(path: str | os.PathLike[str], *, locale: str = "ja") -> Workbook:
    """Open the workbook file at ``path``, reading at most :data:`MAX_WORKBOOK_BYTES` of it."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_WORKBOOK_BYTES + 1)
    except OSError as error:
        problem = Problem(
            location="",
            code="workbook.cannot_read",
            params={"reason": error.strerror or error},
            locale=locale,
        )
        raise PlanError([problem], source=os.fspath(path)) from None
    if len(data) > MAX_WORKBOOK_BYTES:
        problem = Problem(
            location="",
            code="workbook.file_too_large",
            params={"limit": f"{MAX_WORKBOOK_BYTES // 1_000_000:,}"},
            locale=locale,
        )
        raise PlanError([problem], source=os.fspath(path))
    return open_workbook(data, os.fspath(path), locale=locale)
