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
    # Workbooks read back (planeval.io.workbook_zip, workbook_cells, cell_values).
    "workbook.cannot_read": {
        "en": "cannot read the workbook: {reason}",
        "ja": "ブックを読めません：{reason}",
    },
    "workbook.file_too_large": {
        "en": "the workbook is larger than {limit} MB",
        "ja": "ブックが {limit} MB を超えています",
    },
    "workbook.not_a_workbook": {
        "en": "not an Excel workbook (.xlsx)",
        "ja": "Excel ブック（.xlsx）ではありません",
    },
    "workbook.text_file": {
        "en": "a text file (such as CSV), not an Excel workbook: "
        "open it in Excel and save it as .xlsx",
        "ja": "CSV などのテキストファイルで、Excel ブックではありません。"
        "Excel で開き、.xlsx 形式で保存してください",
    },
    "workbook.old_format": {
        "en": "an old-format Excel file (.xls): open it in Excel and save it as .xlsx",
        "ja": "古い形式の Excel ファイル（.xls）です。Excel で開き、.xlsx 形式で保存してください",
    },
    "workbook.encrypted": {
        "en": "the workbook is protected by a password: remove the password and save it again",
        "ja": "ブックがパスワードで保護されています。パスワードを解除して保存し直してください",
    },
    "workbook.corrupt": {
        "en": "the workbook is damaged and cannot be read ({reason})",
        "ja": "ブックが壊れていて読めません（{reason}）",
    },
    "workbook.too_large": {
        "en": "the workbook holds more than {limit} MB once decompressed",
        "ja": "ブックの展開後のサイズが {limit} MB を超えています",
    },
    "workbook.too_many_parts": {
        "en": "the workbook holds {count} parts, more than {limit}",
        "ja": "ブックの構成ファイルが {count} 個あり、上限の {limit} 個を超えています",
    },
    "workbook.zip_bomb": {
        "en": "the workbook's part {member} is compressed suspiciously far (a zip bomb?)",
        "ja": "ブックの構成ファイル {member} の圧縮率が異常です（zip 爆弾の疑い）",
    },
    "workbook.unsafe_xml": {
        "en": "the workbook's part {member} holds XML planeval does not read ({reason})",
        "ja": "ブックの構成ファイル {member} に読み込めない XML があります（{reason}）",
    },
    "workbook.sheet_missing": {
        "en": "the workbook has no sheet {sheet!r} (its sheets: {present})",
        "ja": "ブックにシート「{sheet}」がありません（あるシート：{present}）",
    },
    "workbook.sheet_too_large": {
        "en": "the sheet spans more than {limit} cells",
        "ja": "シートの範囲が {limit} セルを超えています",
    },
    "workbook.formula_without_value": {
        "en": "a formula with no calculated value: open the workbook in Excel and save it, "
        "or enter the value itself",
        "ja": "計算結果が保存されていない数式です。"
        "Excel で開いて保存し直すか、値を直接入力してください",
    },
    "workbook.error_value": {
        "en": "the cell holds the error {error}",
        "ja": "セルがエラー値 {error} です",
    },
    "workbook.merged_cells": {
        "en": "merged cells: unmerge them",
        "ja": "結合されたセルです。結合を解除してください",
    },
    "value.is_a_date": {
        "en": "enter a number, not a date (got {given})",
        "ja": "日付ではなく数値を入力してください（{given}）",
    },
    "value.not_a_whole_number": {
        "en": "enter a whole number (got {given})",
        "ja": "整数を入力してください（{given}）",
    },
    "year.is_a_date": {
        "en": "enter a fiscal year such as 2025 or 令和7年度, not a date (got {given})",
        "ja": "日付ではなく 2025 や 令和7年度 のように年度を入力してください（{given}）",
    },
    "year.not_a_year": {
        "en": "enter a fiscal year such as 2025, 令和7年度 or R7 (got {given!r})",
        "ja": "2025、令和7年度、R7 のように年度を入力してください（「{given}」）",
    },
    "note.full_width_number": {
        "en": "read {given!r} as {read}",
        "ja": "「{given}」を {read} と読みました",
    },
    "note.number_text": {
        "en": "read the text {given!r} as the number {read}",
        "ja": "文字列「{given}」を数値 {read} と読みました",
    },
    "note.era_year": {
        "en": "read {given!r} as fiscal year {year}",
        "ja": "「{given}」を {year} 年度と読みました",
    },
    "note.fiscal_year_text": {
        "en": "read {given!r} as fiscal year {year}",
        "ja": "「{given}」を {year} 年度と読みました",
    },
    # -- plan workbooks (planeval workbook) --
    "workbook.not_a_plan_workbook": {
        "en": "this is not a plan workbook: it has no sheet {sheet!r} (its sheets: {present})",
        "ja": "計画のブックではありません。シート「{sheet}」がありません（あるシート：{present}）",
    },
    "workbook.unknown_header": {
        "en": "the header {header!r} is not one of this sheet's columns",
        "ja": "見出し「{header}」はこのシートの列ではありません",
    },
    "workbook.header_missing": {
        "en": "the column {header!r} is missing from the first row",
        "ja": "1行目に見出し「{header}」の列がありません",
    },
    "workbook.unknown_field": {
        "en": "{field!r} is not a field of the plan sheet",
        "ja": "「{field}」は計画シートの項目ではありません",
    },
    "value.not_a_flag": {
        "en": "enter TRUE or FALSE (got {given!r})",
        "ja": "TRUE か FALSE を入力してください（「{given}」）",
    },
    "value.not_a_date": {
        "en": "enter a date such as 2025-06-30 (got {given!r})",
        "ja": "2025-06-30 のように日付を入力してください（「{given}」）",
    },
    "value.not_numbers": {
        "en": "enter whole numbers separated by commas, such as 1, 2 (got {given!r})",
        "ja": "1, 2 のように番号をカンマで区切って入力してください（「{given}」）",
    },
    "workbook.unknown_level": {
        "en": "{level!r} is not one of the plan's levels ({levels})",
        "ja": "「{level}」は計画の階層（{levels}）にありません",
    },
    "workbook.no_parent": {
        "en": "no entry above has the number {number!r}: list an entry after the one it is under",
        "ja": "上位の番号「{number}」の項目がありません。上位の項目の後の行に記入してください",
    },
    "workbook.no_such_kpi": {
        "en": "there is no KPI {number} on the indicators sheet",
        "ja": "指標シートに KPI {number} がありません",
    },
    "workbook.unknown_choice": {
        "en": "{given!r} is not one of {choices}",
        "ja": "「{given}」は選択肢（{choices}）にありません",
    },
    "workbook.review_number": {
        "en": "number the reviews 1, 2, 3 … in order: this one should be {expected}",
        "ja": "評価番号は 1, 2, 3 … と順に付けてください（ここは {expected}）",
    },
    "workbook.no_such_review": {
        "en": "there is no review {number} on the reviews sheet",
        "ja": "評価シートに評価番号 {number} がありません",
    },
    "workbook.item_number": {
        "en": "number the items 1, 2, 3 … in order: this one should be {expected}",
        "ja": "番号は 1, 2, 3 … と順に付けてください（ここは {expected}）",
    },
    "workbook.item_repeated": {
        "en": "this item's number was used already: only an initiative's text may go on over rows",
        "ja": "この項目番号はすでに使われています。複数行にできるのは実施状況の本文だけです",
    },
    "workbook.no_such_item": {
        "en": "the review has no initiative {number}",
        "ja": "この評価に実施状況の項目 {number} がありません",
    },
    "workbook.repeat_has_no_details": {
        "en": "initiative {number} repeats another one: give its details where it is first written",
        "ja": "実施状況の項目 {number} は再掲です。詳細は再掲元に記入してください",
    },
    # Entry workbooks read into a plan (planeval.io.entry_sheets, planeval.yearly).
    "entry.not_an_entry_workbook": {
        "en": "not an entry workbook written by planeval entry "
        "(its identification sheet is missing or was changed)",
        "ja": "planeval entry で作成した入力用ブックではありません"
        "（識別用のシートがないか、変更されています）",
    },
    "entry.kpi_twice": {
        "en": "KPI {kpi} is listed twice (first at {first})",
        "ja": "KPI {kpi} が2回あります（最初は {first}）",
    },
    "entry.other_plan": {
        "en": "this entry workbook was written for {written_for}, not for {plan}",
        "ja": "この入力用ブックは「{written_for}」のもので、「{plan}」のものではありません",
    },
    "entry.other_year": {
        "en": "this entry workbook was written for {written_for}, not for {year}",
        "ja": "この入力用ブックは{written_for}のもので、{year}のものではありません",
    },
    "entry.unknown_kpi": {
        "en": "the plan has no KPI {kpi}",
        "ja": "計画に KPI {kpi} がありません",
    },
    "entry.unknown_status": {
        "en": "{given!r} is not one of the plan's statuses ({choices})",
        "ja": "「{given}」は計画の状況（{choices}）のどれでもありません",
    },
    "entry.unknown_reason": {
        "en": "{given!r} is not a reason for no value ({choices})",
        "ja": "「{given}」は値がない理由（{choices}）のどれでもありません",
    },
    "entry.value_and_reason": {
        "en": "both a value and a reason for no value: keep one",
        "ja": "値と値がない理由の両方が入力されています。どちらか一方にしてください",
    },
    "entry.note_without_value": {
        "en": "a note without a value: enter the value, or pick the reason there is none",
        "ja": "備考だけが入力されています。値を入力するか、値がない理由を選んでください",
    },
    "entry.conflict": {
        "en": "the plan has {current} and the entry workbook {given}: "
        "give --replace to replace the plan's",
        "ja": "計画の値は {current}、入力用ブックの値は {given} です。"
        "置き換えるには --replace を付けてください",
    },
    "update.not_writable": {
        "en": "planeval update writes plan files in JSON (.json) or as workbooks (.xlsx) only: "
        "convert the plan to one of them first (planeval workbook)",
        "ja": "planeval update が書き込めるのは JSON（.json）とブック（.xlsx）の計画ファイル"
        "だけです。先にどちらかに変換してください（planeval workbook）",
    },
}


def message_language(locale: str | None) -> str:
    """The language messages are written in for ``locale``: English or Japanese."""
    return "en" if locale is not None and locale.lower().startswith("en") else "ja"


def render_message(code: str, params: Mapping[str, str], locale: str | None) -> str:
    """The message of ``code`` with ``params`` filled in, in ``locale``'s language."""
    templates = MESSAGES[code]
    return templates[message_language(locale)].format_map(params)
