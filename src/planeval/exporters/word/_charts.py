"""The Word report's charts: a native DrawingML chart per KPI, with its alt text.

Each :class:`~planeval.report.model.KpiChart` becomes a chart part
(``word/charts/chartN.xml``) holding its figures as literal cached values
(``c:strLit``, ``c:numLit``: no embedded workbook), drawn in the design every
format shares (:data:`~planeval.report.model.CHART_STYLES`), years without a
value as gaps (``c:dispBlanksAs="gap"``); and an inline drawing in the
body that shows it, named by the chart's title and described by its
description (``wp:docPr`` ``title`` and ``descr``). Word and LibreOffice
both draw such a chart from its cached values. The figures are written as
their exact decimal text: no float anywhere.

Why a native chart rather than a picture drawn by a plotting library or an
SVG with a PNG fallback: docs/performance.md (it was measured).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from planeval.report.model import CHART_STYLES, ChartSeries, KpiChart

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["CHART_CONTENT_TYPE", "add_chart_parts", "chart_paragraph", "chart_space"]

#: The content type of a chart part.
CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#: A chart's size in EMU: 15.5 cm by 7.5 cm, three to a portrait A4 page.
_WIDTH, _HEIGHT = 5580000, 2700000
#: Drawing ids start here, clear of any the template's parts use.
_FIRST_DRAWING_ID = 1000
_DASHES = {"solid": "solid", "dash": "dash", "dot": "sysDot"}
_CATEGORY_AXIS, _VALUE_AXIS = 500000001, 500000002


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour.lstrip("#")}"/></a:solidFill>'


def _rich(text: str, size: int, *, bold: bool) -> str:
    """A title's text run."""
    weight = ' b="1"' if bold else ' b="0"'
    return (
        f'<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}"{weight}/>'
        f'</a:pPr><a:r><a:rPr sz="{size}"{weight}/><a:t>{escape(text)}</a:t></a:r></a:p>'
        '</c:rich></c:tx><c:overlay val="0"/>'
    )


def _literal(kind: str, values: tuple[str | None, ...]) -> str:
    """A ``c:strLit`` or ``c:numLit`` of the values given, a missing one left out (a gap)."""
    code = "<c:formatCode>General</c:formatCode>" if kind == "num" else ""
    points = "".join(
        f'<c:pt idx="{index}"><c:v>{escape(value)}</c:v></c:pt>'
        for index, value in enumerate(values)
        if value is not None
    )
    return f'<c:{kind}Lit>{code}<c:ptCount val="{len(values)}"/>{points}</c:{kind}Lit>'


def _decimal_text(point: Decimal | None) -> str | None:
    # The exact value as plain decimal text (no exponent), as the cache holds numbers.
    return None if point is None else format(point, "f")


def _series(index: int, line: ChartSeries, categories: str) -> str:
    style = CHART_STYLES[line.role]
    if style.dash is None:
        stroke = "<a:ln><a:noFill/></a:ln>"
    else:
        dash = f'<a:prstDash val="{_DASHES[style.dash]}"/>'
        stroke = f'<a:ln w="25400" cap="rnd">{_fill(style.colour)}{dash}</a:ln>'
    if style.marker is None:
        marker = '<c:marker><c:symbol val="none"/></c:marker>'
    else:
        size = 8 if style.dash is None else 6
        marker = (
            f'<c:marker><c:symbol val="{style.marker}"/><c:size val="{size}"/>'
            f"<c:spPr>{_fill(style.colour)}<a:ln>{_fill(style.colour)}</a:ln></c:spPr></c:marker>"
        )
    values = _literal("num", tuple(_decimal_text(point) for point in line.points))
    return (
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
        f"<c:tx><c:v>{escape(line.name)}</c:v></c:tx><c:spPr>{stroke}</c:spPr>{marker}"
        f'<c:cat>{categories}</c:cat><c:val>{values}</c:val><c:smooth val="0"/></c:ser>'
    )


def _axes(chart: KpiChart) -> str:
    grid = f'<c:majorGridlines><c:spPr><a:ln w="6350">{_fill("#D9D9D9")}</a:ln></c:spPr>'
    return (
        f'<c:catAx><c:axId val="{_CATEGORY_AXIS}"/><c:scaling><c:orientation val="minMax"/>'
        '</c:scaling><c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" '
        'sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="low"/><c:crossAx val="{_VALUE_AXIS}"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/>'
        f'</c:catAx><c:valAx><c:axId val="{_VALUE_AXIS}"/><c:scaling>'
        f'<c:orientation val="minMax"/><c:max val="{format(chart.ticks[-1], "f")}"/>'
        f'<c:min val="{format(chart.ticks[0], "f")}"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="l"/>{grid}'
        f"</c:majorGridlines><c:title>{_rich(chart.unit, 900, bold=False)}</c:title>"
        '<c:numFmt formatCode="#,##0.##" sourceLinked="0"/><c:majorTickMark val="out"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="{_CATEGORY_AXIS}"/><c:crosses val="autoZero"/>'
        '<c:crossBetween val="between"/>'
        f'<c:majorUnit val="{format(chart.ticks[1] - chart.ticks[0], "f")}"/></c:valAx>'
    )


def chart_space(chart: KpiChart, font: str) -> bytes:
    """The chart part's XML: a line chart of every series, its cached values, gaps kept."""
    categories = _literal("str", chart.categories)
    series = "".join(_series(index, line, categories) for index, line in enumerate(chart.series))
    text_font = (
        '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900">'
        f"<a:latin typeface={quoteattr(font)}/><a:ea typeface={quoteattr(font)}/>"
        '</a:defRPr></a:pPr><a:endParaRPr lang="ja-JP"/></a:p></c:txPr>'
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{_CHART_URI}" xmlns:a="{_A}" xmlns:r="{_R}">'
        '<c:roundedCorners val="0"/><c:chart>'
        f'<c:title>{_rich(chart.title, 1100, bold=True)}</c:title><c:autoTitleDeleted val="0"/>'
        '<c:plotArea><c:layout/><c:lineChart><c:grouping val="standard"/>'
        f'<c:varyColors val="0"/>{series}<c:marker val="1"/>'
        f'<c:axId val="{_CATEGORY_AXIS}"/><c:axId val="{_VALUE_AXIS}"/></c:lineChart>'
        f'{_axes(chart)}</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/>'
        '</c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        f"{text_font}</c:chartSpace>"
    )
    return xml.encode()


def add_chart_parts(document: Document, charts: tuple[KpiChart, ...], font: str) -> list[str]:
    """Add a chart part per chart to the document; return the relationship id of each."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    ids = []
    for number, chart in enumerate(charts, start=1):
        name = PackURI(f"/word/charts/chart{number}.xml")
        part = Part(name, CHART_CONTENT_TYPE, chart_space(chart, font), package)
        ids.append(document.part.relate_to(part, RELATIONSHIP_TYPE.CHART))
    return ids


def chart_paragraph(chart: KpiChart, relationship: str, index: int) -> str:
    """A centred paragraph holding the chart inline, named and described for screen readers."""
    drawing_id = _FIRST_DRAWING_ID + index
    return (
        '<w:p><w:pPr><w:spacing w:before="120" w:after="120"/><w:jc w:val="center"/></w:pPr>'
        f'<w:r><w:drawing><wp:inline xmlns:wp="{_WP}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{_WIDTH}" cy="{_HEIGHT}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{drawing_id}" name="Chart {index + 1}" title={quoteattr(chart.title)} '
        f"descr={quoteattr(chart.description)}/><wp:cNvGraphicFramePr/>"
        f'<a:graphic xmlns:a="{_A}"><a:graphicData uri="{_CHART_URI}">'
        f'<c:chart xmlns:c="{_CHART_URI}" xmlns:r="{_R}" r:id="{relationship}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
