"""The open-data CSV export and the records it writes (issue 4, part 4).

The file is read back with Python's own csv module and checked against the
published Table Schema by the small reader below, which knows only the
schema: no planeval code parses the file.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import planeval
from planeval.cli import main
from planeval.exporters.csv_export import table_schema
from planeval.model import Plan
from planeval.report.records import COLUMNS, LABEL_COLUMNS, records
from planeval.testing import plans

from .conftest import ROOT
from .csv_reader import BOM, raw_rows, read_records
from .factories import hostile_plan, write_csv

DOCS = ROOT / "docs" / "csv.md"
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


# -- the bundled Yonezawa plan ---------------------------------------------------------

_YONEZAWA_IDENTITY = ["062022", "米沢市", "第３期米沢市工業振興計画", "2021", "2025"]


def _row(kpi: int, *cells: str) -> list[str]:
    return [*_YONEZAWA_IDENTITY, f"062022-2021-2025-{kpi}", str(kpi), *cells]


def test_yonezawa_rows_are_exact(plan: Plan) -> None:
    rows = raw_rows(write_csv(plan))
    assert rows[0] == [column.name for column in COLUMNS]
    note_1 = plan.notes[3].text  # 注1
    kpi_1 = [row for row in rows[1:] if row[6] == "1"]
    assert [row[9] for row in kpi_1] == ["2019", "2020", "2021", "2022", "2023", "2024"]
    kpi_1_tail = ["1465", "1650", "2025"]
    assert kpi_1[3] == _row(
        1, "付加価値額", "億円", "2022", "false", "1425", "", "", "", "",
        "86.4", "actual_over_target", "", *kpi_1_tail, "true", "", "",
    )  # fmt: skip
    assert kpi_1[4] == _row(
        1, "付加価値額", "億円", "2023", "false", "", "", "unpublished", "注1", note_1,
        "", "", "", *kpi_1_tail, "false", "", "",
    )  # fmt: skip
    kpi_2_2019 = next(row for row in rows if row[6] == "2" and row[9] == "2019")
    assert kpi_2_2019[8] == "万円/人"
    assert kpi_2_2019[10] == "true"  # a reference year, before the plan
    assert next(row for row in rows if row[6] == "5" and row[9] == "2024") == _row(
        5, "市内大学新規卒業者の県内就職者数", "人", "2024", "false", "79", "", "", "", "",
        "112.9", "actual_over_target", "", "63", "70", "2025", "true", "", "",
    )  # fmt: skip


def test_the_latest_rates_are_the_documents(plan: Plan) -> None:
    latest = [row for row in read_records(write_csv(plan)) if row["latest"]]
    assert [row["rate"] for row in latest] == [
        Decimal(rate) for rate in ("86.4", "75.8", "94.3", "30.0", "112.9", "101.0")
    ]


def test_bom_crlf_and_the_same_bytes_twice(plan: Plan) -> None:
    data = write_csv(plan)
    assert data.startswith(BOM)
    lines = 1 + sum(len(kpi.observations) for kpi in plan.kpis)
    assert data.count(b"\r\n") == data.count(b"\n") == lines
    assert write_csv(plan) == data


def test_records_are_plain_values_in_column_order(plan: Plan) -> None:
    rows = planeval.records(planeval.evaluate(plan))
    assert isinstance(rows, list)
    assert all(list(row) == [column.name for column in COLUMNS] for row in rows)
    values = {type(value) for row in rows for value in row.values()}
    assert values <= {str, int, bool, Decimal, type(None)}
    assert read_records(write_csv(plan)) == rows


def test_labels_only_where_asked(plan: Plan) -> None:
    evaluation = planeval.evaluate(plan)
    japanese = records(evaluation, locale="ja")
    english = records(evaluation, locale="en")
    names = [column.name for column in (*COLUMNS, *LABEL_COLUMNS)]
    assert all(list(row) == names for row in japanese)
    unpublished = next(row for row in japanese if row["missing"] == "unpublished")
    assert unpublished["missing_label"] == "未発表"
    assert next(row for row in english if row["missing"])["missing_label"] == "not yet published"
    with pytest.raises(ValueError, match="fr"):
        records(evaluation, locale="fr")


# -- hostile text and numbers ----------------------------------------------------------


def test_formula_like_text_is_neutralised_and_numbers_stay_numbers(plan: Plan) -> None:
    hostile = hostile_plan(plan)
    assert planeval.check_plan(hostile) == []
    rows = raw_rows(write_csv(hostile))
    names = {row[7] for row in rows[1:]}
    assert names == {"'=1+1", "'@SUM(A1)", "'+1", "'-2", "'=cmd|'/c calc'!A1", "''quoted"}
    assert {row[8] for row in rows[1:]} == {"'-", "'-/人"}  # KPI 2 is per person
    fifth = next(row for row in rows if row[6] == "5" and row[9] == "2024")
    assert (fifth[11], fifth[14], fifth[15]) == ("-5", "hostile", "'@x")
    assert read_records(write_csv(hostile)) == planeval.records(planeval.evaluate(hostile))


# -- any plan --------------------------------------------------------------------------


@settings(suppress_health_check=_SLOW, deadline=None)
@given(plan=plans())
def test_records_and_csv_round_trip(plan: Plan) -> None:
    data = write_csv(plan)
    assert read_records(data) == records(planeval.evaluate(plan))
    assert write_csv(plan) == data


# -- the schema, its docs and the command line -----------------------------------------


def _docs_schema() -> object:
    text = DOCS.read_text(encoding="utf-8")
    (block,) = re.findall(r"```json\n(.*?)```", text, flags=re.DOTALL)
    return json.loads(block)


def test_the_docs_publish_the_printed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--csv"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == table_schema() == _docs_schema()


def test_the_docs_name_every_column() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE)
    assert documented == [column.name for column in (*COLUMNS, *LABEL_COLUMNS)]
    for column in (*COLUMNS, *LABEL_COLUMNS):
        assert f"| {column.title} | {column.type} |" in text, column.name
        assert column.description.replace("|", "\\|") in text, column.name
    assert "docs/csv.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_export_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], plan: Plan
) -> None:
    output = tmp_path / "out.csv"
    source = ROOT / "examples" / "yonezawa_plan3" / "plan.json"
    assert main(["export", str(source), "-f", "csv", "-o", str(output)]) == 0
    assert f"wrote {output}" in capsys.readouterr().out
    assert output.read_bytes() == write_csv(plan)
    by_extension = tmp_path / "by_extension.csv"
    assert main(["export", str(source), "-o", str(by_extension)]) == 0
    assert by_extension.read_bytes() == output.read_bytes()


def test_the_schema_option_excludes_the_locale(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["schema", "--csv", "--locale", "ja"])
    assert exited.value.code == 2
    assert "--csv" in capsys.readouterr().err
