"""Plan files: JSON in and out through one strict cattrs converter.

Reading never passes a number through ``float``: JSON numbers become
:class:`~decimal.Decimal` (``1.0`` stays ``1.0``) and are written back as they
were read. Nothing is coerced: every key, type and value is checked, and each
problem is reported with its JSON path (``$.kpis[2].target.value: expected a
number, got 'abc'``). Cross-references and ranges are checked afterwards by
:mod:`planeval.validation`.
"""

from __future__ import annotations

import datetime
import enum
import json
import os
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar, get_args

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from planeval._files import write_atomically
from planeval.errors import PlanError, Problem
from planeval.evaluation import KpiEvaluation, PlanEvaluation, evaluate
from planeval.limits import MAX_MAGNITUDE_EXPONENT, MAX_SIGNIFICANT_DIGITS, MAX_TEXT_LENGTH
from planeval.model import (
    DirectionItem,
    FiscalYearPeriod,
    Initiative,
    Issue,
    MonthRange,
    Plan,
    Repeat,
    YearMonth,
)
from planeval.validation import check_plan

__all__ = [
    "EVALUATION_KEY",
    "dump_plan",
    "evaluation_to_data",
    "evaluation_to_json",
    "load_plan",
    "plan_from_json",
    "plan_to_json",
    "structure_plan",
    "unstructure_plan",
]

#: The top-level key of the computed evaluation in an exported plan file.
EVALUATION_KEY = "computed_evaluation"

_T = TypeVar("_T")


class _InvalidValueError(ValueError):
    """A value of the wrong type or out of bounds; the message says which."""


@attrs.frozen
class _NonFinite:
    """Stands for NaN or Infinity in parsed JSON, so it is refused with its path."""

    literal: str


@attrs.frozen
class _Oversized:
    """Stands for an integer too long to read, so that it is refused with its path."""

    digits: int


def _parse_int(text: str) -> int | _Oversized:
    # Python refuses to read integers of more than 4,300 digits; refuse long
    # ones here, with their path, long before that.
    digits = len(text.lstrip("-"))
    return _Oversized(digits) if digits > 4 * MAX_SIGNIFICANT_DIGITS else int(text)


class _JsonObject(dict[str, Any]):
    """A parsed JSON object that remembers keys given more than once."""

    duplicate_keys: tuple[str, ...] = ()


def _object_maker(seen_duplicates: list[bool]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """An ``object_pairs_hook`` that marks objects with a key given twice."""

    def make(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        marked = _JsonObject(result)
        keys: set[str] = set()
        repeated = []
        for key, _ in pairs:
            if key in keys:
                repeated.append(key)
            keys.add(key)
        marked.duplicate_keys = tuple(repeated)
        seen_duplicates.append(True)
        return marked

    return make


def _describe(value: object) -> str:
    """Say what a JSON value is, briefly, for an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _NonFinite):
        return value.literal
    if isinstance(value, _Oversized):
        return f"a number of {value.digits} digits"
    if isinstance(value, int | Decimal):
        text = str(value)
        return text if len(text) <= 40 else text[:37] + "..."
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# -- scalar hooks: strict, never calling the type on the value ---------------


# Control characters (Cc) but tab and newline, lone surrogates (Cs), and the
# non-characters U+FFFE and U+FFFF: none can be stored in XML (Excel, Word).
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _forbidden_character(text: str) -> tuple[int, str] | None:
    found = _FORBIDDEN_CHARACTER.search(text)
    if found is None:
        return None
    return found.start(), f"U+{ord(found.group()):04X}"


def _structure_text(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _InvalidValueError(f"expected text, got {_describe(value)}")
    if not value.strip():
        raise _InvalidValueError("expected text, got an empty string")
    if len(value) > MAX_TEXT_LENGTH:
        raise _InvalidValueError(
            f"text is {len(value)} characters long; at most {MAX_TEXT_LENGTH} are allowed"
        )
    if found := _forbidden_character(value):
        position, code = found
        raise _InvalidValueError(f"character {code} at position {position} is not allowed in text")
    return value


def _too_long(value: object) -> None:
    if isinstance(value, _Oversized):
        raise _InvalidValueError(
            f"a number of {value.digits} digits; at most {MAX_SIGNIFICANT_DIGITS} are allowed"
        )


def _structure_int(value: object, _: type) -> int:
    _too_long(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _InvalidValueError(f"expected a whole number, got {_describe(value)}")
    if len(str(abs(value))) > MAX_SIGNIFICANT_DIGITS:
        raise _InvalidValueError(
            f"{_describe(value)} has more than {MAX_SIGNIFICANT_DIGITS} digits"
        )
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _InvalidValueError(f"expected true or false, got {_describe(value)}")
    return value


def _structure_decimal(value: object, _: type) -> Decimal:
    _too_long(value)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise _InvalidValueError(f"expected a number, got {_describe(value)}")
    number = Decimal(value)
    digits = len(number.as_tuple().digits)
    if digits > MAX_SIGNIFICANT_DIGITS:
        raise _InvalidValueError(
            f"{_describe(value)} has {digits} digits; at most {MAX_SIGNIFICANT_DIGITS} are allowed"
        )
    if number and abs(number.adjusted()) > MAX_MAGNITUDE_EXPONENT:
        raise _InvalidValueError(
            f"{_describe(value)} is out of range: numbers must lie within "
            f"1e-{MAX_MAGNITUDE_EXPONENT} and 1e{MAX_MAGNITUDE_EXPONENT}"
        )
    return number


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_MONTH = re.compile(r"\d{4}-\d{2}")


def _structure_date(value: object, _: type) -> datetime.date:
    from dateutil.parser import isoparse  # only when a plan is read

    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _InvalidValueError(f"expected a date as YYYY-MM-DD, got {_describe(value)}")
    try:
        return isoparse(value).date()
    except ValueError:
        raise _InvalidValueError(f"{value!r} is not a date in the calendar") from None


def _structure_year_month(value: object, _: type) -> YearMonth:
    from dateutil.parser import isoparse  # only when a plan is read

    if not isinstance(value, str) or not _YEAR_MONTH.fullmatch(value):
        raise _InvalidValueError(f"expected a month as YYYY-MM, got {_describe(value)}")
    try:
        parsed = isoparse(value)
    except ValueError:
        raise _InvalidValueError(f"{value!r} is not a month in the calendar") from None
    return YearMonth(year=parsed.year, month=parsed.month)


def _unstructure_year_month(value: YearMonth) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def _enum_hook(enum_type: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    choices = ", ".join(repr(member.value) for member in enum_type)

    def structure(value: object, _: type) -> enum.Enum:
        for member in enum_type:
            if isinstance(value, str) and member.value == value:
                return member
        raise _InvalidValueError(f"expected one of {choices}, got {_describe(value)}")

    return structure


# -- containers ---------------------------------------------------------------


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return getattr(type_, "__origin__", None) is tuple and len(args) == 2 and args[1] is ...


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(
        forbid_extra_keys=True, omit_if_default=True, detailed_validation=True
    )
    converter.register_structure_hook(str, _structure_text)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(datetime.date, _structure_date)
    converter.register_structure_hook(YearMonth, _structure_year_month)
    converter.register_unstructure_hook(Decimal, lambda value: value)
    converter.register_unstructure_hook(datetime.date, lambda value: value.isoformat())
    converter.register_unstructure_hook(YearMonth, _unstructure_year_month)
    converter.register_structure_hook_factory(
        lambda type_: isinstance(type_, type) and issubclass(type_, enum.Enum), _enum_hook
    )

    def tuple_hook(type_: Any) -> Callable[[object, type], tuple[Any, ...]]:
        item_type = get_args(type_)[0]
        structure_item = converter.get_structure_hook(item_type)

        def structure(value: object, _: type) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise _InvalidValueError(f"expected a list, got {_describe(value)}")
            items = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    items.append(structure_item(item, item_type))
                except Exception as error:
                    error.__notes__ = [
                        *getattr(error, "__notes__", []),
                        IterableValidationNote(f"@ index {index}", index, item_type),
                    ]
                    errors.append(error)
            if errors:
                raise IterableValidationError("invalid list items", errors, type_)
            return tuple(items)

        return structure

    converter.register_structure_hook_factory(_is_homogeneous_tuple, tuple_hook)

    def class_hook(cls: type[_T]) -> Callable[[object, type], _T]:
        structure_fields = make_dict_structure_fn(cls, converter)

        def structure(value: object, _: type) -> _T:
            if not isinstance(value, dict):
                raise _InvalidValueError(f"expected an object, got {_describe(value)}")
            return structure_fields(value, cls)

        return structure

    converter.register_structure_hook_factory(attrs.has, class_hook)

    def repeatable(kind: type[_T]) -> Callable[[object, type], _T | Repeat]:
        # An item listed again is an object with the one key ``repeat_of``.
        def structure(value: object, _: type) -> _T | Repeat:
            if isinstance(value, dict) and "repeat_of" in value:
                return converter.structure(value, Repeat)
            return converter.structure(value, kind)

        return structure

    for kind in (Initiative, Issue, DirectionItem):
        converter.register_structure_hook(kind | Repeat, repeatable(kind))

    def structure_period(value: object, _: type) -> FiscalYearPeriod | MonthRange:
        if isinstance(value, dict) and "fiscal_year" in value:
            return converter.structure(value, FiscalYearPeriod)
        if isinstance(value, dict) and ("first" in value or "last" in value):
            return converter.structure(value, MonthRange)
        raise _InvalidValueError(
            'expected a period: {"fiscal_year": YEAR} or '
            f'{{"first": "YYYY-MM", "last": "YYYY-MM"}}, got {_describe(value)}'
        )

    converter.register_structure_hook(FiscalYearPeriod | MonthRange, structure_period)
    return converter


_CONVERTER = _make_converter()
# The same converter, with each Decimal already marked for the JSON writer.
_TEXT_CONVERTER = _CONVERTER.copy()
_TEXT_CONVERTER.register_unstructure_hook(Decimal, lambda value: _mark(value))


# -- errors with paths --------------------------------------------------------


def _problems_of(error: BaseException, path: str) -> Iterator[Problem]:
    if isinstance(error, IterableValidationError):
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            yield from _problems_of(inner, f"{path}[{note.index}]")
        for inner in without:
            yield from _problems_of(inner, path)
    elif isinstance(error, ClassValidationError):
        with_notes_by_name, without_names = error.group_exceptions()
        for inner, attribute_note in with_notes_by_name:
            yield from _problems_of(inner, f"{path}.{attribute_note.name}")
        for inner in without_names:
            yield from _problems_of(inner, path)
    elif isinstance(error, ForbiddenExtraKeysError):
        for key in sorted(error.extra_fields):
            yield Problem(location=f"{path}.{key}", message="unknown key")
    elif isinstance(error, KeyError):
        yield Problem(location=path, message="required key missing")
    elif isinstance(error, _InvalidValueError):
        yield Problem(location=path, message=str(error))
    else:
        yield Problem(location=path, message=f"invalid value ({error})")


def _duplicate_key_problems(value: object, path: str) -> Iterator[Problem]:
    if isinstance(value, dict):
        for key in getattr(value, "duplicate_keys", ()):
            yield Problem(location=f"{path}.{key}", message="key given more than once")
        for key, item in value.items():
            yield from _duplicate_key_problems(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _duplicate_key_problems(item, f"{path}[{index}]")


# -- public API -----------------------------------------------------------------


def structure_plan(data: object) -> Plan:
    """Build a :class:`Plan` from parsed JSON data (numbers as int or Decimal).

    A computed evaluation section (:data:`EVALUATION_KEY`, as the JSON
    exporter writes it) is never trusted: it must equal a fresh evaluation
    of the plan, or the plan is refused. Raises :class:`PlanError` listing
    every problem with its path.
    """
    given_evaluation: object = None
    has_evaluation = isinstance(data, dict) and EVALUATION_KEY in data
    if isinstance(data, dict) and has_evaluation:
        given_evaluation = data[EVALUATION_KEY]
        data = {key: value for key, value in data.items() if key != EVALUATION_KEY}
    try:
        plan = _CONVERTER.structure(data, Plan)
    except Exception as error:  # every failure becomes a located problem
        raise PlanError(_problems_of(error, "$")) from None
    problems = check_plan(plan)
    if not problems and has_evaluation:
        fresh = parse_json(to_json_text(evaluation_to_data(evaluate(plan))))
        problems = list(_evaluation_differences(given_evaluation, fresh, f"$.{EVALUATION_KEY}"))
    if problems:
        raise PlanError(problems)
    return plan


def _evaluation_differences(given: object, fresh: object, path: str) -> Iterator[Problem]:
    """Report the first place where a stored evaluation differs from a fresh one."""
    pairs: list[tuple[str, object, object]] = []
    if isinstance(fresh, dict) and isinstance(given, dict) and given.keys() == fresh.keys():
        pairs = [(f"{path}.{key}", given[key], fresh[key]) for key in fresh]
    elif isinstance(fresh, list) and isinstance(given, list) and len(given) == len(fresh):
        pairs = [
            (f"{path}[{index}]", given_item, fresh_item)
            for index, (given_item, fresh_item) in enumerate(zip(given, fresh, strict=True))
        ]
    elif given == fresh and isinstance(given, bool) == isinstance(fresh, bool):
        return
    else:
        yield Problem(
            location=path,
            message=f"is {_describe(given)}, but the plan's figures give {_describe(fresh)}: "
            "the computed evaluation is never read; remove it or export the plan again",
        )
        return
    for item_path, given_item, fresh_item in pairs:
        first = next(_evaluation_differences(given_item, fresh_item, item_path), None)
        if first is not None:
            yield first
            return


def _kpi_evaluation_data(result: KpiEvaluation) -> dict[str, Any]:
    rate = result.achievement_rate
    unavailable = result.unavailable
    data: dict[str, Any] = {
        "kpi": result.kpi.number,
        "method": result.method.value,
        "latest_year": result.latest_year,
        "latest_value": result.latest_value,
        "progress": result.progress,
        "target_value": result.target_value,
        "achievement_rate": None if rate is None else str(rate),
        "unavailable": None
        if unavailable is None
        else {
            "reason": unavailable.reason.value,
            "message": unavailable.message,
            "fiscal_year": unavailable.fiscal_year,
        },
    }
    data["expected_value"] = result.expected_value
    data["path_status"] = None if result.path_status is None else result.path_status.value
    data["grade"] = (
        None
        if result.grade is None
        else {"label": result.grade.label, "colour": result.grade.colour, "rule": result.grade.rule}
    )
    if result.running_totals:
        data["running_totals"] = [
            {"fiscal_year": total.fiscal_year, "total": total.value}
            for total in result.running_totals
        ]
    return data


def evaluation_to_data(evaluation: PlanEvaluation) -> dict[str, Any]:
    """Turn computed figures into plain data: per KPI, rates as decimal strings."""
    return {"kpis": [_kpi_evaluation_data(result) for result in evaluation.kpis]}


def _marked_evaluation_data(evaluation: PlanEvaluation) -> dict[str, Any]:
    data = evaluation_to_data(evaluation)
    marked = _mark_decimals(data)
    assert isinstance(marked, dict)
    return marked


def evaluation_to_json(evaluation: PlanEvaluation) -> str:
    """Write the plan as its plan file does, plus the computed evaluation in its own section.

    Loading the text gives back an equal plan; the section is checked
    against a fresh evaluation, never trusted.
    """
    data: dict[str, Any] = _TEXT_CONVERTER.unstructure(evaluation.plan)
    data[EVALUATION_KEY] = _marked_evaluation_data(evaluation)
    return _marked_to_text(data)


def unstructure_plan(plan: Plan) -> dict[str, Any]:
    """Turn a plan into plain data (numbers stay Decimal), the form of plan files."""
    data: dict[str, Any] = _CONVERTER.unstructure(plan)
    return data


def _reject_constant(literal: str) -> _NonFinite:
    return _NonFinite(literal)


def parse_json(text: str) -> object:
    """Parse JSON text with numbers as int or Decimal; report a syntax error's line and column.

    NaN and Infinity are kept as placeholders so that they are refused with
    their path when the plan is structured.
    """
    seen_duplicates: list[bool] = []
    try:
        data = json.loads(
            text,
            parse_float=Decimal,
            parse_int=_parse_int,
            parse_constant=_reject_constant,
            object_pairs_hook=_object_maker(seen_duplicates),
        )
    except json.JSONDecodeError as error:
        location = f"line {error.lineno}, column {error.colno}"
        raise PlanError(
            [Problem(location=location, message=f"not valid JSON: {error.msg}")]
        ) from None
    except RecursionError:
        raise PlanError([Problem(location="", message="JSON nested too deeply")]) from None
    if seen_duplicates:
        # Only now walk the data: to name where each repeated key is.
        raise PlanError(_duplicate_key_problems(data, "$"))
    return data


def plan_from_json(text: str) -> Plan:
    """Read a plan from JSON text. Raises :class:`PlanError` when it is not valid."""
    return structure_plan(parse_json(text))


# Decimals go through the C encoder as marked strings, unmarked afterwards. The
# mark holds a NUL (which no valid text holds) and a token drawn once per
# process, so that no text can pass for a marked number.
_MARK = f"\x00planeval-{os.urandom(8).hex()}:"
_MARK_END = "\x00"
_MARKED_DECIMAL = re.compile(
    '"' + re.escape(json.dumps(_MARK)[1:-1]) + r'([^"\\]+)' + re.escape("\\u0000") + '"'
)


def _mark(value: Decimal) -> str:
    # str() keeps the digits as read: Decimal("1.0") is written 1.0.
    return f"{_MARK}{value}{_MARK_END}"


def _mark_decimals(value: object) -> object:
    if isinstance(value, dict):
        return {key: _mark_decimals(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_mark_decimals(item) for item in value]
    if isinstance(value, Decimal):
        return _mark(value)
    if value is None or isinstance(value, bool | int | str):
        return value
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def _is_flat(value: dict[str, Any] | list[Any]) -> bool:
    items = value.values() if isinstance(value, dict) else value
    return not any(isinstance(item, dict | list) for item in items)


def _write_indented(value: object, indent: str, out: list[str]) -> None:
    # Objects and lists that hold no object or list are written on one line,
    # by the C encoder; the others one member a line.
    if not isinstance(value, dict | list) or not value or _is_flat(value):
        out.append(_ENCODER.encode(value))
        return
    inner = indent + "  "
    if isinstance(value, list) and all(isinstance(item, dict) and _is_flat(item) for item in value):
        # A list of flat objects (observations): one object a line, in one go.
        separator = ",\n" + inner
        out.append(f"[\n{inner}{separator.join(map(_ENCODER.encode, value))}\n{indent}]")
        return
    if isinstance(value, dict):
        out.append("{")
        for position, (key, item) in enumerate(value.items()):
            out.append(f"{',' if position else ''}\n{inner}{_ENCODER.encode(key)}: ")
            _write_indented(item, inner, out)
        out.append(f"\n{indent}}}")
    else:
        out.append("[")
        for position, item in enumerate(value):
            out.append(f"{',' if position else ''}\n{inner}")
            _write_indented(item, inner, out)
        out.append(f"\n{indent}]")


def _marked_to_text(marked: object) -> str:
    out: list[str] = []
    _write_indented(marked, "", out)
    out.append("\n")
    return _MARKED_DECIMAL.sub(r"\1", "".join(out))


def to_json_text(data: object) -> str:
    """Write plain data as JSON, Japanese as is and Decimals exactly as read.

    Two-space indents; an object or list holding no object or list stands on
    one line (``{"fiscal_year": 2021, "value": 1427}``).
    """
    return _marked_to_text(_mark_decimals(data))


def plan_to_json(plan: Plan) -> str:
    """Write a plan as JSON text, in the form plan files take."""
    return _marked_to_text(_TEXT_CONVERTER.unstructure(plan))


def read_text(path: Path) -> str:
    """Read a UTF-8 file once (a byte-order mark is accepted).

    Open, read and decode errors become a :class:`PlanError`.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise PlanError(
            [Problem(location="", message=f"cannot read the file: {reason}")], source=str(path)
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text: byte 0x{data[error.start]:02X} at offset {error.start}"
        raise PlanError([Problem(location="", message=message)], source=str(path)) from None


def load_plan(path: str | Path) -> Plan:
    """Load a plan from a JSON plan file.

    Raises :class:`PlanError` naming the file and every problem in it.
    """
    file = Path(path)
    text = read_text(file)
    try:
        return plan_from_json(text)
    except PlanError as error:
        raise PlanError(error.problems, source=str(file)) from None


def dump_plan(plan: Plan, path: str | Path) -> None:
    """Write a plan to a JSON plan file, atomically (UTF-8, numbers as they were read)."""
    write_atomically(Path(path), plan_to_json(plan).encode("utf-8"))
