"""Fiscal years, Japanese eras and calendar spans: labels and their parsing.

A fiscal year is an ``int``, the calendar year it starts in. Its era is the
era of that calendar year, and the newer era where the era changes within
the year: FY2019 is 令和元年度, FY1989 平成元年度, FY1988 昭和63年度. 平成31年度
is still read as FY2019, and 昭和64年度 as FY1989.
"""

from __future__ import annotations

import datetime
import enum
import re
import unicodedata

import attrs
from dateutil.relativedelta import relativedelta

from planeval.model import FiscalYearNaming

__all__ = [
    "ERAS",
    "DateStyle",
    "Era",
    "FiscalYearStyle",
    "era_of_date",
    "era_of_year",
    "fiscal_year_end",
    "fiscal_year_of",
    "fiscal_year_start",
    "label_date",
    "label_fiscal_year",
    "parse_date",
    "parse_fiscal_year",
]

#: The first calendar year that era labels can name (明治元年).
FIRST_LABELLED_YEAR = 1868


@attrs.frozen(kw_only=True)
class Era:
    """A Japanese era: its name, its one-letter abbreviation and its first day."""

    name: str
    letter: str
    start: datetime.date


#: The eras from Meiji on, oldest first. Meiji's first day is the Gregorian
#: date of the first day of its first (lunisolar) year.
ERAS: tuple[Era, ...] = (
    Era(name="明治", letter="M", start=datetime.date(1868, 1, 25)),
    Era(name="大正", letter="T", start=datetime.date(1912, 7, 30)),
    Era(name="昭和", letter="S", start=datetime.date(1926, 12, 25)),
    Era(name="平成", letter="H", start=datetime.date(1989, 1, 8)),
    Era(name="令和", letter="R", start=datetime.date(2019, 5, 1)),
)


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


def era_of_date(day: datetime.date) -> Era:
    """Return the era in force on ``day``."""
    for era in reversed(ERAS):
        if day >= era.start:
            return era
    raise ValueError(f"{day.isoformat()} is before the Meiji era")


def era_of_year(year: int) -> Era:
    """Return the era of a calendar or fiscal year: the newest that began in or before it."""
    for era in reversed(ERAS):
        if year >= era.start.year:
            return era
    raise ValueError(f"{year} is before the Meiji era")


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
) -> str:
    """Label a fiscal year: 令和6年度, R6 or FY2024.

    ``naming`` and ``start_month`` matter to the Western style only: a fiscal
    year that starts in April 2024 is FY2025 when named by the year it ends in.
    """
    if style is FiscalYearStyle.WESTERN:
        ends_next_year = start_month != 1
        named = year + 1 if naming is FiscalYearNaming.END and ends_next_year else year
        return f"FY{named}"
    era = era_of_year(year)
    number = _era_year(era, year)
    if style is FiscalYearStyle.ERA_SHORT:
        return f"{era.letter}{number}"
    return f"{era.name}{_era_year_text(number)}年度"


_ERA_BY_NAME = {era.name: era for era in ERAS}
_ERA_BY_LETTER = {era.letter: era for era in ERAS}
_ERA_NAMES = "|".join(_ERA_BY_NAME)
_ERA_FISCAL_YEAR = re.compile(rf"({_ERA_NAMES})(元|\d+)年度")
_ERA_SHORT_YEAR = re.compile(r"([MTSHR])(\d+)")
_WESTERN_YEAR = re.compile(r"FY(\d{4,5})")


def _normalize(text: str) -> str:
    # NFKC folds full-width digits and letters (Ｒ６, 令和６年度) to ASCII.
    return unicodedata.normalize("NFKC", text).strip()


def _year_in_era(era: Era, number_text: str, original: str) -> int:
    number = 1 if number_text == "元" else int(number_text)
    if number < 1:
        raise ValueError(f"{original!r}: an era year starts at 1 (元年)")
    year = era.start.year + number - 1
    later = [e for e in ERAS if e.start > era.start]
    # An era's last year is the year the next era began in (平成31年 = 2019).
    if later and year > later[0].start.year:
        raise ValueError(f"{original!r}: {era.name} ended in {later[0].start.year}")
    return year


def parse_fiscal_year(
    text: str,
    *,
    naming: FiscalYearNaming = FiscalYearNaming.START,
    start_month: int = 4,
) -> int:
    """Read a fiscal-year label back: 令和6年度, 令和元年度, R6, Ｒ６, H30, FY2024.

    Raises :class:`ValueError` for text that is not such a label.
    """
    normalized = _normalize(text)
    if match := _ERA_FISCAL_YEAR.fullmatch(normalized):
        return _year_in_era(_ERA_BY_NAME[match[1]], match[2], text)
    if match := _ERA_SHORT_YEAR.fullmatch(normalized):
        return _year_in_era(_ERA_BY_LETTER[match[1]], match[2], text)
    if match := _WESTERN_YEAR.fullmatch(normalized):
        named = int(match[1])
        ends_next_year = start_month != 1
        return named - 1 if naming is FiscalYearNaming.END and ends_next_year else named
    raise ValueError(f"{text!r} is not a fiscal year such as 令和6年度, R6 or FY2024")


def label_date(day: datetime.date, style: DateStyle = DateStyle.ERA) -> str:
    """Label a date: 令和7年7月3日 or R7.7.3."""
    era = era_of_date(day)
    number = _era_year(era, day.year)
    if style is DateStyle.ERA_SHORT:
        return f"{era.letter}{number}.{day.month}.{day.day}"
    return f"{era.name}{_era_year_text(number)}年{day.month}月{day.day}日"


_ERA_DATE = re.compile(rf"({_ERA_NAMES})(元|\d+)年(\d+)月(\d+)日")
_ERA_SHORT_DATE = re.compile(r"([MTSHR])(\d+)\.(\d+)\.(\d+)")


def parse_date(text: str) -> datetime.date:
    """Read a date label back: 令和7年7月3日 or R7.7.3.

    Raises :class:`ValueError` for text that is not such a label, or a date
    that does not exist or does not fall in the era it names.
    """
    normalized = _normalize(text)
    match = _ERA_DATE.fullmatch(normalized)
    era_by = _ERA_BY_NAME
    if match is None:
        match = _ERA_SHORT_DATE.fullmatch(normalized)
        era_by = _ERA_BY_LETTER
    if match is None:
        raise ValueError(f"{text!r} is not a date such as 令和7年7月3日 or R7.7.3")
    era = era_by[match[1]]
    year = _year_in_era(era, match[2], text)
    day = datetime.date(year, int(match[3]), int(match[4]))
    if era_of_date(day) is not era:
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
