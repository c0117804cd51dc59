"""Whole generated plans: valid, lossless through JSON, and readable in every format."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import attrs
import docx
import openpyxl
from hypothesis import HealthCheck, given, settings

from planeval import exporters
from planeval.exporters import report_for
from planeval.io.plan_files import EVALUATION_KEY, plan_from_json, plan_to_json
from planeval.limits import MAX_TEXT_LENGTH
from planeval.model import Initiative, NextPlanHeading, NextPlanSection, Note, Plan, Repeat
from planeval.testing import plans
from planeval.validation import check_plan

from .csv_reader import read_records
from .factories import printed
from .html_reader import parse

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


def plan_texts(plan: Plan) -> list[str]:
    """The texts every report must show in full.

    KPI names, scopes and sources, the notes, the review of measures with
    its reference figures' names, and the section on the next plan.
    """
    found = [plan.document.title]
    for kpi in plan.kpis:
        found += [kpi.name, *(scope.text for scope in kpi.scopes)]
        found += [kpi.source] if kpi.source else []
    found += [note.text for note in plan.notes]
    for review in plan.reviews:
        for item in (*review.initiatives, *review.issues, *review.direction.items):
            if isinstance(item, Repeat):
                continue
            if isinstance(item, Initiative):
                found += list(item.paragraphs)
                found += [item.title] if item.title else []
                found += [detail.text for detail in item.details]
                found += [indicator.name for indicator in item.reference_indicators]
            else:
                found.append(item.text)
    if plan.next_plan is not None:
        found += [plan.next_plan.title, plan.next_plan.lead]
        for heading in plan.next_plan.headings:
            found += [heading.title, *heading.items]
    return found


@settings(suppress_health_check=_SLOW)
@given(plan=plans())
def test_generated_plans_are_valid(plan: Plan) -> None:
    assert check_plan(plan) == []


@settings(suppress_health_check=_SLOW)
@given(plan=plans())
def test_json_round_trip_is_lossless(plan: Plan) -> None:
    text = plan_to_json(plan)
    again = plan_from_json(text)
    assert again == plan
    # Every number is written as it was read: the text itself comes back.
    assert plan_to_json(again) == text


def _write(entry: exporters.RegisteredExporter, plan: Plan) -> bytes:
    stream = io.BytesIO()
    entry.exporter.write(report_for(plan), stream)
    return stream.getvalue()


def _check_json(data: bytes, plan: Plan) -> None:
    loaded = json.loads(data.decode("utf-8"), parse_float=Decimal)
    results = loaded.pop(EVALUATION_KEY)["kpis"]
    assert [row["kpi"] for row in results] == [kpi.number for kpi in plan.kpis]
    assert plan_from_json(data.decode("utf-8")) == plan


def _check_xlsx(data: bytes, plan: Plan) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    strings = [cell.value for cell in cells if isinstance(cell.value, str)]
    numbers = {
        float(cell.value)
        for cell in cells
        if isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
    }
    # Every formula is a rate: rounded, and capped at 100 where the plan caps rates.
    formulas = [str(cell.value) for cell in cells if cell.data_type == "f"]
    assert all(formula.startswith(("=ROUND", "=MIN(ROUND")) for formula in formulas)
    joined = "\n".join(strings)
    for text in plan_texts(plan):
        assert text in joined
    for kpi in plan.kpis:
        for observation in kpi.observations:
            if observation.value is not None:
                assert float(observation.value) in numbers


def _check_docx(data: bytes, plan: Plan) -> None:
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [cell.text for cell in row.cells]
    joined = printed("\n".join(texts))
    for text in plan_texts(plan):
        assert printed(text) in joined
    if plan.kpis:
        # The KPI table: one, or its years split over several, each of every KPI.
        assert document.tables
        for table in document.tables:
            assert len(table.rows) == 2 + len(plan.kpis)


def _check_csv(data: bytes, plan: Plan) -> None:
    rows = read_records(data)
    assert [(row["kpi_number"], row["fiscal_year"]) for row in rows] == [
        (kpi.number, observation.fiscal_year)
        for kpi in plan.kpis
        for observation in kpi.observations
    ]
    assert {row["kpi_name"] for row in rows} <= {kpi.name for kpi in plan.kpis}


def _check_html(data: bytes, plan: Plan) -> None:
    html = parse(data)
    (body,) = html.iter("body")
    shown = body.text
    for text in plan_texts(plan):
        assert text in shown
    assert not [element for element in html.iter() if element.tag in ("script", "img")]
    tables = list(html.iter("table"))
    if plan.kpis:
        (table,) = tables
        (rows,) = table.iter("tbody")
        assert len(list(rows.iter("tr"))) == len(plan.kpis)


_READERS: dict[str, Any] = {
    "json": _check_json,
    "xlsx": _check_xlsx,
    "docx": _check_docx,
    "csv": _check_csv,
    "html": _check_html,
}


@settings(suppress_health_check=_SLOW, deadline=None)
@given(plan=plans())
def test_every_exporter_writes_what_an_independent_reader_reads(plan: Plan) -> None:
    builtin = exporters.self_contained()
    assert {entry.name for entry in builtin} == set(_READERS)
    for entry in builtin:
        data = _write(entry, plan)
        _READERS[entry.name](data, plan)
        # The same plan gives the same bytes.
        assert _write(entry, plan) == data


@settings(max_examples=3, suppress_health_check=_SLOW, deadline=None)
@given(plan=plans(max_kpis=2))
def test_text_at_the_limit_goes_through_every_format(plan: Plan) -> None:
    longest = "米" * MAX_TEXT_LENGTH
    # A KPI attached to an entry shares its cell with the entry's label (its
    # level's name and number, counted with 20 for its marks).
    kpis = tuple(
        attrs.evolve(
            kpi,
            name=longest
            if kpi.attached_to is None
            else longest[: MAX_TEXT_LENGTH - len(kpi.attached_to.level) - 20],
            scopes=(),
            source=None,
        )
        for kpi in plan.kpis
    )
    reviews = tuple(
        attrs.evolve(
            review,
            initiatives=tuple(
                attrs.evolve(item, paragraphs=(longest,), details=())
                if isinstance(item, Initiative)
                else item
                for item in review.initiatives
            ),
        )
        for review in plan.reviews
    )
    changed = attrs.evolve(
        plan,
        kpis=kpis,
        reviews=reviews,
        municipality=longest,
        document=attrs.evolve(plan.document, title=longest),
        notes=(*plan.notes, Note(text=longest)),
        next_plan=NextPlanSection(
            title=longest,
            lead=longest,
            headings=(NextPlanHeading(title=longest, items=(longest,)),),
        ),
    )
    assert check_plan(changed) == []
    assert plan_from_json(plan_to_json(changed)) == changed
    for entry in exporters.self_contained():
        _READERS[entry.name](_write(entry, changed), changed)
