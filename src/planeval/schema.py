"""The JSON Schema of plan files, generated from the model.

No maintained library derives a schema from attrs classes structured with
custom cattrs hooks, so this module walks the classes of
:mod:`planeval.model` and writes, for each type, what the loader in
:mod:`planeval.io.plan_files` accepts: numbers for decimals, ``YYYY-MM-DD``
for dates, ``YYYY-MM`` for months, enum values, lists for tuples, and
objects that refuse unknown keys. The loader stays the authority: it also
checks what a schema cannot say (references, years in range, totals that
agree, integers written as ``2024.0``).
"""

from __future__ import annotations

import datetime
import enum
import types
import typing
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

import attrs

from planeval.io.plan_files import EVALUATION_KEY
from planeval.io.upgrade import FORMAT_KEY, FORMAT_VERSION
from planeval.limits import MAX_SIGNIFICANT_DIGITS, MAX_TEXT_LENGTH
from planeval.model import Plan, YearMonth

__all__ = ["SCHEMA_ID", "plan_schema"]

#: The schema's identifier.
SCHEMA_ID = "https://planeval.invalid/schema/plan.json"

# Text the loader accepts: not blank, no control characters but tab and
# newline, no non-characters U+FFFE and U+FFFF.
_TEXT_PATTERN = r"^(?=[\s\S]*\S)[^\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]*$"
_LARGEST_INTEGER = 10**MAX_SIGNIFICANT_DIGITS - 1


def _description(cls: type) -> str:
    doc = (cls.__doc__ or "").strip()
    return doc.split("\n\n")[0].replace("\n", " ")


# The schema of each scalar type plan files hold.
_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string", "maxLength": MAX_TEXT_LENGTH, "pattern": _TEXT_PATTERN},
    bool: {"type": "boolean"},
    int: {"type": "integer", "minimum": -_LARGEST_INTEGER, "maximum": _LARGEST_INTEGER},
    Decimal: {"type": "number"},
    datetime.date: {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    YearMonth: {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
}


class _SchemaBuilder:
    def __init__(self) -> None:
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
            for field in attrs.fields(cls):
                properties[field.name] = self.for_type(hints[field.name])
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


def plan_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) that plan files follow."""
    builder = _SchemaBuilder()
    builder.for_class(Plan)
    root = dict(builder.definitions["Plan"])
    root["properties"] = {
        FORMAT_KEY: {
            "const": FORMAT_VERSION,
            "description": "The format the file is written in; planeval writes it first. "
            "Files of older formats are upgraded when loaded (planeval upgrade).",
        },
        **root["properties"],
        EVALUATION_KEY: {
            "type": "object",
            "description": "Computed by the JSON exporter; checked against a fresh "
            "evaluation when loaded, never trusted.",
        },
    }
    definitions = {name: schema for name, schema in builder.definitions.items() if name != "Plan"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "planeval plan file",
        **root,
        "$defs": dict(sorted(definitions.items())),
    }
