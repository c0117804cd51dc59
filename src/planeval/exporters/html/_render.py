"""The HTML page rendered from the report model with the package's Jinja2 templates.

The templates decide the markup only: every word comes from the report
model or the labels. Autoescaping is on for every template, so text such as
``<script>`` or ``{{ }}`` in a plan is printed as text. The helpers here are
what markup needs and the model leaves open: the language of the plan's own
text where it differs from the report's, the colour of text on a grade's fill,
and heading levels past ``<h6>``.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from planeval.exporters.protocol import Report
from planeval.formatting import format_number
from planeval.report.model import Figure

if TYPE_CHECKING:
    import jinja2

__all__ = ["ink", "render"]

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_BLACK, _WHITE = "#000000", "#FFFFFF"


def _luminance(colour: str) -> float:
    """The relative luminance of a ``#RRGGBB`` colour, as WCAG 2 defines it."""
    channels = []
    for start in (1, 3, 5):
        value = int(colour[start : start + 2], 16) / 255
        linear = value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
        channels.append(linear)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def ink(fill: str) -> str:
    """The text colour for a cell filled with ``fill``: black or white, whichever contrasts more.

    One of the two always reaches a contrast of 4.5:1 (WCAG 2 AA) against
    any fill.
    """
    light = _luminance(fill)
    on_black = (light + 0.05) / 0.05
    on_white = 1.05 / (light + 0.05)
    return _BLACK if on_black >= on_white else _WHITE


def _fill(colour: str | None) -> str | None:
    """A grade's fill where it is a ``#RRGGBB`` colour, else None (no fill)."""
    return colour if colour is not None and _COLOUR.fullmatch(colour) else None


def _number(figure: Figure) -> str:
    """A figure's number as :func:`~planeval.report.model.figure_text` prints it."""
    return format_number(figure.number, figure.decimals)


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
    environment.filters.update(number=_number, fill=_fill, ink=ink)
    environment.tests["figure"] = _is_figure
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
