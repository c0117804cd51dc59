"""Problem messages by stable code, in each language planeval speaks.

A :class:`~planeval.errors.Problem` carries a stable ``code`` (such as
``value.not_a_number``) and the figures its message needs (``params``);
its words are rendered here, from :data:`MESSAGES`, in the language asked
for. Python callers match on the code, which never changes with the
language; people read the words. A language other than English reads
Japanese, since the plans planeval is made for are Japanese.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["MESSAGES", "message_language", "render_message"]

#: Each code's message, as a ``str.format`` template per language.
MESSAGES: dict[str, dict[str, str]] = {
    "value.not_a_number": {
        "en": "enter a number (got {given!r})",
        "ja": "数値を入力してください（「{given}」）",
    },
}


def message_language(locale: str | None) -> str:
    """The language messages are written in for ``locale``: English or Japanese."""
    return "en" if locale is not None and locale.lower().startswith("en") else "ja"


def render_message(code: str, params: Mapping[str, str], locale: str | None) -> str:
    """The message of ``code`` with ``params`` filled in, in ``locale``'s language."""
    templates = MESSAGES[code]
    return templates[message_language(locale)].format_map(params)
