"""Measure the largest plan the loader accepts, exported in every built-in format.

    python benchmarks/largest.py

Builds the plan with every count of :mod:`planeval.limits` at its maximum and
its initiatives' paragraphs lengthened until the plan file is as large as
the loader takes (``synthetic.largest_plan``), checks that it loads, then
exports it in each format of ``exporters.self_contained()`` -- so a format
added later is held to the same bound. Each format runs in a fresh
subprocess that loads the plan file and exports it, as ``planeval export``
does; the subprocess reports its wall-clock seconds and its peak resident
memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, the whole process:
interpreter, libraries, the plan and the export). The goal is 30 s and 1 GB
per format; each line ends ``meets`` or ``MISSES``.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import planeval
from planeval import exporters
from planeval.io.plan_files import plan_to_json
from planeval.limits import MAX_FILE_BYTES
from planeval.model import Initiative
from planeval.structure import placed_entries

SECONDS = 30.0
MEMORY = 1024**3  # 1 GB, in bytes
# Room left below the file-size limit, for the digits of the last adjustment.
_MARGIN = 50_000


def largest_text() -> str:
    """The largest plan's file: every count at its limit, the paragraphs filling the bytes."""
    from synthetic import largest_plan

    # The file grows linearly with the paragraphs' length: measure it twice, solve.
    low, high = 100, 150
    size_low = len(plan_to_json(largest_plan(low)).encode())
    size_high = len(plan_to_json(largest_plan(high)).encode())
    per_character = (size_high - size_low) / (high - low)
    length = low + int((MAX_FILE_BYTES - _MARGIN - size_low) / per_character)
    text = plan_to_json(largest_plan(length))
    assert len(text.encode()) <= MAX_FILE_BYTES, "the largest plan must fit the size limit"
    return text


def measure_one(plan_file: Path, name: str, out: Path) -> dict[str, float]:
    """Load the plan file and export it in format ``name`` (run in a fresh subprocess)."""
    start = time.perf_counter()
    plan = planeval.load_plan(plan_file)
    planeval.export(plan, out, format=name)
    seconds = time.perf_counter() - start
    # Linux reports ru_maxrss in KiB.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"seconds": seconds, "peak": peak, "size": out.stat().st_size}


def main() -> int:
    """Build the largest plan, export it in every built-in format, report against the goals."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--one", nargs=3, metavar=("PLAN", "FORMAT", "OUT"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.one:
        plan_file, name, out = arguments.one
        print(json.dumps(measure_one(Path(plan_file), name, Path(out))))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        plan_file = Path(folder) / "largest.json"
        start = time.perf_counter()
        plan_file.write_text(largest_text(), encoding="utf-8")
        plan = planeval.load_plan(plan_file)
        references = sum(
            len(item.reference_indicators)
            for review in plan.reviews
            for item in review.initiatives
            if isinstance(item, Initiative)
        )
        items = sum(
            len(r.initiatives) + len(r.issues) + len(r.direction.items) for r in plan.reviews
        )
        print(f"machine: {platform.machine()}, Python {platform.python_version()}")
        print(
            f"plan: {plan_file.stat().st_size:,} bytes (limit {MAX_FILE_BYTES:,}); "
            f"{len(plan.kpis):,} KPIs x {len(plan.kpis[0].observations)} years, "
            f"{len(placed_entries(plan)):,} entries in {len(plan.levels)} levels "
            f"({', '.join(level.name for level in plan.levels)}), "
            f"{items:,} review items, {references:,} reference indicators, "
            f"{len(plan.notes):,} notes, {len(plan.grading)} grading rules "
            f"(built and loaded in {time.perf_counter() - start:.1f} s)"
        )
        print(f"goal per format: {SECONDS:.0f} s and 1 GB of peak RSS")
        missed = False
        for entry in exporters.self_contained():
            out = Path(folder) / f"export{entry.exporter.extensions[0]}"
            result = subprocess.run(
                [sys.executable, __file__, "--one", str(plan_file), entry.name, str(out)],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode:
                print(f"{entry.name}: failed: {result.stderr.strip()}: MISSES")
                missed = True
                continue
            found = json.loads(result.stdout)
            meets = found["seconds"] <= SECONDS and found["peak"] <= MEMORY
            missed |= not meets
            print(
                f"{entry.name}: {found['seconds']:.1f} s, {found['peak'] / 1024**2:.0f} MiB peak, "
                f"{found['size'] / 1024**2:.1f} MiB written: {'meets' if meets else 'MISSES'}"
            )
        missed |= not _reloads(Path(folder) / "export.json", plan)
    return 1 if missed else 0


def _reloads(export: Path, plan: planeval.Plan) -> bool:
    """Whether the JSON export loads again, as the same plan; print how long it took."""
    if not export.exists():
        return True
    start = time.perf_counter()
    try:
        same = planeval.load_plan(export) == plan
    except planeval.PlanError as error:
        print(f"json export does not load again: {error}: MISSES")
        return False
    seconds = time.perf_counter() - start
    print(
        f"json export ({export.stat().st_size:,} bytes) loads again in {seconds:.1f} s: "
        f"{'the same plan: meets' if same else 'a different plan: MISSES'}"
    )
    return same


if __name__ == "__main__":
    sys.exit(main())
