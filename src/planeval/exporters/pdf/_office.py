"""LibreOffice, found and run apart from the user's own: a Word report in, its PDF out.

``soffice`` is the program :data:`SOFFICE_VARIABLE` names, else the one on the
``PATH`` (``soffice``, then ``libreoffice``), else the one LibreOffice's
installer puts in its usual place on Windows and macOS. Each conversion runs
in a temporary folder of its own, with a LibreOffice profile of its own in it
(``-env:UserInstallation``), so that a LibreOffice the user has open neither
takes the job nor sees it; the folder is removed afterwards, whatever
happens, and a LibreOffice that takes too long is stopped with all its
processes. A missing program or Japanese font raises
:class:`~planeval.exporters.protocol.OutsideToolError`, whose problem says
what to install.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from planeval.errors import Problem
from planeval.exporters.protocol import OutsideToolError

__all__ = ["SOFFICE_VARIABLE", "convert_to_pdf", "find_soffice", "require_japanese_font"]

#: The environment variable that names the soffice program to run.
SOFFICE_VARIABLE = "PLANEVAL_SOFFICE"

#: Where LibreOffice's installer puts soffice on Windows and macOS.
_INSTALLED = (
    Path("C:/Program Files/LibreOffice/program/soffice.exe"),
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
)

#: writer_pdf_Export's options, in the JSON form ``--convert-to`` takes (LibreOffice 7.4 on):
#: a tagged PDF (its structure tree) that declares PDF/UA, with the document's title shown.
PDF_OPTIONS = {
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "DisplayPDFDocumentTitle": {"type": "boolean", "value": "true"},
}
_CONVERT_TO = "pdf:writer_pdf_Export:" + json.dumps(PDF_OPTIONS, separators=(",", ":"))


def _refusal(code: str, locale: str, **params: object) -> OutsideToolError:
    problem = Problem(location="", code=code, params=params, locale=locale)
    return OutsideToolError(problem)


def find_soffice(environ: Mapping[str, str], locale: str) -> str:
    """The soffice program to run; raises :class:`OutsideToolError` when there is none."""
    named = environ.get(SOFFICE_VARIABLE)
    if named:
        found = shutil.which(named)
        if found is None:
            raise _refusal("pdf.soffice_not_found", locale, path=named)
        return found
    path = environ.get("PATH", os.defpath)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name, path=path)
        if found is not None:
            return found
    for installed in _INSTALLED:
        if installed.is_file():
            return str(installed)
    raise _refusal("pdf.no_office", locale)


def require_japanese_font(environ: Mapping[str, str], locale: str) -> None:
    """Refuse, naming the package to install, when fontconfig knows no font for Japanese.

    fontconfig is how LibreOffice finds fonts on Linux and the BSDs;
    ``fc-list :lang=ja`` runs with the environment LibreOffice will have.
    Where ``fc-list`` is not installed (Windows, macOS, whose systems carry
    Japanese fonts) nothing is checked.
    """
    fc_list = shutil.which("fc-list", path=environ.get("PATH", os.defpath))
    if fc_list is None:
        return
    try:
        listed = subprocess.run(
            [fc_list, ":lang=ja", "family"],
            env=dict(environ),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return  # fontconfig itself is broken: LibreOffice will tell its own story
    if not listed.stdout.strip():
        raise _refusal("pdf.no_japanese_font", locale)


def convert_to_pdf(
    soffice: str, document: bytes, *, timeout: float, environ: Mapping[str, str], locale: str
) -> bytes:
    """The PDF LibreOffice makes of the Word ``document``, converted in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="planeval-pdf-") as folder:
        root = Path(folder)
        source = root / "report.docx"
        source.write_bytes(document)
        command = [
            soffice,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            _CONVERT_TO,
            "--outdir",
            str(root / "out"),
            str(source),
        ]
        status, said = _run(command, root, timeout, environ, locale)
        converted = root / "out" / "report.pdf"
        if status != 0 or not converted.is_file():
            reason = f"exit status {status}: {said or 'no PDF was written'}"
            raise _refusal("pdf.office_failed", locale, reason=reason)
        return converted.read_bytes()


def _run(
    command: list[str], folder: Path, timeout: float, environ: Mapping[str, str], locale: str
) -> tuple[int, str]:
    """Run LibreOffice in ``folder``: its exit status, and the error it told last."""
    try:
        process = subprocess.Popen(
            command,
            cwd=folder,
            env=dict(environ),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, to stop soffice.bin with it
        )
    except OSError as error:
        raise _refusal("pdf.office_failed", locale, reason=error.strerror or str(error)) from None
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise _refusal("pdf.office_timeout", locale, seconds=f"{timeout:g}") from None
    finally:
        _stop(process)
    return process.returncode, _last_error(stderr.decode("utf-8", "replace"))


def _last_error(stderr: str) -> str:
    """The last line that tells an error, else the last line (a warning such as javaldx's)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.casefold()]
    return (errors or lines or [""])[-1]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop whatever of LibreOffice still runs, the processes it started too; reap it."""
    running = process.poll() is None
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)  # its group: soffice.bin outlives a wrapper
        elif running:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass  # all of it had ended (and the group's number is no longer its)
    if running:
        process.communicate()
