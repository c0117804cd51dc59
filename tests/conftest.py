"""Shared test set-up: Hypothesis profiles and paths.

The test command runs the ``default`` profile (hundreds of examples per
property); ``pytest --hypothesis-profile=thorough`` runs thousands.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parents[1]
YONEZAWA = ROOT / "examples" / "yonezawa_plan3" / "plan.json"
