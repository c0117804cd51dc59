"""Readers: plugins that turn a plan file's bytes into plan data.

A reader is found through the ``planeval.readers`` entry-point group, as an
exporter is through ``planeval.exporters`` (:mod:`planeval._plugins`), so
that a city can read the KPI table it already keeps in its own layout. The
JSON reader is planeval's own, registered the same way; a workbook reader
would be another entry point beside it. A reader returns plan *data* — what
a JSON plan file parses to — and planeval structures and checks it exactly
as it does a JSON plan file's (:func:`planeval.io.plan_files.load_plan`).

A file's ending picks its reader: planeval's own readers are asked first,
without loading any plugin; a file no reader claims is read as JSON. A
plugin that fails to import, or is not a valid reader, is recorded with the
reason (:func:`broken_readers`) and breaks no other reader. A reader that
fails while reading — whatever it raises but ``KeyboardInterrupt`` — or
returns what plan data cannot hold (a float, say) gives a :class:`PlanError`
naming it and its distribution.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Protocol, runtime_checkable

import attrs

from planeval._plugins import BrokenPlugin, Named, PluginKind, Registry, contained
from planeval.errors import PlanError, Problem
from planeval.io.encodings import decode_plan_text
from planeval.io.json_text import parse_json

__all__ = [
    "ENTRY_POINT_GROUP",
    "BrokenReader",
    "JsonReader",
    "ReadPlan",
    "Reader",
    "RegisteredReader",
    "available_readers",
    "broken_readers",
    "builtin_readers",
    "claimed",
    "find_reader",
    "read_plan_data",
    "refresh_readers",
]

#: The entry-point group readers register in.
ENTRY_POINT_GROUP = "planeval.readers"


@runtime_checkable
class Reader(Protocol):
    """What a reader plugin provides.

    ``name`` is the reader's name (lower case) and must equal its entry
    point's name; ``extensions`` the file endings it reads, with their dot
    (``.toml``); ``description`` one line for ``planeval formats``.
    ``read`` is given the whole file's bytes and its path (for messages)
    and returns plan data: dicts with string keys, lists, strings, ints,
    :class:`~decimal.Decimal`, booleans and None — never a float — or a
    :class:`ReadPlan` holding that data with where each part came from. It
    may raise :class:`~planeval.errors.PlanError` to report problems in the
    file; anything else it raises is reported as the reader's failure.
    """

    name: str
    extensions: tuple[str, ...]
    description: str

    def read(self, data: bytes, source: str) -> object:
        """Turn the bytes of the file ``source`` into plan data."""


def _nowhere(path: str) -> str | None:
    return None


@attrs.frozen(kw_only=True)
class ReadPlan:
    """Plan data as a reader read it, with where in the file each part came from.

    ``locate`` turns a JSON path of the data (``$.kpis[3].target.value``)
    into the place in the file it came from (``指標!Q5``), or None where
    it cannot tell, so that a problem found in the plan names the cell.
    ``notes`` say what was read other than as written (full-width digits,
    令和5年度), for the user to see; they are not problems.
    """

    data: object
    locate: Callable[[str], str | None] = _nowhere
    notes: tuple[Problem, ...] = ()


@attrs.frozen(kw_only=True)
class RegisteredReader(Named):
    """A reader found in the registry, with the distribution it comes from.

    ``name``, ``extensions`` (the file endings it reads) and ``builtin``
    (whether planeval itself provides it) are the reader's.
    """

    reader: Reader
    distribution: str

    @property
    def plugin(self) -> Reader:
        """The reader."""
        return self.reader

    @property
    def aliases(self) -> tuple[str, ...]:
        """Readers have no other names: they are picked by the file's ending."""
        return ()


@attrs.frozen(kw_only=True)
class BrokenReader(BrokenPlugin):
    """An entry point that could not be used as a reader, and why."""


class JsonReader:
    """planeval's own reader: a JSON plan file, UTF-8, of any format planeval has written."""

    name = "json"
    extensions = (".json",)
    description = "a JSON plan file, of any format planeval has written (and any unclaimed file)"

    def read(self, data: bytes, source: str) -> object:
        """Parse the file as UTF-8 JSON, numbers as Decimal; problems are located."""
        return parse_json(decode_plan_text(data))


#: planeval's own readers, as its ``pyproject.toml`` registers them: used when
#: the package's metadata is not installed (a source checkout on PYTHONPATH).
_BUILTIN_ENTRY_POINTS = {
    "json": "planeval.io.readers:JsonReader",
    "xlsx": "planeval.io.workbook_reader:WorkbookReader",
}

#: The reader of a file no reader claims.
_FALLBACK = "json"


_READER = PluginKind(
    article="a reader",
    field="reader",
    protocol=Reader,
    attributes=("name", "extensions", "description", "read"),
    method="read",
    sequences=("extensions",),
)
_REGISTRY = Registry(
    ENTRY_POINT_GROUP, _BUILTIN_ENTRY_POINTS, _READER, RegisteredReader, BrokenReader
)


#: The registry's look-ups, as the module's functions.
refresh_readers = _REGISTRY.refresh
available_readers = _REGISTRY.available
builtin_readers = _REGISTRY.builtin
broken_readers = _REGISTRY.broken


def _claimed(path: str | Path) -> RegisteredReader | None:
    return _REGISTRY.by_extension(Path(path).name.casefold())


def claimed(path: str | Path) -> bool:
    """Whether a reader (planeval's own or a plugin) claims ``path`` by its ending.

    A file no reader claims is still read as JSON when it is named: this
    tells which files of a folder are plan files.
    """
    return _claimed(path) is not None


def find_reader(path: str | Path) -> RegisteredReader:
    """Find the reader of ``path`` by its ending, or the JSON reader when none claims it.

    planeval's own readers are asked first, without loading any plugin; the
    plugins' entry points are loaded only when no built-in reader claims the
    ending.
    """
    claimed = _claimed(path)
    if claimed is not None:
        return claimed
    return next(entry for entry in builtin_readers() if entry.name == _FALLBACK)


def _reader_problem(entry: RegisteredReader, code: str, **params: object) -> PlanError:
    """A reader's failure, naming the reader and where it comes from."""
    named = {"reader": entry.name, "distribution": entry.distribution, **params}
    return PlanError([Problem(location="", code=code, params=named)])


def read_plan_data(path: Path, data: bytes) -> ReadPlan:
    """Turn the bytes of the plan file ``path`` into plan data with its reader.

    Raises :class:`PlanError` (with no source) for problems in the file, for
    a reader that fails — whatever it raises but ``KeyboardInterrupt`` — and
    for data that is not plan data. A file no reader claims is read as JSON;
    when that fails and some reader is broken, a last problem names them.
    """
    claimed = _claimed(path)
    entry = claimed if claimed is not None else find_reader(path)
    try:
        result = entry.reader.read(data, str(path))
        read = result if isinstance(result, ReadPlan) else ReadPlan(data=result)
        # Walking what it returned may run its code too (a dict subclass's items()).
        foreign = None if entry.builtin else _foreign(read.data)
    except KeyboardInterrupt:
        raise
    except PlanError as error:  # problems in the file, as the reader found them
        problems = list(error.problems)
        if claimed is None and (failed := broken_readers()):
            problems.append(_unused(path, failed))
        raise PlanError(problems) from None
    except BaseException as error:  # SystemExit, its own bugs: all the reader's
        raise _reader_problem(entry, "reader.failed", error=contained(error)) from None
    if foreign is not None:
        raise _reader_problem(entry, "reader.returned", foreign=foreign)
    return read


def _unused(path: Path, failed: tuple[BrokenReader, ...]) -> Problem:
    named = "; ".join(f"{entry.name} ({entry.distribution}): {entry.reason}" for entry in failed)
    params = {"name": path.name, "readers": named}
    return Problem(location="", code="reader.broken", params=params)


#: The values plan data holds besides dicts and lists (bool is an int).
_SCALARS = (str, int, Decimal, type(None))


def _foreign(data: object) -> str | None:
    """Say what in ``data`` plan data cannot hold, with its path, or None when all is plan data.

    Walked without recursion; a dict or list met twice (shared, or holding
    itself) is refused, so that the walk ends and the data is a tree.
    """
    pending: list[tuple[str, object]] = [("$", data)]
    seen: set[int] = set()
    while pending:
        path, value = pending.pop()
        if isinstance(value, float):
            return (
                f"a float ({value!r}) at {path}: plan data holds numbers as Decimal or int, "
                "never float (read the digits as text into a Decimal)"
            )
        if isinstance(value, dict | list):
            if id(value) in seen:
                return f"the same {type(value).__name__} twice, at {path}: plan data is a tree"
            seen.add(id(value))
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    return f"a key that is not a string ({type(key).__name__}) in {path}"
                pending.append((f"{path}.{key}", item))
        elif isinstance(value, list):
            pending.extend((f"{path}[{index}]", item) for index, item in enumerate(value))
        elif not isinstance(value, _SCALARS):
            return (
                f"a {type(value).__name__} at {path}: plan data holds dicts, lists, "
                "strings, ints, Decimals, booleans and None"
            )
    return None
