"""Exporters: plugins that write an evaluated plan to a file format.

Formats are found through the ``planeval.exporters`` entry-point group (see
:mod:`planeval.exporters.registry` and ``docs/plugins.md``)::

    from planeval import exporters

    for entry in exporters.available():
        print(entry.name, entry.extensions, entry.distribution)

Listing formats imports none of the libraries the exporters write with.
"""

from planeval.exporters.registry import (
    ENTRY_POINT_GROUP,
    BrokenExporter,
    Exporter,
    ExportError,
    RegisteredExporter,
    Report,
    UnknownFormatError,
    UnknownLocaleError,
    available,
    broken,
    builtin,
    export,
    find_exporter,
    refresh,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "BrokenExporter",
    "ExportError",
    "Exporter",
    "RegisteredExporter",
    "Report",
    "UnknownFormatError",
    "UnknownLocaleError",
    "available",
    "broken",
    "builtin",
    "export",
    "find_exporter",
    "refresh",
]
