"""How many items a plan file's lists hold, checked before the plan is structured.

Structuring a plan costs time and memory for every item, valid or not, so
the lists of parsed JSON data are counted first, against the limits of
:mod:`planeval.limits`: a plan of a million KPIs is refused at once, naming
the list. Anything that is not the expected list or object is left for the
converter to report.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from planeval.errors import Problem
from planeval.limits import (
    MAX_ENTRIES,
    MAX_GRADE_RULES,
    MAX_KPIS,
    MAX_LEVELS,
    MAX_LIST_ITEMS,
    MAX_NOTES,
    MAX_PROBLEMS,
    MAX_REFERENCE_INDICATORS,
    MAX_REVIEW_ITEMS,
    MAX_YEARS,
)

__all__ = ["count_problems"]


@attrs.frozen
class _List:
    """A list of at most ``limit`` items, each an object of ``items``' shape.

    ``total`` names a count that adds up across every list of its name (the
    entries of every level), with its own limit in :data:`_TOTALS`.
    """

    what: str
    limit: int
    items: Mapping[str, _List | _Object] = attrs.field(factory=dict)
    total: str | None = None


@attrs.frozen
class _Object:
    """An object whose keys hold the lists (or objects) given."""

    keys: Mapping[str, _List | _Object]


_OBSERVATIONS = _List("observations", MAX_YEARS)
_ENTRIES = "entries at all levels"
_REVIEW_ITEM = "initiatives, issues and direction items in all reviews"
_REFERENCES = "reference indicators in all initiatives"
_TOTALS = {
    _ENTRIES: MAX_ENTRIES,
    _REVIEW_ITEM: MAX_REVIEW_ITEMS,
    _REFERENCES: MAX_REFERENCE_INDICATORS,
}


def _entries(depth: int) -> _List:
    """The entries of a structure ``depth`` levels deep, each holding those of the next."""
    items: dict[str, _List | _Object] = {"kpis": _List("KPIs", MAX_KPIS)}
    if depth > 1:
        items["entries"] = _entries(depth - 1)
    return _List("entries", MAX_ENTRIES, items, total=_ENTRIES)


_PLAN = _Object(
    {
        "grading": _List("grading rules", MAX_GRADE_RULES),
        "direction_categories": _List("direction categories", MAX_LIST_ITEMS),
        "measure_ratings": _List("measure ratings", MAX_LIST_ITEMS),
        "notes": _List("notes", MAX_NOTES),
        "levels": _List("levels", MAX_LEVELS),
        "entries": _entries(MAX_LEVELS),
        "kpis": _List(
            "KPIs",
            MAX_KPIS,
            {
                "scopes": _List("scopes", MAX_LIST_ITEMS),
                "observations": _OBSERVATIONS,
                "interim_targets": _List("interim targets", MAX_YEARS),
            },
        ),
        "reviews": _List(
            "reviews",
            MAX_ENTRIES,
            {
                "entries": _List("entries", MAX_ENTRIES),
                "initiatives": _List(
                    "initiatives",
                    MAX_REVIEW_ITEMS,
                    {
                        "paragraphs": _List("paragraphs", MAX_LIST_ITEMS),
                        "details": _List("details", MAX_LIST_ITEMS),
                        "reference_indicators": _List(
                            "reference indicators",
                            MAX_LIST_ITEMS,
                            {"observations": _OBSERVATIONS},
                            total=_REFERENCES,
                        ),
                    },
                    total=_REVIEW_ITEM,
                ),
                "issues": _List("issues", MAX_REVIEW_ITEMS, total=_REVIEW_ITEM),
                "direction": _Object(
                    {"items": _List("direction items", MAX_REVIEW_ITEMS, total=_REVIEW_ITEM)}
                ),
            },
        ),
        "eras": _List("eras", MAX_LIST_ITEMS),
        "next_plan": _Object(
            {
                "headings": _List(
                    "headings", MAX_LIST_ITEMS, {"items": _List("items", MAX_LIST_ITEMS)}
                )
            }
        ),
    }
)


def count_problems(data: object) -> list[Problem]:
    """Every list of parsed plan data that holds more items than its limit allows.

    Lists whose items add up across the plan (measures, review items) are
    reported once, at the list where the total first passes its limit.
    """
    totals = dict.fromkeys(_TOTALS, 0)
    return list(itertools.islice(_check(data, _PLAN, "$", totals), MAX_PROBLEMS + 1))


def _check(
    value: object, shape: _List | _Object, path: str, totals: dict[str, int]
) -> Iterator[Problem]:
    if isinstance(shape, _Object):
        if isinstance(value, dict):
            for key, inner in shape.keys.items():
                if key in value:
                    yield from _check(value[key], inner, f"{path}.{key}", totals)
        return
    if isinstance(value, list):
        yield from _check_list(value, shape, path, totals)


def _check_list(
    value: list[Any], shape: _List, path: str, totals: dict[str, int]
) -> Iterator[Problem]:
    if len(value) > shape.limit:
        params = {"count": f"{len(value):,}", "what": shape.what, "limit": f"{shape.limit:,}"}
        yield Problem(location=path, code="list.too_long", params=params)
        return  # its items are not counted: the plan is refused already
    if shape.total is not None:
        before = totals[shape.total]
        totals[shape.total] = before + len(value)
        limit = _TOTALS[shape.total]
        if before <= limit < totals[shape.total]:
            params = {"limit": f"{limit:,}", "what": shape.total}
            yield Problem(location=path, code="list.total_too_long", params=params)
    if shape.items:
        item_shape = _Object(shape.items)
        for index, item in enumerate(value):
            yield from _check(item, item_shape, f"{path}[{index}]", totals)
