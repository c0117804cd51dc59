"""The exporter registry: formats found through the ``planeval.exporters`` entry points.

planeval's own formats are registered the same way as a third party's, in
its ``pyproject.toml``. Loading an entry point imports only the exporter's
small module; the library it writes with (xlsxwriter, python-docx) is
imported when it writes. planeval's own formats are looked up without
loading a third party's entry point (:mod:`planeval._plugins`), so a plugin
that hangs or fails at import cannot block or break them. A plugin that
fails to import — whatever it raises but ``KeyboardInterrupt`` — or is not
a valid exporter, is recorded with the reason and does not break the others.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import attrs

from planeval._files import OutputPathError as FileOutputPathError
from planeval._files import ReadOnlyOutputError, check_output_path, write_atomically
from planeval._plugins import BrokenPlugin, Named, PluginKind, Registry, contained
from planeval.evaluation import evaluate
from planeval.exporters.protocol import Exporter, ExportError, OutsideToolError, Report
from planeval.model import Plan
from planeval.report.labels import labels_for

__all__ = [
    "ENTRY_POINT_GROUP",
    "BrokenExporter",
    "BrokenFormatError",
    "ExportError",
    "ExporterOptionError",
    "OutputPathError",
    "OutsideToolError",
    "RegisteredExporter",
    "UnknownFormatError",
    "UnknownLocaleError",
    "available",
    "broken",
    "builtin",
    "export",
    "export_report",
    "find_exporter",
    "refresh",
    "report_for",
    "self_contained",
]

#: The entry-point group exporters register in.
ENTRY_POINT_GROUP = "planeval.exporters"


@attrs.frozen(kw_only=True)
class RegisteredExporter(Named):
    """An exporter found in the registry, with the distribution it comes from.

    ``name``, ``extensions`` (the file endings the format writes) and
    ``builtin`` (whether planeval itself provides the format) are the exporter's.
    """

    exporter: Exporter
    distribution: str

    @property
    def plugin(self) -> Exporter:
        """The exporter."""
        return self.exporter

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other names of the format."""
        return tuple(self.exporter.aliases)


@attrs.frozen(kw_only=True)
class BrokenExporter(BrokenPlugin):
    """An entry point that could not be used as an exporter, and why."""


class UnknownFormatError(ValueError):
    """No exporter matches the format name or the output file's extension."""


class UnknownLocaleError(ValueError):
    """No labels exist for the language asked for."""


class OutputPathError(ExportError, FileOutputPathError):
    """The output path is empty, or names something not to replace; nothing is written.

    That is a FIFO, a device node, a directory, a socket, a symbolic link to
    a missing file, or — ``read_only`` then true — a file its owner may not
    write, unless ``overwrite_read_only``. It is also a :class:`ValueError`.
    """

    def __init__(self, message: str, *, read_only: bool = False) -> None:
        super().__init__(message)
        self.read_only = read_only


class BrokenFormatError(UnknownFormatError):
    """The format asked for exists, but its plugin cannot be used; the message says why."""


class ExporterOptionError(ValueError):
    """An option given to an exporter is not one it takes, or its value is not valid."""


#: planeval's own formats, as its ``pyproject.toml`` registers them: used when
#: the package's metadata is not installed (a source checkout on PYTHONPATH).
_BUILTIN_ENTRY_POINTS = {
    "json": "planeval.exporters.json_export:JsonExporter",
    "xlsx": "planeval.exporters.excel:ExcelExporter",
    "docx": "planeval.exporters.word:WordExporter",
    "csv": "planeval.exporters.csv_export:CsvExporter",
    "pdf": "planeval.exporters.pdf:PdfExporter",
    "html": "planeval.exporters.html:HtmlExporter",
}


_EXPORTER = PluginKind(
    article="an exporter",
    field="exporter",
    protocol=Exporter,
    attributes=("name", "aliases", "extensions", "description", "write"),
    method="write",
    sequences=("aliases", "extensions"),
)
_REGISTRY = Registry(
    ENTRY_POINT_GROUP,
    _BUILTIN_ENTRY_POINTS,
    _EXPORTER,
    RegisteredExporter,
    BrokenExporter,
)


#: The registry's look-ups, as the module's functions.
refresh = _REGISTRY.refresh
available = _REGISTRY.available
builtin = _REGISTRY.builtin
broken = _REGISTRY.broken


def self_contained() -> tuple[RegisteredExporter, ...]:
    """The formats of planeval's own that run no program outside Python (``export --all``).

    A format that names programs it runs (``programs``, such as ``pdf``'s
    LibreOffice) is left out, so that the set of files does not change with
    what a machine has installed.
    """
    return tuple(entry for entry in builtin() if not getattr(entry.exporter, "programs", ()))


def _choices() -> str:
    described = [
        f"{entry.name} ({', '.join([*entry.aliases, *entry.extensions])})" for entry in available()
    ]
    return "; ".join(described) or "none"


def _find_named(format: str) -> RegisteredExporter:
    # A plugin is loaded only when a request needs it (see Registry.by_name).
    found = _REGISTRY.by_name(format.casefold())
    if isinstance(found, BrokenExporter):
        raise BrokenFormatError(
            f"the format {found.name!r} ({found.distribution}, {found.value}) is "
            f"installed but broken: {found.reason}"
        )
    if found is None:
        raise UnknownFormatError(f"no format named {format!r}; available: {_choices()}")
    return found


def find_exporter(format: str | None = None, path: str | Path | None = None) -> RegisteredExporter:
    """Find the exporter named ``format`` (a name or alias), or else the one for ``path``'s ending.

    planeval's own formats are looked up first, without loading any
    plugin; a plugin's entry point is loaded only when no built-in matches.
    Raises :class:`BrokenFormatError` when the format named is a plugin that
    cannot be used, saying why, and :class:`UnknownFormatError`, listing the
    formats available, when none matches.
    """
    if format is not None:
        return _find_named(format)
    if path is None:
        raise UnknownFormatError(f"name a format or an output file; available: {_choices()}")
    found = _REGISTRY.by_extension(Path(path).name.casefold())
    if found is not None:
        return found
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
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # the plugin's own code: contained, and named
        raise ExportError(
            f"the {entry.name} exporter ({entry.distribution}) failed to start: {contained(error)}"
        ) from error
    if not isinstance(configured, Exporter):
        raise ExporterOptionError(f"the {entry.name} exporter takes no options")
    return configured


def _render(entry: RegisteredExporter, exporter: Exporter, report: Report, target: Path) -> bytes:
    """The whole file, in memory: nothing touches the disk while the plugin runs."""
    buffer = io.BytesIO()
    failed = f"the {entry.name} exporter ({entry.distribution}) failed writing {target}"
    try:
        exporter.write(report, buffer)
    except KeyboardInterrupt:
        raise  # Ctrl-C is the user's: the caller decides what it means
    except OutsideToolError:
        raise  # a program or font to install: its message says which, in the report's language
    except BaseException as error:  # SystemExit, GeneratorExit, its own OSError: all the plugin's
        raise ExportError(f"{failed}: {contained(error)}") from error
    if buffer.closed:
        raise ExportError(f"{failed}: it closed the stream")
    return buffer.getvalue()


def report_for(plan: Plan, locale: str | None = None) -> Report:
    """What :func:`export` gives an exporter for ``plan``: its evaluation and the labels.

    ``locale`` (``ja``, ``en``) overrides the language the plan declares.
    Raises :class:`~planeval.errors.PlanError` for a plan that
    :func:`~planeval.validation.check_plan` rejects, and
    :class:`UnknownLocaleError` for a language without labels.
    """
    evaluation = evaluate(plan)  # a plan check_plan rejects raises PlanError here
    try:
        labels = labels_for(plan, locale)
    except ValueError as error:
        raise UnknownLocaleError(str(error)) from None
    return Report(evaluation=evaluation, labels=labels)


def _checked(path: str | Path, overwrite_read_only: bool) -> Path:
    try:
        check_output_path(path, overwrite_read_only=overwrite_read_only)
    except FileOutputPathError as error:
        raise _path_error(error) from None
    return Path(path)


def _path_error(error: FileOutputPathError) -> OutputPathError:
    return OutputPathError(str(error), read_only=isinstance(error, ReadOnlyOutputError))


def export(
    plan: Plan,
    path: str | Path,
    format: str | None = None,
    *,
    locale: str | None = None,
    options: Mapping[str, object] | None = None,
    overwrite_read_only: bool = False,
) -> Path:
    """Evaluate ``plan`` and write it to ``path`` in ``format`` (by default from the extension).

    ``locale`` (``ja``, ``en``) overrides the language the plan declares.
    ``options`` are passed to the exporter's class as keyword arguments
    (``options={"chart_limit": 10}`` for ``xlsx``). The exporter writes into
    memory; the finished bytes then replace ``path`` atomically: when writing
    fails, no partial file is left and an existing file is kept as it was.
    An existing file keeps its permission bits; a new one gets ``0o666``
    less the umask. A symbolic link at ``path`` is followed: its target is
    replaced and the link stays. A file its owner may not write is replaced
    only with ``overwrite_read_only=True``.

    Raises :class:`~planeval.errors.PlanError` for a plan that
    :func:`~planeval.validation.check_plan` rejects (through
    :func:`~planeval.evaluation.evaluate`, before anything is written),
    :class:`UnknownFormatError` (or :class:`BrokenFormatError`) when
    no usable exporter matches, :class:`UnknownLocaleError` for a language
    without labels, :class:`ExporterOptionError` for an option the exporter
    does not take, :class:`OutputPathError` for a path not to write (empty,
    not a regular file, read-only), :class:`OutsideToolError` (an
    :class:`ExportError`) when a program the format runs is missing,
    and :class:`ExportError` when the
    exporter fails — whatever it raises, ``SystemExit`` included — or the
    file cannot be written. :class:`KeyboardInterrupt` goes through.
    """
    # The path, the format and its options are checked before the plan is evaluated.
    target = _target(path, format, options, overwrite_read_only)
    return _write(target, report_for(plan, locale), overwrite_read_only)


def export_report(
    report: Report,
    path: str | Path,
    format: str | None = None,
    *,
    options: Mapping[str, object] | None = None,
    overwrite_read_only: bool = False,
) -> Path:
    """Write a report made by :func:`report_for` to ``path``, as :func:`export` does.

    It raises what :func:`export` raises, but for the plan's and the
    language's errors, which :func:`report_for` raised already.
    """
    target = _target(path, format, options, overwrite_read_only)
    return _write(target, report, overwrite_read_only)


def _target(
    path: str | Path,
    format: str | None,
    options: Mapping[str, object] | None,
    overwrite_read_only: bool,
) -> tuple[Path, RegisteredExporter, Exporter]:
    """The destination checked, the format's entry, and its exporter made with ``options``."""
    destination = _checked(path, overwrite_read_only)
    entry = find_exporter(format, destination)
    return destination, entry, _configured(entry, options or {})


def _write(
    target: tuple[Path, RegisteredExporter, Exporter], report: Report, overwrite_read_only: bool
) -> Path:
    destination, entry, exporter = target
    data = _render(entry, exporter, report, destination)
    try:
        write_atomically(destination, data, overwrite_read_only=overwrite_read_only)
    except FileOutputPathError as error:  # it changed while the report was made
        raise _path_error(error) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportError(f"cannot write {destination}: {reason}") from error
    return destination
