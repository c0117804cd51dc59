"""Numbers and text laid out for people: thousands separators, display width."""

from __future__ import annotations

import functools
import unicodedata
from decimal import Decimal

__all__ = ["display_width", "format_number", "fullwidth", "pad"]


def format_number(value: Decimal) -> str:
    """Write a number with thousands separators and the digits it has (1,465; 86.4; 30.0)."""
    return f"{value:,f}"


@functools.lru_cache(maxsize=4096)
def display_width(text: str) -> int:
    """Return the columns a terminal gives ``text``: two for wide (Japanese) characters."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad ``text`` with spaces to ``width`` display columns, on the right unless ``right``."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


_FULLWIDTH = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ",
)


def fullwidth(text: str) -> str:
    """Write ASCII digits and capitals full-width, as Japanese headings do (施策１, Ｒ５)."""
    return text.translate(_FULLWIDTH)
