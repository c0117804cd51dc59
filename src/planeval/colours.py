"""Colours for people: WCAG 2 relative luminance and contrast, and legible text on a fill.

A grade's or a rating's cell is filled with the colour the plan gives it
(``#RRGGBB``); its label is written in black or white, whichever contrasts
more with the fill. One of the two always reaches WCAG's 4.5:1 for normal
text: the worst fill, whose luminance is about 0.18, gives both about 4.58:1.
"""

from __future__ import annotations

import functools

__all__ = ["BLACK", "WHITE", "contrast_ratio", "relative_luminance", "text_colour_on"]

#: The text colours a filled cell is written in.
BLACK, WHITE = "#000000", "#FFFFFF"


def _linear(channel: int) -> float:
    """One sRGB channel (0–255) as linear light, as WCAG 2 defines it."""
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """The WCAG 2 relative luminance of an ``#RRGGBB`` colour, from 0 (black) to 1 (white)."""
    digits = colour.lstrip("#")
    if len(digits) != 6:
        raise ValueError(f"expected a colour as #RRGGBB, got {colour!r}")
    red, green, blue = (_linear(int(digits[index : index + 2], 16)) for index in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two ``#RRGGBB`` colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@functools.lru_cache(maxsize=256)
def text_colour_on(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (an ``#RRGGBB`` colour)."""
    return BLACK if contrast_ratio(BLACK, fill) >= contrast_ratio(WHITE, fill) else WHITE
