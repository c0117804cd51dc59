"""The strict cattrs converter between parsed JSON and the plan model, and its errors as problems.

Shaped as cattrs' own ``cattrs.preconf`` modules: :func:`make_converter`
builds a configured converter, :func:`configure_converter` configures one.
Nothing is coerced: every key, type and value is checked, and
:func:`problems_of` turns a failure into problems with JSON paths
(``$.kpis[2].target.value: expected a number, got 'abc'``).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import enum
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TypeVar, get_args

import attrs
from cattrs import Converter
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from planeval.errors import Problem
from planeval.io.json_text import OutOfRange, Oversized, describe, path_key
from planeval.limits import (
    MAX_MAGNITUDE_EXPONENT,
    MAX_PROBLEMS,
    MAX_SIGNIFICANT_DIGITS,
    MAX_TEXT_LENGTH,
    forbidden_character,
)
from planeval.model import (
    DirectionItem,
    FiscalYearPeriod,
    Initiative,
    Issue,
    Kpi,
    MonthRange,
    Repeat,
    YearMonth,
)

__all__ = [
    "BLANK_TEXT_FIELDS",
    "configure_converter",
    "few_problems",
    "make_converter",
    "problems_of",
]

#: Text fields that may be empty, by class: a unitless KPI's ``unit``.
BLANK_TEXT_FIELDS: dict[type, tuple[str, ...]] = {Kpi: ("unit",)}

_T = TypeVar("_T")


class _InvalidValueError(ValueError):
    """A value of the wrong type or out of bounds: the code of its problem, and its figures."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# -- scalar hooks: strict, never calling the type on the value ---------------


def _structure_text(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _InvalidValueError("value.not_text", given=describe(value))
    if not value.strip():
        raise _InvalidValueError("value.empty_text")
    if len(value) > MAX_TEXT_LENGTH:
        raise _InvalidValueError("text.too_long", length=len(value), limit=MAX_TEXT_LENGTH)
    if found := forbidden_character(value):
        position, code = found
        raise _InvalidValueError("text.character", character=code, position=position + 1)
    return value


def _structure_blank_text(value: object, type_: type) -> str:
    """Text that may be empty (a unitless KPI's unit), else held to the rules of text."""
    return value if value == "" else _structure_text(value, type_)


def _too_long(value: object) -> None:
    if isinstance(value, Oversized):
        raise _InvalidValueError(
            "number.too_long", digits=value.digits, limit=MAX_SIGNIFICANT_DIGITS
        )


def _structure_int(value: object, _: type) -> int:
    _too_long(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _InvalidValueError("value.not_whole_number", given=describe(value))
    if (digits := len(str(abs(value)))) > MAX_SIGNIFICANT_DIGITS:
        raise _InvalidValueError(
            "number.digits", given=describe(value), digits=digits, limit=MAX_SIGNIFICANT_DIGITS
        )
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _InvalidValueError("value.not_boolean", given=describe(value))
    return value


def _out_of_range(value: object) -> _InvalidValueError:
    return _InvalidValueError(
        "number.out_of_range", given=describe(value), exponent=MAX_MAGNITUDE_EXPONENT
    )


def _structure_decimal(value: object, _: type) -> Decimal:
    _too_long(value)
    if isinstance(value, OutOfRange):
        raise _out_of_range(value)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise _InvalidValueError("value.not_a_number", given=describe(value))
    number = Decimal(value)
    _sign, digit_tuple, exponent = number.as_tuple()
    digits = len(digit_tuple)
    if digits > MAX_SIGNIFICANT_DIGITS:
        raise _InvalidValueError(
            "number.digits", given=describe(value), digits=digits, limit=MAX_SIGNIFICANT_DIGITS
        )
    # Integers only: arithmetic on an exponent near Decimal's own bounds can
    # raise. A zero is held to the bounds too (0e999999999999999999).
    magnitude = int(exponent) + (digits - 1 if number else 0)
    if abs(magnitude) > MAX_MAGNITUDE_EXPONENT:
        raise _out_of_range(value)
    return number


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_MONTH = re.compile(r"\d{4}-\d{2}")


def _structure_date(value: object, _: type) -> datetime.date:
    from dateutil.parser import isoparse  # only when a plan is read

    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _InvalidValueError("value.not_a_date", given=describe(value))
    try:
        return isoparse(value).date()
    except ValueError:
        raise _InvalidValueError("date.not_in_calendar", given=describe(value)) from None


def _structure_year_month(value: object, _: type) -> YearMonth:
    from dateutil.parser import isoparse  # only when a plan is read

    if not isinstance(value, str) or not _YEAR_MONTH.fullmatch(value):
        raise _InvalidValueError("value.not_a_month", given=describe(value))
    try:
        parsed = isoparse(value)
    except ValueError:
        raise _InvalidValueError("month.not_in_calendar", given=describe(value)) from None
    return YearMonth(year=parsed.year, month=parsed.month)


def _unstructure_year_month(value: YearMonth) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def _enum_hook(enum_type: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    choices = ", ".join(repr(member.value) for member in enum_type)

    def structure(value: object, _: type) -> enum.Enum:
        for member in enum_type:
            if isinstance(value, str) and member.value == value:
                return member
        raise _InvalidValueError("value.not_a_choice", choices=choices, given=describe(value))

    return structure


def _configure_scalars(converter: Converter) -> None:
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


# -- containers ---------------------------------------------------------------


# How many more failing list items to collect, while few_problems() is in force.
_BUDGET: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "planeval_problem_budget", default=None
)


@contextlib.contextmanager
def few_problems(limit: int = MAX_PROBLEMS) -> Iterator[None]:
    """Within this block, stop structuring a list once ``limit`` failing items are found.

    A file of a hundred thousand bad values would otherwise build an error
    for each, at great cost, only for most of them to go unreported.
    """
    token = _BUDGET.set([limit])
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return getattr(type_, "__origin__", None) is tuple and len(args) == 2 and args[1] is ...


def _structure_items(
    value: list[Any], item_type: Any, structure_item: Callable[[Any, Any], Any]
) -> tuple[list[Any], list[Exception]]:
    """Each item structured, and the failures, noted with their index, as cattrs notes them."""
    items = []
    errors: list[Exception] = []
    budget = _BUDGET.get()
    for index, item in enumerate(value):
        try:
            items.append(structure_item(item, item_type))
        except Exception as error:
            error.__notes__ = [
                *getattr(error, "__notes__", []),
                IterableValidationNote(f"@ index {index}", index, item_type),
            ]
            errors.append(error)
            if budget is not None:
                budget[0] -= 1
                if budget[0] <= 0:
                    break  # enough problems found: stop collecting more
    return items, errors


def _configure_containers(converter: Converter) -> None:
    def tuple_hook(type_: Any) -> Callable[[object, type], tuple[Any, ...]]:
        item_type = get_args(type_)[0]
        structure_item = converter.get_structure_hook(item_type)

        def structure(value: object, _: type) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise _InvalidValueError("value.not_a_list", given=describe(value))
            items, errors = _structure_items(value, item_type, structure_item)
            if errors:
                raise IterableValidationError("invalid list items", errors, type_)
            return tuple(items)

        return structure

    converter.register_structure_hook_factory(_is_homogeneous_tuple, tuple_hook)

    def class_hook(cls: type[_T]) -> Callable[[object, type], _T]:
        if "unit" in BLANK_TEXT_FIELDS.get(cls, ()):
            blank_unit = override(struct_hook=_structure_blank_text)
            structure_fields = make_dict_structure_fn(cls, converter, unit=blank_unit)
        else:
            structure_fields = make_dict_structure_fn(cls, converter)

        def structure(value: object, _: type) -> _T:
            if not isinstance(value, dict):
                raise _InvalidValueError("value.not_an_object", given=describe(value))
            return structure_fields(value, cls)

        return structure

    converter.register_structure_hook_factory(attrs.has, class_hook)


# -- unions -------------------------------------------------------------------


def _configure_unions(converter: Converter) -> None:
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
        raise _InvalidValueError("value.not_a_period", given=describe(value))

    converter.register_structure_hook(FiscalYearPeriod | MonthRange, structure_period)


# -- public API -----------------------------------------------------------------


def configure_converter(converter: Converter) -> None:
    """Configure a converter to read and write the plan model strictly.

    * text, whole numbers, booleans, dates (``YYYY-MM-DD``), months
      (``YYYY-MM``) and enum values are checked, never coerced;
    * numbers become :class:`~decimal.Decimal` and stay so when unstructured;
    * lists become tuples, JSON objects attrs classes; a repeated item is
      ``{"repeat_of": ID}``, a period either form of the model.

    Each refused value raises an error that :func:`problems_of` reports with
    its path, provided the converter has ``detailed_validation``.
    """
    _configure_scalars(converter)
    _configure_containers(converter)
    _configure_unions(converter)


def make_converter(**kwargs: Any) -> Converter:
    """Build a converter for plan files, configured by :func:`configure_converter`.

    Unknown keys are refused, defaults are left out when writing, and errors
    are detailed; ``kwargs`` are passed to :class:`cattrs.Converter` and
    override these settings.
    """
    options: dict[str, Any] = {
        "forbid_extra_keys": True,
        "omit_if_default": True,
        "detailed_validation": True,
        **kwargs,
    }
    converter = Converter(**options)
    configure_converter(converter)
    return converter


def _group_problems(
    error: IterableValidationError | ClassValidationError, path: str
) -> Iterator[Problem]:
    """The problems of each failure a list's items or a class's fields grouped, by path."""
    if isinstance(error, IterableValidationError):
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            yield from problems_of(inner, f"{path}[{note.index}]")
    else:
        with_names, without = error.group_exceptions()
        for inner, attribute_note in with_names:
            yield from problems_of(inner, f"{path}.{attribute_note.name}")
    for inner in without:
        yield from problems_of(inner, path)


def problems_of(error: BaseException, path: str) -> Iterator[Problem]:
    """Report a failure of the converter as problems, each with its JSON path below ``path``."""
    if isinstance(error, IterableValidationError | ClassValidationError):
        yield from _group_problems(error, path)
    elif isinstance(error, ForbiddenExtraKeysError):
        for key in sorted(error.extra_fields):
            yield Problem(location=f"{path}.{path_key(key)}", code="key.unknown")
    elif isinstance(error, KeyError):
        yield Problem(location=path, code="key.missing")
    elif isinstance(error, _InvalidValueError):
        yield Problem(location=path, code=error.code, params=error.params)
    else:
        yield Problem(location=path, code="value.invalid", params={"reason": error})
