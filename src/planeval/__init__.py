"""planeval: evaluate municipal plans.

Load a plan file into typed objects, compute its evaluation exactly, and
show it::

    import planeval

    plan = planeval.load_plan("plan.json")
    for result in planeval.evaluate(plan).kpis:
        print(result.kpi.name, result.latest_year, result.achievement_rate)

    rows = planeval.records(planeval.evaluate(plan))  # tidy rows for pandas or polars

Importing planeval loads none of its modules: each name is imported on first
use, so loading a plan imports neither the engine nor the exporters, and only
the exporters load xlsxwriter or python-docx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planeval.errors import PlanError, Problem
    from planeval.evaluation import KpiEvaluation, PlanEvaluation, evaluate
    from planeval.examples import load_example
    from planeval.exporters import export
    from planeval.io.plan_files import dump_plan, load_plan, plan_from_json, plan_to_json
    from planeval.model import Plan
    from planeval.report.records import records
    from planeval.validation import check_plan

# Each public name is imported from its module on first use, so that loading a
# plan imports neither the engine nor the exporters (docs/architecture.md).
_HOMES = {
    "PlanError": "planeval.errors",
    "Problem": "planeval.errors",
    "KpiEvaluation": "planeval.evaluation",
    "PlanEvaluation": "planeval.evaluation",
    "evaluate": "planeval.evaluation",
    "load_example": "planeval.examples",
    "export": "planeval.exporters",
    "dump_plan": "planeval.io.plan_files",
    "load_plan": "planeval.io.plan_files",
    "plan_from_json": "planeval.io.plan_files",
    "plan_to_json": "planeval.io.plan_files",
    "Plan": "planeval.model",
    "check_plan": "planeval.validation",
    "records": "planeval.report.records",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is not None:
        value = getattr(importlib.import_module(home), name)
        globals()[name] = value  # later look-ups find it directly
        return value
    # The version is read from the installed metadata on first use only:
    # importlib.metadata costs more to import than the rest of planeval.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("planeval")
        except PackageNotFoundError:  # a bare source tree, never installed
            return "0+unknown"
    raise AttributeError(f"module 'planeval' has no attribute {name!r}")


__all__ = [
    "KpiEvaluation",
    "Plan",
    "PlanError",
    "PlanEvaluation",
    "Problem",
    "__version__",
    "check_plan",
    "dump_plan",
    "evaluate",
    "export",
    "load_example",
    "load_plan",
    "plan_from_json",
    "plan_to_json",
    "records",
]


def __dir__() -> list[str]:
    return sorted(__all__)
