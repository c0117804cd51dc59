"""xlsxwriter workbooks as planeval writes them: in memory, text kept as text, one font.

The report, the plan workbook and the entry sheets all start here, so that
text such as ``=1+1``, ``http://…`` or ``0123`` is written as the text it is,
never turned into a formula, a link or a number, and every workbook speaks
with the same Japanese font. A CSV file has no cell types: :func:`inert_text`
keeps its text from being read as a formula when a spreadsheet opens it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

__all__ = ["FONT", "FORMULA_STARTS", "inert_text", "new_workbook"]

#: The workbooks' font, Japanese included.
FONT = "游ゴシック"

#: The first characters that make a spreadsheet read a cell of a text file as a
#: formula (OWASP's list: = + - @, tab, carriage return), and the apostrophe
#: that :func:`inert_text` puts before them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def inert_text(text: str) -> str:
    """Text for a cell of a text file (CSV) that no spreadsheet reads as a formula.

    Text starting with one of :data:`FORMULA_STARTS` gets an apostrophe in
    front (``'=1+1``), so Excel and LibreOffice show it as text. Text that
    already starts with an apostrophe gets one too, so the rule can be
    undone: a reader drops one leading apostrophe and has the text back.
    Workbooks need none of this: :func:`new_workbook` writes text as text.
    """
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def new_workbook(stream: BinaryIO) -> Workbook:
    """A workbook writing to ``stream``, in memory, in :data:`FONT` at 10 points."""
    import xlsxwriter

    return xlsxwriter.Workbook(
        stream,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_format_properties": {"font_name": FONT, "font_size": 10},
        },
    )
