"""A KPI's chart as an SVG image, for formats that show pictures (the HTML report).

:func:`chart_svg` draws a :class:`~planeval.report.model.KpiChart` the way
every format draws it (:data:`~planeval.report.model.CHART_STYLES`): the
values as a line with markers, broken where a year has none, the baseline
dotted, the expected path dashed, the interim targets and the target as
markers, the reference years shaded with their marks under the axis. The
image is self-contained (no fonts, scripts or requests: the generic
``sans-serif`` family), named for screen readers (``role="img"``,
``aria-labelledby`` its ``<title>`` and ``<desc>``, the chart's
description), every text escaped, and the same chart gives the same bytes.

Decimals become floats only here, at the last step, for the drawing's
coordinates; the tick labels are computed and printed from Decimals.
"""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from planeval.formatting import display_width, format_number
from planeval.report.model import CHART_STYLES, ChartSeries, KpiChart

__all__ = ["chart_svg"]

#: The image's size in CSS pixels; it scales, by its viewBox.
WIDTH, HEIGHT = 640, 360
_LEFT, _RIGHT, _TOP, _BOTTOM = 72, 16, 40, 100
_PLOT_WIDTH = WIDTH - _LEFT - _RIGHT
#: A line of the title (14 px text, as _text spaces its lines), and the most
#: display columns it holds (a full-width character takes two, about 14 px).
_TITLE_LINE, _TITLE_COLUMNS = 16, 80
_DASHES = {"solid": "", "dash": ' stroke-dasharray="6 4"', "dot": ' stroke-dasharray="2 3"'}
_REFERENCE_FILL = "#F2F2F2"


def _number(value: float) -> str:
    """A coordinate as written: one decimal, no negative zero."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _title_lines(title: str) -> list[str]:
    """The title in lines that fit the image.

    A line breaks at its last space where that leaves it at least half full
    (English), else between two characters (Japanese).
    """
    lines, line = [], ""
    for character in title:
        if display_width(line + character) > _TITLE_COLUMNS:
            head, space, tail = line.rpartition(" ")
            at_space = bool(space) and display_width(head) >= _TITLE_COLUMNS // 2
            lines.append(head if at_space else line)
            line = tail if at_space else ""
        line += character
    return [*lines, line]


class _Plot:
    """Where a category and a value are drawn: below the title's lines, above the legend."""

    def __init__(self, chart: KpiChart, ticks: tuple[Decimal, ...], title_lines: int) -> None:
        self.count = max(len(chart.categories), 1)
        self.low, self.span = ticks[0], ticks[-1] - ticks[0]
        self.top = _TOP + _TITLE_LINE * (title_lines - 1)
        self.height = HEIGHT - self.top - _BOTTOM

    def x(self, index: int) -> float:
        return _LEFT + _PLOT_WIDTH * (index + 0.5) / self.count

    def y(self, value: Decimal) -> float:
        # The share is exact; only the coordinate drawn is a float.
        share = float((value - self.low) / self.span)
        return self.top + self.height * (1 - share)


def _text(x: float, y: float, text: str, *, anchor: str = "middle", size: int = 11) -> str:
    """A text, each of its lines a tspan, escaped."""
    lines = text.split("\n")
    spans = "".join(
        f'<tspan x="{_number(x)}" dy="{0 if index == 0 else size + 2}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return (
        f'<text x="{_number(x)}" y="{_number(y)}" font-size="{size}" '
        f'text-anchor="{anchor}">{spans}</text>'
    )


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{_number(x)}" cy="{_number(y)}" r="3.5" fill="{colour}"/>'
    shape: tuple[tuple[float, float], ...] = ((x, y - 6), (x + 6, y + 5), (x - 6, y + 5))
    if kind == "diamond":
        shape = ((x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y))
    corners = " ".join(f"{_number(a)},{_number(b)}" for a, b in shape)
    return f'<polygon points="{corners}" fill="{colour}"/>'


def _runs(points: tuple[Decimal | None, ...]) -> list[list[tuple[int, Decimal]]]:
    """The unbroken runs of a series' points: a year without a value breaks the line."""
    runs: list[list[tuple[int, Decimal]]] = [[]]
    for index, point in enumerate(points):
        if point is None:
            runs.append([])
        else:
            runs[-1].append((index, point))
    return [run for run in runs if run]


def _series(line: ChartSeries, plot: _Plot) -> str:
    style = CHART_STYLES[line.role]
    parts = [f'<g class="series-{line.role.value}">']
    if style.dash is not None:
        for run in _runs(line.points):
            corners = " ".join(f"{_number(plot.x(i))},{_number(plot.y(v))}" for i, v in run)
            parts.append(
                f'<polyline points="{corners}" fill="none" stroke="{style.colour}" '
                f'stroke-width="2"{_DASHES[style.dash]}/>'
            )
    if style.marker is not None:
        parts += [
            _marker(style.marker, plot.x(i), plot.y(v), style.colour)
            for i, v in enumerate(line.points)
            if v is not None
        ]
    parts.append("</g>")
    return "".join(parts)


def _axes(chart: KpiChart, plot: _Plot, ticks: tuple[Decimal, ...]) -> list[str]:
    parts = []
    band = _PLOT_WIDTH / plot.count
    for index, reference in enumerate(chart.reference):
        if reference:
            parts.append(
                f'<rect x="{_number(plot.x(index) - band / 2)}" y="{plot.top}" '
                f'width="{_number(band)}" height="{plot.height}" fill="{_REFERENCE_FILL}"/>'
            )
    exponent = (ticks[1] - ticks[0]).normalize().as_tuple().exponent if len(ticks) > 1 else 0
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    for tick in ticks:
        y = plot.y(tick)
        parts.append(
            f'<line x1="{_LEFT}" y1="{_number(y)}" x2="{WIDTH - _RIGHT}" y2="{_number(y)}" '
            'stroke="#D9D9D9" stroke-width="1"/>'
        )
        parts.append(_text(_LEFT - 6, y + 4, format_number(tick, places), anchor="end"))
    for index, category in enumerate(chart.categories):
        parts.append(_text(plot.x(index), plot.top + plot.height + 16, category))
    parts.append(_text(8, plot.top - 10, chart.unit, anchor="start"))
    return parts


def _legend(chart: KpiChart) -> list[str]:
    parts = []
    width = (WIDTH - _LEFT) / max(len(chart.series), 1)
    y = HEIGHT - 18
    for index, line in enumerate(chart.series):
        style = CHART_STYLES[line.role]
        x = _LEFT + index * width
        if style.dash is not None:
            parts.append(
                f'<line x1="{_number(x)}" y1="{y}" x2="{_number(x + 22)}" y2="{y}" '
                f'stroke="{style.colour}" stroke-width="2"{_DASHES[style.dash]}/>'
            )
        if style.marker is not None:
            parts.append(_marker(style.marker, x + 11, y, style.colour))
        parts.append(_text(x + 26, y + 4, line.name, anchor="start", size=10))
    return parts


def chart_svg(chart: KpiChart, *, id_prefix: str = "planeval-chart") -> str:
    """``chart`` as a self-contained SVG document named by its title and description.

    ``id_prefix`` starts the ids of the ``<title>`` and ``<desc>`` elements
    (``{id_prefix}-{number}-title``): give each image on one page its own.
    """
    ticks = chart.ticks
    title = _title_lines(chart.title)
    plot = _Plot(chart, ticks, len(title))
    title_id = f"{id_prefix}-{chart.number}-title"
    desc_id = f"{id_prefix}-{chart.number}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f"aria-labelledby={quoteattr(f'{title_id} {desc_id}')} "
        'font-family="sans-serif">',
        f"<title id={quoteattr(title_id)}>{escape(chart.title)}</title>",
        f"<desc id={quoteattr(desc_id)}>{escape(chart.description)}</desc>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#FFFFFF"/>',
        _text(WIDTH / 2, 22, "\n".join(title), size=14),
        *_axes(chart, plot, ticks),
        *(_series(line, plot) for line in reversed(chart.series)),
        *_legend(chart),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"
