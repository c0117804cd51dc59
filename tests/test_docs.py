"""The documentation builds without a warning, and the plan-file reference is complete."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import typing
from pathlib import Path

import attrs
import pytest

from planeval.cli import main
from planeval.model import Plan, YearMonth

from .conftest import ROOT

DOCS = ROOT / "docs"


def test_docs_build_with_warnings_as_errors(tmp_path: Path) -> None:
    pytest.importorskip("sphinx")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-E",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(DOCS),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pages = ("index", "tutorial", "ja/tutorial", "plan-file", "methodology", "plugins", "testing")
    for page in (*pages, "performance", "api"):
        assert (tmp_path / "html" / f"{page}.html").is_file()


def _classes_in_plan() -> dict[str, type]:
    found: dict[str, type] = {}
    pending: list[type] = [Plan]
    while pending:
        cls = pending.pop()
        if cls.__name__ in found:
            continue
        found[cls.__name__] = cls
        for hint in typing.get_type_hints(cls).values():
            for part in (hint, *typing.get_args(hint)):
                for candidate in (part, *typing.get_args(part)):
                    # A month is written as text ("2018-01"), among the values.
                    if (
                        isinstance(candidate, type)
                        and attrs.has(candidate)
                        and (candidate is not YearMonth)
                    ):
                        pending.append(candidate)
    return found


def test_the_plan_file_reference_lists_every_key() -> None:
    text = (DOCS / "plan-file.md").read_text(encoding="utf-8")
    sections = re.split(r"^#{2,3} ", text, flags=re.MULTILINE)
    documented = {
        section.split("\n", 1)[0].strip(): re.findall(
            r"^\| `(\w+)` \|", section, flags=re.MULTILINE
        )
        for section in sections
    }
    for name, cls in _classes_in_plan().items():
        assert name in documented, f"docs/plan-file.md has no section for {name}"
        keys = [field.name for field in attrs.fields(cls)]
        if name == "Plan":
            # The format version is the file's, not the model's: written first.
            keys = ["format_version", *keys]
        assert documented[name] == keys, name


def test_every_command_of_the_japanese_tutorial_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The commands city staff copy from docs/ja/tutorial.md work, in the order given."""
    text = (DOCS / "ja" / "tutorial.md").read_text(encoding="utf-8")
    commands = [
        shlex.split(line[len("$ planeval ") :].split(" > ")[0])
        for line in text.splitlines()
        if line.startswith("$ planeval ")
    ]
    assert [command[0] for command in commands] == [
        "init",
        "schema",
        "workbook",
        "validate",
        "workbook",
        "validate",
        "summary",
        "summary",
        "export",
        "entry",
        "update",
        "validate",
        "export",
        "compare",
        "examples",
        "summary",
        "summary",
    ]
    monkeypatch.chdir(tmp_path)
    for command in commands:
        assert main(command) == 0, command
    out = capsys.readouterr().out
    assert "plan.json: valid (基本目標: 1, 施策: 2, KPIs: 3)" in out
    assert "計画.xlsx: valid (基本目標: 1, 施策: 2, KPIs: 3)" in out
    assert "変更はありません。plan.json はそのままです" in out
    assert "2 written, 0 refused, 0 failed" in out  # in English: no LANG here
    assert (tmp_path / "比較.xlsx").is_file()
    assert sorted(path.name for path in (tmp_path / "まとめ").iterdir()) == [
        *(f"plan{ending}" for ending in (".csv", ".docx", ".html", ".json", ".xlsx")),
        *(f"計画{ending}" for ending in (".csv", ".docx", ".html", ".json", ".xlsx")),
    ]
    assert sorted(path.name for path in (tmp_path / "報告書").iterdir()) == [
        "plan.csv",
        "plan.docx",
        "plan.html",
        "plan.json",
        "plan.xlsx",
    ]
