"""Plugins that exit, hang or fail, Ctrl-C and a closed standard output: no traceback, set codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO

import pytest

import planeval
from planeval import exporters
from planeval.exporters import BrokenFormatError, ExportError

from .conftest import YONEZAWA
from .test_exporters import make_distribution

_EXPORTER = (
    "class {cls}:\n    name = '{name}'\n    aliases = ()\n    extensions = ('.{name}',)\n"
    "    description = 'x'\n    def write(self, report, stream):\n        {body}\n"
)


def planeval_cli(*args: str, site: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the CLI with ``site`` on the path; fail the test if it does not end in ``timeout``."""
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, "-m", "planeval", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def exiting_site(tmp_path: Path) -> Path:
    """Plugins that raise SystemExit at import: sys.exit, and argparse run at import."""
    site = tmp_path / "site"
    make_distribution(
        site,
        "planeval-exiting",
        {"exits": "exits_plugin:Exporter", "argv": "argv_plugin:Exporter"},
        {
            "exits_plugin": "import sys\nsys.exit(3)\n",
            "argv_plugin": "import argparse\nargparse.ArgumentParser().parse_args(['--bogus'])\n",
        },
    )
    return site


def test_systemexit_at_import_does_not_break_the_builtins(
    exiting_site: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "all"
    result = planeval_cli(
        "export", "--example", "yonezawa_plan3", "--all", "-o", str(folder), site=exiting_site
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert sorted(path.name for path in folder.iterdir()) == [
        "yonezawa_plan3.csv",
        "yonezawa_plan3.docx",
        "yonezawa_plan3.html",
        "yonezawa_plan3.json",
        "yonezawa_plan3.xlsx",
    ]
    single = planeval_cli(
        "export",
        "--example",
        "yonezawa_plan3",
        "-o",
        str(tmp_path / "r"),
        "-f",
        "xlsx",
        site=exiting_site,
    )
    assert single.returncode == 0, single.stderr


def test_formats_lists_a_plugin_exiting_at_import_as_broken(exiting_site: Path) -> None:
    result = planeval_cli("formats", site=exiting_site)
    assert result.returncode == 0, result.stderr
    broken = result.stdout.split("broken (not usable):\n")[1].splitlines()
    assert broken[0].startswith(
        "argv (planeval-exiting, argv_plugin:Exporter): failed to load: SystemExit: 2"
    )
    assert broken[1] == (
        "exits (planeval-exiting, exits_plugin:Exporter): failed to load: SystemExit: 3"
    )


def test_naming_a_broken_plugin_says_why(exiting_site: Path, tmp_path: Path) -> None:
    result = planeval_cli(
        "export",
        "--example",
        "yonezawa_plan3",
        "-o",
        str(tmp_path / "r"),
        "-f",
        "exits",
        site=exiting_site,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "planeval: the format 'exits' (planeval-exiting, exits_plugin:Exporter) is installed "
        "but broken: failed to load: SystemExit: 3\n"
    )
    assert not (tmp_path / "r").exists()


def test_a_hanging_plugin_blocks_no_builtin_format(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_distribution(
        site,
        "planeval-hangs",
        {"hangs": "hanging_plugin:Exporter"},
        {"hanging_plugin": "import time\ntime.sleep(3600)\n"},
    )
    tsv = _EXPORTER.format(cls="Tsv", name="tsv", body="stream.write(b'a\\tb')")
    make_distribution(site, "planeval-tsv", {"tsv": "tsv_plugin:Tsv"}, {"tsv_plugin": tsv})
    runs = [
        ["-f", "xlsx", "-o", str(tmp_path / "r")],
        ["-o", str(tmp_path / "r.json")],
        ["--all", "-o", str(tmp_path / "all")],
        ["-f", "tsv", "-o", str(tmp_path / "r.tsv")],  # another plugin, asked for by name
    ]
    for arguments in runs:
        result = planeval_cli(
            "export", "--example", "yonezawa_plan3", *arguments, site=site, timeout=20
        )
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "r.tsv").read_bytes() == b"a\tb"
    code = (
        "import planeval.exporters as e, sys; e.builtin(); print('hanging_plugin' in sys.modules)"
    )
    looked_up = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(site)},
        timeout=20,
        check=True,
    )
    assert looked_up.stdout == "False\n"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("import sys; sys.exit(0)", "SystemExit: 0"),
        ("raise SystemExit", "SystemExit"),
        ("raise GeneratorExit('stop')", "GeneratorExit: stop"),
        ("raise OSError(28, 'its own disk is full')", "OSError: [Errno 28] its own disk is full"),
        ("stream.close()", "it closed the stream"),
    ],
)
def test_a_plugin_fault_in_write_exits_1_naming_the_plugin(
    tmp_path: Path, body: str, reason: str
) -> None:
    site = tmp_path / "site"
    source = _EXPORTER.format(cls="Faulty", name="faulty", body=f"stream.write(b'half'); {body}")
    make_distribution(
        site, "planeval-faulty", {"faulty": "faulty_plugin:Faulty"}, {"faulty_plugin": source}
    )
    out = tmp_path / "out"
    out.mkdir()
    target = out / "r.faulty"
    result = planeval_cli("export", "--example", "yonezawa_plan3", "-o", str(target), site=site)
    assert result.returncode == 1
    assert result.stderr == (
        f"planeval: the faulty exporter (planeval-faulty) failed writing {target}: {reason}\n"
    )
    assert result.stdout == ""
    assert list(out.iterdir()) == []


def test_keyboard_interrupt_in_write_exits_130(tmp_path: Path) -> None:
    site = tmp_path / "site"
    source = _EXPORTER.format(cls="Cc", name="cc", body="raise KeyboardInterrupt")
    make_distribution(site, "planeval-cc", {"cc": "cc_plugin:Cc"}, {"cc_plugin": source})
    out = tmp_path / "out"
    out.mkdir()
    result = planeval_cli(
        "export", "--example", "yonezawa_plan3", "-o", str(out / "r.cc"), site=site
    )
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "planeval: interrupted\n")
    assert list(out.iterdir()) == []


class _Interrupted:
    name = "interrupted"
    aliases: tuple[str, ...] = ()
    extensions: tuple[str, ...] = (".int",)
    description = "Ctrl-C while writing"

    def write(self, report: exporters.Report, stream: BinaryIO) -> None:
        stream.write(b"half")
        raise KeyboardInterrupt


class _Exits(_Interrupted):
    def write(self, report: exporters.Report, stream: BinaryIO) -> None:
        sys.exit(0)


def test_the_library_lets_keyboard_interrupt_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = exporters.RegisteredExporter(exporter=_Interrupted(), distribution="tests")
    monkeypatch.setattr(exporters.registry, "find_exporter", lambda *_: entry)
    with pytest.raises(KeyboardInterrupt):
        planeval.export(planeval.load_plan(YONEZAWA), tmp_path / "r.int")
    assert list(tmp_path.iterdir()) == []


def test_the_library_contains_systemexit_as_an_export_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = exporters.RegisteredExporter(exporter=_Exits(), distribution="tests")
    monkeypatch.setattr(exporters.registry, "find_exporter", lambda *_: entry)
    target = tmp_path / "r.int"
    with pytest.raises(ExportError) as caught:
        planeval.export(planeval.load_plan(YONEZAWA), target)
    assert str(caught.value) == (
        f"the interrupted exporter (tests) failed writing {target}: SystemExit: 0"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_broken_format_error_is_an_unknown_format_error() -> None:
    assert issubclass(BrokenFormatError, exporters.UnknownFormatError)


# -- standard output ------------------------------------------------------------------------


def test_a_broken_pipe_exits_141_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "planeval", "summary", "--example", "yonezawa_plan3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()  # the reader is gone before planeval writes a byte
    _, stderr = process.communicate(timeout=30)
    assert (process.returncode, stderr) == (141, b"")


def test_a_closed_stdout_exits_1_with_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "planeval", "summary", "--example", "yonezawa_plan3"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.close(1),  # as `>&-` does
        check=False,
        timeout=30,
    )
    assert result.returncode == 1
    assert result.stderr == "planeval: cannot write the output: standard output is closed\n"


def test_summary_into_head_prints_no_traceback() -> None:
    command = f"'{sys.executable}' -m planeval summary --example yonezawa_plan3 | head -1"
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, check=False, timeout=30
    )
    assert result.stdout == "第３期米沢市工業振興計画の評価・検証について\n"
    assert result.stderr == ""
