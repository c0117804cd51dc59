"""The open-data CSV exporter: the evaluation's tidy records, one row per KPI and fiscal year.

The file holds exactly :func:`planeval.report.records.records` (without
labels), its header the names of :data:`~planeval.report.records.COLUMNS`:
UTF-8 with a byte order mark, so that Excel in Japan opens it as UTF-8, and
rows ended by CRLF, quoted where needed (RFC 4180). Numbers are the plan's
exact decimals in plain notation, never through a float; booleans are
``true`` and ``false``; an empty cell stands for nothing. A text cell that
starts like a formula gets an apostrophe in front
(:func:`planeval.spreadsheets.inert_text`); number cells are left as they are,
so ``-5`` stays a number. :func:`table_schema` describes the file as a
Frictionless Table Schema (``planeval schema --csv``). The same plan gives
the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, BinaryIO

from planeval.exporters.protocol import Report
from planeval.report.records import COLUMNS, Column, Record, records
from planeval.spreadsheets import inert_text

__all__ = [
    "TABLE_SCHEMA_PROFILE",
    "CsvExporter",
    "cell",
    "csv_text",
    "table_schema",
    "table_text",
]

#: The specification :func:`table_schema` follows.
TABLE_SCHEMA_PROFILE = "https://specs.frictionlessdata.io/table-schema/"


def cell(column: Column, value: object) -> str:
    """A record's value as the text of its CSV cell.

    ``None`` is empty, a boolean ``true`` or ``false``, a Decimal its exact
    digits in plain notation (``1E+3`` as ``1000``, ``1.50`` as ``1.50``), and
    a text column's text made inert (:func:`~planeval.spreadsheets.inert_text`).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if column.type == "string":
        return inert_text(str(value))
    return str(value)


def csv_text(report: Report) -> str:
    """The CSV file's text (without the byte order mark): header, then a row per record."""
    return table_text(COLUMNS, records(report.evaluation))


def table_text(columns: Sequence[Column], rows: Iterable[Record]) -> str:
    """Rows as CSV text (without the byte order mark): the columns' names, then each row's cells.

    Each value is written by :func:`cell`; a row has a value for every column.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # the excel dialect: CRLF, quoted only where needed
    writer.writerow([column.name for column in columns])
    for record in rows:
        writer.writerow([cell(column, record[column.name]) for column in columns])
    return buffer.getvalue()


class CsvExporter:
    """Writes the evaluation as open-data CSV: tidy rows of plain values and codes."""

    name = "csv"
    aliases: tuple[str, ...] = ()
    extensions = (".csv",)
    description = "open data: a row per KPI and fiscal year, values, rates and grades (UTF-8)"

    def write(self, report: Report, stream: BinaryIO) -> None:
        """Write the report's records to ``stream`` as UTF-8 CSV with a byte order mark.

        The file holds codes, the same in every language: the labels are not used.
        """
        stream.write(csv_text(report).encode("utf-8-sig"))


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": column.name,
        "type": column.type,
        "title": column.title,
        "description": column.description,
    }
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.codes:
        constraints["enum"] = list(column.codes)
    if column.pattern is not None:
        constraints["pattern"] = column.pattern
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if column.maximum is not None:
        constraints["maximum"] = column.maximum
    if constraints:
        field["constraints"] = constraints
    if column.type == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    return field


def table_schema() -> dict[str, Any]:
    """The CSV file as a Frictionless Table Schema: its fields in order, types and constraints.

    An empty cell is a missing value; a row is keyed by ``kpi_id`` and
    ``fiscal_year``. A text field's value may start with the apostrophe
    :func:`~planeval.spreadsheets.inert_text` adds: drop one to have the text.
    """
    return {
        "fields": [_field(column) for column in COLUMNS],
        "missingValues": [""],
        "primaryKey": ["kpi_id", "fiscal_year"],
    }
