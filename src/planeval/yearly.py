"""The yearly update: filled-in entry workbooks read into the plan (``planeval update``).

Each row of an entry sheet (:mod:`planeval.io.entry_sheets`) gives a KPI's
figure for the sheet's fiscal year: a value (a status, for a qualitative
KPI), or the reason there is none yet (未発表, 未調査), and a note. A new
figure is set with :meth:`~planeval.model.Plan.with_observation`; the same
one changes nothing; a different one from the plan's is refused unless
``replace``. A year the plan gives only a reason for (未発表) takes its value
without ``replace``, and the reason and note shown beside it are let go
(unless they were changed). A note's text becomes one of the plan's notes
(an existing one with the same text or id, else a new one, ``注N``/``nN``),
which the observation cites. An empty row changes nothing: a figure is
never removed.

All or nothing: :func:`apply_entries` raises :class:`~planeval.errors.PlanError`
with every problem of every workbook, and returns a new plan only when there
is none.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from planeval.entry_writer import note_text
from planeval.errors import PlanError, Problem
from planeval.formatting import format_number
from planeval.io.cell_values import Cell, cell_number, cell_text
from planeval.io.entry_sheets import EntryRow, EntrySheet, plan_fingerprint, read_entry_sheet
from planeval.io.workbook_cells import read_workbook
from planeval.messages import message_language
from planeval.model import Kpi, Missing, Note, Observation, Plan, Scale
from planeval.report.labels import LABELS, labels_for
from planeval.report.phrases import Phrases

__all__ = [
    "UPDATE_WORDS",
    "Change",
    "Update",
    "apply_entries",
    "describe_change",
    "read_entry_workbooks",
]

#: What ``planeval update`` says when it is done, by language.
UPDATE_WORDS = {
    "en": {
        "unchanged": "nothing changed: {path} is left as it was",
        "wrote": "wrote {path} ({count} changed)",
    },
    "ja": {
        "unchanged": "変更はありません。{path} はそのままです",
        "wrote": "{path} に書き込みました（{count} 件の変更）",
    },
}
_BLANK = {"en": "blank", "ja": "空欄"}
_NOTE_ID = {"en": "n{number}", "ja": "注{number}"}


@attrs.frozen(kw_only=True)
class Change:
    """One figure the update sets: the KPI, the year, the observation before (or None) and after."""

    kpi: Kpi
    year: int
    before: Observation | None
    after: Observation
    location: str


@attrs.frozen(kw_only=True)
class Update:
    """The plan with the entries read in, what changed, and notes on how cells were read."""

    plan: Plan
    changes: tuple[Change, ...]
    notes: tuple[Problem, ...]


def _reasons() -> dict[str, Missing]:
    """Every word for a reason there is no value, in every language, and the codes."""
    found = {reason.value: reason for reason in Missing}
    for labels in LABELS.values():
        found |= {text: reason for reason, text in labels.missing.items()}
    return found


def _in_file(source: str, problem: Problem) -> Problem:
    """``problem`` located in the workbook ``source`` too."""
    location = f"{source}: {problem.location}" if problem.location else source
    return attrs.evolve(problem, location=location)


class _Merger:
    """Reads rows into the plan one by one, collecting changes, notes and problems."""

    def __init__(self, plan: Plan, *, replace: bool, locale: str) -> None:
        self.plan = plan
        self.replace = replace
        self.locale = locale
        self.phrases = Phrases(plan, labels_for(plan, locale if locale in LABELS else None))
        self.reasons = _reasons()
        self.changes: list[Change] = []
        self.notes: list[Problem] = []
        self.problems: list[Problem] = []

    def problem(
        self, source: str, cell: Cell, code: str, subject: str = "", **params: object
    ) -> None:
        """Note a problem at ``cell`` of the workbook ``source``."""
        self.problems.append(
            Problem(
                location=f"{source}: {cell.location}",
                code=code,
                params=params,
                subject=subject,
                locale=self.locale,
            )
        )

    def check_identity(self, sheet: EntrySheet, year: int | None) -> bool:
        """Whether ``sheet`` was written for this plan (and ``year``, if given); else a problem."""
        identity = sheet.identity
        if identity.fingerprint != plan_fingerprint(self.plan):
            self.problems.append(
                Problem(
                    location=sheet.source,
                    code="entry_sheet.other_plan",
                    params={
                        "written_for": f"{identity.municipality} {identity.plan_title}",
                        "plan": f"{self.plan.municipality} {self.plan.title}",
                    },
                    locale=self.locale,
                )
            )
            return False
        if year is not None and identity.year != year:
            self.problems.append(
                Problem(
                    location=sheet.source,
                    code="entry_sheet.other_year",
                    params={
                        "written_for": self.phrases.fiscal_year(identity.year),
                        "year": self.phrases.fiscal_year(year),
                    },
                    locale=self.locale,
                )
            )
            return False
        return True

    def read(self, sheet: EntrySheet) -> None:
        """Read every row of ``sheet`` into the plan."""
        for row in sheet.rows:
            self.read_row(sheet, row)

    def kpi(self, sheet: EntrySheet, row: EntryRow) -> Kpi | None:
        """The row's KPI, or None after noting that the plan has none such."""
        found = next((kpi for kpi in self.plan.kpis if kpi.number == row.kpi), None)
        if found is None:
            self.problem(sheet.source, row.number, "entry_sheet.unknown_kpi", kpi=row.kpi)
        return found

    def value(self, source: str, kpi: Kpi, cell: Cell) -> tuple[Decimal | None, str | None, bool]:
        """The row's value or status, and whether the cell could be read."""
        if kpi.scale is Scale.QUALITATIVE:
            text = cell_text(cell)
            if text is None:
                return None, None, True
            for category in self.plan.status_categories:
                if text in (category.code, category.label):
                    return None, category.code, True
            choices = ", ".join(c.label or c.code for c in self.plan.status_categories)
            self.problem(source, cell, "entry_sheet.unknown_status", given=text, choices=choices)
            return None, None, False
        number, problem = cell_number(cell, locale=self.locale)
        if problem is not None and problem.code.startswith("note."):
            self.notes.append(_in_file(source, problem))
        elif problem is not None:
            self.problems.append(_in_file(source, problem))
            return None, None, False
        return number, None, True

    def reason(self, source: str, cell: Cell) -> tuple[Missing | None, bool]:
        """The row's reason there is no value, and whether the cell could be read."""
        text = cell_text(cell)
        if text is None:
            return None, True
        if text in self.reasons:
            return self.reasons[text], True
        choices = ", ".join(self.phrases.labels.missing.values())
        self.problem(source, cell, "entry_sheet.unknown_reason", given=text, choices=choices)
        return None, False

    def note_id(self, text: str | None) -> str | None:
        """The id of the plan's note with ``text`` (or that id), adding a new note if none."""
        if text is None:
            return None
        for note in self.plan.notes:
            if note.id is not None and text in (note.id, note.text):
                return note.id
        taken = {note.id for note in self.plan.notes}
        template = _NOTE_ID[message_language(self.plan.locale)]
        number = 1
        while template.format(number=number) in taken:
            number += 1
        return template.format(number=number)

    def add_note(self, note_id: str | None, text: str | None) -> None:
        """Add the note ``note_id`` to the plan, if it is new."""
        if note_id is None or text is None or any(n.id == note_id for n in self.plan.notes):
            return
        self.plan = attrs.evolve(self.plan, notes=(*self.plan.notes, Note(id=note_id, text=text)))

    def read_row(self, sheet: EntrySheet, row: EntryRow) -> None:
        """Read one row: refuse what cannot be read or conflicts, set what is new."""
        kpi = self.kpi(sheet, row)
        if kpi is None:
            return
        number, status, value_ok = self.value(sheet.source, kpi, row.value)
        missing, reason_ok = self.reason(sheet.source, row.reason)
        note = cell_text(row.note)
        if not (value_ok and reason_ok):
            return
        given = number is not None or status is not None
        if given and missing is not None:
            missing, note = self.superseded(kpi, sheet.identity.year, missing, note)
        if given and missing is not None:
            self.problem(sheet.source, row.reason, "entry_sheet.value_and_reason")
            return
        if not given and missing is None:
            if note is not None:
                self.problem(sheet.source, row.note, "entry_sheet.note_without_value")
            return
        self.set(
            sheet,
            row,
            kpi,
            Observation(
                fiscal_year=sheet.identity.year,
                value=number,
                status=status,
                missing=missing,
                note=self.note_id(note),
            ),
            note,
        )

    def superseded(
        self, kpi: Kpi, year: int, missing: Missing, note: str | None
    ) -> tuple[Missing | None, str | None]:
        """The reason and note left beside a value: none, where the sheet showed the plan's.

        A year the plan gives only a reason for is shown with that reason and
        its note; a value entered there supersedes both, unless they were changed.
        """
        current = next((o for o in kpi.observations if o.fiscal_year == year), None)
        if current is None or current.missing is not missing:
            return missing, note
        return None, None if note == note_text(self.plan, current.note) else note

    def set(
        self, sheet: EntrySheet, row: EntryRow, kpi: Kpi, wanted: Observation, note: str | None
    ) -> None:
        """Set ``wanted`` unless the plan has it already; refuse a conflict unless replacing."""
        year = wanted.fiscal_year
        current = next((o for o in kpi.observations if o.fiscal_year == year), None)
        if current is not None and current.value == wanted.value and current.value is not None:
            # A stock's own count for the year stays with the same running total.
            wanted = attrs.evolve(wanted, increment=current.increment)
        if current == wanted:
            return
        figured = current is not None and (current.value, current.status) != (None, None)
        if figured and not self.replace:
            comma = "、" if message_language(self.locale) == "ja" else ", "
            subject = f"KPI {kpi.number} {kpi.name}{comma}{self.phrases.fiscal_year(year)}"
            self.problem(
                sheet.source,
                row.value,
                "entry_sheet.conflict",
                subject,
                current=self.observation_text(current),
                given=self.observation_text(wanted),
            )
            return
        self.add_note(wanted.note, note)
        self.plan = self.plan.with_observation(
            kpi=kpi.number,
            year=year,
            value=wanted.value,
            increment=wanted.increment,
            status=wanted.status,
            missing=wanted.missing,
            note=wanted.note,
            replace=True,
        )
        self.changes.append(
            Change(kpi=kpi, year=year, before=current, after=wanted, location=row.value.location)
        )

    def observation_text(self, observation: Observation | None) -> str:
        """A figure as the update prints it: 12,345, 未発表, a status; with its note's id."""
        labels = self.phrases.labels
        if observation is None:
            return _BLANK[message_language(labels.locale)]
        if observation.value is not None:
            text = format_number(observation.value)
        elif observation.status is not None:
            text = self.phrases.status(observation.status)
        elif observation.missing is not None:
            text = labels.missing[observation.missing]
        else:
            text = _BLANK[message_language(labels.locale)]
        return f"{text} ({observation.note})" if observation.note else text


def apply_entries(
    plan: Plan,
    sheets: Sequence[EntrySheet],
    *,
    replace: bool = False,
    year: int | None = None,
    locale: str | None = None,
) -> Update:
    """``plan`` with the figures of the entry workbooks ``sheets`` read in.

    A workbook written for another plan, or for a year other than ``year``
    (when given), is refused, and so is any cell that cannot be read and a
    figure that differs from the plan's unless ``replace``: then
    :class:`~planeval.errors.PlanError` lists every problem of every
    workbook (located ``FILE: SHEET!CELL``), in ``locale``'s language (the
    plan's when None), and nothing is changed.
    """
    merger = _Merger(plan, replace=replace, locale=locale or plan.locale)
    for sheet in sheets:
        if merger.check_identity(sheet, year):
            merger.read(sheet)
    if merger.problems:
        raise PlanError(merger.problems)
    return Update(plan=merger.plan, changes=tuple(merger.changes), notes=tuple(merger.notes))


def describe_change(change: Change, plan: Plan, locale: str | None = None) -> str:
    """A change as printed: ``KPI 4 外国人宿泊者数 令和7年度: 空欄 → 12,345``."""
    merger = _Merger(plan, replace=False, locale=locale or plan.locale)
    year = merger.phrases.fiscal_year(change.year)
    before = merger.observation_text(change.before)
    after = merger.observation_text(change.after)
    return f"KPI {change.kpi.number} {change.kpi.name} {year}: {before} → {after}"


def read_entry_workbooks(
    paths: Iterable[str | os.PathLike[str]], *, locale: str = "ja"
) -> tuple[EntrySheet, ...]:
    """The entry workbooks at ``paths``, read; every file's problems in one :class:`PlanError`."""
    sheets: list[EntrySheet] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            sheets.append(read_entry_sheet(read_workbook(path, locale=locale), locale=locale))
        except PlanError as error:
            source = error.source or os.fspath(path)
            problems.extend(_in_file(source, problem) for problem in error.problems)
    if problems:
        raise PlanError(problems)
    return tuple(sheets)
