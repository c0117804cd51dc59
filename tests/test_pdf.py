"""The PDF exporter: LibreOffice's PDF of the Word report, tagged, its fonts embedded, reproducible.

The conversions need LibreOffice (``soffice``) and poppler (``pdftotext``,
``pdffonts``) and the Japanese fonts (``fonts-noto-cjk``); without them those
tests are skipped, saying so. The refusals — LibreOffice missing, no font
for Japanese, LibreOffice failing or hanging — need none of them but the last.
"""

from __future__ import annotations

import os
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pikepdf
import pytest

import planeval
from planeval.exporters import ExporterOptionError, OutsideToolError
from planeval.exporters.pdf._office import SOFFICE_VARIABLE
from tests import office
from tests.conftest import run_planeval

needs_office = pytest.mark.skipif(
    office.SOFFICE is None or office.PDFTOTEXT is None or office.PDFFONTS is None,
    reason="LibreOffice (soffice) and poppler (pdftotext, pdffonts) are not installed; "
    ".ci/run installs them",
)
posix_only = pytest.mark.skipif(os.name != "posix", reason="the stand-in soffice is a shell script")

#: A fontconfig configuration that knows no font: a machine without Japanese fonts.
NO_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def _export_twice(folder: Path, example: str) -> tuple[Path, Path]:
    plan = planeval.load_example(example)
    first = planeval.export(plan, folder / f"{example}.pdf")
    second = planeval.export(plan, folder / f"{example}-again.pdf")
    return first, second


@pytest.fixture(scope="module")
def yonezawa(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The Yonezawa report as a PDF, written twice."""
    return _export_twice(tmp_path_factory.mktemp("yonezawa"), "yonezawa_plan3")


@pytest.fixture(scope="module")
def riverton(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English example's report as a PDF."""
    plan = planeval.load_example("riverton_green")
    return planeval.export(plan, tmp_path_factory.mktemp("riverton") / "riverton_green.pdf")


def _fonts(pdf: Path) -> list[list[str]]:
    """pdffonts' rows: name, type…, and the emb, sub, uni columns."""
    assert office.PDFFONTS is not None
    listed = subprocess.run([office.PDFFONTS, str(pdf)], capture_output=True, text=True, check=True)
    return [line.split() for line in listed.stdout.splitlines()[2:]]


def _tagged(pdf: Path, language: str, title: str) -> None:
    with pikepdf.open(pdf) as document:
        root = document.Root
        assert pikepdf.Name.StructTreeRoot in root
        assert bool(root.MarkInfo.Marked)
        assert str(root.Lang) == language
        assert str(document.docinfo.Title) == title
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        with document.open_metadata() as metadata:
            assert metadata["pdfuaid:part"] == "1"


@needs_office
def test_the_yonezawa_pdfs_text_copies_out(yonezawa: tuple[Path, Path]) -> None:
    squeezed = office.squeeze(office.pdf_text(yonezawa[0]))
    for words in (*office.YONEZAWA_HEADINGS, *office.YONEZAWA_RATES, "資料２"):
        assert words in squeezed


@needs_office
def test_every_font_is_embedded_japanese_in_noto_cjk(yonezawa: tuple[Path, Path]) -> None:
    fonts = _fonts(yonezawa[0])
    assert fonts
    assert all(row[-5:-2] == ["yes", "yes", "yes"] for row in fonts), fonts  # emb, sub, uni
    assert any("NotoSansCJK" in row[0] or "NotoSerifCJK" in row[0] for row in fonts), fonts


@needs_office
def test_the_pdf_is_tagged_with_its_title_and_language(yonezawa: tuple[Path, Path]) -> None:
    _tagged(yonezawa[0], "ja-JP", "第３期米沢市工業振興計画の評価・検証について")


@needs_office
def test_the_same_plan_gives_the_same_bytes(yonezawa: tuple[Path, Path]) -> None:
    first, second = yonezawa
    assert first.read_bytes() == second.read_bytes()
    with pikepdf.open(first) as document:
        assert str(document.docinfo.CreationDate).startswith("D:20250630")
        assert str(document.docinfo.ModDate) == str(document.docinfo.CreationDate)
        assert pikepdf.Name.DocChecksum not in document.trailer


@needs_office
def test_the_english_example(riverton: Path) -> None:
    squeezed = office.squeeze(office.pdf_text(riverton))
    assert "RivertonGreenGrowthPlan" in squeezed
    assert all(row[-5] == "yes" for row in _fonts(riverton))
    _tagged(riverton, "en-US", "Riverton Green Growth Plan: evaluation for FY2025")


def _no_fonts(folder: Path) -> dict[str, str]:
    """The environment of a machine without fonts: fontconfig told of none."""
    conf = folder / "fonts.conf"
    conf.write_text(NO_FONTS.format(cache=folder / "cache"), encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf), "TMPDIR": str(_temporary(folder))}


def _temporary(folder: Path) -> Path:
    (folder / "tmp").mkdir(exist_ok=True)
    return folder / "tmp"


@needs_office
def test_a_japanese_report_without_a_japanese_font_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = run_planeval(
        "export", "--example", "yonezawa_plan3", "-o", str(out), environ=_no_fonts(tmp_path)
    )
    assert result.returncode == 1
    assert "日本語フォントがありません" in result.stderr
    assert "sudo apt-get install fonts-noto-cjk" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert list(_temporary(tmp_path).iterdir()) == []


def test_without_libreoffice_the_message_says_how_to_install_it(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    empty = _temporary(tmp_path)
    # PATH without soffice, and the usual install folders of Windows and macOS absent here.
    environ = {"PATH": str(empty), "TMPDIR": str(empty), SOFFICE_VARIABLE: ""}
    for locale, words in (
        ("ja", "sudo apt-get install libreoffice-writer-nogui"),
        ("en", "Windows, macOS: from https://www.libreoffice.org/"),
    ):
        result = run_planeval(
            "export", "--example", "yonezawa_plan3", "-o", str(out), "--locale", locale,
            environ=environ,
        )  # fmt: skip
        assert result.returncode == 1
        assert words in result.stderr
        assert "PLANEVAL_SOFFICE" in result.stderr
        assert "Traceback" not in result.stderr
        assert not out.exists()
    assert list(empty.iterdir()) == []


def test_a_soffice_variable_naming_nothing_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "soffice"
    out = tmp_path / "report.pdf"
    result = run_planeval(
        "export", "--example", "riverton_green", "-o", str(out),
        environ={SOFFICE_VARIABLE: str(missing)},
    )  # fmt: skip
    assert result.returncode == 1
    assert f"PLANEVAL_SOFFICE names {str(missing)!r}, which is not a program" in result.stderr
    assert not out.exists()


def test_export_all_leaves_the_pdf_out(tmp_path: Path) -> None:
    folder = tmp_path / "report"
    result = run_planeval(
        "export", "--example", "riverton_green", "--all", "-o", str(folder),
        environ={"PATH": str(_temporary(tmp_path))},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sorted(path.suffix for path in folder.iterdir()) == [
        ".csv",
        ".docx",
        ".html",
        ".json",
        ".xlsx",
    ]


def _stand_in(folder: Path, script: str) -> Path:
    """A program that stands in for soffice, running ``script`` (sh)."""
    program = folder / "soffice"
    program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


def _refusal(
    monkeypatch: pytest.MonkeyPatch, folder: Path, script: str, **options: object
) -> OutsideToolError:
    monkeypatch.setenv(SOFFICE_VARIABLE, str(_stand_in(folder, script)))
    monkeypatch.setattr(tempfile, "tempdir", str(_temporary(folder)))
    out = folder / "report.pdf"
    plan = planeval.load_example("riverton_green")
    with pytest.raises(OutsideToolError) as raised:
        planeval.export(plan, out, options=options)
    assert not out.exists()
    assert list(_temporary(folder).iterdir()) == []
    return raised.value


@posix_only
def test_libreoffice_taking_too_long_is_stopped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    marker = tmp_path / "still-running"
    # A child that outlives the script, as soffice.bin outlives soffice: stopped with it.
    script = f"(sleep 3; touch {marker}) &\nsleep 30"
    error = _refusal(monkeypatch, tmp_path, script, timeout=0.5)
    assert error.problem.code == "pdf.office_timeout"
    assert str(error) == (
        "LibreOffice took longer than 0.5 seconds to convert the report to PDF and was stopped"
    )
    time.sleep(3.5)
    assert not marker.exists()


@posix_only
def test_libreoffice_failing_is_told_with_its_last_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    script = "echo 'Error: no luck' >&2; echo 'Warning: no java' >&2; exit 3"
    error = _refusal(monkeypatch, tmp_path, script)
    assert error.problem.code == "pdf.office_failed"
    assert str(error) == (
        "LibreOffice could not convert the report to PDF: exit status 3: Error: no luck"
    )


@posix_only
def test_no_pdf_from_libreoffice_is_a_failure(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    error = _refusal(monkeypatch, tmp_path, "exit 0")
    assert str(error) == (
        "LibreOffice could not convert the report to PDF: exit status 0: no PDF was written"
    )


@pytest.mark.parametrize("timeout", [0, -1, "60", True])
def test_the_timeout_must_be_a_positive_number(timeout: object, tmp_path: Path) -> None:
    plan = planeval.load_example("riverton_green")
    with pytest.raises(ExporterOptionError, match="timeout must be a positive number"):
        planeval.export(plan, tmp_path / "r.pdf", options={"timeout": timeout})
