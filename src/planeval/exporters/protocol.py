"""What an exporter plugin is given and what it provides.

A :class:`Report` carries the evaluation, the labels of the language to
write in, and the report model built from them once, where every word a
report prints is already decided. An :class:`Exporter` writes a report to a
binary stream.
"""

from __future__ import annotations

import functools
from typing import BinaryIO, Protocol, runtime_checkable

import attrs

from planeval.errors import Problem
from planeval.evaluation import PlanEvaluation
from planeval.model import Plan
from planeval.report.build import build_report
from planeval.report.labels import Labels
from planeval.report.model import ReportModel

__all__ = ["ExportError", "Exporter", "OutsideToolError", "Report"]


class ExportError(Exception):
    """Writing an export failed: the destination cannot be written or the exporter failed."""


class OutsideToolError(ExportError):
    """A program outside Python that the format needs, or what it needs (a font), is missing.

    An exporter raises it to be reported as it is, not as a failure of its
    own code: ``problem`` says what is missing and how to install it, with a
    stable code, in the report's language. It is also an :class:`ExportError`.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@attrs.frozen(kw_only=True)
class Report:
    """What an exporter writes: a plan's evaluation, the labels, and the report model.

    ``model`` (:class:`~planeval.report.model.ReportModel`) holds the KPI
    table as rows of figures and texts, the reviews, the notes, the grade
    legend and the next plan, worded in ``labels``' language. It is built
    from the evaluation and the labels when first asked for (a format that
    writes only data, such as JSON, never pays for it), unless given.
    """

    evaluation: PlanEvaluation
    labels: Labels
    _model: ReportModel | None = None

    @functools.cached_property
    def model(self) -> ReportModel:
        """The report model: what the report says, decided once."""
        if self._model is not None:
            return self._model
        return build_report(self.evaluation, self.labels)

    @property
    def plan(self) -> Plan:
        """The plan evaluated."""
        return self.evaluation.plan


@runtime_checkable
class Exporter(Protocol):
    """What a format plugin provides.

    ``name`` is the format's name (lower case, as in ``-f xlsx``) and must
    equal its entry point's name; ``aliases`` are other names for it;
    ``extensions`` the file endings it writes, with their dot (``.xlsx``),
    the first being the one used when planeval names the file;
    ``description`` one line for ``planeval formats``. ``write`` writes the
    whole :class:`Report` to a binary stream; it must not close the stream.
    An exporter's options are its class's keyword arguments, which
    ``planeval.export(..., options={...})`` passes. An exporter that runs a
    program outside Python may name it in an optional ``programs`` tuple
    (``("LibreOffice",)``): ``planeval export --all`` leaves such formats out,
    and ``write`` raises :class:`OutsideToolError` when the program is missing.
    """

    name: str
    aliases: tuple[str, ...]
    extensions: tuple[str, ...]
    description: str

    def write(self, report: Report, stream: BinaryIO) -> None:
        """Write ``report`` to ``stream``."""
