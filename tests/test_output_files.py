"""Output files written carefully: what may be replaced, modes, symlinks, temporary files."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import planeval
from planeval._files import OutputPathError, ReadOnlyOutputError, write_atomically
from planeval.exporters import ExportError
from planeval.exporters import OutputPathError as ExportPathError

from .conftest import run_planeval as run
from .test_exporters import make_distribution


@pytest.fixture
def umask_027() -> Iterator[None]:
    """Run the test with the umask 027 (the test's own process, restored after)."""
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# -- modes and the umask ---------------------------------------------------------------


@pytest.mark.usefixtures("umask_027")
def test_a_new_file_gets_0666_less_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "new.json"
    assert write_atomically(target, b"data") == target
    assert _mode(target) == 0o640
    assert target.read_bytes() == b"data"
    assert _names(tmp_path) == ["new.json"]


def test_writing_never_changes_the_umask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Setting the umask, even for a moment, would give other threads' files 0666.
    def no_umask(_mask: int) -> int:
        raise AssertionError("os.umask called")

    monkeypatch.setattr(os, "umask", no_umask)
    write_atomically(tmp_path / "a.json", b"data")
    planeval.export(planeval.load_example("yonezawa_plan3"), tmp_path / "a.xlsx")
    assert _names(tmp_path) == ["a.json", "a.xlsx"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604, 0o755])
def test_an_existing_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(b"old")
    target.chmod(mode)
    planeval.export(planeval.load_example("yonezawa_plan3"), target)
    assert _mode(target) == mode
    assert target.read_bytes().startswith(b"{")


def test_a_read_only_file_is_refused_unless_asked(tmp_path: Path) -> None:
    # Root may write any file: the owner-write bit is checked, not the access.
    target = tmp_path / "report.json"
    target.write_bytes(b"old")
    target.chmod(0o444)
    plan = planeval.load_example("yonezawa_plan3")
    with pytest.raises(ExportPathError, match=r"report\.json is read-only") as caught:
        planeval.export(plan, target)
    assert caught.value.read_only is True
    assert isinstance(caught.value, ExportError)
    assert isinstance(caught.value, ValueError)
    assert target.read_bytes() == b"old"
    with pytest.raises(ReadOnlyOutputError):
        write_atomically(target, b"new")
    planeval.export(plan, target, overwrite_read_only=True)
    assert target.read_bytes().startswith(b"{")
    assert _mode(target) == 0o444
    assert _names(tmp_path) == ["report.json"]


def test_the_cli_needs_force_for_a_read_only_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(b"old")
    target.chmod(0o444)
    refused = run("export", "--example", "yonezawa_plan3", "-o", str(target))
    assert refused.returncode == 2
    assert refused.stderr == (
        f"planeval: {target} is read-only (its owner may not write it); "
        "give --force to replace it\n"
    )
    assert target.read_bytes() == b"old"
    forced = run("export", "--example", "yonezawa_plan3", "-o", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout == f"wrote {target}\n"
    assert _mode(target) == 0o444


# -- what may be replaced -----------------------------------------------------------------


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return "a FIFO"


def _folder(path: Path) -> str:
    path.mkdir()
    return "a directory"


def _socket(path: Path) -> str:
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    listener.close()  # the socket file stays
    return "a socket"


def _device(path: Path) -> str:
    # A copy of /dev/null's node (1, 3): testing on the real one would risk it.
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("cannot make a device node here (needs CAP_MKNOD)")
    return "a character device"


@pytest.mark.parametrize("make", [_fifo, _folder, _socket, _device])
def test_anything_but_a_regular_file_is_refused(tmp_path: Path, make: object) -> None:
    target = tmp_path / "out.json"
    assert callable(make)
    kind = make(target)
    before = os.lstat(target)
    result = run("export", "--example", "yonezawa_plan3", "-o", str(target), "-f", "json")
    assert result.returncode == 2
    assert result.stderr == (f"planeval: {target} is {kind}; only a regular file is replaced\n")
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert _names(tmp_path) == ["out.json"]
    with pytest.raises(OutputPathError, match=f"is {kind}"):
        write_atomically(target, b"data")


def test_a_symlink_is_followed_and_stays(tmp_path: Path) -> None:
    real = tmp_path / "reports" / "real.json"
    real.parent.mkdir()
    real.write_bytes(b"old")
    real.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = run("export", "--example", "yonezawa_plan3", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_bytes().startswith(b"{")
    assert _mode(real) == 0o600
    assert _names(real.parent) == ["real.json"]
    assert _names(tmp_path) == ["link.json", "reports"]


def test_a_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "missing.json")
    result = run("export", "--example", "yonezawa_plan3", "-o", str(link))
    assert result.returncode == 2
    assert result.stderr == f"planeval: {link} is a symbolic link to a missing file\n"
    assert link.is_symlink()
    assert _names(tmp_path) == ["link.json"]


@pytest.mark.parametrize("extra", [["-f", "xlsx"], ["--all"], []])
def test_an_empty_output_path_is_a_usage_error(tmp_path: Path, extra: list[str]) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "planeval",
            "export",
            "--example",
            "yonezawa_plan3",
            "-o",
            "",
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == "planeval: the output path is empty\n"
    assert _names(tmp_path) == []


def test_the_library_refuses_an_empty_output_path() -> None:
    with pytest.raises(ExportPathError, match=r"^the output path is empty$"):
        planeval.export(planeval.load_example("yonezawa_plan3"), "", "json")
    with pytest.raises(OutputPathError, match=r"^the output path is empty$"):
        write_atomically("", b"data")


def test_init_force_replaces_a_read_only_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o444)
    refused = run("init", str(target))
    assert refused.returncode == 2
    assert target.read_text(encoding="utf-8") == "{}"
    replaced = run("init", str(target), "--force")
    assert replaced.returncode == 0, replaced.stderr
    assert planeval.load_plan(target).title.startswith("Example City")
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_init_refuses_a_folder(tmp_path: Path) -> None:
    result = run("init", str(tmp_path), "--force")
    assert result.returncode == 2
    assert (
        result.stderr == f"planeval: {tmp_path} is a directory; only a regular file is replaced\n"
    )


# -- a full disk ------------------------------------------------------------------------------

_FULL_DISK = """
import errno, os, sys
from planeval.cli import main

class Full:
    # A file on a full disk: every write fails with ENOSPC.
    def __init__(self, descriptor, *args, **kwargs):
        self.descriptor = descriptor
    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    def flush(self):
        pass
    def fileno(self):
        return self.descriptor
    def close(self):
        os.close(self.descriptor)
    def seek(self, *args):
        return 0
    def tell(self):
        return 0
    def seekable(self):
        return False
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.close()

os.fdopen = Full
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("name", ["r.xlsx", "r.docx", "r.json"])
def test_a_full_disk_gives_one_clean_line(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _FULL_DISK,
            "export",
            "--example",
            "yonezawa_plan3",
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == f"planeval: cannot write {target}: No space left on device\n"
    assert _names(tmp_path) == []


# -- killed while exporting ---------------------------------------------------------------------

_SLOW_PLUGIN = """
import os, time

class Slow:
    name = 'slow'
    aliases = ()
    extensions = ('.slow',)
    description = 'takes its time'

    def write(self, report, stream):
        stream.write(b'half')
        open(os.environ['SLOW_READY'], 'w').close()
        time.sleep(60)
        stream.write(b'the rest')
"""


def start_slow_export(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    """Start exporting with a plugin that sleeps in write(); return once it is writing."""
    site = tmp_path / "site"
    make_distribution(
        site, "planeval-slow", {"slow": "slow_plugin:Slow"}, {"slow_plugin": _SLOW_PLUGIN}
    )
    out = tmp_path / "out"
    out.mkdir()
    ready = tmp_path / "ready"
    env = {**os.environ, "PYTHONPATH": str(site), "SLOW_READY": str(ready)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "planeval",
            "export",
            "--example",
            "yonezawa_plan3",
            "-o",
            str(out / "r.slow"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 30
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the slow export did not start: {process.communicate()}")
        time.sleep(0.02)
    return process, out


@pytest.mark.parametrize(
    ("signum", "code"),
    [
        (signal.SIGKILL, -signal.SIGKILL),
        (signal.SIGTERM, -signal.SIGTERM),
        (signal.SIGHUP, -signal.SIGHUP),
    ],
)
def test_a_killed_export_leaves_no_temporary_file(tmp_path: Path, signum: int, code: int) -> None:
    process, out = start_slow_export(tmp_path)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == code
    assert "Traceback" not in stderr
    assert _names(out) == []


def test_ctrl_c_during_a_plugins_write_exits_130(tmp_path: Path) -> None:
    process, out = start_slow_export(tmp_path)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert (stdout, stderr) == ("", "planeval: interrupted\n")
    assert _names(out) == []
