"""The promise of planeval.limits: every plan that loads can be exported, in every format.

Hypothesis draws whole plans, and every text, unit, id and number of each is
then pushed to its limit -- the longest texts (those that share a cell
sharing the room), the longest units and ids made of the characters number
formats and XML escape, numbers of 15 digits at 1e100 and 1e-100 (the most
decimals) -- before the plan goes through each built-in exporter.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planeval import exporters
from planeval.exporters import report_for
from planeval.io.plan_files import plan_from_json, plan_to_json
from planeval.limits import MAX_ID_LENGTH, MAX_NAME_LENGTH, MAX_TEXT_LENGTH, MAX_UNIT_LENGTH
from planeval.model import (
    Category,
    Entry,
    GradeRule,
    Initiative,
    Kpi,
    Level,
    NextPlanHeading,
    Note,
    Observation,
    Plan,
    ReferenceIndicator,
    Repeat,
    Review,
)
from planeval.testing import plans
from planeval.validation import check_plan

#: Numbers at the limits: 15 digits, magnitudes 1e100 and 1e-100 (the most decimals).
EXTREMES = (
    Decimal("9.99999999999999E+100"),
    Decimal("-9.99999999999999E+100"),
    Decimal("1E+100"),
    Decimal("1.23456789012345E-100"),
    Decimal("-1.23456789012345E-100"),
    Decimal("1E-100"),
    Decimal("999999999999999"),
    Decimal("0.00000000000001"),
)
# Characters that number formats quote or escape, XML escapes, and wide ones.
_PATTERN = '"<&;=米\\'
# Room for the marks a report adds to each text of a shared cell (validation's).
_MARKS = 20
# The longest a number within the limits is printed (validation's).
_NUMBER_TEXT = 135


def text(length: int) -> str:
    """A text of ``length`` characters that stresses every writer."""
    return (_PATTERN * (length // len(_PATTERN) + 1))[: max(length, 1)]


UNIT = text(MAX_UNIT_LENGTH)


def _ids(plan: Plan) -> dict[str, str]:
    """A longest id for each id of the plan, unique: ``{old: new}``."""
    old = [note.id for note in plan.notes if note.id is not None]
    for review in plan.reviews:
        items = (*review.initiatives, *review.issues, *review.direction.items)
        old += [item.id for item in items if not isinstance(item, Repeat) and item.id]
    return {name: f"{index}-".ljust(MAX_ID_LENGTH, "注") for index, name in enumerate(old)}


class _Extremes:
    """Rebuilds a plan with every text, unit, id and number at its limit."""

    def __init__(self, plan: Plan, numbers: st.DataObject) -> None:
        self.plan = plan
        self.ids = _ids(plan)
        self.draw = numbers.draw
        # A longest name for each level, unique: {old: new}.
        self.levels = {
            level.name: f"{index}{text(MAX_NAME_LENGTH - 1)}"
            for index, level in enumerate(plan.levels)
        }

    def number(self) -> Decimal:
        return self.draw(st.sampled_from(EXTREMES))

    def observation(self, observation: Observation) -> Observation:
        return attrs.evolve(
            observation,
            value=None if observation.value is None else self.number(),
            increment=None,
            note=None if observation.note is None else self.ids[observation.note],
        )

    def kpi(self, kpi: Kpi) -> Kpi:
        scopes = tuple(attrs.evolve(scope, text=text(100)) for scope in kpi.scopes)
        name = MAX_TEXT_LENGTH - (100 + _MARKS) * (len(scopes) + 1)
        attached = kpi.attached_to and attrs.evolve(
            kpi.attached_to, level=self.levels[kpi.attached_to.level]
        )
        # The label of the entry a KPI is attached to shares its cell.
        name -= 0 if attached is None else MAX_NAME_LENGTH + _MARKS
        return attrs.evolve(
            kpi,
            name=text(name),
            attached_to=attached,
            scopes=scopes,
            source=text(100),
            unit=UNIT,
            unit_per=UNIT,
            baseline=kpi.baseline and attrs.evolve(kpi.baseline, value=self.number()),
            observations=tuple(map(self.observation, kpi.observations)),
            target=kpi.target and attrs.evolve(kpi.target, value=self.number()),
            interim_targets=tuple(
                attrs.evolve(interim, value=self.number()) for interim in kpi.interim_targets
            ),
        )

    def references(
        self, indicators: tuple[ReferenceIndicator, ...]
    ) -> tuple[ReferenceIndicator, ...]:
        rebuilt = [
            attrs.evolve(
                indicator,
                unit=UNIT,
                observations=tuple(map(self.observation, indicator.observations)),
            )
            for indicator in indicators
        ]
        figures = sum(
            _MARKS
            + sum(_MARKS + _NUMBER_TEXT + len(UNIT) + len(o.note or "") for o in i.observations)
            for i in rebuilt
        )
        name = (MAX_TEXT_LENGTH - figures) // max(len(rebuilt), 1)
        return tuple(attrs.evolve(indicator, name=text(name)) for indicator in rebuilt)

    def item(self, item: Any) -> Any:
        if isinstance(item, Repeat):
            return Repeat(repeat_of=self.ids[item.repeat_of])
        new_id = None if item.id is None else self.ids[item.id]
        if isinstance(item, Initiative):
            return attrs.evolve(
                item,
                id=new_id,
                title=text(MAX_TEXT_LENGTH),
                paragraphs=(text(MAX_TEXT_LENGTH - (100 + _MARKS) * len(item.details)),),
                details=tuple(
                    attrs.evolve(d, heading=text(50), text=text(50)) for d in item.details
                ),
                reference_indicators=self.references(item.reference_indicators),
            )
        return attrs.evolve(item, id=new_id, text=text(MAX_TEXT_LENGTH))

    def review(self, review: Review) -> Review:
        return attrs.evolve(
            review,
            initiatives=tuple(map(self.item, review.initiatives)),
            issues=tuple(map(self.item, review.issues)),
            direction=attrs.evolve(
                review.direction, items=tuple(map(self.item, review.direction.items))
            ),
        )

    def category(self, category: Category) -> Category:
        return attrs.evolve(
            category, label=text(MAX_TEXT_LENGTH), description=text(MAX_TEXT_LENGTH)
        )

    def rule(self, rule: GradeRule) -> GradeRule:
        # The legend prints both in one cell: together at the limit.
        label = MAX_TEXT_LENGTH // 2
        description = MAX_TEXT_LENGTH - label - _MARKS
        return attrs.evolve(rule, label=text(label), description=text(description))

    def plan_at_the_limits(self) -> Plan:
        plan, longest = self.plan, text(MAX_TEXT_LENGTH)
        # The titles of a review's entries share one cell, each after its level's name.
        sharing = max((len(review.entries) for review in plan.reviews), default=1)
        title = text(MAX_TEXT_LENGTH // sharing - MAX_NAME_LENGTH - _MARKS)
        last = len(plan.levels) - 1

        def entries(level: int, found: tuple[Entry, ...]) -> tuple[Entry, ...]:
            return tuple(
                attrs.evolve(
                    entry,
                    title=title if level == last else longest,
                    entries=entries(level + 1, entry.entries),
                )
                for entry in found
            )

        levels = tuple(
            Level(name=self.levels[level.name], indicators=text(MAX_NAME_LENGTH))
            for level in plan.levels
        )
        document = attrs.evolve(plan.document, title=longest, label=longest)
        if document.meeting is not None:
            document = attrs.evolve(document, meeting=attrs.evolve(document.meeting, name=longest))
        next_plan = plan.next_plan and attrs.evolve(
            plan.next_plan,
            title=longest,
            lead=longest,
            headings=(
                *plan.next_plan.headings,
                NextPlanHeading(title=longest, items=(longest,)),
            ),
        )
        return attrs.evolve(
            plan,
            municipality=longest,
            title=longest,
            document=document,
            grading=tuple(map(self.rule, plan.grading)),
            path_tolerance=plan.path_tolerance and Decimal("9.99999999999999E+100"),
            direction_categories=tuple(map(self.category, plan.direction_categories)),
            measure_ratings=tuple(map(self.category, plan.measure_ratings)),
            notes=tuple(
                Note(text=longest, id=None if note.id is None else self.ids[note.id])
                for note in plan.notes
            ),
            levels=levels,
            indicators=text(MAX_NAME_LENGTH),
            entries=entries(0, plan.entries),
            kpis=tuple(map(self.kpi, plan.kpis)),
            reviews=tuple(map(self.review, plan.reviews)),
            next_plan=next_plan,
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plan=plans(max_kpis=3), numbers=st.data())
def test_a_plan_at_every_limit_exports_in_every_format(plan: Plan, numbers: st.DataObject) -> None:
    extreme = _Extremes(plan, numbers).plan_at_the_limits()
    assert check_plan(extreme) == []
    assert plan_from_json(plan_to_json(extreme)) == extreme
    report = report_for(extreme)
    for entry in exporters.self_contained():
        stream = io.BytesIO()
        entry.exporter.write(report, stream)
        assert stream.getvalue()


def test_the_extreme_texts_are_what_they_say() -> None:
    assert len(UNIT) == MAX_UNIT_LENGTH
    assert len(f"0{text(MAX_NAME_LENGTH - 1)}") == MAX_NAME_LENGTH
    assert text(7) == _PATTERN
    assert len(text(MAX_TEXT_LENGTH)) == MAX_TEXT_LENGTH
