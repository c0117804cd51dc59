"""Checks that need the whole plan: numbers, references, years, agreement.

The loader checks each value's type as it builds the plan; a plan built in
code has its types checked here first (a float where a Decimal belongs, a
list where a tuple belongs), and the other checks run only on a plan whose
types are right. These look across the plan: unique numbers and ids,
references that resolve to an item of the right kind, fiscal years within
range, and a stock's totals that agree with its yearly counts. Every
problem names its JSON path.

A plan found valid is remembered by identity (weakly, so it can still be
freed): plans are deeply immutable once their types are right, so checking
the same plan object again — :func:`require_valid` in ``evaluate``, after
the loader has checked it — costs a dictionary look-up.
"""

from __future__ import annotations

import datetime
import enum
import itertools
import re
import types
import typing
import weakref
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

import attrs

from planeval.errors import PlanError, Problem
from planeval.limits import (
    EXACT,
    FIRST_YEAR,
    LAST_YEAR,
    MAX_ID_LENGTH,
    MAX_MAGNITUDE_EXPONENT,
    MAX_NAME_LENGTH,
    MAX_PROBLEMS,
    MAX_REPEATED_TEXT,
    MAX_ROUNDING_PLACES,
    MAX_SIGNIFICANT_DIGITS,
    MAX_TEXT_LENGTH,
    MAX_UNIT_LENGTH,
    MAX_YEARS,
    forbidden_character,
)
from planeval.locales import LOCALES
from planeval.model import (
    Category,
    DirectionItem,
    EntryRef,
    FiscalYearPeriod,
    GradeRule,
    Initiative,
    Issue,
    Kpi,
    KpiKind,
    Method,
    Metric,
    MonthRange,
    Observation,
    PathStatus,
    Plan,
    Polarity,
    Repeat,
    Scale,
    ZeroTarget,
)
from planeval.periods import ERAS, check_era
from planeval.structure import code_check_digit, level_index, placed_entries, reviewed_entries

__all__ = ["check_plan", "require_valid"]


_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
# Exact within the loader's bounds (15 digits, 1e-100 to 1e100).
_UNBOUNDED_METRICS = (Metric.HAS_VALUE, Metric.NO_VALUE, Metric.STATUS)
#: The kinds of review item, as :data:`~planeval.messages.TERMS` names them.
_KINDS = {Initiative: "initiative", Issue: "issue", DirectionItem: "direction_item"}


def check_plan(plan: Plan) -> list[Problem]:
    """Return the problems found across the plan, in document order (empty when valid).

    Their messages are in the plan's language (``plan.locale``).

    Checking stops after :data:`~planeval.limits.MAX_PROBLEMS` and one more
    (which tells :class:`~planeval.errors.PlanError` that some are left out).
    """
    if _VALID.get(id(plan)) is plan:
        return []
    problems = list(itertools.islice(_type_problems(plan, Plan, "$"), MAX_PROBLEMS + 1))
    if not problems:
        # Only a plan whose types are right is remembered: its values cannot change.
        problems = list(itertools.islice(_PlanChecker(plan).problems(), MAX_PROBLEMS + 1))
    if not problems:
        _VALID[id(plan)] = plan
    # In the plan's language; a locale planeval does not speak reads Japanese, as on loading.
    locale = plan.locale if plan.locale in LOCALES else "ja"
    return [problem.in_locale(locale) for problem in problems]


def require_valid(plan: Plan) -> None:
    """Raise :class:`~planeval.errors.PlanError` with the problems :func:`check_plan` finds."""
    if _VALID.get(id(plan)) is not plan and (problems := check_plan(plan)):
        raise PlanError(problems)


#: The plans found valid, by identity; an entry goes when its plan is freed.
_VALID: weakref.WeakValueDictionary[int, Plan] = weakref.WeakValueDictionary()

# The type checks of plans built in code. Each attrs class of the model gets
# one check per field, built once from its annotations.
_Check = Callable[[object, str], Iterator[Problem]]
_Fast = Callable[[object], bool]
_CLASS_CHECKS: dict[type, tuple[tuple[str, _Fast | None, _Check], ...]] = {}


def _type_problems(value: object, cls: type, path: str) -> Iterator[Problem]:
    if type(value) is not cls:
        yield _wrong(value, _a(cls.__name__), path)
        return
    checks = _CLASS_CHECKS.get(cls)
    if checks is None:
        hints = typing.get_type_hints(cls)
        names = [
            field.name for field in attrs.fields(typing.cast("type[attrs.AttrsInstance]", cls))
        ]
        checks = tuple((name, _fast_for(hints[name]), _check_for(hints[name])) for name in names)
        _CLASS_CHECKS[cls] = checks
    for name, fast, check in checks:
        field = getattr(value, name)
        if fast is None or not fast(field):  # the quick test passes nearly every value
            yield from check(field, f"{path}.{name}")


def _fast_for(hint: object) -> _Fast | None:
    """A quick test that a value of a simple type is right, or None where there is none."""
    args = typing.get_args(hint)
    optional = type(None) in args and len(args) == 2  # X | None
    leaf = next(arg for arg in args if arg is not type(None)) if optional else hint
    if leaf is bool:
        return (lambda v: v is None or type(v) is bool) if optional else (lambda v: type(v) is bool)
    if leaf is int:
        if optional:
            return lambda v: v is None or (type(v) is int and -_WHOLE_LIMIT < v < _WHOLE_LIMIT)
        return lambda v: type(v) is int and -_WHOLE_LIMIT < v < _WHOLE_LIMIT
    if leaf is Decimal:
        if optional:
            return lambda v: v is None or _fine_decimal(v)
        return _fine_decimal
    if leaf is str:
        if optional:
            return lambda v: v is None or (isinstance(v, str) and forbidden_character(v) is None)
        return lambda v: isinstance(v, str) and forbidden_character(v) is None
    if isinstance(leaf, type) and issubclass(leaf, enum.Enum):
        cls = leaf
        if optional:
            return lambda v: v is None or isinstance(v, cls)
        return lambda v: isinstance(v, cls)
    return None


#: Whole numbers have at most MAX_SIGNIFICANT_DIGITS digits.
_WHOLE_LIMIT = 10**MAX_SIGNIFICANT_DIGITS


def _fine_decimal(value: object) -> bool:
    """A Decimal within the digits and magnitude plan files allow."""
    return type(value) is Decimal and value.is_finite() and _number_bounds(value) is None


def _check_for(hint: object) -> _Check:  # noqa: C901 (one case per kind of type)
    origin = typing.get_origin(hint)
    if origin is tuple:
        item = _check_for(typing.get_args(hint)[0])

        def check_tuple(value: object, path: str) -> Iterator[Problem]:
            if not isinstance(value, tuple):
                yield _wrong(value, "a tuple", path)
                return
            for index, each in enumerate(value):
                yield from item(each, f"{path}[{index}]")

        return check_tuple
    if origin is typing.Union or origin is types.UnionType:
        args = typing.get_args(hint)
        optional = type(None) in args
        classes = {arg: _check_for(arg) for arg in args if arg is not type(None)}
        if len(classes) == 1:
            (only,) = classes.values()

            def check_optional(value: object, path: str) -> Iterator[Problem]:
                if value is not None:
                    yield from only(value, path)

            return check_optional
        names = " or ".join(_a(getattr(arg, "__name__", str(arg))) for arg in classes)

        def check_union(value: object, path: str) -> Iterator[Problem]:
            if value is None and optional:
                return
            check = classes.get(type(value))
            if check is None:
                yield _wrong(value, names, path)
            else:
                yield from check(value, path)

        return check_union
    assert isinstance(hint, type), hint
    if hint is Decimal:
        return _check_decimal
    if hint is int:
        return _check_int
    if hint is str:
        return _check_text
    if hint is bool or issubclass(hint, enum.Enum):
        return _exact_type(hint)
    if hint is datetime.date:
        return _check_date
    assert attrs.has(hint), hint
    return lambda value, path: _type_problems(value, hint, path)


def _exact_type(cls: type) -> _Check:
    def check(value: object, path: str) -> Iterator[Problem]:
        if not isinstance(value, cls):
            members: list[enum.Enum] = []
            if issubclass(cls, enum.Enum) and isinstance(value, str):
                members = [member for member in cls if member.value == value]
            if members:
                member = f"{cls.__name__}.{members[0].name}"
                yield _wrong(value, _a(cls.__name__), path, "type.enum_text", member=member)
            else:
                yield _wrong(value, _a(cls.__name__), path)

    return check


def _check_text(value: object, path: str) -> Iterator[Problem]:
    """Text, holding no character that a report's XML cannot store (the loader's rule)."""
    if not isinstance(value, str):
        yield _wrong(value, _a("str"), path)
    elif found := forbidden_character(value):
        position, code = found
        params = {"character": code, "position": position + 1}
        yield Problem(location=path, code="text.character", params=params)


def _check_decimal(value: object, path: str) -> Iterator[Problem]:
    if isinstance(value, Decimal):
        if not value.is_finite():
            yield Problem(location=path, code="number.not_finite", params={"value": value})
        elif bounds := _number_bounds(value):
            code, params = bounds
            yield Problem(location=path, code=code, params=params)
    elif isinstance(value, float):
        yield _wrong(value, "a Decimal", path, "type.float", value=repr(value))
    elif isinstance(value, int) and not isinstance(value, bool):
        yield _wrong(value, "a Decimal", path, "type.int_for_decimal", value=value)
    else:
        yield _wrong(value, "a Decimal", path)


def _check_int(value: object, path: str) -> Iterator[Problem]:
    if isinstance(value, bool) or not isinstance(value, int):
        yield _wrong(value, "an int", path)
    elif (digits := len(str(abs(value)))) > MAX_SIGNIFICANT_DIGITS:
        params = {"given": value, "digits": digits, "limit": MAX_SIGNIFICANT_DIGITS}
        yield Problem(location=path, code="number.digits", params=params)


def _number_bounds(number: Decimal) -> tuple[str, dict[str, object]] | None:
    """Why a finite number is beyond the digits and magnitude plan files allow, if it is.

    The answer is a problem's code and its figures.

    The loader holds numbers to these bounds as it reads them; a plan built
    in code is held to them here (a value of 1e999999999 would make a rate's
    exact arithmetic run for ever).
    """
    _sign, digit_tuple, exponent = number.as_tuple()
    digits = len(digit_tuple)
    if digits > MAX_SIGNIFICANT_DIGITS:
        return "number.digits", {"given": number, "digits": digits, "limit": MAX_SIGNIFICANT_DIGITS}
    magnitude = int(exponent) + (digits - 1 if number else 0)
    if abs(magnitude) > MAX_MAGNITUDE_EXPONENT:
        return "number.out_of_range", {"given": number, "exponent": MAX_MAGNITUDE_EXPONENT}
    return None


def _check_date(value: object, path: str) -> Iterator[Problem]:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        yield _wrong(value, "a datetime.date", path)


def _a(name: str) -> str:
    return f"an {name}" if name[0] in "AEIOUaeiou" else f"a {name}"


def _wrong(
    value: object, expected: str, path: str, code: str = "type.wrong", /, **hint: object
) -> Problem:
    """A value of the wrong Python type; ``code`` and ``hint`` may say what to use instead."""
    shown = repr(value)
    if len(shown) > MAX_NAME_LENGTH:
        shown = shown[:MAX_NAME_LENGTH] + "…"
    what = "None" if value is None else f"{_a(type(value).__name__)} ({shown})"
    params = {"given": what, "type": expected, **hint}
    return Problem(location=path, code=code, params=params)


class _PlanChecker:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.note_ids = {note.id for note in plan.notes if note.id is not None}
        self.kpi_numbers = {kpi.number for kpi in plan.kpis}
        self.placed = placed_entries(plan)
        self.reviewed_titles = {
            placed.entry.number: placed.entry.title for placed in reviewed_entries(plan)
        }
        self.statuses = [category.code for category in plan.status_categories]

    def problems(self) -> Iterator[Problem]:
        yield from self._plan_settings()
        yield from self._eras()
        yield from self._grading()
        yield from self._categories(self.plan.status_categories, "$.status_categories")
        yield from self._categories(self.plan.direction_categories, "$.direction_categories")
        yield from self._categories(self.plan.measure_ratings, "$.measure_ratings")
        yield from self._path_statuses()
        yield from self._notes()
        yield from self._structure()
        for index, kpi in enumerate(self.plan.kpis):
            yield from self._kpi(kpi, f"$.kpis[{index}]")
        yield from _duplicates(
            ((f"$.kpis[{i}].number", kpi.number) for i, kpi in enumerate(self.plan.kpis)),
            "kpi.duplicate_number",
        )
        yield from self._reviews()
        yield from self._repeated_text()
        yield from self._year_columns()

    def _repeated_text(self) -> Iterator[Problem]:
        """The text that repeated items print again, together, held to its limit."""
        printed = {
            item.id: _printed_length(item)
            for review in self.plan.reviews
            for item in (*review.initiatives, *review.issues, *review.direction.items)
            if not isinstance(item, Repeat) and item.id is not None
        }
        total = 0
        for path, repeat in self._repeats():
            total += printed.get(repeat.repeat_of, 0)
            if total > MAX_REPEATED_TEXT:
                params = {"limit": f"{MAX_REPEATED_TEXT:,}"}
                yield Problem(location=f"{path}.repeat_of", code="repeat.too_long", params=params)
                return

    def _repeats(self) -> Iterator[tuple[str, Repeat]]:
        for index, review in enumerate(self.plan.reviews):
            parts = (
                ("initiatives", review.initiatives),
                ("issues", review.issues),
                ("direction.items", review.direction.items),
            )
            for name, items in parts:
                for position, item in enumerate(items):
                    if isinstance(item, Repeat):
                        yield f"$.reviews[{index}].{name}[{position}]", item

    def _year_columns(self) -> Iterator[Problem]:
        """The fiscal years observed across the plan: the columns of a report's tables."""
        kpi_years = {obs.fiscal_year for kpi in self.plan.kpis for obs in kpi.observations}
        reference_years = {
            obs.fiscal_year
            for review in self.plan.reviews
            for initiative in review.initiatives
            if isinstance(initiative, Initiative)
            for indicator in initiative.reference_indicators
            for obs in indicator.observations
        }
        for path, code, years in (
            ("$.kpis", "years.too_many_kpi", kpi_years),
            ("$.reviews", "years.too_many_reference", reference_years),
        ):
            if len(years) > MAX_YEARS:
                params = {"count": len(years), "limit": MAX_YEARS}
                yield Problem(location=path, code=code, params=params)

    def _year(self, year: int, path: str, *, in_plan: bool = False) -> Iterator[Problem]:
        """Check a fiscal year; ``in_plan``: it must fall within the plan period."""
        period = self.plan.period
        if not FIRST_YEAR <= year <= LAST_YEAR:
            yield _outside_years(year, path)
        elif year > period.last:
            params = {"year": year, "last": period.last}
            yield Problem(location=path, code="year.after_plan", params=params)
        elif in_plan and year < period.first:
            params = {"year": year, "first": period.first}
            yield Problem(location=path, code="year.before_plan", params=params)

    def _plan_settings(self) -> Iterator[Problem]:
        plan = self.plan
        for name, year in (("first", plan.period.first), ("last", plan.period.last)):
            if not FIRST_YEAR <= year <= LAST_YEAR:
                yield _outside_years(year, f"$.period.{name}")
        if plan.period.first > plan.period.last:
            params: dict[str, object] = {"first": plan.period.first, "last": plan.period.last}
            yield Problem(location="$.period", code="period.order", params=params)
        if plan.locale not in LOCALES:
            params = {"choices": ", ".join(map(repr, LOCALES)), "locale": plan.locale}
            yield Problem(location="$.locale", code="locale.unknown", params=params)
        if plan.path_tolerance is not None and plan.path_tolerance < 0:
            yield Problem(location="$.path_tolerance", code="value.negative")
        if plan.year_on_year.tolerance < 0:
            yield Problem(location="$.year_on_year.tolerance", code="value.negative")
        if not 1 <= plan.fiscal_year_start_month <= 12:
            params = {"month": plan.fiscal_year_start_month}
            yield Problem(
                location="$.fiscal_year_start_month", code="month.not_a_month", params=params
            )
        if not 0 <= plan.rounding.places <= MAX_ROUNDING_PLACES:
            params = {"places": plan.rounding.places, "limit": MAX_ROUNDING_PLACES}
            yield Problem(location="$.rounding.places", code="rounding.places", params=params)
        yield from self._document_dates()

    def _document_dates(self) -> Iterator[Problem]:
        plan = self.plan
        dates = [("$.document.as_of", plan.document.as_of)]
        if plan.document.meeting is not None:
            dates.append(("$.document.meeting.date", plan.document.meeting.date))
        for path, day in dates:
            if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
                yield _outside_years(day.isoformat(), path)

    def _eras(self) -> Iterator[Problem]:
        """The plan's own eras: each follows the eras before it, planeval's first."""
        known = list(ERAS)
        for index, era in enumerate(self.plan.eras):
            if era in ERAS:
                continue  # an era planeval has learnt since: declared alike, it is no problem
            path = f"$.eras[{index}]"
            if not FIRST_YEAR <= era.start.year <= LAST_YEAR:
                yield _outside_years(era.start.isoformat(), f"{path}.start")
            yield from check_era(era, known, path)
            known.append(era)

    def _grading(self) -> Iterator[Problem]:
        for index, rule in enumerate(self.plan.grading):
            path = f"$.grading[{index}]"
            bounds = {
                "above": rule.above,
                "at_least": rule.at_least,
                "below": rule.below,
                "at_most": rule.at_most,
            }
            given = [name for name, bound in bounds.items() if bound is not None]
            metric = {"metric": rule.metric.value}
            if rule.metric in _UNBOUNDED_METRICS and given:
                yield Problem(
                    location=f"{path}.{given[0]}", code="grade.takes_no_bounds", params=metric
                )
            elif rule.metric not in _UNBOUNDED_METRICS and not given:
                yield Problem(location=path, code="grade.needs_bound", params=metric)
            for first, second in (("above", "at_least"), ("below", "at_most")):
                if first in given and second in given:
                    params = {"first": first, "second": second}
                    yield Problem(
                        location=f"{path}.{second}", code="grade.both_bounds", params=params
                    )
            yield from self._rule_statuses(rule, path)
            yield from _colour(rule.colour, f"{path}.colour")
            # The grade legend prints a rule's label and description in one cell.
            legend = len(rule.label) + len(rule.description or "") + _MARKS
            yield from _shared_cell(legend, path, "cell.grade_legend")

    def _path_statuses(self) -> Iterator[Problem]:
        """The plan's words for path statuses: each a status there is, named once."""
        statuses = self.plan.path_statuses
        yield from self._categories(statuses, "$.path_statuses")
        codes = [status.value for status in PathStatus]
        for index, status in enumerate(statuses):
            if status.code not in codes:
                params = {"status": status.code, "codes": ", ".join(codes)}
                yield Problem(
                    location=f"$.path_statuses[{index}].code",
                    code="path_status.unknown",
                    params=params,
                )

    def _rule_statuses(self, rule: GradeRule, path: str) -> Iterator[Problem]:
        """A ``status`` rule names statuses the plan declares; no other rule names any."""
        if rule.metric is not Metric.STATUS:
            if rule.statuses:
                yield Problem(
                    location=f"{path}.statuses",
                    code="grade.takes_no_statuses",
                    params={"metric": rule.metric.value},
                )
            return
        if not rule.statuses:
            yield Problem(location=path, code="grade.needs_statuses")
        for index, status in enumerate(rule.statuses):
            yield from self._status(status, f"{path}.statuses[{index}]")

    def _status(self, status: str, path: str) -> Iterator[Problem]:
        if not self.statuses:
            yield Problem(location=path, code="status.none_declared")
        elif status not in self.statuses:
            params = {"status": status, "codes": ", ".join(self.statuses)}
            yield Problem(location=path, code="status.unknown", params=params)

    def _categories(self, categories: tuple[Category, ...], path: str) -> Iterator[Problem]:
        yield from _duplicates(
            ((f"{path}[{i}].code", category.code) for i, category in enumerate(categories)),
            "category.duplicate_code",
        )
        for index, category in enumerate(categories):
            yield from _colour(category.colour, f"{path}[{index}].colour")

    def _notes(self) -> Iterator[Problem]:
        for index, note in enumerate(self.plan.notes):
            # A note is printed with its id, in one cell under the KPI table:
            # a short id keeps the longest text within the cell.
            yield from _id_length(note.id, f"$.notes[{index}].id")
        yield from _duplicates(
            (
                (f"$.notes[{index}].id", note.id)
                for index, note in enumerate(self.plan.notes)
                if note.id is not None
            ),
            "note.duplicate_id",
        )

    @property
    def _last_level(self) -> str:
        """The name of the level reviews refer to: the plan's last."""
        return self.plan.levels[-1].name if self.plan.levels else "entry"

    def _no_reviewed(self, number: int, path: str) -> Problem:
        if not self.plan.levels:
            params: dict[str, object] = {"number": number}
            return Problem(location=path, code="entry.unknown_no_levels", params=params)
        params = {"level": self._last_level, "number": number}
        return Problem(location=path, code="entry.unknown", params=params)

    def _structure(self) -> Iterator[Problem]:
        """The levels, the entries at each and the KPIs they link to."""
        levels = self.plan.levels
        if self.placed and not levels:
            yield Problem(location="$.levels", code="level.missing")
        yield from _duplicates(
            ((f"$.levels[{i}].name", level.name) for i, level in enumerate(levels)),
            "level.duplicate_name",
        )
        yield from _name_length(self.plan.indicators, "$.indicators")
        for index, level in enumerate(levels):
            yield from _name_length(level.name, f"$.levels[{index}].name")
            yield from _name_length(level.indicators, f"$.levels[{index}].indicators")
            yield from _duplicates(
                (
                    (f"{placed.path}.number", placed.entry.number)
                    for placed in self.placed
                    if placed.level == index
                ),
                "entry.duplicate_number",
                level=level.name,
            )
        for placed in self.placed:
            if levels and placed.level >= len(levels):
                params = {"level": placed.level + 1, "count": len(levels)}
                yield Problem(location=placed.path, code="entry.too_deep", params=params)
            yield from self._entry_kpis(placed.entry.kpis, f"{placed.path}.kpis")
        yield from self._municipality_code()

    def _entry_kpis(self, numbers: tuple[int, ...], path: str) -> Iterator[Problem]:
        for index, number in enumerate(numbers):
            if number not in self.kpi_numbers:
                params = {"number": number}
                yield Problem(location=f"{path}[{index}]", code="entry.unknown_kpi", params=params)
        yield from _duplicates(
            ((f"{path}[{index}]", number) for index, number in enumerate(numbers)),
            "entry.duplicate_kpi",
        )

    def _reference(self, ref: EntryRef, path: str) -> Iterator[Problem]:
        """A reference to an entry: a level the plan names, and an entry at that level."""
        level = level_index(self.plan, ref.level)
        if level is None:
            names = ", ".join(level.name for level in self.plan.levels) or "none"
            params: dict[str, object] = {"level": ref.level, "names": names}
            yield Problem(location=f"{path}.level", code="level.unknown", params=params)
            return
        if not any(p.level == level and p.entry.number == ref.number for p in self.placed):
            params = {"level": ref.level, "number": ref.number}
            yield Problem(location=f"{path}.number", code="entry.unknown", params=params)

    def _municipality_code(self) -> Iterator[Problem]:
        """A 全国地方公共団体コード: six digits, the last its check digit."""
        code = self.plan.municipality_code
        if code is None:
            return
        path = "$.municipality_code"
        if not re.fullmatch(r"[0-9]{6}", code):
            yield Problem(location=path, code="municipality_code.format", params={"value": code})
            return
        check = code_check_digit(code[:5])
        if int(code[5]) != check:
            params = {"value": code, "check": check}
            yield Problem(location=path, code="municipality_code.check_digit", params=params)

    def _kpi(self, kpi: Kpi, path: str) -> Iterator[Problem]:
        if kpi.attached_to is not None:
            yield from self._reference(kpi.attached_to, f"{path}.attached_to")
        yield from _unit(kpi.unit, f"{path}.unit")
        yield from _unit(kpi.unit_per, f"{path}.unit_per")
        yield from _name_length(kpi.department, f"{path}.department")
        yield from _decimals(kpi.decimals, f"{path}.decimals")
        # The name, the scopes and the source share one cell of the KPI table.
        title = len(kpi.name) + sum(len(scope.text) + _MARKS for scope in kpi.scopes)
        title += 0 if kpi.source is None else len(kpi.source) + _MARKS
        # A KPI attached to an entry is printed after that entry's label (基本目標１).
        title += 0 if kpi.attached_to is None else len(kpi.attached_to.level) + _MARKS
        yield from _shared_cell(title, path, "cell.kpi_title")
        for index, scope in enumerate(kpi.scopes):
            scope_path = f"{path}.scopes[{index}]"
            if scope.since is not None:
                yield from self._year(scope.since, f"{scope_path}.since")
            if scope.until is not None:
                yield from self._year(scope.until, f"{scope_path}.until")
            if scope.since is not None and scope.until is not None and scope.since > scope.until:
                params = {"since": scope.since, "until": scope.until}
                yield Problem(location=scope_path, code="kpi.scope_order", params=params)
        if kpi.baseline is not None:
            yield from self._baseline_period(kpi.baseline.period, f"{path}.baseline.period")
        yield from self._observations(
            kpi.observations,
            f"{path}.observations",
            kpi.kind,
            qualitative=kpi.scale is Scale.QUALITATIVE,
        )
        if kpi.scale is Scale.QUALITATIVE:
            yield from _qualitative(kpi, path)
        else:
            yield from self._rate_needs(kpi, path)
        yield from self._interim_targets(kpi, path)
        if kpi.target is not None:
            yield from self._year(
                kpi.target.fiscal_year, f"{path}.target.fiscal_year", in_plan=True
            )
            if kpi.target.per_year and kpi.kind is not KpiKind.FLOW:
                yield Problem(
                    location=f"{path}.target.per_year",
                    code="kpi.per_year_target",
                    params={"kind": kpi.kind.value},
                )

    def _rate_needs(self, kpi: Kpi, path: str) -> Iterator[Problem]:
        """A KPI's rate formula has the values it needs, and the plan's cap makes sense for it."""
        plan, target = self.plan, kpi.target
        method = kpi.method or plan.method
        lower = kpi.polarity is Polarity.LOWER_IS_BETTER
        if plan.cap_rates and method is Method.ACTUAL_OVER_TARGET and lower:
            params = {"number": kpi.number}
            yield Problem(location="$.cap_rates", code="kpi.cap_lower_is_better", params=params)
        if target is None or kpi.baseline is not None or kpi.kind is KpiKind.FLOW:
            return
        if method is Method.PROGRESS_FROM_BASELINE:
            yield Problem(location=f"{path}.baseline", code="kpi.progress_needs_baseline")
        elif target.value == 0 and plan.zero_target is ZeroTarget.PROGRESS_FROM_BASELINE:
            yield Problem(location=f"{path}.baseline", code="kpi.zero_target_needs_baseline")

    def _interim_targets(self, kpi: Kpi, path: str) -> Iterator[Problem]:
        previous: int | None = None
        for index, interim in enumerate(kpi.interim_targets):
            year_path = f"{path}.interim_targets[{index}].fiscal_year"
            yield from self._year(interim.fiscal_year, year_path, in_plan=True)
            if previous is not None and interim.fiscal_year <= previous:
                params = {"year": interim.fiscal_year, "previous": previous}
                yield Problem(location=year_path, code="interim.order", params=params)
            if kpi.target is None:
                yield Problem(location=year_path, code="interim.needs_target")
            elif interim.fiscal_year > kpi.target.fiscal_year:
                params = {"year": interim.fiscal_year, "target": kpi.target.fiscal_year}
                yield Problem(location=year_path, code="interim.after_target", params=params)
            previous = interim.fiscal_year

    def _baseline_period(
        self, period: FiscalYearPeriod | MonthRange, path: str
    ) -> Iterator[Problem]:
        if isinstance(period, FiscalYearPeriod):
            yield from self._year(period.fiscal_year, f"{path}.fiscal_year")
            return
        for name, month in (("first", period.first), ("last", period.last)):
            if not FIRST_YEAR <= month.year <= LAST_YEAR:
                yield _outside_years(month.year, f"{path}.{name}")
        if (period.first.year, period.first.month) > (period.last.year, period.last.month):
            yield Problem(location=path, code="baseline.month_order")

    def _observations(
        self,
        observations: tuple[Observation, ...],
        path: str,
        kind: KpiKind,
        *,
        qualitative: bool = False,
    ) -> Iterator[Problem]:
        previous: Observation | None = None
        for index, observation in enumerate(observations):
            item = f"{path}[{index}]"
            yield from self._year(observation.fiscal_year, f"{item}.fiscal_year")
            yield from self._observation_status(observation, item, qualitative=qualitative)
            if previous is not None and observation.fiscal_year <= previous.fiscal_year:
                yield _out_of_order(observation.fiscal_year, previous.fiscal_year, item)
            if (
                observation.value is None
                and observation.status is None
                and observation.missing is None
            ):
                code = "observation.needs_status" if qualitative else "observation.needs_value"
                yield Problem(location=item, code=code)
            if observation.value is not None and observation.missing is not None:
                yield Problem(location=f"{item}.missing", code="observation.value_not_missing")
            if observation.note is not None and observation.note not in self.note_ids:
                note = {"id": observation.note}
                yield Problem(location=f"{item}.note", code="note.unknown", params=note)
            if observation.increment is not None:
                if kind is not KpiKind.STOCK:
                    yield Problem(
                        location=f"{item}.increment",
                        code="observation.increment_not_stock",
                        params={"kind": kind.value},
                    )
                elif (
                    previous is not None
                    and previous.fiscal_year == observation.fiscal_year - 1
                    and previous.value is not None
                    and observation.value is not None
                    and (change := EXACT.subtract(observation.value, previous.value))
                    != observation.increment
                ):
                    params = {
                        "previous": previous.value,
                        "value": observation.value,
                        "change": change,
                        "increment": observation.increment,
                    }
                    yield Problem(
                        location=f"{item}.increment",
                        code="observation.increment_mismatch",
                        params=params,
                    )
            previous = observation

    def _observation_status(
        self, observation: Observation, item: str, *, qualitative: bool
    ) -> Iterator[Problem]:
        """A qualitative KPI's year has a declared status and no value; no other year has one."""
        if observation.status is None:
            return
        if not qualitative:
            yield Problem(location=f"{item}.status", code="observation.status_not_qualitative")
        elif observation.missing is not None:
            yield Problem(location=f"{item}.missing", code="observation.status_not_missing")
        else:
            yield from self._status(observation.status, f"{item}.status")

    def _reviews(self) -> Iterator[Problem]:
        reviewed: dict[int, str] = {}
        item_kinds: dict[str, type] = {}
        for index, review in enumerate(self.plan.reviews):
            path = f"$.reviews[{index}]"
            if not review.entries:
                yield Problem(location=f"{path}.entries", code="review.no_entries")
            # Each entry's heading, its level's name before its title, one a line.
            name = len(self.plan.levels[-1].name) if self.plan.levels else 0
            titles = sum(
                len(self.reviewed_titles.get(number, "")) + name + _MARKS
                for number in review.entries
            )
            yield from _shared_cell(titles, f"{path}.entries", "cell.entry_titles")
            for position, number in enumerate(review.entries):
                number_path = f"{path}.entries[{position}]"
                if number not in self.reviewed_titles:
                    yield self._no_reviewed(number, number_path)
                elif number in reviewed:
                    params = {
                        "level": self._last_level,
                        "number": number,
                        "where": reviewed[number],
                    }
                    yield Problem(
                        location=number_path, code="review.already_reviewed", params=params
                    )
                else:
                    reviewed[number] = path
            for position, initiative in enumerate(review.initiatives):
                item_path = f"{path}.initiatives[{position}]"
                if isinstance(initiative, Initiative):
                    yield from self._initiative(initiative, item_path)
                yield from _item(initiative, Initiative, item_path, item_kinds)
            for position, issue in enumerate(review.issues):
                yield from _item(issue, Issue, f"{path}.issues[{position}]", item_kinds)
            yield from self._review_terms(review.direction.category, review.rating, path)
            for position, point in enumerate(review.direction.items):
                yield from _item(
                    point, DirectionItem, f"{path}.direction.items[{position}]", item_kinds
                )

    def _review_terms(self, category: str, rating: str | None, path: str) -> Iterator[Problem]:
        """Check a review's direction and rating against the plan's declared terms."""
        directions = [c.code for c in self.plan.direction_categories]
        if directions and category not in directions:
            yield Problem(
                location=f"{path}.direction.category",
                code="review.unknown_direction",
                params={"category": category, "codes": ", ".join(directions)},
            )
        ratings = [c.code for c in self.plan.measure_ratings]
        if rating is not None and not ratings:
            yield Problem(location=f"{path}.rating", code="review.no_ratings")
        elif rating is not None and rating not in ratings:
            params = {"rating": rating, "codes": ", ".join(ratings)}
            yield Problem(location=f"{path}.rating", code="review.unknown_rating", params=params)

    def _initiative(self, initiative: Initiative, path: str) -> Iterator[Problem]:
        # Paragraphs and details share one cell of the review; so do reference figures.
        text = _text_length(initiative)
        yield from _shared_cell(text, path, "cell.initiative_text")
        yield from _shared_cell(_reference_length(initiative), path, "cell.reference_figures")
        if initiative.title is None and not initiative.paragraphs:
            yield Problem(location=path, code="initiative.empty")
        if initiative.years is not None:
            years = initiative.years
            yield from self._year(years.first, f"{path}.years.first")
            if years.last is not None:
                yield from self._year(years.last, f"{path}.years.last")
                if years.first > years.last:
                    params = {"first": years.first, "last": years.last}
                    yield Problem(
                        location=f"{path}.years", code="initiative.years_order", params=params
                    )
        for index, indicator in enumerate(initiative.reference_indicators):
            yield from _unit(indicator.unit, f"{path}.reference_indicators[{index}].unit")
            yield from self._observations(
                indicator.observations,
                f"{path}.reference_indicators[{index}].observations",
                KpiKind.LEVEL,
            )


def _qualitative(kpi: Kpi, path: str) -> Iterator[Problem]:
    """A qualitative KPI has statuses, not figures: no rate, baseline, target or value."""
    if kpi.kind is not KpiKind.LEVEL:
        params = {"kind": kpi.kind.value}
        yield Problem(location=f"{path}.kind", code="qualitative.kind", params=params)
    fields = (
        ("method", kpi.method is not None, "qualitative.method"),
        ("baseline", kpi.baseline is not None, "qualitative.baseline"),
        ("target", kpi.target is not None, "qualitative.target"),
        ("interim_targets", bool(kpi.interim_targets), "qualitative.interim_targets"),
    )
    for name, given, code in fields:
        if given:
            yield Problem(location=f"{path}.{name}", code=code)
    for index, observation in enumerate(kpi.observations):
        if observation.value is not None:
            location = f"{path}.observations[{index}].value"
            yield Problem(location=location, code="qualitative.value")


def _item(
    item: Initiative | Issue | DirectionItem | Repeat,
    kind: type,
    path: str,
    item_kinds: dict[str, type],
) -> Iterator[Problem]:
    """Check an item's id, or the reference of a repeated item, in document order."""
    yield from _id_length(
        item.repeat_of if isinstance(item, Repeat) else item.id,
        f"{path}.repeat_of" if isinstance(item, Repeat) else f"{path}.id",
    )
    if isinstance(item, Repeat):
        referred = item_kinds.get(item.repeat_of)
        if referred is None:
            params: dict[str, object] = {"id": item.repeat_of}
            yield Problem(location=f"{path}.repeat_of", code="repeat.unknown", params=params)
        elif referred is not kind:
            params = {"id": item.repeat_of, "kind": _KINDS[referred], "expected": _KINDS[kind]}
            yield Problem(location=f"{path}.repeat_of", code="repeat.kind", params=params)
    elif item.id is not None:
        if item.id in item_kinds:
            yield Problem(location=f"{path}.id", code="id.duplicate", params={"id": item.id})
        else:
            item_kinds[item.id] = kind


def _text_length(initiative: Initiative) -> int:
    """The characters an initiative's paragraphs and details print, marks counted."""
    text = len("\n".join(initiative.paragraphs))
    return text + sum(len(d.heading) + len(d.text) + _MARKS for d in initiative.details)


def _printed_length(item: Initiative | Issue | DirectionItem) -> int:
    """The characters a review item prints: its title, texts and reference figures."""
    if not isinstance(item, Initiative):
        return len(item.text)
    return len(item.title or "") + _text_length(item) + _reference_length(item)


def _duplicates(
    entries: Iterable[tuple[str, object]], code: str, **params: object
) -> Iterator[Problem]:
    """A problem of ``code`` for each value given again; numbers are ``number``, text ``value``."""
    seen: set[object] = set()
    for path, value in entries:
        if value in seen:
            name = "number" if isinstance(value, int) else "value"
            yield Problem(location=path, code=code, params={name: value, **params})
        seen.add(value)


def _colour(colour: str | None, path: str) -> Iterator[Problem]:
    if colour is not None and not _COLOUR.fullmatch(colour):
        yield Problem(location=path, code="colour.format", params={"colour": colour})


def _outside_years(year: object, path: str) -> Problem:
    """A year (or a date) outside the years planeval reads."""
    params = {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
    return Problem(location=path, code="year.outside_range", params=params)


def _out_of_order(year: int, previous: int, path: str) -> Problem:
    """An observation's fiscal year given again, or before the one listed before it."""
    if year == previous:
        params: dict[str, object] = {"year": year}
        return Problem(
            location=f"{path}.fiscal_year", code="observation.repeated_year", params=params
        )
    params = {"year": year, "previous": previous}
    return Problem(location=f"{path}.fiscal_year", code="observation.order", params=params)


# Room for the marks and labels a report writes with each text in a cell.
_MARKS = 20
# The longest a number within the limits is printed: 15 digits at 1e100 with
# separators and a sign (-999,999,…,000), or at 1e-100 (-0.000…).
_NUMBER_TEXT = 135


def _reference_length(initiative: Initiative) -> int:
    """The characters of an initiative's reference figures, which share one cell."""
    return sum(
        len(indicator.name)
        + _MARKS
        + sum(
            _MARKS + _NUMBER_TEXT + len(indicator.unit) + len(observation.note or "")
            for observation in indicator.observations
        )
        for indicator in initiative.reference_indicators
    )


def _unit(unit: str | None, path: str) -> Iterator[Problem]:
    if unit is not None and len(unit) > MAX_UNIT_LENGTH:
        params = {"length": len(unit), "limit": MAX_UNIT_LENGTH}
        yield Problem(location=path, code="unit.too_long", params=params)


def _id_length(identifier: str | None, path: str) -> Iterator[Problem]:
    if identifier is not None and len(identifier) > MAX_ID_LENGTH:
        params = {"length": len(identifier), "limit": MAX_ID_LENGTH}
        yield Problem(location=path, code="id.too_long", params=params)


def _decimals(decimals: int | None, path: str) -> Iterator[Problem]:
    """A KPI's declared decimals: as many as a rounding may have."""
    if decimals is not None and not 0 <= decimals <= MAX_ROUNDING_PLACES:
        params = {"places": decimals, "limit": MAX_ROUNDING_PLACES}
        yield Problem(location=path, code="rounding.places", params=params)


def _name_length(name: str | None, path: str) -> Iterator[Problem]:
    if name is not None and len(name) > MAX_NAME_LENGTH:
        params = {"length": len(name), "limit": MAX_NAME_LENGTH}
        yield Problem(location=path, code="name.too_long", params=params)


def _shared_cell(length: int, path: str, code: str) -> Iterator[Problem]:
    """Texts printed together in one cell of a report, held to what a cell holds."""
    if length > MAX_TEXT_LENGTH:
        params = {"length": length, "limit": MAX_TEXT_LENGTH}
        yield Problem(location=path, code=code, params=params)
