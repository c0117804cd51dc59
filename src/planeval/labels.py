"""The words exporters and reports print, one set per language.

Each set is a :class:`Labels`; code asks for a label by name and never
spells a word itself, so that a language is added in one place.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from planeval.evaluation import Reason

__all__ = ["JAPANESE", "Labels"]


@attrs.frozen(kw_only=True)
class Labels:
    """The printed words of one language."""

    number: str
    kpi: str
    baseline: str
    latest_year: str
    latest_value: str
    progress: str
    target: str
    achievement_rate: str
    as_of: str
    cumulative: str
    cumulative_before: str
    running_total_since: str
    per_year: str
    unpublished: str
    not_collected: str
    no_rate: str
    reasons: Mapping[Reason, str]


#: Japanese, the words of the Yonezawa evaluation document.
JAPANESE = Labels(
    number="No.",
    kpi="評価区分",
    baseline="基準値",
    latest_year="年度",
    latest_value="最新値",
    progress="進捗値",
    target="目標値",
    achievement_rate="達成率",
    as_of="評価時点",
    cumulative="累計",
    cumulative_before="過去累計",
    running_total_since="{first}～延べ",
    per_year="/年",
    unpublished="未発表",
    not_collected="未調査",
    no_rate="－",
    reasons={
        Reason.NO_VALUE: "最新値がない",
        Reason.MISSING_YEAR: "値のない年度があり累計できない",
        Reason.NO_TARGET: "目標値がない",
        Reason.ZERO_TARGET: "目標値が0",
        Reason.ZERO_PROGRESS: "進捗値が0",
        Reason.NO_BASELINE: "基準値がない",
        Reason.TARGET_EQUALS_BASELINE: "目標値が基準値と同じ",
        Reason.NOT_APPLICABLE: "この指標には適用できない",
    },
)
