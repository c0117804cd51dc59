"""An independent reader of planeval's CSV files: Python's csv module and the Table Schema.

It knows only the published schema (``planeval schema --csv``): no planeval
code parses the file. Each cell is checked against its field's type and
constraints, and read as the type says.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from typing import Any

from planeval.exporters.csv_export import table_schema

BOM = b"\xef\xbb\xbf"


def _parse_cell(field: dict[str, Any], text: str) -> object:
    """A cell's value by its field's type, the schema's constraints checked."""
    constraints = field.get("constraints", {})
    if text == "":
        assert not constraints.get("required"), f"{field['name']} is required"
        return None
    kind = field["type"]
    if kind == "integer":
        assert re.fullmatch(r"-?[0-9]+", text), text
        value: object = int(text)
    elif kind == "number":
        assert re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text), text  # plain notation, no float
        value = Decimal(text)
    elif kind == "boolean":
        assert text in field["trueValues"] + field["falseValues"], text
        value = text in field["trueValues"]
    else:
        assert kind == "string"
        value = text
    _check_constraints(field["name"], constraints, value)
    if isinstance(value, str) and value.startswith("'"):
        value = value[1:]  # the apostrophe that keeps text from reading as a formula
    return value


def _check_constraints(name: str, constraints: dict[str, Any], value: object) -> None:
    if "enum" in constraints:
        assert value in constraints["enum"], (name, value)
    if "pattern" in constraints:
        assert re.fullmatch(constraints["pattern"], str(value)), (name, value)
    if "minimum" in constraints or "maximum" in constraints:
        assert isinstance(value, int), (name, value)
        assert constraints.get("minimum", value) <= value <= constraints.get("maximum", value)


def raw_rows(data: bytes) -> list[list[str]]:
    """The file's rows as text, header first; it must start with a BOM and end rows in CRLF."""
    assert data.startswith(BOM)
    text = data[len(BOM) :].decode("utf-8")
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline="")))


def read_records(data: bytes) -> list[dict[str, object]]:
    """The file's rows as typed records, validated against the published Table Schema."""
    fields = table_schema()["fields"]
    header, *rows = raw_rows(data)
    assert header == [field["name"] for field in fields]
    assert all(len(row) == len(fields) for row in rows)
    return [
        {field["name"]: _parse_cell(field, text) for field, text in zip(fields, row, strict=True)}
        for row in rows
    ]
