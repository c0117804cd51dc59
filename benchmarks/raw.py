"""The raw baselines: the same content written straight with the same libraries.

Each baseline gets its content prepared beforehand, outside the timing, by
reading planeval's own output back with an independent reader (openpyxl,
python-docx): so it writes the same cells, formats, charts, tables and
paragraphs, and its time is what the library itself costs for them.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from planeval.report.model import CHART_STYLES, ChartSeries

# -- Excel --------------------------------------------------------------------------


@dataclass
class SheetSpec:
    """One worksheet's content as plain data."""

    name: str
    cells: list[tuple[int, int, str, Any, int]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    lists: list[tuple[str, str]] = field(default_factory=list)  # cell range, list source


@dataclass
class ChartSpec:
    """A chart drawn from the data sheet: its block's first row, its series, its alt text.

    ``series`` are (row, xlsxwriter line and marker options), one per series.
    """

    first_row: int
    last_column: int
    series: list[tuple[int, dict[str, Any]]]
    description: str


@dataclass
class WorkbookSpec:
    """A workbook's content: sheets, formats and charts."""

    sheets: list[SheetSpec]
    formats: list[dict[str, Any]]
    charts: list[ChartSpec]


#: The shared design's dashes, as xlsxwriter names them.
_DASHES = {"solid": "solid", "dash": "dash", "dot": "round_dot"}


def series_style(line: ChartSeries) -> dict[str, Any]:
    """A series' line and marker in the shared design, as xlsxwriter's options."""
    style = CHART_STYLES[line.role]
    colour = style.colour
    line_style: dict[str, Any] = (
        {"none": True}
        if style.dash is None
        else {"color": colour, "width": 2, "dash_type": _DASHES[style.dash]}
    )
    marker: dict[str, Any] = (
        {"type": "none"}
        if style.marker is None
        else {
            "type": style.marker,
            "size": 8 if style.dash is None else 6,
            "fill": {"color": colour},
            "border": {"color": colour},
        }
    )
    return {"line": line_style, "marker": marker}


def _cell_properties(cell: Any) -> dict[str, Any]:
    """The xlsxwriter format properties of a cell read back with openpyxl."""
    properties: dict[str, Any] = {}
    if cell.number_format != "General":
        properties["num_format"] = cell.number_format
    if cell.font is not None and cell.font.b:
        properties["bold"] = True
    if cell.fill is not None and cell.fill.fill_type == "solid":
        properties["bg_color"] = "#" + str(cell.fill.fgColor.rgb)[-6:]
    if cell.alignment is not None and cell.alignment.wrap_text:
        properties["text_wrap"] = True
    if cell.border is not None and cell.border.left is not None and cell.border.left.style:
        properties["border"] = 1
    return properties


def _cell_kind(cell: Any) -> str:
    if cell.data_type == "f":
        return "formula"
    if isinstance(cell.value, str):
        return "string"
    if cell.value is None:
        return "blank"
    return "datetime" if isinstance(cell.value, datetime.datetime) else "number"


def _sheet_spec(sheet: Any, formats: list[dict[str, Any]], index: dict[Any, int]) -> SheetSpec:
    from openpyxl.utils import column_index_from_string

    spec = SheetSpec(name=sheet.title)
    for cell in (cell for row in sheet.iter_rows() for cell in row):
        if cell.value is None and not cell.has_style:
            continue
        properties = _cell_properties(cell)
        key = tuple(sorted(properties.items()))
        if key not in index:
            index[key] = len(formats)
            formats.append(properties)
        spec.cells.append((cell.row - 1, cell.column - 1, _cell_kind(cell), cell.value, index[key]))
    for merged in sheet.merged_cells.ranges:
        spec.merges.append(
            (merged.min_row - 1, merged.min_col - 1, merged.max_row - 1, merged.max_col - 1)
        )
    for letter, dimension in sheet.column_dimensions.items():
        if dimension.width:
            spec.widths[column_index_from_string(letter) - 1] = dimension.width
    for number, dimension in sheet.row_dimensions.items():
        if dimension.height:
            spec.heights[number - 1] = dimension.height
    for validation in sheet.data_validations.dataValidation:
        spec.lists.append((str(validation.sqref), validation.formula1))
    return spec


def workbook_spec(data: bytes, charts: list[ChartSpec]) -> WorkbookSpec:
    """Read a workbook back with openpyxl into the spec the raw writer writes.

    ``charts`` are the charts to draw from the data sheet, prepared by the caller.
    """
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    formats: list[dict[str, Any]] = []
    index: dict[tuple[Any, ...], int] = {}
    sheets = [_sheet_spec(sheet, formats, index) for sheet in book.worksheets]
    return WorkbookSpec(sheets=sheets, formats=formats, charts=charts)


def _write_sheet(sheet: Any, spec: SheetSpec, formats: list[Any]) -> None:
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    for first_row, first_col, last_row, last_col in spec.merges:
        sheet.merge_range(first_row, first_col, last_row, last_col, None)
    for column, width in spec.widths.items():
        sheet.set_column(column, column, width)
    for row, height in spec.heights.items():
        sheet.set_row(row, height)
    for cells, source in spec.lists:
        # A list typed in ("TRUE,FALSE") or a range of cells ('Choices'!$A$1:$A$3).
        values = source.strip('"').split(",") if source.startswith('"') else f"={source}"
        sheet.data_validation(cells, {"validate": "list", "source": values})
    writers = {
        "string": sheet.write_string,
        "number": sheet.write_number,
        "datetime": sheet.write_datetime,
    }
    for row, column, kind, value, format_index in spec.cells:
        cell_format = formats[format_index]
        if kind == "formula":
            sheet.write_formula(row, column, value, cell_format, 0)
        elif kind in writers:
            writers[kind](row, column, value, cell_format)
        else:
            sheet.write_blank(row, column, None, cell_format)


def write_workbook(spec: WorkbookSpec, stream: io.BytesIO) -> None:
    """Write the spec with xlsxwriter, as directly as it goes."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        stream, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    formats = [book.add_format(properties) for properties in spec.formats]
    for sheet_spec in spec.sheets:
        _write_sheet(book.add_worksheet(sheet_spec.name), sheet_spec, formats)
    chart_sheet = book.worksheets()[2] if len(book.worksheets()) > 2 else None
    data_name = book.worksheets()[1].name if chart_sheet is not None else ""
    for position, spec_chart in enumerate(spec.charts):
        chart = book.add_chart({"type": "line"})
        first = spec_chart.first_row
        for row, style in spec_chart.series:
            chart.add_series(
                {
                    "name": [data_name, row, 1],
                    "categories": [data_name, first, 3, first, spec_chart.last_column],
                    "values": [data_name, row, 3, row, spec_chart.last_column],
                    **style,
                }
            )
        chart.set_title({"name": [data_name, first, 0], "name_font": {"size": 11}})
        chart.set_legend({"position": "bottom"})
        chart.set_y_axis({"name": [data_name, first, 2], "major_gridlines": {"visible": True}})
        chart.show_blanks_as("gap")
        chart.set_size({"width": 500, "height": 300})
        if chart_sheet is not None:
            place = ((position // 2) * 16, (position % 2) * 9)
            chart_sheet.insert_chart(*place, chart, {"description": spec_chart.description})
    book.close()


def read_workbook_values(data: bytes) -> int:
    """Read every cell's value with openpyxl's read-only mode; return how many there were."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = sum(len(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    book.close()
    return count


# -- Word ---------------------------------------------------------------------------


@dataclass
class DocumentSpec:
    """A report's body as plain data: each paragraph's and cell's properties and texts.

    The properties are the XML planeval wrote (read back with python-docx), so
    the raw writer builds the same paragraphs and tables, formatting included.
    A paragraph holding a chart is kept as its XML (``chart``), and the chart
    parts as they are (``charts``): the raw writer adds the same parts.
    """

    blocks: list[tuple[str, Any]]
    charts: list[tuple[str, bytes]] = field(default_factory=list)


_NAMESPACES = re.compile(r' xmlns:\w+="[^"]*"')
_RELATIONSHIP = re.compile(r'r:id="[^"]*"')
_CHART_ID = 'r:id="@chart@"'


def _fragment(element: Any) -> str:
    """An element's XML without the namespace declarations lxml repeats on it."""
    return "" if element is None else _NAMESPACES.sub("", element.xml)


def _runs(paragraph: Any) -> list[tuple[str, str]]:
    return [(_fragment(run._r.rPr), run.text) for run in paragraph.runs]


def document_spec(data: bytes) -> DocumentSpec:
    """Read a report back with python-docx into the spec the raw writer writes."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    blocks: list[tuple[str, Any]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph) and "<w:drawing>" in item._p.xml:
            # The relationship id is filled in as the raw writer adds the part.
            blocks.append(("chart", _RELATIONSHIP.sub(_CHART_ID, _fragment(item._p))))
        elif isinstance(item, Paragraph):
            blocks.append(("p", (_fragment(item._p.pPr), _runs(item))))
        elif isinstance(item, Table):
            table = item._tbl
            rows = []
            for tr in table.tr_lst:
                cells = [
                    (
                        _fragment(tc.tcPr),
                        [(_fragment(p.pPr), _runs(Paragraph(p, item))) for p in tc.p_lst],
                    )
                    for tc in tr.tc_lst
                ]
                rows.append((_fragment(tr.trPr), cells))
            blocks.append(("table", (_fragment(table.tblPr), _fragment(table.tblGrid), rows)))
    return DocumentSpec(blocks=blocks, charts=word_charts_spec(data).parts)


def _paragraph_xml(properties: str, runs: list[tuple[str, str]]) -> str:
    body = "".join(
        f'<w:r>{run_properties}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        for run_properties, text in runs
    )
    return f"<w:p>{properties}{body}</w:p>"


def write_document(spec: DocumentSpec, stream: io.BytesIO) -> None:
    """Build the same paragraphs and tables as XML and insert them into a python-docx document."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    chart_ids = iter(_add_chart_parts(document, spec.charts))
    parts = []
    for kind, content in spec.blocks:
        if kind == "p":
            parts.append(_paragraph_xml(*content))
            continue
        if kind == "chart":
            parts.append(content.replace(_CHART_ID, f'r:id="{next(chart_ids)}"'))
            continue
        table_properties, grid, rows = content
        xml_rows = []
        for row_properties, cells in rows:
            xml_cells = "".join(
                f"<w:tc>{cell_properties}"
                + "".join(_paragraph_xml(*paragraph) for paragraph in paragraphs)
                + "</w:tc>"
                for cell_properties, paragraphs in cells
            )
            xml_rows.append(f"<w:tr>{row_properties}{xml_cells}</w:tr>")
        parts.append(f"<w:tbl>{table_properties}{grid}{''.join(xml_rows)}</w:tbl>")
    body = document.element.body
    section = body[-1].xml
    declared = nsdecls("w", "r", "wp", "a", "c")
    new_body = parse_xml(f"<w:body {declared}>{''.join(parts)}{section}</w:body>")
    document.element.replace(body, new_body)
    document.save(stream)


# -- JSON ---------------------------------------------------------------------------


def _dump(value: object, out: list[str]) -> None:
    if isinstance(value, dict):
        out.append("{")
        for position, (key, item) in enumerate(value.items()):
            if position:
                out.append(", ")
            out.append(json.dumps(key, ensure_ascii=False) + ": ")
            _dump(item, out)
        out.append("}")
    elif isinstance(value, list):
        out.append("[")
        for position, item in enumerate(value):
            if position:
                out.append(", ")
            _dump(item, out)
        out.append("]")
    elif isinstance(value, Decimal):
        out.append(str(value))
    else:
        out.append(json.dumps(value, ensure_ascii=False))


def load_and_dump_json(text: str, output: object) -> str:
    """Parse plan-file text with exact decimals, then write ``output`` exactly.

    ``output`` is what the JSON export writes (the plan and its computed
    evaluation, parsed beforehand): the same input read and the same data
    written as planeval's export, without the checks, the engine or the layout.
    """
    json.loads(text, parse_float=Decimal)
    out: list[str] = []
    _dump(output, out)
    return "".join(out)


# -- Word charts --------------------------------------------------------------------


@dataclass
class WordChartsSpec:
    """Chart parts and the body paragraphs that show them, read from planeval's own report."""

    parts: list[tuple[str, bytes]]
    paragraphs: list[str]


def word_charts_spec(data: bytes) -> WordChartsSpec:
    """Read the chart parts and their paragraphs back from a report of only charts."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(
            (n for n in archive.namelist() if n.startswith("word/charts/")),
            key=lambda name: int(re.sub(r"\D", "", name)),
        )
        parts = [(f"/{name}", archive.read(name)) for name in names]
        body = archive.read("word/document.xml").decode()
    paragraphs = re.findall(r"<w:p>(?:(?!</w:p>).)*?<w:drawing>.*?</w:p>", body)
    return WordChartsSpec(parts=parts, paragraphs=paragraphs)


def _add_chart_parts(document: Any, parts: list[tuple[str, bytes]]) -> list[str]:
    """Add chart parts to a python-docx document; return their relationship ids."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    content_type = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
    return [
        document.part.relate_to(
            Part(PackURI(name), content_type, blob, package), RELATIONSHIP_TYPE.CHART
        )
        for name, blob in parts
    ]


def write_word_charts(spec: WordChartsSpec, stream: io.BytesIO) -> None:
    """Add the same chart parts and paragraphs to a python-docx document, and save it."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    _add_chart_parts(document, spec.parts)
    body = document.element.body
    section = body[-1].xml
    paragraphs = "".join(spec.paragraphs)
    declared = nsdecls("w", "r", "wp", "a", "c")
    new_body = parse_xml(f"<w:body {declared}>{paragraphs}{section}</w:body>")
    document.element.replace(body, new_body)
    document.save(stream)
