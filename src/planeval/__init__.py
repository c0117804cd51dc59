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

from importlib.metadata import PackageNotFoundError, version

from planeval.errors import PlanError, Problem
from planeval.evaluation import KpiEvaluation, PlanEvaluation, evaluate
from planeval.examples import load_example
from planeval.exporters import export
from planeval.model import Plan
from planeval.serialization import dump_plan, load_plan, plan_from_json, plan_to_json
from planeval.validation import check_plan

try:
    __version__ = version("planeval")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0+unknown"

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
