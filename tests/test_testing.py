"""planeval.testing: its import without Hypothesis, check_exporter, the documented examples."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
import types
from collections.abc import Callable
from decimal import Decimal
from typing import Any, BinaryIO

import attrs
import pytest
from hypothesis import HealthCheck, Phase, settings

import planeval
from planeval import exporters, testing
from planeval.exporters import Report
from planeval.model import GradeRule, Metric
from planeval.testing import ExporterCheckError, check_exporter, check_plan_export

from . import office
from .conftest import ROOT, documented_block

# -- the import ------------------------------------------------------------------------

#: Imports planeval and its exporters, then planeval.testing, with Hypothesis blocked.
_WITHOUT_HYPOTHESIS = """
import sys
sys.modules["hypothesis"] = None  # as if it were not installed
import planeval.exporters, planeval.evaluation
try:
    import planeval.testing
except ImportError as error:
    print(repr(str(error)))
"""


def test_without_hypothesis_the_import_says_what_to_install_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _WITHOUT_HYPOTHESIS], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    message = ast.literal_eval(result.stdout)  # the repr printed: a newline would show
    assert message == "planeval.testing needs Hypothesis: pip install 'planeval[testing]'"


def test_every_public_callable_is_documented() -> None:
    undocumented = [
        name
        for name in testing.__all__
        if callable(getattr(testing, name)) and not inspect.getdoc(getattr(testing, name))
    ]
    assert not undocumented


# -- check_exporter passes for planeval's own formats -----------------------------------


@pytest.mark.parametrize("name", sorted(entry.name for entry in exporters.self_contained()))
def test_check_exporter_passes_for_every_self_contained_format(name: str) -> None:
    check_exporter(exporters.find_exporter(name).exporter, max_examples=2)


@pytest.mark.skipif(office.SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_check_exporter_passes_for_the_pdf_format() -> None:
    check_exporter(exporters.find_exporter("pdf").exporter, max_examples=1)


def test_check_plan_export_passes_for_a_bundled_example() -> None:
    check_plan_export(
        exporters.find_exporter("csv").exporter, planeval.load_example("yonezawa_plan3")
    )


# -- check_exporter fails for broken exporters -------------------------------------------


@attrs.define
class _Exporter:
    """An exporter whose ``write`` is the function given: a stand-in for a plugin."""

    writes: Callable[[Report, BinaryIO], None]
    name: str = "broken"
    aliases: tuple[str, ...] = ()
    extensions: tuple[str, ...] = (".broken",)
    description: str = "an exporter that breaks a rule"
    calls: int = 0

    def write(self, report: Report, stream: BinaryIO) -> None:
        self.calls += 1
        self.writes(report, stream)


def _raises(report: Report, stream: BinaryIO) -> None:
    raise RuntimeError("no such cell")


def _exits(report: Report, stream: BinaryIO) -> None:
    sys.exit(3)


def _writes_nothing(report: Report, stream: BinaryIO) -> None:
    stream.write(b"")


def _closes(report: Report, stream: BinaryIO) -> None:
    stream.write(report.plan.title.encode("utf-8"))
    stream.close()


def _fails_without_kpis(report: Report, stream: BinaryIO) -> None:
    stream.write(str(report.evaluation.kpis[0].kpi.number).encode("ascii"))


_COUNTER = iter(range(10**9))


def _stamps_a_counter(report: Report, stream: BinaryIO) -> None:
    stream.write(f"written {next(_COUNTER)}".encode("ascii"))


#: A failure is reported as found, without looking for a smaller plan: these tests stay quick.
_UNSHRUNK = settings(
    max_examples=5,
    deadline=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize(
    ("writes", "rule"),
    [
        (
            _raises,
            r"'broken' raised RuntimeError: no such cell \(rule: write raises no exception\)",
        ),
        (_exits, r"'broken' raised SystemExit: 3 \(rule: write raises no exception\)"),
        (_fails_without_kpis, r"raised IndexError: .* \(rule: write raises no exception\)"),
        (_writes_nothing, r"'broken' wrote nothing \(rule: write writes something\)"),
        (_closes, r"'broken' closed the stream \(rule: write leaves the stream open\)"),
        (_stamps_a_counter, r"different bytes .* \(rule: the same plan gives the same bytes\)"),
    ],
)
def test_check_exporter_fails_naming_the_rule_broken(
    writes: Callable[[Report, BinaryIO], None], rule: str
) -> None:
    with pytest.raises(ExporterCheckError, match=rule):
        check_exporter(_Exporter(writes), hypothesis_settings=_UNSHRUNK)


def test_check_exporter_is_an_assertion() -> None:
    with pytest.raises(AssertionError, match="wrote nothing"):
        check_exporter(_Exporter(_writes_nothing), hypothesis_settings=_UNSHRUNK)


def test_an_object_that_is_not_an_exporter_fails_at_once() -> None:
    with pytest.raises(
        ExporterCheckError, match=r"is not an exporter.*rule: the Exporter protocol"
    ):
        check_exporter(object())  # type: ignore[arg-type]


def test_check_plan_export_fails_on_a_bundled_example() -> None:
    with pytest.raises(ExporterCheckError, match="closed the stream"):
        check_plan_export(_Exporter(_closes), planeval.load_example("riverton_green"))


# -- how many plans ---------------------------------------------------------------------


def _fine(report: Report, stream: BinaryIO) -> None:
    stream.write(report.plan.title.encode("utf-8"))


def test_max_examples_is_how_many_plans_are_written_twice() -> None:
    exporter = _Exporter(_fine)
    check_exporter(exporter, max_examples=3)
    assert exporter.calls == 2 * 3


def test_the_callers_settings_are_used_and_max_examples_applies_on_top() -> None:
    theirs = settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
    exporter = _Exporter(_fine)
    check_exporter(exporter, hypothesis_settings=theirs)
    assert exporter.calls == 2 * 4
    exporter = _Exporter(_fine)
    check_exporter(exporter, hypothesis_settings=theirs, max_examples=1)
    assert exporter.calls == 2 * 1


def test_by_default_ten_plans_are_tried() -> None:
    exporter = _Exporter(_fine)
    check_exporter(exporter)
    assert exporter.calls == 2 * testing.DEFAULT_MAX_EXAMPLES == 20


# -- the documentation's examples run as written ----------------------------------------

DOCS = ROOT / "docs"


def _module(source: str, filename: str) -> dict[str, Any]:
    """Run ``source`` as a module named after ``filename``; its namespace."""
    namespace: dict[str, Any] = {"__name__": filename.removesuffix(".py")}
    exec(compile(source, filename, "exec"), namespace)
    return namespace


def _tests_in(namespace: dict[str, Any]) -> dict[str, Callable[[], None]]:
    """The ``test_*`` functions of a module's namespace, by name."""
    return {name: value for name, value in namespace.items() if name.startswith("test_")}


def _city_module() -> dict[str, Any]:
    return _module(documented_block(DOCS / "testing.md", "test_city_rules.py"), "city.py")


def test_the_city_example_of_docs_testing_passes() -> None:
    found = _tests_in(_city_module())
    assert set(found) == {
        "test_a_higher_value_never_gives_a_worse_grade",
        "test_a_rate_never_falls_when_the_value_moves_toward_the_target",
        "test_the_city_exporter_conforms",
    }
    for test in found.values():
        test()


def test_the_city_example_catches_a_grading_that_grades_a_higher_value_worse() -> None:
    city = _city_module()
    # Below 90% of the expected path is an A; anything else with a value, a B.
    upside_down = (
        GradeRule(label="A", metric=Metric.INTERIM_RATE, below=Decimal(90)),
        GradeRule(label="B", metric=Metric.HAS_VALUE),
    )
    city["PLAN"] = attrs.evolve(city["PLAN"], grading=upside_down)
    with pytest.raises(AssertionError):
        city["test_a_higher_value_never_gives_a_worse_grade"]()


def test_the_plugin_guides_conformance_test_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    guide = DOCS / "plugins.md"
    plugin = types.ModuleType("planeval_tsv")
    vars(plugin).update(_module(documented_block(guide, "src/planeval_tsv/__init__.py"), "tsv.py"))
    monkeypatch.setitem(sys.modules, "planeval_tsv", plugin)
    found = _tests_in(_module(documented_block(guide, "tests/test_tsv.py"), "test_tsv.py"))
    assert list(found) == ["test_the_tsv_exporter_conforms"]
    found["test_the_tsv_exporter_conforms"]()
