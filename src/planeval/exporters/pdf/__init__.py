"""The PDF exporter: the Word report, converted by LibreOffice, made reproducible.

The document is the Word format's (:mod:`planeval.exporters.word`), so the
PDF says exactly what the .docx says, laid out as LibreOffice prints it.
LibreOffice (``_office``) writes a tagged PDF that declares PDF/UA, with
its fonts embedded (Noto Sans CJK JP, say, for Japanese), the document's
title and language; ``_stable`` then replaces its conversion time and random
identifiers, so that the same plan gives the same bytes. A Japanese report
is refused, naming the package to install, where no font for Japanese is
installed: it would print as empty boxes.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from typing import BinaryIO

from planeval.exporters.pdf._office import (
    convert_to_pdf,
    find_soffice,
    require_japanese_font,
)
from planeval.exporters.protocol import Report
from planeval.exporters.word import WordExporter

__all__ = ["PdfExporter"]

#: Kana, CJK ideographs and full-width forms: text that needs a Japanese font.
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


class PdfExporter:
    """Writes the Word report as a tagged PDF, with LibreOffice.

    ``timeout`` is how many seconds LibreOffice may take (120 unless given).
    """

    name = "pdf"
    aliases = ()
    extensions = (".pdf",)
    description = "PDF of the Word report, tagged, fonts embedded (needs LibreOffice)"
    programs = ("LibreOffice",)

    def __init__(self, *, timeout: float = 120) -> None:
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
            raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
        self.timeout = timeout

    def write(self, report: Report, stream: BinaryIO) -> None:
        """Write ``report`` as a PDF to ``stream``."""
        # Imported here: pikepdf is loaded only when a PDF is written.
        from planeval.exporters.pdf._stable import stabilized

        locale = report.labels.locale
        environ = dict(os.environ)
        soffice = find_soffice(environ, locale)
        document = io.BytesIO()
        WordExporter().write(report, document)
        if _needs_japanese_font(document.getvalue()):
            require_japanese_font(environ, locale)
        pdf = convert_to_pdf(
            soffice, document.getvalue(), timeout=self.timeout, environ=environ, locale=locale
        )
        stream.write(stabilized(pdf, report.model.document.created, document.getvalue()))


def _needs_japanese_font(document: bytes) -> bool:
    """Whether the Word document's text (body, header, footer) has Japanese in it."""
    with zipfile.ZipFile(io.BytesIO(document)) as package:
        parts = [name for name in package.namelist() if re.fullmatch(r"word/[^/]+\.xml", name)]
        return any(_JAPANESE.search(package.read(name).decode("utf-8")) for name in parts)
