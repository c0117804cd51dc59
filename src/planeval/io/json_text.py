"""Exact JSON text, in and out: numbers as Decimal, never through float.

Reading keeps what a plan needs to be refused with a path later (NaN,
Infinity, integers too long to read and numbers whose exponent no Decimal
holds stand as placeholders; keys given twice are reported at once).
Writing puts each Decimal back as it was read.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from planeval.errors import PlanError, Problem
from planeval.limits import MAX_SIGNIFICANT_DIGITS

__all__ = [
    "NonFinite",
    "OutOfRange",
    "Oversized",
    "describe",
    "parse_json",
    "shorten",
    "to_json_text",
]


@attrs.frozen
class NonFinite:
    """Stands for NaN or Infinity in parsed JSON, so it is refused with its path."""

    literal: str


@attrs.frozen
class Oversized:
    """Stands for an integer too long to read, so that it is refused with its path."""

    digits: int


@attrs.frozen
class OutOfRange:
    """Stands for a number whose exponent no Decimal holds (``1e1000000000000000000``)."""

    text: str


#: Longest piece of the input an error message quotes.
_SHOWN = 40


def shorten(text: str) -> str:
    """``text`` as is when short, else its start and ``...``: input quoted in a message."""
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def path_key(key: str) -> str:
    """A key as a JSON path in a message shows it: shortened, escaped unless printable.

    A key is user input: a terminal escape in it must not reach the terminal.
    """
    short = shorten(key)
    return short if short.isprintable() else repr(short)


def describe(value: object) -> str:
    """Say what a parsed JSON value is, briefly, for an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, NonFinite):
        return value.literal
    if isinstance(value, Oversized):
        return f"a number of {value.digits} digits"
    if isinstance(value, OutOfRange):
        return shorten(value.text)
    if isinstance(value, int | Decimal):
        return shorten(str(value))
    if isinstance(value, str):
        return repr(shorten(value))
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# -- reading ------------------------------------------------------------------


def _parse_int(text: str) -> int | Oversized:
    # Python refuses to read integers of more than 4,300 digits; refuse long
    # ones here, with their path, long before that.
    digits = len(text.lstrip("-"))
    return Oversized(digits) if digits > 4 * MAX_SIGNIFICANT_DIGITS else int(text)


def _parse_float(text: str) -> Decimal | OutOfRange:
    # Decimal refuses exponents beyond about 10**18 (1e1000000000000000000);
    # keep such a number, to be refused with its path.
    try:
        return Decimal(text)
    except InvalidOperation:
        return OutOfRange(text)


def _reject_constant(literal: str) -> NonFinite:
    return NonFinite(literal)


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


def _duplicate_key_problems(value: object, path: str) -> Iterator[Problem]:
    # Here rather than with the converter's problems: only the parser knows
    # which keys were given twice, and the converter builds on this module.
    if isinstance(value, dict):
        for key in getattr(value, "duplicate_keys", ()):
            yield Problem(location=f"{path}.{path_key(key)}", code="key.duplicate")
        for key, item in value.items():
            yield from _duplicate_key_problems(item, f"{path}.{path_key(key)}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _duplicate_key_problems(item, f"{path}[{index}]")


def parse_json(text: str) -> object:
    """Parse JSON text with numbers as int or Decimal; report a syntax error's line and column.

    NaN and Infinity (:class:`NonFinite`), integers too long to read
    (:class:`Oversized`) and numbers whose exponent no Decimal holds
    (:class:`OutOfRange`) are kept as placeholders so that they are refused
    with their path when the plan is structured. A key given twice in an
    object raises :class:`PlanError` naming each such key.
    """
    seen_duplicates: list[bool] = []
    try:
        data = json.loads(
            text,
            parse_float=_parse_float,
            parse_int=_parse_int,
            parse_constant=_reject_constant,
            object_pairs_hook=_object_maker(seen_duplicates),
        )
    except json.JSONDecodeError as error:
        location = f"line {error.lineno}, column {error.colno}"
        problem = Problem(location=location, code="json.invalid", params={"reason": error.msg})
        raise PlanError([problem]) from None
    except RecursionError:
        raise PlanError([Problem(location="", code="json.too_deep")]) from None
    if seen_duplicates:
        # Only now walk the data: to name where each repeated key is.
        raise PlanError(_duplicate_key_problems(data, "$"))
    return data


# -- writing ------------------------------------------------------------------

# JSON's own string encoder (the C one where there is one): what
# ``json.dumps(text, ensure_ascii=False)`` writes, Japanese as is.
_encode_string: Callable[[str], str] = json.encoder.encode_basestring


def _true_or_false(value: bool) -> str:
    return "true" if value else "false"


def _null(_value: None) -> str:
    return "null"


#: How a scalar of each type is written (looked up by its exact type; subclasses below).
_SCALAR_WRITERS: dict[type, Callable[[Any], str]] = {
    str: _encode_string,
    # str() keeps the digits as read: Decimal("1.0") is written 1.0.
    Decimal: str,
    int: int.__repr__,
    bool: _true_or_false,
    type(None): _null,
}
_CONTAINERS = (dict, list, tuple)


def _scalar(value: object) -> str:
    """One JSON value that is not an object or a list."""
    writer = _SCALAR_WRITERS.get(type(value))
    if writer is not None:
        return writer(value)
    for kind in (str, Decimal, bool, int):  # a subclass, such as an enumeration's value
        if isinstance(value, kind):
            return _SCALAR_WRITERS[kind](value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _key(key: object) -> str:
    if not isinstance(key, str):
        raise TypeError(f"cannot write a key of {type(key).__name__} as JSON")
    return _encode_string(key)


def _one_line(value: dict[Any, Any] | list[Any] | tuple[Any, ...]) -> str | None:
    """An object or a list on one line; None if it holds an object or a list."""
    parts = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, _CONTAINERS):
                return None
            parts.append(f"{_key(key)}: {_scalar(item)}")
        return f"{{{', '.join(parts)}}}"
    for item in value:
        if isinstance(item, _CONTAINERS):
            return None
        parts.append(_scalar(item))
    return f"[{', '.join(parts)}]"


def _objects_on_lines(items: list[Any] | tuple[Any, ...]) -> list[str] | None:
    """Each of ``items`` on one line, if each is an object holding no object or list."""
    lines = []
    for item in items:
        line = _one_line(item) if isinstance(item, dict) else None
        if line is None:
            return None
        lines.append(line)
    return lines


def _write_indented(value: object, indent: str, out: list[str]) -> None:
    # Objects and lists that hold no object or list are written on one line;
    # the others one member a line.
    if not isinstance(value, _CONTAINERS):
        out.append(_scalar(value))
        return
    line = _one_line(value)
    if line is not None:
        out.append(line)
        return
    inner = indent + "  "
    if not isinstance(value, dict):
        # A list of flat objects (observations): one object a line, in one go.
        lines = _objects_on_lines(value)
        if lines is not None:
            separator = ",\n" + inner
            out.append(f"[\n{inner}{separator.join(lines)}\n{indent}]")
            return
    if isinstance(value, dict):
        out.append("{")
        for position, (key, item) in enumerate(value.items()):
            out.append(f"{',' if position else ''}\n{inner}{_key(key)}: ")
            _write_indented(item, inner, out)
        out.append(f"\n{indent}}}")
    else:
        out.append("[")
        for position, item in enumerate(value):
            out.append(f"{',' if position else ''}\n{inner}")
            _write_indented(item, inner, out)
        out.append(f"\n{indent}]")


def to_json_text(data: object) -> str:
    """Write plain data as JSON, Japanese as is and Decimals exactly as read.

    Two-space indents; an object or list holding no object or list stands on
    one line (``{"fiscal_year": 2021, "value": 1427}``).
    """
    out: list[str] = []
    _write_indented(data, "", out)
    out.append("\n")
    return "".join(out)
