"""The plan's structure read as a tree: its entries with their levels, and references to them.

A plan names its levels (:attr:`~planeval.model.Plan.levels`, 基本目標 →
施策) and nests its entries; an entry's level is its depth. These pure
functions walk that tree in document order, find the level a KPI is
attached at and check a 全国地方公共団体コード, for validation, the reports
and the command line alike. (``Plan.entry`` finds one entry by its level
and number.)
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from planeval.model import Entry, Kpi, Plan

__all__ = [
    "PlacedEntry",
    "attached_level",
    "code_check_digit",
    "level_index",
    "placed_entries",
    "reviewed_entries",
]


@attrs.frozen(kw_only=True)
class PlacedEntry:
    """An entry with where it stands: its level (from 0), its JSON path and its parents."""

    entry: Entry
    level: int
    path: str
    parents: tuple[Entry, ...]


def placed_entries(plan: Plan) -> tuple[PlacedEntry, ...]:
    """Every entry of the plan's structure, in document order (each before its children)."""
    return tuple(_walk(plan.entries, 0, "$.entries", ()))


def _walk(
    entries: tuple[Entry, ...], level: int, path: str, parents: tuple[Entry, ...]
) -> Iterator[PlacedEntry]:
    for index, entry in enumerate(entries):
        entry_path = f"{path}[{index}]"
        yield PlacedEntry(entry=entry, level=level, path=entry_path, parents=parents)
        yield from _walk(entry.entries, level + 1, f"{entry_path}.entries", (*parents, entry))


def level_index(plan: Plan, name: str) -> int | None:
    """The index (from 0) of the plan's level called ``name``, or None."""
    for index, level in enumerate(plan.levels):
        if level.name == name:
            return index
    return None


def reviewed_entries(plan: Plan) -> tuple[PlacedEntry, ...]:
    """The entries reviews refer to, in document order: those of the plan's last level."""
    last = len(plan.levels) - 1
    return tuple(placed for placed in placed_entries(plan) if placed.level == last)


def attached_level(plan: Plan, kpi: Kpi) -> int | None:
    """The level (from 0) of the entry a KPI is attached to; None for the plan's own KPIs."""
    return None if kpi.attached_to is None else level_index(plan, kpi.attached_to.level)


#: The weights of a municipality code's first five digits (総務省 rules).
_CODE_WEIGHTS = (6, 5, 4, 3, 2)


def code_check_digit(first_five: str) -> int:
    """The check digit of a 全国地方公共団体コード from its first five digits.

    11 minus the remainder of the weighted sum by 11, its last digit kept
    (a remainder of 0 gives 1, of 1 gives 0): 06202 gives 2 (米沢市, 062022).
    """
    total = sum(
        int(digit) * weight for digit, weight in zip(first_five, _CODE_WEIGHTS, strict=True)
    )
    return (11 - total % 11) % 10
