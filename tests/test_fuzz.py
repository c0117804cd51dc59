"""Fuzzing the loader: mutants of the Yonezawa plan are loaded, or refused plainly.

A fixed seed makes a few hundred mutants of the plan file -- keys deleted
or repeated, values of the wrong type, numbers far out of range, NaN, deep
nesting, long strings, control characters, truncation, random bytes. Each
one either loads (and then exports) or raises :class:`PlanError` with a
message; nothing else may come out. A smaller number go through the real
command line, which must exit 0 or 2, never with a traceback.
``pytest --fuzz`` makes twenty times as many.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import planeval
from planeval.errors import PlanError
from planeval.io.json_text import to_json_text

from .conftest import YONEZAWA, run_planeval

SEED = 20261126
LIBRARY_MUTANTS = 300
CLI_MUTANTS = 12
FORMATS = ("json", "xlsx", "docx", "csv", "html")

ODD_NUMBERS = (
    "1e1000000000000000000",
    "-1e1000000000000000000",
    "0e1000000000000000000",
    "1e-1000000000000000000",
    "1e999999999999999999",
    "NaN",
    "Infinity",
    "-Infinity",
    "-0",
    "0.0000000000000000000000000000001",
    "1e101",
    "12345678901234567890",
    "1" * 5000,
    "1." + "0" * 5000,
    "1e400",
    "-1.5e-7",
)
ODD_VALUES: tuple[object, ...] = (
    None,
    True,
    False,
    0,
    -1,
    "",
    " ",
    "x" * 40_000,
    "\x00",
    "\ud800",
    "\x1b[31m",
    [],
    {},
    [None],
    {"repeat_of": "x"},
    Decimal("1E+100"),
    Decimal("1E-100"),
    2**70,
)

_Mutate = Callable[[random.Random, str], str]


def _nodes(value: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _nodes(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nodes(item, (*path, index))


def _parent(data: Any, path: tuple[object, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


def _structural(rng: random.Random, text: str) -> str:
    """Change the parsed plan at a random place, and write it back."""
    data = json.loads(text, parse_float=Decimal)
    paths = [path for path in _nodes(data) if path]
    path = rng.choice(paths)
    parent, last = _parent(data, path), path[-1]
    action = rng.randrange(6)
    if action == 0:
        del parent[last]  # a key or an item deleted
    elif action == 1:
        parent[last] = rng.choice(ODD_VALUES)  # a value of another type
    elif action == 2 and isinstance(parent, dict):
        parent[f"{last}_extra"] = parent[last]  # an unknown key
    elif action == 3 and isinstance(parent[last], list):
        parent[last] = parent[last] * rng.choice((2, 60, 1001))  # a list repeated
    elif action == 4:
        nested: object = parent[last]
        for _ in range(rng.choice((2, 50, 5000))):
            nested = [nested]
        parent[last] = nested
    else:
        parent[last] = json.loads(json.dumps(parent[last]))  # a copy, numbers as float
    return to_json_text(data)


def _number(rng: random.Random, text: str) -> str:
    """Replace a number with an odd one."""
    digits = [
        index for index, char in enumerate(text) if char.isdigit() and text[index - 1] in " ["
    ]
    index = rng.choice(digits)
    end = index
    while end < len(text) and (text[end].isdigit() or text[end] in ".eE+-"):
        end += 1
    return text[:index] + rng.choice(ODD_NUMBERS) + text[end:]


def _duplicate_key(rng: random.Random, text: str) -> str:
    lines = text.splitlines(keepends=True)
    candidates = [
        i for i, line in enumerate(lines) if line.rstrip().endswith(",") and '": ' in line
    ]
    index = rng.choice(candidates)
    return "".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])


def _truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text))]


def _characters(rng: random.Random, text: str) -> str:
    """Insert control characters, quotes, brackets or random characters somewhere."""
    index = rng.randrange(len(text))
    inserted = rng.choice(
        ["\x00", "\x07", "\\u0000", "\\ud800", '"', "{", "]", ",", ":", "\u2028", "\ufeff"]
        + [chr(rng.randrange(0x20, 0x3000)) for _ in range(3)]
    )
    return text[:index] + inserted * rng.choice((1, 1, 3)) + text[index:]


def _long_string(rng: random.Random, text: str) -> str:
    index = text.index('"', rng.randrange(len(text) - 1000))
    return text[: index + 1] + "長" * rng.choice((100, 33_000, 200_000)) + text[index + 1 :]


def _deep(rng: random.Random, text: str) -> str:
    depth = rng.choice((100, 10_000, 200_000))
    return text.replace('"kpis": ', '"kpis": ' + "[" * depth + "]" * depth + ", " + '"x": ', 1)


TEXT_MUTATIONS: tuple[_Mutate, ...] = (
    _structural,
    _structural,
    _structural,
    _number,
    _number,
    _duplicate_key,
    _truncate,
    _characters,
    _characters,
    _long_string,
    _deep,
)


def mutants(count: int, seed: int) -> Iterator[bytes]:
    """``count`` mutants of the Yonezawa plan file, as bytes, the same for the same seed."""
    rng = random.Random(seed)
    original = YONEZAWA.read_text(encoding="utf-8")
    for _ in range(count):
        if rng.randrange(12) == 0:
            data = bytearray(original.encode())
            for _ in range(rng.choice((1, 10, 100))):
                data[rng.randrange(len(data))] = rng.randrange(256)  # random bytes
            yield bytes(data)
            continue
        text = original
        for _ in range(rng.choice((1, 1, 2, 3))):
            try:
                text = rng.choice(TEXT_MUTATIONS)(rng, text)
            except (ValueError, ArithmeticError, LookupError, TypeError, RecursionError):
                continue  # the mutation does not apply to this text: try another
        yield text.encode("utf-8", "surrogatepass")


def _assert_plain(error: PlanError) -> None:
    """A refusal names at least one problem, each with a message."""
    assert error.problems
    assert all(problem.message for problem in error.problems)
    assert str(error)


def _outcome(path: Path, out: Path, index: int) -> str:
    """Load the file and export a loaded plan; say how it went."""
    refusal: PlanError | None = None
    try:
        plan = planeval.load_plan(path)
    except PlanError as error:
        refusal = error
    if refusal is not None:
        _assert_plain(refusal)
        return "refused"
    format_name = FORMATS[index % len(FORMATS)]
    planeval.export(plan, out / f"mutant{index}.{format_name}", format=format_name)
    return "loaded"


def test_mutants_load_or_are_refused_plainly(tmp_path: Path, fuzz_scale: int) -> None:
    outcomes = {"loaded": 0, "refused": 0}
    path = tmp_path / "mutant.json"
    for index, data in enumerate(mutants(LIBRARY_MUTANTS * fuzz_scale, SEED)):
        path.write_bytes(data)
        try:
            outcomes[_outcome(path, tmp_path, index)] += 1
        except Exception as error:  # a failure names the mutant, to reproduce it
            (tmp_path / "failing.json").write_bytes(data)
            raise AssertionError(f"mutant {index} raised {error!r}") from error
    # Both outcomes are exercised: the mutants are neither all harmless nor all fatal.
    assert outcomes["loaded"] >= LIBRARY_MUTANTS * fuzz_scale // 20
    assert outcomes["refused"] >= LIBRARY_MUTANTS * fuzz_scale // 2


def test_mutants_through_plan_from_json(fuzz_scale: int) -> None:
    for data in mutants(LIBRARY_MUTANTS * fuzz_scale, SEED + 1):
        text = data.decode("utf-8", "replace")
        refusal: PlanError | None = None
        try:
            planeval.plan_from_json(text)
        except PlanError as error:
            refusal = error
        if refusal is not None:
            _assert_plain(refusal)


def test_mutants_through_the_cli(tmp_path: Path, fuzz_scale: int) -> None:
    for index, data in enumerate(mutants(CLI_MUTANTS * fuzz_scale, SEED + 2)):
        path = tmp_path / f"mutant{index}.json"
        path.write_bytes(data)
        result = run_planeval("validate", str(path))
        assert result.returncode in (0, 2), (index, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr, index
        if result.returncode == 2:
            assert result.stderr.strip(), index
