"""Plan file formats: the version a file is written in, and the upgrade of older files.

Every plan file planeval writes starts with ``"format_version"``
(:data:`FORMAT_VERSION`). A file without one was written before formats
were numbered: it is format 1, whose structure was fixed at two levels
(``strategies``, each with its ``measures``, and reviews naming
``measures``). Format 2 names its levels and nests its ``entries``.

:func:`upgrade_data` turns parsed data of any older format into the
current one, losslessly: loading reads old files through it, and
``planeval upgrade`` writes the result. :func:`legacy_location` turns a
location in the upgraded data back into the old file's own, so that a
problem in an old file is reported where its author will find it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from planeval.errors import Problem

__all__ = [
    "FORMAT_KEY",
    "FORMAT_VERSION",
    "LEGACY_LEVELS",
    "format_problems",
    "legacy_location",
    "upgrade_data",
    "written_format",
]

#: The key of a plan file's format version.
FORMAT_KEY = "format_version"
#: The format planeval writes, and the newest it reads.
FORMAT_VERSION = 2

# The keys of the current format's structure, which format 1 did not have.
_STRUCTURE_KEYS = ("levels", "entries")

#: The levels a format 1 plan had, named in its locale's words.
LEGACY_LEVELS: dict[str, tuple[str, str]] = {
    "ja": ("基本戦略", "施策"),
    "en": ("Strategy", "Measure"),
}

# Where format 2 moved format 1's keys, most specific first.
_LEGACY_PATHS = (
    (re.compile(r"^\$\.entries\[(\d+)\]\.entries"), r"$.strategies[\1].measures"),
    (re.compile(r"^\$\.entries"), r"$.strategies"),
    (re.compile(r"^(\$\.reviews\[\d+\])\.entries"), r"\1.measures"),
)


def written_format(data: dict[str, Any]) -> object:
    """The format parsed plan data says it is written in.

    Data without :data:`FORMAT_KEY` is format 1, unless it has the current
    format's structure (``levels`` or ``entries``): then it is the current
    format, written by hand without its version.
    """
    current = "levels" in data or "entries" in data
    return data.get(FORMAT_KEY, FORMAT_VERSION if current else 1)


def format_problems(data: dict[str, Any]) -> list[Problem]:
    """Why the format version of parsed plan data cannot be read, if it cannot."""
    version = written_format(data)
    if type(version) is not int or version < 1:
        return [Problem(location=f"$.{FORMAT_KEY}", code="format.not_whole_number")]
    if version > FORMAT_VERSION:
        params = {"version": version, "latest": FORMAT_VERSION}
        return [Problem(location=f"$.{FORMAT_KEY}", code="format.newer", params=params)]
    return list(_later_keys(data)) if version == 1 else []


def _later_keys(data: dict[str, Any]) -> Iterator[Problem]:
    """The keys of a later format in format 1 data, which its upgrade would write over."""
    for key in _STRUCTURE_KEYS:
        if key in data:
            yield Problem(location=f"$.{key}", code="key.unknown")
    for list_key in ("strategies", "reviews"):
        items = data.get(list_key)
        for index, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, dict) and "entries" in item:
                yield Problem(location=f"$.{list_key}[{index}].entries", code="key.unknown")


def upgrade_data(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Return plan data in the current format, and the format it was written in.

    ``data`` must have passed :func:`format_problems`. The result starts with
    :data:`FORMAT_KEY`; every other key keeps its place and value, but for
    those the current format renamed.
    """
    version = written_format(data)
    assert isinstance(version, int)  # checked by format_problems
    upgraded = {key: value for key, value in data.items() if key != FORMAT_KEY}
    if version == 1:
        upgraded = _from_format_1(upgraded)
    return {FORMAT_KEY: FORMAT_VERSION, **upgraded}, version


def _from_format_1(data: dict[str, Any]) -> dict[str, Any]:
    """Format 1's strategies and measures as two named levels of entries.

    A target of 0 keeps format 1's rate, the plain ratio (``"zero_target":
    "ratio"``), where the plan has one and says nothing of it.
    """
    upgraded: dict[str, Any] = {}
    if "zero_target" not in data and _has_zero_target(data.get("kpis")):
        data = {**data, "zero_target": "ratio"}
    for key, value in data.items():
        if key == "strategies":
            locale = data.get("locale", "ja")
            names = LEGACY_LEVELS.get(locale if isinstance(locale, str) else "ja")
            upgraded["levels"] = [{"name": name} for name in names or LEGACY_LEVELS["ja"]]
            upgraded["entries"] = _renamed_in_items(value, "measures", "entries")
        elif key == "reviews":
            upgraded["reviews"] = _renamed_in_items(value, "measures", "entries")
        else:
            upgraded[key] = value
    return upgraded


def _has_zero_target(kpis: object) -> bool:
    """Whether any KPI of parsed data has a target of 0."""
    return isinstance(kpis, list) and any(
        isinstance(kpi, dict)
        and isinstance(kpi.get("target"), dict)
        and kpi["target"].get("value") == 0
        and not isinstance(kpi["target"].get("value"), bool)
        for kpi in kpis
    )


def _renamed_in_items(items: object, old: str, new: str) -> object:
    """A list of objects with one key renamed in each, keeping its place; anything else as is."""
    if not isinstance(items, list):
        return items
    return [
        {(new if key == old else key): value for key, value in item.items()}
        if isinstance(item, dict)
        else item
        for item in items
    ]


def legacy_location(location: str, version: int) -> str:
    """Where a location in upgraded data stands in a file of format ``version``."""
    if version != 1:
        return location
    for pattern, replacement in _LEGACY_PATHS:
        location, found = pattern.subn(replacement, location, count=1)
        if found:
            return location
    return location
