"""Every problem has a stable code, and a message in English and in Japanese.

A plan's problems are in its own language (Japanese unless its ``locale`` is
``"en"``), in the language ``--locale`` gives on the command line, and in
Japanese when the file does not parse. Python callers match on the code; the
JSON export holds codes and figures, never words.
"""

from __future__ import annotations

import ast
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import planeval
from planeval.cli_text import HELP
from planeval.errors import PlanError, Problem
from planeval.io.json_text import to_json_text
from planeval.messages import MESSAGES, TERMS, message_language, placeholders, render_message

from .conftest import ROOT, run_planeval

SOURCE = ROOT / "src" / "planeval"
YONEZAWA = ROOT / "examples" / "yonezawa_plan3" / "plan.json"
RIVERTON = ROOT / "examples" / "riverton_green" / "plan.json"
_CODE = re.compile(r"[a-z_]+(\.[a-z0-9_]+)+")


def _data(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    return data


def _bad_plan(tmp_path: Path, source: Path, kpi: int, year: int) -> Path:
    """A copy of ``source`` whose KPI ``kpi`` (from 0) has "abc" for its value of ``year``."""
    data = _data(source)
    for observation in data["kpis"][kpi]["observations"]:
        if observation["fiscal_year"] == year:
            observation["value"] = "abc"
    path = tmp_path / "bad.json"
    path.write_text(to_json_text(data), encoding="utf-8")
    return path


# -- the catalogue ------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_both_languages_with_the_same_placeholders(code: str) -> None:
    templates = MESSAGES[code]
    assert sorted(templates) == ["en", "ja"]
    assert _CODE.fullmatch(code), code
    assert placeholders(templates["en"]) == placeholders(templates["ja"])
    assert templates["en"] != templates["ja"]


def test_every_term_has_both_languages() -> None:
    assert all(sorted(words) == ["en", "ja"] for words in TERMS.values())


def _code_literals() -> dict[str, str]:
    """Every string constant in planeval shaped like a code of a family MESSAGES has."""
    families = {code.split(".", 1)[0] for code in MESSAGES}
    found: dict[str, str] = {}
    for path in SOURCE.rglob("*.py"):
        if path.name == "messages.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # A plan workbook's column is given the dotted key of plan data it fills.
        keys = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.keyword) and node.arg == "key"
        }
        for node in ast.walk(tree):
            if (
                id(node) not in keys
                and isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and _CODE.fullmatch(node.value)
                and node.value.split(".", 1)[0] in families
                and node.value not in HELP  # the keys of the command line's help texts
            ):
                found[node.value] = path.name
    return found


def test_every_code_used_in_planeval_is_in_the_catalogue() -> None:
    unknown = {code: where for code, where in _code_literals().items() if code not in MESSAGES}
    assert unknown == {}


def test_every_code_in_the_catalogue_is_used() -> None:
    # file.syntax is there for readers' plugins, as docs/plugins.md shows.
    plugins = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    unused = set(MESSAGES) - set(_code_literals())
    assert sorted(code for code in unused if f'"{code}"' not in plugins) == []


def test_the_api_docs_list_every_code_with_its_messages() -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z0-9_.]+)` \| `(.*)` \| `(.*)` \|$", text, flags=re.MULTILINE)
    assert listed == [(code, words["en"], words["ja"]) for code, words in MESSAGES.items()]


# -- problems built from codes -------------------------------------------------------


def test_a_problem_renders_its_code_in_its_locale() -> None:
    problem = Problem(
        location="$.kpis[3].observations[4].value",
        code="value.not_a_number",
        params={"given": "'abc'"},
        subject="KPI 4 外国人宿泊者数、令和5年度",
    )
    assert problem.locale == "ja"
    assert problem.params == (("given", "'abc'"),)
    assert problem.message == "数値を入力してください（「abc」）"
    assert problem.described() == (
        "$.kpis[3].observations[4].value: KPI 4 外国人宿泊者数、令和5年度: "
        "数値を入力してください（「abc」）"
    )
    english = problem.in_locale("en")
    assert english == attrs.evolve(problem, locale="en")
    assert english.message == "expected a number, got 'abc'"
    assert str(english) == "$.kpis[3].observations[4].value: expected a number, got 'abc'"


def test_a_problem_without_location_or_subject_is_its_message() -> None:
    problem = Problem(location="", code="json.too_deep", locale="en")
    assert problem.described() == str(problem) == "JSON nested too deeply"


def test_a_problem_needs_a_known_code_and_its_parameters() -> None:
    with pytest.raises(ValueError, match=r"unknown problem code 'no\.such'"):
        Problem(location="", code="no.such")
    with pytest.raises(ValueError, match=r"needs the parameters \['given'\]"):
        Problem(location="", code="value.not_a_number", params={"other": 1})
    extra = Problem(location="", code="key.missing", params={"key": "period"}, locale="en")
    assert extra.message == "required key missing"
    with pytest.raises(TypeError):
        Problem(location="", message="free words")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("code", "params", "english", "japanese"),
    [
        ("value.not_a_list", {"given": "an object"}, "expected a list, got an object",
         "リスト（[ ]）で入力してください（オブジェクト）"),
        ("number.too_long", {"digits": 400, "limit": 15}, "a number of 400 digits; at most 15 "
         "are allowed", "400桁の数値です。15桁以内で入力してください"),
        ("kpi.per_year_target", {"kind": "stock"},
         "a per-year target needs a flow KPI; this one is a stock",
         "毎年度の目標（per_year）はフロー（flow）のKPIにだけ指定できます（このKPIは累計（stock））"),
        ("year.after_plan", {"year": 2026, "last": 2025},
         "2026 is after the plan's last fiscal year 2025",
         "2026は計画の最終年度（2025）より後です。計画期間内の年度を入力してください"),
        ("note.unknown", {"id": "注\r1"}, "there is no note with id '注\\r1'",
         "ID「注\\r1」の注記がありません"),
        ("entry.unknown", {"level": "施\n策", "number": 3}, "there is no 施\\n策 3",
         "施\\n策3がありません"),
        ("json.invalid", {"reason": "Expecting ',' delimiter"},
         "not valid JSON: Expecting ',' delimiter",
         "JSONの書き方に誤りがあります（「,」がありません）"),
        ("file.unreadable", {"reason": "Disk quota exceeded"},
         "cannot read the file: Disk quota exceeded",
         "ファイルを読み込めません（Disk quota exceeded）"),
    ],
)  # fmt: skip
def test_messages_in_both_languages(
    code: str, params: dict[str, object], english: str, japanese: str
) -> None:
    text = {name: str(value) for name, value in params.items()}
    assert render_message(code, text, "en") == english
    assert render_message(code, text, "ja") == japanese


def test_a_language_other_than_english_reads_japanese() -> None:
    assert [message_language(locale) for locale in ("en", "en_GB", "ja", "fr", None)] == [
        "en",
        "en",
        "ja",
        "ja",
        "ja",
    ]


def test_a_plan_error_in_another_locale() -> None:
    problems = [Problem(location="$.period", code="key.missing")]
    error = PlanError(problems, source="plan.json")
    assert str(error) == "plan.json: $.period: 必要なキーがありません"
    english = error.in_locale("en")
    assert (english.source, str(english)) == (
        "plan.json",
        "plan.json: $.period: required key missing",
    )
    assert [problem.code for problem in english.problems] == ["key.missing"]


# -- the loader and check_plan: the plan's language -------------------------------------


def test_a_japanese_plans_problems_are_japanese_with_codes(tmp_path: Path) -> None:
    path = _bad_plan(tmp_path, YONEZAWA, 3, 2023)
    with pytest.raises(PlanError) as raised:
        planeval.load_plan(path)
    (problem,) = raised.value.problems
    assert (problem.code, problem.params, problem.locale) == (
        "value.not_a_number",
        (("given", "'abc'"),),
        "ja",
    )
    assert problem.described() == (
        "$.kpis[3].observations[4].value: KPI 4 ものづくり関連の起業数、令和5年度: "
        "数値を入力してください（「abc」）"
    )


def test_an_english_plans_problems_are_english(tmp_path: Path) -> None:
    path = _bad_plan(tmp_path, RIVERTON, 0, 2023)
    with pytest.raises(PlanError) as raised:
        planeval.load_plan(path)
    (problem,) = raised.value.problems
    assert problem.locale == "en"
    assert problem.described() == (
        "$.kpis[0].observations[2].value: KPI 1 Household waste per resident, FY2024: "
        "expected a number, got 'abc'"
    )


def test_check_plan_speaks_the_plans_language() -> None:
    plan = planeval.load_example("riverton_green")
    wrong = attrs.evolve(plan, path_tolerance=Decimal(-1))
    (english,) = planeval.check_plan(wrong)
    assert (english.code, english.message) == ("value.negative", "must not be negative")
    (japanese,) = planeval.check_plan(attrs.evolve(wrong, locale="ja"))
    assert japanese.message == "0以上の値を入力してください"


# -- the command line ------------------------------------------------------------------


def test_validate_prints_a_japanese_plans_problems_in_japanese(tmp_path: Path) -> None:
    path = _bad_plan(tmp_path, YONEZAWA, 3, 2023)
    result = run_planeval("validate", str(path))
    assert result.returncode == 2
    assert result.stderr == (
        f"{path}: $.kpis[3].observations[4].value: KPI 4 ものづくり関連の起業数、令和5年度: "
        "数値を入力してください（「abc」）\n"
    )


def test_validate_with_locale_en_prints_english(tmp_path: Path) -> None:
    path = _bad_plan(tmp_path, YONEZAWA, 3, 2023)
    result = run_planeval("validate", "--locale", "en", str(path))
    assert result.returncode == 2
    assert result.stderr == (
        f"{path}: $.kpis[3].observations[4].value: KPI 4 ものづくり関連の起業数、令和5年度: "
        "expected a number, got 'abc'\n"
    )


def test_an_english_plans_problems_in_japanese_with_locale_ja(tmp_path: Path) -> None:
    path = _bad_plan(tmp_path, RIVERTON, 0, 2023)
    result = run_planeval("--locale", "ja", "validate", str(path))
    assert result.stderr == (
        f"{path}: $.kpis[0].observations[2].value: KPI 1 Household waste per resident, FY2024: "
        "数値を入力してください（「abc」）\n"
    )


def test_a_file_that_does_not_parse_is_reported_in_japanese(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"locale": "en",', encoding="utf-8")
    result = run_planeval("validate", str(path))
    assert result.returncode == 2
    assert result.stderr == (
        f"{path}: line 1, column 17: JSONの書き方に誤りがあります"
        '（キーを二重引用符（"）で囲んでください）\n'
    )
    english = run_planeval("validate", "--locale", "en", str(path))
    assert english.stderr == (
        f"{path}: line 1, column 17: not valid JSON: "
        "Expecting property name enclosed in double quotes\n"
    )


# -- the JSON export: codes and figures, no words ------------------------------------------


def test_the_json_export_keeps_reasons_as_codes(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    planeval.export(planeval.load_example("minamiyama_plan6"), target, "json")
    data = json.loads(target.read_text(encoding="utf-8"))
    reasons = [
        kpi["unavailable"] for kpi in data["computed_evaluation"]["kpis"] if kpi["unavailable"]
    ]
    assert reasons
    assert all(set(reason) == {"reason", "fiscal_year"} for reason in reasons)
    assert "message" not in target.read_text(encoding="utf-8")


def test_a_cut_short_list_ends_with_a_coded_problem() -> None:
    many = [Problem(location=f"$.notes[{index}].id", code="key.missing") for index in range(200)]
    error = PlanError(many)
    last = error.problems[-1]
    assert (len(error.problems), last.code, last.params) == (
        101,
        "problems.more",
        (("limit", "100"),),
    )
    assert last.message == "…ほかにも問題があります（表示は100件までです）"
    english = error.in_locale("en")
    assert len(english.problems) == 101
    assert english.problems[-1].message == "… and more problems not shown (at most 100 are listed)"


def test_an_old_exports_words_are_ignored_but_its_figures_still_checked(tmp_path: Path) -> None:
    old = ROOT / "tests" / "data" / "format_v2" / "minamiyama_plan6_export.json"
    data = json.loads(old.read_text(encoding="utf-8"), parse_float=Decimal)
    assert planeval.plan_from_json(to_json_text(data)) == planeval.load_example("minamiyama_plan6")
    data["computed_evaluation"]["kpis"][0]["latest_year"] = 1999
    with pytest.raises(PlanError) as raised:
        planeval.plan_from_json(to_json_text(data))
    (problem,) = raised.value.problems
    assert (problem.location, problem.code) == (
        "$.computed_evaluation.kpis[0].latest_year",
        "evaluation.differs",
    )
