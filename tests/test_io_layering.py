"""Loading a plan never needs the evaluation engine: imports of planeval.io point one way.

Loading depends on validation, validation on the model. A plan file's
``computed_evaluation`` section is checked through one deferred import, taken
only when the section is there.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import planeval

from .conftest import ROOT, YONEZAWA

SOURCE = ROOT / "src"
IO = SOURCE / "planeval" / "io"
ENGINE = (
    "planeval.evaluation",
    "planeval.grading",
    "planeval.exporters",
    "planeval.report",
)


def _is_engine(module: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in ENGINE)


def _imports_outside_functions(node: ast.AST, package: str) -> Iterator[str]:
    """The modules a source imports when it is itself imported (not inside a function)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(child, ast.Import):
            yield from (alias.name for alias in child.names)
        elif isinstance(child, ast.ImportFrom):
            base = child.module or ""
            if child.level:
                parent = package.rsplit(".", child.level - 1)[0] if child.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            yield base
            # ``from planeval import exporters`` imports a module too.
            yield from (f"{base}.{alias.name}" for alias in child.names)
        else:
            yield from _imports_outside_functions(child, package)


def _source_of(module: str) -> tuple[Path, str] | None:
    """The file and package of a planeval module, or None for a name that is no module."""
    path = SOURCE.joinpath(*module.split("."))
    if (path / "__init__.py").is_file():
        return path / "__init__.py", module
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py"), module.rpartition(".")[0]
    return None


def test_no_module_of_planeval_io_imports_the_engine() -> None:
    imports = {
        path.name: list(
            _imports_outside_functions(ast.parse(path.read_text("utf-8")), "planeval.io")
        )
        for path in sorted(IO.glob("*.py"))
    }
    assert {"json_text.py", "converter.py", "plan_files.py"} <= set(imports)
    engine = {
        name: [module for module in names if _is_engine(module)] for name, names in imports.items()
    }
    assert engine == {name: [] for name in imports}


def test_no_import_chain_from_planeval_io_reaches_the_engine() -> None:
    # Follow every planeval module imported outside a function, from each
    # module of planeval.io. planeval/__init__.py, which imports the engine
    # on purpose, runs before any submodule and is not followed.
    pending = [f"planeval.io.{path.stem}".removesuffix(".__init__") for path in IO.glob("*.py")]
    reached_from: dict[str, str] = {module: "" for module in pending}
    while pending:
        module = pending.pop()
        located = _source_of(module)
        assert located is not None, module
        path, package = located
        for name in _imports_outside_functions(ast.parse(path.read_text("utf-8")), package):
            if name.startswith("planeval.") and name not in reached_from and _source_of(name):
                reached_from[name] = module
                pending.append(name)
    engine = {name: importer for name, importer in reached_from.items() if _is_engine(name)}
    assert engine == {}, f"reached from planeval.io (module: importer): {engine}"


_LOAD = """
import importlib.util, json, sys, types

# A bare planeval package, so that planeval/__init__.py (which imports the
# engine on purpose) does not run: what is loaded is what planeval.io needs.
package = types.ModuleType("planeval")
package.__path__ = list(importlib.util.find_spec("planeval").submodule_search_locations)
sys.modules["planeval"] = package

from planeval.io.plan_files import load_plan

loaded = []
for path in sys.argv[1:]:
    plan = load_plan(path)
    modules = sorted(name for name in sys.modules if name.startswith("planeval."))
    loaded.append({"kpis": len(plan.kpis), "modules": modules})
print(json.dumps(loaded))
"""


def test_loading_a_plan_file_imports_no_engine(tmp_path: Path) -> None:
    exported = tmp_path / "exported.json"
    planeval.export(planeval.load_plan(YONEZAWA), exported)
    result = subprocess.run(
        [sys.executable, "-c", _LOAD, str(YONEZAWA), str(exported)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    plain, with_evaluation = json.loads(result.stdout)
    assert plain["kpis"] == with_evaluation["kpis"] > 0
    assert "planeval.io.plan_files" in plain["modules"]
    assert [name for name in plain["modules"] if _is_engine(name)] == []
    # The stored section is checked against a fresh evaluation: only now is
    # the engine imported.
    assert "planeval.exporters.evaluation_json" in with_evaluation["modules"]
    assert "planeval.evaluation" in with_evaluation["modules"]
