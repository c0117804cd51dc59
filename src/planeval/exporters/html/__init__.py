"""The HTML exporter: the Word report's content as one self-contained web page.

The page is rendered from the report model by Jinja2 templates shipped in
this package (``templates/``), with autoescaping on, so any text of a plan
shows as text; ``_render`` sets up the templates and the few helpers they
use. The page carries its style sheet inline and no script, and asks no
other server for anything (its Content Security Policy forbids it). It is
laid out for a phone as well as a desktop (the KPI table scrolls in a box of
its own) and for A4 paper (a print style sheet). The same plan gives the same
bytes. Jinja2 is imported only when a report is written.
"""

from __future__ import annotations

from typing import BinaryIO

from planeval.exporters.html._render import render
from planeval.exporters.protocol import Report

__all__ = ["HtmlExporter"]


class HtmlExporter:
    """Writes the evaluation as one self-contained HTML page (.html), UTF-8."""

    name = "html"
    aliases: tuple[str, ...] = ()
    extensions = (".html",)
    description = "web page: the Word report's content, one self-contained file for any screen"

    def write(self, report: Report, stream: BinaryIO) -> None:
        """Write ``report`` as an HTML page to ``stream``."""
        stream.write(render(report).encode("utf-8"))
