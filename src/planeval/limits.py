"""The limits plan files are held to, so that every plan that loads can be exported.

A spreadsheet cell holds 32,767 characters and a spreadsheet number 15
significant digits; XML holds no control characters. A report adds marks and
labels to some texts (※, ・, 出典：) and puts several texts in one cell (a
KPI's name with its scopes and source; an initiative's paragraphs), so a text
holds at most :data:`MAX_TEXT_LENGTH` characters, and so do the texts that
share a cell, together.
"""

from __future__ import annotations

from decimal import Context

__all__ = [
    "CELL_TEXT_LENGTH",
    "EXACT",
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_MAGNITUDE_EXPONENT",
    "MAX_ROUNDING_PLACES",
    "MAX_SIGNIFICANT_DIGITS",
    "MAX_TEXT_LENGTH",
    "MAX_UNIT_LENGTH",
]

#: What one spreadsheet cell holds.
CELL_TEXT_LENGTH = 32_767
#: Longest text a field may hold, and the texts that share a report's cell together.
MAX_TEXT_LENGTH = 32_000
#: Longest unit: it is written into every number format, which holds 255 characters.
MAX_UNIT_LENGTH = 40
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
#: A decimal context in which arithmetic on numbers within these limits is
#: exact (15 digits, 1e-100 to 1e100): the default context's 28 digits would
#: round a sum such as 1e50 + 1.
EXACT = Context(prec=1000)
