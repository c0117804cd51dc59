"""The errors planeval raises for bad input, each naming where the problem is."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["PlanError", "Problem"]


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a plan, and where it is.

    ``location`` is a JSON path such as ``$.kpis[2].target.value``, a
    ``line L, column C`` position in the file, or empty where the whole file
    is at fault.
    """

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class PlanError(ValueError):
    """A plan that cannot be read or is not valid; ``problems`` says why, one by one."""

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        lines = [str(problem) for problem in self.problems]
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(lines) if lines else prefix + "invalid plan")
