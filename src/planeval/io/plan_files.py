"""Plan files: a plan read from and written to JSON, checked on the way in.

Reading never passes a number through ``float``: JSON numbers become
:class:`~decimal.Decimal` (``1.0`` stays ``1.0``) and are written back as
they were read. Every problem is reported with its JSON path; cross-references
and ranges are checked by :mod:`planeval.validation`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from planeval._files import write_atomically
from planeval.errors import PlanError, Problem
from planeval.io.converter import few_problems, make_converter, problems_of
from planeval.io.counts import count_problems
from planeval.io.json_text import parse_json, to_json_text
from planeval.io.readers import read_plan_data
from planeval.io.subjects import subject_of
from planeval.io.upgrade import (
    FORMAT_KEY,
    FORMAT_VERSION,
    format_problems,
    legacy_location,
    upgrade_data,
    written_format,
)
from planeval.limits import MAX_EXPORTED_FILE_BYTES, MAX_FILE_BYTES
from planeval.locales import LOCALES
from planeval.model import Plan
from planeval.validation import check_plan

__all__ = [
    "EVALUATION_KEY",
    "PlanFile",
    "dump_plan",
    "load_plan",
    "plan_from_json",
    "plan_to_json",
    "read_plan_file",
    "structure_plan",
    "structure_plan_file",
    "unstructure_plan",
]

#: The top-level key of the computed evaluation in an exported plan file.
EVALUATION_KEY = "computed_evaluation"

_CONVERTER = make_converter()


@attrs.frozen(kw_only=True)
class PlanFile:
    """A plan as read from a file, with the format the file was written in.

    ``has_evaluation`` says the file carried a computed evaluation (an export).
    """

    plan: Plan
    format_version: int
    has_evaluation: bool
    notes: tuple[Problem, ...] = ()


def structure_plan(data: object) -> Plan:
    """Build a :class:`Plan` from parsed JSON data (numbers as int or Decimal).

    Data in an older format (:mod:`planeval.io.upgrade`) is upgraded first;
    its problems are located where the old file has them.

    A computed evaluation section (:data:`EVALUATION_KEY`, as the JSON
    exporter writes it) is never trusted: it must equal a fresh evaluation
    of the plan, or the plan is refused. Raises :class:`PlanError` listing
    every problem with its path, in the language of the data's ``locale``
    (Japanese unless it is English).
    """
    locale = _data_locale(data)
    stored_evaluation: object = None
    has_evaluation = isinstance(data, dict) and EVALUATION_KEY in data
    if isinstance(data, dict) and has_evaluation:
        stored_evaluation = data[EVALUATION_KEY]
        data = {key: value for key, value in data.items() if key != EVALUATION_KEY}
    if isinstance(data, dict):
        if wrong_format := format_problems(data):
            raise PlanError(problem.in_locale(locale) for problem in wrong_format)
        data, version = upgrade_data(data)
        data = {key: value for key, value in data.items() if key != FORMAT_KEY}
    else:
        version = FORMAT_VERSION
    try:
        plan = _structure_upgraded(data)
        # Every check, types too: a plan found valid is remembered, so that
        # evaluating and exporting it checks nothing again.
        problems = check_plan(plan)
        if not problems and has_evaluation:
            # Deferred: only a stored section needs the evaluation engine to check it.
            from planeval.exporters.evaluation_json import evaluation_differences

            older = version < FORMAT_VERSION
            problems = evaluation_differences(plan, stored_evaluation, older=older)
    except PlanError as error:
        problems = list(error.problems)
    if problems:
        raise PlanError([_in_file(problem, version, data, locale) for problem in problems])
    return plan


def structure_plan_file(data: object) -> PlanFile:
    """Like :func:`structure_plan`, telling also the format the data was written in."""
    version = written_format(data) if isinstance(data, dict) else FORMAT_VERSION
    plan = structure_plan(data)
    has_evaluation = isinstance(data, dict) and EVALUATION_KEY in data
    return PlanFile(
        plan=plan,
        format_version=version if isinstance(version, int) else FORMAT_VERSION,
        has_evaluation=has_evaluation,
    )


def _structure_upgraded(data: object) -> Plan:
    """Structure data in the current format, without its version, or raise every problem."""
    if counted := count_problems(data):
        raise PlanError(counted)
    try:
        with few_problems():
            return _CONVERTER.structure(data, Plan)
    except Exception as error:  # every failure becomes a located problem
        raise PlanError(problems_of(error, "$")) from None


def _data_locale(data: object) -> str:
    """The language of plan data's problems: its ``locale``, if it is one planeval speaks."""
    locale = data.get("locale") if isinstance(data, dict) else None
    return locale if isinstance(locale, str) and locale in LOCALES else "ja"


def _in_file(problem: Problem, version: int, data: object, locale: str) -> Problem:
    """A problem located where the file, in its own format, has it, and named in words."""
    subject = problem.subject or subject_of(data, problem.location)
    location = legacy_location(problem.location, version)
    return attrs.evolve(problem, location=location, subject=subject, locale=locale)


def unstructure_plan(plan: Plan) -> dict[str, Any]:
    """Turn a plan into plain data (numbers stay Decimal), the form of plan files.

    The data starts with the format it is written in (:data:`FORMAT_KEY`).
    """
    return {FORMAT_KEY: FORMAT_VERSION, **_CONVERTER.unstructure(plan)}


def plan_from_json(text: str) -> Plan:
    """Read a plan from JSON text. Raises :class:`PlanError` when it is not valid.

    Text longer than :data:`~planeval.limits.MAX_FILE_BYTES` in UTF-8 is
    refused, unread past :data:`~planeval.limits.MAX_EXPORTED_FILE_BYTES`,
    unless it is an export that carries a computed evaluation.
    """
    # Characters take one to four bytes: only a long text needs encoding to tell.
    size = len(text.encode("utf-8", "surrogatepass")) if len(text) > MAX_FILE_BYTES // 4 else 0
    return _plan_from_text(text, size, "text").plan


def _plan_from_text(text: str, size: int, what: str) -> PlanFile:
    """Read a plan from text of ``size`` bytes, held to the size limits ``what`` is named by."""
    if size > MAX_EXPORTED_FILE_BYTES:
        raise _too_large(what, MAX_EXPORTED_FILE_BYTES, "export")
    return _plan_from_data(parse_json(text), size, what)


def _plan_from_data(data: object, size: int, what: str) -> PlanFile:
    """Structure plan data read from ``size`` bytes, held to the plan file's size limit."""
    # Only an export, which adds the computed evaluation, may pass the plan file's limit.
    if size > MAX_FILE_BYTES and not (isinstance(data, dict) and EVALUATION_KEY in data):
        raise _too_large(what, MAX_FILE_BYTES, "plan")
    return structure_plan_file(data)


#: The problem codes of a file or a text too large for a plan file, or for an export.
_TOO_LARGE = {
    ("file", "plan"): "file.too_large",
    ("file", "export"): "file.export_too_large",
    ("text", "plan"): "text.too_large",
    ("text", "export"): "text.export_too_large",
}


def _too_large(what: str, limit: int, kind: str) -> PlanError:
    """``what`` (file or text) is over the ``limit`` of ``kind`` (plan or export)."""
    code = _TOO_LARGE[what, kind]
    return PlanError([Problem(location="", code=code, params={"limit": f"{limit:,}"})])


def plan_to_json(plan: Plan) -> str:
    """Write a plan as JSON text, in the form plan files take."""
    return to_json_text(unstructure_plan(plan))


def _located(problem: Problem, locate: Callable[[str], str | None]) -> Problem:
    """The problem at the place in the file its JSON path came from, where the reader tells."""
    place = locate(problem.location) if problem.location.startswith("$") else None
    return problem if place is None else attrs.evolve(problem, location=place)


def _read_bytes(path: Path) -> bytes:
    """Read a file once, up to the largest size a plan file may be.

    Open and read errors, and a file larger than
    :data:`~planeval.limits.MAX_EXPORTED_FILE_BYTES`, become a :class:`PlanError`.
    """
    try:
        # At most one byte past the limit: /dev/zero or a pipe never ends.
        with path.open("rb") as file:
            data = file.read(MAX_EXPORTED_FILE_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise PlanError(
            [Problem(location="", code="file.unreadable", params={"reason": reason})],
            source=str(path),
        ) from None
    if len(data) > MAX_EXPORTED_FILE_BYTES:
        too_large = _too_large("file", MAX_EXPORTED_FILE_BYTES, "export")
        raise PlanError(too_large.problems, source=str(path))
    return data


def load_plan(path: str | Path) -> Plan:
    """Load a plan from a plan file: JSON, of any format planeval has written, or another format.

    The reader is picked by the file's ending (:func:`planeval.io.readers.find_reader`):
    planeval's own first, then the ``planeval.readers`` plugins'; a file no
    reader claims is read as JSON. Whatever the reader, its data is
    structured and checked as a JSON plan file's is, and held to the same
    size limits. Raises :class:`PlanError` naming the file and every problem
    in it, or the reader that failed.
    """
    return read_plan_file(path).plan


def read_plan_file(path: str | Path) -> PlanFile:
    """Load a plan file, telling the format it is written in (see :func:`load_plan`)."""
    file = Path(path)
    data = _read_bytes(file)
    try:
        read = read_plan_data(file, data)
    except PlanError as error:
        raise PlanError(error.problems, source=str(file)) from None
    try:
        plan_file = _plan_from_data(read.data, len(data), "file")
    except PlanError as error:
        located = [_located(problem, read.locate) for problem in error.problems]
        raise PlanError(located, source=str(file)) from None
    return attrs.evolve(plan_file, notes=read.notes)


def dump_plan(plan: Plan, path: str | Path, *, overwrite_read_only: bool = False) -> None:
    """Write a plan to a plan file, atomically: a workbook for ``.xlsx``, JSON otherwise.

    JSON is UTF-8, with numbers as they were read; a workbook is laid out
    for people (:mod:`planeval.io.workbook_writer`). The output path is held
    to what exports are held to: only a regular file is replaced, keeping
    its mode, and a read-only one only with ``overwrite_read_only``.
    """
    if Path(path).suffix.casefold() == ".xlsx":
        # Imported here: the workbook writer builds on this module's unstructure_plan.
        from planeval.io.workbook_writer import plan_to_workbook

        data = plan_to_workbook(plan)
    else:
        data = plan_to_json(plan).encode("utf-8")
    write_atomically(Path(path), data, overwrite_read_only=overwrite_read_only)
