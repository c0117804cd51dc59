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
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planeval import __version__
from planeval._files import OutputPathError as FileOutputPathError
from planeval._files import ReadOnlyOutputError
from planeval._plugins import BrokenPlugin
from planeval.errors import PlanError
from planeval.evaluation import evaluate
from planeval.examples import example_names, load_example
from planeval.exporters import (
    ExportError,
    OutputPathError,
    UnknownFormatError,
    UnknownLocaleError,
    available,
    broken,
    builtin,
    export,
)
from planeval.exporters.text import render_summary
from planeval.formatting import text_table
from planeval.io.plan_files import dump_plan, load_plan, read_plan_file
from planeval.io.readers import available_readers, broken_readers
from planeval.io.upgrade import FORMAT_VERSION
from planeval.model import Plan
from planeval.report.build import build_report
from planeval.report.labels import LABELS, labels_for
from planeval.schema import SCHEMA_LOCALES, plan_schema
from planeval.structure import placed_entries
from planeval.template import starter_plan

__all__ = ["main"]

EXIT_OK = 0
EXIT_OUTPUT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as Unix tools exit when their reader goes


def _add_plan_argument(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("plan", nargs="?", metavar="PLAN", help="a JSON plan file")
    source.add_argument(
        "--example",
        metavar="NAME",
        help="a bundled example plan instead of a file (e.g. yonezawa_plan3)",
    )


def _add_locale_argument(
    parser: argparse.ArgumentParser, default: str = "the plan's own locale"
) -> None:
    parser.add_argument(
        "--locale",
        choices=sorted(LABELS),
        help=f"the language to write in (default: {default})",
    )


def _add_export_command(commands: Any) -> None:
    exporting = commands.add_parser(
        "export",
        help="write the evaluation as a report file (Excel, JSON, ...)",
        description="Write the plan and its evaluation to OUT in a format named by -f or "
        "by OUT's extension. With --all, OUT is a folder and every built-in format is "
        "written into it. A file appears complete or not at all.",
    )
    _add_plan_argument(exporting)
    _add_locale_argument(exporting)
    exporting.add_argument("-o", "--output", required=True, metavar="OUT", help="output file")
    chosen = exporting.add_mutually_exclusive_group()
    chosen.add_argument("-f", "--format", metavar="FORMAT", help="format name (see 'formats')")
    chosen.add_argument(
        "--all",
        action="store_true",
        help="write every built-in format into the folder OUT (created if needed)",
    )
    exporting.add_argument(
        "--force",
        action="store_true",
        help="replace an output file even when it is read-only (its owner may not write it)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planeval",
        description="Evaluate municipal plans: validate plan files and compute KPI "
        "achievement rates.",
        epilog="Exit codes: 0 success, 1 failure while writing output, 2 usage error or bad "
        "input, 130 interrupted, 141 broken pipe.",
    )
    parser.add_argument("--version", action="version", version=f"planeval {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check a plan file; print one line per problem",
        description="Check a plan file. Exit 0 when it is valid; otherwise print one "
        "line per problem, naming where it is, and exit 2.",
    )
    _add_plan_argument(validate)
    summary = commands.add_parser(
        "summary",
        help="print the evaluation of each KPI as a table",
        description="Print each KPI's baseline, latest value, target and achievement rate.",
    )
    _add_plan_argument(summary)
    _add_locale_argument(summary)
    summary.add_argument(
        "--years",
        action="store_true",
        help="also print each KPI's value and rate in every year that has a value",
    )
    _add_export_command(commands)
    commands.add_parser(
        "formats", help="list the export formats and plan file readers, and where each comes from"
    )
    init = commands.add_parser(
        "init",
        help="write a starter plan file to edit",
        description="Write a small, complete, valid plan file with every section a city "
        "needs, ready to edit: in English, or a Japanese city's plan with --locale ja. "
        "An existing file is kept unless --force is given.",
    )
    init.add_argument("file", metavar="FILE", help="the plan file to write")
    _add_locale_argument(init, default="en")
    init.add_argument("--force", action="store_true", help="replace an existing file")
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of plan files",
        description="Print the JSON Schema (draft 2020-12) of plan files, generated from "
        "the model, with the loader's limits and each key described in English and "
        "Japanese. The loader checks more than a schema can say (references, years "
        "within the plan).",
    )
    schema.add_argument(
        "--locale",
        choices=SCHEMA_LOCALES,
        default="en",
        help="the language each description gives first (default: en)",
    )
    commands.add_parser("examples", help="list the bundled example plans")
    upgrade = commands.add_parser(
        "upgrade",
        help="rewrite a plan file in the current format",
        description="Rewrite a plan file written by an older planeval in the current "
        f"format (format {FORMAT_VERSION}), losslessly: the plan it holds is the same. "
        "An export keeps its computed evaluation. Without -o the file is rewritten in place.",
    )
    upgrade.add_argument("plan", metavar="PLAN", help="the plan file to upgrade")
    upgrade.add_argument("-o", "--output", metavar="PATH", help="write here instead")
    upgrade.add_argument("--force", action="store_true", help="replace a read-only file")
    return parser


def _load(arguments: argparse.Namespace) -> Plan:
    if arguments.example is not None:
        return load_example(arguments.example)
    return load_plan(arguments.plan)


def _report(error: PlanError) -> None:
    prefix = f"{error.source}: " if error.source else ""
    for problem in error.problems:
        print(f"{prefix}{problem}", file=sys.stderr)
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


def _export(arguments: argparse.Namespace, plan: Plan) -> int:
    if not arguments.output:
        print("planeval: the output path is empty", file=sys.stderr)
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
            for entry in builtin()
        ]
    else:
        targets = [(output, arguments.format)]
    if source is not None and any(_real_path(path) == source for path, _ in targets):
        print(f"planeval: refusing to write over the plan file {source}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for path, format_name in targets:
        try:
            export(
                plan,
                path,
                format_name,
                locale=arguments.locale,
                overwrite_read_only=arguments.force,
            )
        except (UnknownFormatError, UnknownLocaleError) as error:
            print(f"planeval: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except OutputPathError as error:
            hint = "; give --force to replace it" if error.read_only else ""
            print(f"planeval: {error}{hint}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except ExportError as error:
            print(f"planeval: {error}", file=sys.stderr)
            return EXIT_OUTPUT_FAILED
        print(f"wrote {path}")
    return EXIT_OK


def _init(arguments: argparse.Namespace) -> int:
    target = Path(arguments.file)
    if target.exists() and not arguments.force:
        print(f"planeval: {target} exists; give --force to replace it", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        dump_plan(
            starter_plan(arguments.locale or "en"), target, overwrite_read_only=arguments.force
        )
    except FileOutputPathError as error:
        print(f"planeval: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"planeval: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return EXIT_OUTPUT_FAILED
    print(f"wrote {target}")
    return EXIT_OK


def _counts(plan: Plan) -> str:
    """How many entries each level has, and how many KPIs: 基本戦略: 3, 施策: 14, KPIs: 6."""
    placed = placed_entries(plan)
    counts = [
        f"{level.name}: {sum(1 for p in placed if p.level == index)}"
        for index, level in enumerate(plan.levels)
    ]
    return ", ".join([*counts, f"KPIs: {len(plan.kpis)}"])


def _upgrade(arguments: argparse.Namespace) -> int:
    source = Path(arguments.plan)
    try:
        read = read_plan_file(source)
    except PlanError as error:
        _report(error)
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


def _run(arguments: argparse.Namespace) -> int:
    if arguments.command == "examples":
        print("\n".join(example_names()))
        return EXIT_OK
    if arguments.command == "formats":
        return _formats()
    if arguments.command == "init":
        return _init(arguments)
    if arguments.command == "upgrade":
        return _upgrade(arguments)
    if arguments.command == "schema":
        print(json.dumps(plan_schema(arguments.locale), ensure_ascii=False, indent=2))
        return EXIT_OK
    try:
        plan = _load(arguments)
    except PlanError as error:
        _report(error)
        return EXIT_BAD_INPUT
    if arguments.command == "validate":
        source = arguments.plan or f"example {arguments.example}"
        print(f"{source}: valid ({_counts(plan)})")
        return EXIT_OK
    if arguments.command == "export":
        return _export(arguments, plan)
    model = build_report(
        evaluate(plan), labels_for(plan, arguments.locale), year_lines=arguments.years
    )
    sys.stdout.write(render_summary(model, years=arguments.years))
    return EXIT_OK


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
    arguments = _parser().parse_args(argv)
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
