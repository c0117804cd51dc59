"""The starter plans of ``planeval init``: the English default and the Japanese one."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

import planeval
from planeval.io.plan_files import plan_from_json, plan_to_json
from planeval.locales import LOCALES
from planeval.template import starter_plan
from planeval.validation import check_plan

from .conftest import run_planeval as run

#: Words of the Japanese starter that every report should carry.
JAPANESE = ("〇〇市", "市内事業所の従業者数", "待機児童数", "創業支援件数", "令和")


def test_there_is_a_starter_in_every_locale_and_english_is_the_default() -> None:
    assert {locale: starter_plan(locale).locale for locale in LOCALES} == {"ja": "ja", "en": "en"}
    assert starter_plan() == starter_plan("en")


def test_an_unknown_locale_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="no starter plan for locale 'fr'; there are: en, ja"):
        starter_plan("fr")


def test_the_japanese_starter_is_a_japanese_citys_plan_of_the_same_shape() -> None:
    english, japanese = starter_plan("en"), starter_plan("ja")
    assert check_plan(japanese) == []
    assert plan_from_json(plan_to_json(japanese)) == japanese
    assert (japanese.municipality, japanese.title) == (
        "〇〇市",
        "第２期〇〇市まち・ひと・しごと創生総合戦略",
    )
    assert (
        japanese.document.label,
        japanese.document.meeting and japanese.document.meeting.name,
    ) == (
        "資料１",
        "令和８年度第１回〇〇市総合戦略推進委員会",
    )
    assert [(level.name, level.indicators) for level in japanese.levels] == [
        ("基本目標", "数値目標"),
        ("施策", "ＫＰＩ"),
    ]
    assert [(k.name, k.unit) for k in japanese.kpis] == [
        ("市内事業所の従業者数", "人"),
        ("待機児童数", "人"),
        ("創業支援件数", "件"),
    ]
    assert [(k.kind, k.polarity, k.attached_to and k.attached_to.level) for k in japanese.kpis] == [
        (k.kind, k.polarity, level)
        for k, level in zip(english.kpis, ["基本目標", "施策", "施策"], strict=True)
    ]
    assert [c.code for c in japanese.direction_categories] == [
        "拡充",
        "継続",
        "改善",
        "縮小",
        "統合",
        "廃止",
        "完了",
    ]
    assert [c.code for c in japanese.measure_ratings] == ["Ａ", "Ｂ", "Ｃ", "Ｄ"]
    assert (japanese.grading[0].label, japanese.grading[0].description) == ("Ａ", "目標達成")
    assert japanese.kpis[0].observations[-1].note == "注1"
    assert [n.id for n in japanese.notes] == [None, "注1"]
    # The same figures, links and structure: only the words differ.
    for theirs, ours in zip(english.kpis, japanese.kpis, strict=True):
        assert (ours.baseline, ours.target, ours.interim_targets) == (
            theirs.baseline,
            theirs.target,
            theirs.interim_targets,
        )
    assert [r.entries for r in japanese.reviews] == [r.entries for r in english.reviews]
    assert [r.direction.category for r in japanese.reviews] == ["拡充", "継続"]


def test_the_japanese_starter_exports_in_japanese(tmp_path: Path) -> None:
    plan = tmp_path / "starter.json"
    assert run("init", str(plan), "--locale", "ja").returncode == 0
    result = run("export", str(plan), "--all", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    workbook = openpyxl.load_workbook(tmp_path / "out" / "starter.xlsx")
    cells = " ".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    document = docx.Document(str(tmp_path / "out" / "starter.docx"))
    text = "".join(document.element.body.itertext()) + "".join(
        p.text for section in document.sections for p in section.header.paragraphs
    )
    exported = (tmp_path / "out" / "starter.json").read_text(encoding="utf-8")
    for words in (cells, text, exported):
        assert [word for word in JAPANESE[:-1] if word not in words] == []
    for words in (cells, text):  # Japanese-era years
        assert JAPANESE[-1] in words
    assert [word for word in ("■", "（再掲）", "資料１", "拡充") if word not in text] == []
    assert planeval.load_plan(tmp_path / "out" / "starter.json") == starter_plan("ja")
