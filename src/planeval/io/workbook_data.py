"""Plan data as a workbook's rows, and rows read back as plan data.

:func:`table_rows` flattens plain plan data (what a JSON plan file parses
to) into each table of :mod:`planeval.io.workbook_layout`; :class:`PlanBuilder`
puts rows read back together into the same data, remembering which row
each item came from so that a problem found later names its cell.

A row is a mapping from a column's key to its value. A nested mapping is
made only where one of its keys has a value, so an empty cell means "not
given", as a missing key does in JSON. A list of words (an initiative's
paragraphs, a next-plan heading's items) takes a row each: a row that names
the same item as the row before adds to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from planeval.io import workbook_layout as layout

__all__ = ["PlanBuilder", "Row", "RowError", "plan_row", "table_rows"]

Data = dict[str, Any]
#: A row's values by column key.
Row = dict[str, Any]


class RowError(ValueError):
    """A row that cannot be put into the plan; ``key`` is the column at fault."""

    def __init__(self, code: str, key: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.key = key
        self.params = params


def _keys(columns: Iterable[layout.Column]) -> tuple[str, ...]:
    return tuple(column.key for column in columns)


def _pick(item: Mapping[str, Any], keys: Iterable[str]) -> Row:
    row: Row = {}
    for key in keys:
        value: Any = item
        for part in key.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if value is not None:
            row[key] = value
    return row


def _nest(row: Mapping[str, Any], keys: Iterable[str]) -> Data:
    """The item whose fields ``keys`` are the row's: the inverse of :func:`_pick`."""
    item: Data = {}
    for key in keys:
        if row.get(key) is None:
            continue
        *parents, last = key.split(".")
        place = item
        for part in parents:
            place = place.setdefault(part, {})
        place[last] = row[key]
    return item


# -- plan data -> rows -----------------------------------------------------------------------


def plan_row(data: Data) -> Row:
    """The plan sheet's values, by key."""
    return _pick(data, _keys(layout.PLAN_TABLE.columns))


def _kpi_rows(data: Data, key: str, table: layout.Table) -> Iterator[Row]:
    for kpi in data.get("kpis", ()):
        for item in kpi.get(key, ()):
            yield {
                "kpi": kpi["number"],
                "kpi_name": kpi["name"],
                **_pick(item, _keys(table.columns)),
            }


def _structure_rows(entries: Iterable[Data], levels: tuple[str, ...], parent: Any) -> Iterator[Row]:
    for entry in entries:
        row = _pick(entry, ("number", "title", "priority", "kpis"))
        if levels:
            row["level"] = levels[0]
        if parent is not None:
            row["parent"] = parent
        yield row
        yield from _structure_rows(entry.get("entries", ()), levels[1:], entry["number"])


def _review_parts(review: Data) -> Iterator[tuple[str, Iterable[Data]]]:
    yield "initiatives", review.get("initiatives", ())
    yield "issues", review.get("issues", ())
    yield "direction", review.get("direction", {}).get("items", ())


# A review item's own fields: the review text's columns after its numbers.
_ITEM_KEYS = _keys(layout.REVIEW_TEXT.columns)[3:]
# An initiative's fields besides its paragraphs (the text) and repeat_of.
_INITIATIVE_KEYS = tuple(key for key in _ITEM_KEYS if key not in ("repeat_of", "text"))


def _review_text_rows(review_number: int, review: Data) -> Iterator[Row]:
    for part, items in _review_parts(review):
        for number, item in enumerate(items, start=1):
            base = {"review": review_number, "part": part, "item": number}
            first = {**base, **_pick(item, _ITEM_KEYS)}
            paragraphs = item.get("paragraphs")
            if not paragraphs:
                yield first
                continue
            for index, paragraph in enumerate(paragraphs):
                yield {**(first if index == 0 else base), "text": paragraph}


def _initiatives(data: Data) -> Iterator[tuple[int, int, Data]]:
    for review_number, review in enumerate(data.get("reviews", ()), start=1):
        for item_number, item in enumerate(review.get("initiatives", ()), start=1):
            yield review_number, item_number, item


_OBSERVATION_KEYS = _keys(layout.OBSERVATION_COLUMNS)


def _reference_rows(data: Data) -> Iterator[Row]:
    for review_number, item_number, item in _initiatives(data):
        for number, figure in enumerate(item.get("reference_indicators", ()), start=1):
            numbers = {"review": review_number, "item": item_number, "figure": number}
            base = {**numbers, **_pick(figure, ("name", "unit"))}
            observations = figure.get("observations", ())
            for observation in observations:
                yield {**base, **_pick(observation, _OBSERVATION_KEYS)}
            if not observations:
                yield base


def _next_plan_rows(data: Data) -> Iterator[Row]:
    headings = data.get("next_plan", {}).get("headings", ())
    for number, heading in enumerate(headings, start=1):
        for item in heading["items"]:
            yield {"number": number, "title": heading["title"], "item": item}
        if not heading["items"]:
            yield {"number": number, "title": heading["title"]}


def _listed(key: str, table: layout.Table) -> Callable[[Data], Iterator[Row]]:
    keys = _keys(table.columns)
    return lambda data: (_pick(item, keys) for item in data.get(key, ()))


_ROWS: dict[layout.Table, Callable[[Data], Iterator[Row]]] = {
    layout.LEVELS: _listed("levels", layout.LEVELS),
    layout.STRUCTURE: lambda data: _structure_rows(
        data.get("entries", ()), layout.level_names(data), None
    ),
    layout.INDICATORS: _listed("kpis", layout.INDICATORS),
    layout.FIGURES: lambda data: _kpi_rows(data, "observations", layout.FIGURES),
    layout.INTERIM_TARGETS: lambda data: _kpi_rows(data, "interim_targets", layout.INTERIM_TARGETS),
    layout.SCOPES: lambda data: _kpi_rows(data, "scopes", layout.SCOPES),
    layout.GRADING: _listed("grading", layout.GRADING),
    layout.CATEGORIES: lambda data: (
        {"list": key, **_pick(item, ("code", "label", "colour", "description"))}
        for key in layout.CATEGORY_LISTS
        for item in data.get(key, ())
    ),
    layout.REVIEWS: lambda data: (
        {"review": number, **_pick(review, ("entries", "rating", "direction.category"))}
        for number, review in enumerate(data.get("reviews", ()), start=1)
    ),
    layout.REVIEW_TEXT: lambda data: (
        row
        for number, review in enumerate(data.get("reviews", ()), start=1)
        for row in _review_text_rows(number, review)
    ),
    layout.DETAILS: lambda data: (
        {"review": review, "item": item_number, **_pick(detail, ("heading", "text"))}
        for review, item_number, item in _initiatives(data)
        for detail in item.get("details", ())
    ),
    layout.REFERENCE_FIGURES: _reference_rows,
    layout.NOTES: _listed("notes", layout.NOTES),
    layout.NEXT_PLAN: _next_plan_rows,
    layout.ERAS: _listed("eras", layout.ERAS),
}


def table_rows(table: layout.Table, data: Data) -> list[Row]:
    """The rows of ``table`` for the plan ``data``, in the order they are written."""
    return list(_ROWS[table](data))


def _same_as_above(row: Row, item: Data, keys: Iterable[str]) -> None:
    """Refuse a row that goes on the item above yet gives one of its fields differently."""
    given = _pick(item, keys)
    for key in keys:
        if row.get(key) is not None and row.get(key) != given.get(key):
            raise RowError("workbook.row_goes_on", key)


# -- rows -> plan data -----------------------------------------------------------------------


@attrs.define
class PlanBuilder:
    """Puts a workbook's rows back together as plan data.

    Each ``add_*`` method takes one table's rows, as ``(row number, values)``
    pairs, and raises :class:`RowError` for a row that names what is not
    there (a KPI number no indicator has). ``places`` maps each item's JSON
    path (``$.kpis[3].observations[2]``) to the table and row it came from.
    """

    data: Data = attrs.field(factory=dict)
    places: dict[str, tuple[layout.Table, int]] = attrs.field(factory=dict)
    # Each KPI number's first index in data["kpis"], for the tables of items under KPIs.
    _kpi_index: dict[object, int] = attrs.field(factory=dict, init=False)
    _kpis_indexed: int = attrs.field(default=-1, init=False)

    def _place(self, path: str, table: layout.Table, row_number: int) -> None:
        self.places[path] = (table, row_number)

    def add_plan(self, row: Row, row_numbers: Mapping[str, int]) -> None:
        """The plan sheet's fields; ``row_numbers`` says which row holds each key."""
        self.data = _nest(row, _keys(layout.PLAN_TABLE.columns))
        for key, number in row_numbers.items():
            self._place(f"$.{key}", layout.PLAN_TABLE, number)

    def add_list(self, key: str, table: layout.Table, rows: Iterable[tuple[int, Row]]) -> None:
        """A table whose rows are a top-level list of the plan (levels, grading, notes, eras)."""
        keys = _keys(table.columns)
        items: list[Data] = []
        for number, row in rows:
            self._place(f"$.{key}[{len(items)}]", table, number)
            items.append(_nest(row, keys))
        if items:
            self.data[key] = items

    def add_levels(self, rows: Iterable[tuple[int, Row]]) -> None:
        """The levels, from the top; each needs its name, which the structure refers to."""
        named = []
        for number, row in rows:
            if row.get("name") is None:
                raise RowError("workbook.level_without_name", "name")
            named.append((number, row))
        self.add_list("levels", layout.LEVELS, named)

    def add_structure(self, rows: Iterable[tuple[int, Row]]) -> None:
        """The structure's rows: each entry under the latest entry above it with its number."""
        names = layout.level_names(self.data)
        latest: list[dict[int, tuple[Data, str]]] = [{} for _ in names]
        top: list[Data] = []
        for number, row in rows:
            depth = self._depth(row, names)
            entry = _nest(row, ("number", "title", "priority", "kpis"))
            if depth == 0:
                siblings, path = top, "$.entries"
            else:
                parent, parent_path = self._parent(row, latest[depth - 1])
                siblings, path = parent.setdefault("entries", []), f"{parent_path}.entries"
            path = f"{path}[{len(siblings)}]"
            siblings.append(entry)
            latest[depth][row.get("number", 0)] = (entry, path)
            self._place(path, layout.STRUCTURE, number)
        if top:
            self.data["entries"] = top

    @staticmethod
    def _depth(row: Row, names: tuple[str, ...]) -> int:
        level = row.get("level")
        if level is None and len(names) <= 1:
            return 0
        if level not in names:
            raise RowError(
                "workbook.unknown_level", "level", level=level or "", levels=", ".join(names)
            )
        return names.index(level)

    @staticmethod
    def _parent(row: Row, above: dict[int, tuple[Data, str]]) -> tuple[Data, str]:
        parent = row.get("parent")
        if parent not in above:
            raise RowError(
                "workbook.no_parent", "parent", number=parent if parent is not None else ""
            )
        return above[parent]

    def add_indicators(self, rows: Iterable[tuple[int, Row]]) -> None:
        """The indicators sheet: one KPI per row."""
        self.add_list("kpis", layout.INDICATORS, rows)

    def _kpi_path(self, row: Row) -> tuple[Data, str]:
        kpis = self.data.get("kpis", [])
        if self._kpis_indexed != len(kpis):  # looked up by number, not scanned for every item
            self._kpi_index = {}
            for index, kpi in enumerate(kpis):
                self._kpi_index.setdefault(kpi.get("number"), index)
            self._kpis_indexed = len(kpis)
        found = self._kpi_index.get(row.get("kpi"))
        if found is None:
            raise RowError("workbook.no_such_kpi", "kpi", number=row.get("kpi", ""))
        return kpis[found], f"$.kpis[{found}]"

    def add_kpi_items(self, key: str, table: layout.Table, rows: Iterable[tuple[int, Row]]) -> None:
        """A table of items under each KPI (figures, interim targets, scopes), by KPI number."""
        keys = tuple(
            column.key for column in table.columns if column.key not in ("kpi", "kpi_name")
        )
        for number, row in rows:
            kpi, path = self._kpi_path(row)
            items = kpi.setdefault(key, [])
            self._place(f"{path}.{key}[{len(items)}]", table, number)
            items.append(_nest(row, keys))

    def add_categories(self, rows: Iterable[tuple[int, Row]]) -> None:
        """The categories sheet: each row goes to the list its first column names."""
        for number, row in rows:
            key = row.get("list")
            if key not in layout.CATEGORY_LISTS:
                raise RowError(
                    "workbook.unknown_choice",
                    "list",
                    given=key or "",
                    choices=", ".join(layout.CATEGORY_LISTS),
                )
            items = self.data.setdefault(key, [])
            self._place(f"$.{key}[{len(items)}]", layout.CATEGORIES, number)
            items.append(_nest(row, ("code", "label", "colour", "description")))

    def add_reviews(self, rows: Iterable[tuple[int, Row]]) -> None:
        """The reviews sheet: one review per row, numbered from 1 in the order given."""
        reviews: list[Data] = []
        for number, row in rows:
            if row.get("review") != len(reviews) + 1:
                raise RowError("workbook.review_number", "review", expected=len(reviews) + 1)
            review = _nest(row, ("entries", "rating", "direction.category"))
            review.setdefault("entries", [])
            review.setdefault("direction", {})
            review.update(initiatives=[], issues=[])
            review["direction"]["items"] = []
            self._place(f"$.reviews[{len(reviews)}]", layout.REVIEWS, number)
            reviews.append(review)
        if reviews:
            self.data["reviews"] = reviews

    def _review(self, row: Row) -> tuple[Data, str]:
        reviews = self.data.get("reviews", ())
        number = row.get("review")
        if not isinstance(number, int) or not 1 <= number <= len(reviews):
            raise RowError("workbook.no_such_review", "review", number=number or "")
        return reviews[number - 1], f"$.reviews[{number - 1}]"

    def _part(self, row: Row) -> tuple[list[Data], str]:
        review, path = self._review(row)
        part = row.get("part")
        if part == "direction":
            return review["direction"]["items"], f"{path}.direction.items"
        if part not in layout.REVIEW_PARTS:
            raise RowError(
                "workbook.unknown_choice",
                "part",
                given=part or "",
                choices=", ".join(layout.REVIEW_PARTS),
            )
        items: list[Data] = review[part]
        return items, f"{path}.{part}"

    def add_review_text(self, rows: Iterable[tuple[int, Row]]) -> None:
        """The review text: items in order; a row naming the item before adds a paragraph."""
        previous: tuple[object, ...] | None = None
        for number, row in rows:
            items, path = self._part(row)
            key = (row.get("review"), row.get("part"), row.get("item"))
            if key == previous and row.get("part") == "initiatives":
                self._add_paragraph(items[-1], f"{path}[{len(items) - 1}]", row, number)
                continue
            if row.get("item") != len(items) + 1:
                raise RowError("workbook.item_number", "item", expected=len(items) + 1)
            path = f"{path}[{len(items)}]"
            items.append(self._review_item(row))
            self._place(path, layout.REVIEW_TEXT, number)
            if row.get("part") == "initiatives" and row.get("text") is not None:
                self._place(f"{path}.paragraphs[0]", layout.REVIEW_TEXT, number)
            previous = key

    def _add_paragraph(self, item: Data, path: str, row: Row, number: int) -> None:
        if "paragraphs" not in item or row.get("text") is None:
            raise RowError("workbook.item_repeated", "item")
        _same_as_above(row, item, _INITIATIVE_KEYS)
        self._place(f"{path}.paragraphs[{len(item['paragraphs'])}]", layout.REVIEW_TEXT, number)
        item["paragraphs"].append(row["text"])

    @staticmethod
    def _review_item(row: Row) -> Data:
        if row.get("repeat_of") is not None:
            return {"repeat_of": row["repeat_of"]}
        if row.get("part") != "initiatives":
            return _nest(row, ("id", "text"))
        item = _nest(row, _INITIATIVE_KEYS)
        item["paragraphs"] = [] if row.get("text") is None else [row["text"]]
        return item

    def _initiative(self, row: Row) -> tuple[Data, str]:
        review, path = self._review(row)
        number = row.get("item")
        initiatives = review["initiatives"]
        if not isinstance(number, int) or not 1 <= number <= len(initiatives):
            raise RowError("workbook.no_such_item", "item", number=number or "")
        if "paragraphs" not in initiatives[number - 1]:
            raise RowError("workbook.repeat_has_no_details", "item", number=number)
        return initiatives[number - 1], f"{path}.initiatives[{number - 1}]"

    def add_details(self, rows: Iterable[tuple[int, Row]]) -> None:
        """Headed details, each under the initiative its review and item numbers name."""
        for number, row in rows:
            initiative, path = self._initiative(row)
            details = initiative.setdefault("details", [])
            self._place(f"{path}.details[{len(details)}]", layout.DETAILS, number)
            details.append(_nest(row, ("heading", "text")))

    def add_reference_figures(self, rows: Iterable[tuple[int, Row]]) -> None:
        """Reference figures: rows with the figure number of the row before add a year to it."""
        previous: tuple[object, ...] | None = None
        for number, row in rows:
            initiative, path = self._initiative(row)
            figures = initiative.setdefault("reference_indicators", [])
            key = (row.get("review"), row.get("item"), row.get("figure"))
            if key == previous:
                _same_as_above(row, figures[-1], ("name", "unit"))
            else:
                if row.get("figure") != len(figures) + 1:
                    raise RowError("workbook.item_number", "figure", expected=len(figures) + 1)
                self._place(
                    f"{path}.reference_indicators[{len(figures)}]", layout.REFERENCE_FIGURES, number
                )
                figures.append({**_nest(row, ("name", "unit")), "observations": []})
                previous = key
            observation = _nest(row, _OBSERVATION_KEYS)
            if observation:
                observations = figures[-1]["observations"]
                figure_path = f"{path}.reference_indicators[{len(figures) - 1}]"
                self._place(
                    f"{figure_path}.observations[{len(observations)}]",
                    layout.REFERENCE_FIGURES,
                    number,
                )
                observations.append(observation)

    def add_next_plan(self, rows: Iterable[tuple[int, Row]]) -> None:
        """The next plan's headings: a row with the heading number before adds an item to it."""
        headings: list[Data] = []
        for number, row in rows:
            if not headings or row.get("number") != len(headings):
                if row.get("number") != len(headings) + 1:
                    raise RowError("workbook.item_number", "number", expected=len(headings) + 1)
                self._place(f"$.next_plan.headings[{len(headings)}]", layout.NEXT_PLAN, number)
                headings.append({"title": row.get("title"), "items": []})
            elif row.get("title") != headings[-1]["title"]:
                raise RowError("workbook.row_goes_on", "title")
            if row.get("item") is not None:
                items = headings[-1]["items"]
                self._place(
                    f"$.next_plan.headings[{len(headings) - 1}].items[{len(items)}]",
                    layout.NEXT_PLAN,
                    number,
                )
                items.append(row["item"])
        if headings or "next_plan" in self.data:
            self.data.setdefault("next_plan", {})["headings"] = headings
