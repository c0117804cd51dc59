"""The DrawingML charts and the Excel drawing follow the schema's order of elements.

Excel refuses a part whose elements come out of the order ECMA-376 gives
(dml-chart.xsd, dml-spreadsheetDrawing.xsd: "We found a problem with some
content"), where LibreOffice and openpyxl read it all the same. The
sequences below are the schema's, for every element the charts write.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

import pytest

import planeval
from planeval.exporters import report_for
from planeval.exporters.excel import ExcelExporter
from planeval.exporters.word import WordExporter

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"

#: Each element's children, in the order the schema allows them.
SEQUENCES = {
    f"{C}chartSpace": "date1904 lang roundedCorners style clrMapOvr pivotSource protection "
    "chart spPr txPr externalData printSettings userShapes extLst",
    f"{C}chart": "title autoTitleDeleted pivotFmts view3D floor sideWall backWall plotArea "
    "legend plotVisOnly dispBlanksAs extLst",
    f"{C}title": "tx layout overlay spPr txPr extLst",
    f"{C}plotArea": "layout lineChart catAx valAx dTable spPr extLst",
    f"{C}lineChart": "grouping varyColors ser dLbls dropLines hiLowLines upDownBars marker "
    "smoothMarker axId extLst",
    f"{C}ser": "idx order tx spPr marker dPt dLbls trendline errBars cat val smooth extLst",
    f"{C}marker": "symbol size spPr extLst",
    f"{C}catAx": "axId scaling delete axPos majorGridlines minorGridlines title numFmt "
    "majorTickMark minorTickMark tickLblPos spPr txPr crossAx crosses crossesAt auto lblAlgn "
    "lblOffset tickLblSkip tickMarkSkip noMultiLvlLbl extLst",
    f"{C}valAx": "axId scaling delete axPos majorGridlines minorGridlines title numFmt "
    "majorTickMark minorTickMark tickLblPos spPr txPr crossAx crosses crossesAt crossBetween "
    "majorUnit minorUnit dispUnits extLst",
    f"{C}scaling": "logBase orientation max min extLst",
    f"{C}legend": "legendPos legendEntry layout overlay spPr txPr extLst",
    f"{C}strRef": "f strCache extLst",
    f"{C}numRef": "f numCache extLst",
    f"{C}strCache": "ptCount pt extLst",
    f"{C}strLit": "ptCount pt extLst",
    f"{C}numCache": "formatCode ptCount pt extLst",
    f"{C}numLit": "formatCode ptCount pt extLst",
    f"{XDR}twoCellAnchor": "from to sp grpSp graphicFrame cxnSp pic contentPart clientData",
    f"{XDR}graphicFrame": "nvGraphicFramePr xfrm graphic",
    f"{XDR}from": "col colOff row rowOff",
    f"{XDR}to": "col colOff row rowOff",
}


def _out_of_order(part: bytes) -> list[str]:
    """Each element whose children break its schema's order, with the children."""
    found = []
    for element in ElementTree.fromstring(part).iter():
        order = SEQUENCES.get(element.tag)
        if order is None:
            continue
        names = order.split()
        children = [child.tag.rpartition("}")[2] for child in element]
        positions = [names.index(name) if name in names else -1 for name in children]
        if -1 in positions or positions != sorted(positions):
            found.append(f"{element.tag.rpartition('}')[2]}: {' '.join(children)}")
    return found


def _parts(exporter: object, locale: str) -> dict[str, bytes]:
    stream = io.BytesIO()
    plan = planeval.load_example("yonezawa_plan3")
    exporter.write(report_for(plan, locale), stream)  # type: ignore[attr-defined]
    with zipfile.ZipFile(stream) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if "/charts/chart" in name or ("/drawings/drawing" in name and "_rels" not in name)
        }


@pytest.mark.parametrize("exporter", [ExcelExporter(), WordExporter()], ids=["xlsx", "docx"])
@pytest.mark.parametrize("locale", ["ja", "en"])
def test_every_chart_part_keeps_the_schemas_order(exporter: object, locale: str) -> None:
    parts = _parts(exporter, locale)
    assert len([name for name in parts if "/charts/" in name]) == 6
    assert {name: _out_of_order(part) for name, part in parts.items()} == {
        name: [] for name in parts
    }


def test_the_order_check_finds_an_element_out_of_place() -> None:
    part = (f'<c:title xmlns:c="{C[1:-1]}"><c:tx/><c:txPr/><c:overlay val="0"/></c:title>').encode()
    assert _out_of_order(part) == ["title: tx txPr overlay"]
