"""Writing output files carefully: the destination appears complete or not at all.

The bytes are ready before anything touches the disk; the temporary file
beside the destination lives only while they are written, so a process
killed at any other moment leaves nothing behind. Only a regular file (or
nothing) at the output path is replaced: a FIFO, a device node, a directory
or a socket is refused, and so is a file its owner may not write, unless
asked. A symbolic link is followed: its target is replaced, and the link
stays. The process umask is never changed.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

__all__ = ["OutputPathError", "ReadOnlyOutputError", "check_output_path", "write_atomically"]

_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class OutputPathError(ValueError):
    """The output path names nothing planeval may replace, or nothing at all."""


class ReadOnlyOutputError(OutputPathError):
    """The output path is a regular file its owner may not write."""


def check_output_path(path: str | os.PathLike[str], *, overwrite_read_only: bool = False) -> Path:
    """Return the file to write for ``path``: the path itself, or a symbolic link's target.

    Raises :class:`OutputPathError` for an empty path, a dangling symbolic
    link, anything there but a regular file, and a file its owner may not
    write (no owner-write bit) unless ``overwrite_read_only``.
    """
    if not os.fspath(path):
        raise OutputPathError("the output path is empty")
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    try:
        status = os.stat(target)
    except FileNotFoundError:
        if target == given:
            return given
        try:
            # /dev/stdout into a pipe: the link names no file, yet leads somewhere.
            status = os.stat(given)
        except OSError:
            raise OutputPathError(f"{given} is a symbolic link to a missing file") from None
    except OSError:
        # Let the write report it (a missing folder, a denied search): it names the reason.
        return target
    kind = stat.S_IFMT(status.st_mode)
    if kind != stat.S_IFREG:
        raise OutputPathError(
            f"{given} is {_KINDS.get(kind, 'not a regular file')}; only a regular file is replaced"
        )
    if not status.st_mode & stat.S_IWUSR and not overwrite_read_only:
        raise ReadOnlyOutputError(f"{given} is read-only (its owner may not write it)")
    return target


def write_atomically(
    path: str | os.PathLike[str], data: bytes, *, overwrite_read_only: bool = False
) -> Path:
    """Write ``data`` to ``path`` atomically; return the file written.

    The path is checked as :func:`check_output_path` does. A new file gets
    the mode ``0o666`` less the umask; a replaced file keeps its permission
    bits (and, where the process may set them, its owner and group). The
    bytes go to a temporary file in the destination's folder, synced, which
    then replaces the destination: an existing file is left as it was when
    writing fails, and no partial file is left. Raises :class:`OSError` when
    the disk refuses.
    """
    target = check_output_path(path, overwrite_read_only=overwrite_read_only)
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    descriptor, temporary = _create_temporary(target)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            if existing is not None:
                _keep_mode_and_owner(stream.fileno(), existing)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
    return target


def _create_temporary(target: Path) -> tuple[int, Path]:
    """Create ``.NAME.XXXXXXXX.tmp`` beside ``target``: its mode is 0o666 less the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        temporary = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
        try:
            # The kernel applies the umask to 0o666 here, so it is never read or set.
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue


def _keep_mode_and_owner(descriptor: int, existing: os.stat_result) -> None:
    if hasattr(os, "fchown") and (existing.st_uid, existing.st_gid) != (os.getuid(), os.getgid()):
        # Only root may give a file away; otherwise the writer owns the new file.
        with contextlib.suppress(OSError):
            os.fchown(descriptor, existing.st_uid, existing.st_gid)
    # After chown: changing the owner clears the set-id bits.
    os.fchmod(descriptor, stat.S_IMODE(existing.st_mode))


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder is synced; not every system allows it.
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
