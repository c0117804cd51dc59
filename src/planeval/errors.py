"""The errors planeval raises for bad input, each naming where the problem is."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

import attrs

from planeval.limits import MAX_PROBLEMS
from planeval.messages import MESSAGES, placeholders, render_message

__all__ = ["NotInPlanError", "ObservationConflictError", "PlanError", "Problem"]

_Params = Mapping[str, object] | Iterable[tuple[str, object]]


def _param_pairs(params: _Params) -> tuple[tuple[str, str], ...]:
    pairs = params.items() if isinstance(params, Mapping) else params
    return tuple(sorted((str(name), str(value)) for name, value in pairs))


def _known_code(problem: Problem, _attribute: object, code: str) -> None:
    """A code of :data:`~planeval.messages.MESSAGES`, given the parameters its words need.

    More parameters may be given, for Python callers: the words leave them out.
    """
    if code not in MESSAGES:
        raise ValueError(f"unknown problem code {code!r}")
    given = {name for name, _ in problem.params}
    if missing := placeholders(MESSAGES[code]["en"]) - given:
        raise ValueError(f"problem code {code!r} needs the parameters {sorted(missing)}")


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a plan, and where it is.

    ``location`` is a JSON path such as ``$.kpis[2].target.value``, a
    ``line L, column C`` position in the file, or empty where the whole file
    is at fault. ``code`` says what is wrong, in a stable form Python callers
    can match (``value.not_a_number``); ``params`` are the figures its
    message names, as sorted pairs of text. ``message`` is the words, in
    ``locale``'s language (Japanese unless it is English): see
    :mod:`planeval.messages`. ``subject`` names the thing at that location
    in words, in the plan's language (``KPI 3 従業者数、令和5年度``), where the
    loader could tell; it is empty otherwise.
    """

    location: str
    code: str = attrs.field(validator=_known_code)
    params: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_param_pairs)
    subject: str = ""
    locale: str = "ja"

    @property
    def message(self) -> str:
        """What is wrong, in words, in the problem's language."""
        return render_message(self.code, dict(self.params), self.locale)

    def in_locale(self, locale: str) -> Problem:
        """The same problem, its message in ``locale``'s language."""
        return attrs.evolve(self, locale=locale)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    def described(self) -> str:
        """The problem as people read it: where, what it is about in words, what is wrong.

        For example ``$.kpis[3].observations[2].value: KPI 4 外国人宿泊者数、令和5年度:
        数値を入力してください（「abc」）`` (one line).
        """
        parts = (self.location, self.subject, self.message)
        return ": ".join(part for part in parts if part)


class PlanError(ValueError):
    """A plan that cannot be read or is not valid; ``problems`` says why, one by one.

    Raised by :func:`~planeval.load_plan` for a plan file, and by
    :func:`~planeval.evaluate` and :func:`~planeval.export` for a plan that
    :func:`~planeval.check_plan` rejects, built in code or not.

    Attributes:
        problems: a tuple of :class:`Problem`, each with its ``location``
            (a JSON path such as ``$.kpis[2].target.value``, or a line and
            column in the file), its ``code`` and its ``message``, in
            document order. At
            most :data:`~planeval.limits.MAX_PROBLEMS` problems are kept;
            when there are more, a last problem (with no location) says so.
        source: the file the plan was read from, or None (a plan built in
            code, or parsed from text); the message starts with it.

    The message (``str(error)``) lists the problems in their own language;
    :meth:`in_locale` gives them in another.

    """

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        kept = tuple(itertools.islice(problems, MAX_PROBLEMS + 1))
        if len(kept) > MAX_PROBLEMS:
            # In the language of the problems it follows.
            limit = {"limit": MAX_PROBLEMS}
            more = Problem(location="", code="problems.more", params=limit, locale=kept[-1].locale)
            kept = (*kept[:MAX_PROBLEMS], more)
        self.problems: tuple[Problem, ...] = kept
        self.source = source
        lines = [str(problem) for problem in self.problems]
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(lines) if lines else prefix + "invalid plan")

    def in_locale(self, locale: str) -> PlanError:
        """The same error, each problem's message in ``locale``'s language."""
        problems = [problem.in_locale(locale) for problem in self.problems]
        return PlanError(problems, source=self.source)


class NotInPlanError(LookupError):
    """A KPI or an entry looked up by number that the plan does not have.

    The message names what was asked for and what the plan has.
    """


class ObservationConflictError(ValueError):
    """An observation that would replace a different one already in the plan.

    Pass ``replace=True`` to :meth:`~planeval.model.Plan.with_observation` to replace it.
    """
