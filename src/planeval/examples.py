"""The example plans bundled with planeval, such as ``yonezawa_plan3``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from planeval.errors import PlanError, Problem
from planeval.io.json_text import shorten
from planeval.io.plan_files import load_plan
from planeval.model import Plan

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["example_names", "example_path", "load_example"]

_PLAN_FILE = "plan.json"


def _example_roots() -> list[Traversable]:
    from importlib import resources  # only when an example is asked for

    roots: list[Traversable] = [resources.files("planeval") / "examples"]
    # In a source checkout (an editable install) the examples stand at the top
    # of the repository, the one copy the wheel packages them from.
    checkout = Path(__file__).resolve().parents[2] / "examples"
    if checkout.is_dir():
        roots.append(checkout)
    return roots


def example_names() -> list[str]:
    """Return the names of the bundled example plans, sorted."""
    names: set[str] = set()
    for root in _example_roots():
        if root.is_dir():
            names.update(entry.name for entry in root.iterdir() if (entry / _PLAN_FILE).is_file())
    return sorted(names)


def example_path(name: str) -> Path:
    """Return the path of a bundled example's plan file.

    Raises :class:`PlanError` when there is no example of that name. Only
    the name of an example folder is taken: never ``..``, ``.`` or a path,
    which would lead out of the bundled examples.
    """
    names = example_names()
    if name in names and name not in (".", "..") and not set(name) & set("/\\:"):
        for root in _example_roots():
            candidate = root / name / _PLAN_FILE
            if candidate.is_file():
                return Path(str(candidate))
    available = ", ".join(names) or "none"
    params = {"name": shorten(name), "available": available}
    raise PlanError([Problem(location="", code="example.unknown", params=params)])


def load_example(name: str) -> Plan:
    """Load a bundled example plan by name, e.g. ``load_example("yonezawa_plan3")``."""
    return load_plan(example_path(name))
