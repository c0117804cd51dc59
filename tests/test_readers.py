"""Readers of plan files as plugins: the built-in JSON reader, the documented one, faults."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

import planeval
from planeval.errors import PlanError
from planeval.io import plan_files, readers
from planeval.io.readers import find_reader

from .conftest import ROOT, YONEZAWA
from .conftest import run_planeval as run
from .test_exporters import _docs_block, documented_distribution, make_distribution
from .test_plugin_faults import planeval_cli

GROUP = readers.ENTRY_POINT_GROUP

_READER = (
    "class {cls}:\n    name = '{name}'\n    extensions = ('.{name}',)\n"
    "    description = 'x'\n    def read(self, data, source):\n        {body}\n"
)

_MINIMAL = (
    '{"format_version": 2, "municipality": "Testville", "title": "Test plan",'
    ' "document": {"title": "Test evaluation"}, "period": {"first": 2021, "last": 2025}}'
)


def reader_site(site: Path, name: str, body: str, distribution: str | None = None) -> None:
    """A distribution with one reader ``name`` whose ``read`` runs ``body``."""
    module = f"{name}_reader"
    make_distribution(
        site,
        distribution or f"planeval-{name}",
        {name: f"{module}:Reader"},
        {module: _READER.format(cls="Reader", name=name, body=body)},
        group=GROUP,
    )


def validate(site: Path, path: Path, content: bytes | str) -> subprocess.CompletedProcess[str]:
    """Write ``content`` to ``path``; run ``planeval validate --locale en`` on it, ``site`` on path.

    The file is not a plan a reader could read: without ``--locale`` its
    problems would be in Japanese.
    """
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return run("validate", "--locale", "en", str(path), pythonpath=site)


@pytest.fixture
def on_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Put a site on ``sys.path`` for this process, scanning the readers again before and after.

    The plugins' modules imported meanwhile are forgotten, so that the next test imports its own.
    """
    before = set(sys.modules)
    readers.refresh_readers()
    yield monkeypatch
    monkeypatch.undo()
    for name in set(sys.modules) - before:
        if name.endswith("_reader") or name == "planeval_toml":
            del sys.modules[name]
    readers.refresh_readers()


# -- the built-in reader ----------------------------------------------------------------


def test_json_and_xlsx_are_builtin_readers_registered_through_entry_points() -> None:
    assert [(e.name, e.distribution) for e in readers.available_readers()] == [
        ("json", "planeval"),
        ("xlsx", "planeval"),
    ]
    assert [e.name for e in readers.builtin_readers()] == ["json", "xlsx"]
    assert readers.broken_readers() == ()


@pytest.mark.parametrize("path", ["plan.json", "dir/PLAN.JSON", "plan", "plan.txt", "a.toml"])
def test_every_file_no_reader_claims_is_read_as_json(path: str) -> None:
    entry = find_reader(path)
    assert (entry.name, entry.builtin) == ("json", True)


def test_the_fallback_names_the_same_readers_as_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"][GROUP] == readers._BUILTIN_ENTRY_POINTS


def test_builtin_readers_are_found_without_installed_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **_: [])
    readers.refresh_readers()
    try:
        assert [e.name for e in readers.available_readers()] == ["json", "xlsx"]
        assert planeval.load_plan(YONEZAWA).kpis
    finally:
        monkeypatch.undo()
        readers.refresh_readers()


def test_a_plan_file_named_anything_is_still_read_as_json(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(_MINIMAL, encoding="utf-8")
    assert planeval.load_plan(path).municipality == "Testville"


# -- the documented reader --------------------------------------------------------------


@pytest.fixture
def toml_site(tmp_path: Path) -> Path:
    """The reader of docs/plugins.md, exactly as written, visible on a PYTHONPATH."""
    site = tmp_path / "site"
    documented_distribution(site, "planeval-toml/pyproject.toml", "planeval_toml", GROUP)
    return site


@pytest.fixture
def toml_plan(tmp_path: Path) -> Path:
    """The TOML plan file of docs/plugins.md."""
    path = tmp_path / "plan.toml"
    path.write_text(_docs_block("plan.toml"), encoding="utf-8")
    return path


def test_the_documented_reader_reads_the_documented_plan(
    toml_site: Path, toml_plan: Path, tmp_path: Path
) -> None:
    validated = run("validate", str(toml_plan), pythonpath=toml_site)
    assert (validated.returncode, validated.stderr) == (0, "")
    assert validated.stdout == f"{toml_plan}: valid (KPIs: 1)\n"
    report = tmp_path / "report.xlsx"
    exported = run("export", str(toml_plan), "-o", str(report), pythonpath=toml_site)
    assert exported.returncode == 0, exported.stderr
    assert report.stat().st_size > 0
    converted = tmp_path / "plan.json"
    upgraded = run("upgrade", str(toml_plan), "-o", str(converted), pythonpath=toml_site)
    assert upgraded.returncode == 0, upgraded.stderr
    data = json.loads(converted.read_text(encoding="utf-8"))
    assert data["kpis"][0]["observations"][0] == {"fiscal_year": 2021, "value": 1.5}


def test_the_documented_reader_from_python(
    toml_site: Path, toml_plan: Path, on_path: pytest.MonkeyPatch
) -> None:
    on_path.syspath_prepend(str(toml_site))
    readers.refresh_readers()
    entry = find_reader(toml_plan)
    assert (entry.name, entry.distribution, entry.builtin) == ("toml", "planeval-toml", False)
    plan = planeval.load_plan(toml_plan)
    assert str(plan.kpis[0].observations[0].value) == "1.5"
    assert plan == planeval.plan_from_json(planeval.plan_to_json(plan))


def test_the_documented_reader_reports_bad_toml_as_a_problem(
    toml_site: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bad.toml"
    result = validate(toml_site, path, "title = ")
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}: not TOML: ")
    assert "Traceback" not in result.stderr


def test_data_from_a_reader_is_checked_like_a_json_plan_file(
    toml_site: Path, tmp_path: Path
) -> None:
    path = tmp_path / "plan.toml"
    late = _docs_block("plan.toml").replace("fiscal_year = 2025", "fiscal_year = 2031")
    result = validate(toml_site, path, late)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}: $.kpis[0].target")


def test_formats_lists_the_readers(toml_site: Path) -> None:
    result = run("formats", pythonpath=toml_site)
    assert result.returncode == 0, result.stderr
    listed = result.stdout.split("\nreaders:\n")[1].splitlines()
    assert listed[0].split() == ["NAME", "EXTENSIONS", "DISTRIBUTION", "DESCRIPTION"]
    assert listed[1].split()[:3] == ["json", ".json", "planeval"]
    assert listed[2].split()[:3] == ["xlsx", ".xlsx", "planeval"]
    assert listed[3].split()[:3] == ["toml", ".toml", "planeval-toml"]
    assert "broken" not in result.stdout


# -- broken readers -----------------------------------------------------------------------


@pytest.fixture
def broken_site(tmp_path: Path) -> Path:
    """Readers that cannot be used, each its own way, and one that works."""
    site = tmp_path / "site"
    make_distribution(
        site,
        "planeval-broken-readers",
        {
            "missing": "no_such_module:Reader",
            "exits": "exits_reader:Reader",
            "notone": "json:dumps",
            "json": "clash_reader:Reader",
            "other": "touchy_reader:Reader",
        },
        {
            "exits_reader": "import sys\nsys.exit(3)\n",
            "clash_reader": _READER.format(cls="Reader", name="json", body="return {}"),
            "touchy_reader": (
                "class Reader:\n    name = 'other'\n    description = 'x'\n"
                "    @property\n    def extensions(self):\n        raise RuntimeError('boom')\n"
                "    def read(self, data, source):\n        return {}\n"
            ),
        },
        group=GROUP,
    )
    reader_site(site, "csvk", f"return {_MINIMAL}")
    return site


def test_formats_lists_broken_readers_with_the_reason(broken_site: Path) -> None:
    result = run("formats", pythonpath=broken_site)
    assert result.returncode == 0, result.stderr
    assert "broken (not usable):" not in result.stdout  # the exporters are all fine
    failed = result.stdout.split("broken readers (not usable):\n")[1].splitlines()
    source = "planeval-broken-readers"
    assert failed == [
        f"exits ({source}, exits_reader:Reader): failed to load: SystemExit: 3",
        f"json ({source}, clash_reader:Reader): its names clash with 'json' from planeval",
        f"missing ({source}, no_such_module:Reader): failed to load: "
        "ModuleNotFoundError: No module named 'no_such_module'",
        f"notone ({source}, json:dumps): not a reader: it has no name, extensions, "
        "description, read",
        f"other ({source}, touchy_reader:Reader): not a reader: RuntimeError: boom",
    ]
    assert "csvk" in result.stdout.split("\nreaders:\n")[1]


@pytest.mark.parametrize("command", ["validate", "summary"])
def test_broken_readers_do_not_break_json_plan_files(broken_site: Path, command: str) -> None:
    result = run(command, str(YONEZAWA), pythonpath=broken_site)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_working_reader_beside_broken_ones_reads_and_json_is_the_fallback(
    broken_site: Path, tmp_path: Path
) -> None:
    result = validate(broken_site, tmp_path / "plan.csvk", b"anything")
    assert (result.returncode, result.stderr) == (0, "")
    # A file no working reader claims is read as JSON; that failing, the broken ones are named.
    path = tmp_path / "plan.csv"
    unclaimed = validate(broken_site, path, "number,year,value\n")
    assert unclaimed.returncode == 2
    last = unclaimed.stderr.splitlines()[-1]
    assert last.startswith(
        f"{path}: no reader claims 'plan.csv', so it was read as JSON; these readers are "
        "installed but broken: exits (planeval-broken-readers): failed to load: SystemExit: 3; "
    )


def test_a_hanging_reader_blocks_no_json_plan_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_distribution(
        site,
        "planeval-hangs",
        {"hangs": "hanging_reader:Reader"},
        {"hanging_reader": "import time\ntime.sleep(3600)\n"},
        group=GROUP,
    )
    # The reader would hang for an hour: ending within the timeout shows it was never imported.
    for command in ("validate", "summary"):
        result = planeval_cli(command, str(YONEZAWA), site=site, timeout=20)
        assert (result.returncode, result.stderr) == (0, "")


# -- faults in read -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("raise ValueError('row 3 is odd')", "ValueError: row 3 is odd"),
        ("import sys; sys.exit(0)", "SystemExit: 0"),
        ("raise SystemExit", "SystemExit"),
        ("raise GeneratorExit('stop')", "GeneratorExit: stop"),
        ("raise OSError(5, 'its own disk failed')", "OSError: [Errno 5] its own disk failed"),
        ("return {1: 'x'}", None),
    ],
)
def test_a_reader_that_fails_exits_2_naming_it(
    tmp_path: Path, body: str, reason: str | None
) -> None:
    site = tmp_path / "site"
    reader_site(site, "faulty", body)
    path = tmp_path / "plan.faulty"
    result = validate(site, path, b"x")
    assert result.returncode == 2
    assert result.stdout == ""
    if reason is None:
        expected = "returned a key that is not a string (int) in $"
    else:
        expected = f"failed: {reason}"
    assert result.stderr == f"{path}: the reader 'faulty' (planeval-faulty) {expected}\n"


def test_keyboard_interrupt_in_read_exits_130(tmp_path: Path) -> None:
    site = tmp_path / "site"
    reader_site(site, "cc", "raise KeyboardInterrupt")
    result = validate(site, tmp_path / "plan.cc", b"x")
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "planeval: interrupted\n")


@pytest.mark.parametrize(
    ("returned", "message"),
    [
        (
            "{'title': 'x', 'kpis': [{'number': 1, 'target': {'value': 1.5}}]}",
            "returned a float (1.5) at $.kpis[0].target.value: plan data holds numbers as "
            "Decimal or int, never float (read the digits as text into a Decimal)",
        ),
        (
            "{'document': {'as_of': __import__('datetime').date(2025, 7, 1)}}",
            "returned a date at $.document.as_of: plan data holds dicts, lists, strings, ints, "
            "Decimals, booleans and None",
        ),
        ("{'kpis': ()}", "returned a tuple at $.kpis: plan data holds"),
        ("(lambda a: {'x': a, 'y': a})([])", "returned the same list twice, at $."),
        ("(lambda a: (a.append(a), a)[1])([])", "returned the same list twice, at $[0]"),
    ],
)
def test_data_that_is_not_plan_data_is_refused_naming_the_reader(
    tmp_path: Path, on_path: pytest.MonkeyPatch, returned: str, message: str
) -> None:
    site = tmp_path / "site"
    reader_site(site, "odd", f"return {returned}")
    on_path.syspath_prepend(str(site))
    readers.refresh_readers()
    path = tmp_path / "plan.odd"
    path.write_bytes(b"x")
    with pytest.raises(PlanError) as caught:
        planeval.load_plan(path)
    assert caught.value.source == str(path)
    [problem] = caught.value.problems
    assert problem.in_locale("en").message.startswith(f"the reader 'odd' (planeval-odd) {message}")


def test_the_library_contains_systemexit_and_lets_keyboard_interrupt_through(
    tmp_path: Path, on_path: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    reader_site(site, "exits", "raise SystemExit(4)")
    reader_site(site, "cc", "raise KeyboardInterrupt")
    on_path.syspath_prepend(str(site))
    readers.refresh_readers()
    (tmp_path / "plan.exits").write_bytes(b"x")
    (tmp_path / "plan.cc").write_bytes(b"x")
    with pytest.raises(
        PlanError, match=r"読み込み機能「exits」（planeval-exits）でエラーが起きました"
    ):
        planeval.load_plan(tmp_path / "plan.exits")
    with pytest.raises(KeyboardInterrupt):
        planeval.load_plan(tmp_path / "plan.cc")


def test_a_plan_error_from_a_reader_is_reported_as_the_files_problems(tmp_path: Path) -> None:
    site = tmp_path / "site"
    body = (
        "from planeval import PlanError, Problem\n        "
        "raise PlanError([Problem(location='row 3', code='value.not_a_number', "
        "params={'given': \"'x'\"})])"
    )
    reader_site(site, "rows", body)
    path = tmp_path / "kpis.rows"
    result = validate(site, path, b"x")
    assert (result.returncode, result.stderr) == (2, f"{path}: row 3: expected a number, got 'x'\n")


def test_a_readers_data_is_held_to_the_plan_file_size_limit(
    tmp_path: Path, on_path: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    reader_site(site, "big", f"return {_MINIMAL}")
    on_path.syspath_prepend(str(site))
    on_path.setattr(plan_files, "MAX_FILE_BYTES", 100)
    readers.refresh_readers()
    path = tmp_path / "plan.big"
    path.write_bytes(b"x" * 101)
    with pytest.raises(PlanError, match="計画ファイルは100バイト以下にしてください"):
        planeval.load_plan(path)
    path.write_bytes(b"x" * 100)
    assert planeval.load_plan(path).title == "Test plan"


def test_a_folder_s_plans_include_the_files_a_reader_plugin_reads(
    toml_site: Path, toml_plan: Path, tmp_path: Path
) -> None:
    folder = toml_plan.parent / "plans"
    folder.mkdir()
    toml_plan.rename(folder / "a.toml")
    (folder / "b.json").write_text(_MINIMAL, encoding="utf-8")
    (folder / "notes.txt").write_text("minutes of the meeting", encoding="utf-8")
    validated = run("validate", "--locale", "en", str(folder), pythonpath=toml_site)
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.splitlines()[:2] == [
        f"{folder / 'a.toml'}: valid (KPIs: 1)",
        f"{folder / 'b.json'}: valid (KPIs: 0)",
    ]
    assert f"skipped {folder / 'notes.txt'}: not a plan file" in validated.stderr
    without = run("validate", "--locale", "en", str(folder))
    assert f"skipped {folder / 'a.toml'}: not a plan file" in without.stderr
