"""The words of ``planeval --help`` and of its usage errors, in English and Japanese.

One table holds every help text of the command line, each key with its
English and its Japanese; argparse's own words (``usage:``, ``options``,
``the following arguments are required``) are translated into Japanese by
:data:`ARGPARSE_JA` and :data:`ERRORS_JA`. The English is argparse's own, so
English help reads exactly as argparse writes it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

__all__ = [
    "ARGPARSE_JA",
    "ERRORS_JA",
    "HELP",
    "HELP_LANGUAGES",
    "help_language",
    "is_japanese",
    "translate_error",
]

#: The languages help is written in; the first is the default.
HELP_LANGUAGES: tuple[str, ...] = ("en", "ja")

#: Every help text of the command line: key → language → text.
HELP: Mapping[str, Mapping[str, str]] = {
    "description": {
        "en": "Evaluate municipal plans: validate plan files and compute KPI achievement rates.",
        "ja": "自治体の計画を評価します。計画ファイルを検証し、ＫＰＩの達成率を計算します。",
    },
    "epilog": {
        "en": "Exit codes: 0 success, 1 failure while writing output, 2 usage error or bad "
        "input, 130 interrupted, 141 broken pipe.",
        "ja": "終了コード：0 成功、1 出力の書き込みに失敗、2 使い方の誤りまたは不正な入力、"
        "130 中断、141 出力先のパイプが閉じた。",
    },
    "help": {
        "en": "show this help message and exit",
        "ja": "このヘルプを表示して終了する",
    },
    "version": {
        "en": "show program's version number and exit",
        "ja": "バージョンを表示して終了する",
    },
    "plan": {"en": "a JSON plan file", "ja": "計画ファイル（JSON）"},
    "plans": {
        "en": "plan files (JSON or plan workbooks) or folders of them; several, or a "
        "folder, run as a batch",
        "ja": "計画ファイル（JSON または計画のブック）、またはそれを含むフォルダー。複数の"
        "ファイルやフォルダーを指定すると、まとめて処理する",
    },
    "batch.jobs": {
        "en": "how many plans to run at once, each in a process of its own "
        "(default: the number of processors; 1 runs them one by one in this process)",
        "ja": "同時に処理する計画の数。計画ごとに別のプロセスで処理する（既定：プロセッサーの数。"
        "1 ならこのプロセスで 1 つずつ処理する）",
    },
    "batch.quiet": {
        "en": "show no progress bar (one shows only on a terminal)",
        "ja": "進み具合のバーを表示しない（バーは端末でだけ表示される）",
    },
    "example": {
        "en": "a bundled example plan instead of a file (e.g. yonezawa_plan3)",
        "ja": "ファイルの代わりに同梱の計画例を使う（例：yonezawa_plan3）",
    },
    "locale.top": {
        "en": "the language of help and reports, as a command's own --locale (help "
        "follows LC_ALL, LC_MESSAGES or LANG when it is not given)",
        "ja": "ヘルプと報告書の言語。コマンドの --locale と同じ（指定がなければ、ヘルプは "
        "LC_ALL、LC_MESSAGES、LANG に従う）",
    },
    "locale.report": {
        "en": "the language to write in (default: the plan's own locale)",
        "ja": "報告書とヘルプの言語（既定：計画ファイルの locale）",
    },
    "locale.help": {
        "en": "the language of help and of the problems found (default: problems in the "
        "plan's own locale, Japanese when it cannot be read; help from LC_ALL, "
        "LC_MESSAGES or LANG)",
        "ja": "ヘルプと問題のメッセージの言語（既定：メッセージは計画ファイルの locale、"
        "読めないファイルなら日本語。ヘルプは LC_ALL、LC_MESSAGES、LANG による）",
    },
    "validate": {
        "en": "check a plan file; print one line per problem",
        "ja": "計画ファイルを検査し、問題ごとに 1 行で示す",
    },
    "validate.description": {
        "en": "Check a plan file. Exit 0 when it is valid; otherwise print one "
        "line per problem, naming where it is, and exit 2. Given several plans or a "
        "folder, check each (a folder's *.json files and plan workbooks; any other "
        "file is skipped with a note), print a line per valid plan, then a summary "
        "naming each plan refused with its first problem; exit 2 if any was refused.",
        "ja": "計画ファイルを検査します。正しければ終了コード 0 で終わり、誤りがあれば"
        "問題ごとにその場所を示す 1 行を表示して、終了コード 2 で終わります。複数の計画"
        "またはフォルダーを指定すると、それぞれを検査します（フォルダーでは *.json と計画"
        "のブックが対象で、ほかのファイルは注記を出して飛ばします）。正しい計画ごとに 1 行、"
        "最後にまとめを表示し、受け付けなかった計画を最初の問題とともに示します。"
        "受け付けなかった計画があれば終了コード 2 で終わります。",
    },
    "summary": {
        "en": "print the evaluation of each KPI as a table",
        "ja": "各ＫＰＩの評価を表で表示する",
    },
    "summary.description": {
        "en": "Print each KPI's baseline, latest value, target and achievement rate.",
        "ja": "各ＫＰＩの基準値・最新値・目標値・達成率を表示します。",
    },
    "summary.years": {
        "en": "also print each KPI's value and rate in every year that has a value",
        "ja": "値のある年度ごとに、各ＫＰＩの値と達成率も表示する",
    },
    "export": {
        "en": "write the evaluation as a report file (Excel, JSON, ...)",
        "ja": "評価を報告書のファイル（Excel、JSON など）に書き出す",
    },
    "export.description": {
        "en": "Write the plan and its evaluation to OUT in a format named by -f or "
        "by OUT's extension. With --all, OUT is a folder and every built-in format is "
        "written into it. A file appears complete or not at all. Given several plans "
        "or a folder, OUT is a folder, -f or --all is needed, and each plan's files are "
        "named by its path from the folder the plans share (OUT/a/plan.xlsx); the plans "
        "run in parallel, a bad plan stops none of the others, and a summary ends the "
        "run: exit 2 if a plan was refused, else 1 if a write failed.",
        "ja": "計画とその評価を、-f で指定した形式、または OUT の拡張子による形式で OUT "
        "に書き出します。--all を付けると OUT はフォルダーとなり、組み込みのすべての形式を"
        "そこに書き出します。ファイルは完全な形で書かれるか、まったく書かれないかのどちら"
        "かです。複数の計画またはフォルダーを指定すると、OUT はフォルダーとなり、-f か "
        "--all が必要です。各計画のファイルは、計画に共通するフォルダーからのパスで名付けます"
        "（OUT/a/plan.xlsx）。計画は並行して処理し、誤りのある計画があってもほかの計画は"
        "止まりません。最後にまとめを表示し、受け付けなかった計画があれば終了コード 2、"
        "書き込みに失敗したものがあれば 1 で終わります。",
    },
    "export.output": {
        "en": "output file (a folder with --all or several plans)",
        "ja": "出力先のファイル（--all や複数の計画ではフォルダー）",
    },
    "export.format": {
        "en": "format name (see 'formats')",
        "ja": "形式の名前（'formats' で一覧できる）",
    },
    "export.all": {
        "en": "write every built-in format that needs no other program (all but pdf) "
        "into the folder OUT (created if needed)",
        "ja": "ほかのプログラムが要らない組み込みのすべての形式（pdf 以外）をフォルダー OUT "
        "に書き出す（なければ作る）",
    },
    "export.force": {
        "en": "replace an output file even when it is read-only (its owner may not write it)",
        "ja": "出力先のファイルが読み取り専用でも置き換える",
    },
    "compare": {
        "en": "put the KPIs of many plans side by side in one workbook or CSV file",
        "ja": "複数の計画のＫＰＩを 1 つのブックまたは CSV ファイルに並べる",
    },
    "compare.description": {
        "en": "Evaluate every plan given (files, or folders of *.json files and plan "
        "workbooks) and write one row per KPI to OUT: the plan, municipality, entry, "
        "KPI, unit, baseline, latest year and value, target, rate and grade, as the "
        "engine computes them. OUT ending in .xlsx is a workbook with a filter on every "
        "column, .csv a UTF-8 CSV file. A bad plan is named in the summary and left "
        "out (exit 2); the others are compared.",
        "ja": "指定したすべての計画（ファイル、または *.json と計画のブックを含むフォルダー）を"
        "評価し、ＫＰＩごとに 1 行で OUT に書き出します。計画、団体、施策、ＫＰＩ、単位、"
        "基準値、最新の年度と値、目標値、達成率、評価を、計算したとおりに並べます。OUT の"
        "拡張子が .xlsx なら全列にフィルターのあるブック、.csv なら UTF-8 の CSV ファイル"
        "です。誤りのある計画はまとめに示して除き（終了コード 2）、ほかの計画を比較します。",
    },
    "compare.output": {
        "en": "the file to write: .xlsx or .csv",
        "ja": "書き出すファイル（.xlsx または .csv）",
    },
    "compare.force": {
        "en": "replace the output file even when it is read-only",
        "ja": "出力先のファイルが読み取り専用でも置き換える",
    },
    "formats": {
        "en": "list the export formats and plan file readers, and where each comes from",
        "ja": "書き出しの形式と読み込みの方式、その提供元を一覧する",
    },
    "init": {
        "en": "write a starter plan file to edit",
        "ja": "書き換えて使う計画ファイルのひな形を書き出す",
    },
    "init.description": {
        "en": "Write a small, complete, valid plan file with every section a city "
        "needs, ready to edit: in English, or a Japanese city's plan with --locale ja. "
        "An existing file is kept unless --force is given.",
        "ja": "自治体に必要な項目をすべて含む、小さく完全で正しい計画ファイルを書き出します。"
        "そのまま書き換えて使えます。既定は英語で、--locale ja を付けると日本の市の計画に"
        "なります。--force を付けない限り、既存のファイルは上書きしません。",
    },
    "init.file": {"en": "the plan file to write", "ja": "書き出す計画ファイル"},
    "init.locale": {
        "en": "the language to write in (default: en)",
        "ja": "ひな形とヘルプの言語（既定：en）",
    },
    "init.force": {"en": "replace an existing file", "ja": "既存のファイルを置き換える"},
    "schema": {
        "en": "print the JSON Schema of plan files",
        "ja": "計画ファイルの JSON Schema を表示する",
    },
    "schema.description": {
        "en": "Print the JSON Schema (draft 2020-12) of plan files, generated from "
        "the model, with the loader's limits and each key described in English and "
        "Japanese. The loader checks more than a schema can say (references, years "
        "within the plan).",
        "ja": "計画ファイルの JSON Schema（draft 2020-12）を表示します。モデルから生成し、"
        "読み込み時の制限と、各キーの英語と日本語の説明を含みます。読み込み時には、"
        "スキーマで表せない点（参照、計画期間内の年度）も検査します。",
    },
    "schema.csv": {
        "en": "print the Frictionless Table Schema of the open-data CSV export instead",
        "ja": "代わりに、オープンデータ用CSV出力の Frictionless Table Schema を表示する",
    },
    "schema.locale": {
        "en": "the language each description gives first (default: en)",
        "ja": "各説明で先に示す言語とヘルプの言語（既定：en）",
    },
    "examples": {
        "en": "list the bundled example plans",
        "ja": "同梱の計画例を一覧する",
    },
    "workbook": {
        "en": "convert a plan file to a workbook for people, or a workbook back to JSON",
        "ja": "計画ファイルを記入用のブック（Excel）に、またはブックを JSON に変換する",
    },
    "workbook.description": {
        "en": "Write the plan as a workbook (.xlsx) with a sheet for each part, headers "
        "in the plan's language and drop-down lists, or a plan workbook back as a JSON "
        "plan file. The output's ending says which. Nothing is lost either way. Every "
        "command that takes a plan file takes a plan workbook too.",
        "ja": "計画を、部分ごとのシート・計画の言語の見出し・選択リストのあるブック（.xlsx）に"
        "書き出します。ブックを JSON の計画ファイルに戻すこともできます。どちらにするかは"
        "出力ファイルの拡張子で決まり、どちらの向きでも内容は失われません。計画ファイルを"
        "受け取るコマンドは、すべて計画のブックも受け取ります。",
    },
    "workbook.plan": {
        "en": "the plan file (JSON) or plan workbook (.xlsx) to convert",
        "ja": "変換する計画ファイル（JSON）または計画のブック（.xlsx）",
    },
    "workbook.output": {
        "en": "the file to write: .xlsx for a workbook, .json for a plan file",
        "ja": "書き出すファイル（ブックは .xlsx、計画ファイルは .json）",
    },
    "workbook.force": {
        "en": "replace an existing (or read-only) file",
        "ja": "既にある（読み取り専用の）ファイルも置き換える",
    },
    "upgrade": {
        "en": "rewrite a plan file in the current format",
        "ja": "計画ファイルを現在の形式で書き直す",
    },
    "upgrade.description": {
        "en": "Rewrite a plan file written by an older planeval in the current "
        "format (format {version}), losslessly: the plan it holds is the same. "
        "An export keeps its computed evaluation. Without -o the file is rewritten in place.",
        "ja": "古い planeval で書いた計画ファイルを、現在の形式（形式 {version}）で"
        "書き直します。中身の計画は変わりません。書き出したファイルは計算済みの評価を"
        "保ちます。-o がなければ、そのファイル自体を書き直します。",
    },
    "upgrade.plan": {"en": "the plan file to upgrade", "ja": "書き直す計画ファイル"},
    "upgrade.output": {"en": "write here instead", "ja": "代わりにここへ書き出す"},
    "upgrade.force": {
        "en": "replace a read-only file",
        "ja": "読み取り専用のファイルも置き換える",
    },
    "entry": {
        "en": "write a workbook to enter one fiscal year's figures in",
        "ja": "1 年度分の実績を入力するブックを書き出す",
    },
    "entry.description": {
        "en": "Write an Excel workbook in which staff enter each KPI's figure for one "
        "fiscal year: a row per KPI with its earlier values for reference, a cell for the "
        "value, a list of reasons for no value yet, and a note. planeval update reads "
        "it back into the plan.",
        "ja": "各ＫＰＩの 1 年度分の実績を担当者が入力する Excel ブックを書き出します。"
        "ＫＰＩごとに 1 行で、前の年度の値（参照用）、値の入力欄、値がない理由の一覧、"
        "備考があります。planeval update で計画に取り込みます。",
    },
    "entry.year": {
        "en": "the fiscal year to enter figures for (e.g. 2025)",
        "ja": "実績を入力する年度（例：2025）",
    },
    "entry.output": {
        "en": "the workbook to write (.xlsx)",
        "ja": "書き出すブック（.xlsx）",
    },
    "entry.by_department": {
        "en": "write one workbook per department, named after OUT (entry-総務課.xlsx)",
        "ja": "担当課ごとに 1 つずつブックを書き出す（OUT の名前から entry-総務課.xlsx など）",
    },
    "update": {
        "en": "read filled-in entry workbooks into the plan file",
        "ja": "入力済みのブックの実績を計画ファイルに取り込む",
    },
    "update.description": {
        "en": "Read the figures of entry workbooks (written by planeval entry) into the "
        "JSON plan file, and print what changed. A figure that differs from the plan's is "
        "refused unless --replace is given. Any problem in any workbook leaves the plan "
        "file untouched.",
        "ja": "planeval entry で作ったブックに入力された実績を JSON の計画ファイルに取り込み、"
        "変更点を表示します。計画と異なる値は、--replace を付けない限り取り込みません。"
        "どれかのブックに問題があれば、計画ファイルは変更しません。",
    },
    "update.plan": {"en": "the JSON plan file to update", "ja": "更新する計画ファイル（JSON）"},
    "update.workbooks": {
        "en": "filled-in entry workbooks (.xlsx)",
        "ja": "入力済みのブック（.xlsx）",
    },
    "update.replace": {
        "en": "replace a figure the plan already has with a different one",
        "ja": "計画にある値と異なる値を、入力された値で置き換える",
    },
    "update.year": {
        "en": "refuse workbooks written for another fiscal year",
        "ja": "この年度以外のブックを受け付けない",
    },
    "update.locale": {
        "en": "the language of messages and help (default: the plan's own locale)",
        "ja": "メッセージとヘルプの言語（既定：計画ファイルの locale）",
    },
}

#: argparse's own words in Japanese: the usage prefix, the group titles, "error".
ARGPARSE_JA: Mapping[str, str] = {
    "usage": "使い方: ",
    "positional arguments": "位置引数",
    "options": "オプション",
    "error": "{prog}: エラー: {message}\n",
}

#: argparse's error messages (as Python 3.11 to 3.13 word them) and their Japanese.
ERRORS_JA: Sequence[tuple[re.Pattern[str], str]] = tuple(
    (re.compile(pattern, re.DOTALL), japanese)
    for pattern, japanese in (
        (r"the following arguments are required: (.+)", "次の引数が必要です: {0}"),
        (r"one of the arguments (.+) is required", "次の引数のどれかが必要です: {0}"),
        (r"unrecognized arguments: (.+)", "認識できない引数です: {0}"),
        (
            r"ambiguous option: (\S+) could match (.+)",
            "あいまいなオプションです: {0} は次のどれにも当てはまります: {1}",
        ),
        (r"argument (\S+): (.+)", "引数 {0}: {1}"),
        (
            r"invalid choice: (.+?) \(choose from (.+)\)",
            "無効な値です: {0}（次から選んでください: {1}）",
        ),
        (r"expected one argument", "値が 1 つ必要です"),
        (r"expected at least one argument", "値が 1 つ以上必要です"),
        (r"not allowed with argument (.+)", "引数 {0} と一緒には使えません"),
        (r"ignored explicit argument (.+)", "値 {0} は受け付けません"),
        (
            r"expected a whole number of 1 or more, not (.+)",
            "1 以上の整数を指定してください（{0}）",
        ),
    )
)


def translate_error(message: str) -> str:
    """Give argparse's English error ``message`` in Japanese; unknown wording is kept."""
    for pattern, japanese in ERRORS_JA:
        match = pattern.fullmatch(message)
        if match is not None:
            # "argument --locale: invalid choice: ..." translates its inner message too.
            parts = [translate_error(part) for part in match.groups()]
            return japanese.format(*parts)
    return message


_JAPANESE = re.compile(r"ja([_.@-]|$)|japanese", re.IGNORECASE)


def is_japanese(name: str) -> bool:
    """Whether a locale name is Japanese: ``ja``, ``ja_JP.UTF-8``, Windows' ``Japanese_Japan``."""
    return _JAPANESE.match(name) is not None


def _last_locale(argv: Sequence[str]) -> str | None:
    """The last ``--locale X`` or ``--locale=X`` in ``argv``, before any ``--``."""
    found = None
    for index, argument in enumerate(argv):
        if argument == "--":
            break
        if argument == "--locale" and index + 1 < len(argv):
            found = argv[index + 1]
        elif argument.startswith("--locale="):
            found = argument[len("--locale=") :]
    return found


def help_language(
    argv: Sequence[str], environ: Mapping[str, str], platform_locale: str | None = None
) -> str:
    """The language of help and usage errors: ``"en"`` or ``"ja"``.

    A ``--locale`` on the command line wins (the last one given, if it names
    a language); otherwise the first of LC_ALL, LC_MESSAGES and LANG that is
    set, as gettext looks; otherwise ``platform_locale`` (Windows' own
    setting, such as ``Japanese_Japan``). English unless one is Japanese.
    """
    given = _last_locale(argv)
    if given in HELP_LANGUAGES:
        return given
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            return "ja" if is_japanese(value) else "en"
    if platform_locale and is_japanese(platform_locale):
        return "ja"
    return "en"
