"""The Word report and the Excel workbook are accessible (docs/accessibility.md).

Word: Microsoft's accessibility checker's rules, read back from the package:
a title property shown as the title, the document's language, built-in
headings whose levels never skip, tables with a header row repeated on
each page and merged cells only in it, alt text on every drawing, and
filled cells whose text contrasts 4.5:1 or more with the fill. Excel: no
merged cell, every sheet named for what it holds, header rows frozen and
printed on every page, and the same contrast. For the three bundled
examples, in both languages, and for generated plans.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planeval
from planeval.colours import BLACK, WHITE, contrast_ratio, relative_luminance, text_colour_on
from planeval.exporters import report_for
from planeval.exporters.excel import ExcelExporter
from planeval.exporters.word import WordExporter
from planeval.model import Plan
from planeval.report.model import GradeMark
from planeval.testing import plans

EXAMPLES = ("yonezawa_plan3", "riverton_green", "minamiyama_plan6")
LANGUAGES = {"ja": "ja-JP", "en": "en-US"}
#: WCAG 2's contrast for normal text (AA).
LEGIBLE = 4.5

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
DC = "http://purl.org/dc/elements/1.1/"
COLOUR = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06X}")


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def written(exporter: Any, plan: Plan, locale: str | None = None) -> bytes:
    stream = io.BytesIO()
    exporter.write(report_for(plan, locale), stream)
    return stream.getvalue()


@pytest.fixture(
    scope="module", params=[(name, locale) for name in EXAMPLES for locale in LANGUAGES]
)
def example(request: pytest.FixtureRequest) -> tuple[Plan, str]:
    name, locale = request.param
    return planeval.load_example(name), locale


# Word


class Package:
    """A .docx read back: its parts parsed as XML."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            self.parts = {
                name: ElementTree.fromstring(package.read(name))
                for name in package.namelist()
                if name.endswith(".xml")
            }
        body = self.parts["word/document.xml"].find(w("body"))
        assert body is not None
        self.body = body

    def style_of(self, paragraph: ElementTree.Element) -> str | None:
        style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
        return None if style is None else style.get(w("val"))

    def styles(self) -> dict[str, ElementTree.Element]:
        return {style.get(w("styleId")) or "": style for style in self.parts["word/styles.xml"]}


def heading_levels(package: Package) -> list[int]:
    levels = []
    for paragraph in package.body.iter(w("p")):
        found = re.fullmatch(r"Heading(\d)", package.style_of(paragraph) or "")
        if found:
            levels.append(int(found.group(1)))
    return levels


def paragraph_text(paragraph: ElementTree.Element) -> str:
    """The text of a paragraph, Word's breaks and tabs as newlines and tabs."""
    marks = {w("br"): "\n", w("tab"): "\t"}
    return "".join(
        element.text or "" if element.tag == w("t") else marks.get(element.tag, "")
        for element in paragraph.iter()
    )


def check_word(data: bytes, plan: Plan, locale: str | None = None) -> None:
    package = Package(data)
    report = report_for(plan, locale)
    check_title(package, report.model.document.title)
    check_language(package, LANGUAGES[report.labels.locale])
    check_headings(package)
    check_tables(package)
    check_alt_text(package)
    check_word_contrast(package)


def check_title(package: Package, title: str) -> None:
    """The title property is set from the report's title, which the body shows in Title style."""
    property_title = package.parts["docProps/core.xml"].find(f"{{{DC}}}title")
    assert property_title is not None
    assert property_title.text
    assert title.startswith(property_title.text)
    first = package.body.find(w("p"))
    assert first is not None
    assert package.style_of(first) == "Title"
    assert paragraph_text(first) == title


def check_language(package: Package, language: str) -> None:
    """The default run properties name the report's language."""
    styles = package.parts["word/styles.xml"]
    lang = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('lang')}")
    assert lang is not None
    assert lang.get(w("val")) == language
    assert lang.get(w("eastAsia")) == "ja-JP"


def check_headings(package: Package) -> None:
    """Built-in heading styles with their outline levels, from 1, never skipping a level.

    A report of a plan with no KPI, review or next plan is its title alone.
    """
    levels = heading_levels(package)
    assert levels[:1] in ([], [1])
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels
    styles = package.styles()
    for level in set(levels):
        outline = styles[f"Heading{level}"].find(f"{w('pPr')}/{w('outlineLvl')}")
        assert outline is not None
        assert outline.get(w("val")) == str(level - 1)


def is_header(row: ElementTree.Element) -> bool:
    return row.find(f"{w('trPr')}/{w('tblHeader')}") is not None


def check_tables(package: Package) -> None:
    """A header row, repeated on every page, at the top; merged cells in the header rows only."""
    for table in package.body.iter(w("tbl")):
        look = table.find(f"{w('tblPr')}/{w('tblLook')}")
        assert look is not None
        assert look.get(w("firstRow")) == "1"
        caption = table.find(f"{w('tblPr')}/{w('tblCaption')}")
        assert caption is not None
        assert caption.get(w("val"))
        headers = [is_header(row) for row in table.iter(w("tr"))]
        assert headers[0]
        # The header rows come first, together.
        assert headers == sorted(headers, reverse=True)
        for row in table.iter(w("tr")):
            if not is_header(row):
                assert row.find(f".//{w('vMerge')}") is None
                assert row.find(f".//{w('gridSpan')}") is None


def check_alt_text(package: Package) -> None:
    """Every drawing and picture has a description (alt text)."""
    for part in package.parts.values():
        for properties in part.iter(f"{{{WP}}}docPr"):
            assert (properties.get("descr") or "").strip(), properties.attrib
        for picture in part.iter(f"{{{PIC}}}cNvPr"):
            assert (picture.get("descr") or "").strip(), picture.attrib


def check_word_contrast(package: Package) -> None:
    """The text of a shaded cell contrasts 4.5:1 or more with the shading."""
    for cell in package.body.iter(w("tc")):
        shading = cell.find(f"{w('tcPr')}/{w('shd')}")
        if shading is None:
            continue
        fill = "#" + (shading.get(w("fill")) or "FFFFFF")
        for run in cell.iter(w("r")):
            colour = run.find(f"{w('rPr')}/{w('color')}")
            text = BLACK if colour is None else "#" + (colour.get(w("val")) or "000000")
            assert contrast_ratio(text, fill) >= LEGIBLE, (text, fill)


def test_the_word_report_of_each_example_is_accessible(example: tuple[Plan, str]) -> None:
    plan, locale = example
    check_word(written(WordExporter(), plan, locale), plan, locale)


@settings(max_examples=50)
@given(plan=plans())
def test_the_word_report_of_any_plan_is_accessible(plan: Plan) -> None:
    check_word(written(WordExporter(), plan), plan)


# Excel


def filled_cells(book: Any) -> Iterator[tuple[str, str]]:
    """(fill, text colour) of every cell with a solid fill, as #RRGGBB."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.fill.fill_type != "solid":
                    continue
                font = cell.font.color
                rgb = getattr(font, "rgb", None) if font is not None else None
                text = "#" + rgb[-6:] if isinstance(rgb, str) else BLACK
                yield "#" + cell.fill.fgColor.rgb[-6:], text


def check_excel(data: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        assert not sheet.merged_cells.ranges, (sheet.title, sheet.merged_cells.ranges)
        assert sheet.title.strip()
        assert not re.fullmatch(r"(?i)sheet ?\d*", sheet.title)
        if sheet.freeze_panes is not None:
            # Header rows frozen on screen are printed on every page too.
            assert sheet.print_title_rows
    assert len({sheet.title.casefold() for sheet in book.worksheets}) == len(book.worksheets)
    for fill, text in filled_cells(book):
        assert contrast_ratio(text, fill) >= LEGIBLE, (text, fill)


def test_the_workbook_of_each_example_is_accessible(example: tuple[Plan, str]) -> None:
    plan, locale = example
    data = written(ExcelExporter(), plan, locale)
    check_excel(data)
    kpis = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    # The data's header rows: frozen on screen, printed on every page.
    assert kpis.freeze_panes == "C6"
    assert kpis.print_title_rows == "$4:$5"


@settings(max_examples=50)
@given(plan=plans())
def test_the_workbook_of_any_plan_is_accessible(plan: Plan) -> None:
    check_excel(written(ExcelExporter(chart_limit=0), plan))


# Contrast


@given(fill=COLOUR)
def test_the_text_on_any_fill_is_legible(fill: str) -> None:
    text = text_colour_on(fill)
    assert text in (BLACK, WHITE)
    assert contrast_ratio(text, fill) >= LEGIBLE
    assert contrast_ratio(text, fill) >= contrast_ratio(WHITE if text == BLACK else BLACK, fill)


@given(first=COLOUR, second=COLOUR)
def test_contrast_is_symmetric_and_between_1_and_21(first: str, second: str) -> None:
    ratio = contrast_ratio(first, second)
    assert ratio == contrast_ratio(second, first)
    assert 1 <= ratio <= 21


def test_contrast_matches_wcag_examples() -> None:
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21)
    assert relative_luminance(WHITE) == pytest.approx(1)
    # WCAG's well-known pair: #767676 is the lightest grey legible on white.
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", WHITE) < LEGIBLE
    assert text_colour_on("#2E7D32") == WHITE  # a dark green grade
    assert text_colour_on("#E57373") == BLACK  # a light red one
    with pytest.raises(ValueError, match="#RRGGBB"):
        relative_luminance("#FFF")


def test_a_grade_without_a_fill_keeps_the_text_colour() -> None:
    assert GradeMark(label="A", colour=None).text_colour is None
    assert GradeMark(label="A", colour="#1B5E20").text_colour == WHITE
