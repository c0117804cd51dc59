"""The Word package around the body: styles, pages, properties, a reproducible zip.

Styles get East Asian fonts; A4 pages a header and footer; the zip fixed
timestamps.

python-docx's ``Font.name`` does not set the East Asian font, and its
template starts from US Letter: both are set here. The same plan gives the
same bytes: the core properties come from the report's fixed time and every
zip entry has a fixed timestamp.
"""

from __future__ import annotations

import copy
import functools
import io
import re
import struct
from typing import TYPE_CHECKING, Any

from planeval.limits import DOCUMENT_PROPERTY_LENGTH
from planeval.report.model import DocumentInfo

if TYPE_CHECKING:
    from docx.document import Document

__all__ = [
    "A3_LONG",
    "A4_LONG",
    "MARGIN",
    "chart_font",
    "landscape_page",
    "new_document",
    "save",
]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BODY_FONT = "游明朝"
_HEADING_FONT = "游ゴシック"
# The Latin fonts of an English report: Word has them, and LibreOffice sets
# them in its metric-compatible Liberation fonts.
_LATIN_BODY_FONT = "Times New Roman"
_LATIN_HEADING_FONT = "Arial"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: _ZIP_TIME as a zip entry holds it: MS-DOS time, then date (1980-01-01 00:00:00).
_DOS_TIME = (0, (_ZIP_TIME[0] - 1980) << 9 | _ZIP_TIME[1] << 5 | _ZIP_TIME[2])
_END_OF_DIRECTORY = b"PK\x05\x06"
_DIRECTORY_ENTRY = b"PK\x01\x02"
# A4 and A3 in twentieths of a point, and margins of 20 mm.
_A4_SHORT, A4_LONG = 11906, 16838
A3_LONG = 23811
MARGIN = 1134
_PAGE_SIZE = re.compile(r"<w:pgSz [^>]*/>")


def _set_fonts(
    style: Any,
    font: str,
    *,
    latin: str | None = None,
    size: float | None = None,
    bold: bool | None = None,
) -> None:
    """Set a style's fonts, East Asian included, replacing its theme fonts.

    ``latin`` is the font of Latin text (ascii, hAnsi) where it is not ``font``.
    """
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = latin or font
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.font.italic = False
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), font)
    if latin is not None:
        for attribute in ("ascii", "hAnsi", "cs"):
            fonts.set(qn(f"w:{attribute}"), latin)


def _set_up_styles(document: Document, locale: str) -> None:
    """Fonts, sizes and languages of the styles, for a report in ``locale``.

    A Japanese report is tagged ja-JP and set in Japanese fonts; an English
    one is tagged en-US, so that words break between words, and its Latin
    text set in Latin fonts (any Japanese in it keeps the Japanese fonts).
    """
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    english = locale == "en"
    body = _LATIN_BODY_FONT if english else None
    heading = _LATIN_HEADING_FONT if english else None
    styles = document.styles
    _set_fonts(styles["Normal"], _BODY_FONT, latin=body, size=10.5)
    _set_fonts(styles["Title"], _HEADING_FONT, latin=heading, size=16, bold=True)
    # Headings 5 to 7 serve plans of three and four levels.
    for level, size in ((1, 14), (2, 12), (3, 11), (4, 10.5), (5, 10.5), (6, 10.5), (7, 10.5)):
        _set_fonts(styles[f"Heading {level}"], _HEADING_FONT, latin=heading, size=size, bold=True)
    for name in ("Header", "Footer"):
        _set_fonts(styles[name], _BODY_FONT, latin=body, size=9)
    title = styles["Title"].element
    title_paragraph = title.get_or_add_pPr()
    title_paragraph.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="center"/>'))
    # Languages, so that line breaking and fonts follow the report's language.
    language = "en-US" if english else "ja-JP"
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if run_defaults is not None:
            for old in run_defaults.findall(qn("w:lang")):
                run_defaults.remove(old)
            run_defaults.append(
                parse_xml(
                    f'<w:lang {nsdecls("w")} w:val="{language}" w:eastAsia="ja-JP" w:bidi="ar-SA"/>'
                )
            )


def _page_number_field() -> Any:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    return parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    )


def _set_up_pages(document: Document, info: DocumentInfo) -> str:
    """Make the body's section A4 portrait with header and footer; return a landscape twin.

    The twin (``w:sectPr`` XML) ends the KPI table's section and refers to the
    same header and footer.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Twips

    section = document.sections[0]
    section.page_width, section.page_height = Twips(_A4_SHORT), Twips(A4_LONG)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(MARGIN))
    header = section.header
    lines = info.header_lines
    header.paragraphs[0].text = lines[0]
    header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for line in lines[1:]:
        paragraph = header.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(_page_number_field())

    landscape = copy.deepcopy(section._sectPr)
    size = landscape.find(qn("w:pgSz"))
    size.set(qn("w:w"), str(A4_LONG))
    size.set(qn("w:h"), str(_A4_SHORT))
    size.set(qn("w:orient"), "landscape")
    text: str = landscape.xml
    return text


def landscape_page(section: str, long_side: int) -> str:
    """The landscape ``w:sectPr`` XML ``section`` on a page whose long side is ``long_side``.

    A4's long side is A3's short one: A3 landscape is ``A3_LONG`` by ``A4_LONG``.
    """
    short_side = A4_LONG if long_side == A3_LONG else _A4_SHORT
    size = f'<w:pgSz w:w="{long_side}" w:h="{short_side}" w:orient="landscape"/>'
    return _PAGE_SIZE.sub(size, section, count=1)


def chart_font(locale: str) -> str:
    """The font of a chart's text: the headings' font of a report in ``locale``."""
    return _LATIN_HEADING_FONT if locale == "en" else _HEADING_FONT


def _fixed_timestamps(package: bytes) -> bytes:
    """``package`` (a zip) with every entry dated :data:`_ZIP_TIME`, nothing else changed.

    The dates are overwritten in place, in each entry's local header and its
    central directory record (the zip format's fixed offsets): rewriting the
    package through :mod:`zipfile` would inflate and deflate every part again.
    """
    data = bytearray(package)
    end = data.rfind(_END_OF_DIRECTORY)
    count, _size, offset = struct.unpack_from("<HII", data, end + 10)
    for _ in range(count):
        if data[offset : offset + 4] != _DIRECTORY_ENTRY:
            raise ValueError("not a zip package python-docx wrote")
        struct.pack_into("<HH", data, offset + 12, *_DOS_TIME)
        name, extra, comment = struct.unpack_from("<HHH", data, offset + 28)
        (local,) = struct.unpack_from("<I", data, offset + 42)
        struct.pack_into("<HH", data, local + 10, *_DOS_TIME)
        offset += 46 + name + extra + comment
    return bytes(data)


def _insert_body(document: Document, blocks: list[str]) -> None:
    """Parse the body's blocks once, with the body's final section, as the new body.

    Moving parsed elements one by one into the template's body costs lxml a
    walk of the whole tree each time; replacing the body is one step.
    """
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    old_body = document.element.body
    final_section = old_body[-1].xml
    new_body = parse_xml(f"<w:body {nsdecls('w', 'r')}>{''.join(blocks)}{final_section}</w:body>")
    document.element.replace(old_body, new_body)


def new_document(info: DocumentInfo, locale: str) -> tuple[Document, str]:
    """An empty A4 document with the styles of a report in ``locale``, header and footer.

    Returns it with the ``w:sectPr`` XML of a landscape section that ends
    the KPI table's pages and shares the same header and footer.
    """
    document = copy.deepcopy(_styled_template(locale))
    return document, _set_up_pages(document, info)


@functools.cache
def _styled_template(locale: str) -> Document:
    """python-docx's template, emptied and styled for ``locale``: made once, copied per report.

    Copying the parsed document costs a third of opening and styling the
    template again, a fixed cost of every report (a batch writes thousands).
    """
    import docx

    document = docx.Document()
    # The template's empty first paragraph would start the report blank.
    body = document.element.body
    for paragraph in body.findall(f"{{{_W}}}p"):
        body.remove(paragraph)
    _set_up_styles(document, locale)
    return document


def _set_properties(document: Document, info: DocumentInfo) -> None:
    created = info.created
    properties = document.core_properties
    # Core properties hold at most 255 characters; the text itself is in the body.
    properties.title = info.title[:DOCUMENT_PROPERTY_LENGTH]
    properties.subject = info.plan_title[:DOCUMENT_PROPERTY_LENGTH]
    properties.author = info.municipality[:DOCUMENT_PROPERTY_LENGTH]
    properties.last_modified_by = info.municipality[:DOCUMENT_PROPERTY_LENGTH]
    properties.created = created
    properties.modified = created
    properties.last_printed = created
    properties.revision = 1
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""


def save(document: Document, blocks: list[str], info: DocumentInfo) -> bytes:
    """Put the body's blocks in the document, set its properties, and return its bytes."""
    _insert_body(document, blocks)
    _set_properties(document, info)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_timestamps(buffer.getvalue())
