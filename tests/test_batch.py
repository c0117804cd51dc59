"""Batches: ``planeval export`` and ``validate`` given several plans or folders."""

from __future__ import annotations

import io
import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path, PurePath
from typing import Any

import pytest

import planeval
from planeval import batch, exporters
from planeval.batch import Inputs, output_names
from planeval.cli import main
from planeval.entry_writer import entry_files
from planeval.exporters import Report

from .conftest import ROOT, YONEZAWA
from .conftest import run_planeval as run

RIVERTON = ROOT / "examples" / "riverton_green" / "plan.json"
MINAMIYAMA = ROOT / "examples" / "minamiyama_plan6" / "plan.json"
ENDINGS = (".csv", ".docx", ".html", ".json", ".xlsx")
ENTRY_NOTE = "a workbook without a plan sheet (an entry sheet or a report)"


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A folder of plans: two plan.json in two folders, a plan workbook, and files not plans.

    plans/a/plan.json (Yonezawa), plans/a/entry.xlsx (an entry sheet),
    plans/b/plan.json (Riverton), plans/b/plan.xlsx (Minamiyama as a plan
    workbook), plans/notes.txt, and a hidden file.
    """
    folder = tmp_path / "plans"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    shutil.copy(YONEZAWA, folder / "a" / "plan.json")
    shutil.copy(RIVERTON, folder / "b" / "plan.json")
    planeval.dump_plan(planeval.load_plan(MINAMIYAMA), folder / "b" / "plan.xlsx")
    [entry] = entry_files(planeval.load_plan(YONEZAWA), 2025, folder / "a" / "entry.xlsx")
    entry.path.write_bytes(entry.data)
    (folder / "notes.txt").write_text("minutes of the meeting", encoding="utf-8")
    (folder / ".lock.json").write_text("{}", encoding="utf-8")
    return folder


def _bad_plan(path: Path) -> None:
    """Write the Yonezawa plan with a KPI's target that is not a number (and its unit too)."""
    data = json.loads(YONEZAWA.read_text(encoding="utf-8"))
    data["kpis"][2]["target"]["value"] = "abc"
    data["kpis"][0]["unit"] = 5
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _files(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


def _expected(*names: str) -> list[str]:
    folders = sorted({PurePath(name).parent.as_posix() for name in names} - {"."})
    return sorted([*folders, *(f"{name}{ending}" for name in names for ending in ENDINGS)])


def test_a_folder_exports_its_plans_and_skips_the_other_files(
    plans: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["export", str(plans), "--all", "-o", str(out), "--jobs", "1"]) == 0
    assert _files(out) == _expected("a/plan", "b/plan", "b/plan-xlsx")
    captured = capsys.readouterr()
    written = [
        f"wrote {out}/{name}{ending}"
        for name in ("a/plan", "b/plan", "b/plan-xlsx")
        for ending in ENDINGS
    ]
    assert captured.out.splitlines() == [*written, "3 written, 0 refused, 0 failed"]
    assert captured.err.splitlines() == [
        f"skipped {plans}/a/entry.xlsx: {ENTRY_NOTE}",
        f"skipped {plans}/notes.txt: not a plan file",
    ]
    # Each output is the plan's own report, as one plan's export writes it.
    single = tmp_path / "single.json"
    assert main(["export", str(plans / "b" / "plan.xlsx"), "-o", str(single)]) == 0
    assert (out / "b" / "plan-xlsx.json").read_bytes() == single.read_bytes()


def test_a_report_workbook_in_the_folder_is_skipped(plans: Path, tmp_path: Path) -> None:
    planeval.export(planeval.load_plan(YONEZAWA), plans / "report.xlsx")
    result = run("validate", str(plans))
    assert result.returncode == 0
    assert f"skipped {plans}/report.xlsx: {ENTRY_NOTE}" in result.stderr.splitlines()


def test_a_bad_plan_stops_no_other(
    plans: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _bad_plan(plans / "a" / "bad.json")
    out = tmp_path / "out"
    code = main(["export", str(plans), "-f", "csv", "-o", str(out), "--jobs", "1"])
    assert code == 2
    assert _files(out) == ["a", "a/plan.csv", "b", "b/plan-xlsx.csv", "b/plan.csv"]
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {out}/a/plan.csv",
        f"wrote {out}/b/plan.csv",
        f"wrote {out}/b/plan-xlsx.csv",
        "3 written, 1 refused, 0 failed",
        f"refused {plans}/a/bad.json: $.kpis[0].unit: KPI 1 付加価値額: 文字を入力してください（5）"
        " (and 1 more)",
    ]


def test_the_summary_speaks_the_language_asked_for(
    plans: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _bad_plan(plans / "c" / "bad.json")
    out = str(tmp_path / "out")
    assert (
        main(["export", str(plans), "-f", "csv", "-o", out, "--jobs", "1", "--locale", "en"]) == 2
    )
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "3 written, 1 refused, 0 failed",
        f"refused {plans}/c/bad.json: $.kpis[0].unit: KPI 1 付加価値額: expected text, got 5"
        " (and 1 more)",
    ]
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert main(["validate", str(plans), "--jobs", "1"]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-2:] == [
        "正しい計画 3 件、受け付けず 1 件",
        f"受け付けなかった計画 {plans}/c/bad.json：$.kpis[0].unit: KPI 1 付加価値額: "
        "文字を入力してください（5）（ほか 1 件）",
    ]
    assert (
        captured.err.splitlines()[-1]
        == f"{plans}/notes.txt を飛ばしました：計画ファイルではありません"
    )


def test_a_failed_write_exits_1_and_the_others_are_written(
    plans: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "b").write_text("a file where the folder b should be", encoding="utf-8")
    assert main(["export", str(plans), "-f", "json", "-o", str(out), "--jobs", "1"]) == 1
    assert _files(out) == ["a", "a/plan.json", "b"]
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {out}/a/plan.json",
        "1 written, 0 refused, 2 failed",
        f"failed {plans}/b/plan.json: cannot create {out}/b: File exists",
        f"failed {plans}/b/plan.xlsx: cannot create {out}/b: File exists",
    ]


def test_a_refusal_outranks_a_failure(plans: Path, tmp_path: Path) -> None:
    _bad_plan(plans / "a" / "bad.json")
    out = tmp_path / "out"
    out.mkdir()
    (out / "b").write_text("", encoding="utf-8")
    assert main(["export", str(plans), "-f", "json", "-o", str(out), "--jobs", "1"]) == 2


def test_validate_prints_a_line_per_valid_plan_and_the_summary(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _bad_plan(plans / "bad.json")
    assert main(["validate", str(plans / "a"), str(plans / "b"), str(plans / "bad.json")]) == 2
    assert capsys.readouterr().out.splitlines() == [
        f"{plans}/a/plan.json: valid (基本戦略: 3, 施策: 7, KPIs: 6)",
        f"{plans}/b/plan.json: valid (Strategy: 2, Measure: 5, KPIs: 6)",
        f"{plans}/b/plan.xlsx: valid (基本目標: 2, 施策: 4, KPIs: 6)",
        "3 valid, 1 refused",
        f"refused {plans}/bad.json: $.kpis[0].unit: KPI 1 付加価値額: 文字を入力してください（5）"
        " (and 1 more)",
    ]


def test_jobs_2_writes_what_jobs_1_writes(plans: Path, tmp_path: Path) -> None:
    _bad_plan(plans / "a" / "bad.json")
    results = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        results[jobs] = run("export", str(plans), "--all", "-o", str(out), "--jobs", jobs)
        assert results[jobs].returncode == 2
    one, two = tmp_path / "out1", tmp_path / "out2"
    assert _files(one) == _files(two) == _expected("a/plan", "b/plan", "b/plan-xlsx")
    for name in _files(one):
        if (one / name).is_file():
            assert (one / name).read_bytes() == (two / name).read_bytes(), name
    assert results["1"].stdout.replace(str(one), "OUT") == results["2"].stdout.replace(
        str(two), "OUT"
    )
    # Not a terminal: no progress bar, only the notes on what was skipped.
    assert results["2"].stderr.splitlines() == [
        f"skipped {plans}/a/entry.xlsx: {ENTRY_NOTE}",
        f"skipped {plans}/notes.txt: not a plan file",
    ]


class _Terminal(io.StringIO):
    """Standard error as a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("quiet", "shown"), [((), True), (("--quiet",), False)])
def test_a_progress_bar_shows_on_a_terminal_unless_quiet(
    plans: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    quiet: tuple[str, ...],
    shown: bool,
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    out = str(tmp_path / "out")
    assert main(["export", str(plans), "-f", "csv", "-o", out, "--jobs", "1", *quiet]) == 0
    # tqdm's bar, "67%|######6   | 2/3 [00:00<00:00, 20.03plan/s]", cleared at the end.
    assert ("/3 [" in terminal.getvalue()) is shown
    assert ("plan/s]" in terminal.getvalue()) is shown


def test_output_names_never_collide() -> None:
    folder = Path("/plans")
    found = [
        folder / "a" / "plan.json",
        folder / "b" / "plan.json",
        folder / "b" / "plan.xlsx",
        folder / "b" / "Plan.json",
        folder / "b" / "plan-xlsx.json",
        folder / "b" / "plan",
    ]
    inputs = Inputs(plans=tuple(found), skipped=(), base=folder)
    assert list(output_names(inputs).values()) == [
        PurePath("a/plan"),
        PurePath("b/plan"),
        PurePath("b/plan-xlsx"),
        PurePath("b/Plan-json"),
        PurePath("b/plan-xlsx-json"),
        PurePath("b/plan-plan"),
    ]


def test_plans_given_as_files_are_named_from_their_shared_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "x" / "one" / "plan.json", tmp_path / "x" / "two" / "plan.json"
    for path, source in ((first, YONEZAWA), (second, RIVERTON)):
        path.parent.mkdir(parents=True)
        shutil.copy(source, path)
    out = tmp_path / "out"
    assert main(["export", str(first), str(second), "-f", "xlsx", "-o", str(out)]) == 0
    assert _files(out) == ["one", "one/plan.xlsx", "two", "two/plan.xlsx"]
    assert capsys.readouterr().err == ""


def test_a_batch_never_writes_over_a_plan(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (plans / "a" / "plan.json").read_bytes()
    assert main(["export", str(plans), "-f", "json", "-o", str(plans), "--jobs", "1"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"planeval: refusing to write over the plan file {plans}/a/plan.json"
    )
    assert (plans / "a" / "plan.json").read_bytes() == before
    assert not (plans / "b" / "plan-xlsx.json").exists()


def test_the_output_folder_is_not_read_for_plans(plans: Path) -> None:
    out = plans / "reports"
    for _ in range(2):  # the second run finds no plan among the first run's reports
        result = run("export", str(plans), "--all", "-o", str(out), "--jobs", "1")
        assert result.returncode == 0
        assert result.stdout.splitlines()[-1] == "3 written, 0 refused, 0 failed"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "OUT"], "planeval: with several plans, give -f FORMAT or --all; OUT is a folder"),
        (["-f", "nope", "-o", "OUT"], "planeval: no format named 'nope'; available: csv (.csv)"),
        (["--all", "-o", ""], "planeval: the output path is empty"),
    ],
)
def test_a_batch_export_needs_a_format_and_a_folder(
    plans: Path, args: list[str], message: str
) -> None:
    result = run("export", str(plans), *args)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith(message)
    assert result.stdout == ""


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_is_a_whole_number_of_1_or_more(jobs: str) -> None:
    result = run("validate", str(YONEZAWA), "--jobs", jobs)
    assert result.returncode == 2
    assert f"argument --jobs: expected a whole number of 1 or more, not '{jobs}'" in result.stderr
    japanese = run("validate", str(YONEZAWA), "--jobs", jobs, environ={"LANG": "ja_JP.UTF-8"})
    assert f"引数 --jobs: 1 以上の整数を指定してください（'{jobs}'）" in japanese.stderr


def test_one_plan_file_is_no_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.csv"
    assert main(["export", str(YONEZAWA), "-o", str(out), "--jobs", "2"]) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    assert main(["validate", str(YONEZAWA), "--quiet"]) == 0
    assert capsys.readouterr().out == f"{YONEZAWA}: valid (基本戦略: 3, 施策: 7, KPIs: 6)\n"


def test_ctrl_c_stops_the_batch_with_130_and_no_half_written_file(
    plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    written: list[Path] = []

    def export_report(report: Report, path: Path, *args: Any, **kwargs: Any) -> Path:
        if len(written) == 3:
            raise KeyboardInterrupt
        written.append(path)
        return exporters.export_report(report, path, *args, **kwargs)

    monkeypatch.setattr(batch, "export_report", export_report)
    out = tmp_path / "out"
    assert main(["export", str(plans), "--all", "-o", str(out), "--jobs", "1"]) == 130
    assert capsys.readouterr().err.splitlines()[-1] == "planeval: interrupted"
    assert _files(out) == ["a", *(f"a/plan{ending}" for ending in ENDINGS[:3])]


@pytest.mark.parametrize(
    ("sent", "returncode", "last_line"),
    [
        # Ctrl-C: exit 130, said on the last line.
        (signal.SIGINT, 130, "planeval: interrupted"),
        # SIGTERM (a scheduler): the same unwinding, then death by the signal.
        (signal.SIGTERM, -signal.SIGTERM, None),
    ],
)
def test_a_signal_stops_a_parallel_batch_and_the_files_being_written_are_finished(
    sent: signal.Signals, returncode: int, last_line: str | None, tmp_path: Path
) -> None:
    folder = tmp_path / "plans"
    for number in range(40):
        (folder / f"p{number:02}").mkdir(parents=True)
        shutil.copy(YONEZAWA, folder / f"p{number:02}" / "plan.json")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "planeval", "export", str(folder), "--all", "-o", str(out)]
    with subprocess.Popen(
        [*command, "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("wrote ")
        process.send_signal(sent)
        stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == returncode
    if last_line is not None:
        assert stderr.splitlines()[-1] == last_line
    assert "Traceback" not in stderr
    assert "written" not in stdout  # no summary: the batch was stopped
    files = [path for path in out.rglob("*") if path.is_file()]
    assert 0 < len(files) < 40 * len(ENDINGS)
    assert not [path for path in files if path.name.startswith(".")]  # no temporary file
    for path in files:
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))  # complete
