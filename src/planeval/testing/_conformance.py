"""``check_exporter``: the conformance check for exporter plugins, over generated plans."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings

from planeval.exporters import Exporter, report_for
from planeval.model import Plan
from planeval.testing._plans import plans

#: How many plans :func:`check_exporter` tries unless told: exporters are slow.
DEFAULT_MAX_EXAMPLES = 10

#: Plans are large draws, and an exporter may take a while on one.
_HEALTH_CHECKS = (HealthCheck.too_slow, HealthCheck.data_too_large)


class ExporterCheckError(AssertionError):
    """An exporter broke a rule :func:`check_exporter` holds it to; the message says which."""


def _name(exporter: Exporter) -> str:
    return f"the exporter {getattr(exporter, 'name', type(exporter).__name__)!r}"


def _written(exporter: Exporter, plan: Plan) -> bytes:
    """What ``exporter`` writes for ``plan`` into a new stream, checked against the first rules."""
    report, stream = report_for(plan), io.BytesIO()
    try:
        exporter.write(report, stream)
    except KeyboardInterrupt:
        raise  # the user's, as in planeval.export
    except BaseException as error:  # SystemExit too: planeval.export contains it as a failure
        raise ExporterCheckError(
            f"{_name(exporter)} raised {type(error).__name__}: {error} "
            "(rule: write raises no exception)"
        ) from error
    if stream.closed:
        raise ExporterCheckError(
            f"{_name(exporter)} closed the stream (rule: write leaves the stream open)"
        )
    data = stream.getvalue()
    if not data:
        raise ExporterCheckError(f"{_name(exporter)} wrote nothing (rule: write writes something)")
    return data


def _first_difference(first: bytes, second: bytes) -> int:
    """The offset of the first byte at which ``first`` and ``second`` differ."""
    return next(
        (
            offset
            for offset, (one, other) in enumerate(zip(first, second, strict=False))
            if one != other
        ),
        min(len(first), len(second)),
    )


def check_plan_export(exporter: Exporter, plan: Plan) -> None:
    """Hold ``exporter`` to the rules of :func:`check_exporter` for one ``plan``.

    It writes the plan twice, each time into a new in-memory binary stream
    with a new :class:`~planeval.exporters.Report` built as
    :func:`planeval.export` builds it. Raises :class:`ExporterCheckError`
    (an :class:`AssertionError`) naming the rule broken.
    """
    first = _written(exporter, plan)
    second = _written(exporter, plan)
    if first != second:
        raise ExporterCheckError(
            f"{_name(exporter)} wrote different bytes for the same plan ({len(first)} bytes, "
            f"then {len(second)}; first difference at byte {_first_difference(first, second)}) "
            "(rule: the same plan gives the same bytes)"
        )


def _settings(given_settings: settings | None, max_examples: int | None) -> settings:
    """The caller's settings, or planeval's defaults for slow exporters; ``max_examples`` on top."""
    if given_settings is None:
        given_settings = settings(
            max_examples=DEFAULT_MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=_HEALTH_CHECKS,
        )
    if max_examples is not None:
        given_settings = settings(given_settings, max_examples=max_examples)
    return given_settings


def check_exporter(
    exporter: Exporter,
    *,
    max_examples: int | None = None,
    hypothesis_settings: settings | None = None,
) -> None:
    """Check an exporter plugin against planeval's rules, over plans Hypothesis generates.

    For each plan drawn by :func:`~planeval.testing.plans` (valid,
    evaluated, in Japanese or English, with hostile text and numbers at the
    limits), the exporter's ``write`` is called twice, as
    :func:`planeval.export` calls it, each time into a new binary stream.
    It must raise no exception, write something, leave the stream open, and
    write the same bytes both times. A broken rule raises
    :class:`ExporterCheckError` (an :class:`AssertionError`) naming the
    rule, after Hypothesis has reported the smallest plan it found breaking it.

    ``max_examples`` is how many plans to try (:data:`DEFAULT_MAX_EXAMPLES`
    unless given); ``hypothesis_settings`` replaces planeval's settings (no
    deadline, the too-slow health checks off) with the caller's, and
    ``max_examples``, when given, applies on top. Call it from a plain test,
    not from one already decorated with ``@given``.
    """
    if not isinstance(exporter, Exporter):
        raise ExporterCheckError(
            f"{exporter!r} is not an exporter: it needs name, aliases, extensions, "
            "description and write (rule: the Exporter protocol)"
        )

    @given(plan=plans())
    def writes_every_plan(plan: Plan) -> None:
        check_plan_export(exporter, plan)

    _settings(hypothesis_settings, max_examples)(writes_every_plan)()
