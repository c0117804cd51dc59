"""Windows and LGWAN: plan files in other encodings, cp932 consoles, Japanese paths (issue 12)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import planeval
from planeval.cli import main
from planeval.io.encodings import likely_encoding
from planeval.io.upgrade import FORMAT_VERSION

from .conftest import ROOT, run_planeval

YONEZAWA = ROOT / "examples" / "yonezawa_plan3" / "plan.json"
FORMAT_1 = ROOT / "tests" / "data" / "format_v1"


def _yonezawa_in(codec: str) -> bytes:
    return YONEZAWA.read_text(encoding="utf-8").encode(codec)


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("cp932", "Shift_JIS (cp932)"),
        ("shift_jis", "Shift_JIS (cp932)"),
        ("euc_jp", "EUC-JP"),
        ("iso2022_jp", "ISO-2022-JP"),
        ("utf-16", "UTF-16"),
        ("utf-32", "UTF-32"),
    ],
)
def test_a_plan_in_another_encoding_is_named(tmp_path: Path, codec: str, name: str) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(_yonezawa_in(codec))
    result = run_planeval("validate", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    # A file that cannot be read says so in Japanese; --locale en in English.
    assert (
        result.stderr
        == f"{path}: このファイルは{name}で保存されています。UTF-8で保存し直してください\n"
    )
    english = run_planeval("validate", "--locale", "en", str(path))
    assert english.stderr == f"{path}: this file is {name}, not UTF-8: save it as UTF-8\n"


def test_big_endian_utf16_with_its_mark_is_named() -> None:
    data = b"\xfe\xff" + '{"title": "米沢"}'.encode("utf-16-be")
    assert likely_encoding(data) == "UTF-16"


@pytest.mark.parametrize(
    "data",
    [
        '{"title": "Café"}'.encode("latin-1"),  # decodes as cp932, but not as Japanese
        # UTF-8 with one stray byte: Shift_JIS would be a guess.
        YONEZAWA.read_bytes().replace("米沢".encode(), b"\xe9" + "米沢".encode(), 1),
        b'{"title": "\x80\x80\x80"}',
        b"\xff\xfe\x00\xd8",  # a UTF-16 mark before a lone surrogate
        # UTF-8 cut inside its first kanji: the two bytes read as one cp932 kanji.
        b'{"name": "Town \xe4\xba',
        '{"note": "Café’s plan"}'.encode("cp1252"),  # one cp932 kanji by chance
    ],
)
def test_nothing_is_guessed_when_nothing_fits(tmp_path: Path, data: bytes) -> None:
    assert likely_encoding(data) is None
    path = tmp_path / "plan.json"
    path.write_bytes(data)
    with pytest.raises(planeval.PlanError) as raised:
        planeval.load_plan(path)
    (problem,) = raised.value.problems
    assert problem.code == "file.not_utf8"
    assert re.fullmatch(
        r"not UTF-8 text: byte 0x[0-9A-F]{2} at offset \d+", problem.in_locale("en").message
    )


def test_the_byte_at_fault_is_counted_from_the_files_start(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(b'\xef\xbb\xbf{"a": "x\xff"}')  # after a UTF-8 byte-order mark
    with pytest.raises(planeval.PlanError) as raised:
        planeval.load_plan(path)
    (problem,) = raised.value.problems
    assert problem.params == (("byte", "FF"), ("offset", "11"))
    assert (
        problem.message
        == "UTF-8のテキストではありません（先頭から11バイト後の0xFF）。UTF-8で保存してください"
    )
    assert problem.in_locale("en").message == "not UTF-8 text: byte 0xFF at offset 11"


def test_utf8_with_a_mark_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(b"\xef\xbb\xbf" + YONEZAWA.read_bytes())
    assert planeval.load_plan(path) == planeval.load_plan(YONEZAWA)


# --- output to a console that cannot show every character ---------------------------------


def _run_with_encoding(encoding: str, *args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run planeval with its streams in ``encoding``; return the code and both decoded strictly."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    result = subprocess.run(
        [sys.executable, "-m", "planeval", *args],
        capture_output=True,
        env=env,
        cwd=cwd,
        check=False,
    )
    # Decoding strictly proves every byte is what the console's encoding can show.
    return result.returncode, result.stdout.decode(encoding), result.stderr.decode(encoding)


COMMANDS = [
    ["summary", "--example", "yonezawa_plan3"],
    ["summary", "--example", "riverton_green"],
    ["summary", "--example", "minamiyama_plan6"],
    ["summary", "--example", "minamiyama_plan6", "--years"],
    ["formats"],
    ["--help"],
    ["export", "--help"],
    ["schema"],
    ["examples"],
]


@pytest.mark.parametrize("encoding", ["cp932", "ascii"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_console_that_cannot_show_a_character_does_not_crash(
    encoding: str, command: list[str]
) -> None:
    code, out, err = _run_with_encoding(encoding, *command)
    assert code == 0, err
    assert out
    assert "Traceback" not in err
    assert "UnicodeEncodeError" not in err


def test_characters_outside_cp932_are_escaped() -> None:
    code, out, _ = _run_with_encoding("ascii", "summary", "--example", "yonezawa_plan3")
    assert code == 0
    assert "\\u7c73\\u6ca2" in out  # 米沢


@pytest.mark.parametrize("encoding", ["cp932", "ascii"])
def test_errors_and_exports_reach_a_narrow_console(encoding: str, tmp_path: Path) -> None:
    bad = tmp_path / "計画.json"
    bad.write_bytes(_yonezawa_in("cp932"))
    code, out, err = _run_with_encoding(encoding, "validate", "--locale", "en", str(bad))
    assert code == 2
    assert out == ""
    assert "this file is Shift_JIS (cp932), not UTF-8: save it as UTF-8" in err
    assert "Traceback" not in err
    out_dir = tmp_path / "出力"
    code, out, err = _run_with_encoding(
        encoding, "export", "--example", "minamiyama_plan6", "--all", "-o", str(out_dir)
    )
    assert code == 0, err
    assert out.count("wrote ") == len(list(out_dir.iterdir())) > 1


@pytest.mark.parametrize("command", COMMANDS[:5], ids=" ".join)
def test_a_utf8_console_gets_the_same_bytes(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run_with_encoding("utf-8", *command)
    assert code == 0
    assert main(command) == 0
    assert out == capsys.readouterr().out
    assert "\\u" not in out


# --- Japanese folder and file names ---------------------------------------------------------


def test_japanese_paths_work_in_every_command(tmp_path: Path) -> None:
    folder = tmp_path / "米沢市"
    folder.mkdir()
    plan = folder / "計画.json"
    plan.write_bytes(YONEZAWA.read_bytes())

    result = run_planeval("validate", str(plan))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{plan}: valid (")

    result = run_planeval("summary", str(plan))
    assert result.returncode == 0, result.stderr
    assert "第３期米沢市工業振興計画" in result.stdout

    report = folder / "報告書.xlsx"
    result = run_planeval("export", str(plan), "-o", str(report))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {report}\n"
    assert report.stat().st_size > 0

    out_dir = folder / "出力"
    result = run_planeval("export", str(plan), "--all", "-o", str(out_dir))
    assert result.returncode == 0, result.stderr
    written = sorted(out_dir.iterdir())
    assert len(written) > 1
    assert sorted(result.stdout.splitlines()) == sorted(f"wrote {path}" for path in written)

    new = folder / "新しい計画.json"
    result = run_planeval("init", str(new))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {new}\n"
    result = run_planeval("init", str(new))
    assert result.returncode == 2
    assert f"{new} exists" in result.stderr

    old = folder / "旧形式.json"
    old.write_bytes((FORMAT_1 / "yonezawa_plan3.json").read_bytes())
    upgraded = folder / "新形式.json"
    result = run_planeval("upgrade", str(old), "-o", str(upgraded))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {upgraded} (format 1 to {FORMAT_VERSION})\n"
    assert planeval.load_plan(upgraded) == planeval.load_plan(old)
    result = run_planeval("upgrade", str(old))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {old} (format 1 to {FORMAT_VERSION})\n"


def test_problems_name_a_japanese_path(tmp_path: Path) -> None:
    plan = tmp_path / "米沢市" / "壊れた計画.json"
    plan.parent.mkdir()
    plan.write_text('{"title": 5}', encoding="utf-8")
    result = run_planeval("validate", str(plan))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{plan}: ")
    missing = tmp_path / "無い.json"
    result = run_planeval("summary", str(missing))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{missing}: ファイルを読み込めません")
