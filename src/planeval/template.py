"""The starter plan ``planeval init`` writes: small, complete, valid, ready to edit.

It comes in each language planeval writes (English by default, Japanese
with ``locale="ja"``): one builder makes both, and :data:`_TEXT` holds
every word that differs, each key with its English and Japanese side by
side. It holds one of everything a city needs: document metadata, notes, a
grading scheme that grades each KPI against its target and the progress
expected by now, the plan's own direction and rating terms, two named
levels (a strategy with measures linked to KPIs), KPIs (a level, a
lower-is-better KPI with a target of 0 and interim targets, a flow with a
per-year target), an unpublished year with its note, reviews with an
initiative listed again and reference figures, and the section on the
next plan.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from planeval.model import (
    Baseline,
    Category,
    Detail,
    Direction,
    DirectionItem,
    Document,
    Entry,
    EntryRef,
    FiscalYearPeriod,
    GradeRule,
    Initiative,
    InterimTarget,
    Issue,
    Kpi,
    KpiKind,
    Level,
    Meeting,
    Metric,
    Missing,
    NextPlanHeading,
    NextPlanSection,
    Note,
    Observation,
    Plan,
    PlanPeriod,
    Polarity,
    ReferenceIndicator,
    Repeat,
    Review,
    Scope,
    Target,
    YearSpan,
)

__all__ = ["starter_plan"]

#: The starter's words, English then Japanese. An empty text leaves an optional field out.
_TEXT: dict[str, tuple[str, str]] = {
    "municipality": ("Example City", "〇〇市"),
    "title": (
        "Example City Economic Plan (FY2024–FY2028)",
        "第２期〇〇市まち・ひと・しごと創生総合戦略",
    ),
    "document": (
        "Evaluation of the Example City Economic Plan, FY2025",
        "第２期〇〇市まち・ひと・しごと創生総合戦略の評価・検証について（令和７年度実績）",
    ),
    "document_label": ("Document 1", "資料１"),
    "meeting": (
        "1st meeting of the economic planning committee",
        "令和８年度第１回〇〇市総合戦略推進委員会",
    ),
    # The grades: A at the target, B to D by the progress expected by now, - without a value.
    "grades": ("A B C D -", "Ａ Ｂ Ｃ Ｄ －"),
    "grade_a": ("target reached", "目標達成"),
    "grade_b": (
        "on course: as much progress as expected by now, or more",
        "順調（現時点で想定される進捗以上）",
    ),
    "grade_c": (
        "slightly behind: 80% of the progress expected by now or more",
        "やや遅れ（現時点で想定される進捗の８割以上）",
    ),
    "grade_d": ("well behind the progress expected by now", "遅れ（想定される進捗の８割未満）"),
    "grade_none": ("no value yet", "実績値なし"),
    # Direction codes (labelled with a capital in English) and measure ratings.
    "directions": (
        "expand continue improve reduce merge end done",
        "拡充 継続 改善 縮小 統合 廃止 完了",
    ),
    "ratings": ("A B C D", "Ａ Ｂ Ｃ Ｄ"),
    "rating_a": ("worked as planned", "計画どおりの成果があった"),
    "rating_b": ("mostly worked", "概ね計画どおりの成果があった"),
    "rating_c": ("partly worked", "一部で成果があった"),
    "rating_d": ("did not work", "成果がなかった"),
    "note_totals": (
        "Totals include the years before the plan.",
        "累計は計画期間より前の年度を含む。",
    ),
    "note_unpublished_id": ("n1", "注1"),
    "note_unpublished": (
        "The FY2025 survey is published in the autumn of 2026.",
        "令和７年度の事業所調査の結果は、令和８年秋に公表予定。",
    ),
    # The levels, and what each calls its indicators (KPIs are attached where named).
    "goal_level": ("Strategy", "基本目標"),
    "goal_indicators": ("", "数値目標"),
    "measure_level": ("Measure", "施策"),
    "measure_indicators": ("", "ＫＰＩ"),
    "goal": ("A strong local economy", "地域経済の活性化と安心して子育てできる環境づくり"),
    "measure_firms": ("Help local firms grow", "市内企業の成長支援"),
    "measure_childcare": ("Shorten the wait for childcare", "待機児童の解消"),
    "kpi_jobs": ("Jobs in local firms", "市内事業所の従業者数"),
    "kpi_jobs_unit": (" jobs", "人"),
    "kpi_jobs_scope": ("firms with 4 or more employees", "従業者４人以上の事業所"),
    "kpi_jobs_source": ("City business survey", "〇〇市事業所調査"),
    "kpi_waiting": ("Children waiting for a childcare place", "待機児童数"),
    "kpi_waiting_unit": (" children", "人"),
    "kpi_startups": ("Start-ups helped by the city", "創業支援件数"),
    "kpi_startups_unit": (" start-ups", "件"),
    "desk": ("Business advice desk", "経営相談窓口の開設"),
    "desk_text": (
        "Opened an advice desk at the chamber of commerce for firms "
        "planning to grow or to hand over their business.",
        "商工会議所に経営相談窓口を開設し、事業拡大や事業承継を検討する事業者の相談に応じた。",
    ),
    "desk_detail_heading": ("Main work", "主な内容"),
    "desk_detail": ("Advice sessions, seminars", "個別相談会、セミナーの開催"),
    "desk_sessions": ("Advice sessions held", "相談件数"),
    "desk_sessions_unit": (" sessions", "件"),
    "desk_issue": ("Few firms know the desk exists", "窓口の認知度が低い。"),
    "desk_direction": (
        "Advertise the desk through local banks.",
        "地元金融機関と連携し、窓口を周知する。",
    ),
    "nurseries": (
        "Opened two new nurseries in the north of the city.",
        "市北部に保育所を２か所新設した。",
    ),
    "nurseries_issue": ("Too few childcare workers", "保育士が不足している。"),
    "nurseries_direction": (
        "Recruit childcare workers from outside the city.",
        "市外からの保育士の確保に取り組む。",
    ),
    "next_plan": ("Towards the next economic plan", "次期総合戦略の策定に向けて"),
    "next_plan_lead": (
        "Building on this evaluation, the next plan will weigh the following points.",
        "本評価を踏まえ、次期総合戦略では次の点を検討する。",
    ),
    "next_plan_heading": ("Growth of local firms", "市内企業の成長"),
    "next_plan_item": ("Support for firms handing over their business", "事業承継への支援"),
}

_COLUMNS = ("en", "ja")  # the order of the texts in _TEXT
_COLOURS = ("#2E7D32", "#81C784", "#FFF176", "#E57373")  # A to D, grades and ratings alike


class _Words:
    """The starter's words in one language, looked up by their key in :data:`_TEXT`."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._column = _COLUMNS.index(locale)

    def __call__(self, key: str) -> str:
        return _TEXT[key][self._column]

    def optional(self, key: str) -> str | None:
        return self(key) or None

    def split(self, key: str) -> list[str]:
        return self(key).split()


def _observations(
    values: dict[int, int | None], note: str | None = None
) -> tuple[Observation, ...]:
    return tuple(
        Observation(fiscal_year=year, value=Decimal(value))
        if value is not None
        else Observation(fiscal_year=year, missing=Missing.UNPUBLISHED, note=note)
        for year, value in values.items()
    )


def _grading(words: _Words) -> tuple[GradeRule, ...]:
    """The starter's grades: A at the target, B to D by the progress expected by now."""
    a, b, c, d, none = words.split("grades")
    return (
        GradeRule(
            label=a,
            metric=Metric.ACHIEVEMENT_RATE,
            at_least=Decimal(100),
            colour=_COLOURS[0],
            description=words("grade_a"),
        ),
        GradeRule(
            label=b,
            metric=Metric.PROGRESS_AGAINST_EXPECTED,
            at_least=Decimal(100),
            colour=_COLOURS[1],
            description=words("grade_b"),
        ),
        GradeRule(
            label=c,
            metric=Metric.PROGRESS_AGAINST_EXPECTED,
            at_least=Decimal(80),
            colour=_COLOURS[2],
            description=words("grade_c"),
        ),
        GradeRule(
            label=d, metric=Metric.HAS_VALUE, colour=_COLOURS[3], description=words("grade_d")
        ),
        GradeRule(label=none, metric=Metric.NO_VALUE, description=words("grade_none")),
    )


def _attached(words: _Words, level: str, number: int) -> EntryRef | None:
    """Where a KPI hangs, when the plan names its indicators tier by tier (数値目標, ＫＰＩ)."""
    if words.optional(f"{level}_indicators") is None:
        return None
    return EntryRef(level=words(f"{level}_level"), number=number)


def _kpis(words: _Words) -> tuple[Kpi, ...]:
    """The starter's KPIs: one of each kind."""
    return (
        Kpi(
            number=1,
            name=words("kpi_jobs"),
            unit=words("kpi_jobs_unit"),
            scopes=(Scope(text=words("kpi_jobs_scope")),),
            source=words("kpi_jobs_source"),
            attached_to=_attached(words, "goal", 1),
            baseline=Baseline(value=Decimal(12000), period=FiscalYearPeriod(fiscal_year=2023)),
            observations=_observations(
                {2023: 12000, 2024: 12350, 2025: None}, note=words("note_unpublished_id")
            ),
            target=Target(value=Decimal(13000), fiscal_year=2028),
        ),
        Kpi(
            number=2,
            name=words("kpi_waiting"),
            unit=words("kpi_waiting_unit"),
            polarity=Polarity.LOWER_IS_BETTER,
            attached_to=_attached(words, "measure", 2),
            baseline=Baseline(value=Decimal(80), period=FiscalYearPeriod(fiscal_year=2023)),
            observations=_observations({2024: 64, 2025: 50}),
            # A target of 0: its rate is the progress from the baseline (zero_target).
            target=Target(value=Decimal(0), fiscal_year=2028),
            interim_targets=(
                InterimTarget(fiscal_year=2024, value=Decimal(64)),
                InterimTarget(fiscal_year=2025, value=Decimal(48)),
                InterimTarget(fiscal_year=2026, value=Decimal(32)),
                InterimTarget(fiscal_year=2027, value=Decimal(16)),
            ),
        ),
        Kpi(
            number=3,
            name=words("kpi_startups"),
            unit=words("kpi_startups_unit"),
            kind=KpiKind.FLOW,
            attached_to=_attached(words, "measure", 1),
            baseline=Baseline(value=Decimal(3), period=FiscalYearPeriod(fiscal_year=2023)),
            observations=_observations({2024: 4, 2025: 3}),
            target=Target(value=Decimal(4), fiscal_year=2028, per_year=True),
        ),
    )


def _reviews(words: _Words) -> tuple[Review, ...]:
    """The starter's reviews of its measures."""
    expand, keep = words.split("directions")[:2]
    rating_a, rating_b = words.split("ratings")[:2]
    return (
        Review(
            entries=(1,),
            initiatives=(
                Initiative(
                    id="advice-desk",
                    title=words("desk"),
                    years=YearSpan(first=2024),
                    paragraphs=(words("desk_text"),),
                    details=(
                        Detail(heading=words("desk_detail_heading"), text=words("desk_detail")),
                    ),
                    reference_indicators=(
                        ReferenceIndicator(
                            name=words("desk_sessions"),
                            unit=words("desk_sessions_unit"),
                            observations=_observations({2024: 120, 2025: 164}),
                        ),
                    ),
                ),
            ),
            issues=(Issue(text=words("desk_issue")),),
            direction=Direction(
                category=expand, items=(DirectionItem(text=words("desk_direction")),)
            ),
            rating=rating_b,
        ),
        Review(
            entries=(2,),
            initiatives=(
                Initiative(
                    paragraphs=(words("nurseries"),),
                    years=YearSpan(first=2024, last=2025),
                ),
                Repeat(repeat_of="advice-desk"),
            ),
            issues=(Issue(text=words("nurseries_issue")),),
            direction=Direction(
                category=keep, items=(DirectionItem(text=words("nurseries_direction")),)
            ),
            rating=rating_a,
        ),
    )


def starter_plan(locale: str = "en") -> Plan:
    """Return the starter plan: an example of every section, to be edited.

    ``locale`` is its language: ``en`` (the default) or ``ja``, a Japanese
    city's plan (〇〇市まち・ひと・しごと創生総合戦略) of the same shape.
    Raises :class:`ValueError` naming the locales there are, for another.
    """
    if locale not in _COLUMNS:
        raise ValueError(f"no starter plan for locale {locale!r}; there are: {', '.join(_COLUMNS)}")
    words = _Words(locale)
    return Plan(
        municipality=words("municipality"),
        title=words("title"),
        document=Document(
            title=words("document"),
            label=words("document_label"),
            meeting=Meeting(name=words("meeting"), date=datetime.date(2026, 7, 10)),
            as_of=datetime.date(2026, 6, 30),
        ),
        period=PlanPeriod(first=2024, last=2028),
        locale=locale,
        fiscal_year_start_month=4,
        grading=_grading(words),
        direction_categories=tuple(
            Category(code=code, label=code.capitalize() if code.isascii() else None)
            for code in words.split("directions")
        ),
        measure_ratings=tuple(
            Category(code=code, description=words(f"rating_{letter}"), colour=colour)
            for code, letter, colour in zip(words.split("ratings"), "abcd", _COLOURS, strict=True)
        ),
        notes=(
            Note(text=words("note_totals")),
            Note(id=words("note_unpublished_id"), text=words("note_unpublished")),
        ),
        levels=(
            Level(name=words("goal_level"), indicators=words.optional("goal_indicators")),
            Level(name=words("measure_level"), indicators=words.optional("measure_indicators")),
        ),
        entries=(
            Entry(
                number=1,
                title=words("goal"),
                entries=(
                    Entry(number=1, title=words("measure_firms"), priority=True, kpis=(1, 3)),
                    Entry(number=2, title=words("measure_childcare"), kpis=(2,)),
                ),
            ),
        ),
        kpis=_kpis(words),
        reviews=_reviews(words),
        next_plan=NextPlanSection(
            title=words("next_plan"),
            lead=words("next_plan_lead"),
            headings=(
                NextPlanHeading(title=words("next_plan_heading"), items=(words("next_plan_item"),)),
            ),
        ),
    )
