"""The Word exporter: the evaluation as the document a city hands its committee.

The body is laid out from the report model (``_layout``) with OOXML building
blocks (``_ooxml``), built as XML text in one pass; the package around it
(``_package``, python-docx's template styled once per language) sets
Japanese typography (the East Asian font on every style, A4 pages, real
heading styles, so the document has an outline), a native chart per KPI
after the KPI table (``_charts``), the label (資料２) and meeting line in the
header, page numbers in the footer, and fixed properties and timestamps, so
that the same plan gives the same bytes. python-docx is imported only when
the first report is written.
"""

from __future__ import annotations

from typing import BinaryIO

from planeval.exporters.protocol import Report
from planeval.exporters.word._charts import chart_parts
from planeval.exporters.word._layout import body_blocks
from planeval.exporters.word._package import chart_font, word_template

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
        model = report.model
        locale = report.labels.locale
        template = word_template(locale)
        charts = chart_parts(model.charts, chart_font(locale))
        chart_ids = template.chart_ids(len(charts))
        blocks = body_blocks(model, report.labels, template.page_section, chart_ids)
        stream.write(template.report(blocks, model.document, charts))
