"""The Word report's charts: a native DrawingML chart per KPI, with its alt text.

Each :class:`~planeval.report.model.KpiChart` becomes a chart part
(``word/charts/chartN.xml``, :func:`planeval.exporters.drawingml.chart_space`)
holding its figures as literal values (no embedded workbook); and an inline
drawing in the body that shows it, named by the chart's title and described
by its description (``wp:docPr`` ``title`` and ``descr``).

Why a native chart rather than a picture drawn by a plotting library or an
SVG with a PNG fallback: docs/performance.md (it was measured).
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from planeval.exporters.drawingml import chart_space, graphic_frame_chart
from planeval.report.model import KpiChart

__all__ = ["chart_paragraph", "chart_parts"]

_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#: A chart's size in EMU: 15.5 cm by 7.5 cm, three to a portrait A4 page.
_WIDTH, _HEIGHT = 5580000, 2700000
#: Drawing ids start here, clear of any the template's parts use.
_FIRST_DRAWING_ID = 1000


def chart_parts(charts: tuple[KpiChart, ...], font: str) -> list[bytes]:
    """The chart part of each chart, its text in ``font``, in the charts' order."""
    return [chart_space(chart, font) for chart in charts]


def chart_paragraph(chart: KpiChart, relationship: str, index: int) -> str:
    """A centred paragraph holding the chart inline, named and described for screen readers."""
    drawing_id = _FIRST_DRAWING_ID + index
    return (
        '<w:p><w:pPr><w:spacing w:before="120" w:after="120"/><w:jc w:val="center"/></w:pPr>'
        f'<w:r><w:drawing><wp:inline xmlns:wp="{_WP}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{_WIDTH}" cy="{_HEIGHT}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{drawing_id}" name="Chart {index + 1}" title={quoteattr(chart.title)} '
        f"descr={quoteattr(chart.description)}/><wp:cNvGraphicFramePr/>"
        f"{graphic_frame_chart(relationship)}</wp:inline></w:drawing></w:r></w:p>"
    )
