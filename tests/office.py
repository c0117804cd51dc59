"""LibreOffice and poppler as the tests drive them: where they are, and a PDF's text.

``.ci/run`` installs them with apt-get where it can; the tests that need
them skip, saying so, where they are missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFFONTS = shutil.which("pdffonts")

#: The Yonezawa report's headings, as its PDF prints them (white space removed).
YONEZAWA_HEADINGS = (
    "１評価指数（ＫＰＩ）の進捗状況",
    "２各基本戦略の実施状況、課題及び今後の方向性",
    "（基本戦略１）ものづくり企業の経営基盤強化",
    "施策７重点施策波及効果が高く成長が見込まれる産業の立地促進",
    "３第４期米沢市工業振興計画策定の方向性",
)
#: The achievement rates the Yonezawa evaluation gives, as its report prints them.
YONEZAWA_RATES = ("86.4％", "75.8％", "94.3％", "30.0％", "112.9％", "101.0％")


def pdf_text(pdf: Path, *options: str) -> str:
    """The text pdftotext copies out of ``pdf`` (``-layout``, ``-bbox-layout`` as options)."""
    assert PDFTOTEXT is not None
    return subprocess.run(
        [PDFTOTEXT, *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def squeeze(text: str) -> str:
    """``text`` without its white space: a line broken anywhere reads as one."""
    return re.sub(r"\s+", "", text)
