"""The ``planeval`` command: thin, it parses arguments and calls the library.

Exit codes, for every command: 0 success; 1 a failure while writing output;
2 usage errors and bad input (an invalid plan, a missing or unreadable
file, an unknown example).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from planeval import __version__
from planeval.errors import PlanError
from planeval.evaluation import evaluate
from planeval.examples import example_names, load_example
from planeval.model import Plan
from planeval.serialization import load_plan
from planeval.summary import render_summary

__all__ = ["main"]

EXIT_OK = 0
EXIT_OUTPUT_FAILED = 1
EXIT_BAD_INPUT = 2


def _add_plan_argument(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("plan", nargs="?", metavar="PLAN", help="a JSON plan file")
    source.add_argument(
        "--example",
        metavar="NAME",
        help="a bundled example plan instead of a file (e.g. yonezawa_plan3)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planeval",
        description="Evaluate municipal plans: validate plan files and compute KPI "
        "achievement rates.",
        epilog="Exit codes: 0 success, 1 failure while writing output, 2 usage error or bad input.",
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
    commands.add_parser("examples", help="list the bundled example plans")
    return parser


def _load(arguments: argparse.Namespace) -> Plan:
    if arguments.example is not None:
        return load_example(arguments.example)
    return load_plan(arguments.plan)


def _report(error: PlanError) -> None:
    prefix = f"{error.source}: " if error.source else ""
    for problem in error.problems or ():
        print(f"{prefix}{problem}", file=sys.stderr)


def _run(arguments: argparse.Namespace) -> int:
    if arguments.command == "examples":
        print("\n".join(example_names()))
        return EXIT_OK
    try:
        plan = _load(arguments)
    except PlanError as error:
        _report(error)
        return EXIT_BAD_INPUT
    if arguments.command == "validate":
        source = arguments.plan or f"example {arguments.example}"
        measures = sum(len(strategy.measures) for strategy in plan.strategies)
        print(
            f"{source}: valid ({len(plan.strategies)} strategies, {measures} measures, "
            f"{len(plan.kpis)} KPIs)"
        )
        return EXIT_OK
    sys.stdout.write(render_summary(evaluate(plan)))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    for stream in (sys.stdout, sys.stderr):
        # Japanese must not crash a terminal that cannot show it.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    arguments = _parser().parse_args(argv)
    try:
        return _run(arguments)
    except BrokenPipeError:
        return EXIT_OUTPUT_FAILED
    except OSError as error:
        print(f"planeval: cannot write the output: {error.strerror or error}", file=sys.stderr)
        return EXIT_OUTPUT_FAILED
