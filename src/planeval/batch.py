"""Many plans at once: ``planeval export``, ``validate`` and ``compare`` over files and folders.

:func:`find_plans` turns the paths given into the plan files to run: a file
given is a plan; in a folder (and its folders, hidden ones left out), the
plan files are the ``*.json`` files and the plan workbooks (``*.xlsx`` with
a plan sheet), and any other file is skipped with a note. :func:`output_names`
names each plan's outputs by its path from the folder the inputs share,
never two alike (even where the file system ignores case).

Each plan is loaded, checked, evaluated and written by one call of a worker
(:func:`validate_one`, :func:`export_one`, :func:`compare_one`), which gives
back a small :class:`Outcome` and never raises for a bad plan or a failed
write. :func:`run` calls the worker for every plan, in parallel processes
(``jobs``; one runs them in this process), and hands the outcomes back in
the plans' order, with a progress bar on a terminal. A worker ignores
Ctrl-C: the plans being written when it comes are finished (a file appears
whole or not at all), the others are not started, and the interruption
reaches the caller.

The one-line reports of success (``wrote``, ``valid``) are in English, as
for one plan; the notes and the summary are in the language asked for
(:data:`BATCH_WORDS`).
"""

from __future__ import annotations

import contextlib
import datetime
import enum
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Never, TextIO

import attrs

from planeval._files import OutputPathError as FileOutputPathError
from planeval._files import ReadOnlyOutputError, write_atomically
from planeval.errors import PlanError
from planeval.evaluation import evaluate
from planeval.exporters import (
    ExportError,
    OutputPathError,
    Report,
    UnknownFormatError,
    UnknownLocaleError,
    export_report,
    report_for,
)
from planeval.exporters.comparison import comparison_bytes
from planeval.io.plan_files import PlanFile, read_plan_file
from planeval.io.readers import claimed
from planeval.io.workbook_reader import is_plan_workbook
from planeval.limits import MAX_WORKBOOK_BYTES
from planeval.model import Plan
from planeval.report.comparison import comparison_rows
from planeval.report.phrases import report_timestamp
from planeval.report.records import Record
from planeval.structure import placed_entries

if TYPE_CHECKING:
    from tqdm import tqdm

__all__ = [
    "BATCH_WORDS",
    "PLAN_ENDINGS",
    "Inputs",
    "Job",
    "Outcome",
    "Skipped",
    "Status",
    "Tally",
    "compare_one",
    "export_jobs",
    "export_one",
    "find_plans",
    "is_batch",
    "note_lines",
    "output_names",
    "overwritten_plan",
    "plan_counts",
    "run",
    "shown_name",
    "validate_one",
    "write_comparison",
    "write_report",
]

#: The endings of the files a folder's plans are read from: JSON plans and plan workbooks.
PLAN_ENDINGS = (".json", ".xlsx")

#: What a batch says, by language: the notes, the lines of the summary.
BATCH_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "skipped": "skipped {path}: {reason}",
        "not_a_plan_file": "not a plan file",
        "not_a_plan_workbook": "a workbook without a plan sheet (an entry sheet or a report)",
        "unreadable_workbook": "not a plan workbook ({problem})",
        "no_plans": "no plan files in {paths}",
        "refused": "refused {plan}: {problem}",
        "failed": "failed {plan}: {problem}",
        "more": " (and {count} more)",
        "export": "{done} written, {refused} refused, {failed} failed",
        "validate": "{done} valid, {refused} refused",
        "compare": "{done} compared, {refused} refused",
        "nothing_compared": "nothing to compare: {output} is not written",
        "worker_died": "the process evaluating it ended unexpectedly",
    },
    "ja": {
        "skipped": "{path} を飛ばしました：{reason}",
        "not_a_plan_file": "計画ファイルではありません",
        "not_a_plan_workbook": "計画のシートがないブックです（入力用のブックか報告書）",
        "unreadable_workbook": "計画のブックではありません（{problem}）",
        "no_plans": "{paths} に計画ファイルがありません",
        "refused": "受け付けなかった計画 {plan}：{problem}",
        "failed": "書き出せなかった計画 {plan}：{problem}",
        "more": "（ほか {count} 件）",
        "export": "書き出し {done} 件、受け付けず {refused} 件、失敗 {failed} 件",
        "validate": "正しい計画 {done} 件、受け付けず {refused} 件",
        "compare": "比較 {done} 件、受け付けず {refused} 件",
        "nothing_compared": "比較する計画がないため、{output} は書き出しませんでした",
        "worker_died": "評価していたプロセスが途中で終了しました",
    },
}


def note_lines(path: Path | str, read: PlanFile) -> list[str]:
    """What was read other than as written, a line each: ``plan.xlsx: 指標!Q5: ...``."""
    return [f"{path}: {note.described()}" for note in read.notes]


def plan_counts(plan: Plan) -> str:
    """How many entries each level has, and how many KPIs: 基本戦略: 3, 施策: 14, KPIs: 6."""
    placed = placed_entries(plan)
    counts = [
        f"{level.name}: {sum(1 for p in placed if p.level == index)}"
        for index, level in enumerate(plan.levels)
    ]
    return ", ".join([*counts, f"KPIs: {len(plan.kpis)}"])


def is_batch(paths: Sequence[str]) -> bool:
    """Whether the paths given ask for a batch: more than one, or a folder."""
    return len(paths) > 1 or any(Path(path).is_dir() for path in paths)


@attrs.frozen(kw_only=True)
class Skipped:
    """A file in a folder that is not a plan: why (a key of :data:`BATCH_WORDS`), and detail."""

    path: Path
    reason: str
    problem: str = ""

    def described(self, language: str) -> str:
        """The note, in ``language``: ``skipped notes.txt: not a plan file``."""
        words = BATCH_WORDS[language]
        reason = words[self.reason].format(problem=self.problem)
        return words["skipped"].format(path=self.path, reason=reason)


@attrs.frozen(kw_only=True)
class Inputs:
    """The plan files found in the paths given, the files skipped, and the folder they share."""

    plans: tuple[Path, ...]
    skipped: tuple[Skipped, ...]
    base: Path | None


def _same(path: Path, other: Path | None) -> bool:
    return other is not None and os.path.realpath(path) == os.path.realpath(other)


def _folder_files(folder: Path, leave_out: Path | None) -> Iterator[Path]:
    """The files in ``folder`` and its folders, without hidden ones or ``leave_out``."""
    for root, folders, files in os.walk(folder):  # symbolic links to folders not followed
        here = Path(root)
        folders[:] = [
            name
            for name in folders
            if not name.startswith(".") and not _same(here / name, leave_out)
        ]
        for name in files:
            if not name.startswith(".") and not _same(here / name, leave_out):
                yield here / name


def _folder_plans(folder: Path, leave_out: Path | None) -> list[Path]:
    """The files in ``folder`` and its folders, in the order of their paths from it."""
    files = _folder_files(folder, leave_out)
    return sorted(files, key=lambda path: path.relative_to(folder).parts)


def _skipped(path: Path) -> Skipped | None:
    """Why a file found in a folder is not a plan, or None when it is one."""
    ending = path.suffix.casefold()
    if ending == ".json":
        return None
    if ending != ".xlsx":
        # A reader plugin's files (plan.toml) are plans; any other file is not.
        return None if claimed(path) else Skipped(path=path, reason="not_a_plan_file")
    try:
        with path.open("rb") as file:
            data = file.read(MAX_WORKBOOK_BYTES + 1)
        if is_plan_workbook(data, str(path)):
            return None
    except OSError as error:
        return Skipped(path=path, reason="unreadable_workbook", problem=error.strerror or "")
    except PlanError as error:
        problem = error.problems[0].described() if error.problems else str(error)
        return Skipped(path=path, reason="unreadable_workbook", problem=problem)
    return Skipped(path=path, reason="not_a_plan_workbook")


def find_plans(paths: Sequence[Path], *, leave_out: Path | None = None) -> Inputs:
    """The plan files in ``paths``, in order: a file as given, a folder's plans sorted.

    A file found twice counts once; ``leave_out`` (the output) is never
    taken from a folder. ``base`` is the folder the inputs share (a file's
    own folder, a folder itself), or None when they share none (two drives).
    """
    plans: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for given in paths:
        found = [given] if not given.is_dir() else _folder_plans(given, leave_out)
        for path in found:
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            reason = None if path is given else _skipped(path)
            if reason is None:
                plans.append(path)
            else:
                skipped.append(reason)
    return Inputs(plans=tuple(plans), skipped=tuple(skipped), base=_shared_folder(paths))


def _shared_folder(paths: Sequence[Path]) -> Path | None:
    folders = [os.path.abspath(path if path.is_dir() else path.parent) for path in paths]
    try:
        return Path(os.path.commonpath(folders)) if folders else None
    except ValueError:  # on different drives
        return None


def output_names(inputs: Inputs) -> dict[Path, PurePath]:
    """Each plan's output name, without an ending: its path from the shared folder.

    ``plans/a/plan.json`` and ``plans/b/plan.json`` are ``a/plan`` and
    ``b/plan``. A name another plan took before (``plan.json`` and
    ``plan.xlsx`` in one folder, or names differing only in case) gets the
    plan file's ending added (``plan-xlsx``), then a number (``plan-xlsx-2``).
    """
    names: dict[Path, PurePath] = {}
    taken: set[str] = set()
    for plan in inputs.plans:
        folder = _relative_folder(plan, inputs.base)
        name = folder / plan.stem
        if _key(name) in taken:
            other = f"{plan.stem}-{plan.suffix.lstrip('.') or 'plan'}"
            name, number = folder / other, 2
            while _key(name) in taken:
                name, number = folder / f"{other}-{number}", number + 1
        taken.add(_key(name))
        names[plan] = name
    return names


def export_jobs(
    inputs: Inputs,
    output: Path,
    formats: Sequence[tuple[str, str]],
    *,
    locale: str | None,
    force: bool,
) -> list[Job]:
    """A job per plan: write each of ``formats`` (ending, format name) under the folder ``output``.

    The files are named by :func:`output_names`: ``output/a/plan.xlsx``.
    """
    names = output_names(inputs)
    return [
        Job(
            plan=plan,
            targets=tuple((output / f"{names[plan]}{ending}", name) for ending, name in formats),
            locale=locale,
            force=force,
        )
        for plan in inputs.plans
    ]


def overwritten_plan(jobs: Sequence[Job]) -> Path | None:
    """The first plan file some job would write over, or None."""
    plans = {os.path.realpath(job.plan): job.plan for job in jobs}
    targets = (os.path.realpath(path) for job in jobs for path, _ in job.targets)
    return next((plans[target] for target in targets if target in plans), None)


def _key(name: PurePath) -> str:
    return name.as_posix().casefold()


def _relative_folder(plan: Path, base: Path | None) -> PurePath:
    if base is None:
        return PurePath()
    return PurePath(os.path.relpath(os.path.abspath(plan.parent), base))


def shown_name(plan: Path, base: Path | None) -> str:
    """The plan file as a comparison names it: its path from the shared folder (``a/plan.json``)."""
    return (_relative_folder(plan, base) / plan.name).as_posix()


class Status(enum.Enum):
    """How one plan of a batch ended."""

    DONE = "done"  # valid, written, or compared
    REFUSED = "refused"  # a bad plan, or an output path not to write
    FAILED = "failed"  # writing failed


@attrs.frozen(kw_only=True)
class Job:
    """One plan to run: the file, its outputs (path and format), the language of its problems."""

    plan: Path
    targets: tuple[tuple[Path, str], ...] = ()
    locale: str | None = None
    force: bool = False
    name: str = ""


@attrs.frozen(kw_only=True)
class Outcome:
    """What running one plan gave: small, so that it passes between processes.

    ``problem`` is the first problem (a refusal's or a failure's), ``more``
    how many others there were; ``lines`` the reports of success; ``notes``
    what was read other than as written; ``rows`` and ``created`` a
    comparison's rows and the time its plan stamps reports with.
    """

    plan: Path
    status: Status
    problem: str = ""
    more: int = 0
    lines: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    rows: tuple[Record, ...] = ()
    created: datetime.datetime | None = None

    def summary_line(self, language: str) -> str:
        """The summary's line on a plan refused or failed, in ``language``."""
        words = BATCH_WORDS[language]
        more = words["more"].format(count=self.more) if self.more else ""
        key = "refused" if self.status is Status.REFUSED else "failed"
        return words[key].format(plan=self.plan, problem=self.problem) + more


def _refused(job: Job, error: PlanError) -> Outcome:
    if job.locale is not None:
        error = error.in_locale(job.locale)
    problems = error.problems
    first = problems[0].described() if problems else str(error)
    more = max(len(problems) - 1, 0)
    return Outcome(plan=job.plan, status=Status.REFUSED, problem=first, more=more)


def _load(job: Job) -> tuple[Plan, tuple[str, ...]] | Outcome:
    """The job's plan with the notes on its reading, or the outcome of a plan refused."""
    try:
        read = read_plan_file(job.plan)
    except PlanError as error:
        return _refused(job, error)
    return read.plan, tuple(note_lines(job.plan, read))


def validate_one(job: Job) -> Outcome:
    """Load and check one plan: ``plan.json: valid (基本戦略: 3, 施策: 7, KPIs: 6)``."""
    loaded = _load(job)
    if isinstance(loaded, Outcome):
        return loaded
    plan, notes = loaded
    line = f"{job.plan}: valid ({plan_counts(plan)})"
    return Outcome(plan=job.plan, status=Status.DONE, lines=(line,), notes=notes)


def export_one(job: Job) -> Outcome:
    """Load one plan and write each of its targets; stop at the first that cannot be written."""
    loaded = _load(job)
    if isinstance(loaded, Outcome):
        return loaded
    plan, notes = loaded
    try:
        report = report_for(plan, job.locale)  # evaluated and worded once for all its files
    except UnknownLocaleError as error:
        return Outcome(plan=job.plan, status=Status.REFUSED, problem=str(error), notes=notes)
    lines: list[str] = []
    for path, format_name in job.targets:
        status, problem = _write_in_folder(report, path, format_name, force=job.force)
        if status is not Status.DONE:
            return Outcome(
                plan=job.plan, status=status, problem=problem, lines=tuple(lines), notes=notes
            )
        lines.append(f"wrote {path}")
    return Outcome(plan=job.plan, status=Status.DONE, lines=tuple(lines), notes=notes)


def write_report(
    report: Report, path: Path, format_name: str, *, force: bool
) -> tuple[Status, str]:
    """Write one report to ``path``; how it went, and the problem to say if it did not.

    A format unknown or a path not to write is refused (a usage error); a
    failed write or exporter fails. ``planeval export`` and a batch both
    write through it.
    """
    try:
        export_report(report, path, format_name, overwrite_read_only=force)
    except (UnknownFormatError, UnknownLocaleError) as error:
        return Status.REFUSED, str(error)
    except OutputPathError as error:
        hint = "; give --force to replace it" if error.read_only else ""
        return Status.REFUSED, f"{error}{hint}"
    except ExportError as error:
        return Status.FAILED, str(error)
    return Status.DONE, ""


def _write_in_folder(
    report: Report, path: Path, format_name: str, *, force: bool
) -> tuple[Status, str]:
    """:func:`write_report`, its folder made first (a batch's output mirrors its inputs)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return Status.FAILED, f"cannot create {path.parent}: {error.strerror or error}"
    return write_report(report, path, format_name, force=force)


def compare_one(job: Job) -> Outcome:
    """Load and evaluate one plan: its comparison rows, named by ``job.name``."""
    loaded = _load(job)
    if isinstance(loaded, Outcome):
        return loaded
    plan, notes = loaded
    rows = tuple(comparison_rows(evaluate(plan), job.name))
    created = report_timestamp(plan)
    return Outcome(plan=job.plan, status=Status.DONE, notes=notes, rows=rows, created=created)


@contextlib.contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """Ignore Ctrl-C while worker processes start, so that they ignore it from their start.

    A process started while SIGINT is ignored ignores it too (Python keeps
    an ignored SIGINT so): Ctrl-C reaches only this process, which stops
    the batch, and no worker dies with a traceback half-way.
    """
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are the main thread's business
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Progress:
    """A progress bar on standard error when it is a terminal, and lines said around it."""

    def __init__(self, total: int, *, shown: bool) -> None:
        self.bar: tqdm[Never] | None = None
        if shown:
            from tqdm import tqdm  # only for a terminal: a script's run loads none of it

            self.bar = tqdm(total=total, file=sys.stderr, unit="plan", leave=False)

    def say(self, line: str, stream: TextIO) -> None:
        """Print a line on ``stream`` without breaking the bar."""
        if self.bar is None:
            print(line, file=stream)
        else:
            self.bar.write(line, file=stream)

    def advance(self) -> None:
        """One more plan is done."""
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        """Take the bar away."""
        if self.bar is not None:
            self.bar.close()


def run(
    worker: Callable[[Job], Outcome],
    jobs: Sequence[Job],
    *,
    processes: int,
    progress: bool,
    language: str,
) -> list[Outcome]:
    """Run ``worker`` on every job, ``processes`` at a time; the outcomes in the jobs' order.

    Each outcome's lines go to standard output and its notes to standard
    error as it comes, in order. ``progress`` shows a bar on standard error.
    """
    bar = _Progress(len(jobs), shown=progress)
    outcomes: list[Outcome] = []
    try:
        for outcome in _outcomes(worker, jobs, processes, language):
            for note in outcome.notes:
                bar.say(note, sys.stderr)
            for line in outcome.lines:
                bar.say(line, sys.stdout)
            bar.advance()
            outcomes.append(outcome)
    finally:
        bar.close()
    return outcomes


def _outcomes(
    worker: Callable[[Job], Outcome], jobs: Sequence[Job], processes: int, language: str
) -> Iterator[Outcome]:
    if processes <= 1 or len(jobs) <= 1:
        yield from map(worker, jobs)
        return
    pool = ProcessPoolExecutor(
        max_workers=min(processes, len(jobs)),
        # spawn: a fresh interpreter everywhere, never a fork of a process with threads.
        mp_context=multiprocessing.get_context("spawn"),
    )
    try:
        with _interrupts_ignored():  # the workers start as the jobs are submitted
            futures = [pool.submit(worker, job) for job in jobs]
        for job, future in zip(jobs, futures, strict=True):
            yield _result(job, future, language)
    finally:
        # On Ctrl-C: the plans being written are finished, the others never started.
        pool.shutdown(wait=True, cancel_futures=True)


def _result(job: Job, future: Future[Outcome], language: str) -> Outcome:
    try:
        return future.result()
    except BrokenProcessPool:
        problem = BATCH_WORDS[language]["worker_died"]
        return Outcome(plan=job.plan, status=Status.FAILED, problem=problem)


@attrs.frozen(kw_only=True)
class Tally:
    """How many plans of a batch were done, refused and failed."""

    done: int
    refused: int
    failed: int

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> Tally:
        """Count the outcomes."""
        statuses = [outcome.status for outcome in outcomes]
        return cls(
            done=statuses.count(Status.DONE),
            refused=statuses.count(Status.REFUSED),
            failed=statuses.count(Status.FAILED),
        )

    def summary(self, command: str, outcomes: Sequence[Outcome], language: str) -> list[str]:
        """The summary's lines: the counts, then each plan refused or failed with its problem."""
        counts = BATCH_WORDS[language][command].format(**attrs.asdict(self))
        return [
            counts,
            *(o.summary_line(language) for o in outcomes if o.status is not Status.DONE),
        ]


def write_comparison(
    outcomes: Sequence[Outcome], output: Path, *, force: bool
) -> tuple[Status, str]:
    """Write the rows of the plans compared to ``output``, atomically; how it went and what to say.

    The workbook is stamped with the latest time the plans stamp their
    reports with, so that the same plans give the same bytes.
    """
    compared = [outcome for outcome in outcomes if outcome.status is Status.DONE]
    rows = [row for outcome in compared for row in outcome.rows]
    created = max(outcome.created for outcome in compared if outcome.created is not None)
    try:
        write_atomically(
            output,
            comparison_bytes(rows, output, created=created),
            overwrite_read_only=force,
        )
    except FileOutputPathError as error:
        hint = "; give --force to replace it" if isinstance(error, ReadOnlyOutputError) else ""
        return Status.REFUSED, f"{error}{hint}"
    except OSError as error:
        return Status.FAILED, f"cannot write {output}: {error.strerror or error}"
    return Status.DONE, f"wrote {output}"
