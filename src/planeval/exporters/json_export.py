"""The JSON exporter: the plan as its plan file, plus the computed evaluation.

The plan part is lossless (loading the file gives an equal plan, every
number written as it was read); the ``computed_evaluation`` section holds,
for each KPI, the latest year and value, the progress value, the rate as a
decimal string and the reason where there is none, the expected value and
path status, and the grade. Keys come in a fixed
order and Japanese is written as is, in UTF-8.
"""

from __future__ import annotations

from typing import BinaryIO

from planeval.exporters.evaluation_json import evaluation_to_json
from planeval.exporters.protocol import Report

__all__ = ["JsonExporter"]


class JsonExporter:
    """Writes the plan and its computed evaluation as JSON."""

    name = "json"
    aliases: tuple[str, ...] = ()
    extensions = (".json",)
    description = "the plan file with its computed evaluation (lossless)"

    def write(self, report: Report, stream: BinaryIO) -> None:
        """Write the report's plan and evaluation as UTF-8 JSON to ``stream``.

        JSON is the same in every language: the labels are not used.
        """
        stream.write(evaluation_to_json(report.evaluation).encode("utf-8"))
