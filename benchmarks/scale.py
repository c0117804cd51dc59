"""Measure a batch of many plans: every municipality of Japan, one plan each.

    python benchmarks/scale.py              # 1,741 plans of 60 KPIs: about 15 minutes
    python benchmarks/scale.py --plans 200  # a smaller run, to try a change

Writes the plans as JSON files in folders by prefecture (outside the timing),
then times ``planeval export`` as a batch does it (``planeval.batch``: the
plans found in the folder, a pool of worker processes, one job per plan),
from the files to the written reports:

- the goal: xlsx, docx and json of every plan with 2 workers, at most 90 s;
- beside it, in the same run, a hand-made pool of 2 processes calling
  ``planeval.export`` once per plan and format, the way a script would
  without the batch (a ratio, batch / hand-made);
- each other built-in format but ``pdf`` (LibreOffice's time) the same way;
- 2 workers against 1 on the same plans, as a ratio (goal: at least 1.8);
- each worker's peak memory (the largest ``ru_maxrss`` of the pool's
  processes; goal: at most 200 MB);
- the time per plan at a quarter, a half and all of the plans (linear: the
  same per plan).

Each line of a goal ends ``meets`` or ``MISSES``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import planeval
from planeval import batch, exporters
from planeval.io.plan_files import plan_to_json

#: Japan's municipalities (市町村 and Tokyo's 23 wards), 47 prefectures.
MUNICIPALITIES, PREFECTURES = 1741, 47
KPIS = 60
SECONDS = 90.0
MEMORY_MB = 200.0
SPEEDUP = 1.8
MAIN_FORMATS = ("xlsx", "docx", "json")


def write_plans(folder: Path, count: int) -> list[Path]:
    """``count`` plans of :data:`KPIS` KPIs, each its own municipality, in prefecture folders."""
    from synthetic import synthetic_plan

    text = plan_to_json(synthetic_plan(kpis=KPIS, years=10, measures=20, initiatives=60))
    paths = []
    for number in range(1, count + 1):
        prefecture = folder / f"pref{number % PREFECTURES + 1:02d}"
        prefecture.mkdir(parents=True, exist_ok=True)
        path = prefecture / f"city{number:04d}.json"
        path.write_text(text.replace("架空市", f"架空市{number:04d}"), encoding="utf-8")
        paths.append(path)
    return paths


def _formats(names: Sequence[str]) -> list[tuple[str, str]]:
    return [(exporters.find_exporter(name).extensions[0], name) for name in names]


def _settled() -> None:
    """Put what was written or removed before a timing on the disk, so that it waits for none.

    The reports are written safely (each file synced before it replaces its
    name), and a sync waits for the disk's other pending writes too: the
    plans just written, the last run's files just removed.
    """
    os.sync()


def batch_seconds(plans: Path, out: Path, names: Sequence[str], jobs: int) -> tuple[float, int]:
    """Seconds for a batch export of every plan under ``plans``, and the plans it wrote."""
    shutil.rmtree(out, ignore_errors=True)
    _settled()
    start = time.perf_counter()
    inputs = batch.find_plans([plans])
    work = batch.export_jobs(inputs, out, _formats(names), locale=None, force=False)
    with contextlib.redirect_stdout(io.StringIO()):  # its "wrote" lines
        outcomes = batch.run(batch.export_one, work, processes=jobs, progress=False, language="en")
    seconds = time.perf_counter() - start
    done = sum(outcome.status is batch.Status.DONE for outcome in outcomes)
    return seconds, done


def _export_by_hand(task: tuple[Path, Path, tuple[str, ...]]) -> None:
    plan_file, out, names = task
    plan = planeval.load_plan(plan_file)
    for name in names:
        ending = exporters.find_exporter(name).extensions[0]
        planeval.export(plan, out / f"{plan_file.parent.name}-{plan_file.stem}{ending}", name)


def by_hand_seconds(paths: Sequence[Path], out: Path, names: Sequence[str], jobs: int) -> float:
    """Seconds for a hand-made pool calling ``planeval.export`` once per plan and format."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    tasks = [(path, out, tuple(names)) for path in paths]
    _settled()
    start = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        pool.map(_export_by_hand, tasks, chunksize=8)
    return time.perf_counter() - start


def _verdict(meets: bool) -> str:
    return "meets" if meets else "MISSES"


def main() -> int:
    """Run the measurements and print them, the goals' lines first."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=MUNICIPALITIES, help="how many plans")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    arguments = parser.parse_args()
    count, jobs = arguments.plans, arguments.jobs
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        paths = write_plans(root / "plans", count)
        lines = measure(root, paths, jobs)
    from run import machine

    print(f"machine: {machine()}")
    print(f"plans: {count} of {KPIS} KPIs, {jobs} workers")
    print("\n".join(lines))
    return 0


def measure(root: Path, paths: Sequence[Path], jobs: int) -> list[str]:
    """Every measurement, as the lines to print."""
    count, plans, out = len(paths), root / "plans", root / "out"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds, done = batch_seconds(plans, out, MAIN_FORMATS, jobs)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if done != count:
        raise SystemExit(f"the batch wrote {done} of {count} plans")
    goal = SECONDS * count / MUNICIPALITIES
    lines = [
        f"bench scale xlsx+docx+json: {seconds:.1f} s for {count} plans "
        f"({1000 * seconds / count:.0f} ms a plan; goal {goal:.1f} s: {_verdict(seconds <= goal)})",
        f"bench scale memory: {peak_mb:.0f} MB peak in a worker "
        f"(goal {MEMORY_MB:.0f} MB: {_verdict(peak_mb <= MEMORY_MB)})"
        + ("" if before == 0 else " (a child ran before: the peak may be its)"),
    ]
    by_hand = by_hand_seconds(paths, root / "by-hand", MAIN_FORMATS, jobs)
    lines.append(
        f"bench scale hand-made pool: {by_hand:.1f} s (batch / hand-made = {seconds / by_hand:.2f})"
    )
    lines += _speedup(plans, out, paths, jobs)
    lines += _linearity(root, paths, jobs, seconds)
    for name in (entry.name for entry in exporters.self_contained()):
        if name not in MAIN_FORMATS:
            alone, _ = batch_seconds(plans, out, (name,), jobs)
            each = 1000 * alone / count
            lines.append(f"bench scale {name}: {alone:.1f} s ({each:.0f} ms a plan)")
    return lines


def _speedup(plans: Path, out: Path, paths: Sequence[Path], jobs: int) -> list[str]:
    """One worker against ``jobs`` on the same plans (a fifth of them, at least 50)."""
    sample = plans.parent / "sample"
    shutil.rmtree(sample, ignore_errors=True)
    for path in paths[: max(50, len(paths) // 5)]:
        target = sample / path.relative_to(plans)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    one, _ = batch_seconds(sample, out, MAIN_FORMATS, 1)
    many, _ = batch_seconds(sample, out, MAIN_FORMATS, jobs)
    ratio = one / many
    return [
        f"bench scale speedup: {jobs} workers {ratio:.2f}x as fast as 1 "
        f"({one:.1f} s against {many:.1f} s; goal {SPEEDUP}: {_verdict(ratio >= SPEEDUP)})"
    ]


def _linearity(root: Path, paths: Sequence[Path], jobs: int, whole: float) -> list[str]:
    """Time per plan at a quarter and a half of the plans, against all of them."""
    lines = []
    per_plan_whole = whole / len(paths)
    for share in (4, 2):
        part = root / f"part{share}"
        shutil.rmtree(part, ignore_errors=True)
        for path in paths[: len(paths) // share]:
            target = part / path.relative_to(root / "plans")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target)
        seconds, done = batch_seconds(part, root / "out", MAIN_FORMATS, jobs)
        ratio = per_plan_whole / (seconds / done)
        lines.append(
            f"bench scale linear 1/{share}: {1000 * seconds / done:.0f} ms a plan "
            f"for {done} plans (all plans' time per plan / this = {ratio:.2f})"
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())
