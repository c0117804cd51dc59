"""Problem messages by stable code, in each language planeval speaks.

A :class:`~planeval.errors.Problem` carries a stable ``code`` (such as
``value.not_a_number``) and the figures its message needs (``params``);
its words are rendered here, from :data:`MESSAGES`, in the language asked
for. Python callers match on the code, which never changes with the
language; people read the words. A language other than English reads
Japanese, since the plans planeval is made for are Japanese.

Two kinds of parameter are worded per language too: ``given`` and
``fresh`` hold a value as :func:`planeval.io.json_text.describe` shows it
(``'abc'``, ``a list``), which Japanese shows as 「abc」 or リスト; ``kind``,
``expected`` and ``what`` hold a key of :data:`TERMS` (``stock``,
``initiative``, ``KPIs``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping

__all__ = [
    "MESSAGES",
    "TERMS",
    "message_language",
    "placeholders",
    "printable",
    "render_message",
]

#: Each code's message, as a ``str.format`` template per language. English
#: quotes text with ``!r``; Japanese puts it in 「」. Codes never change; the
#: words may.
MESSAGES: dict[str, dict[str, str]] = {
    # -- the file and its text --------------------------------------------------
    "file.unreadable": {
        "en": "cannot read the file: {reason}",
        "ja": "ファイルを読み込めません（{reason}）",
    },
    "file.too_large": {
        "en": "the file is larger than {limit} bytes, the most a plan file may be",
        "ja": "ファイルが大きすぎます。計画ファイルは{limit}バイト以下にしてください",
    },
    "file.export_too_large": {
        "en": "the file is larger than {limit} bytes, the most an exported plan file may be",
        "ja": "ファイルが大きすぎます。出力した計画ファイルは{limit}バイト以下にしてください",
    },
    "text.too_large": {
        "en": "the text is larger than {limit} bytes, the most a plan file may be",
        "ja": "テキストが大きすぎます。計画ファイルは{limit}バイト以下にしてください",
    },
    "text.export_too_large": {
        "en": "the text is larger than {limit} bytes, the most an exported plan file may be",
        "ja": "テキストが大きすぎます。出力した計画ファイルは{limit}バイト以下にしてください",
    },
    "file.not_utf8": {
        "en": "not UTF-8 text: byte 0x{byte} at offset {offset}",
        "ja": "UTF-8のテキストではありません（先頭から{offset}バイト後の0x{byte}）。"
        "UTF-8で保存してください",
    },
    "file.encoding": {
        "en": "this file is {encoding}, not UTF-8: save it as UTF-8",
        "ja": "このファイルは{encoding}で保存されています。UTF-8で保存し直してください",
    },
    "file.syntax": {
        "en": "not {format}: {reason}",
        "ja": "{format}として読めません（{reason}）",
    },
    "json.invalid": {
        "en": "not valid JSON: {reason}",
        "ja": "JSONの書き方に誤りがあります（{reason}）",
    },
    "json.too_deep": {
        "en": "JSON nested too deeply",
        "ja": "JSONの入れ子が深すぎます",
    },
    "format.not_whole_number": {
        "en": "must be a whole number from 1",
        "ja": "1以上の整数を入力してください",
    },
    "format.newer": {
        "en": "format {version} was written by a newer planeval; "
        "this one reads formats up to {latest}: upgrade planeval",
        "ja": "形式{version}は新しいplanevalで書かれています。"
        "このplanevalが読めるのは形式{latest}までです。planevalを更新してください",
    },
    "reader.failed": {
        "en": "the reader {reader!r} ({distribution}) failed: {error}",
        "ja": "読み込み機能「{reader}」（{distribution}）でエラーが起きました（{error}）",
    },
    "reader.returned": {
        "en": "the reader {reader!r} ({distribution}) returned {foreign}",
        "ja": "読み込み機能「{reader}」"
        "（{distribution}）が計画のデータにない値を返しました（{foreign}）",
    },
    "reader.broken": {
        "en": "no reader claims {name!r}, so it was read as JSON; "
        "these readers are installed but broken: {readers}",
        "ja": "「{name}」を読む読み込み機能がないため、JSONとして読みました。"
        "次の読み込み機能はインストールされていますが、壊れています: {readers}",
    },
    "example.unknown": {
        "en": "no example named {name!r} (available: {available})",
        "ja": "「{name}」という例はありません（あるもの: {available}）",
    },
    "problems.more": {
        "en": "… and more problems not shown (at most {limit} are listed)",
        "ja": "…ほかにも問題があります（表示は{limit}件までです）",
    },
    # -- keys and values as the loader reads them -------------------------------
    "key.unknown": {"en": "unknown key", "ja": "このキーは使えません"},
    "key.missing": {"en": "required key missing", "ja": "必要なキーがありません"},
    "key.duplicate": {"en": "key given more than once", "ja": "同じキーが2回以上あります"},
    "value.invalid": {
        "en": "invalid value ({reason})",
        "ja": "値が正しくありません（{reason}）",
    },
    "value.not_text": {
        "en": "expected text, got {given}",
        "ja": "文字を入力してください（{given}）",
    },
    "value.empty_text": {
        "en": "expected text, got an empty string",
        "ja": "空欄にせず、文字を入力してください",
    },
    "value.not_whole_number": {
        "en": "expected a whole number, got {given}",
        "ja": "整数を入力してください（{given}）",
    },
    "value.not_boolean": {
        "en": "expected true or false, got {given}",
        "ja": "true か false を入力してください（{given}）",
    },
    "value.not_a_number": {
        "en": "expected a number, got {given}",
        "ja": "数値を入力してください（{given}）",
    },
    "value.not_a_date": {
        "en": "expected a date as YYYY-MM-DD, got {given}",
        "ja": "日付はYYYY-MM-DDの形で入力してください（{given}）",
    },
    "value.not_a_month": {
        "en": "expected a month as YYYY-MM, got {given}",
        "ja": "年月はYYYY-MMの形で入力してください（{given}）",
    },
    "value.not_a_choice": {
        "en": "expected one of {choices}, got {given}",
        "ja": "{choices}のいずれかを入力してください（{given}）",
    },
    "value.not_a_list": {
        "en": "expected a list, got {given}",
        "ja": "リスト（[ ]）で入力してください（{given}）",
    },
    "value.not_an_object": {
        "en": "expected an object, got {given}",
        "ja": "オブジェクト（{{ }}）で入力してください（{given}）",
    },
    "value.not_a_period": {
        "en": 'expected a period: {{"fiscal_year": YEAR}} or '
        '{{"first": "YYYY-MM", "last": "YYYY-MM"}}, got {given}',
        "ja": '期間は {{"fiscal_year": 年度}} か {{"first": "YYYY-MM", "last": "YYYY-MM"}} '
        "の形で入力してください（{given}）",
    },
    "value.negative": {"en": "must not be negative", "ja": "0以上の値を入力してください"},
    "date.not_in_calendar": {
        "en": "{given} is not a date in the calendar",
        "ja": "{given}という日付はありません",
    },
    "month.not_in_calendar": {
        "en": "{given} is not a month in the calendar",
        "ja": "{given}という年月はありません",
    },
    "month.not_a_month": {
        "en": "{month} is not a month (1–12)",
        "ja": "{month}は月ではありません。1～12の範囲で入力してください",
    },
    "text.too_long": {
        "en": "text is {length} characters long; at most {limit} are allowed",
        "ja": "{length}文字あります。{limit}文字以内で入力してください",
    },
    "text.character": {
        "en": "character {character} at position {position} is not allowed in text",
        "ja": "{position}文字目の文字（{character}）は使えません。削除してください",
    },
    "number.too_long": {
        "en": "a number of {digits} digits; at most {limit} are allowed",
        "ja": "{digits}桁の数値です。{limit}桁以内で入力してください",
    },
    "number.digits": {
        "en": "{given} has {digits} digits; at most {limit} are allowed",
        "ja": "{given}は{digits}桁あります。{limit}桁以内で入力してください",
    },
    "number.out_of_range": {
        "en": "{given} is out of range: numbers must lie within 1e-{exponent} and 1e{exponent}",
        "ja": "{given}は範囲外です。数値は1e-{exponent}～1e{exponent}の範囲で入力してください",
    },
    "number.not_finite": {
        "en": "{value} is not a finite number",
        "ja": "{value}は有限の数値ではありません。数値を入力してください",
    },
    "list.too_long": {
        "en": "{count} {what}; at most {limit} are allowed",
        "ja": "{what}が{count}件あります。{limit}件以内にしてください",
    },
    "list.total_too_long": {
        "en": "more than {limit} {what}",
        "ja": "{what}が合わせて{limit}件を超えています。{limit}件以内にしてください",
    },
    # -- plans built in code: Python types ---------------------------------------
    "type.wrong": {
        "en": "{given} where {type} belongs",
        "ja": "ここには{type}を渡してください（渡された値: {given}）",
    },
    "type.float": {
        "en": '{given} where a Decimal belongs: use Decimal("{value}"), which is exact',
        "ja": "ここにはDecimalを渡してください（渡された値: {given}）。"
        'Decimal("{value}")なら正確です',
    },
    "type.int_for_decimal": {
        "en": "{given} where a Decimal belongs: use Decimal({value})",
        "ja": "ここにはDecimalを渡してください（渡された値: {given}）。"
        "Decimal({value})としてください",
    },
    "type.enum_text": {
        "en": "{given} where {type} belongs: use {member}",
        "ja": "ここには{type}を渡してください（渡された値: {given}）。{member}としてください",
    },
    # -- the plan's settings --------------------------------------------------------
    "year.outside_range": {
        "en": "{year} is outside {first}–{last}",
        "ja": "{year}は範囲外です。{first}～{last}年の範囲で入力してください",
    },
    "year.after_plan": {
        "en": "{year} is after the plan's last fiscal year {last}",
        "ja": "{year}は計画の最終年度（{last}）より後です。計画期間内の年度を入力してください",
    },
    "year.before_plan": {
        "en": "{year} is before the plan's first fiscal year {first}",
        "ja": "{year}は計画の初年度（{first}）より前です。計画期間内の年度を入力してください",
    },
    "period.order": {
        "en": "the first fiscal year {first} is after the last {last}",
        "ja": "初年度（{first}）が最終年度（{last}）より後になっています",
    },
    "years.too_many_kpi": {
        "en": "the KPIs are observed in {count} fiscal years together; at most {limit} are allowed",
        "ja": "KPIの値がある年度が合わせて{count}年度あります。{limit}年度以内にしてください",
    },
    "years.too_many_reference": {
        "en": "the reference indicators are observed in {count} fiscal years together; "
        "at most {limit} are allowed",
        "ja": "参考指標の値がある年度が合わせて{count}年度あります。{limit}年度以内にしてください",
    },
    "era.name_not_normalized": {
        "en": "write the era name {name!r} as {normalized!r} (NFKC, no outer spaces)",
        "ja": "元号名「{name}」は「{normalized}」と書いてください（NFKC、前後に空白なし）",
    },
    "era.name_digits": {
        "en": "an era name has no digits, got {name!r}",
        "ja": "元号名に数字は使えません（「{name}」）",
    },
    "era.name_too_long": {
        "en": "an era name of {length} characters; at most {limit} are allowed",
        "ja": "元号名が{length}文字あります。{limit}文字以内で入力してください",
    },
    "era.name_taken": {
        "en": "era name {name!r} is already the name of the era from {start}",
        "ja": "元号名「{name}」は{start}からの元号ですでに使われています",
    },
    "era.letter_format": {
        "en": "expected one capital letter A–Z, got {letter!r}",
        "ja": "大文字のアルファベット1文字（A～Z）を入力してください（「{letter}」）",
    },
    "era.letter_taken": {
        "en": "letter {letter!r} is already {era}'s",
        "ja": "略字「{letter}」は{era}ですでに使われています",
    },
    "era.start_order": {
        "en": "{start} is not after {last_start}, when {last} began: "
        "eras follow each other, oldest first",
        "ja": "{start}が{last}の始まり（{last_start}）より後になっていません。"
        "元号は古い順に並べてください",
    },
    "grade.takes_no_bounds": {
        "en": "the metric {metric!r} takes no bounds",
        "ja": "指標「{metric}」には境界値を指定できません",
    },
    "grade.needs_bound": {
        "en": "the metric {metric!r} needs a bound: above, at_least, below or at_most",
        "ja": "指標「{metric}」には境界値（above、at_least、below、at_most のいずれか）が必要です",
    },
    "grade.both_bounds": {
        "en": "give {first} or {second}, not both",
        "ja": "{first}と{second}は、どちらか一方だけを入力してください",
    },
    "grade.takes_no_statuses": {
        "en": "only the metric 'status' takes statuses, not {metric!r}",
        "ja": "状態（statuses）を指定できるのは指標「status」だけです（この指標は「{metric}」）",
    },
    "grade.needs_statuses": {
        "en": "the metric 'status' needs statuses: the codes it matches",
        "ja": "指標「status」には、当てはまる状態のコード（statuses）が必要です",
    },
    "path_status.unknown": {
        "en": "{status!r} is not a path status ({codes})",
        "ja": "「{status}」は進み具合の状態にありません（あるもの: {codes}）",
    },
    "status.none_declared": {
        "en": "the plan declares no status_categories",
        "ja": "計画に状態の区分（status_categories）がありません",
    },
    "status.unknown": {
        "en": "{status!r} is not one of the plan's status categories ({codes})",
        "ja": "「{status}」は計画の状態の区分にありません（あるもの: {codes}）",
    },
    "category.duplicate_code": {
        "en": "code {value!r} is given more than once",
        "ja": "コード「{value}」が2回以上あります",
    },
    "colour.format": {
        "en": "expected a colour as #RRGGBB, got {colour!r}",
        "ja": "色は#RRGGBBの形で入力してください（「{colour}」）",
    },
    "locale.unknown": {
        "en": "expected one of {choices}, got {locale!r}",
        "ja": "{choices}のいずれかを入力してください（「{locale}」）",
    },
    "rounding.places": {
        "en": "{places} is outside 0–{limit}",
        "ja": "{places}は範囲外です。0～{limit}の範囲で入力してください",
    },
    "municipality_code.format": {
        "en": "{value!r} is not a 全国地方公共団体コード: six digits, such as 062022",
        "ja": "「{value}」は全国地方公共団体コードではありません。"
        "062022のような6桁の数字で入力してください",
    },
    "municipality_code.check_digit": {
        "en": "{value} is not a valid 全国地方公共団体コード: "
        "its last digit, the check digit, should be {check}",
        "ja": "{value}は正しい全国地方公共団体コードではありません。"
        "最後の桁（検査数字）は{check}のはずです",
    },
    "note.duplicate_id": {
        "en": "note id {value!r} is given more than once",
        "ja": "注記のID「{value}」が2回以上あります",
    },
    "note.unknown": {
        "en": "there is no note with id {id!r}",
        "ja": "ID「{id}」の注記がありません",
    },
    "id.too_long": {
        "en": "an id of {length} characters; at most {limit} are allowed",
        "ja": "IDが{length}文字あります。{limit}文字以内で入力してください",
    },
    "id.duplicate": {
        "en": "id {id!r} is used more than once",
        "ja": "ID「{id}」が2回以上使われています",
    },
    "name.too_long": {
        "en": "a name of {length} characters; at most {limit} are allowed",
        "ja": "名前が{length}文字あります。{limit}文字以内で入力してください",
    },
    "unit.too_long": {
        "en": "a unit of {length} characters; at most {limit} are allowed",
        "ja": "単位が{length}文字あります。{limit}文字以内で入力してください",
    },
    # -- the structure: levels, entries, reviews ---------------------------------------
    "level.missing": {
        "en": "name the levels of the plan's structure (1 to 4)",
        "ja": "計画の階層の名前（1～4階層）を入力してください",
    },
    "level.duplicate_name": {
        "en": "level name {value!r} is given more than once",
        "ja": "階層の名前「{value}」が2回以上あります",
    },
    "level.unknown": {
        "en": "{level!r} is not one of the plan's levels ({names})",
        "ja": "「{level}」は計画の階層にありません（あるもの: {names}）",
    },
    "entry.too_deep": {
        "en": "is at level {level}, but the plan's levels stop at {count}",
        "ja": "{level}階層目にありますが、計画の階層は{count}階層目までです",
    },
    "entry.duplicate_number": {
        "en": "{level} number {number} is given more than once",
        "ja": "{level}の番号{number}が2回以上あります",
    },
    "entry.unknown": {
        "en": "there is no {level} {number}",
        "ja": "{level}{number}がありません",
    },
    "entry.unknown_no_levels": {
        "en": "there is no entry {number}: the plan names no levels",
        "ja": "項目{number}がありません（計画に階層の名前がありません）",
    },
    "entry.unknown_kpi": {
        "en": "there is no KPI {number}",
        "ja": "KPI {number}がありません",
    },
    "entry.duplicate_kpi": {
        "en": "KPI {number} is given more than once",
        "ja": "KPI {number}が2回以上あります",
    },
    "review.no_entries": {
        "en": "names no entry",
        "ja": "評価する項目がありません。項目の番号を入力してください",
    },
    "review.already_reviewed": {
        "en": "{level} {number} is already reviewed at {where}",
        "ja": "{level}{number}はすでに{where}で評価されています",
    },
    "review.unknown_direction": {
        "en": "{category!r} is not one of the plan's direction categories ({codes})",
        "ja": "「{category}」は計画の今後の方向性の区分にありません（あるもの: {codes}）",
    },
    "review.no_ratings": {
        "en": "the plan declares no measure_ratings",
        "ja": "計画に施策の評価の区分（measure_ratings）がありません",
    },
    "review.unknown_rating": {
        "en": "{rating!r} is not one of the plan's measure ratings ({codes})",
        "ja": "「{rating}」は計画の施策の評価の区分にありません（あるもの: {codes}）",
    },
    "initiative.empty": {
        "en": "needs a title or at least one paragraph",
        "ja": "タイトルか、本文を1段落以上入力してください",
    },
    "initiative.years_order": {
        "en": "first {first} is after last {last}",
        "ja": "開始年度（{first}）が終了年度（{last}）より後になっています",
    },
    "repeat.unknown": {
        "en": "no item with id {id!r} comes before it",
        "ja": "これより前にID「{id}」の項目がありません",
    },
    "repeat.kind": {
        "en": "{id!r} is {kind}, not {expected}",
        "ja": "「{id}」は{kind}の項目で、{expected}の項目ではありません",
    },
    "repeat.too_long": {
        "en": "the items listed again print more than {limit} characters together by here; "
        "list fewer again, or shorten them",
        "ja": "再掲する項目の文字数が、ここまでで合わせて{limit}文字を超えています。"
        "再掲を減らすか、短くしてください",
    },
    "cell.entry_titles": {
        "en": "the titles of its entries come to {length} characters with their marks; "
        "a report's cell holds at most {limit} of them",
        "ja": "項目のタイトルが記号を含めて{length}文字あります。"
        "報告書の1つのセルに入るのは{limit}文字までです",
    },
    "cell.initiative_text": {
        "en": "its paragraphs and details come to {length} characters with their marks; "
        "a report's cell holds at most {limit} of them",
        "ja": "本文と詳細が記号を含めて{length}文字あります。"
        "報告書の1つのセルに入るのは{limit}文字までです",
    },
    "cell.reference_figures": {
        "en": "its reference figures come to {length} characters with their marks; "
        "a report's cell holds at most {limit} of them",
        "ja": "参考指標が記号を含めて{length}文字あります。"
        "報告書の1つのセルに入るのは{limit}文字までです",
    },
    "cell.grade_legend": {
        "en": "its label and description come to {length} characters with their marks; "
        "a report's cell holds at most {limit} of them",
        "ja": "評価区分の名前と説明が記号を含めて{length}文字あります。"
        "報告書の1つのセルに入るのは{limit}文字までです",
    },
    "cell.kpi_title": {
        "en": "its name, scopes and source come to {length} characters with their marks; "
        "a report's cell holds at most {limit} of them",
        "ja": "KPIの名前・範囲・出典が記号を含めて{length}文字あります。"
        "報告書の1つのセルに入るのは{limit}文字までです",
    },
    # -- KPIs and their figures --------------------------------------------------------
    "kpi.duplicate_number": {
        "en": "KPI number {number} is given more than once",
        "ja": "KPIの番号{number}が2回以上あります",
    },
    "kpi.scope_order": {
        "en": "since {since} is after until {until}",
        "ja": "開始（since: {since}）が終了（until: {until}）より後になっています",
    },
    "kpi.per_year_target": {
        "en": "a per-year target needs a flow KPI; this one is {kind}",
        "ja": "毎年度の目標（per_year）はフロー（flow）のKPIにだけ指定できます（このKPIは{kind}）",
    },
    "kpi.cap_lower_is_better": {
        "en": "KPI {number} is lower-is-better with the rate actual / target, "
        "where above 100 is worse: capping it at 100 would hide how far it missed",
        "ja": "KPI {number}は低いほど良い指標で、達成率が実績÷目標のため100を超えると悪化です。"
        "100を上限にすると、どれだけ届かなかったかが見えなくなります",
    },
    "kpi.progress_needs_baseline": {
        "en": "the rate formula 'progress_from_baseline' needs a baseline",
        "ja": "達成率の計算式「progress_from_baseline」には基準値が必要です",
    },
    "kpi.zero_target_needs_baseline": {
        "en": "a target of 0 is measured from the baseline (zero_target "
        "'progress_from_baseline'): give a baseline, or another zero_target",
        "ja": "目標値0は基準値からの進み具合で測ります（zero_target「progress_from_baseline」）。"
        "基準値を入力するか、別のzero_targetを指定してください",
    },
    "interim.order": {
        "en": "fiscal year {year} comes after {previous}: "
        "list interim targets once each, in fiscal-year order",
        "ja": "{year}年度が{previous}年度の後にあります。"
        "中間目標は年度順に、1年度1回ずつ入力してください",
    },
    "interim.needs_target": {
        "en": "interim targets need a target",
        "ja": "中間目標には目標値が必要です",
    },
    "interim.after_target": {
        "en": "{year} is after the target's fiscal year {target}",
        "ja": "{year}は目標の年度（{target}）より後です。目標の年度までの年度を入力してください",
    },
    "baseline.month_order": {
        "en": "the first month is after the last",
        "ja": "最初の月が最後の月より後になっています",
    },
    "observation.repeated_year": {
        "en": "fiscal year {year} is given more than once",
        "ja": "{year}年度が2回以上あります",
    },
    "observation.order": {
        "en": "fiscal year {year} comes after {previous}: list observations in fiscal-year order",
        "ja": "{year}年度が{previous}年度の後にあります。年度順に並べてください",
    },
    "observation.needs_value": {
        "en": "needs a value, or missing with its reason",
        "ja": "値を入力するか、値がない理由（missing）を入力してください",
    },
    "observation.needs_status": {
        "en": "needs a status, or missing with its reason",
        "ja": "状態を入力するか、状態がない理由（missing）を入力してください",
    },
    "observation.value_not_missing": {
        "en": "an observation with a value is not missing",
        "ja": "値がある年度に、値がない理由（missing）は入力できません",
    },
    "observation.status_not_missing": {
        "en": "an observation with a status is not missing",
        "ja": "状態がある年度に、状態がない理由（missing）は入力できません",
    },
    "observation.status_not_qualitative": {
        "en": "only a qualitative KPI's years have a status (its scale is 'qualitative')",
        "ja": "状態を入力できるのは定性的なKPI（scaleが「qualitative」）の年度だけです",
    },
    "observation.increment_not_stock": {
        "en": "only a stock KPI has yearly increments; this is {kind}",
        "ja": "年度ごとの増分"
        "（increment）は累計（stock）のKPIにだけ入力できます（このKPIは{kind}）",
    },
    "observation.increment_mismatch": {
        "en": "the running total went from {previous} to {value}, "
        "so the year's count is {change}, not {increment}",
        "ja": "累計が{previous}から{value}になったので、"
        "その年度の数は{increment}ではなく{change}です",
    },
    "qualitative.kind": {
        "en": "a qualitative KPI is graded by its status: it cannot be {kind}",
        "ja": "定性的なKPIは状態で評価するため、種類（kind）を{kind}にはできません。"
        "水準（level）にしてください",
    },
    "qualitative.method": {
        "en": "a qualitative KPI is graded by its status: it has no rate formula",
        "ja": "定性的なKPIは状態で評価するため、達成率の計算式（method）は指定できません。"
        "削除してください",
    },
    "qualitative.baseline": {
        "en": "a qualitative KPI is graded by its status: it has no baseline value",
        "ja": "定性的なKPIは状態で評価するため、基準値は入力できません。削除してください",
    },
    "qualitative.target": {
        "en": "a qualitative KPI is graded by its status: it has no target value",
        "ja": "定性的なKPIは状態で評価するため、目標値は入力できません。削除してください",
    },
    "qualitative.interim_targets": {
        "en": "a qualitative KPI is graded by its status: it has no interim target values",
        "ja": "定性的なKPIは状態で評価するため、中間目標は入力できません。削除してください",
    },
    "qualitative.value": {
        "en": "a qualitative KPI is graded by its status: "
        "give its status for the year, not a value",
        "ja": "定性的なKPIは状態で評価します。値ではなく、その年度の状態を入力してください",
    },
    # -- an export's stored evaluation ---------------------------------------------------
    "evaluation.differs": {
        "en": "is {given}, but the plan's figures give {fresh}: "
        "the computed evaluation is never read; remove it or export the plan again",
        "ja": "{given}となっていますが、計画の数値からは{fresh}になります。"
        "計算済みの評価は読み込まれません。削除するか、計画をもう一度出力してください",
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
    "workbook.field_twice": {
        "en": "the field {field!r} is given twice: keep one row",
        "ja": "項目「{field}」が2回あります。1行にしてください",
    },
    "workbook.header_twice": {
        "en": "the column {header!r} is there twice: keep one",
        "ja": "見出し「{header}」の列が2つあります。1つにしてください",
    },
    "workbook.row_goes_on": {
        "en": "this row has the number of the item above, so it goes on that item, but its "
        "{header!r} differs: give a new item the next number",
        "ja": "この行は上の行と同じ番号なので上の項目の続きですが、「{header}」が上の行と"
        "違います。新しい項目には次の番号を付けてください",
    },
    "note.date_text": {
        "en": "read {given!r} as the date {read}",
        "ja": "「{given}」を日付 {read} と読みました",
    },
    "workbook.unknown_field": {
        "en": "{field!r} is not a field of the plan sheet",
        "ja": "「{field}」は計画シートの項目ではありません",
    },
    "value.not_a_flag": {
        "en": "enter TRUE or FALSE (got {given!r})",
        "ja": "TRUE か FALSE を入力してください（「{given}」）",
    },
    "value.not_numbers": {
        "en": "enter whole numbers separated by commas, such as 1, 2 (got {given!r})",
        "ja": "1, 2 のように番号をカンマで区切って入力してください（「{given}」）",
    },
    "workbook.level_without_name": {
        "en": "a level needs its name: the structure's entries refer to it",
        "ja": "階層の名称を入力してください（体系の各項目が名称で参照します）",
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
    "entry_sheet.not_an_entry_workbook": {
        "en": "not an entry workbook written by planeval entry "
        "(its identification sheet is missing or was changed)",
        "ja": "planeval entry で作成した入力用ブックではありません"
        "（識別用のシートがないか、変更されています）",
    },
    "entry_sheet.kpi_twice": {
        "en": "KPI {kpi} is listed twice (first at {first})",
        "ja": "KPI {kpi} が2回あります（最初は {first}）",
    },
    "entry_sheet.other_plan": {
        "en": "this entry workbook was written for {written_for}, not for {plan}",
        "ja": "この入力用ブックは「{written_for}」のもので、「{plan}」のものではありません",
    },
    "entry_sheet.other_year": {
        "en": "this entry workbook was written for {written_for}, not for {year}",
        "ja": "この入力用ブックは{written_for}のもので、{year}のものではありません",
    },
    "entry_sheet.unknown_kpi": {
        "en": "the plan has no KPI {kpi}",
        "ja": "計画に KPI {kpi} がありません",
    },
    "entry_sheet.unknown_status": {
        "en": "{given!r} is not one of the plan's statuses ({choices})",
        "ja": "「{given}」は計画の状況（{choices}）のどれでもありません",
    },
    "entry_sheet.unknown_reason": {
        "en": "{given!r} is not a reason for no value ({choices})",
        "ja": "「{given}」は値がない理由（{choices}）のどれでもありません",
    },
    "entry_sheet.value_and_reason": {
        "en": "both a value and a reason for no value: keep one",
        "ja": "値と値がない理由の両方が入力されています。どちらか一方にしてください",
    },
    "entry_sheet.note_without_value": {
        "en": "a note without a value: enter the value, or pick the reason there is none",
        "ja": "備考だけが入力されています。値を入力するか、値がない理由を選んでください",
    },
    "entry_sheet.conflict": {
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
    # -- programs the PDF format runs -----------------------------------------------
    "pdf.no_office": {
        "en": "the PDF format needs LibreOffice, and no soffice was found on the PATH: "
        "install LibreOffice (Debian, Ubuntu: sudo apt-get install libreoffice-writer-nogui; "
        "Windows, macOS: from https://www.libreoffice.org/), or set PLANEVAL_SOFFICE "
        "to its soffice program",
        "ja": "PDFの出力にはLibreOfficeが必要ですが、PATHにsofficeが見つかりません。"
        "LibreOfficeをインストールしてください（Debian・Ubuntu: "
        "sudo apt-get install libreoffice-writer-nogui、Windows・macOS: "
        "https://ja.libreoffice.org/ から）。または環境変数PLANEVAL_SOFFICEに"
        "sofficeの場所を指定してください",
    },
    "pdf.soffice_not_found": {
        "en": "PLANEVAL_SOFFICE names {path!r}, which is not a program: point it at "
        "LibreOffice's soffice, or unset it to use the soffice on the PATH",
        "ja": "環境変数PLANEVAL_SOFFICEの「{path}」はプログラムではありません。"
        "LibreOfficeのsofficeの場所を指定するか、PLANEVAL_SOFFICEを消して"
        "PATHのsofficeを使ってください",
    },
    "pdf.no_japanese_font": {
        "en": "no font for Japanese is installed for LibreOffice (fc-list :lang=ja lists "
        "none), so the PDF's Japanese would print as empty boxes: install one "
        "(Debian, Ubuntu: sudo apt-get install fonts-noto-cjk)",
        "ja": "LibreOfficeが使える日本語フォントがありません（fc-list :lang=ja "
        "に何も出ません）。このままではPDFの日本語が空の四角になります。"
        "日本語フォントをインストールしてください（Debian・Ubuntu: "
        "sudo apt-get install fonts-noto-cjk）",
    },
    "pdf.office_failed": {
        "en": "LibreOffice could not convert the report to PDF: {reason}",
        "ja": "LibreOfficeでPDFに変換できませんでした（{reason}）",
    },
    "pdf.office_timeout": {
        "en": "LibreOffice took longer than {seconds} seconds to convert the report to PDF "
        "and was stopped",
        "ja": "LibreOfficeによるPDFへの変換が{seconds}秒以内に終わらなかったため、中止しました",
    },
}


#: The words of the ``kind``, ``expected`` and ``what`` parameters, by key and language.
TERMS: dict[str, dict[str, str]] = {
    "stock": {"en": "a stock", "ja": "累計（stock）"},
    "flow": {"en": "a flow", "ja": "フロー（flow）"},
    "level": {"en": "a level", "ja": "水準（level）"},
    "initiative": {"en": "an initiative", "ja": "実施状況"},
    "issue": {"en": "an issue", "ja": "課題"},
    "direction_item": {"en": "a direction item", "ja": "今後の方向性"},
    # the lists a plan file holds (``what``), and the totals across lists
    "KPIs": {"en": "KPIs", "ja": "KPI"},
    "observations": {"en": "observations", "ja": "年度の値"},
    "interim targets": {"en": "interim targets", "ja": "中間目標"},
    "scopes": {"en": "scopes", "ja": "範囲"},
    "grading rules": {"en": "grading rules", "ja": "評価区分の基準"},
    "direction categories": {"en": "direction categories", "ja": "今後の方向性の区分"},
    "measure ratings": {"en": "measure ratings", "ja": "施策の評価の区分"},
    "notes": {"en": "notes", "ja": "注記"},
    "levels": {"en": "levels", "ja": "階層"},
    "entries": {"en": "entries", "ja": "項目"},
    "reviews": {"en": "reviews", "ja": "評価"},
    "initiatives": {"en": "initiatives", "ja": "実施状況"},
    "paragraphs": {"en": "paragraphs", "ja": "段落"},
    "details": {"en": "details", "ja": "詳細"},
    "reference indicators": {"en": "reference indicators", "ja": "参考指標"},
    "issues": {"en": "issues", "ja": "課題"},
    "direction items": {"en": "direction items", "ja": "今後の方向性"},
    "eras": {"en": "eras", "ja": "元号"},
    "headings": {"en": "headings", "ja": "見出し"},
    "items": {"en": "items", "ja": "項目"},
    "entries at all levels": {"en": "entries at all levels", "ja": "全階層の項目"},
    "initiatives, issues and direction items in all reviews": {
        "en": "initiatives, issues and direction items in all reviews",
        "ja": "全評価の実施状況・課題・今後の方向性",
    },
    "reference indicators in all initiatives": {
        "en": "reference indicators in all initiatives",
        "ja": "全実施状況の参考指標",
    },
}
#: The reasons Python gives for a file it cannot read or parse, by how they
#: begin, in Japanese (``reason``; a reason not listed is shown as given).
REASONS_JA: tuple[tuple[str, str], ...] = (
    ("No such file or directory", "ファイルがありません"),
    ("Is a directory", "ファイルではなくフォルダーです"),
    ("Permission denied", "読み取る権限がありません"),
    ("Expecting value", "値がありません"),
    ("Expecting property name enclosed in double quotes", 'キーを二重引用符（"）で囲んでください'),
    ("Expecting ',' delimiter", "「,」がありません"),
    ("Expecting ':' delimiter", "「:」がありません"),
    ("Extra data", "JSONの終わりの後に余分な文字があります"),
    ("Unterminated string", '文字列が二重引用符（"）で閉じられていません'),
    ("Invalid control character", "文字列の中に使えない制御文字があります"),
    ("Invalid \\", "文字列の中のバックスラッシュ（\\）の使い方が正しくありません"),
    ("Illegal trailing comma", "最後の項目の後の「,」を削除してください"),
)
_TERM_PARAMS = ("kind", "expected", "what")
_DESCRIBED_PARAMS = ("given", "fresh")
#: How Japanese shows the values :func:`~planeval.io.json_text.describe` names in words.
_DESCRIBED_JA = {"a list": "リスト", "an object": "オブジェクト"}
_DIGITS = re.compile(r"a number of (\d+) digits")


def message_language(locale: str | None) -> str:
    """The language messages are written in for ``locale``: English or Japanese."""
    return "en" if locale is not None and locale.lower().startswith("en") else "ja"


def placeholders(template: str) -> frozenset[str]:
    """The names of the parameters a message template fills in."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _described_ja(value: str) -> str:
    """A described value in Japanese: text in 「」, a list or an object named."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return f"「{value[1:-1]}」"
    if digits := _DIGITS.fullmatch(value):
        return f"{digits.group(1)}桁の数値"
    return _DESCRIBED_JA.get(value, value)


def printable(text: str) -> str:
    """Text from a plan as a terminal may show it, on one line: control characters escaped."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _reason_ja(reason: str) -> str:
    """Python's reason for a file it cannot read or parse, in Japanese where it is known."""
    known = (japanese for start, japanese in REASONS_JA if reason.startswith(start))
    return next(known, printable(reason))


def _worded(name: str, value: str, language: str, quoted: bool) -> str:
    """A parameter's value as the message in ``language`` shows it."""
    if name in _TERM_PARAMS and value in TERMS:
        return TERMS[value][language]
    if language == "ja" and name in _DESCRIBED_PARAMS:
        return _described_ja(value)
    if language == "ja" and name == "reason":
        return _reason_ja(value)
    # A value quoted with !r is escaped by repr() already.
    return value if quoted else printable(value)


def render_message(code: str, params: Mapping[str, str], locale: str | None) -> str:
    """The message of ``code`` with ``params`` filled in, in ``locale``'s language."""
    language = message_language(locale)
    template = MESSAGES[code][language]
    quoted = {name for _, name, _, conversion in string.Formatter().parse(template) if conversion}
    worded = {
        name: _worded(name, value, language, name in quoted) for name, value in params.items()
    }
    return template.format_map(worded)
