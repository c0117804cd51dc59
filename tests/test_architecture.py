"""The import rules of docs/architecture.md, held by an ``ast`` walk of every module."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT

SOURCE = ROOT / "src"

LAYERS = {
    "foundation": (
        "planeval.model",
        "planeval.structure",
        "planeval.periods",
        "planeval.errors",
        "planeval.messages",
        "planeval.limits",
        "planeval.locales",
        "planeval.formatting",
        "planeval.colours",
        "planeval._files",
        "planeval._plugins",
        "planeval.spreadsheets",
    ),
    "validation": ("planeval.validation",),
    "loading": ("planeval.io",),
    "engine": ("planeval.evaluation", "planeval.grading"),
    "report": ("planeval.report",),
    "exporters": ("planeval.exporters",),
    "application": (
        "planeval.examples",
        "planeval.schema",
        "planeval.schema_text",
        "planeval.template",
        "planeval.entry_writer",
        "planeval.yearly",
        "planeval.batch",
        "planeval.cli",
        "planeval.cli_text",
        "planeval.__main__",
        "planeval",
    ),
    # The strategies and checks for others' tests: the library never imports them.
    "testing": ("planeval.testing",),
}
MAY_IMPORT = {
    "foundation": {"foundation"},
    "validation": {"foundation", "validation"},
    "loading": {"foundation", "validation", "loading"},
    "engine": {"foundation", "validation", "engine"},
    "report": {"foundation", "engine", "report"},
    "exporters": {"foundation", "loading", "engine", "report", "exporters"},
    "application": set(LAYERS) - {"testing"},
    "testing": {"foundation", "engine", "report", "exporters", "testing"},
}
#: The format modules render the report model; they import only these (and their own package).
FORMATS = (
    "planeval.exporters.excel",
    "planeval.exporters.word",
    "planeval.exporters.html",
    "planeval.exporters.text",
    "planeval.exporters.chart_svg",
    "planeval.exporters.drawingml",
    "planeval.exporters._zip",
)
FORMATS_MAY_IMPORT = (
    *LAYERS["foundation"],
    "planeval.report.model",
    "planeval.report.labels",
    "planeval.exporters.protocol",
    # The charts' SVG drawing, shared: the HTML page inlines it.
    "planeval.exporters.chart_svg",
    # The charts as DrawingML, and Office packages edited as bytes: Word and Excel share them.
    "planeval.exporters.drawingml",
    "planeval.exporters._zip",
)
#: A format that converts another's file renders nothing itself: it imports that format,
#: the foundation and the protocol (and its own package).
CONVERTERS = {"planeval.exporters.pdf": "planeval.exporters.word"}
#: Imports against the flow, allowed only inside a function.
DEFERRED = {("planeval.io.plan_files", "planeval.exporters.evaluation_json")}


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(f"{prefix}.")


def layer_of(module: str) -> str:
    """The layer of a planeval module: the one whose prefix matches it longest."""
    matches = [
        (len(prefix), layer)
        for layer, prefixes in LAYERS.items()
        for prefix in prefixes
        if _within(module, prefix)
    ]
    assert matches, f"{module} belongs to no layer: add it to docs/architecture.md and LAYERS"
    return max(matches)[1]


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted((SOURCE / "planeval").rglob("*.py")):
        parts = path.relative_to(SOURCE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def _imports(path: Path, module: str) -> Iterator[tuple[str, bool]]:
    """Each planeval module ``path`` imports, and whether the import is inside a function."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    deferred_lines = {
        line
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(node)
        if isinstance(inner, ast.Import | ast.ImportFrom)
        for line in [inner.lineno]
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0]
                base = f"{parent}.{base}" if base else parent
            names = [base]
        else:
            continue
        for name in names:
            if _within(name, "planeval"):
                yield name, node.lineno in deferred_lines


def _allowed(module: str, imported: str, *, deferred: bool) -> bool:
    if deferred and (module, imported) in DEFERRED:
        return True
    for converter, source in CONVERTERS.items():
        if _within(module, converter):
            may = (converter, source, *LAYERS["foundation"], "planeval.exporters.protocol")
            return any(_within(imported, allowed) for allowed in may)
    if any(_within(module, fmt) for fmt in FORMATS):
        own = module.rsplit(".", 1)[0] if "._" in module else module
        return _within(imported, own) or any(_within(imported, p) for p in FORMATS_MAY_IMPORT)
    return layer_of(imported) in MAY_IMPORT[layer_of(module)]


MODULES = dict(_modules())


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_follow_the_layers(module: str) -> None:
    broken = [
        f"{module} imports {imported}" + (" (inside a function)" if deferred else "")
        for imported, deferred in _imports(MODULES[module], module)
        if not _allowed(module, imported, deferred=deferred)
    ]
    assert not broken, "; ".join(broken)


def test_every_module_is_in_the_architecture_document() -> None:
    document = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [
        module
        for module in MODULES
        if module != "planeval"
        and f"`{module.removeprefix('planeval.')}`" not in document
        and f"`_{module.rpartition('._')[2]}`" not in document
    ]
    assert not missing


def test_grading_never_imports_evaluation() -> None:
    imported = {name for name, _ in _imports(MODULES["planeval.grading"], "planeval.grading")}
    assert "planeval.evaluation" not in imported


@pytest.mark.parametrize(
    ("module", "imported", "deferred", "allowed"),
    [
        ("planeval.validation", "planeval.report.labels", False, False),
        ("planeval.io.plan_files", "planeval.evaluation", False, False),
        ("planeval.io.plan_files", "planeval.exporters.evaluation_json", False, False),
        ("planeval.io.plan_files", "planeval.exporters.evaluation_json", True, True),
        ("planeval.exporters.excel._kpi_sheet", "planeval.evaluation", False, False),
        ("planeval.exporters.excel._kpi_sheet", "planeval.report.build", False, False),
        ("planeval.exporters.excel._kpi_sheet", "planeval.exporters.excel._book", False, True),
        ("planeval.exporters.word._layout", "planeval.exporters.excel._styles", False, False),
        ("planeval.evaluation", "planeval.report.model", False, False),
        ("planeval.cli", "planeval.exporters.text", False, True),
        ("planeval.exporters.pdf", "planeval.exporters.word", False, True),
        ("planeval.exporters.pdf._office", "planeval.report.build", False, False),
        ("planeval.testing._conformance", "planeval.exporters", False, True),
        ("planeval.testing._plans", "planeval.evaluation", False, True),
        ("planeval.cli", "planeval.testing", True, False),
        ("planeval", "planeval.testing", False, False),
        ("planeval.exporters.registry", "planeval.testing._plans", True, False),
    ],
)
def test_the_rule_itself(module: str, imported: str, deferred: bool, allowed: bool) -> None:
    assert _allowed(module, imported, deferred=deferred) is allowed
