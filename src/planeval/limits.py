"""The limits plan files are held to, so that every plan that loads can be exported.

A spreadsheet cell holds 32,767 characters and a spreadsheet number 15
significant digits; XML holds no control characters. A report adds marks and
labels to some texts (※, ・, 出典：) and puts several texts in one cell (a
KPI's name with its scopes and source; an initiative's paragraphs), so a text
holds at most :data:`MAX_TEXT_LENGTH` characters, and so do the texts that
share a cell, together.

A spreadsheet sheet holds 1,048,576 rows, and the time and memory an export
takes grow with the plan: the counts below (:data:`MAX_KPIS`,
:data:`MAX_YEARS`, :data:`MAX_REVIEW_ITEMS`, …) and :data:`MAX_FILE_BYTES`
keep the largest plan that loads within every sheet, and exportable in each
built-in format within 30 seconds and 1 GB (``benchmarks/largest.py``
measures it). A file that breaks a count is refused before it is read
into the model, and at most :data:`MAX_PROBLEMS` problems are reported.
"""

from __future__ import annotations

import re
from decimal import Context

__all__ = [
    "CELL_TEXT_LENGTH",
    "DOCUMENT_PROPERTY_LENGTH",
    "EXACT",
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_ENTRIES",
    "MAX_ERA_NAME_LENGTH",
    "MAX_EXPORTED_FILE_BYTES",
    "MAX_FILE_BYTES",
    "MAX_GRADE_RULES",
    "MAX_ID_LENGTH",
    "MAX_KPIS",
    "MAX_LEVELS",
    "MAX_LIST_ITEMS",
    "MAX_MAGNITUDE_EXPONENT",
    "MAX_NAME_LENGTH",
    "MAX_NOTES",
    "MAX_PROBLEMS",
    "MAX_REFERENCE_INDICATORS",
    "MAX_REPEATED_TEXT",
    "MAX_REVIEW_ITEMS",
    "MAX_ROUNDING_PLACES",
    "MAX_SIGNIFICANT_DIGITS",
    "MAX_TEXT_LENGTH",
    "MAX_UNIT_LENGTH",
    "MAX_WORKBOOK_BYTES",
    "MAX_WORKBOOK_COMPRESSION_RATIO",
    "MAX_WORKBOOK_MEMBERS",
    "MAX_WORKBOOK_SHEET_CELLS",
    "MAX_WORKBOOK_UNCOMPRESSED_BYTES",
    "MAX_YEARS",
    "forbidden_character",
]

# Control characters (Cc) but tab and newline, lone surrogates (Cs), and the
# non-characters U+FFFE and U+FFFF: none can be stored in XML (Excel, Word).
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def forbidden_character(text: str) -> tuple[int, str] | None:
    """The first character no text may hold, as its index and code (``U+0001``); None if none."""
    found = _FORBIDDEN_CHARACTER.search(text)
    if found is None:
        return None
    return found.start(), f"U+{ord(found.group()):04X}"


#: What a document property (title, subject, author) holds in a workbook or a
#: Word file; the text itself is in the report, so a longer one is cut there.
DOCUMENT_PROPERTY_LENGTH = 255
#: What one spreadsheet cell holds.
CELL_TEXT_LENGTH = 32_767
#: Longest text a field may hold, and the texts that share a report's cell together.
MAX_TEXT_LENGTH = 32_000
#: Longest unit (of a KPI or a reference indicator): it is written into every
#: number format, which holds 255 characters.
MAX_UNIT_LENGTH = 40
#: Longest id (of a note or a review item) and ``repeat_of``: a note's id is
#: printed beside every value that cites it, many to a cell.
MAX_ID_LENGTH = 40
#: Longest era name (of a plan's ``eras``): it is printed in every year label.
MAX_ERA_NAME_LENGTH = 10
#: Longest name of a level, and of what the plan or a level calls its
#: indicators: a level's name is printed in the heading of each of its
#: entries (twice, with a priority mark) and beside each KPI attached to one,
#: and the indicators' names are joined in the KPI table's heading.
MAX_NAME_LENGTH = 40
#: Most digits a number may be written with: what a spreadsheet holds exactly.
MAX_SIGNIFICANT_DIGITS = 15
#: Numbers must lie within 1e-100 and 1e100 in magnitude (or be zero), so that
#: even the rate of the largest over the smallest (1e202 %) fits a spreadsheet.
MAX_MAGNITUDE_EXPONENT = 100
#: The earliest fiscal or calendar year a plan may name.
FIRST_YEAR = 1900
#: The latest fiscal or calendar year a plan may name.
LAST_YEAR = 2200
#: The most decimal places a rate may be rounded to.
MAX_ROUNDING_PLACES = 10
#: Largest plan file, in bytes: a file is read no further than one byte past it.
MAX_FILE_BYTES = 20_000_000
#: Largest file that carries a computed evaluation (an export of the JSON
#: format), in bytes. Such a file adds the evaluation, and writes the plan in
#: planeval's own layout, to a plan of at most :data:`MAX_FILE_BYTES`: twice
#: that leaves room, so that the export of any plan that loads loads again.
MAX_EXPORTED_FILE_BYTES = 2 * MAX_FILE_BYTES
#: Most problems a refused plan reports; collecting stops soon after.
MAX_PROBLEMS = 100
#: Most KPIs a plan holds: two rows each in the KPI table and the chart data.
MAX_KPIS = 1_000
#: Most fiscal years a KPI or a reference indicator lists observations or
#: interim targets for, and the most years observed across a plan's KPIs (or
#: its reference indicators), which are the columns of the tables.
MAX_YEARS = 50
#: Most levels a plan's structure has (基本目標 → 政策 → 施策 → 事業).
MAX_LEVELS = 4
#: Most entries a plan's structure holds, at all levels together, and most
#: reviews a plan holds.
MAX_ENTRIES = 1_000
#: Most initiatives, issues and direction items in all reviews together: a
#: row each of the review sheet.
MAX_REVIEW_ITEMS = 20_000
#: Most characters that items listed again (（再掲）) print again, together: a
#: report prints a repeated item in full each time, so a few ids could
#: otherwise multiply one long text past what a report can hold.
MAX_REPEATED_TEXT = 1_000_000
#: Most reference indicators in all initiatives together: a row each of the
#: reference sheet.
MAX_REFERENCE_INDICATORS = 2_000
#: Most notes a plan holds.
MAX_NOTES = 1_000
#: Most grading rules a plan holds.
MAX_GRADE_RULES = 100
#: Most items of every other list: a KPI's scopes, an initiative's paragraphs,
#: details and reference indicators, categories, eras, the next plan's headings
#: and each heading's items.
MAX_LIST_ITEMS = 100
#: Largest workbook (.xlsx) read back, in bytes: read no further than one byte past it.
MAX_WORKBOOK_BYTES = MAX_FILE_BYTES
#: Most bytes a workbook's parts may hold together once decompressed, as
#: declared in the zip and as counted while they are read (a zip bomb stops here).
MAX_WORKBOOK_UNCOMPRESSED_BYTES = 50_000_000
#: Most members (parts) a workbook's zip may hold; a workbook has a few dozen.
MAX_WORKBOOK_MEMBERS = 1_000
#: Most a part larger than a megabyte may be compressed, as the ratio of its
#: size to its compressed size: spreadsheet XML compresses some 10 to 30 times.
MAX_WORKBOOK_COMPRESSION_RATIO = 200
#: Most cells one sheet read back may span, from A1 to its last used row and
#: column: a sheet is handed over as that grid.
MAX_WORKBOOK_SHEET_CELLS = 1_000_000
#: A decimal context in which arithmetic on numbers within these limits is
#: exact (15 digits, 1e-100 to 1e100): the default context's 28 digits would
#: round a sum such as 1e50 + 1.
EXACT = Context(prec=1000)
