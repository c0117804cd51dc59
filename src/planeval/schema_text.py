"""What each key of a plan file means, in English and in Japanese, for the JSON Schema.

The schema (:mod:`planeval.schema`) gives every property these two texts, so
that an editor shows them on hover. Each class of :mod:`planeval.model` that
a plan file holds has an entry here, and each entry names every field of its
class (``tests/test_schema.py`` checks it): a field added without its texts
fails the tests. The English follows the "meaning" column of
``docs/plan-file.md``.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["FIELD_TEXT"]

#: (English, Japanese) for each field, by class name and field name. The
#: plan's ``format_version`` and ``computed_evaluation`` are keys of the file,
#: not fields of the model, and are listed under ``Plan`` with its fields.
FIELD_TEXT: Mapping[str, Mapping[str, tuple[str, str]]] = {
    "Plan": {
        "format_version": (
            "The format the file is written in. Files without it are read as format 1 "
            "and can be rewritten by `planeval upgrade`.",
            "ファイルの形式の版。ないファイルは形式1として読み、`planeval upgrade` で書き直せる。",
        ),
        "municipality": ("The city, town or village.", "市区町村名。"),
        "municipality_code": (
            "Its 全国地方公共団体コード: six digits, the last a check digit (米沢市 062022).",
            "全国地方公共団体コード（6桁、末尾は検査数字。米沢市は 062022）。",
        ),
        "title": ("The plan's title.", "計画の名称（第３期米沢市工業振興計画）。"),
        "document": ("The evaluation document.", "評価資料。"),
        "period": ("The plan's fiscal years.", "計画期間（年度）。"),
        "locale": ("The language of the reports.", "報告書の言語。"),
        "fiscal_year_start_month": ("The month fiscal years start in.", "年度の始まる月。"),
        "fiscal_year_naming": (
            "Whether FY2024 names the year starting or ending in 2024 (English labels).",
            "FY2024 が2024年に始まる年度か終わる年度か（英語の表記）。",
        ),
        "method": ("How rates are computed.", "達成率の計算方法。"),
        "rounding": ("How rates are rounded.", "達成率の端数処理。"),
        "zero_target": (
            "The rate of a KPI whose target is 0.",
            "目標値が0の評価指数の達成率の求め方。",
        ),
        "cap_rates": ("Rates above 100 are printed as 100.", "100を超える達成率を100と表示する。"),
        "yearly_rates": (
            "Reports show a rate for every year with a value, not only the latest.",
            "最新値だけでなく、値のある各年度の達成率を表示する。",
        ),
        "grading": (
            "The rules that grade each KPI; the first that matches wins.",
            "評価指数を評価区分に分ける規則。最初に当てはまる規則で決まる。",
        ),
        "path_tolerance": (
            "How far from the expected path, in % of the planned change, is still on track "
            "(5 when absent).",
            "計画した変化に対する％で、想定の推移からどこまでのずれを順調とみなすか（省略時5）。",
        ),
        "path_origin": (
            "Whether the expected path counts its years from the plan's first year or from "
            "the baseline's year.",
            "想定の推移を計画の初年度から数えるか、基準値の年度から数えるか。",
        ),
        "path_statuses": (
            "The plan's own words for where a KPI stands against its expected path "
            "(codes ahead, on_track, behind).",
            "想定の推移に対する進み具合を表す計画独自の語（コード ahead, on_track, behind。"
            "省略時は順調・概ね順調・遅れ）。",
        ),
        "year_on_year": (
            "The change since the previous published year (前年度比) and its arrows.",
            "前年度比とその矢印の表示。",
        ),
        "status_categories": (
            "The statuses of qualitative KPIs (実施済, 一部実施, 未着手, …).",
            "定性的な評価指数の状況区分（実施済、一部実施、未着手など）。",
        ),
        "direction_categories": (
            "The directions a review may take (拡充, 継続, …).",
            "今後の方向性の区分（拡充、継続など）。",
        ),
        "measure_ratings": (
            "The ratings a review may give (A–D, …).",
            "施策の評価の区分（A～Dなど）。",
        ),
        "notes": ("The notes printed under the KPI table.", "評価指数の表の下に載せる注記。"),
        "levels": (
            "The tiers of the plan's structure as the plan names them, one to four "
            "(基本戦略 → 施策).",
            "計画の体系の階層とその名称、1～4階層（基本戦略→施策など）。",
        ),
        "indicators": (
            "What the plan calls the KPIs attached to the plan itself (評価指数（ＫＰＩ） "
            "when absent).",
            "計画全体に属する評価指数の呼び名（省略時は評価指数（ＫＰＩ））。",
        ),
        "entries": (
            "The entries of the first level, each holding those of the next.",
            "第1階層の項目。各項目が次の階層の項目を持つ。",
        ),
        "kpis": ("The key performance indicators.", "評価指数（ＫＰＩ）。"),
        "reviews": (
            "The written evaluation of the entries of the last level.",
            "最下層の項目（施策）の実施状況・課題・今後の方向性。",
        ),
        "next_plan": ("The closing section on the next plan.", "次期計画に向けた結びの節。"),
        "eras": (
            "Eras after the last one planeval knows, oldest first, to label years and dates in.",
            "planeval が知る最後の元号より後の元号（古い順）。年度と日付の表記に使う。",
        ),
        "computed_evaluation": (
            "Computed by the JSON exporter; checked against a fresh evaluation when loaded, "
            "never trusted.",
            "JSON出力が書く計算結果。読み込み時に改めて計算した結果と照合し、そのままは信用しない。",
        ),
    },
    "Document": {
        "title": ("The evaluation document's own title.", "評価資料の表題。"),
        "label": ("Its label, such as 資料２.", "資料番号（資料２など）。"),
        "meeting": ("The meeting it was handed to.", "提出した会議。"),
        "as_of": (
            "Figures of fiscal years that had not begun by this date are not counted.",
            "この日までに始まっていない年度の数値は数えない。",
        ),
    },
    "Meeting": {
        "name": ("The meeting's name (第１回米沢市工業振興計画策定委員会).", "会議の名称。"),
        "date": ("Its date, printed R7.7.3 in Japanese.", "開催日（和文では R7.7.3 と表示）。"),
    },
    "PlanPeriod": {
        "first": ("The plan's first fiscal year.", "計画期間の初年度。"),
        "last": ("Its last fiscal year.", "計画期間の最終年度。"),
    },
    "Rounding": {
        "places": ("Decimal places of rates.", "達成率の小数点以下の桁数。"),
        "mode": (
            "Ties away from zero, to even, toward zero, away from zero.",
            "四捨五入、偶数丸め、切り捨て、切り上げ。",
        ),
    },
    "GradeRule": {
        "label": ("The grade (S, A, 達成, …).", "評価区分（S、A、達成など）。"),
        "metric": ("The figure the rule looks at.", "規則が見る指標。"),
        "colour": ("The grade's colour in reports, #RRGGBB.", "報告書での区分の色（#RRGGBB）。"),
        "description": ("What the grade means.", "区分の意味。"),
        "above": ("The metric must be greater.", "指標がこの値より大きい。"),
        "at_least": ("The metric must be greater or equal.", "指標がこの値以上。"),
        "below": ("The metric must be less.", "指標がこの値より小さい（未満）。"),
        "at_most": ("The metric must be less or equal.", "指標がこの値以下。"),
        "statuses": (
            "For the metric status only, and required there: the codes of the plan's "
            "status categories the rule matches.",
            "指標 status のときだけ必須：当てはまる状況区分のコード。",
        ),
    },
    "YearOnYear": {
        "tolerance": (
            "A change within it is level (→): in % of the previous value, or in percentage "
            "points for a percentage KPI.",
            "この幅以内の変化は横ばい（→）。前年度の値に対する％、割合の評価指数ではポイント。",
        ),
        "marks": ("Reports show the arrows ↑ → ↓.", "報告書に矢印 ↑ → ↓ を表示する。"),
        "arrows": (
            "Whether ↑ means better or a higher value.",
            "↑ が改善を表すか、値の増加を表すか。",
        ),
    },
    "Category": {
        "code": (
            "What reviews, observations and grading rules refer to.",
            "施策の評価・実績・評価規則が参照するコード。",
        ),
        "label": ("What reports print (the code when absent).", "報告書の表示（省略時はコード）。"),
        "colour": ("Its colour, #RRGGBB.", "色（#RRGGBB）。"),
        "description": ("What it means.", "意味。"),
    },
    "Note": {
        "text": ("The note, without its mark.", "注記の本文（記号を除く）。"),
        "id": (
            "Its label (注1), which observations refer to; a note without one is printed after ※.",
            "実績が参照する注記の番号（注1）。ない注記は※の後に載せる。",
        ),
    },
    "Level": {
        "name": (
            "The level's name, printed in every heading: 基本戦略, 基本目標, 柱, 施策.",
            "階層の名称。各見出しに載る（基本戦略、基本目標、柱、施策）。",
        ),
        "indicators": (
            "What the plan calls the indicators attached at this level: 数値目標, ＫＰＩ.",
            "この階層に属する指標の呼び名（数値目標、ＫＰＩ）。",
        ),
    },
    "Entry": {
        "number": (
            "Its number, unique within its level across the whole plan.",
            "番号。計画全体で階層ごとに一意（施策１～７）。",
        ),
        "title": ("Its title.", "名称。"),
        "priority": ("A priority entry (重点施策).", "重点項目（重点施策）。"),
        "kpis": (
            "The numbers of the KPIs it serves, wherever they are attached.",
            "関係する評価指数の番号。",
        ),
        "entries": ("Its entries at the next level.", "次の階層の項目。"),
    },
    "EntryRef": {
        "level": ("The name of one of the plan's levels.", "計画の階層の名称。"),
        "number": ("The number of an entry at that level.", "その階層の項目の番号。"),
    },
    "Kpi": {
        "number": ("Its number.", "番号。"),
        "name": ("Its name.", "評価指数の名称。"),
        "unit": (
            "Printed after every value (億円); empty for a unitless figure.",
            "値の後に付ける単位（億円）。単位のない数値では空。",
        ),
        "department": (
            "Who reports its figures each year (総務課); entry sheets are split by it.",
            "毎年度の実績を報告する担当課（総務課）。入力シートを担当課ごとに分けるときに使う。",
        ),
        "decimals": (
            "How many decimals its figures are shown with (rounded half up); "
            "without it, each figure shows the digits it was given.",
            "実績値などを表示する小数の桁数（四捨五入）。省略すると、入力した桁のまま表示する。",
        ),
        "scopes": (
            "What it counts, possibly changing over the years.",
            "対象の範囲。年度により変わることがある。",
        ),
        "source": ("Where the figures come from.", "出典。"),
        "figures_by": (
            "calendar_year: a calendar-year survey shown in fiscal-year columns.",
            "calendar_year：暦年の調査を年度の欄に載せている。",
        ),
        "unit_per": (
            "The denominator printed with baseline and target (人 in 万円/人).",
            "基準値と目標値に付ける単位の分母（万円/人 の 人）。",
        ),
        "scale": (
            "Numbers; percentages, whose differences are percentage points; or a status "
            "each year, never given a rate.",
            "数値、割合（差はポイント）、または年度ごとの状況（達成率は求めない）。",
        ),
        "kind": (
            "level: each year stands alone; flow: summed since the plan's first year (延べ); "
            "stock: a running total (累計).",
            "level：各年度の値、flow：計画初年度からの合計（延べ）、stock：累計。",
        ),
        "polarity": ("Which way it improves.", "値が増えると改善か、減ると改善か。"),
        "method": (
            "This KPI's rate method (the plan's when absent).",
            "この評価指数の達成率の計算方法（省略時は計画のもの）。",
        ),
        "attached_to": (
            "The entry the KPI belongs to (the plan itself when absent).",
            "評価指数が属する項目（省略時は計画全体）。",
        ),
        "baseline": ("Where it started.", "基準値。"),
        "observations": ("One per fiscal year, in order.", "進捗状況：年度ごとの実績（年度順）。"),
        "target": ("Where it should get to.", "目標値。"),
        "interim_targets": ("Where it should be on the way.", "途中年度の目標値。"),
    },
    "Scope": {
        "text": (
            "What is counted (従業者4人以上の事業所).",
            "対象の範囲（従業者4人以上の事業所）。",
        ),
        "since": ("From this fiscal year on.", "この年度から。"),
        "until": ("Up to this fiscal year.", "この年度まで。"),
    },
    "Baseline": {
        "value": (
            "The baseline value (a stock's running total; a flow's yearly count).",
            "基準値（累計の指標は累計、延べの指標は単年度の数）。",
        ),
        "period": ("When it was measured.", "基準値を測った期間。"),
    },
    "FiscalYearPeriod": {
        "fiscal_year": (
            "The fiscal year, by the calendar year it starts in (令和元年度 is 2019).",
            "年度（始まる年の西暦。令和元年度は2019）。",
        ),
    },
    "MonthRange": {
        "first": (
            "Its first month (平成30年1月 is 2018-01).",
            "最初の月（平成30年1月は 2018-01）。",
        ),
        "last": ("Its last month.", "最後の月。"),
    },
    "Observation": {
        "fiscal_year": (
            "The fiscal year; years before the plan are reference years (（参考）).",
            "年度。計画期間より前の年度は（参考）。",
        ),
        "value": ("The figure; a stock's running total.", "実績値（累計の指標は累計）。"),
        "increment": (
            "A stock's own count for the year; must agree with its totals.",
            "累計の指標の単年度値。累計と合わなければならない。",
        ),
        "status": (
            "A qualitative KPI's status for the year: the code of one of the plan's "
            "status categories.",
            "定性的な評価指数のその年度の状況（状況区分のコード）。",
        ),
        "missing": ("Why there is no value (未発表).", "値がない理由（未発表など）。"),
        "note": ("The id of a note.", "注記の番号。"),
    },
    "Target": {
        "value": ("The target.", "目標値。"),
        "fiscal_year": ("When it is due, within the plan.", "目標年度（計画期間内）。"),
        "per_year": (
            "A flow's yearly rate (2件/年), counted once for each plan year up to the "
            "target's year.",
            "延べの指標の1年当たりの値（2件/年）。目標年度までの計画年数分を数える。",
        ),
    },
    "InterimTarget": {
        "fiscal_year": (
            "Within the plan, up to the target's year.",
            "年度（計画期間内、目標年度まで）。",
        ),
        "value": ("Where the KPI should be that year.", "その年度の目標値。"),
    },
    "Review": {
        "entries": (
            "The entries of the plan's last level it covers (施策６ and ７ share one).",
            "対象とする最下層の項目の番号（施策６と７で共有することもある）。",
        ),
        "initiatives": ("What was done (実施状況).", "実施状況。"),
        "issues": ("The issues (課題).", "課題。"),
        "direction": ("Where it goes next (今後の方向性).", "今後の方向性。"),
        "rating": (
            "The code of one of the plan's measure ratings.",
            "施策の評価（計画の評価区分のコード）。",
        ),
    },
    "Initiative": {
        "paragraphs": ("Its text, one entry per paragraph.", "本文（段落ごと）。"),
        "id": ("Lets a repeat (（再掲）) refer to it.", "再掲で参照するための識別子。"),
        "title": ("Its title; some initiatives have none.", "事業名（ないこともある）。"),
        "years": (
            "When it ran: （Ｒ５～）, （Ｒ３～４）.",
            "実施年度（（Ｒ５～）、（Ｒ３～４））。",
        ),
        "details": ("［主な事業内容］ and the like.", "［主な事業内容］などの詳細。"),
        "reference_indicators": (
            "Figures printed with it (［参考］).",
            "併せて載せる参考指標（［参考］）。",
        ),
    },
    "YearSpan": {
        "first": ("Its first fiscal year.", "開始年度。"),
        "last": (
            "Its last fiscal year (the first, for one year); absent while still running.",
            "終了年度（単年度なら開始年度と同じ）。継続中なら省く。",
        ),
    },
    "Detail": {
        "heading": (
            "The heading, without brackets (主な事業内容).",
            "見出し（括弧なし。主な事業内容）。",
        ),
        "text": ("The detail.", "内容。"),
    },
    "ReferenceIndicator": {
        "name": ("Its name (マッチング(商談成約)件数).", "参考指標の名称。"),
        "unit": ("Its unit (件).", "単位（件）。"),
        "observations": ("Its yearly figures.", "年度ごとの実績。"),
    },
    "Repeat": {
        "repeat_of": (
            "The id of an earlier item of the same kind, listed again (（再掲）).",
            "再掲する、前に出た同じ種類の項目の識別子。",
        ),
    },
    "Issue": {
        "text": ("The issue.", "課題。"),
        "id": ("Lets a repeat (（再掲）) refer to it.", "再掲で参照するための識別子。"),
    },
    "Direction": {
        "category": (
            "The direction (拡充); one of the plan's direction categories where it declares them.",
            "方向性の区分（拡充）。計画が区分を定めていればそのいずれか。",
        ),
        "items": ("Its points.", "方向性の内容。"),
    },
    "DirectionItem": {
        "text": ("The point.", "内容。"),
        "id": ("Lets a repeat (（再掲）) refer to it.", "再掲で参照するための識別子。"),
    },
    "NextPlanSection": {
        "title": (
            "Its title, without its section number (第４期米沢市工業振興計画策定の方向性).",
            "表題（節番号を除く）。",
        ),
        "lead": ("Its lead sentence.", "導入の文。"),
        "headings": ("Its headings.", "見出し。"),
    },
    "NextPlanHeading": {
        "title": ("The heading.", "見出し。"),
        "items": ("Its items.", "その項目。"),
    },
    "Era": {
        "name": ("The era's name (令和): no digits.", "元号（令和）。数字を含まない。"),
        "letter": ("Its one-letter abbreviation (R), A–Z.", "略記の英字1文字（R）。"),
        "start": (
            "Its first day: after the first day of the era before it.",
            "元号の初日。前の元号の初日より後。",
        ),
    },
}
