"""Hypothesis strategies and conformance checks for testing with planeval.

Cities property-test their own grading rules with the strategies that
generate whole, valid plans and their parts (:func:`plans`, :func:`kpis`,
:func:`observations`, :func:`grade_rules`, :func:`numbers`, …), and
exporter plugins check themselves with :func:`check_exporter`. They are the
strategies planeval's own tests use. ``docs/testing.md`` has a complete
example.

Hypothesis is not one of planeval's dependencies: this package needs the
``testing`` extra (``pip install 'planeval[testing]'``). Nothing in the
rest of planeval imports it.
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401  (only to say what to install when it is missing)
except ImportError:
    raise ImportError(
        "planeval.testing needs Hypothesis: pip install 'planeval[testing]'"
    ) from None

from planeval.testing._conformance import (
    DEFAULT_MAX_EXAMPLES,
    ExporterCheckError,
    check_exporter,
    check_plan_export,
)
from planeval.testing._eras import extra_eras
from planeval.testing._grading import grade_rules
from planeval.testing._indicators import (
    RateRules,
    baselines,
    kpis,
    observations,
    qualitative_kpis,
)
from planeval.testing._plans import plans
from planeval.testing._values import (
    HOSTILE_TEXTS,
    colours,
    labels,
    municipality_codes,
    numbers,
    texts,
)

__all__ = [
    "DEFAULT_MAX_EXAMPLES",
    "HOSTILE_TEXTS",
    "ExporterCheckError",
    "RateRules",
    "baselines",
    "check_exporter",
    "check_plan_export",
    "colours",
    "extra_eras",
    "grade_rules",
    "kpis",
    "labels",
    "municipality_codes",
    "numbers",
    "observations",
    "plans",
    "qualitative_kpis",
    "texts",
]
