"""An independent reader of planeval's HTML pages: Python's html.parser into a small tree.

No planeval code reads the page: each element keeps its tag, attributes,
children and text, as a browser would build them for well-formed markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import attrs

#: Elements with no end tag.
VOID = frozenset({"meta", "link", "br", "img", "col", "hr", "input", "source", "wbr", "area"})


@attrs.define
class Element:
    """An element: its tag, attributes (None for one without a value), children and text."""

    tag: str
    attributes: dict[str, str | None]
    children: list[Element | str] = attrs.Factory(list)

    def iter(self, tag: str | None = None) -> Iterator[Element]:
        """This element and those under it, in document order, of ``tag`` where given."""
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter(tag)

    @property
    def text(self) -> str:
        """All the text under the element, as it stands."""
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def lines(self) -> list[str]:
        """The texts of the element's ``span class="line"`` children, or its text if none."""
        spans = [c for c in self.children if isinstance(c, Element) and c.tag == "span"]
        return [span.text for span in spans] if spans else [self.text]

    def get(self, name: str) -> str | None:
        """An attribute's value."""
        return self.attributes.get(name)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]
        self.declarations: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.open[-1].tag == tag, f"</{tag}> closes <{self.open[-1].tag}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(page: bytes) -> Element:
    """The page's ``<html>`` element; every element must be closed where it was opened."""
    builder = _Builder()
    builder.feed(page.decode("utf-8"))
    builder.close()
    assert builder.open == [builder.root], "elements left open"
    assert builder.declarations == ["DOCTYPE html"]
    (html,) = (child for child in builder.root.children if isinstance(child, Element))
    assert html.tag == "html"
    return html


def headings(html: Element) -> list[tuple[int, str]]:
    """The page's outline: each heading's level and text (h1…h6, and ARIA headings)."""
    found = []
    for element in html.iter():
        if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
            found.append((int(element.tag[1]), element.text))
        elif element.get("role") == "heading":
            found.append((int(element.get("aria-level") or 0), element.text))
    return found
