"""The exporter registry: formats found through the ``planeval.exporters`` entry points.

planeval's own formats are registered the same way as a third party's, in
its ``pyproject.toml``. Loading an entry point imports only the exporter's
small module; the library it writes with (xlsxwriter, python-docx) is
imported when it writes. A plugin that fails to import, or is not a valid
exporter, is recorded with the reason and does not break the others.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from planeval._files import atomic_output
from planeval.evaluation import evaluate
from planeval.exporters.protocol import Exporter, Report
from planeval.model import Plan
from planeval.report.labels import labels_for

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = [
    "ENTRY_POINT_GROUP",
    "BrokenExporter",
    "ExportError",
    "ExporterOptionError",
    "RegisteredExporter",
    "UnknownFormatError",
    "UnknownLocaleError",
    "available",
    "broken",
    "builtin",
    "export",
    "find_exporter",
    "refresh",
]

#: The entry-point group exporters register in.
ENTRY_POINT_GROUP = "planeval.exporters"

_OWN_DISTRIBUTION = "planeval"
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


@attrs.frozen(kw_only=True)
class RegisteredExporter:
    """An exporter found in the registry, with the distribution it comes from."""

    exporter: Exporter
    distribution: str

    @property
    def name(self) -> str:
        """The format's name."""
        return self.exporter.name

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other names of the format."""
        return tuple(self.exporter.aliases)

    @property
    def extensions(self) -> tuple[str, ...]:
        """The file endings the format writes."""
        return tuple(self.exporter.extensions)

    @property
    def builtin(self) -> bool:
        """Whether planeval itself provides the format."""
        return self.distribution == _OWN_DISTRIBUTION


@attrs.frozen(kw_only=True)
class BrokenExporter:
    """An entry point that could not be used as an exporter, and why."""

    name: str
    value: str
    distribution: str
    reason: str


class UnknownFormatError(ValueError):
    """No exporter matches the format name or the output file's extension."""


class UnknownLocaleError(ValueError):
    """No labels exist for the language asked for."""


class ExportError(Exception):
    """Writing an export failed: the destination cannot be written or the exporter failed."""


class ExporterOptionError(ValueError):
    """An option given to an exporter is not one it takes, or its value is not valid."""


#: planeval's own formats, as its ``pyproject.toml`` registers them: used when
#: the package's metadata is not installed (a source checkout on PYTHONPATH).
_BUILTIN_ENTRY_POINTS = {
    "json": "planeval.exporters.json_export:JsonExporter",
    "xlsx": "planeval.exporters.excel:ExcelExporter",
    "docx": "planeval.exporters.word:WordExporter",
}


def _distribution_name(entry_point: EntryPoint) -> str:
    distribution = entry_point.dist
    if distribution is not None:
        return distribution.name
    # Only the built-in fallback below makes entry points without a distribution.
    return (
        _OWN_DISTRIBUTION
        if _BUILTIN_ENTRY_POINTS.get(entry_point.name) == entry_point.value
        else "unknown"
    )


def _entry_points() -> list[EntryPoint]:
    """The group's entry points, with planeval's own even where its metadata is missing."""
    # Imported here: importlib.metadata costs more than all of planeval's import.
    from importlib.metadata import EntryPoint, entry_points

    found = list(entry_points(group=ENTRY_POINT_GROUP))
    if not any(_distribution_name(ep) == _OWN_DISTRIBUTION for ep in found):
        found += [
            EntryPoint(name=name, value=value, group=ENTRY_POINT_GROUP)
            for name, value in _BUILTIN_ENTRY_POINTS.items()
        ]
    return found


def _problem_with(candidate: object, entry_name: str) -> str | None:
    """Say what makes ``candidate`` not a valid exporter, or None when it is one."""
    if not isinstance(candidate, Exporter):
        missing = [
            attribute
            for attribute in ("name", "aliases", "extensions", "description", "write")
            if not hasattr(candidate, attribute)
        ]
        return f"not an exporter: it has no {', '.join(missing)}"
    if not callable(candidate.write):
        return "not an exporter: write is not callable"
    if not isinstance(candidate.name, str) or not _NAME.fullmatch(candidate.name):
        return f"invalid name {candidate.name!r}: use lower-case letters, digits, - and _"
    if candidate.name != entry_name:
        return f"its name {candidate.name!r} differs from its entry point's {entry_name!r}"
    for attribute in ("aliases", "extensions"):
        values = getattr(candidate, attribute)
        if not isinstance(values, tuple | list) or not all(isinstance(v, str) for v in values):
            return f"{attribute} must be a tuple of strings"
    if not candidate.extensions:
        return "it declares no file extension"
    bad = [ext for ext in candidate.extensions if not ext.startswith(".") or len(ext) < 2]
    if bad:
        return f"extensions must start with a dot: {', '.join(map(repr, bad))}"
    if not isinstance(candidate.description, str):
        return "description must be a string"
    return None


def _load(entry_point: EntryPoint) -> Exporter | str:
    """Load one entry point: the exporter, or the reason it cannot be used."""
    try:
        loaded = entry_point.load()
        candidate = loaded() if isinstance(loaded, type) else loaded
    except Exception as error:  # any plugin failure is isolated and reported
        return f"failed to load: {type(error).__name__}: {error}"
    try:
        problem = _problem_with(candidate, entry_point.name)
    except Exception as error:  # reading its attributes can fail too
        return f"not an exporter: {type(error).__name__}: {error}"
    if problem is not None:
        return problem
    assert isinstance(candidate, Exporter)
    return candidate


@attrs.frozen
class _Registry:
    exporters: tuple[RegisteredExporter, ...]
    broken: tuple[BrokenExporter, ...]


def _sorted_entry_points(found: Iterable[EntryPoint]) -> list[EntryPoint]:
    # planeval's own formats first, then others by distribution and name, so
    # that a clash always resolves the same way.
    unique = {(ep.name, ep.value, _distribution_name(ep)): ep for ep in found}
    return sorted(
        unique.values(),
        key=lambda ep: (
            _distribution_name(ep) != _OWN_DISTRIBUTION,
            _distribution_name(ep),
            ep.name,
        ),
    )


@functools.cache
def _registry() -> _Registry:
    registered: list[RegisteredExporter] = []
    failed: list[BrokenExporter] = []
    taken: dict[str, RegisteredExporter] = {}
    for entry_point in _sorted_entry_points(_entry_points()):
        distribution = _distribution_name(entry_point)
        loaded = _load(entry_point)
        if isinstance(loaded, Exporter):
            names = [loaded.name, *loaded.aliases]
            clash = next((taken[n.casefold()] for n in names if n.casefold() in taken), None)
            if clash is None:
                entry = RegisteredExporter(exporter=loaded, distribution=distribution)
                registered.append(entry)
                taken.update((n.casefold(), entry) for n in names)
                continue
            loaded = f"its names clash with {clash.name!r} from {clash.distribution}"
        failed.append(
            BrokenExporter(
                name=entry_point.name,
                value=entry_point.value,
                distribution=distribution,
                reason=loaded,
            )
        )
    return _Registry(exporters=tuple(registered), broken=tuple(failed))


def refresh() -> None:
    """Forget the exporters found so far; the next look-up scans the entry points again."""
    _registry.cache_clear()


def available() -> tuple[RegisteredExporter, ...]:
    """Return every usable exporter: planeval's own first, then the plugins'."""
    return _registry().exporters


def builtin() -> tuple[RegisteredExporter, ...]:
    """Return the exporters planeval itself provides."""
    return tuple(entry for entry in available() if entry.builtin)


def broken() -> tuple[BrokenExporter, ...]:
    """Return the entry points that could not be used as exporters, with the reasons."""
    return _registry().broken


def _choices() -> str:
    described = [
        f"{entry.name} ({', '.join([*entry.aliases, *entry.extensions])})" for entry in available()
    ]
    return "; ".join(described) or "none"


def find_exporter(format: str | None = None, path: str | Path | None = None) -> RegisteredExporter:
    """Find the exporter named ``format`` (a name or alias), or else the one for ``path``'s ending.

    Raises :class:`UnknownFormatError`, listing the formats available, when none matches.
    """
    if format is not None:
        wanted = format.casefold()
        for entry in available():
            if wanted in (name.casefold() for name in (entry.name, *entry.aliases)):
                return entry
        raise UnknownFormatError(f"no format named {format!r}; available: {_choices()}")
    if path is None:
        raise UnknownFormatError(f"name a format or an output file; available: {_choices()}")
    file_name = Path(path).name.casefold()
    for entry in available():
        if any(file_name.endswith(ext.casefold()) for ext in entry.extensions):
            return entry
    raise UnknownFormatError(
        f"no format writes files named {Path(path).name!r}; name one with a format "
        f"(-f); available: {_choices()}"
    )


def _configured(entry: RegisteredExporter, options: Mapping[str, object]) -> Exporter:
    """The entry's exporter, or a new one of its class made with ``options``."""
    if not options:
        return entry.exporter
    try:
        configured = type(entry.exporter)(**options)
    except TypeError as error:
        raise ExporterOptionError(
            f"the {entry.name} exporter does not take these options: {error}"
        ) from None
    except ValueError as error:
        raise ExporterOptionError(f"the {entry.name} exporter: {error}") from None
    if not isinstance(configured, Exporter):
        raise ExporterOptionError(f"the {entry.name} exporter takes no options")
    return configured


def export(
    plan: Plan,
    path: str | Path,
    format: str | None = None,
    *,
    locale: str | None = None,
    options: Mapping[str, object] | None = None,
) -> Path:
    """Evaluate ``plan`` and write it to ``path`` in ``format`` (by default from the extension).

    ``locale`` (``ja``, ``en``) overrides the language the plan declares.
    ``options`` are passed to the exporter's class as keyword arguments
    (``options={"chart_limit": 10}`` for ``xlsx``). The file appears complete
    or not at all: when writing fails, no partial file is left and an
    existing file is kept as it was. Raises :class:`UnknownFormatError` when
    no exporter matches, :class:`UnknownLocaleError` for a language without
    labels, :class:`ExporterOptionError` for an option the exporter does not
    take, and :class:`ExportError` when writing fails.
    """
    destination = Path(path)
    entry = find_exporter(format, destination)
    exporter = _configured(entry, options or {})
    try:
        labels = labels_for(plan, locale)
    except ValueError as error:
        raise UnknownLocaleError(str(error)) from None
    report = Report(evaluation=evaluate(plan), labels=labels)
    try:
        with atomic_output(destination) as stream:
            exporter.write(report, stream)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportError(f"cannot write {destination}: {reason}") from error
    except Exception as error:
        raise ExportError(
            f"the {entry.name} exporter ({entry.distribution}) failed writing {destination}: "
            f"{type(error).__name__}: {error}"
        ) from error
    return destination
