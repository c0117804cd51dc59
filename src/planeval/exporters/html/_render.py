"""The HTML page rendered from the report model with the package's Jinja2 templates.

The templates decide the markup only: every word comes from the report
model or the labels. Autoescaping is on for every template, so text such as
``<script>`` or ``{{ }}`` in a plan is printed as text. The helpers here are
what markup needs and the model leaves open: the language of the plan's own
text where it differs from the report's, a grade's fill as a CSS colour,
heading levels past ``<h6>``, each chart's SVG image, and the spans a
line keeps whole (a figure and its unit, a short bracketed mark or period,
as the Word report keeps them).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from planeval.exporters.chart_svg import chart_svg
from planeval.exporters.protocol import Report
from planeval.formatting import format_number, unbreakable_spans
from planeval.report.model import Figure, KpiChart, figure_text

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

__all__ = ["render"]

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def _fill(colour: str | None) -> str | None:
    """A grade's fill where it is a ``#RRGGBB`` colour, else None (no fill)."""
    return colour if colour is not None and _COLOUR.fullmatch(colour) else None


def _number(figure: Figure) -> str:
    """A figure's number as :func:`~planeval.report.model.figure_text` prints it."""
    return format_number(figure.number, figure.decimals)


def _svg(chart: KpiChart) -> Markup:
    """A chart's SVG image, markup to insert as it is: it escapes the plan's text itself."""
    from markupsafe import Markup  # Jinja2's own, only when a report is written

    return Markup(chart_svg(chart, id_prefix="chart"))


def _keep(text: str) -> Markup:
    """``text`` escaped, each figure-and-unit and short bracketed span kept on one line."""
    from markupsafe import Markup, escape

    parts, start = [], 0
    for match in unbreakable_spans(text):
        parts += [escape(text[start : match.start()]), Markup('<span class="keep">')]
        parts += [escape(match.group()), Markup("</span>")]
        start = match.end()
    parts.append(escape(text[start:]))
    return Markup("").join(parts)


def _kept_whole(figure: Figure) -> bool:
    """Whether a figure's line is one short bracketed span, (R3～延べ1件), kept whole."""
    text = figure_text(figure)
    return any(match.span() == (0, len(text)) for match in unbreakable_spans(text))


def _is_figure(cell: object) -> bool:
    return isinstance(cell, Figure)


@functools.cache
def _environment() -> jinja2.Environment:
    """The templates' environment, made once: autoescaped, strict about undefined names."""
    import jinja2  # only when a report is written

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("planeval.exporters.html", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(number=_number, fill=_fill, svg=_svg, keep=_keep)
    environment.tests.update(figure=_is_figure, kept_whole=_kept_whole)
    return environment


def render(report: Report) -> str:
    """The report as the text of one HTML page.

    The page is in the labels' language; the plan's own text is marked with
    the plan's language where that differs (a Japanese plan reported in
    English).
    """
    locale = report.labels.locale
    content_lang = report.plan.locale if report.plan.locale != locale else None
    template = _environment().get_template("report.html")
    return template.render(
        model=report.model, labels=report.labels, lang=locale, content_lang=content_lang
    )
