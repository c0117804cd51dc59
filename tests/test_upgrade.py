"""Plan files of every format planeval has written still load, and upgrade losslessly.

``tests/data/format_v1`` holds files written before formats were numbered
(format 1): both bundled examples, their JSON exports and the starter plan,
exactly as planeval wrote them then. ``tests/data/format_v2`` holds an
export of format 2 as the release before stable problem codes wrote it: each
``unavailable`` rate says why in English words (``message``).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from planeval.cli import main
from planeval.errors import PlanError
from planeval.evaluation import evaluate
from planeval.io.json_text import parse_json
from planeval.io.plan_files import (
    EVALUATION_KEY,
    load_plan,
    plan_from_json,
    plan_to_json,
    read_plan_file,
)
from planeval.io.upgrade import FORMAT_KEY, FORMAT_VERSION, legacy_location, upgrade_data
from planeval.model import Method, ZeroTarget

from .conftest import ROOT

FORMAT_1 = ROOT / "tests" / "data" / "format_v1"
FORMAT_2 = ROOT / "tests" / "data" / "format_v2"
EXAMPLES = {
    "yonezawa_plan3": ROOT / "examples" / "yonezawa_plan3" / "plan.json",
    "riverton_green": ROOT / "examples" / "riverton_green" / "plan.json",
}
OLD_FILES = sorted(FORMAT_1.glob("*.json"))


def test_the_old_files_are_all_there() -> None:
    assert [path.stem for path in OLD_FILES] == [
        "riverton_green",
        "riverton_green_export",
        "starter",
        "starter_zero_target_export",
        "yonezawa_plan3",
        "yonezawa_plan3_export",
    ]


@pytest.mark.parametrize("path", OLD_FILES, ids=lambda path: path.stem)
def test_every_format_1_file_loads_as_format_1(path: Path) -> None:
    read = read_plan_file(path)
    assert read.format_version == 1
    assert read.has_evaluation == path.stem.endswith("_export")
    assert [level.name for level in read.plan.levels] in (
        ["基本戦略", "施策"],
        ["Strategy", "Measure"],
    )


def test_a_target_of_0_keeps_the_rate_format_1_gave_it(tmp_path: Path) -> None:
    # Format 1 divided: 0 children / 50 children x 100 = 0.0, grade D. Its export
    # says so, and loads; the upgrade pins that rule, so the figures stay.
    old = FORMAT_1 / "starter_zero_target_export.json"
    read = read_plan_file(old)
    assert read.plan.zero_target is ZeroTarget.RATIO
    result = evaluate(read.plan).kpis[1]
    assert (result.rate, result.method) == (Decimal("0.0"), Method.ACHIEVEMENT_RATE)
    assert result.grade is not None
    assert result.grade.label == "D"
    target = tmp_path / "upgraded.json"
    assert main(["upgrade", str(old), "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["zero_target"] == "ratio"
    assert load_plan(target) == read.plan


@pytest.mark.parametrize(
    ("change", "location"),
    [
        (lambda d: d["strategies"][0].update(entries=[]), "$.strategies[0].entries"),
        (lambda d: d["reviews"][0].update(entries=[2]), "$.reviews[0].entries"),
        (lambda d: d.update(format_version=1, levels=[{"name": "柱"}]), "$.levels"),
    ],
)
def test_a_later_formats_keys_in_a_format_1_file_are_unknown(change: Any, location: str) -> None:
    data = json.loads((FORMAT_1 / "starter.json").read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(PlanError) as raised:
        plan_from_json(json.dumps(data))
    assert f"{location}: unknown key" in [str(problem) for problem in raised.value.problems]


def test_upgrade_replaces_a_read_only_file_only_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.json"
    plan.write_bytes((FORMAT_1 / "starter.json").read_bytes())
    plan.chmod(0o444)
    assert main(["upgrade", str(plan)]) == 2
    assert "read-only" in capsys.readouterr().err
    assert plan.read_bytes() == (FORMAT_1 / "starter.json").read_bytes()
    assert main(["upgrade", str(plan), "--force"]) == 0
    assert read_plan_file(plan).format_version == FORMAT_VERSION


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_an_old_example_is_the_same_plan_as_the_bundled_one(name: str) -> None:
    old = load_plan(FORMAT_1 / f"{name}.json")
    current = load_plan(EXAMPLES[name])
    # The bundled Yonezawa plan has since gained its municipality code, and nothing else.
    assert old == attrs.evolve(current, municipality_code=None)
    # Written again, the old plan (with that code) is the bundled file to the byte.
    gained = attrs.evolve(old, municipality_code=current.municipality_code)
    assert plan_to_json(gained) == EXAMPLES[name].read_text(encoding="utf-8")


@pytest.mark.parametrize("path", OLD_FILES, ids=lambda path: path.stem)
def test_upgrade_rewrites_each_old_file_losslessly(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / path.name
    assert main(["upgrade", str(path), "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"wrote {target} (format 1 to {FORMAT_VERSION})\n"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert next(iter(data)) == FORMAT_KEY
    assert data[FORMAT_KEY] == FORMAT_VERSION
    assert "strategies" not in data
    assert (EVALUATION_KEY in data) == path.stem.endswith("_export")
    upgraded = read_plan_file(target)
    assert upgraded.format_version == FORMAT_VERSION
    assert upgraded.plan == load_plan(path)


def test_upgrade_keeps_the_stored_evaluation_of_an_export(tmp_path: Path) -> None:
    old = FORMAT_1 / "yonezawa_plan3_export.json"
    target = tmp_path / "export.json"
    assert main(["upgrade", str(old), "-o", str(target)]) == 0
    before = json.loads(old.read_text(encoding="utf-8"))[EVALUATION_KEY]
    after = json.loads(target.read_text(encoding="utf-8"))[EVALUATION_KEY]
    rates = [kpi["achievement_rate"] for kpi in after["kpis"]]
    assert rates == [kpi["achievement_rate"] for kpi in before["kpis"]]
    assert rates == ["86.4", "75.8", "94.3", "30.0", "112.9", "101.0"]


def test_upgrade_in_place_and_a_current_file_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.json"
    plan.write_bytes((FORMAT_1 / "starter.json").read_bytes())
    assert main(["upgrade", str(plan)]) == 0
    assert capsys.readouterr().out == f"wrote {plan} (format 1 to {FORMAT_VERSION})\n"
    written = plan.read_bytes()
    assert main(["upgrade", str(plan)]) == 0
    assert capsys.readouterr().out == f"{plan} is already in format {FORMAT_VERSION}\n"
    assert plan.read_bytes() == written


def test_upgrade_refuses_a_bad_file_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text('{"format_version": 9}', encoding="utf-8")
    assert main(["upgrade", "--locale", "en", str(plan)]) == 2
    assert "$.format_version: format 9 was written by a newer planeval" in capsys.readouterr().err
    assert main(["upgrade", str(plan)]) == 2  # in the plan's language: Japanese
    assert "$.format_version: 形式9は新しいplanevalで書かれています" in capsys.readouterr().err
    assert plan.read_text(encoding="utf-8") == '{"format_version": 9}'


def test_format_1_data_upgrades_key_by_key() -> None:
    old = parse_json((FORMAT_1 / "yonezawa_plan3.json").read_text(encoding="utf-8"))
    assert isinstance(old, dict)
    new, version = upgrade_data(old)
    assert version == 1
    assert list(new)[:2] == [FORMAT_KEY, "municipality"]
    assert new["levels"] == [{"name": "基本戦略"}, {"name": "施策"}]
    assert [len(entry["entries"]) for entry in new["entries"]] == [4, 1, 2]
    assert [review["entries"] for review in new["reviews"]] == [[1], [2], [3], [4], [5], [6, 7]]
    # Every other key keeps its place and its value.
    renamed = {"strategies", "levels", "entries", FORMAT_KEY}
    assert [k for k in new if k not in renamed] == [k for k in old if k not in renamed]


@pytest.mark.parametrize(
    ("upgraded", "old"),
    [
        ("$.entries[2].entries[0].kpis[1]", "$.strategies[2].measures[0].kpis[1]"),
        ("$.entries[0].title", "$.strategies[0].title"),
        ("$.reviews[5].entries[1]", "$.reviews[5].measures[1]"),
        ("$.kpis[0].unit", "$.kpis[0].unit"),
    ],
)
def test_a_problem_is_located_in_the_old_files_own_terms(upgraded: str, old: str) -> None:
    assert legacy_location(upgraded, 1) == old
    assert legacy_location(upgraded, FORMAT_VERSION) == upgraded


def test_a_format_2_export_with_words_for_missing_rates_loads() -> None:
    path = FORMAT_2 / "minamiyama_plan6_export.json"
    assert '"message": "a qualitative KPI' in path.read_text(encoding="utf-8")
    read = read_plan_file(path)
    assert read.format_version == FORMAT_VERSION == 2
    assert read.has_evaluation
