"""A report model's chart as a DrawingML chart part, the native chart of Word and Excel.

:func:`chart_space` writes one :class:`~planeval.report.model.KpiChart` as
the XML of a chart part (``c:chartSpace``): a line chart of every series in
the design every format shares (:data:`~planeval.report.model.CHART_STYLES`),
years without a value as gaps (``c:dispBlanksAs="gap"``), the value axis of
the report model's ticks. The figures are written as their exact decimal
text: no float anywhere.

Where the chart's figures come from is the one difference between the two
formats. A Word chart holds them as literal values (``c:strLit``,
``c:numLit``: no embedded workbook); an Excel chart refers to the cells of
its workbook's chart data sheet (:class:`SheetCells`), with their values
cached beside each reference, so that a spreadsheet draws it before it
recalculates. Word, Excel and LibreOffice all draw a chart from its cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

import attrs

from planeval.report.model import CHART_STYLES, ChartSeries, KpiChart

__all__ = [
    "CHART_CONTENT_TYPE",
    "CHART_RELATIONSHIP",
    "SheetCells",
    "chart_space",
    "graphic_frame_chart",
]

#: The content type of a chart part.
CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
#: The relationship type from a document or a drawing to a chart part.
CHART_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DASHES = {"solid": "solid", "dash": "dash", "dot": "sysDot"}
_CATEGORY_AXIS, _VALUE_AXIS = 500000001, 500000002


@attrs.frozen(kw_only=True)
class SheetCells:
    """Where a chart's texts and figures are on a sheet, as absolute references.

    ``title`` and ``unit`` are one cell each (``'Chart data'!$A$2``);
    ``names`` one cell per series, in the chart's order; ``categories`` the
    row of the category labels (``'Chart data'!$D$2:$J$2``); ``values`` one
    row per series.
    """

    title: str
    unit: str
    names: tuple[str, ...]
    categories: str
    values: tuple[str, ...]


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour.lstrip("#")}"/></a:solidFill>'


def _cached(kind: str, values: Sequence[str | None]) -> str:
    """A cache's (or a literal's) points, a missing one left out (a gap)."""
    code = "<c:formatCode>General</c:formatCode>" if kind == "num" else ""
    numbers = kind == "num"  # digits need no escaping
    points = "".join(
        f'<c:pt idx="{index}"><c:v>{value if numbers else escape(value)}</c:v></c:pt>'
        for index, value in enumerate(values)
        if value is not None
    )
    return f'{code}<c:ptCount val="{len(values)}"/>{points}'


def _data(kind: str, values: Sequence[str | None], reference: str | None) -> str:
    """A ``c:strLit``/``c:numLit`` of the values, or a ``c:strRef``/``c:numRef`` with its cache."""
    if reference is None:
        return f"<c:{kind}Lit>{_cached(kind, values)}</c:{kind}Lit>"
    cache = f"<c:{kind}Cache>{_cached(kind, values)}</c:{kind}Cache>"
    return f"<c:{kind}Ref><c:f>{escape(reference)}</c:f>{cache}</c:{kind}Ref>"


def _title(text: str, size: int, *, bold: bool, reference: str | None) -> str:
    """A chart's or an axis's title: its text as a run, or a reference to its cell."""
    weight = ' b="1"' if bold else ' b="0"'
    if reference is None:
        return (
            f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}"'
            f'{weight}/></a:pPr><a:r><a:rPr sz="{size}"{weight}/><a:t>{escape(text)}</a:t></a:r>'
            '</a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
        )
    # The schema's order: tx, overlay, then txPr (Excel refuses a chart out of order).
    return (
        f'<c:title><c:tx>{_data("str", (text,), reference)}</c:tx><c:overlay val="0"/>'
        f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}"{weight}/></a:pPr>'
        '<a:endParaRPr lang="ja-JP"/></a:p></c:txPr></c:title>'
    )


def _decimal_text(point: Decimal | None) -> str | None:
    # The exact value as plain decimal text (no exponent), as the cache holds numbers.
    return None if point is None else format(point, "f")


def _line(line: ChartSeries) -> str:
    """The series' line and markers in the shared design."""
    style = CHART_STYLES[line.role]
    if style.dash is None:
        stroke = "<a:ln><a:noFill/></a:ln>"
    else:
        dash = f'<a:prstDash val="{_DASHES[style.dash]}"/>'
        stroke = f'<a:ln w="25400" cap="rnd">{_fill(style.colour)}{dash}</a:ln>'
    if style.marker is None:
        return f'<c:spPr>{stroke}</c:spPr><c:marker><c:symbol val="none"/></c:marker>'
    size = 8 if style.dash is None else 6
    return (
        f'<c:spPr>{stroke}</c:spPr><c:marker><c:symbol val="{style.marker}"/>'
        f'<c:size val="{size}"/><c:spPr>{_fill(style.colour)}<a:ln>{_fill(style.colour)}</a:ln>'
        "</c:spPr></c:marker>"
    )


def _series(chart: KpiChart, index: int, categories: str, cells: SheetCells | None) -> str:
    """One series; ``categories`` is the chart's ``c:cat`` content, the same for each."""
    line = chart.series[index]
    if cells is None:
        name, values = f"<c:v>{escape(line.name)}</c:v>", None
    else:
        name, values = _data("str", (line.name,), cells.names[index]), cells.values[index]
    points = tuple(_decimal_text(point) for point in line.points)
    return (
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/><c:tx>{name}</c:tx>{_line(line)}'
        f"<c:cat>{categories}</c:cat>"
        f'<c:val>{_data("num", points, values)}</c:val><c:smooth val="0"/></c:ser>'
    )


def _axes(chart: KpiChart, unit_cell: str | None) -> str:
    grid = f'<c:majorGridlines><c:spPr><a:ln w="6350">{_fill("#D9D9D9")}</a:ln></c:spPr>'
    unit = _title(chart.unit, 900, bold=False, reference=unit_cell)
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
        f"</c:majorGridlines>{unit}"
        '<c:numFmt formatCode="#,##0.##" sourceLinked="0"/><c:majorTickMark val="out"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="{_CATEGORY_AXIS}"/><c:crosses val="autoZero"/>'
        '<c:crossBetween val="between"/>'
        f'<c:majorUnit val="{format(chart.ticks[1] - chart.ticks[0], "f")}"/></c:valAx>'
    )


def chart_space(chart: KpiChart, font: str, cells: SheetCells | None = None) -> bytes:
    """The chart part's XML: a line chart of every series, gaps kept, its text in ``font``.

    With ``cells``, the texts and figures refer to those cells, their values
    cached (a spreadsheet's chart); without, they are literal (a document's).
    """
    title_cell = None if cells is None else cells.title
    categories = _data("str", chart.categories, None if cells is None else cells.categories)
    series = "".join(_series(chart, index, categories, cells) for index in range(len(chart.series)))
    text_font = (
        '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900">'
        f"<a:latin typeface={quoteattr(font)}/><a:ea typeface={quoteattr(font)}/>"
        '</a:defRPr></a:pPr><a:endParaRPr lang="ja-JP"/></a:p></c:txPr>'
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{_CHART_URI}" xmlns:a="{_A}" xmlns:r="{_R}">'
        '<c:roundedCorners val="0"/><c:chart>'
        f'{_title(chart.title, 1100, bold=True, reference=title_cell)}<c:autoTitleDeleted val="0"/>'
        '<c:plotArea><c:layout/><c:lineChart><c:grouping val="standard"/>'
        f'<c:varyColors val="0"/>{series}<c:marker val="1"/>'
        f'<c:axId val="{_CATEGORY_AXIS}"/><c:axId val="{_VALUE_AXIS}"/></c:lineChart>'
        f"{_axes(chart, None if cells is None else cells.unit)}</c:plotArea>"
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/>'
        '</c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        f"{text_font}</c:chartSpace>"
    )
    return xml.encode()


def graphic_frame_chart(relationship: str) -> str:
    """The ``a:graphic`` that shows the chart part of ``relationship`` in a drawing."""
    return (
        f'<a:graphic xmlns:a="{_A}"><a:graphicData uri="{_CHART_URI}">'
        f'<c:chart xmlns:c="{_CHART_URI}" xmlns:r="{_R}" r:id="{relationship}"/>'
        "</a:graphicData></a:graphic>"
    )
