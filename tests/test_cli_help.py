"""``planeval --help`` and usage errors in English or Japanese, by --locale or the environment."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from planeval.cli_text import HELP, HELP_LANGUAGES, help_language, is_japanese, translate_error

COMMANDS = (
    "validate",
    "summary",
    "export",
    "formats",
    "init",
    "schema",
    "examples",
    "upgrade",
    "entry",
    "update",
)

#: ``planeval summary --help`` as it was before help was translated: English stays byte for byte.
SUMMARY_HELP = """\
usage: planeval summary [-h] [--example NAME] [--locale {en,ja}] [--years]
                        [PLAN]

Print each KPI's baseline, latest value, target and achievement rate.

positional arguments:
  PLAN              a JSON plan file

options:
  -h, --help        show this help message and exit
  --example NAME    a bundled example plan instead of a file (e.g.
                    yonezawa_plan3)
  --locale {en,ja}  the language to write in (default: the plan's own locale)
  --years           also print each KPI's value and rate in every year that
                    has a value
"""

TOP_HELP_JA_LINES = [
    "使い方: planeval [-h] [--version] [--locale {en,ja}] COMMAND ...",
    "自治体の計画を評価します。計画ファイルを検証し、ＫＰＩの達成率を計算します。",
    "位置引数:",
    "    validate        計画ファイルを検査し、問題ごとに 1 行で示す",
    "    summary         各ＫＰＩの評価を表で表示する",
    "    export          評価を報告書のファイル（Excel、JSON など）に書き出す",
    "    formats         書き出しの形式と読み込みの方式、その提供元を一覧する",
    "    init            書き換えて使う計画ファイルのひな形を書き出す",
    "    schema          計画ファイルの JSON Schema を表示する",
    "    examples        同梱の計画例を一覧する",
    "    upgrade         計画ファイルを現在の形式で書き直す",
    "オプション:",
    "  -h, --help        このヘルプを表示して終了する",
]


def run(
    *args: str, encoding: str = "utf-8", **environment: str
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m planeval`` with only the locale variables given, 80 columns wide."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "COLUMNS")
    }
    env.update(COLUMNS="80", **environment)
    if encoding != "utf-8":
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run(
        [sys.executable, "-m", "planeval", *args],
        capture_output=True,
        text=True,
        encoding=encoding,
        env=env,
        check=False,
    )


def test_every_help_text_is_in_every_language() -> None:
    for key, texts in HELP.items():
        assert tuple(texts) == HELP_LANGUAGES, key
        assert all(text.strip() for text in texts.values()), key


@pytest.mark.parametrize(
    ("argv", "environ", "platform", "expected"),
    [
        ([], {}, None, "en"),
        ([], {"LANG": "ja_JP.UTF-8"}, None, "ja"),
        ([], {"LANG": "ja"}, None, "ja"),
        ([], {"LANG": "C"}, None, "en"),
        ([], {"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}, None, "en"),
        ([], {"LC_ALL": "", "LANG": "ja_JP.UTF-8"}, None, "ja"),
        ([], {"LC_MESSAGES": "ja_JP.eucJP", "LANG": "en_US.UTF-8"}, None, "ja"),
        ([], {"LC_ALL": "ja_JP.UTF-8", "LC_MESSAGES": "en_US"}, None, "ja"),
        ([], {}, "Japanese_Japan", "ja"),
        ([], {"LANG": "en_US.UTF-8"}, "Japanese_Japan", "en"),
        (["--locale", "ja", "--help"], {}, None, "ja"),
        (["summary", "--locale=ja"], {}, None, "ja"),
        (["--locale", "en", "--help"], {"LANG": "ja_JP.UTF-8"}, None, "en"),
        (["--locale", "ja", "summary", "--locale", "en"], {}, None, "en"),
        (["--locale", "fr"], {"LANG": "ja_JP.UTF-8"}, None, "ja"),
        (["summary", "--", "--locale", "ja"], {}, None, "en"),
    ],
)
def test_the_help_language(
    argv: list[str], environ: dict[str, str], platform: str | None, expected: str
) -> None:
    assert help_language(argv, environ, platform) == expected


@pytest.mark.parametrize("name", ["ja", "ja_JP", "ja_JP.UTF-8", "JA_jp", "Japanese_Japan.932"])
def test_japanese_locale_names(name: str) -> None:
    assert is_japanese(name)


@pytest.mark.parametrize("name", ["", "C", "POSIX", "en_US.UTF-8", "jv_ID", "English_Japan"])
def test_other_locale_names(name: str) -> None:
    assert not is_japanese(name)


@pytest.mark.parametrize(
    "environment", [{}, {"LANG": "C"}, {"LANG": "en_US.UTF-8"}, {"LC_ALL": "C.UTF-8"}]
)
def test_english_help_is_argparse_s_own(environment: dict[str, str]) -> None:
    result = run("summary", "--help", **environment)
    assert (result.returncode, result.stdout, result.stderr) == (0, SUMMARY_HELP, "")


def test_help_under_a_japanese_lang_is_japanese() -> None:
    result = run("--help", LANG="ja_JP.UTF-8")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for line in TOP_HELP_JA_LINES:
        assert line in lines
    assert "usage" not in result.stdout
    assert "終了コード：0 成功" in result.stdout


@pytest.mark.parametrize(
    "args", [["--locale", "ja", "--help"], ["--help", "--locale=ja"], ["--locale=ja", "-h"]]
)
def test_locale_ja_gives_japanese_help_under_any_lang(args: list[str]) -> None:
    result = run(*args, LANG="C")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == TOP_HELP_JA_LINES[0]


def test_locale_en_wins_over_a_japanese_environment() -> None:
    english = run("--help", LANG="C")
    for args in (["--locale", "en", "--help"], ["--help", "--locale", "en"]):
        result = run(*args, LANG="ja_JP.UTF-8", LC_MESSAGES="ja_JP.UTF-8")
        assert result.stdout == english.stdout
    assert run("summary", "--help", "--locale", "en", LANG="ja_JP.UTF-8").stdout == SUMMARY_HELP


def test_summary_help_in_japanese() -> None:
    result = run("summary", "--help", "--locale", "ja")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "使い方: planeval summary [-h] [--example NAME] [--locale {en,ja}] [--years]"
    )
    # The continued usage lines up under the first option, after 8 columns of "使い方: ".
    assert lines[1] == " " * (8 + len("planeval summary ")) + "[PLAN]"
    assert "各ＫＰＩの基準値・最新値・目標値・達成率を表示します。" in lines
    assert "  PLAN              計画ファイル（JSON）" in lines
    assert "  --years           値のある年度ごとに、各ＫＰＩの値と達成率も表示する" in lines


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_locale_and_has_japanese_help(command: str) -> None:
    japanese = run(command, "--help", "--locale", "ja")
    assert japanese.returncode == 0, japanese.stderr
    assert japanese.stdout.startswith(f"使い方: planeval {command} ")
    assert "オプション:" in japanese.stdout
    assert "このヘルプを表示して終了する" in japanese.stdout
    assert "show this help" not in japanese.stdout
    english = run(command, "--help", "--locale", "en", LANG="ja_JP.UTF-8")
    assert english.stdout.startswith(f"usage: planeval {command} ")
    assert "--locale {en,ja}" in english.stdout


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_japanese_help_fits_80_columns(command: str) -> None:
    from planeval.formatting import display_width

    result = run(*([command] if command else []), "--help", "--locale", "ja")
    assert max(display_width(line) for line in result.stdout.splitlines()) <= 80


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        ([], "planeval: エラー: 次の引数が必要です: COMMAND"),
        (["summary"], "planeval summary: エラー: 次の引数のどれかが必要です: PLAN --example"),
        (
            ["summary", "--example", "yonezawa_plan3", "--locale", "fr"],
            "planeval summary: エラー: 引数 --locale: 無効な値です: 'fr'"
            "（次から選んでください: 'en', 'ja'）",
        ),
        (["summary", "a.json", "--example", "x"], "引数 --example: 引数 PLAN と一緒には使えません"),
        (["validate", "a.json", "--bogus"], "planeval: エラー: 認識できない引数です: --bogus"),
        (["frobnicate"], "planeval: エラー: 引数 COMMAND: 無効な値です: 'frobnicate'"),
    ],
)
def test_usage_errors_in_japanese_exit_2(args: list[str], stderr: str) -> None:
    result = run(*args, LANG="ja_JP.UTF-8")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("使い方: planeval")
    assert stderr in result.stderr
    assert "error:" not in result.stderr
    english = run(*args, "--locale", "en", LANG="ja_JP.UTF-8") if args else run(LANG="C")
    assert english.returncode == 2
    assert english.stderr.startswith("usage: planeval")


def test_an_unknown_argparse_message_is_kept() -> None:
    assert translate_error("something new: x") == "something new: x"


def test_top_level_locale_acts_as_the_command_s() -> None:
    english = run("--locale", "en", "summary", "--example", "yonezawa_plan3")
    assert english.returncode == 0, english.stderr
    assert "Achievement" in english.stdout
    japanese_first = run("--locale", "ja", "schema")
    assert japanese_first.stdout == run("schema", "--locale", "ja").stdout
    command_wins = run("--locale", "ja", "summary", "--example", "yonezawa_plan3", "--locale", "en")
    assert command_wins.stdout == english.stdout


def test_the_environment_does_not_change_reports() -> None:
    assert (
        run("summary", "--example", "riverton_green", LANG="ja_JP.UTF-8").stdout
        == run("summary", "--example", "riverton_green", LANG="C").stdout
    )


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_japanese_help_on_a_cp932_console(command: str) -> None:
    args = [*([command] if command else []), "--help", "--locale", "ja"]
    console = run(*args, encoding="cp932")
    assert console.returncode == 0, console.stderr
    assert console.stdout == run(*args).stdout  # every character shown, none escaped
