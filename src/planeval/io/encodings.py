"""The encoding a plan file that is not UTF-8 is likely in, so that its reader can be told.

Plan files are UTF-8. Staff on Windows often save JSON in Shift_JIS (cp932),
or as "Unicode" (UTF-16 with a byte-order mark); older systems write EUC-JP
or ISO-2022-JP (JIS). :func:`likely_encoding` names one of these only when
the bytes decode in it strictly and read as plausible text; it never guesses
past that, and says nothing (``None``) rather than guess wrong.

Only the standard library's codecs are used.
"""

from __future__ import annotations

import codecs
import unicodedata

from planeval.errors import PlanError, Problem

__all__ = ["decode_plan_text", "likely_encoding"]

#: Byte-order marks, longest first (the UTF-32 little-endian mark begins like UTF-16's).
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
#: Multi-byte encodings without a mark, tried in this order: (codec, name people know it by).
_CANDIDATES = (
    ("cp932", "Shift_JIS (cp932)"),
    ("euc_jp", "EUC-JP"),
)
#: The escape sequences that switch ISO-2022-JP into a Japanese character set.
_JIS_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(I", b"\x1b$(D", b"\x1b$(Q", b"\x1b$(O")
#: The codecs of ISO-2022-JP and its extensions, tried in this order.
_JIS_CODECS = ("iso2022_jp_ext", "iso2022_jp_2004")
#: The least share of a decoding's non-ASCII characters that must be common Japanese text.
_PLAUSIBLE_SHARE = 0.8
#: The fewest Japanese characters a decoding must give before it names the encoding:
#: one or two decoded bytes may read as a kanji by chance (a cut UTF-8 file, cp1252).
_PLAUSIBLE_COUNT = 3
#: Control characters that text may hold.
_WHITESPACE = frozenset("\t\n\r")


def decode_plan_text(data: bytes) -> str:
    """Decode a UTF-8 plan file (a byte-order mark is accepted).

    A file in another encoding that can be told (Shift_JIS, UTF-16, …) is
    refused naming it, so that its author knows to save it as UTF-8. Raises
    :class:`PlanError` (with no source) when ``data`` is not UTF-8 text.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        encoding = likely_encoding(data)
        if encoding is None:
            # The decoder counts from after a byte-order mark: the file counts it.
            offset = error.start + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
            params = {"byte": f"{data[offset]:02X}", "offset": offset}
            problem = Problem(location="", code="file.not_utf8", params=params)
        else:
            problem = _other_encoding(encoding)
        raise PlanError([problem]) from None
    # 7-bit ISO-2022-JP decodes as UTF-8; JSON never holds its escape character.
    if "\x1b" in text and (encoding := likely_encoding(data)) is not None:
        raise PlanError([_other_encoding(encoding)])
    return text


def _other_encoding(encoding: str) -> Problem:
    return Problem(location="", code="file.encoding", params={"encoding": encoding})


def likely_encoding(data: bytes) -> str | None:
    """The name of the encoding ``data`` is likely in, if not UTF-8, or ``None`` if none fits.

    The name is the one people know it by (``"Shift_JIS (cp932)"``,
    ``"EUC-JP"``, ``"UTF-16"``, ``"ISO-2022-JP"``). ISO-2022-JP is 7-bit,
    so it decodes as UTF-8 too: JSON never holds a raw escape character, so
    one that switches to a Japanese character set tells it apart.
    """
    for mark, codec, name in _MARKS:
        if data.startswith(mark):
            text = _decoded(data, (codec,))
            # The mark says enough: the text need not be Japanese.
            return name if text is not None and _plausible(text, japanese=False) else None
    if any(escape in data for escape in _JIS_ESCAPES):
        text = _decoded(data, _JIS_CODECS)
        return "ISO-2022-JP" if text is not None and _plausible(text, japanese=True) else None
    if _mostly_utf8(data):
        return None  # UTF-8 with a few bad bytes: another encoding would be a guess
    for codec, name in _CANDIDATES:
        text = _decoded(data, (codec,))
        if text is not None and _plausible(text, japanese=True):
            return name
    return None


def _decoded(data: bytes, names: tuple[str, ...]) -> str | None:
    """``data`` decoded strictly by the first of the codecs ``names`` that can, or ``None``."""
    for codec in names:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _mostly_utf8(data: bytes) -> bool:
    """Whether ``data`` holds at least as many UTF-8 characters beyond ASCII as bad bytes.

    Text in another multi-byte encoding gives bad bytes mostly (EUC-JP about
    two and a half for each pair that happens to be UTF-8); UTF-8 with a
    stray byte, a few among many good characters.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for character in text if ord(character) > 0x7F) - bad
    return good >= bad


def _plausible(text: str, *, japanese: bool) -> bool:
    """Whether ``text`` reads as text: no stray control, private or unassigned characters.

    With ``japanese``, it must also hold characters beyond ASCII, mostly
    common Japanese ones (a wrong multi-byte decoding gives rare ones).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    beyond = 0
    common = 0
    for character in text:
        if character in _WHITESPACE or " " <= character <= "~":
            continue
        category = unicodedata.category(character)
        if category in ("Cc", "Co", "Cs", "Cn"):
            return False
        beyond += 1
        common += _common_japanese(character)
    if not japanese:
        return True
    return common >= _PLAUSIBLE_COUNT and common >= _PLAUSIBLE_SHARE * beyond


def _common_japanese(character: str) -> bool:
    code = ord(character)
    return (
        0x3000 <= code <= 0x30FF  # punctuation, hiragana, katakana
        or 0x4E00 <= code <= 0x9FFF  # kanji
        or 0xFF01 <= code <= 0xFF5E  # full-width ASCII
        or 0x2460 <= code <= 0x24FF  # circled numbers
        or 0x2190 <= code <= 0x21FF  # arrows
        or character in "×÷±°〜～・“”‘’…‥―－"
    )
