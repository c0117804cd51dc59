"""The ``planeval`` command: thin, it parses arguments and calls the library.

Exit codes, for every command: 0 success; 1 a failure while writing output;
2 usage errors and bad input (an invalid plan, a missing or unreadable
file, an unknown example, an output path not to write); 130 interrupted
(Ctrl-C); 141 standard output closed by its reader (a broken pipe). SIGTERM
and SIGHUP end planeval by that signal, after removing a temporary file.
"""

from __future__ import annotations

import argparse
import codecs
import json
import locale
import os
import re
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from planeval import __version__
from planeval._files import OutputPathError as FileOutputPathError
from planeval._files import ReadOnlyOutputError, write_atomically
from planeval._plugins import BrokenPlugin
from planeval.batch import (
    BATCH_WORDS,
    Inputs,
    Job,
    Outcome,
    Status,
    Tally,
    compare_one,
    export_jobs,
    export_one,
    find_plans,
    is_batch,
    note_lines,
    overwritten_plan,
    plan_counts,
    run,
    shown_name,
    validate_one,
    write_comparison,
    write_report,
)
from planeval.cli_text import ARGPARSE_JA, HELP, help_language, translate_error
from planeval.entry_writer import entry_files
from planeval.errors import PlanError, Problem
from planeval.evaluation import evaluate
from planeval.examples import example_names, load_example
from planeval.exporters import (
    ExportError,
    OutputPathError,
    UnknownFormatError,
    UnknownLocaleError,
    available,
    broken,
    export,
    find_exporter,
    report_for,
    self_contained,
)
from planeval.exporters.comparison import COMPARISON_ENDINGS
from planeval.exporters.csv_export import table_schema
from planeval.exporters.text import render_summary
from planeval.formatting import display_width, text_table
from planeval.io.plan_files import PlanFile, dump_plan, load_plan, read_plan_file
from planeval.io.readers import available_readers, broken_readers
from planeval.io.upgrade import FORMAT_VERSION
from planeval.limits import FIRST_YEAR, LAST_YEAR
from planeval.locales import LOCALES
from planeval.messages import message_language
from planeval.model import Plan
from planeval.report.build import build_report
from planeval.report.labels import labels_for
from planeval.schema import SCHEMA_LOCALES, plan_schema
from planeval.template import starter_plan
from planeval.validation import check_plan
from planeval.yearly import (
    UPDATE_WORDS,
    Update,
    apply_entries,
    describe_change,
    read_entry_workbooks,
)

__all__ = ["main"]

EXIT_OK = 0
EXIT_OUTPUT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as Unix tools exit when their reader goes


class _JapaneseFormatter(argparse.HelpFormatter):
    """argparse's help layout in Japanese, wrapped by the columns characters take."""

    def _format_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None,
    ) -> str:
        if prefix is not None:
            return super()._format_usage(usage, actions, groups, prefix)
        # Lay the usage out after "usage: " (7 columns), then put "使い方: " (8) in its place.
        self._width -= 1
        try:
            text = super()._format_usage(usage, actions, groups, "usage: ")
        finally:
            self._width += 1
        first, *rest = text.removeprefix("usage: ").split("\n")
        return "\n".join(
            [ARGPARSE_JA["usage"] + first, *(f" {line}" if line else line for line in rest)]
        )

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = _wrap(" ".join(text.split()), width - len(indent))
        return "\n".join(indent + line for line in lines)


#: Characters a Japanese line does not begin with.
_NO_LINE_START = frozenset("、。，．）」』】・：；？！ー")


def _wrap(text: str, width: int) -> list[str]:
    """Wrap ``text`` to ``width`` display columns: at spaces, or between Japanese characters."""
    width = max(width, 11)
    lines: list[str] = []
    line = ""
    for token in re.findall(r" |[\x21-\x7e]+|.", text):
        if token == " " and not line:
            continue
        if display_width(line + token) > width and line.strip() and token != " ":
            carried = ""
            if token[0] in _NO_LINE_START:
                if line[-1].isascii() or not line[:-1].strip():
                    line += token  # no Japanese character to carry over: let it stand out
                    continue
                line, carried = line[:-1], line[-1]
            lines.append(line.rstrip())
            line = carried
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


class _Parser(argparse.ArgumentParser):
    """An argument parser that writes its help and its errors in ``language``."""

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        japanese = language == "ja"
        if japanese:
            kwargs["formatter_class"] = _JapaneseFormatter
        kwargs["add_help"] = False  # its own -h, with the help in the language
        super().__init__(*args, **kwargs)
        self.language = language
        if japanese:
            self._positionals.title = ARGPARSE_JA["positional arguments"]
            self._optionals.title = ARGPARSE_JA["options"]
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help=self.text("help")
        )

    def text(self, key: str) -> str:
        """The help text ``key`` in this parser's language."""
        return HELP[key][self.language]

    def error(self, message: str) -> NoReturn:
        if self.language != "ja":
            super().error(message)
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_BAD_INPUT,
            ARGPARSE_JA["error"].format(prog=self.prog, message=translate_error(message)),
        )


def _command(commands: Any, name: str, language: str, *, description: bool = True) -> _Parser:
    """Add the command ``name``, with its help (and description) in ``language``."""
    parser: _Parser = commands.add_parser(
        name,
        help=HELP[name][language],
        description=HELP[f"{name}.description"][language] if description else None,
        language=language,
    )
    return parser


def _add_plan_argument(parser: _Parser, *, many: bool = False) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    if many:  # PLAN ...: files and folders, run as a batch (planeval.batch)
        source.add_argument(
            "plan", nargs="*", default=[], metavar="PLAN", help=parser.text("plans")
        )
    else:
        source.add_argument("plan", nargs="?", metavar="PLAN", help=parser.text("plan"))
    source.add_argument("--example", metavar="NAME", help=parser.text("example"))


def _jobs(text: str) -> int:
    """The value of --jobs: a whole number of 1 or more."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return jobs


def _add_batch_arguments(parser: _Parser) -> None:
    parser.add_argument("--jobs", type=_jobs, metavar="N", help=parser.text("batch.jobs"))
    parser.add_argument("--quiet", action="store_true", help=parser.text("batch.quiet"))


def _add_locale_argument(
    parser: _Parser, key: str, choices: Sequence[str] = LOCALES, dest: str = "locale"
) -> None:
    parser.add_argument("--locale", choices=sorted(choices), dest=dest, help=parser.text(key))


def _add_export_command(commands: Any, language: str) -> None:
    exporting = _command(commands, "export", language)
    _add_plan_argument(exporting, many=True)
    _add_locale_argument(exporting, "locale.report")
    exporting.add_argument(
        "-o", "--output", required=True, metavar="OUT", help=exporting.text("export.output")
    )
    chosen = exporting.add_mutually_exclusive_group()
    chosen.add_argument("-f", "--format", metavar="FORMAT", help=exporting.text("export.format"))
    chosen.add_argument("--all", action="store_true", help=exporting.text("export.all"))
    exporting.add_argument("--force", action="store_true", help=exporting.text("export.force"))
    _add_batch_arguments(exporting)


def _add_compare_command(commands: Any, language: str) -> None:
    comparing = _command(commands, "compare", language)
    comparing.add_argument("plan", nargs="+", metavar="PLAN", help=comparing.text("plans"))
    _add_locale_argument(comparing, "locale.help")
    comparing.add_argument(
        "-o", "--output", required=True, metavar="OUT", help=comparing.text("compare.output")
    )
    comparing.add_argument("--force", action="store_true", help=comparing.text("compare.force"))
    _add_batch_arguments(comparing)


def _add_yearly_commands(commands: Any, language: str) -> None:
    entry = _command(commands, "entry", language)
    _add_plan_argument(entry)
    _add_locale_argument(entry, "locale.report")
    entry.add_argument(
        "--year", type=int, required=True, metavar="YEAR", help=entry.text("entry.year")
    )
    entry.add_argument(
        "-o", "--output", required=True, metavar="OUT", help=entry.text("entry.output")
    )
    entry.add_argument(
        "--by-department", action="store_true", help=entry.text("entry.by_department")
    )
    update = _command(commands, "update", language)
    update.add_argument("plan", metavar="PLAN", help=update.text("update.plan"))
    update.add_argument(
        "workbooks", nargs="+", metavar="WORKBOOK", help=update.text("update.workbooks")
    )
    _add_locale_argument(update, "update.locale")
    update.add_argument("--replace", action="store_true", help=update.text("update.replace"))
    update.add_argument("--year", type=int, metavar="YEAR", help=update.text("update.year"))


def _parser(language: str = "en") -> argparse.ArgumentParser:
    """The command line's parser, its help and usage errors in ``language`` ("en" or "ja")."""
    parser = _Parser(
        prog="planeval",
        description=HELP["description"][language],
        epilog=HELP["epilog"][language],
        language=language,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"planeval {__version__}",
        help=parser.text("version"),
    )
    # Given before the command, it acts as the command's own --locale.
    _add_locale_argument(parser, "locale.top", dest="top_locale")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = _command(commands, "validate", language)
    _add_plan_argument(validate, many=True)
    _add_locale_argument(validate, "locale.help")
    _add_batch_arguments(validate)
    summary = _command(commands, "summary", language)
    _add_plan_argument(summary)
    _add_locale_argument(summary, "locale.report")
    summary.add_argument("--years", action="store_true", help=summary.text("summary.years"))
    _add_export_command(commands, language)
    _add_compare_command(commands, language)
    formats = _command(commands, "formats", language, description=False)
    _add_locale_argument(formats, "locale.help")
    init = _command(commands, "init", language)
    init.add_argument("file", metavar="FILE", help=init.text("init.file"))
    _add_locale_argument(init, "init.locale")
    init.add_argument("--force", action="store_true", help=init.text("init.force"))
    schema = _command(commands, "schema", language)
    which = schema.add_mutually_exclusive_group()
    which.add_argument(
        "--locale", choices=sorted(SCHEMA_LOCALES), dest="locale", help=schema.text("schema.locale")
    )
    which.add_argument("--csv", action="store_true", help=schema.text("schema.csv"))
    examples = _command(commands, "examples", language, description=False)
    _add_locale_argument(examples, "locale.help")
    upgrade = commands.add_parser(
        "upgrade",
        help=HELP["upgrade"][language],
        description=HELP["upgrade.description"][language].format(version=FORMAT_VERSION),
        language=language,
    )
    upgrade.add_argument("plan", metavar="PLAN", help=upgrade.text("upgrade.plan"))
    _add_locale_argument(upgrade, "locale.help")
    upgrade.add_argument("-o", "--output", metavar="PATH", help=upgrade.text("upgrade.output"))
    upgrade.add_argument("--force", action="store_true", help=upgrade.text("upgrade.force"))
    workbook = _command(commands, "workbook", language)
    workbook.add_argument("plan", metavar="PLAN", help=workbook.text("workbook.plan"))
    _add_locale_argument(workbook, "locale.help")
    workbook.add_argument(
        "-o", "--output", required=True, metavar="OUT", help=workbook.text("workbook.output")
    )
    workbook.add_argument("--force", action="store_true", help=workbook.text("workbook.force"))
    _add_yearly_commands(commands, language)
    return parser


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line, writing help and usage errors in the language asked for.

    That is the language of ``--locale`` wherever it is given, so that
    ``planeval --locale ja --help`` is Japanese; without one, the
    environment's (LC_ALL, LC_MESSAGES, LANG; Windows' own setting).
    """
    given = sys.argv[1:] if argv is None else list(argv)
    platform_locale = locale.getlocale()[0] if sys.platform == "win32" else None
    language = help_language(given, os.environ, platform_locale)
    arguments = _parser(language).parse_args(given)
    arguments.help_language = language
    # A --locale before the command counts as the command's own, which wins over it.
    if arguments.locale is None:
        arguments.locale = arguments.top_locale
    return arguments


def _load(arguments: argparse.Namespace) -> Plan:
    if arguments.example is not None:
        return load_example(arguments.example)
    return _read(Path(arguments.plan)).plan


def _read(path: Path) -> PlanFile:
    """Read a plan file, telling on standard error what was read other than as written."""
    read = read_plan_file(path)
    for line in note_lines(path, read):
        print(line, file=sys.stderr)
    return read


def _report(error: PlanError, locale: str | None) -> None:
    """Print each problem on a line: in ``locale``'s language if given, else in the plan's."""
    if locale is not None:
        error = error.in_locale(locale)
    prefix = f"{error.source}: " if error.source else ""
    for problem in error.problems:
        print(f"{prefix}{problem.described()}", file=sys.stderr)
    if not error.problems:
        print(f"planeval: {error}", file=sys.stderr)


def _formats() -> int:
    rows = [["NAME", "ALIASES", "EXTENSIONS", "DISTRIBUTION", "DESCRIPTION"]]
    rows += [
        [
            entry.name,
            ", ".join(entry.aliases) or "-",
            ", ".join(entry.extensions),
            entry.distribution,
            entry.exporter.description,
        ]
        for entry in available()
    ]
    print("\n".join(text_table(rows)))
    _print_broken("broken (not usable)", broken())
    print("\nreaders:")
    rows = [["NAME", "EXTENSIONS", "DISTRIBUTION", "DESCRIPTION"]]
    rows += [
        [entry.name, ", ".join(entry.extensions), entry.distribution, entry.reader.description]
        for entry in available_readers()
    ]
    print("\n".join(text_table(rows)))
    _print_broken("broken readers (not usable)", broken_readers())
    return EXIT_OK


def _print_broken(title: str, failed: Sequence[BrokenPlugin]) -> None:
    if failed:
        print(f"\n{title}:")
        for entry in failed:
            print(f"{entry.name} ({entry.distribution}, {entry.value}): {entry.reason}")


def _real_path(path: Path) -> Path:
    # os.path.realpath, unlike Path.resolve, gives up quietly on a symlink loop;
    # writing there then fails with its own clear message.
    return Path(os.path.realpath(path))


def _plan_stem(arguments: argparse.Namespace) -> str:
    return str(arguments.example) if arguments.example else Path(arguments.plan).stem


def _empty_output(arguments: argparse.Namespace) -> bool:
    """Whether -o is empty, said if so."""
    if not arguments.output:
        print("planeval: the output path is empty", file=sys.stderr)
    return not arguments.output


def _export(arguments: argparse.Namespace, plan: Plan) -> int:
    if _empty_output(arguments):
        return EXIT_BAD_INPUT
    output = Path(arguments.output)
    source = None if arguments.example else _real_path(Path(arguments.plan))
    if arguments.all:
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            print(f"planeval: cannot create {output}: {error.strerror or error}", file=sys.stderr)
            return EXIT_OUTPUT_FAILED
        targets = [
            (output / f"{_plan_stem(arguments)}{entry.extensions[0]}", entry.name)
            for entry in self_contained()  # pdf, which needs LibreOffice, only with -f pdf
        ]
    else:
        targets = [(output, arguments.format)]
    if source is not None and any(_real_path(path) == source for path, _ in targets):
        print(f"planeval: refusing to write over the plan file {source}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        report = report_for(plan, arguments.locale)  # evaluated and worded once for all
    except UnknownLocaleError as error:
        print(f"planeval: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for path, format_name in targets:
        status, problem = write_report(report, path, format_name, force=arguments.force)
        if status is not Status.DONE:
            print(f"planeval: {problem}", file=sys.stderr)
            return EXIT_BAD_INPUT if status is Status.REFUSED else EXIT_OUTPUT_FAILED
        print(f"wrote {path}")
    return EXIT_OK


def _init(arguments: argparse.Namespace) -> int:
    target = Path(arguments.file)
    if target.exists() and not arguments.force:
        print(f"planeval: {target} exists; give --force to replace it", file=sys.stderr)
        return EXIT_BAD_INPUT
    return _write_plan(starter_plan(arguments.locale or "en"), target, force=arguments.force)


def _write_plan(plan: Plan, target: Path, *, force: bool) -> int:
    """Write a plan file (JSON, or a workbook for .xlsx) and say so; read-only only with force."""
    try:
        dump_plan(plan, target, overwrite_read_only=force)
    except FileOutputPathError as error:
        print(f"planeval: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"planeval: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return EXIT_OUTPUT_FAILED
    print(f"wrote {target}")
    return EXIT_OK


def _upgrade(arguments: argparse.Namespace) -> int:
    source = Path(arguments.plan)
    try:
        read = read_plan_file(source)
    except PlanError as error:
        _report(error, arguments.locale)
        return EXIT_BAD_INPUT
    target = Path(arguments.output) if arguments.output else source
    if read.format_version == FORMAT_VERSION and target == source:
        print(f"{source} is already in format {FORMAT_VERSION}")
        return EXIT_OK
    try:
        if read.has_evaluation:
            export(read.plan, target, "json", overwrite_read_only=arguments.force)
        else:
            dump_plan(read.plan, target, overwrite_read_only=arguments.force)
    except (OutputPathError, FileOutputPathError) as error:
        read_only = isinstance(error, ReadOnlyOutputError) or getattr(error, "read_only", False)
        hint = "; give --force to replace it" if read_only else ""
        print(f"planeval: {error}{hint}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (ExportError, OSError) as error:
        print(f"planeval: cannot write {target}: {error}", file=sys.stderr)
        return EXIT_OUTPUT_FAILED
    print(f"wrote {target} (format {read.format_version} to {FORMAT_VERSION})")
    return EXIT_OK


_PLAN_FILE_ENDINGS = (".json", ".xlsx")


def _workbook(arguments: argparse.Namespace) -> int:
    source, target = Path(arguments.plan), Path(arguments.output)
    if target.suffix.casefold() not in _PLAN_FILE_ENDINGS:
        print(f"planeval: {target}: give an output ending in .xlsx or .json", file=sys.stderr)
        return EXIT_BAD_INPUT
    if _real_path(source) == _real_path(target):
        print(f"planeval: refusing to write over the plan file {source}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if target.exists() and not arguments.force:
        print(f"planeval: {target} exists; give --force to replace it", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        plan = _read(source).plan
    except PlanError as error:
        _report(error, arguments.locale)
        return EXIT_BAD_INPUT
    return _write_plan(plan, target, force=arguments.force)


def _entry(arguments: argparse.Namespace, plan: Plan) -> int:
    if not FIRST_YEAR <= arguments.year <= LAST_YEAR:
        print(f"planeval: --year must lie within {FIRST_YEAR}-{LAST_YEAR}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        files = entry_files(
            plan,
            arguments.year,
            Path(arguments.output),
            by_department=arguments.by_department,
            locale=arguments.locale,
        )
    except ValueError as error:
        print(f"planeval: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    source = None if arguments.example else _real_path(Path(arguments.plan))
    if source is not None and any(_real_path(file.path) == source for file in files):
        print(f"planeval: refusing to write over the plan file {source}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for file in files:
        try:
            write_atomically(file.path, file.data)
        except FileOutputPathError as error:
            print(f"planeval: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except OSError as error:
            print(f"planeval: cannot write {file.path}: {error.strerror or error}", file=sys.stderr)
            return EXIT_OUTPUT_FAILED
        print(f"wrote {file.path}")
    return EXIT_OK


def _updated(arguments: argparse.Namespace, path: Path) -> tuple[Plan, Update, str]:
    """The plan at ``path``, the update the workbooks make to it, and the language to say it in."""
    plan = load_plan(path)
    language = arguments.locale or plan.locale
    if path.suffix.lower() not in _PLAN_FILE_ENDINGS:
        problem = Problem(location="", code="update.not_writable", locale=language)
        raise PlanError([problem], source=str(path))
    sheets = read_entry_workbooks(arguments.workbooks, locale=language)
    update = apply_entries(
        plan, sheets, replace=arguments.replace, year=arguments.year, locale=language
    )
    problems = check_plan(update.plan)
    if problems:
        raise PlanError(problems, source=str(path))
    return plan, update, language


def _update(arguments: argparse.Namespace) -> int:
    path = Path(arguments.plan)
    try:
        plan, update, language = _updated(arguments, path)
    except PlanError as error:
        _report(error, arguments.locale)
        return EXIT_BAD_INPUT
    words = UPDATE_WORDS[message_language(language)]
    for note in update.notes:
        print(note.described())
    if not update.changes:
        print(words["unchanged"].format(path=path))
        return EXIT_OK
    for change in update.changes:
        print(describe_change(change, plan, language))
    try:
        dump_plan(update.plan, path)
    except FileOutputPathError as error:
        print(f"planeval: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"planeval: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return EXIT_OUTPUT_FAILED
    print(words["wrote"].format(path=path, count=len(update.changes)))
    return EXIT_OK


def _examples(arguments: argparse.Namespace) -> int:
    print("\n".join(example_names()))
    return EXIT_OK


def _schema(arguments: argparse.Namespace) -> int:
    schema = table_schema() if arguments.csv else plan_schema(arguments.locale or "en")
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK


def _validate(arguments: argparse.Namespace, plan: Plan) -> int:
    source = arguments.plan or f"example {arguments.example}"
    print(f"{source}: valid ({plan_counts(plan)})")
    return EXIT_OK


def _summary(arguments: argparse.Namespace, plan: Plan) -> int:
    model = build_report(
        evaluate(plan), labels_for(plan, arguments.locale), year_lines=arguments.years
    )
    sys.stdout.write(render_summary(model, years=arguments.years))
    return EXIT_OK


def _batch_language(arguments: argparse.Namespace) -> str:
    """The language of a batch's notes and summary: --locale's, else the help's."""
    return message_language(arguments.locale) if arguments.locale else arguments.help_language


def _inputs(arguments: argparse.Namespace, leave_out: Path | None) -> Inputs | None:
    """The plans given, each file skipped noted; None (said why) when there are none."""
    inputs = find_plans([Path(path) for path in arguments.plan], leave_out=leave_out)
    language = _batch_language(arguments)
    for skipped in inputs.skipped:
        print(skipped.described(language), file=sys.stderr)
    if not inputs.plans:
        paths = ", ".join(arguments.plan)
        print(f"planeval: {BATCH_WORDS[language]['no_plans'].format(paths=paths)}", file=sys.stderr)
        return None
    return inputs


def _run_batch(
    arguments: argparse.Namespace, worker: Callable[[Job], Outcome], jobs: Sequence[Job]
) -> list[Outcome]:
    return run(
        worker,
        jobs,
        processes=arguments.jobs or os.cpu_count() or 1,
        progress=not arguments.quiet and sys.stderr.isatty(),
        language=_batch_language(arguments),
    )


def _finish(arguments: argparse.Namespace, command: str, outcomes: Sequence[Outcome]) -> int:
    """Print the batch's summary; 2 if a plan was refused, else 1 if a write failed, else 0."""
    tally = Tally.of(outcomes)
    for line in tally.summary(command, outcomes, _batch_language(arguments)):
        print(line)
    if tally.refused:
        return EXIT_BAD_INPUT
    return EXIT_OUTPUT_FAILED if tally.failed else EXIT_OK


def _validate_batch(arguments: argparse.Namespace) -> int:
    inputs = _inputs(arguments, None)
    if inputs is None:
        return EXIT_BAD_INPUT
    jobs = [Job(plan=plan, locale=arguments.locale) for plan in inputs.plans]
    return _finish(arguments, "validate", _run_batch(arguments, validate_one, jobs))


def _batch_formats(arguments: argparse.Namespace) -> list[tuple[str, str]]:
    """The ending and name of each format to write for every plan; UnknownFormatError if none."""
    if arguments.all:
        return [(entry.extensions[0], entry.name) for entry in self_contained()]
    if arguments.format is None:
        raise UnknownFormatError("with several plans, give -f FORMAT or --all; OUT is a folder")
    entry = find_exporter(arguments.format)
    return [(entry.extensions[0], entry.name)]


def _export_batch(arguments: argparse.Namespace) -> int:
    if _empty_output(arguments):
        return EXIT_BAD_INPUT
    try:
        formats = _batch_formats(arguments)
    except UnknownFormatError as error:
        print(f"planeval: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    output = Path(arguments.output)
    inputs = _inputs(arguments, output)
    if inputs is None:
        return EXIT_BAD_INPUT
    jobs = export_jobs(inputs, output, formats, locale=arguments.locale, force=arguments.force)
    if (plan := overwritten_plan(jobs)) is not None:
        print(f"planeval: refusing to write over the plan file {plan}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return _finish(arguments, "export", _run_batch(arguments, export_one, jobs))


def _compare(arguments: argparse.Namespace) -> int:
    if _empty_output(arguments):
        return EXIT_BAD_INPUT
    output = Path(arguments.output)
    if output.suffix.casefold() not in COMPARISON_ENDINGS:
        print(f"planeval: {output}: give an output ending in .xlsx or .csv", file=sys.stderr)
        return EXIT_BAD_INPUT
    inputs = _inputs(arguments, output)
    if inputs is None:
        return EXIT_BAD_INPUT
    if any(_real_path(plan) == _real_path(output) for plan in inputs.plans):
        print(f"planeval: refusing to write over the plan file {output}", file=sys.stderr)
        return EXIT_BAD_INPUT
    jobs = [
        Job(plan=plan, locale=arguments.locale, name=shown_name(plan, inputs.base))
        for plan in inputs.plans
    ]
    outcomes = _run_batch(arguments, compare_one, jobs)
    written = _write_comparison(arguments, outcomes, output)
    code = _finish(arguments, "compare", outcomes)
    return max(code, written)  # 2 over 1 over 0


def _write_comparison(
    arguments: argparse.Namespace, outcomes: Sequence[Outcome], output: Path
) -> int:
    """Write the plans compared to ``output``, if any were: 0, or 1 or 2 as a write fails."""
    if not any(outcome.status is Status.DONE for outcome in outcomes):
        words = BATCH_WORDS[_batch_language(arguments)]
        print(f"planeval: {words['nothing_compared'].format(output=output)}", file=sys.stderr)
        return EXIT_OK
    status, said = write_comparison(outcomes, output, force=arguments.force)
    if status is Status.DONE:
        print(said)
        return EXIT_OK
    print(f"planeval: {said}", file=sys.stderr)
    return EXIT_BAD_INPUT if status is Status.REFUSED else EXIT_OUTPUT_FAILED


#: The commands that read no plan first (or read it themselves).
_WITHOUT_PLAN: dict[str, Callable[[argparse.Namespace], int]] = {
    "examples": _examples,
    "formats": lambda _arguments: _formats(),
    "init": _init,
    "upgrade": _upgrade,
    "update": _update,
    "workbook": _workbook,
    "schema": _schema,
    "compare": _compare,
}
#: The commands that take many plans (files and folders), run as a batch.
_BATCH: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": _validate_batch,
    "export": _export_batch,
}
#: The commands given the plan (PLAN or --example), loaded and valid.
_WITH_PLAN: dict[str, Callable[[argparse.Namespace, Plan], int]] = {
    "validate": _validate,
    "export": _export,
    "entry": _entry,
    "summary": _summary,
}


def _run(arguments: argparse.Namespace) -> int:
    if arguments.command in _WITHOUT_PLAN:
        return _WITHOUT_PLAN[arguments.command](arguments)
    if arguments.command in _BATCH:
        if arguments.example is None and is_batch(arguments.plan):
            return _BATCH[arguments.command](arguments)
        arguments.plan = arguments.plan[0] if arguments.plan else None
    try:
        plan = _load(arguments)
    except PlanError as error:
        _report(error, arguments.locale)
        return EXIT_BAD_INPUT
    return _WITH_PLAN[arguments.command](arguments, plan)


class _Signalled(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C (removing a temporary file), then die."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_signalled(signum: int, _frame: object) -> None:
    raise _Signalled(signum)


def _catch_termination() -> dict[int, object]:
    """Turn SIGTERM and SIGHUP into :class:`_Signalled`; return the handlers they had."""
    # A KeyboardInterrupt goes through the library untouched, so the atomic
    # write removes its temporary file on the way out.
    previous: dict[int, object] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None or signal.getsignal(number) != signal.SIG_DFL:
            continue  # absent here, or ignored (nohup) or handled by whoever called main
        try:
            previous[number] = signal.signal(number, _raise_signalled)
        except ValueError:  # not the main thread: leave the signals alone
            break
    return previous


def _die_by(signum: int) -> int:
    """End the process by ``signum``, as its sender expects; return a code if it survives."""
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    return 128 + signum


def _silence_stdout() -> None:
    # What is still buffered for the closed pipe must not fail again at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _run_to_the_end(arguments: argparse.Namespace) -> int:
    if sys.stdout is None:  # started with standard output closed (>&-)
        print("planeval: cannot write the output: standard output is closed", file=sys.stderr)
        return EXIT_OUTPUT_FAILED
    code = _run(arguments)
    sys.stdout.flush()  # here, so that a broken pipe is met while it can be handled
    return code


#: The error handler of output streams that cannot encode every character.
_OUTPUT_ERRORS = "planeval.escape"


def _escape(error: UnicodeError) -> tuple[str | bytes, int]:
    """Give back the bytes of a name that was not valid text, and escape what cannot be shown.

    A file name's undecodable bytes (surrogates U+DC80 to U+DCFF) are
    written as they were; any other character the stream's encoding lacks
    (a cp932 console has no '–' or '−') as a backslash escape.
    """
    if isinstance(error, UnicodeEncodeError) and all(
        0xDC80 <= ord(character) <= 0xDCFF for character in error.object[error.start : error.end]
    ):
        return codecs.lookup_error("surrogateescape")(error)
    return codecs.backslashreplace_errors(error)


codecs.register_error(_OUTPUT_ERRORS, _escape)


def _never_fail_to_encode() -> None:
    """Make standard output and error write every character, escaping what they cannot encode.

    Only strict streams and those that give back undecodable bytes change: the
    characters such a stream could encode are written byte for byte as before.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) in (
            "strict",
            "surrogateescape",
        ):
            reconfigure(errors=_OUTPUT_ERRORS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    # Japanese must not crash a terminal or a file that cannot hold it (a cp932 console).
    _never_fail_to_encode()
    arguments = _parse(argv)
    handlers = _catch_termination()
    try:
        return _run_to_the_end(arguments)
    except _Signalled as signalled:
        return _die_by(signalled.signum)
    except KeyboardInterrupt:
        print("planeval: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:
        print(f"planeval: cannot write the output: {error.strerror or error}", file=sys.stderr)
        return EXIT_OUTPUT_FAILED
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)  # type: ignore[arg-type]
