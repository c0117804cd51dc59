"""The bundled Yonezawa plan reproduces its source document."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

import planeval
from planeval.evaluation import PlanEvaluation
from planeval.model import Initiative, KpiKind, Level, Missing, Plan, Repeat, Review

from .conftest import ROOT, YONEZAWA

SOURCE = ROOT / "tests" / "data" / "yonezawa_plan3_evaluation_R7.txt"


@pytest.fixture(scope="module")
def evaluation(plan: Plan) -> PlanEvaluation:
    return planeval.evaluate(plan)


def test_published_rates_are_computed(evaluation: PlanEvaluation) -> None:
    rates = [result.achievement_rate for result in evaluation.kpis]
    assert rates == [
        Decimal("86.4"),
        Decimal("75.8"),
        Decimal("94.3"),
        Decimal("30.0"),
        Decimal("112.9"),
        Decimal("101.0"),
    ]
    assert [str(rate) for rate in rates] == ["86.4", "75.8", "94.3", "30.0", "112.9", "101.0"]


def test_latest_years_are_r4_for_kpis_1_to_3_and_r6_for_4_to_6(
    evaluation: PlanEvaluation,
) -> None:
    assert [result.latest_year for result in evaluation.kpis] == [2022] * 3 + [2024] * 3


def test_flow_and_stock_figures(evaluation: PlanEvaluation) -> None:
    flow = evaluation.kpis[3]
    assert flow.kpi.kind is KpiKind.FLOW
    assert (flow.progress, flow.target_value) == (Decimal(3), Decimal(10))
    # The document prints R3～延べ1件, 1件, 3件 for R4, R5, R6.
    assert [(t.fiscal_year, t.value) for t in flow.running_totals][1:] == [
        (2022, Decimal(1)),
        (2023, Decimal(1)),
        (2024, Decimal(3)),
    ]
    stock = evaluation.kpis[5]
    assert stock.kpi.kind is KpiKind.STOCK
    assert [o.increment for o in stock.kpi.observations] == [3, 2, 4, 1, 1, 0]
    assert [o.value for o in stock.kpi.observations] == [93, 95, 99, 100, 101, 101]


def test_no_rate_is_stored_in_the_file() -> None:
    text = YONEZAWA.read_text(encoding="utf-8")
    for rate in ("86.4", "75.8", "94.3", "30.0", "112.9", "101.0"):
        assert rate not in text
    assert not re.search(r'"(\w*_)?rate(_\w*)?":', text)


def test_marks_are_not_stored_as_text() -> None:
    text = YONEZAWA.read_text(encoding="utf-8")
    for mark in ("（再掲）", "未発表", "延べ", "■", "※", "重点施策", "累計95", "累計1"):
        assert mark not in text


def test_unpublished_years_carry_their_notes(plan: Plan) -> None:
    for kpi in plan.kpis[:3]:
        missing = [(o.fiscal_year, o.missing, o.note) for o in kpi.observations if o.value is None]
        assert missing == [(2023, Missing.UNPUBLISHED, "注1"), (2024, Missing.UNPUBLISHED, "注2")]
    assert [note.id for note in plan.notes] == [None, None, None, "注1", "注2"]


def test_structure_of_the_plan(plan: Plan) -> None:
    assert plan.period.first == 2021
    assert plan.period.last == 2025
    assert plan.levels == (Level(name="基本戦略"), Level(name="施策"))
    assert [s.number for s in plan.entries] == [1, 2, 3]
    assert all(not s.priority and not s.kpis for s in plan.entries)
    measures = [m for s in plan.entries for m in s.entries]
    assert [m.number for m in measures] == [1, 2, 3, 4, 5, 6, 7]
    assert [m.number for m in measures if m.priority] == [1, 5, 6, 7]
    assert all(not m.entries for m in measures)
    assert all(kpi.attached_to is None for kpi in plan.kpis)
    assert [review.entries for review in plan.reviews] == [(1,), (2,), (3,), (4,), (5,), (6, 7)]
    assert [review.direction.category for review in plan.reviews] == [
        "拡充",
        "継続",
        "継続",
        "継続",
        "継続",
        "拡充",
    ]
    assert plan.document.label == "資料２"
    assert plan.document.meeting is not None
    assert plan.document.meeting.date.isoformat() == "2025-07-03"
    assert plan.next_plan is not None
    assert len(plan.next_plan.headings) == 3


def test_reference_figures_belong_to_their_initiative(plan: Plan) -> None:
    review = plan.reviews[3]
    first = review.initiatives[0]
    assert isinstance(first, Initiative)
    (indicator,) = first.reference_indicators
    assert indicator.name == "マッチング(商談成約)件数"
    assert [(o.fiscal_year, o.value) for o in indicator.observations] == [
        (2021, Decimal(49)),
        (2022, Decimal(72)),
        (2023, Decimal(91)),
        (2024, Decimal(75)),
    ]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _review_texts(review: Review) -> Iterator[str]:
    for initiative in review.initiatives:
        if isinstance(initiative, Initiative):
            yield from ([initiative.title] if initiative.title else [])
            yield from initiative.paragraphs
            for detail in initiative.details:
                yield f"［{detail.heading}］{detail.text}"
            yield from (indicator.name for indicator in initiative.reference_indicators)
    for item in (*review.issues, *review.direction.items):
        if not isinstance(item, Repeat):
            yield item.text


def _texts(plan: Plan) -> Iterator[str]:
    yield plan.title
    yield plan.document.title
    yield from (note.text for note in plan.notes)
    for strategy in plan.entries:
        yield strategy.title
        yield from (measure.title for measure in strategy.entries)
    for review in plan.reviews:
        yield from _review_texts(review)
    assert plan.next_plan is not None
    yield plan.next_plan.title
    yield plan.next_plan.lead
    for heading in plan.next_plan.headings:
        yield heading.title
        yield from heading.items


def test_every_text_is_the_sources_own(plan: Plan) -> None:
    source = _squeeze(SOURCE.read_text(encoding="utf-8"))
    for text in _texts(plan):
        assert _squeeze(text) in source, text
        assert text == text.strip()
        assert "\n" not in text


def test_every_item_of_the_source_is_there(plan: Plan) -> None:
    source = SOURCE.read_text(encoding="utf-8")
    items = sum(
        len(review.initiatives) + len(review.issues) + len(review.direction.items)
        for review in plan.reviews
    )
    assert plan.next_plan is not None
    assert source.count("■") == items + len(plan.next_plan.headings)
    repeats = [
        item
        for review in plan.reviews
        for item in (*review.initiatives, *review.issues, *review.direction.items)
        if isinstance(item, Repeat)
    ]
    assert source.count("（再掲）") == len(repeats)
    bullets = len(re.findall(r"^・", source, flags=re.MULTILINE))
    assert bullets == sum(len(heading.items) for heading in plan.next_plan.headings)


def test_justification_spaces_are_gone(plan: Plan) -> None:
    for text in _texts(plan):
        assert not re.search(r"[\u3000-\u9fff] [\u3000-\u9fff]", text), text


def test_the_example_is_bundled() -> None:
    assert planeval.load_example("yonezawa_plan3") == planeval.load_plan(YONEZAWA)


def test_example_data_has_one_copy_in_the_repository() -> None:
    # A virtual environment in the checkout holds an installed copy of the package.
    skipped = {".git", ".venv"}
    copies = [path for path in ROOT.rglob("plan.json") if not skipped & set(path.parts)]
    relative = sorted(path.relative_to(ROOT) for path in copies if "build" not in path.parts)
    assert relative == [
        Path("examples/minamiyama_plan6/plan.json"),
        Path("examples/riverton_green/plan.json"),
        Path("examples/yonezawa_plan3/plan.json"),
    ]
