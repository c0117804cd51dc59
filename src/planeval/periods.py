"""Fiscal years, Japanese eras and calendar spans: labels and their parsing.

A fiscal year is an ``int``, the calendar year it starts in. Its era is the
era of that calendar year, and the newer era where the era changes within
the year: FY2019 is 令和元年度, FY1989 平成元年度, FY1988 昭和63年度. 平成31年度
is still read as FY2019, and 昭和64年度 as FY1989.

The eras are data: :data:`ERAS` is read from the package's ``eras.json``, so
that the era after 令和 is one line there. A plan may declare it first
(:attr:`planeval.model.Plan.eras`): every function that labels or parses
takes the table of eras to use, :data:`ERAS` unless told, and
:func:`era_table` gives a plan's.
"""

from __future__ import annotations

import datetime
import enum
import functools
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from planeval.errors import Problem
from planeval.limits import MAX_ERA_NAME_LENGTH
from planeval.model import Era, FiscalYearNaming

__all__ = [
    "ERAS",
    "DateStyle",
    "Era",
    "FiscalYearStyle",
    "check_era",
    "era_of_date",
    "era_of_year",
    "era_table",
    "fiscal_year_end",
    "fiscal_year_of",
    "fiscal_year_start",
    "label_date",
    "label_fiscal_year",
    "parse_date",
    "parse_eras",
    "parse_fiscal_year",
]

_LETTER = re.compile(r"[A-Z]")
_DIGIT = re.compile(r"\d")


def _normalize(text: str) -> str:
    # NFKC folds full-width digits and letters (Ｒ６, 令和６年度) to ASCII.
    return unicodedata.normalize("NFKC", text).strip()


_Found = tuple[str, dict[str, object]]


def _name_problems(name: str, known: Sequence[Era]) -> Iterator[_Found]:
    """The codes and figures of what is wrong with an era's name."""
    if _normalize(name) != name:
        yield "era.name_not_normalized", {"name": name, "normalized": _normalize(name)}
    if _DIGIT.search(name):
        yield "era.name_digits", {"name": name}
    if len(name) > MAX_ERA_NAME_LENGTH:
        yield "era.name_too_long", {"length": len(name), "limit": MAX_ERA_NAME_LENGTH}
    for other in known:
        if other.name == name:
            yield "era.name_taken", {"name": name, "start": other.start}


def _letter_problems(letter: str, known: Sequence[Era]) -> Iterator[_Found]:
    """The codes and figures of what is wrong with an era's letter."""
    if not _LETTER.fullmatch(letter):
        yield "era.letter_format", {"letter": letter}
    for other in known:
        if other.letter == letter:
            yield "era.letter_taken", {"letter": letter, "era": other.name}


def check_era(era: Era, known: Sequence[Era], path: str) -> Iterator[Problem]:
    """The problems of an era that is to follow the ``known`` ones, at ``path``.

    Its name is NFKC-normalized text without digits, at most
    :data:`~planeval.limits.MAX_ERA_NAME_LENGTH` characters; its letter one of
    A–Z; neither is another era's; and it starts after the last known era.
    """
    for code, params in _name_problems(era.name, known):
        yield Problem(location=f"{path}.name", code=code, params=params)
    for code, params in _letter_problems(era.letter, known):
        yield Problem(location=f"{path}.letter", code=code, params=params)
    if known and era.start <= known[-1].start:
        last = known[-1]
        params = {"start": era.start, "last_start": last.start, "last": last.name}
        yield Problem(location=f"{path}.start", code="era.start_order", params=params)


def parse_eras(text: str) -> tuple[Era, ...]:
    """Read a table of eras, as ``eras.json`` holds it: ``{"eras": [{name, letter, start}]}``.

    Raises :class:`ValueError` naming each problem, checked by :func:`check_era`.
    """
    data: Any = json.loads(text)
    eras: list[Era] = []
    problems: list[Problem] = []
    for index, item in enumerate(data["eras"]):
        start = datetime.date.fromisoformat(item["start"])
        era = Era(name=item["name"], letter=item["letter"], start=start)
        problems.extend(check_era(era, eras, f"$.eras[{index}]"))
        eras.append(era)
    if problems:
        raise ValueError("; ".join(str(problem.in_locale("en")) for problem in problems))
    return tuple(eras)


#: The eras planeval knows, oldest first, from the package's ``eras.json``.
ERAS: tuple[Era, ...] = parse_eras(
    Path(__file__).with_name("eras.json").read_text(encoding="utf-8")
)

#: The first calendar year that era labels can name (明治元年).
FIRST_LABELLED_YEAR = ERAS[0].start.year


def era_table(declared: Sequence[Era] = ()) -> tuple[Era, ...]:
    """:data:`ERAS` and then the ``declared`` eras (a plan's) it does not hold already.

    A plan's era that planeval has since learnt, name, letter and start alike,
    is not listed twice.
    """
    return ERAS + tuple(era for era in declared if era not in ERAS)


class FiscalYearStyle(enum.Enum):
    """How a fiscal year is labelled."""

    #: 令和6年度 (元年 for the first year of an era)
    ERA = "era"
    #: R6
    ERA_SHORT = "era_short"
    #: FY2024 (named by its start or end year, as the plan says)
    WESTERN = "western"


class DateStyle(enum.Enum):
    """How a date is labelled."""

    #: 令和7年7月3日
    ERA = "era"
    #: R7.7.3
    ERA_SHORT = "era_short"


def era_of_date(day: datetime.date, *, eras: Sequence[Era] = ERAS) -> Era:
    """Return the era in force on ``day``, among ``eras`` (oldest first)."""
    for era in reversed(eras):
        if day >= era.start:
            return era
    raise ValueError(f"{day.isoformat()} is before the {eras[0].name} era")


def era_of_year(year: int, *, eras: Sequence[Era] = ERAS) -> Era:
    """Return the era of a calendar or fiscal year: the newest of ``eras`` begun by then."""
    for era in reversed(eras):
        if year >= era.start.year:
            return era
    raise ValueError(f"{year} is before the {eras[0].name} era")


def _era_year(era: Era, year: int) -> int:
    return year - era.start.year + 1


def _era_year_text(number: int) -> str:
    return "元" if number == 1 else str(number)


def label_fiscal_year(
    year: int,
    style: FiscalYearStyle = FiscalYearStyle.ERA,
    *,
    naming: FiscalYearNaming = FiscalYearNaming.START,
    start_month: int = 4,
    eras: Sequence[Era] = ERAS,
) -> str:
    """Label a fiscal year: 令和6年度, R6 or FY2024, in one of ``eras``.

    ``naming`` and ``start_month`` matter to the Western style only: a fiscal
    year that starts in April 2024 is FY2025 when named by the year it ends in.
    """
    if style is FiscalYearStyle.WESTERN:
        ends_next_year = start_month != 1
        named = year + 1 if naming is FiscalYearNaming.END and ends_next_year else year
        return f"FY{named}"
    era = era_of_year(year, eras=eras)
    number = _era_year(era, year)
    if style is FiscalYearStyle.ERA_SHORT:
        return f"{era.letter}{number}"
    return f"{era.name}{_era_year_text(number)}年度"


@attrs.frozen
class _Patterns:
    """The regular expressions of one table of eras, and its eras by name and letter."""

    by_name: dict[str, Era]
    by_letter: dict[str, Era]
    fiscal_year: re.Pattern[str]
    short_year: re.Pattern[str]
    date: re.Pattern[str]
    short_date: re.Pattern[str]


@functools.lru_cache(maxsize=32)
def _patterns(eras: tuple[Era, ...]) -> _Patterns:
    names = "|".join(re.escape(era.name) for era in eras)
    letters = "".join(re.escape(era.letter) for era in eras)
    return _Patterns(
        by_name={era.name: era for era in eras},
        by_letter={era.letter: era for era in eras},
        fiscal_year=re.compile(rf"({names})(元|\d+)年度"),
        short_year=re.compile(rf"([{letters}])(\d+)"),
        date=re.compile(rf"({names})(元|\d+)年(\d+)月(\d+)日"),
        short_date=re.compile(rf"([{letters}])(\d+)\.(\d+)\.(\d+)"),
    )


_WESTERN_YEAR = re.compile(r"FY(\d{4,5})")


def _year_in_era(era: Era, number_text: str, original: str, eras: Sequence[Era]) -> int:
    number = 1 if number_text == "元" else int(number_text)
    if number < 1:
        raise ValueError(f"{original!r}: an era year starts at 1 (元年)")
    year = era.start.year + number - 1
    later = [e for e in eras if e.start > era.start]
    # An era's last year is the year the next era began in (平成31年 = 2019).
    if later and year > later[0].start.year:
        raise ValueError(f"{original!r}: {era.name} ended in {later[0].start.year}")
    return year


def parse_fiscal_year(
    text: str,
    *,
    naming: FiscalYearNaming = FiscalYearNaming.START,
    start_month: int = 4,
    eras: Sequence[Era] = ERAS,
) -> int:
    """Read a fiscal-year label back: 令和6年度, 令和元年度, R6, Ｒ６, H30, FY2024.

    Only the names and letters of ``eras`` are read. Raises
    :class:`ValueError` for text that is not such a label.
    """
    normalized = _normalize(text)
    patterns = _patterns(tuple(eras))
    if match := patterns.fiscal_year.fullmatch(normalized):
        return _year_in_era(patterns.by_name[match[1]], match[2], text, eras)
    if match := patterns.short_year.fullmatch(normalized):
        return _year_in_era(patterns.by_letter[match[1]], match[2], text, eras)
    if match := _WESTERN_YEAR.fullmatch(normalized):
        named = int(match[1])
        ends_next_year = start_month != 1
        return named - 1 if naming is FiscalYearNaming.END and ends_next_year else named
    raise ValueError(f"{text!r} is not a fiscal year such as 令和6年度, R6 or FY2024")


def label_date(
    day: datetime.date, style: DateStyle = DateStyle.ERA, *, eras: Sequence[Era] = ERAS
) -> str:
    """Label a date in one of ``eras``: 令和7年7月3日 or R7.7.3."""
    era = era_of_date(day, eras=eras)
    number = _era_year(era, day.year)
    if style is DateStyle.ERA_SHORT:
        return f"{era.letter}{number}.{day.month}.{day.day}"
    return f"{era.name}{_era_year_text(number)}年{day.month}月{day.day}日"


def parse_date(text: str, *, eras: Sequence[Era] = ERAS) -> datetime.date:
    """Read a date label back: 令和7年7月3日 or R7.7.3, in one of ``eras``.

    Raises :class:`ValueError` for text that is not such a label, or a date
    that does not exist or does not fall in the era it names.
    """
    normalized = _normalize(text)
    patterns = _patterns(tuple(eras))
    match = patterns.date.fullmatch(normalized)
    era_by = patterns.by_name
    if match is None:
        match = patterns.short_date.fullmatch(normalized)
        era_by = patterns.by_letter
    if match is None:
        raise ValueError(f"{text!r} is not a date such as 令和7年7月3日 or R7.7.3")
    era = era_by[match[1]]
    year = _year_in_era(era, match[2], text, eras)
    day = datetime.date(year, int(match[3]), int(match[4]))
    if era_of_date(day, eras=eras) != era:
        raise ValueError(f"{text!r}: {day.isoformat()} is not in the {era.name} era")
    return day


def fiscal_year_start(year: int, start_month: int = 4) -> datetime.date:
    """Return the first day of a fiscal year."""
    return datetime.date(year, start_month, 1)


def fiscal_year_end(year: int, start_month: int = 4) -> datetime.date:
    """Return the last day of a fiscal year."""
    end: datetime.date = fiscal_year_start(year, start_month) + relativedelta(years=1, days=-1)
    return end


def fiscal_year_of(day: datetime.date, start_month: int = 4) -> int:
    """Return the fiscal year a date falls in."""
    return day.year if day.month >= start_month else day.year - 1
