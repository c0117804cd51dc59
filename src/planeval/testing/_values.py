"""Strategies for the plan's smallest parts: text, labels, numbers, colours and codes."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from planeval.limits import MAX_MAGNITUDE_EXPONENT, MAX_SIGNIFICANT_DIGITS
from planeval.structure import code_check_digit

#: Strings that a spreadsheet or a word processor might take for code, and
#: text a report must print as it is (full-width, bracketed, emoji, blanks).
HOSTILE_TEXTS = (
    "=1+1",
    "@SUM(A1)",
    "=cmd|'/c calc'!A1",
    "+1-2",
    "-3",
    "http://example.com/?a=1&b=2",
    "<w:t>&amp;</w:t>",
    "]]></x>",
    "'quoted'",
    '"double"',
    "米沢（再掲）",
    "Ｒ５～",
    "未発表(注1)",
    "Ø ß é 한국어 中文 😀",
    "  leading and trailing  ",
    "tab\there",
    "line\nbreak",
)

_ALLOWED = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs"),
    exclude_characters="\ufffe\uffff",
)


#: Text the loader accepts: any printable Unicode, :data:`HOSTILE_TEXTS`, and Japanese.
texts: st.SearchStrategy[str] = st.one_of(
    st.text(alphabet=_ALLOWED | st.sampled_from("\t\n"), min_size=1, max_size=30).filter(str.strip),
    st.sampled_from(HOSTILE_TEXTS),
    st.text(alphabet=st.sampled_from("米沢市の工業振興計画ＫＰＩ１２３"), min_size=1, max_size=20),
)

#: Short labels the loader accepts: ids, codes, units, grades.
labels: st.SearchStrategy[str] = st.one_of(
    st.text(alphabet=_ALLOWED, min_size=1, max_size=8).filter(str.strip),
    st.sampled_from(["件", "人", "億円", "社", " jobs", "%", "=A1", "注1"]),
)


@st.composite
def numbers(draw: st.DrawFn, *, positive: bool = False) -> Decimal:
    """A number the loader accepts: up to 15 digits, within 1e-100 and 1e100.

    Exact :class:`~decimal.Decimal` values, never through a float: small
    ones (exponents -4 to 4) and ones at the limits, of either sign unless
    ``positive`` (then never zero).
    """
    digits = draw(st.integers(min_value=1, max_value=MAX_SIGNIFICANT_DIGITS))
    mantissa = draw(st.integers(min_value=0 if not positive else 1, max_value=10**digits - 1))
    if mantissa == 0:
        return Decimal(0)
    length = len(str(mantissa))
    # adjusted exponent = length - 1 + exponent, kept within the bounds
    exponent = draw(
        st.one_of(
            st.integers(min_value=-4, max_value=4),
            st.integers(
                min_value=-MAX_MAGNITUDE_EXPONENT - (length - 1),
                max_value=MAX_MAGNITUDE_EXPONENT - (length - 1),
            ),
        )
    )
    sign = 1 if positive or draw(st.booleans()) else -1
    return Decimal((0 if sign > 0 else 1, tuple(int(c) for c in str(mantissa)), exponent))


def colours() -> st.SearchStrategy[str | None]:
    """A colour as a plan writes one (``#RRGGBB``, upper case), or None."""
    return st.none() | st.from_regex(r"#[0-9A-F]{6}", fullmatch=True)


@st.composite
def municipality_codes(draw: st.DrawFn) -> str:
    """A 全国地方公共団体コード: five digits and their check digit."""
    first_five = draw(st.from_regex(r"[0-9]{5}", fullmatch=True))
    return first_five + str(code_check_digit(first_five))
