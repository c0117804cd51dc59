from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planeval.model import FiscalYearNaming, MonthRange, YearMonth
from planeval.periods import (
    DateStyle,
    FiscalYearStyle,
    era_of_year,
    fiscal_year_end,
    fiscal_year_of,
    fiscal_year_start,
    label_date,
    label_fiscal_year,
    parse_date,
    parse_fiscal_year,
)
from planeval.report.labels import ENGLISH, JAPANESE, Labels
from planeval.report.phrases import Phrases

from .factories import plan as make_plan


@pytest.mark.parametrize(
    ("year", "style", "label"),
    [
        (2024, FiscalYearStyle.ERA, "令和6年度"),
        (2024, FiscalYearStyle.ERA_SHORT, "R6"),
        (2024, FiscalYearStyle.WESTERN, "FY2024"),
        (2019, FiscalYearStyle.ERA, "令和元年度"),
        (2019, FiscalYearStyle.ERA_SHORT, "R1"),
        (2018, FiscalYearStyle.ERA, "平成30年度"),
        (2018, FiscalYearStyle.ERA_SHORT, "H30"),
        (1989, FiscalYearStyle.ERA, "平成元年度"),
        (1988, FiscalYearStyle.ERA, "昭和63年度"),
        (1926, FiscalYearStyle.ERA, "昭和元年度"),
        (1925, FiscalYearStyle.ERA, "大正14年度"),
        (1912, FiscalYearStyle.ERA_SHORT, "T1"),
        (1900, FiscalYearStyle.ERA, "明治33年度"),
    ],
)
def test_fiscal_year_labels(year: int, style: FiscalYearStyle, label: str) -> None:
    assert label_fiscal_year(year, style) == label
    assert parse_fiscal_year(label) == year


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("平成31年度", 2019),
        ("昭和64年度", 1989),
        ("令和６年度", 2024),
        ("Ｒ６", 2024),
        ("Ｒ３", 2021),
        ("令和元年度", 2019),
        ("ＦＹ２０２４", 2024),
        (" R7 ", 2025),
    ],
)
def test_parse_other_forms(text: str, year: int) -> None:
    assert parse_fiscal_year(text) == year


@pytest.mark.parametrize(
    "text", ["平成32年度", "令和0年度", "R", "FY24", "2024", "令和6年", "X6", ""]
)
def test_parse_refuses_what_is_not_a_fiscal_year(text: str) -> None:
    with pytest.raises(ValueError, match=r"fiscal year|ended|starts at 1"):
        parse_fiscal_year(text)


def test_western_label_named_by_end_year() -> None:
    end = FiscalYearNaming.END
    assert label_fiscal_year(2024, FiscalYearStyle.WESTERN, naming=end) == "FY2025"
    assert parse_fiscal_year("FY2025", naming=end) == 2024
    # A fiscal year that runs January to December starts and ends in one year.
    assert label_fiscal_year(2024, FiscalYearStyle.WESTERN, naming=end, start_month=1) == "FY2024"


def test_era_of_year_takes_the_newer_era() -> None:
    assert era_of_year(2019).name == "令和"
    assert era_of_year(1989).name == "平成"
    assert era_of_year(1988).name == "昭和"


@pytest.mark.parametrize(
    ("day", "style", "label"),
    [
        (datetime.date(2025, 7, 3), DateStyle.ERA_SHORT, "R7.7.3"),
        (datetime.date(2025, 7, 3), DateStyle.ERA, "令和7年7月3日"),
        (datetime.date(2019, 5, 1), DateStyle.ERA, "令和元年5月1日"),
        (datetime.date(2019, 4, 30), DateStyle.ERA, "平成31年4月30日"),
        (datetime.date(1989, 1, 7), DateStyle.ERA_SHORT, "S64.1.7"),
        (datetime.date(1989, 1, 8), DateStyle.ERA_SHORT, "H1.1.8"),
    ],
)
def test_date_labels(day: datetime.date, style: DateStyle, label: str) -> None:
    assert label_date(day, style) == label
    assert parse_date(label) == day


@pytest.mark.parametrize("text", ["平成31年5月1日", "R1.4.30", "令和7年2月30日", "R7/7/3"])
def test_parse_date_refuses_dates_outside_their_era_or_calendar(text: str) -> None:
    with pytest.raises(ValueError, match=r"era|date|range|day"):
        parse_date(text)


def month_range_text(span: MonthRange, labels: Labels) -> str:
    return Phrases(make_plan(), labels).month_range(span)


def test_month_range_labels() -> None:
    same_year = MonthRange(first=YearMonth(year=2018, month=1), last=YearMonth(year=2018, month=12))
    assert month_range_text(same_year, JAPANESE) == "平成30年1月～12月"
    assert month_range_text(same_year, ENGLISH) == "January–December 2018"
    across = MonthRange(first=YearMonth(year=2018, month=4), last=YearMonth(year=2019, month=3))
    assert month_range_text(across, JAPANESE) == "平成30年4月～平成31年3月"
    assert month_range_text(across, ENGLISH) == "April 2018 – March 2019"
    era_change = MonthRange(
        first=YearMonth(year=2019, month=1), last=YearMonth(year=2019, month=12)
    )
    assert month_range_text(era_change, JAPANESE) == "平成31年1月～令和元年12月"
    assert month_range_text(era_change, ENGLISH) == "January–December 2019"


def test_fiscal_year_bounds() -> None:
    assert fiscal_year_start(2024) == datetime.date(2024, 4, 1)
    assert fiscal_year_end(2024) == datetime.date(2025, 3, 31)
    assert fiscal_year_end(2024, 1) == datetime.date(2024, 12, 31)
    assert fiscal_year_end(2024, 10) == datetime.date(2025, 9, 30)
    assert fiscal_year_of(datetime.date(2025, 6, 30)) == 2025
    assert fiscal_year_of(datetime.date(2025, 3, 31)) == 2024


years = st.integers(min_value=1868, max_value=9999)


@given(
    year=years,
    style=st.sampled_from(FiscalYearStyle),
    naming=st.sampled_from(FiscalYearNaming),
    start_month=st.integers(min_value=1, max_value=12),
)
def test_fiscal_year_labels_parse_back(
    year: int, style: FiscalYearStyle, naming: FiscalYearNaming, start_month: int
) -> None:
    label = label_fiscal_year(year, style, naming=naming, start_month=start_month)
    assert parse_fiscal_year(label, naming=naming, start_month=start_month) == year


@given(
    day=st.dates(min_value=datetime.date(1868, 1, 25), max_value=datetime.date(9998, 12, 31)),
    style=st.sampled_from(DateStyle),
)
def test_date_labels_parse_back(day: datetime.date, style: DateStyle) -> None:
    assert parse_date(label_date(day, style)) == day


@given(
    day=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31)),
    start_month=st.integers(min_value=1, max_value=12),
)
def test_a_day_lies_within_its_fiscal_year(day: datetime.date, start_month: int) -> None:
    year = fiscal_year_of(day, start_month)
    assert fiscal_year_start(year, start_month) <= day <= fiscal_year_end(year, start_month)
