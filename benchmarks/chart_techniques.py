"""Measure the ways the Word report could draw its charts, for 60 and 1,000 charts.

    python benchmarks/chart_techniques.py

The charts are the report model's (``planeval.report.charts``) of the
synthetic plan, built beyond the report's cap so that 1,000 can be drawn.
Each technique turns every chart into what a Word document would hold:

- ``native``: the DrawingML chart part (``exporters.drawingml.chart_space``), the one chosen;
- ``svg``: the SVG image (``exporters.chart_svg``), which Word needs beside a PNG fallback;
- ``svg+png``: the SVG and its PNG fallback, rasterised by cairosvg, where installed;
- ``matplotlib``: a PNG drawn by matplotlib (Agg), where installed, with the same series.

Neither cairosvg nor matplotlib is a dependency of planeval: a technique
whose library is missing is reported as such. Times are medians of three
runs, in seconds; the output is one line per technique and count.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_plan

from planeval.evaluation import evaluate
from planeval.exporters.chart_svg import chart_svg
from planeval.exporters.drawingml import chart_space
from planeval.report.charts import build_charts
from planeval.report.labels import labels_for
from planeval.report.model import CHART_STYLES, KpiChart
from planeval.report.phrases import Phrases

COUNTS = (60, 1000)


def charts(count: int) -> tuple[KpiChart, ...]:
    """``count`` charts of the synthetic plan's KPIs."""
    plan = synthetic_plan(kpis=count, years=10, measures=20, initiatives=200)
    built, _ = build_charts(evaluate(plan), Phrases(plan, labels_for(plan)), limit=count)
    return built


def _svg_and_png(chart: KpiChart) -> bytes:
    # Not a dependency: measured where installed.
    import cairosvg  # type: ignore[import-untyped, import-not-found, unused-ignore]

    png: bytes = cairosvg.svg2png(bytestring=chart_svg(chart).encode())
    return png


def _matplotlib(chart: KpiChart) -> bytes:
    import matplotlib  # type: ignore[import-not-found, unused-ignore]

    matplotlib.use("Agg")
    from matplotlib import pyplot  # type: ignore[import-not-found, unused-ignore]

    figure, axes = pyplot.subplots(figsize=(6.1, 2.95), dpi=150)
    positions = range(len(chart.categories))
    for line in chart.series:
        style = CHART_STYLES[line.role]
        # matplotlib draws floats: the last step, as in the SVG.
        values = [float("nan") if p is None else float(p) for p in line.points]
        dashes = {"solid": "-", "dash": "--", "dot": ":", None: "none"}[style.dash]
        markers = {"circle": "o", "diamond": "D", "triangle": "^", None: ""}[style.marker]
        axes.plot(positions, values, dashes, marker=markers, color=style.colour, label=line.name)
    axes.set_xticks(list(positions), chart.categories)
    axes.set_title(chart.title)
    axes.legend(loc="lower center", ncol=4)
    stream = io.BytesIO()
    figure.savefig(stream, format="png")
    pyplot.close(figure)
    return stream.getvalue()


TECHNIQUES: dict[str, Callable[[KpiChart], object]] = {
    "native": lambda chart: chart_space(chart, "Arial"),
    "svg": chart_svg,
    "svg+png": _svg_and_png,
    "matplotlib": _matplotlib,
}


def _median_seconds(draw: Callable[[KpiChart], object], drawn: tuple[KpiChart, ...]) -> float:
    draw(drawn[0])  # warm up: imports, fonts
    times = []
    for _ in range(3):
        start = time.perf_counter()
        for chart in drawn:
            draw(chart)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    """Time every technique at every count; print a line each."""
    for count in COUNTS:
        drawn = charts(count)
        for name, draw in TECHNIQUES.items():
            try:
                seconds = _median_seconds(draw, drawn)
            except ImportError as error:
                print(f"{name}, {count} charts: not measured ({error.name} is not installed)")
                continue
            print(f"{name}, {count} charts: {seconds:.3f} s ({seconds / count * 1000:.2f} ms each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
