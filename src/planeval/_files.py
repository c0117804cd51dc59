"""Writing files atomically: the destination appears complete or not at all."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_output", "write_atomically"]


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """Give a binary stream whose content replaces ``path`` only if the block succeeds.

    The stream is a temporary file in the destination's folder; an existing
    file is left as it was when the block raises, and no partial file is left.
    """
    import tempfile  # here, not at import: it costs more to import than to use

    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_output`)."""
    with atomic_output(path) as stream:
        stream.write(data)


def _umask() -> int:
    # os.umask can only be read by setting it; restore it at once.
    current = os.umask(0)
    os.umask(current)
    return current
