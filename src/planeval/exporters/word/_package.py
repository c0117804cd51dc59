"""The Word package around the body: styles, pages, properties, a reproducible zip.

python-docx's template is styled once per language (East Asian fonts on
every style, A4 pages with a header and footer) and saved; each report is
that package with its own body, header, properties and chart parts, every
other part copied still compressed (:func:`planeval.exporters._zip.rewritten`).
A report's fixed cost is then its own parts, not the template's 800 kB of
styles parsed, serialised and deflated again (a batch writes thousands).

python-docx's ``Font.name`` does not set the East Asian font, and its
template starts from US Letter: both are set here. The same plan gives the
same bytes: the core properties come from the report's fixed time and every
zip entry has a fixed timestamp.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import attrs

from planeval.exporters._zip import fixed_timestamps, rewritten
from planeval.exporters.drawingml import CHART_CONTENT_TYPE
from planeval.exporters.word._ooxml import paragraph
from planeval.limits import DOCUMENT_PROPERTY_LENGTH
from planeval.report.model import DocumentInfo

if TYPE_CHECKING:
    from docx.document import Document

__all__ = [
    "A3_LONG",
    "A4_LONG",
    "MARGIN",
    "WordTemplate",
    "chart_font",
    "landscape_page",
    "word_template",
]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BODY_FONT = "游明朝"
_HEADING_FONT = "游ゴシック"
# The Latin fonts of an English report: Word has them, and LibreOffice sets
# them in its metric-compatible Liberation fonts.
_LATIN_BODY_FONT = "Times New Roman"
_LATIN_HEADING_FONT = "Arial"
# A4 and A3 in twentieths of a point, and margins of 20 mm.
_A4_SHORT, A4_LONG = 11906, 16838
A3_LONG = 23811
MARGIN = 1134
_PAGE_SIZE = re.compile(r"<w:pgSz [^>]*/>")
_RELATIONSHIP_ID = re.compile(r'Id="rId(\d+)"')
_CHART_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
_DOCUMENT = "word/document.xml"
_DOCUMENT_RELATIONSHIPS = "word/_rels/document.xml.rels"
_CONTENT_TYPES = "[Content_Types].xml"
_CORE_PROPERTIES = "docProps/core.xml"
_CORE_NAMESPACES = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)
_XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


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


def _set_up_pages(document: Document) -> str:
    """Make the body's section A4 portrait with a header and a numbered footer.

    Returns the header part's name in the package. Its one paragraph, styled
    and aligned, is replaced by each report's lines (:meth:`WordTemplate.header`).
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Twips

    section = document.sections[0]
    section.page_width, section.page_height = Twips(_A4_SHORT), Twips(A4_LONG)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(MARGIN))
    header_name = str(section.header.part.partname).lstrip("/")
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )
    return header_name


def landscape_page(section: str, long_side: int) -> str:
    """The ``w:sectPr`` XML ``section`` landscape, on a page whose long side is ``long_side``.

    A4's long side is A3's short one: A3 landscape is ``A3_LONG`` by ``A4_LONG``.
    """
    short_side = A4_LONG if long_side == A3_LONG else _A4_SHORT
    size = f'<w:pgSz w:w="{long_side}" w:h="{short_side}" w:orient="landscape"/>'
    return _PAGE_SIZE.sub(size, section, count=1)


def chart_font(locale: str) -> str:
    """The font of a chart's text: the headings' font of a report in ``locale``."""
    return _LATIN_HEADING_FONT if locale == "en" else _HEADING_FONT


def _split_after_start_tag(xml: str, tag: str) -> tuple[str, str]:
    """``xml`` cut after the start tag of the element ``tag``: what is before, what after."""
    end = xml.index(">", xml.index(f"<{tag}")) + 1
    return xml[:end], xml[end:]


def _core_properties(info: DocumentInfo) -> str:
    """The core properties part: titles and author from ``info``, all dates its fixed time."""

    def text(value: str) -> str:
        # Core properties hold at most 255 characters; the text itself is in the body.
        return escape(value[:DOCUMENT_PROPERTY_LENGTH])

    when = info.created.strftime("%Y-%m-%dT%H:%M:%SZ")
    dated = f'xsi:type="dcterms:W3CDTF">{when}'
    return (
        f"{_XML_DECLARATION}<cp:coreProperties {_CORE_NAMESPACES}>"
        f"<dc:title>{text(info.title)}</dc:title>"
        f"<dc:subject>{text(info.plan_title)}</dc:subject>"
        f"<dc:creator>{text(info.municipality)}</dc:creator>"
        "<cp:keywords></cp:keywords><dc:description></dc:description>"
        f"<cp:lastModifiedBy>{text(info.municipality)}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f"<dcterms:created {dated}</dcterms:created>"
        f"<dcterms:modified {dated}</dcterms:modified>"
        f"<cp:category></cp:category><cp:lastPrinted>{when}</cp:lastPrinted>"
        "</cp:coreProperties>"
    )


@attrs.frozen(kw_only=True)
class WordTemplate:
    """The styled template of a report in one language, as a package and the texts around a body.

    ``page_section`` is the body's final ``w:sectPr`` (A4 portrait, with the
    header and footer); :func:`landscape_page` turns it for the KPI table.
    """

    package: bytes
    document_start: str
    document_end: str
    page_section: str
    header_name: str
    header_start: str
    relationships: str
    content_types: str
    first_chart_id: int

    def chart_ids(self, count: int) -> tuple[str, ...]:
        """The relationship ids of ``count`` chart parts, clear of the template's own."""
        return tuple(f"rId{self.first_chart_id + index}" for index in range(count))

    def header(self, lines: Sequence[str]) -> str:
        """The header part: ``lines`` right-aligned, the first in the Header style."""
        paragraphs = [
            paragraph(line, style="Header" if index == 0 else None, align="right")
            for index, line in enumerate(lines or ("",))
        ]
        return f"{self.header_start}{''.join(paragraphs)}</w:hdr>"

    def report(self, blocks: Sequence[str], info: DocumentInfo, charts: Sequence[bytes]) -> bytes:
        """The package of one report: its body's blocks, header, properties and chart parts.

        ``charts`` are the chart parts' XML, related by :meth:`chart_ids` in order.
        """
        ids = self.chart_ids(len(charts))
        names = [f"word/charts/chart{number}.xml" for number in range(1, len(charts) + 1)]
        relationships = "".join(
            f'<Relationship Id="{chart_id}" Type="{_CHART_RELATIONSHIP}" Target="{name[5:]}"/>'
            for chart_id, name in zip(ids, names, strict=True)
        )
        overrides = "".join(
            f'<Override PartName="/{name}" ContentType="{CHART_CONTENT_TYPE}"/>' for name in names
        )
        document = f"{self.document_start}{''.join(blocks)}{self.page_section}{self.document_end}"
        replaced = {
            _CONTENT_TYPES: self.content_types.replace("</Types>", f"{overrides}</Types>"),
            _CORE_PROPERTIES: _core_properties(info),
            _DOCUMENT: document,
            _DOCUMENT_RELATIONSHIPS: self.relationships.replace(
                "</Relationships>", f"{relationships}</Relationships>"
            ),
            self.header_name: self.header(info.header_lines),
        }
        encoded = {name: text.encode() for name, text in replaced.items()}
        return rewritten(self.package, encoded, list(zip(names, charts, strict=True)))


def _template_of(document: Document, header_name: str) -> WordTemplate:
    """The template's package, and its texts around a report's own, from ``document``."""
    buffer = io.BytesIO()
    document.save(buffer)
    package = fixed_timestamps(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        texts = {
            name: archive.read(name).decode()
            for name in (_DOCUMENT, _DOCUMENT_RELATIONSHIPS, _CONTENT_TYPES, header_name)
        }
    document_start, rest = _split_after_start_tag(texts[_DOCUMENT], "w:body")
    page_section, document_end = rest.split("</w:body>")
    header_start, _ = _split_after_start_tag(texts[header_name], "w:hdr")
    relationships = texts[_DOCUMENT_RELATIONSHIPS]
    used = [int(number) for number in _RELATIONSHIP_ID.findall(relationships)]
    return WordTemplate(
        package=package,
        document_start=document_start,
        document_end=f"</w:body>{document_end}",
        page_section=page_section,
        header_name=header_name,
        header_start=header_start,
        relationships=relationships,
        content_types=texts[_CONTENT_TYPES],
        first_chart_id=max(used, default=0) + 1,
    )


@functools.cache
def word_template(locale: str) -> WordTemplate:
    """python-docx's template, emptied, styled for ``locale`` and paged: made once per language."""
    import docx

    document = docx.Document()
    # The template's empty first paragraph would start the report blank.
    body = document.element.body
    for old in body.findall(f"{{{_W}}}p"):
        body.remove(old)
    _set_up_styles(document, locale)
    header_name = _set_up_pages(document)
    return _template_of(document, header_name)
