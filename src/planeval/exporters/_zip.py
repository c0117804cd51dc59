"""Office packages (zip files) edited as bytes, what stays unchanged copied as it is.

A Word or Excel file is a zip package that python-docx or xlsxwriter wrote
whole. Changing a few parts through :mod:`zipfile` would inflate and deflate
every part again, the large sheets too; these functions read the zip
format's records (its published layout, PKWARE's APPNOTE) and copy each
unchanged entry's compressed bytes. They take packages of up to 65,535
entries and 4 GB, without data descriptors, as :mod:`zipfile` writes them
to memory, and refuse anything else with :class:`ValueError`.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator, Mapping, Sequence

import attrs

__all__ = ["DEFLATE_LEVEL", "fixed_timestamps", "rewritten"]

#: The one date every entry of a reproducible package carries: MS-DOS time, then date.
_DOS_TIME = (0, (1980 - 1980) << 9 | 1 << 5 | 1)  # 1980-01-01 00:00:00
_END_OF_DIRECTORY = b"PK\x05\x06"
_DIRECTORY_ENTRY = b"PK\x01\x02"
_LOCAL_HEADER = b"PK\x03\x04"
_DIRECTORY_FIELDS = struct.Struct("<4sHHHHHHIIIHHHHHII")  # 46 bytes, then name, extra, comment
_LOCAL_FIELDS = struct.Struct("<4sHHHHHIIIHH")  # 30 bytes, then name, extra, data
_DATA_DESCRIPTOR = 0x08
_UTF8_NAME = 0x800
_DEFLATED = 8
#: zlib's level for the entries written here. Measured on a report of 60
#: KPIs (docs/performance.md): level 3 deflates in half the time of zlib's
#: default (6), the package 11% larger (156 kB against 140 kB), and a batch
#: of many plans runs 6 to 10% faster.
DEFLATE_LEVEL = 3


@attrs.frozen(kw_only=True)
class _Entry:
    """One entry of the central directory: its record and where it is, and its local header's."""

    name: str
    record: bytes
    at: int
    local: int
    compressed: int
    flags: int


def _entries(package: bytes) -> Iterator[_Entry]:
    end = package.rfind(_END_OF_DIRECTORY)
    if end < 0:
        raise ValueError("not a zip package")
    count, _size, offset = struct.unpack_from("<HII", package, end + 10)
    if count == 0xFFFF or offset == 0xFFFFFFFF:
        raise ValueError("a zip64 package")
    for _ in range(count):
        fields = _DIRECTORY_FIELDS.unpack_from(package, offset)
        if fields[0] != _DIRECTORY_ENTRY:
            raise ValueError("a damaged zip directory")
        flags, compressed = fields[3], fields[8]
        name_length, extra_length, comment_length = fields[10:13]
        end_of_record = offset + 46 + name_length + extra_length + comment_length
        raw_name = package[offset + 46 : offset + 46 + name_length]
        if flags & _DATA_DESCRIPTOR:
            raise ValueError("a zip entry with a data descriptor")
        yield _Entry(
            name=raw_name.decode("utf-8" if flags & _UTF8_NAME else "cp437"),
            record=package[offset:end_of_record],
            at=offset,
            local=fields[16],
            compressed=compressed,
            flags=flags,
        )
        offset = end_of_record


def fixed_timestamps(package: bytes) -> bytes:
    """``package`` with every entry dated 1980-01-01 00:00:00, nothing else changed.

    The dates are overwritten in place, in each entry's local header and its
    central directory record.
    """
    data = bytearray(package)
    for entry in _entries(package):
        struct.pack_into("<HH", data, entry.local + 10, *_DOS_TIME)
        struct.pack_into("<HH", data, entry.at + 12, *_DOS_TIME)
    return bytes(data)


def _local_copy(package: bytes, entry: _Entry) -> bytes:
    """The entry's local header and compressed data, as they are."""
    header = _LOCAL_FIELDS.unpack_from(package, entry.local)
    if header[0] != _LOCAL_HEADER:
        raise ValueError("a damaged zip entry")
    name_length, extra_length = header[9], header[10]
    return package[entry.local : entry.local + 30 + name_length + extra_length + entry.compressed]


def _deflated(name: str, content: bytes, like: bytes) -> tuple[bytes, bytes]:
    """A new entry's local header and data, and its directory record (offset 0 for now).

    It takes its versions, date and attributes from the record ``like``.
    """
    fields = _DIRECTORY_FIELDS.unpack(like[:46])
    made, needed, time, date, attributes = fields[1], fields[2], fields[5], fields[6], fields[15]
    deflate = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    data = deflate.compress(content) + deflate.flush()
    crc, encoded = zlib.crc32(content), name.encode()
    flags = 0 if encoded.isascii() else _UTF8_NAME
    local = _LOCAL_FIELDS.pack(
        _LOCAL_HEADER, needed, flags, _DEFLATED, time, date, crc, len(data), len(content),
        len(encoded), 0,
    )  # fmt: skip
    record = _DIRECTORY_FIELDS.pack(
        _DIRECTORY_ENTRY, made, needed, flags, _DEFLATED, time, date, crc, len(data),
        len(content), len(encoded), 0, 0, 0, 0, attributes, 0,
    )  # fmt: skip
    return local + encoded + data, record + encoded


def _relocated(record: bytes, local: int) -> bytes:
    """A directory record pointing at its local header's new offset, ``local``."""
    return record[:42] + struct.pack("<I", local) + record[46:]


def rewritten(
    package: bytes, replaced: Mapping[str, bytes], added: Sequence[tuple[str, bytes]]
) -> bytes:
    """``package`` with the ``replaced`` entries' contents, then the ``added`` entries, in order.

    Every other entry is copied as it is, compressed; a replaced or added
    entry is deflated, dated and made like the package's first.
    """
    entries = list(_entries(package))
    missing = set(replaced) - {entry.name for entry in entries}
    if missing or not entries:
        raise ValueError(f"no entry to replace: {', '.join(sorted(missing))}")
    like = entries[0].record
    out, directory = bytearray(), bytearray()
    for entry in entries:
        if entry.name in replaced:
            local, record = _deflated(entry.name, replaced[entry.name], like)
        else:
            local, record = _local_copy(package, entry), entry.record
        directory += _relocated(record, len(out))
        out += local
    for name, content in added:
        local, record = _deflated(name, content, like)
        directory += _relocated(record, len(out))
        out += local
    count = len(entries) + len(added)
    if count > 0xFFFF or len(out) + len(directory) > 0xFFFFFFFF:
        raise ValueError("a package too large for a zip without zip64")
    end = struct.pack(
        "<4sHHHHIIH", _END_OF_DIRECTORY, 0, 0, count, count, len(directory), len(out), 0
    )
    return bytes(out + directory + end)
