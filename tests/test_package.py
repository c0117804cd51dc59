"""The installed package: its import cost, its typing marker, its wheel."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


def test_import_loads_no_exporter_library() -> None:
    code = (
        "import json, sys, planeval; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('xlsxwriter', 'docx', 'openpyxl', 'lxml', 'jinja2', 'markupsafe'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


def test_package_is_typed() -> None:
    import planeval

    assert (Path(planeval.__file__).parent / "py.typed").is_file()


def test_wheel_bundles_the_examples_the_eras_and_the_templates(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("planeval-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "planeval/py.typed" in names
        # The era table is package data, read at import (planeval.periods.ERAS).
        eras = ROOT / "src" / "planeval" / "eras.json"
        assert archive.read("planeval/eras.json") == eras.read_bytes()
        for name in ("yonezawa_plan3", "riverton_green"):
            bundled = archive.read(f"planeval/examples/{name}/plan.json")
            assert bundled == (ROOT / "examples" / name / "plan.json").read_bytes()
        # The HTML report's templates are package data, read through PackageLoader.
        templates = ROOT / "src" / "planeval" / "exporters" / "html" / "templates"
        assert sorted(templates.iterdir())
        for template in sorted(templates.iterdir()):
            name = f"planeval/exporters/html/templates/{template.name}"
            assert archive.read(name) == template.read_bytes()
