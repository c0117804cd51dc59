"""Problems name the thing they are about, in the plan's language: KPI 4 名前、令和6年度."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planeval.cli import main
from planeval.errors import PlanError, Problem
from planeval.io.json_text import parse_json
from planeval.io.plan_files import structure_plan
from planeval.io.subjects import subject_of

from .conftest import ROOT

MINAMIYAMA: dict[str, Any] = json.loads(
    (ROOT / "examples" / "minamiyama_plan6" / "plan.json").read_text(encoding="utf-8")
)


# Parsed as the loader parses: numbers as Decimal, never float.
def _riverton_v1() -> dict[str, Any]:
    data = parse_json(
        (ROOT / "tests" / "data" / "format_v1" / "riverton_green.json").read_text(encoding="utf-8")
    )
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("location", "subject"),
    [
        (
            "$.kpis[3].observations[2].value",
            "KPI 4 まちづくりに参加したことのある町民の割合、令和6年度",
        ),
        ("$.kpis[0].target.value", "KPI 1 合計特殊出生率"),
        ("$.kpis[1].interim_targets[0]", "KPI 2 転出超過数"),
        ("$.entries[1].entries[0].kpis[0]", "基本目標2、施策3"),
        ("$.reviews[1].issues[0].text", "2番目の評価、1番目の課題"),
        ("$.notes[1].text", "注1"),
        ("$.grading[2].at_least", "3番目の評価区分の基準"),
        ("$.document.title", ""),
        ("$.kpis[99].name", ""),
        ("", ""),
        ("line 3, column 4", ""),
    ],
)
def test_a_location_in_a_japanese_plan_is_named_in_japanese(location: str, subject: str) -> None:
    assert subject_of(MINAMIYAMA, location) == subject


def test_an_english_plan_is_named_in_english_with_its_fiscal_year_naming() -> None:
    riverton = structure_plan(_riverton_v1())
    assert riverton.locale == "en"
    data = json.loads((ROOT / "examples" / "riverton_green" / "plan.json").read_text("utf-8"))
    # Riverton's fiscal years run July to June and are named by the year they end in.
    assert subject_of(data, "$.kpis[1].observations[1].value") == (
        "KPI 2 Jobs in green industries, FY2023"
    )
    assert subject_of(data, "$.entries[0].entries[1].kpis[0]") == "Strategy 1, Measure 2"


def test_what_the_data_lacks_is_named_by_its_position() -> None:
    data = copy.deepcopy(MINAMIYAMA)
    data["kpis"][2].pop("number")
    data["kpis"][2]["name"] = "   "
    data["kpis"][2]["observations"][0]["fiscal_year"] = "R5"
    assert subject_of(data, "$.kpis[2].observations[0].value") == "KPI #3"


def test_the_loader_gives_each_problem_its_subject_at_the_old_files_own_path() -> None:
    data = _riverton_v1()
    data["strategies"][0]["measures"][1]["kpis"] = [42]
    with pytest.raises(PlanError) as raised:
        structure_plan(data)
    (problem,) = raised.value.problems
    assert problem == Problem(
        location="$.strategies[0].measures[1].kpis[0]",
        code="entry.unknown_kpi",
        params={"number": 42},
        subject="Strategy 1, Measure 2",
        locale="en",
    )
    assert problem.described() == (
        "$.strategies[0].measures[1].kpis[0]: Strategy 1, Measure 2: there is no KPI 42"
    )
    # str() stays the location and the message, for scripts that read it.
    assert str(problem) == "$.strategies[0].measures[1].kpis[0]: there is no KPI 42"


def test_the_cli_names_the_kpi_and_the_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy.deepcopy(MINAMIYAMA)
    data["kpis"][3]["observations"][2]["value"] = "abc"
    plan = tmp_path / "計画.json"
    plan.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", str(plan)]) == 2
    assert capsys.readouterr().err == (
        f"{plan}: $.kpis[3].observations[2].value: "
        "KPI 4 まちづくりに参加したことのある町民の割合、令和6年度: "
        "数値を入力してください（「abc」）\n"
    )


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "kpis",
                    "entries",
                    "levels",
                    "observations",
                    "number",
                    "name",
                    "fiscal_year",
                    "locale",
                    "notes",
                    "id",
                    "reviews",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@given(
    data=_JSON,
    location=st.from_regex(
        r"\$(\.(kpis|entries|observations|notes|name)|\[[0-9]\]){0,5}", fullmatch=True
    ),
)
def test_any_data_and_path_give_a_subject_or_nothing_never_an_error(
    data: object, location: str
) -> None:
    assert isinstance(subject_of(data, location), str)
