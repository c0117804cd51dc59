"""Build the report model from a plan's evaluation and the labels of one language.

With :mod:`planeval.report.kpi_table`, this is the one place where a report's
wording is decided: the KPI table there; here the reviews (an initiative's
text, （再掲）, the direction and rating), the reference figures, the next
plan and the document's facts. Exporters lay out what :func:`build_report`
returns.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from planeval.evaluation import PlanEvaluation
from planeval.model import (
    DirectionItem,
    Entry,
    Initiative,
    Issue,
    Observation,
    ReferenceIndicator,
    Repeat,
    Review,
)
from planeval.report.charts import build_charts
from planeval.report.kpi_table import build_kpi_table, decimal_places, text_cell
from planeval.report.labels import Labels
from planeval.report.model import (
    CHART_LIMIT,
    Cell,
    DocumentInfo,
    Fact,
    Figure,
    GradeMark,
    InitiativeEntry,
    ItemEntry,
    NextPlan,
    NextPlanHeadingEntry,
    ReferenceRow,
    ReferenceTable,
    ReportModel,
    ReviewEntry,
    SectionEntry,
)
from planeval.report.phrases import Item, Phrases, items_by_id, report_timestamp, resolve
from planeval.structure import PlacedEntry, reviewed_entries

__all__ = ["build_report"]


class _ReportBuilder:
    """Builds the report model of one evaluation in one language."""

    def __init__(self, evaluation: PlanEvaluation, labels: Labels, *, year_lines: bool) -> None:
        self.evaluation = evaluation
        self.year_lines = year_lines
        self.plan = evaluation.plan
        self.labels = labels
        self.phrases = Phrases(self.plan, labels)
        self.by_id = items_by_id(self.plan)
        self.reviewed = reviewed_entries(self.plan)
        self.covered = {number for review in self.plan.reviews for number in review.entries}
        # The first of a repeated number, as a scan in document order finds it.
        self.reviewed_order: dict[int, int] = {}
        for position, placed in enumerate(self.reviewed):
            self.reviewed_order.setdefault(placed.entry.number, position)
        self.places: dict[tuple[int, ...], tuple[tuple[str, ...], tuple[str, ...], str]] = {}

    # -- the review of measures ------------------------------------------------------

    def initiative(self, listed: Initiative | Repeat) -> InitiativeEntry:
        initiative, repeated = resolve(listed, self.by_id)
        assert isinstance(initiative, Initiative)
        phrases = self.phrases
        years = phrases.year_span(initiative.years) if initiative.years else ""
        details = tuple(phrases.detail(d.heading, d.text) for d in initiative.details)
        lead, lines = self.running_text(initiative, years, details, repeated=repeated)
        return InitiativeEntry(
            title=initiative.title,
            years=years,
            paragraphs=initiative.paragraphs,
            details=details,
            references=tuple(phrases.reference(ind) for ind in initiative.reference_indicators),
            repeated=repeated,
            lead=lead,
            lines=lines,
        )

    def running_text(
        self, initiative: Initiative, years: str, details: tuple[str, ...], *, repeated: bool
    ) -> tuple[str, tuple[str, ...]]:
        """An initiative's first line (■ title (years)) and the lines after it."""
        mark = self.labels.repeat_mark if repeated else ""
        rest = list(initiative.paragraphs)
        # An untitled initiative's first paragraph follows the ■ directly.
        head = initiative.title if initiative.title is not None else (rest.pop(0) if rest else "")
        rest += details
        # （再掲） closes the item's text, where the source prints it.
        if rest:
            rest[-1] += mark
        else:
            years += mark
        # English sets a title's years apart: collection (FY2023–).
        gap = self.labels.year_span_gap if years and head else ""
        return f"{self.labels.item_mark} {head}{gap}{years}", tuple(rest)

    def item(self, listed: Issue | DirectionItem | Repeat) -> ItemEntry:
        item: Item
        item, repeated = resolve(listed, self.by_id)
        assert isinstance(item, Issue | DirectionItem)
        mark = self.labels.repeat_mark if repeated else ""
        line = f"{self.labels.item_mark} {item.text}{mark}"
        return ItemEntry(text=item.text, repeated=repeated, line=line)

    def place(self, numbers: tuple[int, ...]) -> tuple[tuple[str, ...], tuple[str, ...], str]:
        """The parents' headings, entry headings and priority mark a review belongs under."""
        found = self.places.get(numbers)
        if found is None:
            found = self.places[numbers] = self.find_place(numbers)
        return found

    def find_place(self, numbers: tuple[int, ...]) -> tuple[tuple[str, ...], tuple[str, ...], str]:
        # In document order: the first entry's parents, each entry's own heading.
        order = self.reviewed_order
        covered = sorted(order[n] for n in set(numbers) if n in order)
        path: tuple[str, ...] = ()
        lines: list[str] = []
        priority = ""
        for position in covered:
            placed = self.reviewed[position]
            if not lines:
                path = self.parent_headings(placed)
            lines.append(
                self.phrases.entry_heading(placed.level, placed.entry, with_priority=False)
            )
            if placed.entry.priority:
                priority = self.phrases.priority(placed.level)
        return path, tuple(lines), priority

    def parent_headings(self, placed: PlacedEntry) -> tuple[str, ...]:
        return tuple(
            self.phrases.entry_heading(level, parent) for level, parent in enumerate(placed.parents)
        )

    def review(self, review: Review) -> ReviewEntry:
        labels, phrases = self.labels, self.phrases
        path, entries, priority = self.place(review.entries)
        category = phrases.category(review.direction.category)
        direction = labels.direction_heading.format(category=category)
        rating = self.rating(review)
        return ReviewEntry(
            path=path,
            entries=entries,
            priority=priority,
            initiatives=tuple(self.initiative(entry) for entry in review.initiatives),
            issues=tuple(self.item(entry) for entry in review.issues),
            direction_heading=direction,
            direction_and_rating=direction
            if rating is None
            else labels.direction_and_rating.format(direction=direction, rating=rating.label),
            direction_items=tuple(self.item(entry) for entry in review.direction.items),
            rating=rating,
        )

    def rating(self, review: Review) -> GradeMark | None:
        if review.rating is None:
            return None
        declared = {category.code: category for category in self.plan.measure_ratings}
        category = declared.get(review.rating)
        label = self.phrases.category(review.rating, ratings=True)
        return GradeMark(label=label, colour=None if category is None else category.colour)

    def sections(
        self, entries: tuple[Entry, ...], level: int, reviews: dict[int, ReviewEntry]
    ) -> tuple[SectionEntry, ...]:
        """The entries at ``level`` and below as headings, each review after its last entry.

        An entry no review covers, with none under it, is left out: a heading
        with nothing to say.
        """
        last = level == len(self.plan.levels) - 1
        sections = (
            SectionEntry(
                heading=self.phrases.entry_heading(level, entry),
                level=level,
                entries=self.sections(entry.entries, level + 1, reviews),
                review=reviews.get(entry.number) if last else None,
            )
            for entry in entries
        )
        return tuple(
            section
            for section, entry in zip(sections, entries, strict=True)
            if section.entries or (last and entry.number in self.covered)
        )

    def closing_reviews(self, built: tuple[ReviewEntry, ...]) -> dict[int, ReviewEntry]:
        """Each review by the last entry it covers, in document order: where it is printed."""
        order = self.reviewed_order
        return {
            max(review.entries, key=lambda number: order.get(number, -1)): entry
            for review, entry in zip(self.plan.reviews, built, strict=True)
            if review.entries
        }

    def references(self) -> ReferenceTable | None:
        found = list(self.reference_rows())
        if not found:
            return None
        years = sorted({obs.fiscal_year for _, _, ind in found for obs in ind.observations})
        rows = []
        for entries, where, indicator in found:
            by_year = {obs.fiscal_year: obs for obs in indicator.observations}
            values = tuple(
                _reference_cell(by_year.get(year), indicator.unit, self.phrases) for year in years
            )
            rows.append(
                ReferenceRow(entries=entries, initiative=where, name=indicator.name, values=values)
            )
        labels = self.labels
        return ReferenceTable(
            title=labels.reference_brackets + labels.reference_indicators,
            year_headings=tuple(self.phrases.fiscal_year(year) for year in years),
            rows=tuple(rows),
        )

    def reference_rows(self) -> Iterator[tuple[str, str, ReferenceIndicator]]:
        for review in self.plan.reviews:
            entries = "\n".join(self.place(review.entries)[1])
            for initiative in review.initiatives:
                if isinstance(initiative, Initiative):
                    where = initiative.title or initiative.paragraphs[0]
                    for indicator in initiative.reference_indicators:
                        yield entries, where, indicator

    # -- the next plan and the document -------------------------------------------------

    def next_plan(self, number: int) -> NextPlan | None:
        section = self.plan.next_plan
        if section is None:
            return None
        labels = self.labels
        return NextPlan(
            heading=self.phrases.section_heading(number, section.title),
            title=section.title,
            lead=section.lead,
            headings=tuple(
                NextPlanHeadingEntry(
                    title=f"{labels.item_mark} {heading.title}",
                    items=tuple(f"{labels.sub_item_mark}{item}" for item in heading.items),
                )
                for heading in section.headings
            ),
        )

    def document(self) -> DocumentInfo:
        plan, labels, phrases = self.plan, self.labels, self.phrases
        document = plan.document
        meeting = document.meeting
        header = [document.label or ""]
        if meeting is not None:
            header.append(f"{phrases.date(meeting.date, short=True)} {meeting.name}")
        facts = (
            Fact(label=labels.municipality, text=plan.municipality),
            Fact(label=labels.plan_title, text=plan.title),
            Fact(label=labels.plan_period, text=phrases.period()),
            Fact(label=labels.document_title, text=document.title),
            Fact(label=labels.document_label, text=document.label),
            Fact(label=labels.meeting, text=meeting.name if meeting else None),
            self.date_fact(labels.meeting_date, meeting.date if meeting else None),
            self.date_fact(labels.as_of, document.as_of),
        )
        return DocumentInfo(
            title=document.title,
            plan_title=plan.title,
            municipality=plan.municipality,
            header_lines=tuple(header),
            facts=facts,
            created=report_timestamp(plan),
        )

    def date_fact(self, label: str, day: datetime.date | None) -> Fact:
        if day is None:
            return Fact(label=label, text=None)
        short, long = self.phrases.date(day, short=True), self.phrases.date(day)
        return Fact(label=label, text=short, date=day, long_text=long)

    def grade_legend(self) -> tuple[GradeMark, ...]:
        seen: dict[str, GradeMark] = {}
        for rule in self.plan.grading:
            seen.setdefault(rule.label, GradeMark(label=rule.label, colour=rule.colour))
        return tuple(seen.values())

    def build(self) -> ReportModel:
        labels, phrases, plan = self.labels, self.phrases, self.plan
        reviews = tuple(self.review(review) for review in plan.reviews)
        # A section with nothing in it is left out, and the next takes its number.
        reviews_title = phrases.reviews_title()
        kpi_table = build_kpi_table(self.evaluation, phrases, year_lines=self.year_lines)
        number = 1
        kpi_heading = None
        if plan.kpis or plan.notes:  # the notes are printed with the KPI table
            kpi_heading = phrases.section_heading(number, kpi_table.heading)
            number += 1
        reviews_heading = None
        if reviews:
            reviews_heading = phrases.section_heading(number, reviews_title)
            number += 1
        charts, omitted = build_charts(self.evaluation, phrases)
        return ReportModel(
            document=self.document(),
            kpi_heading=kpi_heading,
            kpi_table=kpi_table,
            charts=charts,
            charts_heading=labels.charts_heading if charts else None,
            charts_omitted=labels.charts_omitted(omitted, CHART_LIMIT),
            charts_omitted_kpis=omitted,
            reviews_title=reviews_title,
            reviews_heading=reviews_heading,
            reviews_sheet=phrases.reviews_sheet(),
            level_names=tuple(level.name for level in plan.levels),
            priority_heading=phrases.priority(len(plan.levels) - 1),
            sections=self.sections(plan.entries, 0, self.closing_reviews(reviews))
            if reviews
            else (),
            reviews=reviews,
            rating_heading=labels.rating if plan.measure_ratings else None,
            repeat_cell=labels.repeat_mark.strip(),
            references=self.references(),
            grade_legend=self.grade_legend(),
            next_plan=self.next_plan(number),
        )


def _reference_cell(observation: Observation | None, unit: str, phrases: Phrases) -> Cell | None:
    if observation is None:
        return None
    if observation.value is None:
        return text_cell(phrases.missing_with_note(observation))
    note = phrases.note_mark(observation.note) or ""
    decimals = decimal_places(observation.value)
    return Figure(number=observation.value, unit=unit, decimals=decimals, note=note)


def build_report(
    evaluation: PlanEvaluation, labels: Labels, *, year_lines: bool = False
) -> ReportModel:
    """Decide everything a report of ``evaluation`` says in the language of ``labels``.

    ``year_lines`` adds each KPI's value and rate in every year as lines for
    a terminal (``KpiRow.brief_years``, printed by ``summary --years``); no
    file format prints them, so they are left out unless asked for.
    """
    return _ReportBuilder(evaluation, labels, year_lines=year_lines).build()
