"""The Word exporter: the evaluation as the document a city hands its committee.

It follows the structure of the Yonezawa evaluation: a title, then section
１, the KPI table (in a landscape A4 section, its header rows repeated on
every page) and its notes; section ２, each strategy and measure with what
was done (■ items), the issues and the direction; section ３, the next plan.
The label (資料２) and the meeting line stand in the header, page numbers
in the footer.

Japanese typography: the East Asian font is set on every style (python-docx's
``Font.name`` does not set it), pages are A4 (python-docx starts from US
Letter), and headings use real heading styles, so the document has an
outline. The body is built as XML in one pass and inserted at once: python-docx
rebuilds a table's grid on every ``table.cell()`` call. The same plan gives
the same bytes: the core properties come from the plan's as-of date and every
zip entry has a fixed timestamp. python-docx is imported only when a report
is written.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, BinaryIO
from xml.sax.saxutils import escape, quoteattr

from planeval.evaluation import KpiEvaluation
from planeval.exporters.registry import Report
from planeval.labels import Labels
from planeval.model import (
    DirectionItem,
    Initiative,
    Issue,
    KpiKind,
    MeasureReview,
    Plan,
    Repeat,
    Strategy,
)
from planeval.rendering import (
    baseline_period_text,
    baseline_text,
    category_label,
    date_text,
    fiscal_year_text,
    increment_text,
    items_by_id,
    kpi_title_lines,
    measure_heading_text,
    note_text,
    number_text,
    observation_text,
    own_rate_caption,
    rate_caption,
    rate_text,
    reference_text,
    report_timestamp,
    resolve,
    running_total_text,
    shared_rate_formula,
    strategy_heading_text,
    target_text,
    target_total_text,
    year_span_text,
)

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["WordExporter"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BODY_FONT = "游明朝"
_HEADING_FONT = "游ゴシック"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_PROPERTY_LENGTH = 255
# A4 in twentieths of a point, and margins of 20 mm.
_A4_SHORT, _A4_LONG = 11906, 16838
_MARGIN = 1134
_TABLE_FONT_HALF_POINTS = 16
_TIGHT = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'


def _text_run(text: str, *, bold: bool = False, size: int | None = None) -> str:
    properties = ""
    if bold or size:
        bold_xml = "<w:b/>" if bold else ""
        size_xml = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else ""
        properties = f"<w:rPr>{bold_xml}{size_xml}</w:rPr>"
    # Line breaks and tabs inside a text become Word's own break and tab.
    body = (
        escape(text)
        .replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
        .replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    )
    return f'<w:r>{properties}<w:t xml:space="preserve">{body}</w:t></w:r>'


def _paragraph(
    text: str = "",
    *,
    style: str | None = None,
    align: str | None = None,
    indent: tuple[int, int] | None = None,
    bold: bool = False,
    size: int | None = None,
    keep_next: bool = False,
    extra_properties: str = "",
) -> str:
    """One ``w:p``; ``indent`` is (left, first line) in twentieths of a point."""
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
    run = _text_run(text, bold=bold, size=size) if text else ""
    return f"<w:p><w:pPr>{''.join(properties)}</w:pPr>{run}</w:p>"


def _cell(
    lines: Iterable[str],
    width: int,
    *,
    align: str = "right",
    span: int = 1,
    merge: str | None = None,
    header: bool = False,
) -> str:
    """One table cell; each line is a paragraph, so a cell may print two figures."""
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    merge_xml = (
        '<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>" if merge else ""
    )
    shading = '<w:shd w:val="clear" w:color="auto" w:fill="D9E1F2"/>' if header else ""
    paragraphs = "".join(
        _paragraph(
            line,
            align=align,
            bold=header,
            size=_TABLE_FONT_HALF_POINTS,
            extra_properties=_TIGHT,
        )
        for line in (list(lines) or [""])
    )
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}{merge_xml}{shading}'
        f'<w:vAlign w:val="center"/></w:tcPr>{paragraphs}</w:tc>'
    )


def _row(cells: Iterable[str], *, header: bool = False) -> str:
    repeat = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>{''.join(cells)}</w:tr>"


_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


class _ReportBuilder:
    """Builds the body of one report as a list of XML blocks."""

    def __init__(self, report: Report, landscape_section: str) -> None:
        self.evaluation = report.evaluation
        self.plan: Plan = report.plan
        self.labels: Labels = report.labels
        self.landscape_section = landscape_section
        self.blocks: list[str] = []
        self.items_by_id = items_by_id(self.plan)
        self.shared_formula = shared_rate_formula(self.plan)
        # A review follows the last measure it covers, in document order, once.
        order = [m.number for s in self.plan.strategies for m in s.measures]
        self.closing_reviews = {
            max(review.measures, key=order.index): review
            for review in self.plan.reviews
            if review.measures
        }

    def year(self, year: int, *, short: bool = False) -> str:
        return fiscal_year_text(year, self.plan, self.labels, short=short)

    def section_heading(self, number: int, title: str) -> None:
        self.heading(f"{number_text(number, self.labels)} {title}", 1)

    def heading(self, text: str, level: int) -> None:
        self.blocks.append(_paragraph(text, style=f"Heading{level}"))

    def text(self, text: str, **options: Any) -> None:
        self.blocks.append(_paragraph(text, **options))

    # -- section 1 ---------------------------------------------------------------

    def kpi_table(self) -> None:
        plan, labels = self.plan, self.labels
        years = sorted({obs.fiscal_year for kpi in plan.kpis for obs in kpi.observations})
        target_years = {kpi.target.fiscal_year for kpi in plan.kpis if kpi.target is not None}
        shared_year = next(iter(target_years)) if len(target_years) == 1 else None
        usable = _A4_LONG - 2 * _MARGIN
        fixed = {"number": 450, "name": 2900, "baseline": 1750, "target": 1400, "rate": 1350}
        year_width = max(900, (usable - sum(fixed.values())) // max(len(years), 1))
        widths = [
            fixed["number"],
            fixed["name"],
            fixed["baseline"],
            *([year_width] * len(years)),
            fixed["target"],
            fixed["rate"],
        ]
        caption = rate_caption(*self.shared_formula, labels) if self.shared_formula else ""
        top = [
            _cell([labels.number], widths[0], align="center", merge="restart", header=True),
            _cell([labels.kpi], widths[1], align="center", merge="restart", header=True),
            _cell([labels.baseline], widths[2], align="center", merge="restart", header=True),
        ]
        if years:
            top.append(
                _cell(
                    [labels.progress_header],
                    year_width * len(years),
                    align="center",
                    span=len(years),
                    header=True,
                )
            )
        target_heading = (
            [labels.fiscal_year_heading.format(year=self.year(shared_year))] if shared_year else []
        )
        # A merged cell shows its first cell only: the target's year and the
        # rate's caption go under their headings there, as the source prints
        # 目標値(令和7年度) and 達成率(最新値/目標値×100).
        top += [
            _cell(
                [labels.target, *target_heading],
                widths[-2],
                align="center",
                merge="restart",
                header=True,
            ),
            _cell(
                [labels.achievement_rate, *([caption] if caption else [])],
                widths[-1],
                align="center",
                merge="restart",
                header=True,
            ),
        ]
        bottom = [
            _cell([], widths[0], merge="continue", header=True),
            _cell([], widths[1], merge="continue", header=True),
            _cell([], widths[2], merge="continue", header=True),
        ]
        for year in years:
            heading = [self.year(year)]
            if year < plan.period.first:
                heading.append(labels.reference_year)
            bottom.append(_cell(heading, year_width, align="center", header=True))
        bottom += [
            _cell([], widths[-2], merge="continue", header=True),
            _cell([], widths[-1], merge="continue", header=True),
        ]
        rows = [_row(top, header=True), _row(bottom, header=True)]
        rows += [
            self.kpi_row(result, years, widths, shared_year) for result in self.evaluation.kpis
        ]
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        self.blocks.append(
            "<w:tbl><w:tblPr>"
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{_BORDERS}</w:tblBorders>'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
            "</w:tblCellMar>"
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        )

    def rate_lines(self, result: KpiEvaluation) -> list[str]:
        """The rate cell: the rate with its grade, then why there is none or how it was computed."""
        labels = self.labels
        rate = rate_text(result.achievement_rate, labels)
        if result.grade is not None:
            rate += (
                f" {labels.grade}：{result.grade.label}"
                if labels.wide_numbers
                else (f" ({labels.grade} {result.grade.label})")
            )
        lines = [rate]
        if result.unavailable is not None:
            lines.append(labels.reasons[result.unavailable.reason])
        else:
            caption = own_rate_caption(result, self.shared_formula, labels)
            if caption:
                lines.append(caption)
        return lines

    def kpi_row(
        self, result: KpiEvaluation, years: list[int], widths: list[int], shared_year: int | None
    ) -> str:
        kpi, labels, plan = result.kpi, self.labels, self.plan
        by_year = {obs.fiscal_year: obs for obs in kpi.observations}
        totals = {total.fiscal_year: total.value for total in result.running_totals}
        cells = [
            _cell([str(kpi.number)], widths[0], align="center"),
            _cell(kpi_title_lines(kpi, plan, labels), widths[1], align="left"),
            _cell(
                [
                    baseline_text(kpi, labels) or labels.no_rate,
                    baseline_period_text(kpi, plan, labels) or "",
                ],
                widths[2],
            ),
        ]
        for offset, year in enumerate(years):
            observation = by_year.get(year)
            lines: list[str] = []
            if observation is not None:
                if observation.value is None:
                    reason = labels.missing[observation.missing] if observation.missing else ""
                    lines = [reason or labels.no_rate]
                    if observation.note:
                        lines.append(labels.note_reference.format(id=observation.note))
                else:
                    lines = [observation_text(observation, kpi, labels)]
                    increment = increment_text(observation, kpi, labels)
                    if kpi.kind is KpiKind.STOCK and increment:
                        lines.append(increment)
                    if kpi.kind is KpiKind.FLOW and year in totals and year > plan.period.first:
                        lines.append(running_total_text(totals[year], kpi, plan, labels))
            cells.append(_cell(lines, widths[3 + offset]))
        target_lines = [target_text(kpi, labels) or labels.no_rate]
        total = target_total_text(result, plan, labels)
        if total:
            target_lines.append(total)
        elif kpi.target is not None and kpi.target.fiscal_year != shared_year:
            target_lines.append(
                labels.fiscal_year_heading.format(year=self.year(kpi.target.fiscal_year))
            )
        cells.append(_cell(target_lines, widths[-2]))
        cells.append(_cell(self.rate_lines(result), widths[-1]))
        return _row(cells)

    def section_one(self) -> None:
        labels = self.labels
        self.blocks.append(_paragraph(self.plan.document.title, style="Title"))
        self.section_heading(1, labels.kpi_section)
        self.kpi_table()
        for note in self.plan.notes:
            self.text(note_text(note, labels), size=_TABLE_FONT_HALF_POINTS)
        # The landscape section ends here.
        self.blocks.append(f"<w:p><w:pPr>{self.landscape_section}</w:pPr></w:p>")

    # -- section 2 ---------------------------------------------------------------

    def initiative(self, item: Initiative | Repeat) -> None:
        labels = self.labels
        found, repeated = resolve(item, self.items_by_id)
        assert isinstance(found, Initiative)
        mark = labels.repeat_mark if repeated else ""
        years = year_span_text(found.years, self.plan, labels) if found.years else ""
        rest = list(found.paragraphs)
        # An untitled initiative's first paragraph follows the ■ directly.
        head = found.title if found.title is not None else (rest.pop(0) if rest else "")
        rest += [
            labels.detail_brackets.format(heading=detail.heading) + detail.text
            for detail in found.details
        ]
        # （再掲） closes the item's text, where the source prints it.
        if rest:
            rest[-1] += mark
        else:
            years += mark
        self.text(f"{labels.item_mark} {head}{years}", indent=(210, -210), keep_next=bool(rest))
        for line in rest:
            self.text(line, indent=(210, 210))
        for indicator in found.reference_indicators:
            self.text(reference_text(indicator, self.plan, labels), indent=(210, 0))

    def simple_item(self, item: Issue | DirectionItem | Repeat) -> None:
        found, repeated = resolve(item, self.items_by_id)
        assert isinstance(found, Issue | DirectionItem)
        mark = self.labels.repeat_mark if repeated else ""
        self.text(f"{self.labels.item_mark} {found.text}{mark}", indent=(210, -210))

    def review(self, review: MeasureReview) -> None:
        labels = self.labels
        self.heading(labels.initiatives, 4)
        for initiative in review.initiatives:
            self.initiative(initiative)
        self.heading(labels.issues, 4)
        for issue in review.issues:
            self.simple_item(issue)
        category = category_label(review.direction.category, self.plan)
        heading = labels.direction_heading.format(category=category)
        if review.rating is not None:
            rating = category_label(review.rating, self.plan, ratings=True)
            heading += (
                f"{labels.scope_separator}{labels.rating}：{rating}"
                if labels.wide_numbers
                else f" ({labels.rating}: {rating})"
            )
        self.heading(heading, 4)
        for point in review.direction.items:
            self.simple_item(point)

    def strategy(self, strategy: Strategy) -> None:
        labels = self.labels
        self.heading(strategy_heading_text(strategy, labels), 2)
        for measure in strategy.measures:
            self.heading(measure_heading_text(measure, labels), 3)
            if measure.number in self.closing_reviews:
                self.review(self.closing_reviews[measure.number])

    def section_two(self) -> None:
        self.section_heading(2, self.labels.measures_section)
        for strategy in self.plan.strategies:
            self.strategy(strategy)

    # -- section 3 ---------------------------------------------------------------

    def section_three(self) -> None:
        section = self.plan.next_plan
        if section is None:
            return
        self.section_heading(3, section.title)
        self.text(section.lead, indent=(0, 210))
        for heading in section.headings:
            self.heading(f"{self.labels.item_mark} {heading.title}", 2)
            for item in heading.items:
                self.text(f"{self.labels.sub_item_mark}{item}", indent=(210, -210))

    def build(self) -> list[str]:
        self.section_one()
        self.section_two()
        self.section_three()
        return self.blocks


def _set_fonts(
    style: Any, font: str, *, size: float | None = None, bold: bool | None = None
) -> None:
    """Set a style's fonts, East Asian included, replacing its theme fonts."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = font
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


def _set_up_styles(document: Document) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    styles = document.styles
    _set_fonts(styles["Normal"], _BODY_FONT, size=10.5)
    _set_fonts(styles["Title"], _HEADING_FONT, size=16, bold=True)
    for level, size in ((1, 14), (2, 12), (3, 11), (4, 10.5)):
        _set_fonts(styles[f"Heading {level}"], _HEADING_FONT, size=size, bold=True)
    for name in ("Header", "Footer"):
        _set_fonts(styles[name], _BODY_FONT, size=9)
    title = styles["Title"].element
    title_paragraph = title.get_or_add_pPr()
    title_paragraph.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="center"/>'))
    # Languages, so that line breaking and fonts follow Japanese rules.
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if run_defaults is not None:
            for old in run_defaults.findall(qn("w:lang")):
                run_defaults.remove(old)
            run_defaults.append(
                parse_xml(
                    f'<w:lang {nsdecls("w")} w:val="ja-JP" w:eastAsia="ja-JP" w:bidi="ar-SA"/>'
                )
            )


def _page_number_field() -> Any:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    return parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    )


def _set_up_pages(document: Document, plan: Plan, labels: Labels) -> str:
    """Make the body's section A4 portrait with header and footer; return a landscape twin.

    The twin (``w:sectPr`` XML) ends the KPI table's section and refers to the
    same header and footer.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Twips

    section = document.sections[0]
    section.page_width, section.page_height = Twips(_A4_SHORT), Twips(_A4_LONG)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(_MARGIN))
    header = section.header
    lines = [plan.document.label or ""]
    meeting = plan.document.meeting
    if meeting is not None:
        lines.append(f"{date_text(meeting.date, labels, short=True)} {meeting.name}")
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
    size.set(qn("w:w"), str(_A4_LONG))
    size.set(qn("w:h"), str(_A4_SHORT))
    size.set(qn("w:orient"), "landscape")
    text: str = landscape.xml
    return text


def _fixed_timestamps(package: bytes) -> bytes:
    """Rewrite a zip package with one fixed timestamp on every entry, keeping the order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


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


class WordExporter:
    """Writes the evaluation as a Word report (.docx) with python-docx."""

    name = "docx"
    aliases = ("word",)
    extensions = (".docx",)
    description = "Word report: the KPI table, the review of each measure, the next plan"

    def write(self, report: Report, stream: BinaryIO) -> None:
        """Write ``report`` as a .docx report to ``stream``."""
        import docx

        plan = report.plan
        document = docx.Document()
        # The template's empty first paragraph would start the report blank.
        body = document.element.body
        for paragraph in body.findall(f"{{{_W}}}p"):
            body.remove(paragraph)
        _set_up_styles(document)
        landscape = _set_up_pages(document, plan, report.labels)
        _insert_body(document, _ReportBuilder(report, landscape).build())
        created = report_timestamp(plan)
        properties = document.core_properties
        # Core properties hold at most 255 characters; the text itself is in the body.
        properties.title = plan.document.title[:_PROPERTY_LENGTH]
        properties.subject = plan.title[:_PROPERTY_LENGTH]
        properties.author = plan.municipality[:_PROPERTY_LENGTH]
        properties.last_modified_by = plan.municipality[:_PROPERTY_LENGTH]
        properties.created = created
        properties.modified = created
        properties.last_printed = created
        properties.revision = 1
        properties.comments = ""
        properties.keywords = ""
        properties.category = ""
        buffer = io.BytesIO()
        document.save(buffer)
        stream.write(_fixed_timestamps(buffer.getvalue()))
