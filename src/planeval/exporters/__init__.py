"""Exporters: plugins that write an evaluated plan to a file format.

Formats are found through the ``planeval.exporters`` entry-point group (see
:mod:`planeval.exporters.registry` and ``docs/plugins.md``)::

    from planeval import exporters

    for entry in exporters.available():
        print(entry.name, entry.extensions, entry.distribution)

Listing formats imports none of the libraries the exporters write with.
These names, with :mod:`planeval.report` (the report model an exporter
renders, and the labels), are the API for plugin authors; the modules of the
built-in formats are private.
"""

from planeval.exporters.protocol import Exporter, OutsideToolError, Report
from planeval.exporters.registry import (
    ENTRY_POINT_GROUP,
    BrokenExporter,
    BrokenFormatError,
    ExporterOptionError,
    ExportError,
    OutputPathError,
    RegisteredExporter,
    UnknownFormatError,
    UnknownLocaleError,
    available,
    broken,
    builtin,
    export,
    export_report,
    find_exporter,
    refresh,
    report_for,
    self_contained,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "BrokenExporter",
    "BrokenFormatError",
    "ExportError",
    "Exporter",
    "ExporterOptionError",
    "OutputPathError",
    "OutsideToolError",
    "RegisteredExporter",
    "Report",
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
