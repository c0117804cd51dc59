"""A workbook cell, and its value read as a number, a whole number, text or a fiscal year.

People type numbers as text (``１２，３４５``, ``1,234.5``) and fiscal years
in many ways (``令和5年度``, ``R5``, ``FY2023``, ``2023年度``). Each reader here
takes what is unambiguous and returns, beside the value, a note
(a :class:`~planeval.errors.Problem` whose code starts with ``note.``) the
caller may print, saying how the text was read; what could be read more
than one way is an error (any other code), never a guess. An empty cell
reads as ``(None, None)``.

The rule for notes: a number stored as a number, and text that is already
the plain ASCII form of what is read (``123``, ``-4.5``, ``2023``), read
without a note; anything folded (full-width digits, ideographic commas and
periods, full-width minus) or left out (thousands separators, a plus sign,
surrounding spaces), and every era or ``FY`` form of a year, reads with one.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

import attrs
from openpyxl.utils.cell import get_column_letter

from planeval.errors import Problem
from planeval.io.json_text import describe
from planeval.limits import EXACT, FIRST_YEAR, LAST_YEAR
from planeval.model import Era, FiscalYearNaming
from planeval.periods import ERAS, parse_fiscal_year

__all__ = [
    "Cell",
    "CellValue",
    "cell_fiscal_year",
    "cell_integer",
    "cell_location",
    "cell_number",
    "cell_text",
    "without_trailing_zeros",
]

#: What a cell holds: text, a number, a boolean, a date and time, or nothing.
CellValue = str | Decimal | bool | datetime.datetime | None

_PLAIN_NAME = re.compile(r"[\w.]+")


def cell_location(sheet: str, reference: str) -> str:
    """Where a cell or range is, as a spreadsheet writes it: ``実績!D14``, ``'My sheet'!A1``."""
    if _PLAIN_NAME.fullmatch(sheet):
        return f"{sheet}!{reference}"
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{reference}"


@attrs.frozen(kw_only=True)
class Cell:
    """One cell of a sheet: where it is (1-based row and column) and its value."""

    sheet: str
    row: int
    column: int
    value: CellValue

    @property
    def ref(self) -> str:
        """The cell's reference in its sheet: ``D14``."""
        return f"{get_column_letter(self.column)}{self.row}"

    @property
    def location(self) -> str:
        """The cell's reference with its sheet: ``実績!D14``."""
        return cell_location(self.sheet, self.ref)


def _problem(cell: Cell, code: str, locale: str, **params: object) -> Problem:
    return Problem(location=cell.location, code=code, params=params, locale=locale)


def without_trailing_zeros(number: Decimal) -> Decimal:
    """``number`` without zeros after its last significant fractional digit (1.50 → 1.5)."""
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= 0:
        return number
    normalized = number.normalize(EXACT)
    tail = normalized.as_tuple().exponent
    return normalized.quantize(Decimal(1), context=EXACT) if int(tail) > 0 else normalized


# Full-width digits, signs, commas and periods, and ideographic ones, as ASCII.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
        "，": ",",
        "、": ",",
        "．": ".",
        "。": ".",
        "－": "-",
        "−": "-",
        "﹣": "-",
        "＋": "+",
    }
)
_NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_LONGEST_NUMBER_TEXT = 100


def _number_of_text(cell: Cell, text: str, locale: str) -> tuple[Decimal | None, Problem | None]:
    folded = text.translate(_FOLD)
    plain = folded.strip()
    if len(text) > _LONGEST_NUMBER_TEXT or not _NUMBER_TEXT.fullmatch(plain):
        return None, _problem(cell, "value.not_a_number", locale, given=describe(text))
    number = Decimal(plain.replace(",", "").removeprefix("+"))
    if folded != text:
        return number, _problem(cell, "note.full_width_number", locale, given=text, read=number)
    if text != str(number):
        return number, _problem(cell, "note.number_text", locale, given=text, read=number)
    return number, None


def cell_number(cell: Cell, *, locale: str = "ja") -> tuple[Decimal | None, Problem | None]:
    """The number in ``cell``, and a note on how text was read or the error why it is none.

    A number cell is its exact Decimal; text is read as the module says;
    a date, a boolean or other text is an error (``value.is_a_date``,
    ``value.not_a_number``).
    """
    value = cell.value
    if value is None:
        return None, None
    if isinstance(value, datetime.datetime):
        return None, _problem(cell, "value.is_a_date", locale, given=value.date().isoformat())
    if isinstance(value, bool):
        return None, _problem(cell, "value.not_a_number", locale, given=describe(value))
    if isinstance(value, Decimal):
        return value, None
    return _number_of_text(cell, value, locale)


def cell_integer(cell: Cell, *, locale: str = "ja") -> tuple[int | None, Problem | None]:
    """The whole number in ``cell``, as :func:`cell_number` reads it; a fraction is an error."""
    number, problem = cell_number(cell, locale=locale)
    if number is None:
        return None, problem
    if number != number.to_integral_value():
        return None, _problem(cell, "value.not_a_whole_number", locale, given=number)
    return int(number), problem


def cell_text(cell: Cell) -> str | None:
    """The text in ``cell`` without surrounding spaces, None if it is blank.

    A number reads as its digits (``1234.5``), a boolean as ``TRUE`` or
    ``FALSE``, a date as ``2025-04-01`` (with its time, if it has one).
    """
    value = cell.value
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    return value.strip() or None


_WESTERN_YEAR = re.compile(r"([0-9]{4})(?:年度)?")
_FY_YEAR = re.compile(r"FY[0-9]{4}", re.IGNORECASE)
_LETTER_YEAR = re.compile(r"([A-Za-z])(元|[0-9]{1,2})(?:年度)?")


@attrs.frozen
class _YearReading:
    """How a fiscal year's text is read: the parser's input and the note's code."""

    label: str
    note: str | None


def _year_reading(text: str) -> _YearReading:
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if match := _WESTERN_YEAR.fullmatch(compact):
        return _YearReading(match[1], None if text == match[1] else "note.fiscal_year_text")
    if _FY_YEAR.fullmatch(compact):
        return _YearReading(compact.upper(), "note.fiscal_year_text")
    if match := _LETTER_YEAR.fullmatch(compact):
        number = "1" if match[2] == "元" else match[2]
        return _YearReading(f"{match[1].upper()}{number}", "note.era_year")
    return _YearReading(compact, "note.era_year")


def cell_fiscal_year(
    cell: Cell,
    eras: Sequence[Era] = ERAS,
    *,
    naming: FiscalYearNaming = FiscalYearNaming.START,
    start_month: int = 4,
    locale: str = "ja",
) -> tuple[int | None, Problem | None]:
    """The fiscal year in ``cell``, and a note on how its text was read or the error.

    Reads a whole number (2023) and the text ``2023``, ``2023年度``,
    ``FY2023`` (named as ``naming`` says), ``令和5年度``, ``令和元年度``, ``R5``,
    ``R5年度``, in full-width digits too, with the eras of ``eras`` (a plan's
    :func:`~planeval.periods.era_table`). A date is an error
    (``year.is_a_date``); anything else, such as ``5`` or ``令和5年``, is
    ``year.not_a_year``.
    """
    value = cell.value
    if value is None:
        return None, None
    if isinstance(value, datetime.datetime):
        return None, _problem(cell, "year.is_a_date", locale, given=value.date().isoformat())
    year, note = _year_of(value, eras, naming, start_month)
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        return None, _problem(cell, "year.not_a_year", locale, given=cell_text(cell))
    if note is None:
        return year, None
    return year, _problem(cell, note, locale, given=value, year=year)


def _year_of(
    value: str | Decimal | bool, eras: Sequence[Era], naming: FiscalYearNaming, start_month: int
) -> tuple[int | None, str | None]:
    if isinstance(value, bool):
        return None, None
    if isinstance(value, Decimal):
        whole = value == value.to_integral_value() and abs(value) < 10_000
        return (int(value), None) if whole else (None, None)
    reading = _year_reading(value)
    if reading.label.isdigit():
        return int(reading.label), reading.note
    try:
        found = parse_fiscal_year(reading.label, naming=naming, start_month=start_month, eras=eras)
        return found, reading.note
    except ValueError:
        return None, None
