"""What a problem's location is, in words: KPI 4 外国人宿泊者数, 令和5年度.

A JSON path such as ``$.kpis[3].observations[2].value`` is exact but counts
from 0 and names nothing; city staff look for KPI 4 and its figure of
令和5年度. :func:`subject_of` reads the parsed plan data along the path and
names what it passes — a KPI by its number and name, a year by its label, an
entry by its level's name and number, a note by its id — in the plan's
language (Japanese unless the data says otherwise). Where the data does not
hold what a name needs (the very problem may be a missing number), that step
is named by its position, counted from 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from planeval.messages import printable
from planeval.model import FiscalYearNaming
from planeval.periods import FiscalYearStyle, label_fiscal_year

__all__ = ["subject_of"]

_STEP = re.compile(r"\.(\w+)|\[(\d+)\]")

# The words of each language; anything but English is written in Japanese.
_WORDS = {
    "ja": {
        "kpi": "KPI {number}",
        "entry": "{level}{number}",
        "item": "{position}番目の{what}",
        "separator": "、",
    },
    "en": {
        "kpi": "KPI {number}",
        "entry": "{level} {number}",
        "item": "{what} {position}",
        "separator": ", ",
    },
}
_LISTS = {
    "ja": {
        "notes": "注記",
        "grading": "評価区分の基準",
        "reviews": "評価",
        "initiatives": "実施状況",
        "issues": "課題",
        "items": "今後の方向性",
        "levels": "階層",
        "reference_indicators": "参考指標",
        "headings": "見出し",
        "eras": "元号",
    },
    "en": {
        "notes": "note",
        "grading": "grade rule",
        "reviews": "review",
        "initiatives": "initiative",
        "issues": "issue",
        "items": "direction item",
        "levels": "level",
        "reference_indicators": "reference figure",
        "headings": "heading",
        "eras": "era",
    },
}
_YEARLY = ("observations", "interim_targets")


def _steps(location: str) -> Iterator[str | int]:
    for match in _STEP.finditer(location):
        key, index = match.groups()
        yield key if key is not None else int(index)


class _Namer:
    """Names the items a path passes through, in one plan's language."""

    def __init__(self, data: dict[str, object]) -> None:
        locale = data.get("locale")
        self.locale = "en" if locale == "en" else "ja"
        self.words = _WORDS[self.locale]
        self.lists = _LISTS[self.locale]
        levels = data.get("levels")
        self.levels = [
            level.get("name") if isinstance(level, dict) else None
            for level in (levels if isinstance(levels, list) else [])
        ]
        naming = data.get("fiscal_year_naming")
        self.naming = FiscalYearNaming.END if naming == "end" else FiscalYearNaming.START
        start = data.get("fiscal_year_start_month")
        self.start_month = start if type(start) is int and 1 <= start <= 12 else 4
        self.depth = 0

    def year(self, item: dict[str, object]) -> str | None:
        year = item.get("fiscal_year")
        if type(year) is not int or not 1900 <= year <= 2200:
            return None
        style = FiscalYearStyle.WESTERN if self.locale == "en" else FiscalYearStyle.ERA
        return label_fiscal_year(year, style, naming=self.naming, start_month=self.start_month)

    def name(self, key: str, item: object, position: int) -> str | None:
        """The words for the item at ``position`` (from 0) of the list under ``key``."""
        if not isinstance(item, dict):
            return None  # a number that refers to something: the message names it
        found = item
        number, title = found.get("number"), found.get("name")
        named: Callable[[], str | None] = {
            "kpis": lambda: self.kpi(number, title, position),
            "entries": lambda: self.entry(number, position),
        }.get(key, lambda: None)
        if key in _YEARLY:
            return self.year(found)
        words = named()
        if words is not None:
            return words
        if key == "notes" and isinstance(found.get("id"), str):
            return str(found["id"])
        what = self.lists.get(key)
        return None if what is None else self.words["item"].format(what=what, position=position + 1)

    def kpi(self, number: object, title: object, position: int) -> str:
        shown = number if type(number) is int else f"#{position + 1}"
        kpi = self.words["kpi"].format(number=shown)
        return f"{kpi} {title}" if isinstance(title, str) and title.strip() else kpi

    def entry(self, number: object, position: int) -> str:
        level = self.levels[self.depth] if self.depth < len(self.levels) else None
        self.depth += 1
        shown = number if type(number) is int else f"#{position + 1}"
        if not isinstance(level, str):
            return f"#{shown}"
        return self.words["entry"].format(level=level, number=shown)


def subject_of(data: object, location: str) -> str:
    """Name what ``location`` (a JSON path into ``data``) points at, or "" where nothing is named.

    ``$.kpis[3].observations[2].value`` of a Japanese plan gives
    ``KPI 4 外国人宿泊者数、令和5年度``.
    """
    if not isinstance(data, dict) or not location.startswith("$"):
        return ""
    namer = _Namer(data)
    node: object = data
    key: str | None = None
    names: list[str] = []
    for step in _steps(location):
        if isinstance(step, str):
            key, node = step, node.get(step) if isinstance(node, dict) else None
            continue
        item = node[step] if isinstance(node, list) and step < len(node) else None
        if key is not None:
            named = namer.name(key, item, step)
            if named is not None:
                names.append(printable(named))
        node = item
    return namer.words["separator"].join(names)
