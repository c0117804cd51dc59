"""The bad-input suite: every malformed plan in tests/bad_inputs is refused plainly.

Each file is refused by ``planeval validate`` and by ``planeval export`` with
exit status 2 and a message naming where the problem is (a JSON path, or the
line and column), never with a traceback and never with a file written.
``cases.json`` says, for each file, what is wrong, the problem's code and
what its message says in English (given ``--locale en``; a plan's problems
are otherwise in its own language, here Japanese).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import planeval
from planeval.cli import main

from .conftest import ROOT, run_planeval

SUITE = ROOT / "tests" / "bad_inputs"
CASES: dict[str, dict[str, str]] = json.loads((SUITE / "cases.json").read_text(encoding="utf-8"))


def test_the_suite_is_large_enough() -> None:
    assert len(CASES) >= 50
    assert sorted(
        path.stem for path in SUITE.glob("*.json") if path.name != "cases.json"
    ) == sorted(CASES)


def _names_the_problem(path: Path, lines: list[str], case: dict[str, str]) -> bool:
    """A line names the file and exactly the case's location, then holds its message."""
    location = f"{path}: {case['location']}: " if case["location"] else f"{path}: "
    return any(
        line.startswith(location) and case["message"] in line[len(location) :] for line in lines
    )


def _assert_refused(path: Path, stderr: str, case: dict[str, str]) -> None:
    lines = stderr.splitlines()
    assert _names_the_problem(path, lines, case), lines
    assert "Traceback" not in stderr


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate_refuses(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = SUITE / f"{name}.json"
    assert main(["validate", "--locale", "en", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    _assert_refused(path, captured.err, CASES[name])


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_refuses_and_writes_nothing(
    name: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = SUITE / f"{name}.json"
    assert main(["export", str(path), "--locale", "en", "-o", str(tmp_path / "report.xlsx")]) == 2
    _assert_refused(path, capsys.readouterr().err, CASES[name])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_library_raises_plan_error(name: str) -> None:
    path = SUITE / f"{name}.json"
    with pytest.raises(planeval.PlanError) as caught:
        planeval.load_plan(path)
    error = caught.value
    assert error.source == str(path)
    case = CASES[name]
    # The location and the code exactly, the English message as cases.json gives it
    # (a message may go on).
    assert any(
        problem.location == case["location"]
        and problem.code == case["code"]
        and case["message"] in problem.in_locale("en").message
        for problem in error.problems
    ), error.problems


@pytest.mark.parametrize(
    "name", ["nan", "shift_jis", "deeply_nested", "lone_surrogate", "dangling_repeat"]
)
def test_a_real_process_shows_no_traceback(name: str) -> None:
    path = SUITE / f"{name}.json"
    result = run_planeval("validate", "--locale", "en", str(path))
    assert result.returncode == 2
    _assert_refused(path, result.stderr, CASES[name])


@pytest.mark.parametrize(
    ("command", "folder"),
    [
        # The batch speaks the environment's language (none here: English), as help does.
        ("validate", "planeval: no plan files in {target}\n"),
        ("export", "planeval: no plan files in {target}\n"),
        ("summary", "{target}: ファイルを読み込めません（ファイルではなくフォルダーです）\n"),
    ],
)
def test_a_directory_and_a_missing_path(
    command: str, folder: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # validate and export read a folder's plans (a batch); summary takes one plan file.
    for target, expected in (
        (tmp_path, folder),
        (tmp_path / "nope.json", "{target}: ファイルを読み込めません（ファイルがありません）\n"),
    ):
        extra = ["-o", str(tmp_path / "out.json"), "--all"] if command == "export" else []
        assert main([command, str(target), *extra]) == 2
        # No plan was read, so no plan says its language: Japanese.
        assert capsys.readouterr().err.endswith(expected.format(target=target))
    assert sorted(path.name for path in tmp_path.iterdir()) == []
