"""Hardening (issue 10, input): hostile numbers, sizes, counts and names are refused plainly.

Each test here failed before its fix: a traceback, a plan accepted that no
exporter could write, rows dropped, a file read without end, or an example
loaded from outside the bundled examples.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import planeval
from planeval import exporters
from planeval.errors import PlanError
from planeval.examples import example_path
from planeval.exporters import Report
from planeval.io.json_text import to_json_text
from planeval.limits import (
    MAX_ENTRIES,
    MAX_EXPORTED_FILE_BYTES,
    MAX_FILE_BYTES,
    MAX_ID_LENGTH,
    MAX_KPIS,
    MAX_LEVELS,
    MAX_LIST_ITEMS,
    MAX_NAME_LENGTH,
    MAX_NOTES,
    MAX_PROBLEMS,
    MAX_REFERENCE_INDICATORS,
    MAX_REPEATED_TEXT,
    MAX_REVIEW_ITEMS,
    MAX_TEXT_LENGTH,
    MAX_UNIT_LENGTH,
    MAX_YEARS,
)

from .conftest import YONEZAWA, run_planeval

#: The rows of one spreadsheet sheet.
SHEET_ROWS = 1_048_576


def yonezawa_data() -> dict[str, Any]:
    """The Yonezawa plan as parsed JSON data, numbers as Decimal."""
    data: dict[str, Any] = json.loads(YONEZAWA.read_text(encoding="utf-8"), parse_float=Decimal)
    return data


def problems(data: object) -> list[str]:
    """The problems planeval reports for ``data`` as a plan, as ``location: message`` in English."""
    with pytest.raises(PlanError) as caught:
        planeval.plan_from_json(to_json_text(data))
    return [str(problem.in_locale("en")) for problem in caught.value.problems]


def _first_reference(data: dict[str, Any]) -> dict[str, Any]:
    for review in data["reviews"]:
        for initiative in review["initiatives"]:
            if initiative.get("reference_indicators"):
                indicator: dict[str, Any] = initiative["reference_indicators"][0]
                return indicator
    raise AssertionError("Yonezawa has reference figures")


# -- 1. huge exponents -----------------------------------------------------------

HUGE = ("1e1000000000000000000", "-1e1000000000000000000", "1E+1000000000000000000")


@pytest.mark.parametrize("literal", HUGE)
@pytest.mark.parametrize(
    ("placeholder", "location"),
    [
        ('"path_tolerance": 5', "$.path_tolerance"),
        ('"value": 1445', "$.kpis[0].observations[0].value"),
        ('"fiscal_year": 2019', "$.kpis[0].observations[0].fiscal_year"),
    ],
)
def test_an_exponent_no_decimal_holds_is_refused_with_its_path(
    literal: str, placeholder: str, location: str
) -> None:
    text = YONEZAWA.read_text(encoding="utf-8")
    if placeholder.startswith('"path_tolerance"'):
        text = text.replace("{", "{" + placeholder + ", ", 1)
    key = placeholder.split(":")[0]
    text = text.replace(placeholder, f"{key}: {literal}", 1)
    with pytest.raises(PlanError) as caught:
        planeval.plan_from_json(text)
    (problem,) = caught.value.problems
    assert problem.location == location
    expected = "expected a whole number, got " if "fiscal_year" in location else ""
    assert problem.in_locale("en").message.startswith(expected + literal[:37])


def test_a_zero_far_out_of_range_is_refused() -> None:
    data = yonezawa_data()
    data["path_tolerance"] = Decimal("0e999999999999999999")
    assert problems(data) == [
        "$.path_tolerance: 0E+999999999999999999 is out of range: "
        "numbers must lie within 1e-100 and 1e100"
    ]


def test_huge_exponent_through_load_plan_and_the_cli(tmp_path: Path) -> None:
    text = YONEZAWA.read_text(encoding="utf-8").replace(
        '"value": 1445', '"value": 1e1000000000000000000', 1
    )
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        planeval.load_plan(path)
    assert str(caught.value.in_locale("en")) == (
        f"{path}: $.kpis[0].observations[0].value: 1e1000000000000000000 is out of range: "
        "numbers must lie within 1e-100 and 1e100"
    )
    result = run_planeval("validate", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "$.kpis[0].observations[0].value" in result.stderr


# -- 3. valid plans that could not be exported -------------------------------------


def test_a_long_note_id_is_refused() -> None:
    data = yonezawa_data()
    long_id = "注" * (MAX_ID_LENGTH + 1)
    data["notes"].append({"id": long_id, "text": "米" * MAX_TEXT_LENGTH})
    assert problems(data) == [
        f"$.notes[5].id: an id of {MAX_ID_LENGTH + 1} characters; "
        f"at most {MAX_ID_LENGTH} are allowed"
    ]


def test_reference_figures_citing_a_long_note_id_are_refused() -> None:
    data = yonezawa_data()
    long_id = "注" * 2000
    data["notes"].append({"id": long_id, "text": "未公表"})
    indicator = _first_reference(data)
    indicator["observations"] = [
        {"fiscal_year": 2000 + year, "missing": "unpublished", "note": long_id}
        for year in range(20)
    ]
    found = problems(data)
    assert found[0] == (
        f"$.notes[5].id: an id of 2000 characters; at most {MAX_ID_LENGTH} are allowed"
    )
    assert any("its reference figures come to" in problem for problem in found)


def test_reference_figures_are_counted_with_their_numbers() -> None:
    data = yonezawa_data()
    indicator = _first_reference(data)
    indicator["name"] = "米" * (MAX_TEXT_LENGTH - 1000)
    indicator["observations"] = [
        {"fiscal_year": 2000 + year, "value": Decimal("-9.99999999999999E+100")}
        for year in range(10)
    ]
    (problem,) = problems(data)
    assert problem.endswith(
        f"its reference figures come to 32580 characters with their marks; "
        f"a report's cell holds at most {MAX_TEXT_LENGTH} of them"
    )


def test_a_reference_unit_is_held_to_the_unit_limit() -> None:
    data = yonezawa_data()
    indicator = _first_reference(data)
    indicator["unit"] = '"' * (MAX_UNIT_LENGTH + 1)
    (problem,) = problems(data)
    assert problem.endswith(
        f".unit: a unit of {MAX_UNIT_LENGTH + 1} characters; at most {MAX_UNIT_LENGTH} are allowed"
    )


def test_level_and_indicator_names_are_held_to_the_name_limit() -> None:
    # A level's name is printed in every heading of its entries: a long one would
    # overflow a cell holding a long title (a cell of 64,004 characters).
    data = yonezawa_data()
    data["indicators"] = "指" * (MAX_NAME_LENGTH + 1)
    data["levels"][0]["name"] = "米" * 32_000
    data["levels"][1]["indicators"] = "K" * (MAX_NAME_LENGTH + 1)
    data["entries"][0]["title"] = "米" * 32_000
    too_long = f"characters; at most {MAX_NAME_LENGTH} are allowed"
    assert problems(data) == [
        f"$.indicators: a name of {MAX_NAME_LENGTH + 1} {too_long}",
        f"$.levels[0].name: a name of 32000 {too_long}",
        f"$.levels[1].indicators: a name of {MAX_NAME_LENGTH + 1} {too_long}",
    ]


def test_the_longest_names_and_titles_export(tmp_path: Path) -> None:
    data = yonezawa_data()
    data["municipality_code"] = "062022"
    data["indicators"] = "指" * MAX_NAME_LENGTH
    for index, level in enumerate(data["levels"]):
        level["name"] = f"{index}" + "米" * (MAX_NAME_LENGTH - 1)
        level["indicators"] = "K" * MAX_NAME_LENGTH
    last = data["levels"][-1]["name"]
    for strategy in data["entries"]:
        strategy["title"] = "米" * MAX_TEXT_LENGTH
        for measure in strategy["entries"]:
            # 施策６ and ７ share a review: their titles share a cell, after their level's name.
            measure["title"] = "米" * (MAX_TEXT_LENGTH // 2 - MAX_NAME_LENGTH - 20)
    for kpi in data["kpis"]:
        kpi["attached_to"] = {"level": last, "number": 1}
        kpi["name"] = "米" * (MAX_TEXT_LENGTH - len(kpi.get("source", "")) - 40 - MAX_NAME_LENGTH)
        kpi.pop("scopes", None)
    plan = planeval.plan_from_json(to_json_text(data))
    for entry in exporters.self_contained():
        planeval.export(plan, tmp_path / f"plan.{entry.name}", format=entry.name)


def test_the_longest_units_export(tmp_path: Path) -> None:
    data = yonezawa_data()
    quotes = '"' * MAX_UNIT_LENGTH
    _first_reference(data)["unit"] = quotes
    for kpi in data["kpis"]:
        kpi["unit"] = quotes
        kpi["unit_per"] = ";" * MAX_UNIT_LENGTH
    plan = planeval.plan_from_json(to_json_text(data))
    for entry in exporters.self_contained():
        planeval.export(plan, tmp_path / f"plan.{entry.name}", format=entry.name)


# -- 4. rows lost silently -----------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "columns", "message"),
    [
        (SHEET_ROWS + 1, 1, "needs 1,048,577 rows and 1 columns"),
        (1, 16_385, "needs 1 rows and 16,385 columns"),
    ],
)
def test_a_sheet_past_the_last_row_or_column_is_refused(
    plan: planeval.Plan, rows: int, columns: int, message: str
) -> None:
    import xlsxwriter

    from planeval.exporters.excel._book import Book

    report = Report(evaluation=planeval.evaluate(plan), labels=_labels(plan))
    workbook = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    book = Book(workbook, report.model, report.labels)
    book.add_sheet("fits", rows=SHEET_ROWS, columns=16_384)
    with pytest.raises(ValueError, match=f"the sheet 'too big' {message}"):
        book.add_sheet("too big", rows=rows, columns=columns)
    workbook.close()


@pytest.mark.parametrize("example", ["yonezawa_plan3", "riverton_green"])
def test_every_sheet_declares_the_rows_and_columns_it_writes(
    example: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A sheet refuses a report that does not fit before it is made, from the
    # rows and columns it declares: every cell written must lie within them.
    import xlsxwriter.worksheet

    from planeval.exporters.excel._book import Book

    declared: dict[str, tuple[int, int]] = {}
    used: dict[str, tuple[int, int]] = {}
    add_sheet = Book.add_sheet
    check = xlsxwriter.worksheet.Worksheet._check_dimensions

    def add(self: Book, wanted: str, *, rows: int, columns: int, **rest: Any) -> Any:
        sheet = add_sheet(self, wanted, rows=rows, columns=columns, **rest)
        declared[sheet.name] = (rows, columns)
        return sheet

    def dimensions(self: Any, row: int, col: int, *args: Any, **kwargs: Any) -> int:
        most = used.get(self.name, (0, 0))
        used[self.name] = (max(most[0], row), max(most[1], col))
        result: int = check(self, row, col, *args, **kwargs)
        return result

    monkeypatch.setattr(Book, "add_sheet", add)
    monkeypatch.setattr(xlsxwriter.worksheet.Worksheet, "_check_dimensions", dimensions)
    planeval.export(planeval.load_example(example), tmp_path / "report.xlsx")
    assert used.keys() <= declared.keys()
    for name, (row, column) in used.items():
        rows, columns = declared[name]
        assert (row < rows, column < columns) == (True, True), name


def _labels(plan: planeval.Plan) -> Any:
    from planeval.report.labels import labels_for

    return labels_for(plan)


def test_the_largest_plan_fits_every_sheet() -> None:
    # The rows each sheet needs at the count limits, as the Excel exporter lays them out.
    kpi_sheet = 5 + 2 * MAX_KPIS + 1 + MAX_NOTES
    chart_data = 1 + 2 * MAX_KPIS
    charts = (MAX_KPIS // 2) * 16 + 16
    reviews = 3 + MAX_REVIEW_ITEMS + MAX_ENTRIES  # a row for a review with no direction item
    references = 3 + MAX_REFERENCE_INDICATORS
    next_plan = 3 + MAX_LIST_ITEMS * (MAX_LIST_ITEMS + 2)
    assert max(kpi_sheet, chart_data, charts, reviews, references, next_plan) < SHEET_ROWS
    # The tables' year columns: three columns before them, the target, rate and grade after.
    assert 3 + MAX_YEARS + 3 < 16_384
    # The review sheet: a column per level, seven after them and the rating.
    assert MAX_LEVELS + 7 + 1 < 16_384


# -- 6. sizes, counts and problems ------------------------------------------------------


def test_an_endless_file_is_read_no_further_than_the_limit() -> None:
    with pytest.raises(PlanError) as caught:
        planeval.load_plan("/dev/zero")
    assert str(caught.value.in_locale("en")) == (
        f"/dev/zero: the file is larger than {MAX_EXPORTED_FILE_BYTES:,} bytes, "
        "the most an exported plan file may be"
    )


def test_the_cli_refuses_an_endless_file() -> None:
    result = run_planeval("validate", "--locale", "en", "/dev/zero")
    assert result.returncode == 2
    assert "larger than" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * MAX_FILE_BYTES + b"{}")
    with pytest.raises(PlanError, match="大きすぎます"):
        planeval.load_plan(path)
    with pytest.raises(PlanError, match="大きすぎます"):
        planeval.plan_from_json(" " * MAX_FILE_BYTES + "{}")


def test_an_export_past_the_plan_files_limit_loads_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the limit set to the plan file's own size, its JSON export (which
    # adds the computed evaluation) is larger, and still loads; a plan file
    # padded to the export's size does not.
    from planeval.io import plan_files

    plan = planeval.load_plan(YONEZAWA)
    export = planeval.export(plan, tmp_path / "export.json")
    limit = len(YONEZAWA.read_bytes())
    monkeypatch.setattr(plan_files, "MAX_FILE_BYTES", limit)
    monkeypatch.setattr(plan_files, "MAX_EXPORTED_FILE_BYTES", 2 * limit)
    assert export.stat().st_size > limit
    assert planeval.load_plan(export) == plan
    padded = tmp_path / "padded.json"
    padded.write_bytes(YONEZAWA.read_bytes() + b" " * (export.stat().st_size - limit))
    with pytest.raises(PlanError) as caught:
        planeval.load_plan(padded)
    assert caught.value.problems[0].in_locale("en").message == (
        f"the file is larger than {limit:,} bytes, the most a plan file may be"
    )
    too_long = export.read_text(encoding="utf-8") + " " * (2 * limit)
    with pytest.raises(PlanError) as caught:
        planeval.plan_from_json(too_long)
    assert caught.value.problems[0].code == "text.export_too_large"
    assert "the text is larger than" in caught.value.problems[0].in_locale("en").message


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    text = YONEZAWA.read_bytes()
    path = tmp_path / "padded.json"
    path.write_bytes(text + b" " * (MAX_FILE_BYTES - len(text)))
    assert planeval.load_plan(path) == planeval.load_plan(YONEZAWA)


def test_too_many_kpis_are_refused_before_they_are_read() -> None:
    data = yonezawa_data()
    data["kpis"] = [{"bad": True}] * (MAX_KPIS + 1)
    assert problems(data) == [f"$.kpis: 1,001 KPIs; at most {MAX_KPIS:,} are allowed"]


@pytest.mark.parametrize(
    ("where", "what", "limit"),
    [
        ("observations", "observations", MAX_YEARS),
        ("interim_targets", "interim targets", MAX_YEARS),
        ("scopes", "scopes", MAX_LIST_ITEMS),
    ],
)
def test_a_kpi_list_past_its_limit_is_refused(where: str, what: str, limit: int) -> None:
    data = yonezawa_data()
    data["kpis"][3][where] = [{}] * (limit + 1)
    assert problems(data) == [f"$.kpis[3].{where}: {limit + 1} {what}; at most {limit} are allowed"]


def test_review_items_are_counted_across_reviews() -> None:
    data = yonezawa_data()
    issue = {"text": "課題"}
    per_review = MAX_REVIEW_ITEMS // 2
    data["reviews"][0]["issues"] = [issue] * per_review
    data["reviews"][1]["issues"] = [issue] * per_review
    assert problems(data) == [
        f"$.reviews[1].issues: more than {MAX_REVIEW_ITEMS:,} initiatives, issues and "
        "direction items in all reviews"
    ]


def test_the_years_of_a_table_are_limited() -> None:
    data = yonezawa_data()
    for index, kpi in enumerate(data["kpis"][:3]):
        kpi["observations"] = [
            {"fiscal_year": 1900 + 20 * index + year, "value": 1} for year in range(20)
        ]
        kpi.pop("baseline", None)
    assert problems(data) == [
        f"$.kpis: the KPIs are observed in 66 fiscal years together; at most {MAX_YEARS} "
        "are allowed"
    ]


def test_problems_are_cut_short() -> None:
    data = yonezawa_data()
    data["kpis"] = [
        {"number": "x", "name": 1, "unit": 2, "observations": [{"fiscal_year": "y"}] * MAX_YEARS}
    ] * MAX_KPIS
    found = problems(data)
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1] == f"… and more problems not shown (at most {MAX_PROBLEMS} are listed)"
    assert found[0] == "$.kpis[0].number: expected a whole number, got 'x'"


def test_many_problems_in_validation_are_cut_short() -> None:
    data = yonezawa_data()
    data["notes"] = [{"id": "n", "text": "同じ"}] * MAX_NOTES
    found = problems(data)
    assert len(found) == MAX_PROBLEMS + 1
    assert found[:2] == [
        "$.notes[1].id: note id 'n' is given more than once",
        "$.notes[2].id: note id 'n' is given more than once",
    ]
    assert found[-1] == f"… and more problems not shown (at most {MAX_PROBLEMS} are listed)"


def test_a_megabyte_of_bad_values_reports_few_problems() -> None:
    observation = {"fiscal_year": "x", "value": "y", "what": "z"}
    data = yonezawa_data()
    data["kpis"] = [dict(data["kpis"][0], observations=[observation] * MAX_YEARS)] * MAX_KPIS
    text = to_json_text(data)
    assert len(text.encode()) > 1_000_000
    with pytest.raises(PlanError) as caught:
        planeval.plan_from_json(text)
    assert len(caught.value.problems) == MAX_PROBLEMS + 1


# -- 12. long keys and values in messages -------------------------------------------------


def test_a_long_unknown_key_is_shortened() -> None:
    data = yonezawa_data()
    data["k" * 1_000_000] = 1
    assert problems(data) == [f"$.{'k' * 37}...: unknown key"]


def test_a_long_key_given_twice_is_shortened() -> None:
    key = "k" * 100_000
    with pytest.raises(PlanError) as caught:
        planeval.plan_from_json(f'{{"{key}": 1, "{key}": 2}}')
    assert str(caught.value.in_locale("en")) == f"$.{'k' * 37}...: key given more than once"


def test_a_long_example_name_is_shortened() -> None:
    with pytest.raises(PlanError) as caught:
        example_path("x" * 10_000)
    assert len(str(caught.value)) < 200


# -- 14. leaving the examples folder ----------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["..", ".", "../examples", "yonezawa_plan3/..", "", "..\\yonezawa_plan3"]
)
def test_only_example_folders_load(name: str) -> None:
    with pytest.raises(PlanError, match="という例はありません"):
        example_path(name)


def test_a_plan_beside_the_examples_does_not_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planeval.examples

    root = tmp_path / "examples"
    (root / "mine").mkdir(parents=True)
    (root / "mine" / "plan.json").write_bytes(YONEZAWA.read_bytes())
    (tmp_path / "plan.json").write_bytes(YONEZAWA.read_bytes())
    monkeypatch.setattr(planeval.examples, "_example_roots", lambda: [root])
    assert example_path("mine") == root / "mine" / "plan.json"
    with pytest.raises(PlanError, match=r"「\.\.」という例はありません（あるもの: mine）"):
        example_path("..")


def test_the_cli_refuses_an_example_outside_the_examples(tmp_path: Path) -> None:
    result = run_planeval("validate", "--example", "..")
    assert result.returncode == 2
    assert "「..」という例はありません" in result.stderr
    assert "Traceback" not in result.stderr


def test_example_names_still_load() -> None:
    # The same file, wherever planeval is installed from.
    assert example_path("yonezawa_plan3").read_bytes() == YONEZAWA.read_bytes()


# -- found by a second attack ---------------------------------------------------------------


def test_a_key_with_terminal_escapes_is_shown_escaped() -> None:
    data = yonezawa_data()
    data["\x1b[2J\x1b[31mkey"] = 1
    with pytest.raises(PlanError) as caught:
        planeval.plan_from_json(json.dumps(data))
    (problem,) = caught.value.problems
    assert problem.location == "$.'\\x1b[2J\\x1b[31mkey'"
    assert "\x1b" not in str(caught.value)


def _plan_repeating(times: int) -> dict[str, Any]:
    """A plan whose one long initiative is listed again ``times`` times."""
    data = yonezawa_data()
    long_text = "字" * 31_000
    data["reviews"][0]["initiatives"].append({"id": "long", "paragraphs": [long_text]})
    for index in range(times):
        review = data["reviews"][1 + index % (len(data["reviews"]) - 1)]
        review["initiatives"].append({"repeat_of": "long"})
    return data


def test_items_listed_again_are_held_to_what_a_report_prints(tmp_path: Path) -> None:
    # 32 repeats print 992,000 characters again: within the limit, and exported.
    plan = planeval.plan_from_json(json.dumps(_plan_repeating(32)))
    assert planeval.export(plan, tmp_path / "r.docx").stat().st_size > 0
    # The 33rd passes MAX_REPEATED_TEXT, and is named.
    with pytest.raises(PlanError) as caught:
        planeval.plan_from_json(json.dumps(_plan_repeating(33)))
    (problem,) = caught.value.problems
    assert problem.location.endswith(".repeat_of")
    assert problem.in_locale("en").message.startswith(
        f"the items listed again print more than {MAX_REPEATED_TEXT:,}"
    )


def test_a_symlink_loop_at_the_output_path_is_a_clean_failure(tmp_path: Path) -> None:
    (tmp_path / "one.xlsx").symlink_to(tmp_path / "two.xlsx")
    (tmp_path / "two.xlsx").symlink_to(tmp_path / "one.xlsx")
    result = run_planeval("export", str(YONEZAWA), "-o", str(tmp_path / "one.xlsx"))
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    assert "one.xlsx" in result.stderr


def test_standard_output_into_a_pipe_is_named_for_what_it_is() -> None:
    # /dev/stdout is a link to the pipe: refused as a FIFO, not as a missing file.
    result = run_planeval(
        "export", "--example", "yonezawa_plan3", "-f", "json", "-o", "/dev/stdout"
    )
    assert result.returncode == 2
    assert "/dev/stdout is a FIFO; only a regular file is replaced" in result.stderr
