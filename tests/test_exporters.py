"""The exporter registry, the plugin protocol, atomic writes and the JSON exporter."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

import pytest

import planeval
from planeval import exporters
from planeval.exporters import ExportError, UnknownFormatError, find_exporter
from planeval.io.plan_files import EVALUATION_KEY, plan_from_json

from .conftest import ROOT, YONEZAWA, documented_block
from .conftest import run_planeval as run

DOCS = ROOT / "docs" / "plugins.md"

#: planeval's own formats, by name.
BUILTIN = ["csv", "docx", "html", "json", "pdf", "xlsx"]


def _docs_block(title: str) -> str:
    return documented_block(DOCS, title)


def make_distribution(
    site: Path,
    name: str,
    entry_points: dict[str, str],
    modules: dict[str, str] | None = None,
    *,
    group: str = "planeval.exporters",
) -> None:
    """Lay out an installed distribution by hand: its modules and its dist-info (in ``group``)."""
    for module, source in (modules or {}).items():
        package = site / module
        package.mkdir(parents=True, exist_ok=True)
        (package / "__init__.py").write_text(source, encoding="utf-8")
    info = site / f"{name.replace('-', '_')}-1.0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0.0\n", encoding="utf-8"
    )
    lines = [f"[{group}]", *(f"{key} = {value}" for key, value in entry_points.items())]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def documented_distribution(site: Path, pyproject: str, module: str, group: str) -> None:
    """Lay out the example package of docs/plugins.md whose blocks are titled by these names."""
    project = tomllib.loads(_docs_block(pyproject))["project"]
    source = {module: _docs_block(f"src/{module}/__init__.py")}
    make_distribution(site, project["name"], project["entry-points"][group], source, group=group)


@pytest.fixture
def plugin_site(tmp_path: Path) -> Path:
    """The documented example plugin, plus two broken ones, visible on a PYTHONPATH."""
    site = tmp_path / "site"
    documented_distribution(site, "pyproject.toml", "planeval_tsv", "planeval.exporters")
    make_distribution(
        site,
        "planeval-broken",
        {"missing": "no_such_module:Exporter", "notone": "json:dumps", "xlsx": "json:JSONEncoder"},
    )
    return site


# -- the registry ------------------------------------------------------------------


def test_builtin_formats_are_registered_through_entry_points() -> None:
    names = {entry.name: entry for entry in exporters.available()}
    assert {"json", "xlsx"} <= names.keys()
    assert names["xlsx"].distribution == "planeval"
    assert names["xlsx"].extensions == (".xlsx",)
    assert "excel" in names["xlsx"].aliases
    assert [entry.name for entry in exporters.builtin()] == BUILTIN
    self_contained = [entry.name for entry in exporters.self_contained()]
    assert self_contained == ["csv", "docx", "html", "json", "xlsx"]


@pytest.mark.parametrize(
    ("format_name", "path", "expected"),
    [
        ("xlsx", None, "xlsx"),
        ("EXCEL", None, "xlsx"),
        ("json", "report.xlsx", "json"),
        (None, "report.XLSX", "xlsx"),
        (None, "dir/report.json", "json"),
    ],
)
def test_look_up_by_name_alias_or_extension(
    format_name: str | None, path: str | None, expected: str
) -> None:
    assert find_exporter(format_name, path).name == expected


@pytest.mark.parametrize(
    ("format_name", "path"), [("odt", None), (None, "report.odt"), (None, None)]
)
def test_unknown_format_lists_what_is_available(format_name: str | None, path: str | None) -> None:
    with pytest.raises(UnknownFormatError) as caught:
        find_exporter(format_name, path)
    assert isinstance(caught.value, ValueError)
    assert "json (.json)" in str(caught.value)
    assert "xlsx (excel, .xlsx)" in str(caught.value)


def test_listing_formats_imports_no_exporter_library() -> None:
    code = (
        "import sys, planeval.exporters as e; e.available(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('xlsxwriter', 'docx', 'pikepdf')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_export_imports_only_the_library_it_uses(tmp_path: Path) -> None:
    code = (
        "import sys, planeval; "
        f"planeval.export(planeval.load_example('yonezawa_plan3'), r'{tmp_path / 'a.json'}'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('xlsxwriter', 'docx')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_builtin_formats_are_found_without_installed_metadata(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A source checkout on PYTHONPATH has no entry points registered at all.
    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **_: [])
    exporters.refresh()
    try:
        found = {entry.name: entry.distribution for entry in exporters.available()}
        assert found == dict.fromkeys(BUILTIN, "planeval")
        assert [entry.name for entry in exporters.builtin()] == BUILTIN
        written = planeval.export(planeval.load_example("yonezawa_plan3"), tmp_path / "a.docx")
        assert written.stat().st_size > 0
    finally:
        monkeypatch.undo()
        exporters.refresh()


def test_the_fallback_names_the_same_formats_as_pyproject() -> None:
    from planeval.exporters.registry import _BUILTIN_ENTRY_POINTS

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"][exporters.ENTRY_POINT_GROUP] == (
        _BUILTIN_ENTRY_POINTS
    )


def _chart_count(path: Path) -> int:
    with zipfile.ZipFile(path) as package:
        return sum(name.startswith("xl/charts/chart") for name in package.namelist())


@pytest.mark.parametrize(
    ("options", "charts"), [(None, 6), ({"chart_limit": 2}, 2), ({"chart_limit": 0}, 0)]
)
def test_exporter_options_reach_the_exporter(
    tmp_path: Path, options: dict[str, object] | None, charts: int
) -> None:
    path = planeval.export(
        planeval.load_example("yonezawa_plan3"), tmp_path / "a.xlsx", options=options
    )
    assert _chart_count(path) == charts


@pytest.mark.parametrize(
    ("format_name", "options", "message"),
    [
        ("xlsx", {"charts": 2}, "the xlsx exporter does not take these options: .*'charts'"),
        ("xlsx", {"chart_limit": -1}, "the xlsx exporter: chart_limit must be a whole number"),
        ("xlsx", {"chart_limit": "2"}, "the xlsx exporter: chart_limit must be a whole number"),
        ("json", {"indent": 4}, "the json exporter does not take these options"),
    ],
)
def test_a_bad_option_is_refused_before_anything_is_written(
    tmp_path: Path, format_name: str, options: dict[str, object], message: str
) -> None:
    target = tmp_path / "out"
    with pytest.raises(exporters.ExporterOptionError, match=message):
        planeval.export(
            planeval.load_example("yonezawa_plan3"), target, format_name, options=options
        )
    assert not target.exists()


def test_the_summary_is_not_a_file_format() -> None:
    names = {name for entry in exporters.available() for name in (entry.name, *entry.aliases)}
    assert not names & {"summary", "text", "txt"}


# -- plugins ---------------------------------------------------------------------------


def test_the_documented_plugin_exports_from_the_cli(plugin_site: Path, tmp_path: Path) -> None:
    output = tmp_path / "kpis.tsv"
    result = run("export", "--example", "yonezawa_plan3", "-o", str(output), pythonpath=plugin_site)
    assert result.returncode == 0, result.stderr
    text = output.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    assert rows[0] == [
        "number",
        "name",
        "latest_year",
        "latest_value",
        "target",
        "achievement_rate",
    ]
    assert [row[5] for row in rows[1:]] == ["86.4", "75.8", "94.3", "30.0", "112.9", "101.0"]
    by_alias = run(
        "export",
        "--example",
        "yonezawa_plan3",
        "-o",
        str(tmp_path / "x.txt"),
        "-f",
        "tab-separated",
        pythonpath=plugin_site,
    )
    assert by_alias.returncode == 0, by_alias.stderr


def test_formats_lists_plugins_and_broken_ones(plugin_site: Path) -> None:
    result = run("formats", pythonpath=plugin_site)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    tsv_line = next(line for line in lines if line.startswith("tsv "))
    assert "planeval-tsv" in tsv_line
    assert ".tsv" in tsv_line
    broken = result.stdout.split("broken (not usable):")[1]
    assert "missing (planeval-broken, no_such_module:Exporter): failed to load: " in broken
    assert "ModuleNotFoundError" in broken
    assert "notone (planeval-broken, json:dumps): not an exporter" in broken
    assert "xlsx (planeval-broken, json:JSONEncoder): not an exporter" in broken


def test_broken_plugins_do_not_break_the_other_formats(plugin_site: Path, tmp_path: Path) -> None:
    for name in ("report.json", "report.xlsx"):
        result = run(
            "export",
            "--example",
            "yonezawa_plan3",
            "-o",
            str(tmp_path / name),
            pythonpath=plugin_site,
        )
        assert result.returncode == 0, result.stderr
        assert (tmp_path / name).stat().st_size > 0


def test_a_clashing_name_is_broken_not_a_replacement(tmp_path: Path) -> None:
    site = tmp_path / "site"
    source = (
        "class Fake:\n    name = 'other'\n    aliases = ('excel',)\n    extensions = ('.xlsx',)\n"
        "    description = 'x'\n    def write(self, report, stream):\n        pass\n"
    )
    make_distribution(site, "planeval-fake", {"other": "fake_xlsx:Fake"}, {"fake_xlsx": source})
    result = run("formats", pythonpath=site)
    assert "its names clash with 'xlsx' from planeval" in result.stdout


# -- writing ------------------------------------------------------------------------------


class _FailingExporter:
    name = "failing"
    aliases: tuple[str, ...] = ()
    extensions: tuple[str, ...] = (".fail",)
    description = "writes half a file, then fails"

    def write(self, report: exporters.Report, stream: BinaryIO) -> None:
        stream.write(b"half a file")
        raise RuntimeError("disk on fire")


def test_an_exporter_that_fails_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = exporters.RegisteredExporter(exporter=_FailingExporter(), distribution="tests")
    monkeypatch.setattr(exporters.registry, "find_exporter", lambda *_: entry)
    target = tmp_path / "report.fail"
    target.write_bytes(b"the old report")
    with pytest.raises(ExportError, match=r"the failing exporter .* failed .* disk on fire"):
        planeval.export(planeval.load_plan(YONEZAWA), target)
    assert target.read_bytes() == b"the old report"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.fail"]


def test_a_failing_plugin_exits_1_and_leaves_no_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    source = (
        "class Boom:\n    name = 'boom'\n    aliases = ()\n    extensions = ('.boom',)\n"
        "    description = 'fails'\n    def write(self, report, stream):\n"
        "        stream.write(b'partial')\n        raise ValueError('half-way')\n"
    )
    make_distribution(site, "planeval-boom", {"boom": "boom_plugin:Boom"}, {"boom_plugin": source})
    output = tmp_path / "out" / "r.boom"
    output.parent.mkdir()
    result = run("export", "--example", "yonezawa_plan3", "-o", str(output), pythonpath=site)
    assert result.returncode == 1
    assert "the boom exporter (planeval-boom) failed" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(output.parent.iterdir()) == []


def test_an_unwritable_destination_exits_1(tmp_path: Path) -> None:
    result = run("export", "--example", "yonezawa_plan3", "-o", str(tmp_path / "no" / "r.json"))
    assert result.returncode == 1
    assert "cannot write" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_format_exits_2(tmp_path: Path) -> None:
    result = run("export", "--example", "yonezawa_plan3", "-o", str(tmp_path / "r.odt"))
    assert result.returncode == 2
    assert "no format writes files named 'r.odt'" in result.stderr
    result = run("export", "--example", "yonezawa_plan3", "-o", str(tmp_path / "r"), "-f", "odt")
    assert result.returncode == 2
    assert (
        "no format named 'odt'; available: csv (.csv); docx (word, .docx); html (.html); "
        "json (.json); pdf (.pdf); xlsx (excel, .xlsx)" in result.stderr
    )


def test_bad_plan_exits_2_before_writing(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text("{}", encoding="utf-8")
    result = run("export", str(plan), "-o", str(tmp_path / "r.json"))
    assert result.returncode == 2
    assert "$.municipality: 必要なキーがありません" in result.stderr
    assert not (tmp_path / "r.json").exists()


def test_export_all_writes_every_builtin_format(tmp_path: Path) -> None:
    folder = tmp_path / "report"
    result = run("export", "--example", "yonezawa_plan3", "--all", "-o", str(folder))
    assert result.returncode == 0, result.stderr
    expected = {f"yonezawa_plan3{entry.extensions[0]}" for entry in exporters.self_contained()}
    assert {path.name for path in folder.iterdir()} == expected


def test_export_refuses_to_overwrite_its_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_bytes(YONEZAWA.read_bytes())
    result = run("export", str(plan), "-o", str(plan))
    assert result.returncode == 2
    assert plan.read_bytes() == YONEZAWA.read_bytes()


# -- the JSON exporter -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("json") / "yonezawa.json"
    planeval.export(planeval.load_plan(YONEZAWA), path)
    return path


def test_json_export_is_lossless(exported_json: Path) -> None:
    plan = planeval.load_plan(YONEZAWA)
    assert planeval.load_plan(exported_json) == plan
    text = exported_json.read_text(encoding="utf-8")
    plan_part = text[: text.index(f'  "{EVALUATION_KEY}"')].rstrip().rstrip(",")
    original = YONEZAWA.read_text(encoding="utf-8").rstrip().rstrip("}").rstrip()
    assert plan_part == original


def test_json_export_holds_the_computed_evaluation(exported_json: Path) -> None:
    data = json.loads(exported_json.read_text(encoding="utf-8"))
    results = data[EVALUATION_KEY]["kpis"]
    assert [r["achievement_rate"] for r in results] == [
        "86.4",
        "75.8",
        "94.3",
        "30.0",
        "112.9",
        "101.0",
    ]
    assert [r["latest_year"] for r in results] == [2022] * 3 + [2024] * 3
    assert results[3]["progress"] == 3
    assert results[3]["target_value"] == 10
    assert all(r["unavailable"] is None for r in results)
    assert list(data)[-1] == EVALUATION_KEY


def test_json_export_writes_japanese_as_is(exported_json: Path) -> None:
    raw = exported_json.read_bytes()
    assert "米沢市".encode() in raw
    assert b"\\u" not in raw


def test_a_tampered_evaluation_is_refused(exported_json: Path) -> None:
    text = exported_json.read_text(encoding="utf-8").replace('"112.9"', '"120.0"')
    with pytest.raises(planeval.PlanError) as caught:
        plan_from_json(text)
    (problem,) = caught.value.problems
    assert problem.location == f"$.{EVALUATION_KEY}.kpis[4].achievement_rate"
    assert problem.code == "evaluation.differs"
    assert "is '120.0', but the plan's figures give '112.9'" in problem.in_locale("en").message
    assert problem.message.startswith(
        "「120.0」となっていますが、計画の数値からは「112.9」になります。"
    )


def test_a_rate_that_cannot_be_computed_says_why_in_json(tmp_path: Path) -> None:
    data = json.loads(YONEZAWA.read_text(encoding="utf-8"))
    del data["kpis"][0]["target"]
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "out.json"
    planeval.export(planeval.load_plan(source), target)
    first = json.loads(target.read_text(encoding="utf-8"))[EVALUATION_KEY]["kpis"][0]
    assert first["achievement_rate"] is None
    assert first["unavailable"]["reason"] == "no_target"
    assert planeval.load_plan(target) == planeval.load_plan(source)


def test_a_plugin_whose_attributes_fail_is_isolated(tmp_path: Path) -> None:
    site = tmp_path / "site"
    source = (
        "class Touchy:\n    @property\n    def name(self):\n        raise RuntimeError('boom')\n"
        "    aliases = ()\n    extensions = ('.t',)\n    description = 'x'\n"
        "    def write(self, report, stream):\n        pass\n"
    )
    make_distribution(site, "planeval-touchy", {"touchy": "touchy:Touchy"}, {"touchy": source})
    listing = run("formats", pythonpath=site)
    assert listing.returncode == 0, listing.stderr
    assert "touchy (planeval-touchy, touchy:Touchy): not an exporter: RuntimeError: boom" in (
        listing.stdout
    )
    result = run(
        "export", "--example", "yonezawa_plan3", "-o", str(tmp_path / "r.json"), pythonpath=site
    )
    assert result.returncode == 0, result.stderr


def test_a_prepared_report_is_worded_once_for_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """export_report writes what export writes; the report model is built once for all."""
    from planeval.exporters import protocol
    from planeval.report.build import build_report

    built = []

    def counted(*arguments: Any, **options: Any) -> Any:
        built.append(1)
        return build_report(*arguments, **options)

    monkeypatch.setattr(protocol, "build_report", counted)
    plan = planeval.load_plan(YONEZAWA)
    report = exporters.report_for(plan, "en")
    for name in ("docx", "xlsx", "html", "json"):
        shared = exporters.export_report(report, tmp_path / f"shared.{name}", name)
        alone = planeval.export(plan, tmp_path / f"alone.{name}", name, locale="en")
        assert shared.read_bytes() == alone.read_bytes(), name
    assert len(built) == 1 + 3  # the shared report's, then docx, xlsx and html alone
