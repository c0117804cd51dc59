"""The errors planeval raises for bad input, each naming where the problem is."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

import attrs

from planeval.limits import MAX_PROBLEMS
from planeval.messages import render_message

__all__ = ["MORE_PROBLEMS", "NotInPlanError", "ObservationConflictError", "PlanError", "Problem"]

#: The last problem of a :class:`PlanError` that leaves some out.
MORE_PROBLEMS = f"… and more problems not shown (at most {MAX_PROBLEMS} are listed)"


_Params = Mapping[str, object] | Iterable[tuple[str, object]]


def _param_pairs(params: _Params) -> tuple[tuple[str, str], ...]:
    pairs = params.items() if isinstance(params, Mapping) else params
    return tuple(sorted((str(name), str(value)) for name, value in pairs))


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a plan, and where it is.

    ``location`` is a JSON path such as ``$.kpis[2].target.value``, a
    ``line L, column C`` position in the file, or empty where the whole file
    is at fault. ``subject`` names the thing at that location in words, in
    the plan's language (``KPI 3 従業者数、令和5年度``), where the loader could
    tell; it is empty otherwise.
    """

    location: str
    message: str = ""
    code: str = ""
    params: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_param_pairs)
    subject: str = ""
    locale: str = "ja"

    def __attrs_post_init__(self) -> None:
        if self.code and not self.message:
            words = render_message(self.code, dict(self.params), self.locale)
            object.__setattr__(self, "message", words)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    def described(self) -> str:
        """The problem as people read it: located, then what it is about in words."""
        return f"{self} ({self.subject})" if self.subject else str(self)


class PlanError(ValueError):
    """A plan that cannot be read or is not valid; ``problems`` says why, one by one.

    Raised by :func:`~planeval.load_plan` for a plan file, and by
    :func:`~planeval.evaluate` and :func:`~planeval.export` for a plan that
    :func:`~planeval.check_plan` rejects, built in code or not.

    Attributes:
        problems: a tuple of :class:`Problem`, each with its ``location``
            (a JSON path such as ``$.kpis[2].target.value``, or a line and
            column in the file) and its ``message``, in document order. At
            most :data:`~planeval.limits.MAX_PROBLEMS` problems are kept;
            when there are more, a last problem (with no location) says so.
        source: the file the plan was read from, or None (a plan built in
            code, or parsed from text); the message starts with it.

    """

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        kept = tuple(itertools.islice(problems, MAX_PROBLEMS + 1))
        if len(kept) > MAX_PROBLEMS:
            kept = (*kept[:MAX_PROBLEMS], Problem(location="", message=MORE_PROBLEMS))
        self.problems: tuple[Problem, ...] = kept
        self.source = source
        lines = [str(problem) for problem in self.problems]
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(lines) if lines else prefix + "invalid plan")


class NotInPlanError(LookupError):
    """A KPI or an entry looked up by number that the plan does not have.

    The message names what was asked for and what the plan has.
    """


class ObservationConflictError(ValueError):
    """An observation that would replace a different one already in the plan.

    Pass ``replace=True`` to :meth:`~planeval.model.Plan.with_observation` to replace it.
    """
