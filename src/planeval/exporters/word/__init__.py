"""The Word exporter: the evaluation as the document a city hands its committee.

The body is laid out from the report model (``_layout``) with OOXML building
blocks (``_ooxml``), built as XML in one pass and inserted at once; the
package around it (``_package``) sets Japanese typography (the East Asian
font on every style, A4 pages, real heading styles, so the document has an
outline), a native chart per KPI after the KPI table (``_charts``), the
label (資料２) and meeting line in the header, page numbers in the footer,
and fixed properties and timestamps, so that the same plan gives the same
bytes. python-docx is imported only when a report is written.
"""

from __future__ import annotations

from typing import BinaryIO

from planeval.exporters.protocol import Report
from planeval.exporters.word._charts import add_chart_parts
from planeval.exporters.word._layout import body_blocks
from planeval.exporters.word._package import chart_font, new_document, save

__all__ = ["WordExporter"]


class WordExporter:
    """Writes the evaluation as a Word report (.docx) with python-docx."""

    name = "docx"
    aliases = ("word",)
    extensions = (".docx",)
    description = (
        "Word report: the KPI table, a chart per KPI, the review of each measure, the next plan"
    )

    def write(self, report: Report, stream: BinaryIO) -> None:
        """Write ``report`` as a .docx report to ``stream``."""
        info = report.model.document
        locale = report.labels.locale
        document, landscape = new_document(info, locale)
        chart_ids = add_chart_parts(document, report.model.charts, chart_font(locale))
        blocks = body_blocks(report.model, report.labels, landscape, tuple(chart_ids))
        stream.write(save(document, blocks, info))
