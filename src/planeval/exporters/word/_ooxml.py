"""The OOXML building blocks of the Word report: runs, paragraphs, table cells and rows.

Each returns WordprocessingML text; the layout joins them into the body,
which is parsed once (python-docx would rebuild a table's grid on every
``table.cell()`` call).
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from planeval.exporters.word._fit import keep_together

__all__ = [
    "BORDERS",
    "CELL_MARGIN",
    "TABLE_EM",
    "TABLE_FONT_HALF_POINTS",
    "TIGHT",
    "cell",
    "paragraph",
    "row",
    "table",
]

#: Table text size, in half points (8 pt, the smallest the report prints).
TABLE_FONT_HALF_POINTS = 16
#: One em of table text, in twentieths of a point.
TABLE_EM = TABLE_FONT_HALF_POINTS * 10
#: A table cell's left and right margins, each, in twentieths of a point.
CELL_MARGIN = 57
#: Paragraph spacing of table text and the notes under a table: lines of 10 pt
#: (8 pt text, whatever the font's own line gap: Japanese fonts' are large),
#: no gaps between paragraphs.
TIGHT = '<w:spacing w:before="0" w:after="0" w:line="200" w:lineRule="exact"/>'


# Where a joined span is kept on one line: LibreOffice breaks Japanese text
# with the joiner ignored, en-US text with it honoured.
_KEPT_LANGUAGE = '<w:lang w:val="en-US" w:eastAsia="en-US"/>'


def _text_run(
    text: str,
    *,
    bold: bool = False,
    size: int | None = None,
    kept: bool = False,
    colour: str | None = None,
) -> str:
    """One ``w:r`` of ``text``; ``colour`` is an ``#RRGGBB`` colour for the text."""
    properties = ""
    if bold or size or kept or colour:
        bold_xml = "<w:b/>" if bold else ""
        colour_xml = f'<w:color w:val="{colour.lstrip("#").upper()}"/>' if colour else ""
        size_xml = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else ""
        language = _KEPT_LANGUAGE if kept else ""
        properties = f"<w:rPr>{bold_xml}{colour_xml}{size_xml}{language}</w:rPr>"
    # Line breaks and tabs inside a text become Word's own break and tab.
    body = (
        escape(text)
        .replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
        .replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    )
    return f'<w:r>{properties}<w:t xml:space="preserve">{body}</w:t></w:r>'


def paragraph(
    text: str = "",
    *,
    style: str | None = None,
    align: str | None = None,
    indent: tuple[int, int] | None = None,
    bold: bool = False,
    size: int | None = None,
    keep_next: bool = False,
    extra_properties: str = "",
    runs: str = "",
) -> str:
    """One ``w:p``; ``indent`` is (left, first line) in twentieths of a point.

    ``runs`` are the paragraph's runs as XML, where not one run of ``text``.
    """
    properties = []
    if style:
        properties.append(f"<w:pStyle w:val={quoteattr(style)}/>")
    if keep_next:
        properties.append("<w:keepNext/>")
    if indent:
        left, first = indent
        hanging = f'w:hanging="{-first}"' if first < 0 else f'w:firstLine="{first}"'
        properties.append(f'<w:ind w:left="{left}" {hanging}/>')
    if align:
        properties.append(f'<w:jc w:val="{align}"/>')
    properties.append(extra_properties)
    run = _text_run(text, bold=bold, size=size) if text else runs
    return f"<w:p><w:pPr>{''.join(properties)}</w:pPr>{run}</w:p>"


def _cell_runs(line: str, room: int, *, bold: bool, colour: str | None) -> str:
    """A cell line's runs: its figures-and-units and short bracketed spans kept on one line."""
    return "".join(
        _text_run(part, bold=bold, size=TABLE_FONT_HALF_POINTS, kept=kept, colour=colour)
        for part, kept in keep_together(line, room, TABLE_EM)
        if part
    )


def cell(
    lines: Iterable[str],
    width: int,
    *,
    align: str = "right",
    span: int = 1,
    merge: str | None = None,
    header: bool = False,
    fill: str | None = None,
    text_colour: str | None = None,
) -> str:
    """One table cell; each line is a paragraph, so a cell may print two figures.

    ``fill`` is an ``#RRGGBB`` colour to shade the cell with (a grade's), and
    ``text_colour`` the colour its text is legible in on that fill. A
    figure and its unit, and a short bracketed mark or period, stay on one
    line where they fit the cell.
    """
    room = width - 2 * CELL_MARGIN
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    merge_xml = (
        '<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>" if merge else ""
    )
    colour = "D9E1F2" if header else None if fill is None else fill.lstrip("#").upper()
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{colour}"/>' if colour else ""
    paragraphs = "".join(
        paragraph(
            align=align,
            extra_properties=TIGHT,
            runs=_cell_runs(line, room, bold=header, colour=text_colour),
        )
        for line in (list(lines) or [""])
    )
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}{merge_xml}{shading}'
        f'<w:vAlign w:val="center"/></w:tcPr>{paragraphs}</w:tc>'
    )


def row(cells: Iterable[str], *, header: bool = False) -> str:
    """One table row that never splits across pages; ``header`` rows repeat on every page."""
    repeat = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>{''.join(cells)}</w:tr>"


BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


#: A table with a header row (Word's "Header Row" option), for screen readers and
#: Word's accessibility checker; no table style, so it changes no look.
_LOOK = (
    '<w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0"'
    ' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
)


def table(widths: list[int], rows: Iterable[str], *, caption: str = "") -> str:
    """A bordered table of fixed column ``widths`` (twentieths of a point).

    Its first row is marked as its header; ``caption`` is its title for
    screen readers (Word's alt text title), where not empty.
    """
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    title = f"<w:tblCaption w:val={quoteattr(caption)}/>" if caption else ""
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{BORDERS}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>{_LOOK}{title}'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )
