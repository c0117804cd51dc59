"""planeval: evaluate municipal plans.

Load a plan file into typed objects, compute its evaluation exactly, and
show it::

    import planeval

    plan = planeval.load_plan("plan.json")
    for result in planeval.evaluate(plan).kpis:
        print(result.kpi.name, result.latest_year, result.achievement_rate)

Importing planeval loads neither xlsxwriter nor python-docx: only the
exporters do.
"""

from planeval.errors import PlanError, Problem
from planeval.evaluation import KpiEvaluation, PlanEvaluation, evaluate
from planeval.examples import load_example
from planeval.exporters import export
from planeval.io.plan_files import dump_plan, load_plan, plan_from_json, plan_to_json
from planeval.model import Plan
from planeval.validation import check_plan


def __getattr__(name: str) -> str:
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
]
