"""The sheets after the KPI table: measures, reference figures, next plan, document."""

from __future__ import annotations

from collections.abc import Iterator

from planeval.exporters.excel._book import Book, Sheet
from planeval.exporters.excel._paper import ColumnSplit
from planeval.exporters.excel._styles import number_format
from planeval.formatting import row_height
from planeval.report.model import Figure, InitiativeEntry, ReviewEntry

__all__ = [
    "write_document_sheet",
    "write_measures_sheet",
    "write_next_plan_sheet",
    "write_reference_sheet",
]

# The review sheet's columns after those of the levels: priority, part,
# heading, years, text, repeat mark, reference figures. With the levels'
# and the rating's, a plan of three levels prints its 10-point text on A3
# at 8 points or more (212 characters).
_REVIEW_WIDTHS = (10, 14, 22, 10, 60, 8, 28)
# The levels' columns: the last, which names the reviewed entries, wider.
_GROUP_WIDTH, _ENTRY_WIDTH = 16, 20
_RATING_WIDTH = 8


def _widths(levels: int) -> tuple[int, ...]:
    """The review sheet's column widths for a plan of ``levels`` levels."""
    return (*(_GROUP_WIDTH,) * (levels - 1), _ENTRY_WIDTH, *_REVIEW_WIDTHS)


def _initiative_cells(book: Book, entry: InitiativeEntry) -> list[str]:
    return [
        book.labels.initiatives,
        entry.title or "",
        entry.years,
        "\n".join((*entry.paragraphs, *entry.details)),
        book.model.repeat_cell if entry.repeated else "",
        "\n".join(entry.references),
    ]


def _review_rows(book: Book, review: ReviewEntry) -> Iterator[list[str]]:
    """Each row of one review: its initiatives, issues and direction items."""
    lead = [*review.path, "\n".join(review.entries), review.priority]
    repeat = book.model.repeat_cell
    for initiative in review.initiatives:
        yield [*lead, *_initiative_cells(book, initiative)]
    parts = [(book.labels.issues, item) for item in review.issues]
    parts += [(review.direction_heading, item) for item in review.direction_items]
    for part, item in parts:
        yield [*lead, part, "", "", item.text, repeat if item.repeated else "", ""]
    if not review.direction_items:
        yield [*lead, review.direction_heading, "", "", "", "", ""]


def _rating_cell(book: Book, sheet: Sheet, row: int, column: int, review: ReviewEntry) -> None:
    """A review's rating, filled with the colour the plan gives it."""
    if review.rating is None:
        sheet.data.blank(row, column, book.styles.text)
        return
    rating = review.rating
    style = book.styles.filled(rating.colour, rating.text_colour, valign="top")
    book.write_text(sheet, row, column, rating.label, style)


def write_measures_sheet(book: Book) -> None:
    """The review of every entry, one row per item, with its rating; none without reviews."""
    labels, model, styles = book.labels, book.model, book.styles
    if model.reviews_heading is None:
        return
    header = [
        *model.level_names,
        model.priority_heading,
        labels.section_kind,
        labels.heading,
        labels.years,
        labels.text,
        labels.repeat_column,
        labels.reference_indicators,
    ]
    if model.rating_heading is not None:
        header.append(model.rating_heading)
    widths = _widths(len(model.level_names))
    rows = [(review, cells) for review in model.reviews for cells in _review_rows(book, review)]
    sheet = book.add_sheet(
        model.reviews_sheet, rows=3 + len(rows), columns=len(header), header_rows=(2, 2)
    )
    book.write_text(sheet, 0, 0, model.reviews_title, styles.subtitle)
    for column, text in enumerate(header):
        book.write_text(sheet, 2, column, text, styles.header)
    sheet.data.height(2, row_height(zip(header, (*widths, _RATING_WIDTH), strict=False)))
    rating_column = len(widths)
    for row, (review, cells) in enumerate(rows, start=3):
        for column, text in enumerate(cells):
            if text:
                book.write_text(sheet, row, column, text, styles.text)
            else:
                sheet.data.blank(row, column, styles.text)
        if model.rating_heading is not None:
            _rating_cell(book, sheet, row, rating_column, review)
        sheet.data.height(row, row_height(zip(cells, widths, strict=True)))
    sheet.worksheet.freeze_panes(3, len(model.level_names))
    rating = (_RATING_WIDTH,) if model.rating_heading is not None else ()
    book.set_columns(sheet, (*widths, *rating))


def write_reference_sheet(book: Book) -> None:
    """Every reference indicator of the reviews, by year; no sheet when there is none."""
    table = book.model.references
    if table is None:
        return
    labels, styles = book.labels, book.styles
    sheet = book.add_sheet(
        labels.sheet_reference,
        rows=3 + len(table.rows),
        columns=3 + len(table.year_headings),
        header_rows=(2, 2),
    )
    book.write_text(sheet, 0, 0, table.title, styles.subtitle)
    header = [book.model.level_names[-1], labels.initiatives, labels.reference_indicators]
    for column, text in enumerate([*header, *table.year_headings]):
        book.write_text(sheet, 2, column, text, styles.header)
    for row, entry in enumerate(table.rows, start=3):
        for column, text in enumerate([entry.entries, entry.initiative, entry.name]):
            book.write_text(sheet, row, column, text, styles.text)
        for column, cell in enumerate(entry.values, start=3):
            if isinstance(cell, Figure):
                style = styles.get(num_format=number_format(cell), border=1, valign="top")
                sheet.data.number(row, column, float(cell.number), style)
            elif cell is not None:
                book.write_text(sheet, row, column, cell.text, styles.text)
            else:
                sheet.data.blank(row, column, styles.text)
    sheet.worksheet.freeze_panes(3, 0)
    # Split over pages, each page begins with the indicator's measure, initiative and name.
    years = len(table.year_headings)
    split = ColumnSplit(repeated=3, break_before=tuple(range(4, 3 + years)))
    book.set_columns(sheet, (26, 34, 30, *(12,) * years), split)


def write_next_plan_sheet(book: Book) -> None:
    """The section on the next plan; no sheet when the plan has none."""
    section = book.model.next_plan
    if section is None:
        return
    styles = book.styles
    rows = 3 + sum(len(heading.items) + 2 for heading in section.headings)
    sheet = book.add_sheet(book.labels.sheet_next_plan, rows=rows, columns=1)
    book.write_text(sheet, 0, 0, section.title, styles.subtitle)
    book.write_text(sheet, 1, 0, section.lead, styles.plain)
    row = 3
    for heading in section.headings:
        book.write_text(sheet, row, 0, heading.title, styles.label)
        for offset, item in enumerate(heading.items, start=1):
            book.write_text(sheet, row + offset, 0, item, styles.plain)
        row += len(heading.items) + 2
    book.set_columns(sheet, (110,))


def write_document_sheet(book: Book) -> None:
    """The document's facts: municipality, plan, period, document, meeting, dates."""
    styles = book.styles
    sheet = book.add_sheet(
        book.labels.sheet_document, rows=len(book.model.document.facts), columns=3
    )
    for row, fact in enumerate(book.model.document.facts):
        book.write_text(sheet, row, 0, fact.label, styles.label)
        if fact.date is not None:
            # The date as written out, as text: LibreOffice knows no format of 元年 and eras.
            book.write_text(sheet, row, 1, fact.long_text or "", styles.plain)
            sheet.data.date(row, 2, fact.date, styles.date)
        elif fact.text is not None:
            book.write_text(sheet, row, 1, fact.text, styles.plain)
    book.set_columns(sheet, (14, 60, 16))
