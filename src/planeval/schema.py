"""The JSON Schema of plan files, generated from the model.

No maintained library derives a schema from attrs classes structured with
custom cattrs hooks, so this module walks the classes of
:mod:`planeval.model` and writes, for each type, what the loader in
:mod:`planeval.io.plan_files` accepts: numbers for decimals, ``YYYY-MM-DD``
for dates, ``YYYY-MM`` for months, enum values, lists for tuples, and
objects that refuse unknown keys. It holds the limits of
:mod:`planeval.limits` that concern one value or one list: fiscal years and
dates within :data:`~planeval.limits.FIRST_YEAR`–:data:`~planeval.limits.LAST_YEAR`,
the lengths of units, names and ids, the most items of each list. The loader
stays the authority: it also checks what a schema cannot say (references,
years within the plan, counts summed across lists, totals that agree,
integers written as ``2024.0``).

Every property carries a ``description`` and a ``markdownDescription`` (what
editors show on hover) in English and Japanese, one language a line, from
:data:`planeval.schema_text.FIELD_TEXT`; ``plan_schema(locale="ja")`` puts
the Japanese first.
"""

from __future__ import annotations

import datetime
import enum
import types
import typing
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

import attrs

from planeval.io.converter import BLANK_TEXT_FIELDS
from planeval.io.plan_files import EVALUATION_KEY
from planeval.io.upgrade import FORMAT_KEY, FORMAT_VERSION
from planeval.limits import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_ENTRIES,
    MAX_ERA_NAME_LENGTH,
    MAX_GRADE_RULES,
    MAX_ID_LENGTH,
    MAX_KPIS,
    MAX_LEVELS,
    MAX_LIST_ITEMS,
    MAX_NAME_LENGTH,
    MAX_NOTES,
    MAX_REVIEW_ITEMS,
    MAX_ROUNDING_PLACES,
    MAX_SIGNIFICANT_DIGITS,
    MAX_TEXT_LENGTH,
    MAX_UNIT_LENGTH,
    MAX_YEARS,
)
from planeval.locales import LOCALES
from planeval.model import (
    Category,
    Direction,
    DirectionItem,
    Entry,
    Era,
    FiscalYearPeriod,
    GradeRule,
    Initiative,
    InterimTarget,
    Issue,
    Kpi,
    Level,
    NextPlanHeading,
    NextPlanSection,
    Note,
    Observation,
    Plan,
    PlanPeriod,
    ReferenceIndicator,
    Repeat,
    Review,
    Rounding,
    Scope,
    Target,
    YearMonth,
    YearOnYear,
    YearSpan,
)
from planeval.schema_text import FIELD_TEXT

__all__ = ["SCHEMA_ID", "SCHEMA_LOCALES", "plan_schema", "year_pattern"]

#: The schema's identifier.
SCHEMA_ID = "https://planeval.invalid/schema/plan.json"

# Text the loader accepts: not blank, no control characters but tab and
# newline, no non-characters U+FFFE and U+FFFF.
_TEXT_PATTERN = r"^(?=[\s\S]*\S)[^\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]*$"
_LARGEST_INTEGER = 10**MAX_SIGNIFICANT_DIGITS - 1

#: The languages :func:`plan_schema` can put first in its descriptions.
SCHEMA_LOCALES = ("en", "ja")


def year_pattern(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> str:
    """A regular expression (no anchors) for the four-digit years ``first`` to ``last``."""
    if not 1000 <= first <= last <= 9999:
        raise ValueError(f"no four-digit range {first}–{last}")
    return "(?:" + "|".join(_digit_ranges(str(first), str(last))) + ")"


def _digit_ranges(low: str, high: str) -> list[str]:
    """Patterns that together match the numbers ``low`` to ``high``, both of one width."""
    if not low:
        return [""]
    width = len(low) - 1
    if low[1:] == "0" * width and high[1:] == "9" * width:
        digits = low[0] if low[0] == high[0] else f"[{low[0]}-{high[0]}]"
        return [digits + (f"[0-9]{{{width}}}" if width else "")]
    if low[0] == high[0]:
        return [low[0] + rest for rest in _digit_ranges(low[1:], high[1:])]
    patterns = _digit_ranges(low, low[0] + "9" * width)
    if int(high[0]) - int(low[0]) > 1:
        patterns += _digit_ranges(
            str(int(low[0]) + 1) + "0" * width, str(int(high[0]) - 1) + "9" * width
        )
    return patterns + _digit_ranges(high[0] + "0" * width, high)


def _description(cls: type) -> str:
    doc = (cls.__doc__ or "").strip()
    return doc.split("\n\n")[0].replace("\n", " ")


# The schema of each scalar type plan files hold.
_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string", "maxLength": MAX_TEXT_LENGTH, "pattern": _TEXT_PATTERN},
    bool: {"type": "boolean"},
    int: {"type": "integer", "minimum": -_LARGEST_INTEGER, "maximum": _LARGEST_INTEGER},
    Decimal: {"type": "number"},
    # The loader holds every date of a plan (document dates, an era's start) within the years.
    datetime.date: {
        "type": "string",
        "format": "date",
        "pattern": rf"^{year_pattern()}-\d{{2}}-\d{{2}}$",
    },
    YearMonth: {"type": "string", "pattern": rf"^{year_pattern()}-(0[1-9]|1[0-2])$"},
}


_FISCAL_YEAR = {"minimum": FIRST_YEAR, "maximum": LAST_YEAR}
_COLOUR = {"pattern": "^#[0-9A-Fa-f]{6}$"}
_UNIT = {"maxLength": MAX_UNIT_LENGTH}
_NAME = {"maxLength": MAX_NAME_LENGTH}
_ID = {"maxLength": MAX_ID_LENGTH}


def _items(limit: int) -> dict[str, Any]:
    return {"maxItems": limit}


# Fields held to more than their type, by the limits the loader checks value
# by value; merged into the field's schema (into the non-null alternative of
# an optional one). The most items of each list are those of
# planeval.io.counts, which counts them before the plan is structured.
_CONSTRAINTS: dict[tuple[type, str], dict[str, Any]] = {
    (Plan, "municipality_code"): {"pattern": "^[0-9]{6}$"},
    (Plan, "locale"): {"enum": list(LOCALES)},
    (Plan, "fiscal_year_start_month"): {"minimum": 1, "maximum": 12},
    (Plan, "path_tolerance"): {"minimum": 0},
    (Plan, "indicators"): _NAME,
    (Plan, "grading"): _items(MAX_GRADE_RULES),
    (Plan, "direction_categories"): _items(MAX_LIST_ITEMS),
    (Plan, "measure_ratings"): _items(MAX_LIST_ITEMS),
    (Plan, "notes"): _items(MAX_NOTES),
    (Plan, "levels"): _items(MAX_LEVELS),
    (Plan, "entries"): _items(MAX_ENTRIES),
    (Plan, "kpis"): _items(MAX_KPIS),
    (Plan, "reviews"): _items(MAX_ENTRIES),
    (Plan, "eras"): _items(MAX_LIST_ITEMS),
    (PlanPeriod, "first"): _FISCAL_YEAR,
    (PlanPeriod, "last"): _FISCAL_YEAR,
    (Rounding, "places"): {"minimum": 0, "maximum": MAX_ROUNDING_PLACES},
    (GradeRule, "colour"): _COLOUR,
    (YearOnYear, "tolerance"): {"minimum": 0},
    (Category, "colour"): _COLOUR,
    (Note, "id"): _ID,
    (Level, "name"): _NAME,
    (Level, "indicators"): _NAME,
    (Entry, "kpis"): _items(MAX_KPIS),
    (Entry, "entries"): _items(MAX_ENTRIES),
    (Kpi, "unit"): _UNIT,
    (Kpi, "unit_per"): _UNIT,
    (Kpi, "department"): _NAME,
    (Kpi, "decimals"): {"minimum": 0, "maximum": MAX_ROUNDING_PLACES},
    (Kpi, "scopes"): _items(MAX_LIST_ITEMS),
    (Kpi, "observations"): _items(MAX_YEARS),
    (Kpi, "interim_targets"): _items(MAX_YEARS),
    (Scope, "since"): _FISCAL_YEAR,
    (Scope, "until"): _FISCAL_YEAR,
    (FiscalYearPeriod, "fiscal_year"): _FISCAL_YEAR,
    (Observation, "fiscal_year"): _FISCAL_YEAR,
    (Target, "fiscal_year"): _FISCAL_YEAR,
    (InterimTarget, "fiscal_year"): _FISCAL_YEAR,
    (Review, "entries"): _items(MAX_ENTRIES),
    (Review, "initiatives"): _items(MAX_REVIEW_ITEMS),
    (Review, "issues"): _items(MAX_REVIEW_ITEMS),
    (Initiative, "id"): _ID,
    (Initiative, "paragraphs"): _items(MAX_LIST_ITEMS),
    (Initiative, "details"): _items(MAX_LIST_ITEMS),
    (Initiative, "reference_indicators"): _items(MAX_LIST_ITEMS),
    (YearSpan, "first"): _FISCAL_YEAR,
    (YearSpan, "last"): _FISCAL_YEAR,
    (ReferenceIndicator, "unit"): _UNIT,
    (ReferenceIndicator, "observations"): _items(MAX_YEARS),
    (Repeat, "repeat_of"): _ID,
    (Issue, "id"): _ID,
    (Direction, "items"): _items(MAX_REVIEW_ITEMS),
    (DirectionItem, "id"): _ID,
    (NextPlanSection, "headings"): _items(MAX_LIST_ITEMS),
    (NextPlanHeading, "items"): _items(MAX_LIST_ITEMS),
    # An era's name: short, no digits; its letter: one capital.
    (Era, "name"): {"maxLength": MAX_ERA_NAME_LENGTH, "allOf": [{"pattern": "^[^0-9０-９]*$"}]},
    (Era, "letter"): {"pattern": "^[A-Z]$"},
    # A plan may declare one of planeval's own eras alike (明治, from 1868): any year.
    (Era, "start"): {"pattern": r"^\d{4}-\d{2}-\d{2}$"},
}


def _constrain(schema: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with ``extra``'s keywords, in its non-null alternatives if it has any."""
    if "anyOf" in schema:
        return {
            **schema,
            "anyOf": [
                alternative
                if alternative.keys() & {"const", "$ref"} or alternative.get("type") == "null"
                else _constrain(alternative, extra)
                for alternative in schema["anyOf"]
            ],
        }
    if "enum" in extra:
        return {
            key: value
            for key, value in {**schema, **extra}.items()
            if key not in ("type", "maxLength", "pattern")
        }
    return {**schema, **extra}


def _texts(cls_name: str, field: str, locale: str) -> dict[str, str]:
    """A property's description and markdownDescription: both languages, ``locale``'s first."""
    english, japanese = FIELD_TEXT[cls_name][field]
    text = f"{japanese}\n{english}" if locale == "ja" else f"{english}\n{japanese}"
    # Markdown joins the lines of a paragraph: a paragraph each.
    markdown = text.replace("\n", "\n\n")
    return {"description": text, "markdownDescription": markdown}


class _SchemaBuilder:
    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.definitions: dict[str, Any] = {}

    def for_type(self, annotation: Any) -> dict[str, Any]:
        origin = get_origin(annotation)
        if origin in (Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            schemas = [self.for_type(member) for member in members]
            if type(None) in get_args(annotation):
                schemas.append({"type": "null"})
            return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
        if origin is tuple:
            return {"type": "array", "items": self.for_type(get_args(annotation)[0])}
        if annotation in _SCALARS:
            return dict(_SCALARS[annotation])
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return {"enum": [member.value for member in annotation]}
        if isinstance(annotation, type) and attrs.has(annotation):
            return self.for_class(annotation)
        raise TypeError(f"no schema for {annotation!r}")

    def for_class(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.definitions:
            self.definitions[name] = {}  # reserve the name: classes may nest
            hints = typing.get_type_hints(cls)
            properties = {}
            required = []
            blank = BLANK_TEXT_FIELDS.get(cls, ())
            for field in attrs.fields(cls):
                schema = self.for_type(hints[field.name])
                extra = _CONSTRAINTS.get((cls, field.name))
                if extra is not None:
                    schema = _constrain(schema, extra)
                if field.name in blank:
                    # Empty, or text as anywhere else.
                    schema = {"anyOf": [{"const": ""}, schema]}
                properties[field.name] = {**_texts(name, field.name, self.locale), **schema}
                if field.default is attrs.NOTHING:
                    required.append(field.name)
            self.definitions[name] = {
                "type": "object",
                "description": _description(cls),
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}


def plan_schema(locale: str = "en") -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) that plan files follow.

    Every property is described in English and in Japanese, ``locale``'s
    language (one of :data:`SCHEMA_LOCALES`) first.
    """
    if locale not in SCHEMA_LOCALES:
        raise ValueError(f"expected one of {', '.join(map(repr, SCHEMA_LOCALES))}, got {locale!r}")
    builder = _SchemaBuilder(locale)
    builder.for_class(Plan)
    root = dict(builder.definitions["Plan"])
    root["properties"] = {
        FORMAT_KEY: {
            **_texts("Plan", FORMAT_KEY, locale),
            "type": "integer",
            "const": FORMAT_VERSION,
        },
        **root["properties"],
        EVALUATION_KEY: {**_texts("Plan", EVALUATION_KEY, locale), "type": "object"},
    }
    definitions = {name: schema for name, schema in builder.definitions.items() if name != "Plan"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "planeval plan file",
        **root,
        "$defs": dict(sorted(definitions.items())),
    }
