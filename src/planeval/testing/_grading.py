"""Strategies for a plan's grading: rules by status, by a metric's band, by having a value."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from planeval.model import GradeRule, Metric
from planeval.testing._values import colours, labels

_METRICS_WITH_BOUNDS = [
    metric for metric in Metric if metric not in (Metric.HAS_VALUE, Metric.NO_VALUE, Metric.STATUS)
]


@st.composite
def grade_rules(draw: st.DrawFn, statuses: tuple[str, ...] = ()) -> tuple[GradeRule, ...]:
    """A valid grading: status rules, bounded rules, then perhaps has_value and no_value.

    A ``status`` rule names some of ``statuses`` (only when some are given);
    up to three rules bound a metric (``at_least``, perhaps ``below``), with
    a colour or none.
    """
    rules = []
    with_statuses: bool = draw(st.booleans())
    if statuses and with_statuses:
        chosen = draw(st.lists(st.sampled_from(statuses), min_size=1, max_size=2, unique=True))
        rules.append(GradeRule(label=draw(labels), metric=Metric.STATUS, statuses=tuple(chosen)))
    for _ in range(draw(st.integers(0, 3))):
        rules.append(
            GradeRule(
                label=draw(labels),
                metric=draw(st.sampled_from(_METRICS_WITH_BOUNDS)),
                colour=draw(colours()),
                at_least=draw(st.integers(-200, 200).map(Decimal)),
                below=draw(st.none() | st.integers(-200, 300).map(Decimal)),
            )
        )
    if draw(st.booleans()):
        rules.append(GradeRule(label=draw(labels), metric=Metric.HAS_VALUE))
    if draw(st.booleans()):
        rules.append(GradeRule(label=draw(labels), metric=Metric.NO_VALUE))
    return tuple(rules)
