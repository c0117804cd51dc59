"""The report layer: labels per language, the phrases built from them, and the report model.

:func:`build_report` decides, once per export, every word and mark a report
prints; exporters render the :class:`ReportModel` it returns.
"""

from planeval.report.build import build_report
from planeval.report.labels import ENGLISH, JAPANESE, LABELS, Labels, labels_for
from planeval.report.model import (
    Cell,
    Figure,
    ReportModel,
    Text,
    cell_text,
    figure_text,
)

__all__ = [
    "ENGLISH",
    "JAPANESE",
    "LABELS",
    "Cell",
    "Figure",
    "Labels",
    "ReportModel",
    "Text",
    "build_report",
    "cell_text",
    "figure_text",
    "labels_for",
]
