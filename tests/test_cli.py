from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planeval import __version__
from planeval.cli import main

from .conftest import YONEZAWA
from .conftest import run_planeval as run


def test_summary_of_the_bundled_example() -> None:
    result = run("summary", "--example", "yonezawa_plan3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "第３期米沢市工業振興計画の評価・検証について"
    rows = [line for line in lines if line[:3].strip().isdigit()]
    assert len(rows) == 6
    for row, rate, year in zip(
        rows,
        ["86.4％", "75.8％", "94.3％", "30.0％", "112.9％", "101.0％"],
        ["R4", "R4", "R4", "R6", "R6", "R6"],
        strict=True,
    ):
        assert row.endswith(rate)
        assert f"  {year}  " in row
    assert "R3～延べ3件" in result.stdout
    assert "累計101社" in result.stdout


def test_validate_a_valid_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(YONEZAWA)]) == 0
    assert "valid (基本戦略: 3, 施策: 7, KPIs: 6)" in capsys.readouterr().out


def test_validate_reports_one_line_per_problem(tmp_path: Path) -> None:
    data = json.loads(YONEZAWA.read_text(encoding="utf-8"))
    data["kpis"][2]["target"]["value"] = "abc"
    data["kpis"][0]["unit"] = 5
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}: $.kpis[0].unit: KPI 1 付加価値額: 文字を入力してください（5）",
        f"{path}: $.kpis[2].target.value: KPI 3 製造品出荷額等: 数値を入力してください（「abc」）",
    ]


@pytest.mark.parametrize("command", ["validate", "summary"])
@pytest.mark.parametrize(
    ("content", "expected"),
    # No plan says its language: Japanese.
    [
        (None, "ファイルを読み込めません"),
        (b"", "line 1, column 1: JSONの書き方に誤りがあります"),
        (b'{"title": ', "JSONの書き方に誤りがあります"),
        (
            "{'title': '米沢市'}".encode("shift_jis"),
            "このファイルはShift_JIS (cp932)で保存されています",
        ),
        ("{'title': 'Café'}".encode("latin-1"), "UTF-8のテキストではありません（先頭から14バイト"),
        (b"[]", "$: オブジェクト（{ }）で入力してください（リスト）"),
    ],
)
def test_bad_files_exit_2_without_a_traceback(
    tmp_path: Path, command: str, content: bytes | None, expected: str
) -> None:
    path = tmp_path / "plan.json"
    if content is not None:
        path.write_bytes(content)
    result = run(command, str(path))
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_a_directory_is_bad_input(tmp_path: Path) -> None:
    result = run("summary", str(tmp_path))
    assert result.returncode == 2
    assert "ファイルを読み込めません" in result.stderr
    english = run("summary", "--locale", "en", str(tmp_path))
    assert "cannot read the file" in english.stderr


def test_a_folder_without_plans_is_bad_input(tmp_path: Path) -> None:
    # validate and export take folders (a batch): one with no plan file in it is bad input.
    result = run("validate", str(tmp_path))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"planeval: no plan files in {tmp_path}\n"
    japanese = run("validate", "--locale", "ja", str(tmp_path))
    assert japanese.stderr == f"planeval: {tmp_path} に計画ファイルがありません\n"


def test_unknown_example_exits_2() -> None:
    result = run("summary", "--example", "atlantis", "--locale", "en")
    assert result.returncode == 2
    assert (
        "no example named 'atlantis' (available: minamiyama_plan6, riverton_green, yonezawa_plan3)"
        in result.stderr
    )


@pytest.mark.parametrize(
    "args",
    [[], ["summary"], ["frobnicate"], ["summary", "a.json", "--example", "yonezawa_plan3"]],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help() -> None:
    version = run("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"planeval {__version__}")
    help_text = run("--help")
    assert help_text.returncode == 0
    for command in ("validate", "summary", "export", "formats", "init", "schema", "examples"):
        assert command in help_text.stdout


def test_examples_lists_the_bundled_plans(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["examples"]) == 0
    assert capsys.readouterr().out.split() == [
        "minamiyama_plan6",
        "riverton_green",
        "yonezawa_plan3",
    ]


def test_the_planeval_script_is_installed() -> None:
    script = Path(sys.executable).with_name("planeval")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0


def test_init_writes_a_valid_starter_and_keeps_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    result = run("init", str(target))
    assert result.returncode == 0, result.stderr
    assert run("validate", str(target)).returncode == 0
    summary = run("summary", str(target))
    assert summary.returncode == 0
    assert "Jobs in local firms" in summary.stdout
    target.write_text("mine", encoding="utf-8")
    again = run("init", str(target))
    assert again.returncode == 2
    assert "exists; give --force" in again.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("init", str(target), "--force").returncode == 0
    assert run("validate", str(target)).returncode == 0


def test_init_writes_the_japanese_starter_with_locale_ja(tmp_path: Path) -> None:
    default, english, japanese = (tmp_path / f"{name}.json" for name in ("default", "en", "ja"))
    assert run("init", str(default)).returncode == 0
    assert run("init", str(english), "--locale", "en").returncode == 0
    assert english.read_bytes() == default.read_bytes()  # English stays the default
    result = run("init", str(japanese), "--locale", "ja")
    assert (result.returncode, result.stdout) == (0, f"wrote {japanese}\n"), result.stderr
    assert run("validate", str(japanese)).stdout.endswith("valid (基本目標: 1, 施策: 2, KPIs: 3)\n")
    summary = run("summary", str(japanese))
    assert "第２期〇〇市まち・ひと・しごと創生総合戦略の評価・検証について" in summary.stdout
    assert "基本目標１ 市内事業所の従業者数" in summary.stdout
    assert "Ｂ：順調（現時点で想定される進捗以上）" in summary.stdout


def test_init_with_an_unknown_locale_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    result = run("init", str(target), "--locale", "fr")
    assert result.returncode == 2
    assert "argument --locale: invalid choice: 'fr' (choose from 'en', 'ja')" in result.stderr
    assert not target.exists()


def test_init_to_an_unwritable_place_exits_1(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "missing" / "plan.json"))
    assert result.returncode == 1
    assert "cannot write" in result.stderr


def test_schema_is_printed_as_json() -> None:
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "planeval plan file"
    assert schema["additionalProperties"] is False


def test_locale_overrides_the_plans_own() -> None:
    english = run("summary", "--example", "yonezawa_plan3", "--locale", "en")
    assert english.returncode == 0
    assert "Achievement" in english.stdout
    assert "FY2022" in english.stdout
    assert "86.4%" in english.stdout
    japanese = run("summary", "--example", "riverton_green", "--locale", "ja")
    assert "達成率" in japanese.stdout
    assert "令和6年度" not in japanese.stdout  # compact years in the summary
    assert "R5" in japanese.stdout
    wrong = run("summary", "--example", "yonezawa_plan3", "--locale", "fr")
    assert wrong.returncode == 2
    assert "invalid choice: 'fr'" in wrong.stderr
