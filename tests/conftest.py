"""Shared test set-up: Hypothesis profiles and paths.

The test command runs the ``default`` profile (hundreds of examples per
property), derandomized: every run, CI's too, tries the same examples, so
a run that passed here passes there. ``pytest --hypothesis-profile=thorough``
runs thousands, drawn anew each time, to look for what the default misses.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import planeval
from planeval.model import Plan

settings.register_profile(
    "default",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
settings.register_profile(
    "thorough", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parents[1]
YONEZAWA = ROOT / "examples" / "yonezawa_plan3" / "plan.json"


def documented_block(page: Path, title: str) -> str:
    """The code block of a documentation page titled ``title`` (```lang title="..."), as text."""
    text = page.read_text(encoding="utf-8")
    match = re.search(rf'```\w+ title="{re.escape(title)}"\n(.*?)\n```', text, flags=re.DOTALL)
    assert match, f"{page.relative_to(ROOT)} has no block titled {title}"
    return match[1] + "\n"


@pytest.fixture(scope="session")
def plan() -> Plan:
    """The Yonezawa plan, loaded from its file (modules may shadow the name)."""
    return planeval.load_plan(YONEZAWA)


#: The environment variables that choose the language of help and usage errors.
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


@pytest.fixture(autouse=True)
def _neutral_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts without a language setting: the CLI called in-process speaks English."""
    for name in _LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def run_planeval(
    *args: str, pythonpath: Path | None = None, environ: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m planeval`` as a user would; ``pythonpath`` is put first on the path.

    The locale variables are left out, so that help and usage errors are
    English whatever the machine's language (tests of Japanese help set them).
    ``environ`` sets variables over those inherited (``PATH``, ``TMPDIR``).
    """
    env = {name: value for name, value in os.environ.items() if name not in _LOCALE_VARIABLES}
    env.update(environ or {})
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "planeval", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--fuzz``: run the fuzz tests with many thousands of mutants instead of a few hundred."""
    parser.addoption(
        "--fuzz",
        action="store_true",
        default=False,
        help="fuzz the loader with many thousands of mutants of the Yonezawa plan",
    )


@pytest.fixture(scope="session")
def fuzz_scale(request: pytest.FixtureRequest) -> int:
    """How many times more mutants the fuzz tests make: 1, or 20 under ``--fuzz``."""
    return 20 if request.config.getoption("--fuzz") else 1
