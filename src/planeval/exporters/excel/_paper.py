"""Which paper a sheet prints on, and where its columns split over pages.

A sheet is printed landscape, fit to the page width, where that prints its
10-point text at 8 points or more (a scale of :data:`SMALLEST_SCALE_PERCENT`):
on A4, else on A3. A sheet too wide for A3 as well is printed on A3 at a
scale of its own, 80% or more, its columns split over as few pages side by
side as that takes, each page repeating the sheet's leading columns (a KPI's
number and name). Excel ignores manual page breaks in a sheet fit to the
page, so the split sheet has a scale instead.

Widths are counted in hundredths of a point as LibreOffice prints a column
in the workbook's 10-point font: ``n`` characters take 6.35 points each
and 4.5 more (measured: 10 characters print 68.0 points wide, 100 print
639.5). Excel counts 7 pixels a character and 5 (5.25 and 3.75 points),
narrower, so a sheet that fits as LibreOffice prints it fits Excel's too.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

__all__ = ["A4", "ColumnSplit", "bands", "choose_paper", "column_width", "must_split"]

#: Excel's paper codes.
A4, A3 = 9, 8
#: The width between the margins (0.5 inch each) of a landscape page, in
#: hundredths of a point: 297 mm and 420 mm less 25.4 mm.
PRINTABLE_WIDTH = {A4: 76_989, A3: 111_855}
#: A sheet's 10-point text is printed at 8 points or more.
SMALLEST_SCALE_PERCENT = 80


@attrs.frozen(kw_only=True)
class ColumnSplit:
    """Where a sheet's columns may split over pages side by side.

    ``repeated`` leading columns are printed on every page; a page may begin
    only at a column in ``break_before``.
    """

    repeated: int
    break_before: tuple[int, ...]


def column_width(width: int) -> int:
    """A column ``width`` characters wide, in hundredths of a point as printed."""
    return width * 635 + 450


def _band_starts(widths: Sequence[int], split: ColumnSplit, most: int) -> list[int]:
    """Where each page's columns begin, each page taking as many as fit ``most``.

    A page after the first also prints the repeated columns. A run of
    columns between two breaks wider than ``most`` takes a page of its own.
    """
    repeated = sum(widths[: split.repeated])
    ends = [*split.break_before, len(widths)]
    starts, position = [0], 0
    while position < len(widths):
        extra = repeated if position else 0
        later = [end for end in ends if end > position]
        fitting = [end for end in later if sum(widths[position:end]) + extra <= most]
        position = max(fitting) if fitting else later[0]
        if position < len(widths):
            starts.append(position)
    return starts


def bands(widths: Sequence[int], split: ColumnSplit, most: int) -> list[int]:
    """Where each page's columns begin: as few pages as fit ``most``, as even as can be.

    Of the splits into that few pages, the one whose widest page is narrowest.
    """
    fewest = len(_band_starts(widths, split, most))
    narrow, wide = 1, most
    while narrow < wide:
        middle = (narrow + wide) // 2
        if len(_band_starts(widths, split, middle)) <= fewest:
            wide = middle
        else:
            narrow = middle + 1
    return _band_starts(widths, split, wide)


def _widest_band(widths: Sequence[int], split: ColumnSplit, starts: Sequence[int]) -> int:
    """The width of the widest page's columns, the repeated ones included after the first."""
    repeated = sum(widths[: split.repeated])
    edges = itertools.pairwise([*starts, len(widths)])
    return max(sum(widths[start:end]) + (repeated if start else 0) for start, end in edges)


def must_split(characters: Sequence[int]) -> bool:
    """Whether columns ``characters`` wide are too wide for A3 at 80%: they split over pages."""
    width = sum(column_width(count) for count in characters)
    return width * SMALLEST_SCALE_PERCENT > PRINTABLE_WIDTH[A3] * 100


def choose_paper(
    sheet: Worksheet, characters: Sequence[int], split: ColumnSplit | None = None
) -> None:
    """Set ``sheet``'s paper, and its scale and column breaks where it splits over pages.

    ``characters`` are the sheet's column widths in characters. A sheet
    with no ``split`` too wide for A3 at 80% is fit to A3's width all the
    same (the report's sheets but the KPI sheet and the reference figures'
    have widths that never are, for a plan of up to three levels).
    """
    widths = [column_width(width) for width in characters]
    fits_a4 = sum(widths) * SMALLEST_SCALE_PERCENT <= PRINTABLE_WIDTH[A4] * 100
    sheet.set_paper(A4 if fits_a4 else A3)
    if not must_split(characters) or split is None:
        return  # fit to the page width, as every sheet is
    starts = bands(widths, split, PRINTABLE_WIDTH[A3] * 100 // SMALLEST_SCALE_PERCENT)
    widest = _widest_band(widths, split, starts)
    sheet.set_print_scale(min(100, PRINTABLE_WIDTH[A3] * 100 // widest))
    sheet.repeat_columns(0, split.repeated - 1)
    sheet.set_v_pagebreaks(starts[1:])
