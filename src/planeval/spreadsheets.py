"""xlsxwriter workbooks as planeval writes them: in memory, text kept as text, one font.

The report, the plan workbook and the entry sheets all start here, so that
text such as ``=1+1``, ``http://…`` or ``0123`` is written as the text it is,
never turned into a formula, a link or a number, and every workbook speaks
with the same Japanese font.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

__all__ = ["FONT", "new_workbook"]

#: The workbooks' font, Japanese included.
FONT = "游ゴシック"


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
