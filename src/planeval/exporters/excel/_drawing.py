"""The chart sheet's charts, added to the package xlsxwriter wrote.

Each chart is a DrawingML chart part of planeval's own
(:func:`planeval.exporters.drawingml.chart_space`, the Word report's too),
its texts and figures referring to the chart data sheet's cells, with their
values cached. xlsxwriter writes the workbook — the data, the chart sheet's
page set-up — and :func:`chart_entries` gives the parts that draw the
charts: the chart parts, the drawing that anchors each to the chart sheet
(named and described for screen readers: ``xdr:cNvPr`` ``descr``), the
relationships between them and their content types, to be added to the
package with the sheets' cells in one rewrite (:mod:`.._zip`), every other
part copied as xlsxwriter compressed it.

xlsxwriter's own charts were set aside for speed: written by its general
chart writer, 60 charts took four fifths of a 60-KPI workbook's time
(docs/performance.md).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

import attrs

from planeval.exporters.drawingml import (
    CHART_CONTENT_TYPE,
    CHART_RELATIONSHIP,
    SheetCells,
    chart_space,
    graphic_frame_chart,
)
from planeval.exporters.excel._parts import links_part
from planeval.report.model import KpiChart

__all__ = ["ChartGrid", "PlacedChart", "chart_entries"]

_OFFICE_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_R = "http://schemas.openxmlformats.org/package/2006/relationships"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_DRAWING_RELATIONSHIP = f"{_OFFICE_R}/drawing"
_DRAWING_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
_EMU_PER_PIXEL = 9525
#: A worksheet's elements that come after ``drawing``, in the schema's order.
_AFTER_DRAWING = re.compile(
    r"<(?:legacyDrawing|legacyDrawingHF|drawingHF|picture|oleObjects|controls|"
    r"webPublishItems|tableParts|extLst)\b|</worksheet>"
)


@attrs.frozen(kw_only=True)
class PlacedChart:
    """A chart, the cells its texts and figures are in, and its top-left cell on the sheet."""

    chart: KpiChart
    cells: SheetCells
    row: int
    column: int


@attrs.frozen(kw_only=True)
class ChartGrid:
    """In pixels: the chart sheet's columns and rows (each the same size), and a chart's size."""

    column: int
    row: int
    width: int
    height: int


def _anchor(index: int, placed: PlacedChart, grid: ChartGrid) -> str:
    """A chart's anchor: it moves with the cells, keeps its size (as Excel's "oneCell")."""
    to_column, column_offset = divmod(grid.width, grid.column)
    to_row, row_offset = divmod(grid.height, grid.row)
    return (
        '<xdr:twoCellAnchor editAs="oneCell"><xdr:from>'
        f"<xdr:col>{placed.column}</xdr:col><xdr:colOff>0</xdr:colOff>"
        f"<xdr:row>{placed.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to>"
        f"<xdr:col>{placed.column + to_column}</xdr:col>"
        f"<xdr:colOff>{column_offset * _EMU_PER_PIXEL}</xdr:colOff>"
        f"<xdr:row>{placed.row + to_row}</xdr:row>"
        f"<xdr:rowOff>{row_offset * _EMU_PER_PIXEL}</xdr:rowOff></xdr:to>"
        '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>'
        f'<xdr:cNvPr id="{index + 2}" name="Chart {index + 1}" '
        f"descr={quoteattr(placed.chart.description)}/><xdr:cNvGraphicFramePr/>"
        '</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
        f"</xdr:xfrm>{graphic_frame_chart(f'rId{index + 1}')}</xdr:graphicFrame>"
        "<xdr:clientData/></xdr:twoCellAnchor>"
    )


def _relationships(targets: Sequence[tuple[str, str, str]]) -> bytes:
    """A relationships part of (id, type, target) triples."""
    items = "".join(
        f"<Relationship Id={quoteattr(id_)} Type={quoteattr(kind)} Target={quoteattr(target)}/>"
        for id_, kind, target in targets
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PACKAGE_R}">{items}</Relationships>'
    ).encode()


def _sheet_relationships(archive: zipfile.ZipFile, path: str, drawing: str) -> tuple[str, bytes]:
    """The sheet's relationships part ``path`` with one to ``drawing`` added, and its id."""
    targets: list[tuple[str, str, str]] = []
    if path in archive.namelist():
        root = ElementTree.fromstring(archive.read(path))
        targets = [
            (item.get("Id", ""), item.get("Type", ""), item.get("Target", ""))
            for item in root.iter(f"{{{_PACKAGE_R}}}Relationship")
        ]
    taken = {id_ for id_, _, _ in targets}
    new_id = next(f"rId{n}" for n in range(1, len(taken) + 2) if f"rId{n}" not in taken)
    targets.append((new_id, _DRAWING_RELATIONSHIP, f"../drawings/{drawing.rpartition('/')[2]}"))
    return new_id, _relationships(targets)


def _with_drawing(sheet_xml: bytes, relationship: str) -> bytes:
    """The worksheet's XML with its ``drawing`` element, where the schema puts it."""
    text = sheet_xml.decode()
    if "<drawing " in text:
        raise ValueError("the chart sheet has a drawing already")
    at = _AFTER_DRAWING.search(text)
    if at is None:
        raise ValueError("a worksheet without its end tag")
    element = f'<drawing r:id="{relationship}"/>'
    return (text[: at.start()] + element + text[at.start() :]).encode()


def _content_types(types_xml: bytes, parts: Sequence[tuple[str, str]]) -> bytes:
    """``[Content_Types].xml`` with an override for each (part name, content type)."""
    text = types_xml.decode()
    overrides = "".join(
        f'<Override PartName="/{escape(name)}" ContentType="{kind}"/>' for name, kind in parts
    )
    return text.replace("</Types>", f"{overrides}</Types>").encode()


def _drawing_parts(
    placed: Sequence[PlacedChart], charts: Sequence[str], grid: ChartGrid
) -> tuple[bytes, bytes]:
    """The drawing's XML, an anchor a chart, and its relationships to the chart parts."""
    anchors = "".join(_anchor(index, chart, grid) for index, chart in enumerate(placed))
    drawing = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<xdr:wsDr xmlns:xdr="{_XDR}" xmlns:a="{_A}">{anchors}</xdr:wsDr>'
    ).encode()
    links = [
        (f"rId{index + 1}", CHART_RELATIONSHIP, f"../charts/{name.rpartition('/')[2]}")
        for index, name in enumerate(charts)
    ]
    return drawing, _relationships(links)


def _next_number(names: set[str], pattern: str) -> int:
    """One more than the number of parts named like ``pattern``: the next to add (1 if none)."""
    return 1 + sum(bool(re.fullmatch(pattern, name)) for name in names)


def chart_entries(
    archive: zipfile.ZipFile,
    replaced: Mapping[str, bytes],
    part: str,
    placed: Sequence[PlacedChart],
    font: str,
    grid: ChartGrid,
) -> tuple[dict[str, bytes], list[tuple[str, bytes]]]:
    """The entries that draw the ``placed`` charts on the worksheet whose part is ``part``.

    ``replaced`` are the package's parts already rewritten (the sheets with
    their cells): the chart sheet is taken from them where it is one. Returns
    them with the chart sheet and the content types rewritten, and the
    entries to add: the chart parts, the drawing and the relationships.
    """
    names = set(archive.namelist())
    number = _next_number(names, r"xl/drawings/drawing\d+\.xml")
    first_chart = _next_number(names, r"xl/charts/chart\d+\.xml")
    drawing = f"xl/drawings/drawing{number}.xml"
    charts = [f"xl/charts/chart{first_chart + index}.xml" for index in range(len(placed))]
    sheet_links_part = links_part(part)
    relationship, sheet_links = _sheet_relationships(archive, sheet_links_part, drawing)
    drawing_xml, drawing_links = _drawing_parts(placed, charts, grid)
    kinds = [(name, CHART_CONTENT_TYPE) for name in charts] + [(drawing, _DRAWING_CONTENT_TYPE)]
    sheet_xml = replaced[part] if part in replaced else archive.read(part)
    rewritten_parts = {
        **replaced,
        "[Content_Types].xml": _content_types(archive.read("[Content_Types].xml"), kinds),
        part: _with_drawing(sheet_xml, relationship),
    }
    added = [
        (name, chart_space(item.chart, font, item.cells))
        for name, item in zip(charts, placed, strict=True)
    ]
    added.append((drawing, drawing_xml))
    if sheet_links_part in names:
        rewritten_parts[sheet_links_part] = sheet_links
    else:
        added.append((sheet_links_part, sheet_links))
    added.append((links_part(drawing), drawing_links))
    return rewritten_parts, added
