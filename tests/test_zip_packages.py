"""Office packages edited as bytes (exporters._zip), read back with zipfile."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planeval.exporters._zip import fixed_timestamps, rewritten

_NAMES = st.text(alphabet="abcxyz/_.日本", min_size=1, max_size=12).filter(
    lambda name: not name.startswith("/") and not name.endswith("/")
)
_ENTRIES = st.dictionaries(_NAMES, st.binary(max_size=300), min_size=1, max_size=6)


def _package(
    entries: dict[str, bytes], *, when: tuple[int, ...] = (2026, 11, 26, 9, 30, 0)
) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 11, 26, 9, 30, 0)), content)
    return stream.getvalue()


def _read(package: bytes) -> list[tuple[str, bytes, tuple[int, ...]]]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.testzip() is None
        return [(i.filename, archive.read(i), i.date_time) for i in archive.infolist()]


@given(_ENTRIES, st.data())
def test_a_rewritten_package_holds_the_new_contents_and_copies_the_rest(
    entries: dict[str, bytes], data: st.DataObject
) -> None:
    names = list(entries)
    replaced = {
        name: data.draw(st.binary(max_size=300), label=name)
        for name in data.draw(st.lists(st.sampled_from(names), unique=True))
    }
    added = data.draw(st.dictionaries(_NAMES.filter(lambda n: n not in entries), st.binary()))
    package = _package(entries)
    result = _read(rewritten(package, replaced, list(added.items())))
    expected = [(name, replaced.get(name, content)) for name, content in entries.items()]
    assert [(name, content) for name, content, _ in result] == expected + list(added.items())
    # New entries are dated like the package's first.
    assert {when for _, _, when in result} == {(2026, 11, 26, 9, 30, 0)}


def _payload(package: bytes, name: str) -> bytes:
    """An entry's compressed bytes, found by its local header."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        info = archive.getinfo(name)
    offset = info.header_offset
    name_length, extra_length = struct.unpack_from("<HH", package, offset + 26)
    start = offset + 30 + name_length + extra_length
    return package[start : start + info.compress_size]


def test_unchanged_entries_keep_their_compressed_bytes() -> None:
    """Copied, not deflated again: an entry deflated at another level keeps its own bytes."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.xml", b"<row>1</row>" * 10_000, compresslevel=1)
        archive.writestr("small.xml", b"<a/>")
    package = stream.getvalue()
    big = _payload(package, "big.xml")
    deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    assert big != deflate.compress(b"<row>1</row>" * 10_000) + deflate.flush()
    result = rewritten(package, {"small.xml": b"<b/>"}, [])
    assert _payload(result, "big.xml") == big


@given(_ENTRIES)
def test_fixed_timestamps_date_every_entry_and_change_nothing_else(
    entries: dict[str, bytes],
) -> None:
    result = _read(fixed_timestamps(_package(entries)))
    assert [(name, content) for name, content, _ in result] == list(entries.items())
    assert {when for _, _, when in result} == {(1980, 1, 1, 0, 0, 0)}


def test_what_is_not_a_plain_package_is_refused() -> None:
    with pytest.raises(ValueError, match="not a zip"):
        rewritten(b"plain text", {}, [])
    with pytest.raises(ValueError, match=r"no entry to replace: missing\.xml"):
        rewritten(_package({"a.xml": b"a"}), {"missing.xml": b""}, [])

    class Unseekable(io.RawIOBase):
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, chunk: bytes) -> int:  # type: ignore[override]
            self.data += chunk
            return len(chunk)

    stream = Unseekable()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", b"<a/>")  # written with a data descriptor after it
    with pytest.raises(ValueError, match="data descriptor"):
        fixed_timestamps(bytes(stream.data))
