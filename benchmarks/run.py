"""Measure planeval's speed side by side with raw baselines, as ratios.

    python benchmarks/run.py            # 1,000 KPIs x 10 years, 200 measures, 2,000 initiatives
    python benchmarks/run.py --quick    # 100 KPIs, 20 measures, 200 initiatives: under a minute

Each exporter is timed against a raw script that writes the same content
with the same library, the two alternating several times; the medians are
compared. Printed first, one line per ratio: ``bench NAME: ratio=X.XX``;
then the absolute medians, the peak memory and the modules ``import
planeval`` pulls in. Goals: xlsx <= 1.25, docx <= 1.5, json <= 3, scaling
(10x the KPIs over 1x) <= 11.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

import raw
from synthetic import synthetic_plan

from planeval.evaluation import evaluate
from planeval.exporters import Report, find_exporter
from planeval.exporters.evaluation_json import evaluation_to_json
from planeval.exporters.word._charts import chart_paragraph, chart_parts
from planeval.exporters.word._package import word_template
from planeval.io.plan_files import plan_from_json, plan_to_json, structure_plan
from planeval.io.workbook_reader import read_plan_workbook
from planeval.io.workbook_writer import plan_to_workbook
from planeval.model import Plan
from planeval.report import build_report
from planeval.report.charts import build_charts
from planeval.report.labels import labels_for
from planeval.report.model import DocumentInfo, KpiChart
from planeval.report.phrases import Phrases

GOALS = {
    "xlsx": 1.25,
    "docx": 1.5,
    "json": 3.0,
    "workbook_write": 1.5,
    "workbook_read": 3.0,
    "scaling": 11.0,
    "word_charts": 1.25,
}
#: Charts drawn by the Word charts' measurement: past the report's cap, to see their cost grow.
WORD_CHARTS = 1000
FULL = {"kpis": 1000, "years": 10, "measures": 200, "initiatives": 2000}
QUICK = {"kpis": 100, "years": 10, "measures": 20, "initiatives": 200}


def _timed(action: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def alternate(
    first: Callable[[], object], second: Callable[[], object], rounds: int
) -> tuple[float, float]:
    """Run the two in turn ``rounds`` times; return their median times."""
    first(), second()  # warm up: imports, caches
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        times[0].append(_timed(first))
        times[1].append(_timed(second))
    return statistics.median(times[0]), statistics.median(times[1])


def _export(plan: Plan, name: str) -> Callable[[], bytes]:
    """Planeval's exporter writing the plan's report (evaluated beforehand, untimed).

    The report model is built inside the timed run: deciding the wording is
    part of writing a report.
    """
    exporter = find_exporter(name).exporter
    evaluation, labels = evaluate(plan), labels_for(plan)

    def run() -> bytes:
        stream = io.BytesIO()
        exporter.write(Report(evaluation=evaluation, labels=labels), stream)
        return stream.getvalue()

    return run


def _planeval_json(text: str) -> Callable[[], str]:
    return lambda: evaluation_to_json(evaluate(plan_from_json(text)))


def measure_exporters(plan: Plan, years: int, rounds: int) -> dict[str, tuple[float, float]]:
    """Median seconds (planeval, raw) for each format at the plan's size."""
    results = {}
    xlsx = _export(plan, "xlsx")
    workbook = raw.workbook_spec(xlsx(), _chart_specs(plan))
    results["xlsx"] = alternate(xlsx, lambda: raw.write_workbook(workbook, io.BytesIO()), rounds)
    docx = _export(plan, "docx")
    document = raw.document_spec(docx())
    results["docx"] = alternate(docx, lambda: raw.write_document(document, io.BytesIO()), rounds)
    text = plan_to_json(plan)
    exported = json.loads(_planeval_json(text)(), parse_float=Decimal)
    results["json"] = alternate(
        _planeval_json(text), lambda: raw.load_and_dump_json(text, exported), rounds
    )
    return results


def _chart_specs(plan: Plan) -> list[raw.ChartSpec]:
    """The Excel charts as the raw writer draws them, prepared from planeval's report model."""
    charts = build_report(evaluate(plan), labels_for(plan)).charts
    blocks = 1 + 5  # a block's categories row, and a row per series (its roles)
    return [
        raw.ChartSpec(
            first_row=1 + blocks * index,
            last_column=2 + len(chart.categories),
            series=[
                (2 + blocks * index + row, raw.series_style(line))
                for row, line in enumerate(chart.series)
            ],
            description=chart.description,
        )
        for index, chart in enumerate(charts)
    ]


def _planeval_word_charts(charts: tuple[KpiChart, ...], info: DocumentInfo) -> Callable[[], bytes]:
    """Planeval's Word chart parts and paragraphs, built from the model, in a package written."""

    def run() -> bytes:
        template = word_template("en")
        parts = chart_parts(charts, "Arial")
        ids = template.chart_ids(len(parts))
        blocks = [
            chart_paragraph(c, i, n) for n, (c, i) in enumerate(zip(charts, ids, strict=True))
        ]
        return template.report(blocks, info, parts)

    return run


def measure_word_charts(plan: Plan, rounds: int) -> dict[str, tuple[float, float]]:
    """Median seconds (planeval, raw) for Word's chart parts of ``WORD_CHARTS`` KPIs."""
    evaluation = evaluate(plan)
    phrases = Phrases(plan, labels_for(plan))
    charts, _ = build_charts(evaluation, phrases, limit=WORD_CHARTS)
    info = build_report(evaluation, labels_for(plan)).document
    ours = _planeval_word_charts(charts, info)
    spec = raw.word_charts_spec(ours())
    return {
        "word_charts": alternate(ours, lambda: raw.write_word_charts(spec, io.BytesIO()), rounds)
    }


def _prebuilt(plan: Plan, name: str, *, charts: bool) -> Callable[[], bytes]:
    """The exporter writing a report model built beforehand, with or without its charts."""
    exporter = find_exporter(name).exporter
    evaluation, labels = evaluate(plan), labels_for(plan)
    model = build_report(evaluation, labels)
    if not charts:
        model = attrs.evolve(model, charts=(), charts_heading=None, charts_omitted=None)

    def run() -> bytes:
        stream = io.BytesIO()
        exporter.write(Report(evaluation=evaluation, labels=labels, model=model), stream)
        return stream.getvalue()

    return run


def measure_chart_cost(plan: Plan, rounds: int) -> dict[str, tuple[float, float]]:
    """Median seconds (with charts, without) for each format that draws charts.

    ``xlsxwriter`` is the raw Excel baseline drawing the same charts with
    xlsxwriter's own chart writer, and the same workbook without them.
    """
    costs = {
        name: alternate(
            _prebuilt(plan, name, charts=True), _prebuilt(plan, name, charts=False), rounds
        )
        for name in ("xlsx", "docx")
    }
    workbook = raw.workbook_spec(_export(plan, "xlsx")(), _chart_specs(plan))
    chartless = dataclasses.replace(workbook, charts=[])
    costs["xlsxwriter"] = alternate(
        lambda: raw.write_workbook(workbook, io.BytesIO()),
        lambda: raw.write_workbook(chartless, io.BytesIO()),
        rounds,
    )
    return costs


def measure_plan_workbooks(plan: Plan, rounds: int) -> dict[str, tuple[float, float]]:
    """Median seconds (planeval, raw) to write a plan workbook, and to read one back.

    Writing is set against xlsxwriter writing the same cells and formats;
    reading (cells, then the plan built and checked) against openpyxl's
    read-only mode reading every cell's value.
    """
    data = plan_to_workbook(plan)
    spec = raw.workbook_spec(data, [])
    results = {
        "workbook_write": alternate(
            lambda: plan_to_workbook(plan), lambda: raw.write_workbook(spec, io.BytesIO()), rounds
        )
    }
    results["workbook_read"] = alternate(
        lambda: structure_plan(read_plan_workbook(data, "plan.xlsx").data),
        lambda: raw.read_workbook_values(data),
        rounds,
    )
    return results


def peak_memory(plan: Plan) -> dict[str, float]:
    """Peak traced memory, in MiB, of one planeval run of each format."""
    peaks = {}
    text = plan_to_json(plan)
    actions = {
        "xlsx": _export(plan, "xlsx"),
        "docx": _export(plan, "docx"),
        "json": _planeval_json(text),
    }
    for name, action in actions.items():
        gc.collect()
        tracemalloc.start()
        action()
        peaks[name] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return peaks


def _python(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def measure_import(rounds: int) -> tuple[float, float, list[str]]:
    """Median seconds of ``import planeval`` and of its dependencies alone; what it imports."""
    planeval_time, baseline_time = alternate(
        lambda: _python("import planeval"),
        lambda: _python("import attrs, cattrs, dateutil"),
        rounds,
    )
    listing = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; before = set(sys.modules); import planeval; "
            "print(' '.join(sorted({m.split('.')[0] for m in set(sys.modules) - before})))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return planeval_time, baseline_time, listing.stdout.split()


def machine() -> str:
    """A line describing this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def main() -> int:
    """Run the benchmarks and print the ratios, then the details."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller size, under a minute")
    parser.add_argument("--rounds", type=int, default=None, help="timings per side (median)")
    arguments = parser.parse_args()
    size = QUICK if arguments.quick else FULL
    rounds = arguments.rounds or (3 if arguments.quick else 5)

    plan = synthetic_plan(**size)
    main_results = measure_exporters(plan, size["years"], rounds)
    main_results.update(measure_plan_workbooks(plan, rounds))
    main_results.update(measure_word_charts(plan, rounds))
    chart_cost = measure_chart_cost(plan, rounds)
    # Scaling is measured at the quick sizes: 1x and 10x the KPIs.
    small = synthetic_plan(**QUICK)
    large = synthetic_plan(**{**QUICK, "kpis": QUICK["kpis"] * 10})
    scaling = {}
    for name in ("xlsx", "docx", "json"):
        text_small, text_large = plan_to_json(small), plan_to_json(large)
        if name == "json":
            one, ten = alternate(_planeval_json(text_small), _planeval_json(text_large), rounds)
        else:
            one, ten = alternate(_export(small, name), _export(large, name), rounds)
        scaling[name] = (one, ten)
    import_times = measure_import(rounds)

    ratios = {name: ours / baseline for name, (ours, baseline) in main_results.items()}
    for name, ratio in ratios.items():
        print(f"bench {name}: ratio={ratio:.2f}")
    for name, (one, ten) in scaling.items():
        print(f"bench scaling {name}: ratio={ten / one:.2f}")
    print(f"bench import: ratio={import_times[0] / import_times[1]:.2f}")

    print()
    print(f"machine: {machine()}")
    print(
        f"size: {size['kpis']} KPIs x {size['years']} years, {size['measures']} measures, "
        f"{size['initiatives']} initiatives; {rounds} rounds, medians"
    )
    for name, (ours, baseline) in main_results.items():
        goal = GOALS[name]
        verdict = "meets" if ours / baseline <= goal else "MISSES"
        print(
            f"{name}: planeval {ours * 1000:.0f} ms, raw {baseline * 1000:.0f} ms "
            f"({verdict} the goal of {goal})"
        )
    for name, (one, ten) in scaling.items():
        verdict = "meets" if ten / one <= GOALS["scaling"] else "MISSES"
        print(
            f"scaling {name}: {QUICK['kpis']} KPIs {one * 1000:.0f} ms, "
            f"{QUICK['kpis'] * 10} KPIs {ten * 1000:.0f} ms ({verdict} the goal of 11)"
        )
    for name, (with_charts, without) in chart_cost.items():
        what = "the raw workbook" if name == "xlsxwriter" else "the report model built beforehand"
        print(
            f"{name} with its charts: {with_charts * 1000:.0f} ms, "
            f"without: {without * 1000:.0f} ms ({what})"
        )
    ours, baseline, modules = import_times
    print(
        f"import: planeval {ours * 1000:.0f} ms, attrs+cattrs+dateutil {baseline * 1000:.0f} ms "
        "(each in a fresh interpreter)"
    )
    print(f"import planeval pulls in: {' '.join(modules)}")
    exporter_libraries = {"xlsxwriter", "docx", "lxml", "openpyxl"} & set(modules)
    print(f"exporter libraries imported: {', '.join(sorted(exporter_libraries)) or 'none'}")
    for name, peak in peak_memory(plan).items():
        print(f"peak memory {name}: {peak:.1f} MiB (traced Python allocations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
