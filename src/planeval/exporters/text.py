"""The terminal summary: the report model's KPI table as lines of text.

It is not a file format: ``planeval summary`` prints it, and ``export --all``
does not write it.
"""

from __future__ import annotations

from planeval.formatting import text_table
from planeval.report.model import ReportModel

__all__ = ["render_summary"]

# The number and the rate read best aligned on the right.
_RIGHT_ALIGNED = frozenset({0, 6})
_YEARS_RIGHT_ALIGNED = frozenset({0, 4})


def render_summary(model: ReportModel, *, years: bool = False) -> str:
    """Lay out a report's KPIs as a text table, one row per KPI, reasons below.

    Path status and grade columns are added where the plan grades its KPIs,
    and the grade legend follows the reasons. With ``years``, a second table
    follows: each KPI's value and rate in every year that has a value, as
    laid out by a model built with ``build_report(..., year_lines=True)``.
    """
    table = model.kpi_table
    if model.kpi_heading is None:
        return "\n".join(table.brief_lead) + "\n"  # no KPI: nothing to lay out
    rows = [table.brief_header, *(row.brief.cells for row in table.rows)]
    lines = [*table.brief_lead, ""]
    lines += text_table(rows, right_aligned=_RIGHT_ALIGNED, rule=True)
    if years:
        yearly = [table.brief_years_header]
        yearly += [line.cells for row in table.rows for line in row.brief_years]
        lines += ["", *text_table(yearly, right_aligned=_YEARS_RIGHT_ALIGNED, rule=True)]
    if table.brief_reasons:
        lines += ["", *table.brief_reasons]
    if table.legend:
        lines += ["", *table.legend]
    return "\n".join(lines) + "\n"
