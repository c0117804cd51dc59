"""Entry workbooks: one fiscal year's figures to fill in, a row per KPI (``planeval entry``).

Each row shows a KPI's number, name, unit and department, its values of
earlier years for reference (grey), and three cells to fill in (yellow, the
only ones unlocked): the value (a drop-down of the plan's statuses for a
qualitative KPI), the reason there is no value yet (a drop-down), and a note.
The words are the plan's language (or ``locale``'s); an instructions sheet
says what to do. A very hidden sheet identifies the plan and the year
(:mod:`planeval.io.entry_sheets`), so that ``planeval update`` refuses a
workbook written for another plan or year.

The same plan gives the same bytes: the workbook is stamped with the
report's fixed time. Numbers are written as spreadsheet numbers; a value of
at most 15 significant digits (all a plan holds) reads back equal.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from planeval.exporters.excel._styles import number_format
from planeval.formatting import display_width
from planeval.io.entry_sheets import (
    ID_SHEET,
    LISTS_COLUMN,
    EntryIdentity,
    EntryLayout,
    identity_rows,
    plan_fingerprint,
)
from planeval.limits import DOCUMENT_PROPERTY_LENGTH
from planeval.model import Kpi, Missing, Observation, Plan, Scale
from planeval.report.kpi_table import decimals_of
from planeval.report.labels import Labels, labels_for
from planeval.report.model import Figure
from planeval.report.phrases import Phrases, report_timestamp
from planeval.spreadsheets import new_workbook

__all__ = ["ENTRY_WORDS", "EntryFile", "entry_files", "entry_workbook", "note_text"]

#: The words of entry workbooks, by language.
ENTRY_WORDS: Mapping[str, Mapping[str, str]] = {
    "ja": {
        "sheet": "入力",
        "instructions_sheet": "説明",
        "title": "{municipality} {plan}　{year}の実績入力",
        "hint": "黄色のセルに入力してください（詳しくは「説明」シート）。灰色の欄は参照用です。",
        "number": "番号",
        "name": "評価指数",
        "unit": "単位",
        "department": "担当課",
        "value": "{year}の実績",
        "reason": "値がない理由",
        "note": "備考",
        "no_department": "担当課なし",
        "instructions": "\n".join(
            (
                "このブックは「{plan}」（{municipality}）の{year}の実績を入力するためのものです。",
                "1. 「入力」シートの黄色のセルに、各評価指数の{year}の値を入力してください。"
                "数値は半角でも全角でも、桁区切りのカンマがあっても構いません（12345、１２，３４５）。",
                "2. 状況で評価する指数は、一覧から状況を選んでください。",
                "3. 値がまだない場合は、値を空欄のままにして"
                "「値がない理由」を一覧から選んでください。",
                "4. 補足があれば「備考」に書いてください。",
                "5. 灰色の欄は前の年度の値で、参照用です。",
                "6. セルの結合、行や列の挿入・削除、シート名の変更はしないでください。",
                "7. 入力が済んだら保存して、取りまとめ担当に返してください"
                "（planeval update で計画に取り込みます）。",
            )
        ),
    },
    "en": {
        "sheet": "Entry",
        "instructions_sheet": "Instructions",
        "title": "{municipality} {plan}: figures for {year}",
        "hint": "Fill in the yellow cells (see the Instructions sheet). Grey columns are "
        "for reference.",
        "number": "No.",
        "name": "Indicator",
        "unit": "Unit",
        "department": "Department",
        "value": "{year} value",
        "reason": "Reason for no value",
        "note": "Note",
        "no_department": "no department",
        "instructions": "\n".join(
            (
                "This workbook collects the figures of {plan} ({municipality}) for {year}.",
                "1. On the Entry sheet, enter each indicator's value for {year} in the yellow "
                "cell. Full-width digits and thousands separators are fine (12345, 12,345).",
                "2. For an indicator graded by its status, pick the status from the list.",
                "3. Where there is no value yet, leave the value empty and pick the reason "
                "from the list.",
                "4. Add anything the reader should know under Note.",
                "5. The grey columns show the values of earlier years, for reference.",
                "6. Do not merge cells, insert or delete rows or columns, or rename sheets.",
                "7. Save the workbook and hand it back (planeval update reads it into the plan).",
            )
        ),
    },
}

#: Earlier years shown for reference, at most.
_REFERENCE_YEARS = 5
_FIRST_ROW = 4
_WIDTHS = {"number": 6, "name": 40, "unit": 8, "department": 14, "year": 12}
_ENTRY_WIDTHS = (16, 18, 36)
_LINE_HEIGHT = 15
_INSTRUCTIONS_WIDTH = 64
_GREY: dict[str, object] = {"border": 1, "bg_color": "#EDEDED", "font_color": "#595959"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_LONGEST_FILE_PART = 60


def note_text(plan: Plan, note_id: str | None) -> str | None:
    """The text of the plan's note ``note_id``, or the id itself if the plan has none such."""
    if note_id is None:
        return None
    return next((note.text for note in plan.notes if note.id == note_id), note_id)


def _places(kpi: Kpi) -> int:
    """The decimals of the cell to fill: the KPI's own, or the most its figures have."""
    if kpi.decimals is not None:
        return kpi.decimals
    values = [obs.value for obs in kpi.observations]
    values += [kpi.baseline.value if kpi.baseline else None]
    return decimals_of([*values, kpi.target.value if kpi.target else None])


class _Styles:
    """The cell formats of one entry workbook, each made once."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.made: dict[tuple[tuple[str, object], ...], Any] = {}

    def get(self, **properties: object) -> Any:
        """The format with the workbook's font and ``properties``."""
        merged = {"font_name": "Meiryo UI", "font_size": 10, "valign": "top"} | properties
        key = tuple(sorted(merged.items()))
        if key not in self.made:
            self.made[key] = self.book.add_format(merged)
        return self.made[key]


class _EntrySheetWriter:
    """Writes one entry sheet, its identification and its instructions."""

    def __init__(self, book: Any, plan: Plan, year: int, labels: Labels) -> None:
        self.book = book
        self.plan = plan
        self.year = year
        self.words = ENTRY_WORDS[labels.locale]
        self.phrases = Phrases(plan, labels)
        self.labels = labels
        self.styles = _Styles(book)
        self.header = self.styles.get(bold=True, bg_color="#D9E1F2", border=1, text_wrap=True)
        self.text = self.styles.get(border=1, text_wrap=True)
        self.fill: dict[str, object] = {"bg_color": "#FFF2CC", "border": 1, "locked": False}

    def year_label(self, year: int) -> str:
        """A fiscal year as the plan's language writes it (令和7年度, FY2025)."""
        return self.phrases.fiscal_year(year)

    def reference_years(self, kpis: Sequence[Kpi]) -> list[int]:
        """The latest earlier years any of ``kpis`` has a figure for."""
        years = {obs.fiscal_year for kpi in kpis for obs in kpi.observations}
        return sorted(year for year in years if year < self.year)[-_REFERENCE_YEARS:]

    def write(self, kpis: Sequence[Kpi]) -> None:
        """Write the sheets for ``kpis``."""
        sheet = self.book.add_worksheet(self.words["sheet"])
        instructions = self.book.add_worksheet(self.words["instructions_sheet"])
        hidden = self.book.add_worksheet(ID_SHEET)
        years = self.reference_years(kpis)
        layout = self.layout(len(years))
        self.write_identity(hidden, layout)
        self.write_headings(sheet, years)
        for index, kpi in enumerate(kpis):
            self.write_row(sheet, _FIRST_ROW - 1 + index, kpi, years)
        self.finish(sheet, layout, kpis)
        self.write_instructions(instructions)
        hidden.very_hidden()
        sheet.activate()

    def layout(self, year_count: int) -> EntryLayout:
        """Where the rows and the cells to fill are: after the reference years."""
        value = 4 + year_count + 1
        return EntryLayout(
            sheet=self.words["sheet"],
            first_row=_FIRST_ROW,
            number_column=1,
            value_column=value,
            reason_column=value + 1,
            note_column=value + 2,
        )

    def write_identity(self, hidden: Any, layout: EntryLayout) -> None:
        """The identification rows, and the drop-down lists beside them."""
        identity = EntryIdentity(
            plan_title=self.plan.title,
            municipality=self.plan.municipality,
            fingerprint=plan_fingerprint(self.plan),
            year=self.year,
            layout=layout,
        )
        for row, (key, value) in enumerate(identity_rows(identity)):
            hidden.write_string(row, 0, key)
            if isinstance(value, int):
                hidden.write_number(row, 1, value)
            else:
                hidden.write_string(row, 1, value)
        for column, items in enumerate((self.reasons(), self.statuses())):
            for row, item in enumerate(items):
                hidden.write_string(row, LISTS_COLUMN - 1 + column, item)

    def reasons(self) -> list[str]:
        """The reasons a year has no value, in the workbook's language."""
        return [self.labels.missing[reason] for reason in Missing]

    def statuses(self) -> list[str]:
        """The plan's statuses of qualitative KPIs, as labelled."""
        return [category.label or category.code for category in self.plan.status_categories]

    def write_headings(self, sheet: Any, years: Sequence[int]) -> None:
        """The title, the hint and the column headings."""
        words, plan = self.words, self.plan
        title = words["title"].format(
            municipality=plan.municipality, plan=plan.title, year=self.year_label(self.year)
        )
        sheet.write_string(0, 0, title, self.styles.get(bold=True, font_size=12, valign="vcenter"))
        sheet.write_string(1, 0, words["hint"], self.styles.get(valign="vcenter"))
        headings = [words["number"], words["name"], words["unit"], words["department"]]
        headings += [self.year_label(year) for year in years]
        headings += [
            words["value"].format(year=self.year_label(self.year)),
            words["reason"],
            words["note"],
        ]
        for column, heading in enumerate(headings):
            sheet.write_string(_FIRST_ROW - 2, column, heading, self.header)
        widths = [_WIDTHS[key] for key in ("number", "name", "unit", "department")]
        widths += [_WIDTHS["year"]] * len(years) + list(_ENTRY_WIDTHS)
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        sheet.set_row(_FIRST_ROW - 2, _LINE_HEIGHT * 2)

    def write_row(self, sheet: Any, row: int, kpi: Kpi, years: Sequence[int]) -> None:
        """One KPI's row: what it is, its earlier values, and the cells to fill."""
        sheet.write_number(row, 0, kpi.number, self.text)
        sheet.write_string(row, 1, kpi.name, self.text)
        sheet.write_string(row, 2, kpi.unit, self.text)
        sheet.write_string(row, 3, kpi.department, self.text)
        by_year = {obs.fiscal_year: obs for obs in kpi.observations}
        for offset, year in enumerate(years):
            self.write_observation(sheet, row, 4 + offset, by_year.get(year), kpi, grey=True)
        value = 4 + len(years)
        current = by_year.get(self.year)
        self.write_observation(sheet, row, value, current, kpi, grey=False)
        reason = self.labels.missing[current.missing] if current and current.missing else ""
        note = note_text(self.plan, current.note if current else None) or ""
        sheet.write_string(row, value + 1, reason, self.styles.get(**self.fill))
        sheet.write_string(row, value + 2, note, self.styles.get(**self.fill, text_wrap=True))
        lines = math.ceil(display_width(kpi.name) / (_WIDTHS["name"] - 1)) or 1
        sheet.set_row(row, _LINE_HEIGHT * min(lines, 10))

    def number_style(self, kpi: Kpi) -> str:
        """The number format of ``kpi``'s values: its decimals and unit."""
        return str(number_format(Figure(Decimal(0), unit=kpi.unit, decimals=_places(kpi))))

    def write_observation(
        self, sheet: Any, row: int, column: int, obs: Observation | None, kpi: Kpi, *, grey: bool
    ) -> None:
        """A year's figure: a number, a status or a reason; grey, or to fill in."""
        colours = _GREY if grey else self.fill
        cell_style = self.styles.get(num_format=self.number_style(kpi), **colours)
        if obs is None:
            sheet.write_blank(row, column, None, cell_style)
        elif obs.value is not None:
            sheet.write_number(row, column, float(obs.value), cell_style)
        elif obs.status is not None:
            sheet.write_string(row, column, self.phrases.status(obs.status), cell_style)
        elif grey and obs.missing is not None:
            sheet.write_string(row, column, self.labels.missing[obs.missing], cell_style)
        else:
            sheet.write_blank(row, column, None, cell_style)

    def finish(self, sheet: Any, layout: EntryLayout, kpis: Sequence[Kpi]) -> None:
        """Drop-downs, frozen headings, protection and the page set-up."""
        if kpis:
            first, last = layout.first_row - 1, layout.first_row - 2 + len(kpis)
            column = layout.reason_column - 1
            reasons = {"validate": "list", "source": f"={ID_SHEET}!$D$1:$D${len(Missing)}"}
            sheet.data_validation(first, column, last, column, reasons)
            self.status_lists(sheet, layout, kpis)
        sheet.freeze_panes(layout.first_row - 1, 2)
        sheet.protect("", {"format_columns": True, "format_rows": True})
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(layout.first_row - 2)

    def status_lists(self, sheet: Any, layout: EntryLayout, kpis: Sequence[Kpi]) -> None:
        """A drop-down of the plan's statuses in each qualitative KPI's value cell."""
        statuses = len(self.plan.status_categories)
        if not statuses:
            return
        options = {"validate": "list", "source": f"={ID_SHEET}!$E$1:$E${statuses}"}
        column = layout.value_column - 1
        for index, kpi in enumerate(kpis):
            if kpi.scale is Scale.QUALITATIVE:
                row = layout.first_row - 1 + index
                sheet.data_validation(row, column, row, column, options)

    def write_instructions(self, sheet: Any) -> None:
        """The instructions, a paragraph a row."""
        text = self.words["instructions"].format(
            plan=self.plan.title,
            municipality=self.plan.municipality,
            year=self.year_label(self.year),
        )
        sheet.set_column(0, 0, _INSTRUCTIONS_WIDTH)
        style = self.styles.get(text_wrap=True, valign="top")
        for row, line in enumerate(text.split("\n")):
            sheet.write_string(row, 0, line, style)
            lines = math.ceil(display_width(line) / (_INSTRUCTIONS_WIDTH - 4)) or 1
            sheet.set_row(row, _LINE_HEIGHT * lines)
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)


def entry_workbook(
    plan: Plan, year: int, *, kpis: Sequence[Kpi] | None = None, locale: str | None = None
) -> bytes:
    """The entry workbook of ``plan`` for fiscal ``year``: its bytes, the same for the same plan.

    ``kpis`` (the plan's KPIs when None) are the rows; ``locale`` chooses the
    language (the plan's own when None). Raises :class:`ValueError` for an
    unknown locale.
    """
    labels = labels_for(plan, locale)
    stream = io.BytesIO()
    book = new_workbook(stream)
    title = ENTRY_WORDS[labels.locale]["title"].format(
        municipality=plan.municipality, plan=plan.title, year=year
    )
    book.set_properties(
        {
            "title": title[:DOCUMENT_PROPERTY_LENGTH],
            "company": plan.municipality[:DOCUMENT_PROPERTY_LENGTH],
            "created": report_timestamp(plan),
        }
    )
    _EntrySheetWriter(book, plan, year, labels).write(plan.kpis if kpis is None else kpis)
    book.close()
    return stream.getvalue()


@attrs.frozen(kw_only=True)
class EntryFile:
    """One entry workbook to write: where, for which department, and its bytes."""

    path: Path
    department: str
    data: bytes


def _file_part(name: str) -> str:
    """A department's name made safe in a file name on any system."""
    cleaned = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip(" .")
    return cleaned[:_LONGEST_FILE_PART] or "_"


def _departments(kpis: Iterable[Kpi]) -> dict[str, list[Kpi]]:
    groups: dict[str, list[Kpi]] = {}
    for kpi in kpis:
        groups.setdefault(kpi.department, []).append(kpi)
    return groups


def entry_files(
    plan: Plan,
    year: int,
    output: Path,
    *,
    by_department: bool = False,
    locale: str | None = None,
) -> tuple[EntryFile, ...]:
    """The entry workbooks to write at ``output``: one, or one per department.

    By department, each file is named after ``output`` and its department
    (``entry-総務課.xlsx``); the KPIs without a department share one file
    (``entry-担当課なし.xlsx``). Names are made safe, and never the same twice.
    """
    if not by_department:
        data = entry_workbook(plan, year, locale=locale)
        return (EntryFile(path=output, department="", data=data),)
    words = ENTRY_WORDS[labels_for(plan, locale).locale]
    files, taken = [], set()
    for department, kpis in _departments(plan.kpis).items():
        part = _file_part(department or words["no_department"])
        name, count = f"{output.stem}-{part}{output.suffix}", 1
        while name.casefold() in taken:
            count += 1
            name = f"{output.stem}-{part}-{count}{output.suffix}"
        taken.add(name.casefold())
        data = entry_workbook(plan, year, kpis=kpis, locale=locale)
        files.append(EntryFile(path=output.with_name(name), department=department, data=data))
    return tuple(files)
