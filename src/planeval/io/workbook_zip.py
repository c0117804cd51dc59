"""The zip package of an untrusted workbook: what the file is, its parts read within limits.

A workbook comes back from many hands, so nothing in it is trusted. The
file is told apart from what people hand over instead (a password-protected
workbook, an old ``.xls``, a CSV) by its first bytes; the zip's members are
counted, their declared sizes and compression ratios checked, and the bytes
actually decompressed counted against
:data:`~planeval.limits.MAX_WORKBOOK_UNCOMPRESSED_BYTES` (a zip bomb stops
there). XML is parsed with ``defusedxml``, which refuses document type
declarations and entities (an XML bomb such as *billion laughs*). Nothing in
the file is ever run: macros, external links and formulas are never looked at
but as data.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from typing import Any

import defusedxml
import defusedxml.ElementTree as SafeTree

from planeval.errors import PlanError, Problem
from planeval.limits import (
    MAX_WORKBOOK_COMPRESSION_RATIO,
    MAX_WORKBOOK_MEMBERS,
    MAX_WORKBOOK_UNCOMPRESSED_BYTES,
)

__all__ = ["Package", "attribute", "local_name", "open_package"]

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Parts this large or larger are held to the compression ratio.
_RATIO_FROM_BYTES = 1_000_000
_CHUNK = 1 << 16
_REL_OFFICE_DOCUMENT = "officeDocument"


def local_name(tag: str) -> str:
    """An XML tag or attribute name without its namespace (``{…}sheet`` → ``sheet``)."""
    return tag.rpartition("}")[2]


def attribute(element: Any, name: str) -> str | None:
    """The value of ``element``'s attribute called ``name`` in any namespace, or None."""
    attributes = element.attrib
    value = attributes.get(name)  # SpreadsheetML's own attributes are unqualified
    if value is not None:
        return str(value)
    for key, value in attributes.items():
        if key[0] == "{" and local_name(key) == name:
            return str(value)
    return None


def _refuse(code: str, source: str, locale: str, **params: object) -> PlanError:
    return PlanError([Problem(location="", code=code, params=params, locale=locale)], source=source)


def _sniff(data: bytes, source: str, locale: str) -> None:
    """Refuse what is not a zip, saying what it looks like instead."""
    if data.startswith(_ZIP_MAGIC):
        return
    if data.startswith(_CFB_MAGIC):
        # An encrypted OOXML file is a compound file with an EncryptionInfo stream;
        # an old .xls is one with a Workbook (or Book) stream.
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise _refuse("workbook.encrypted", source, locale)
        raise _refuse("workbook.old_format", source, locale)
    if data and b"\x00" not in data[:4096]:
        raise _refuse("workbook.text_file", source, locale)
    raise _refuse("workbook.not_a_workbook", source, locale)


class Package:
    """An opened workbook zip: its parts read on demand, each byte counted against the cap."""

    def __init__(self, archive: zipfile.ZipFile, source: str, locale: str) -> None:
        self._archive = archive
        self._names = frozenset(archive.namelist())
        self._read = 0
        self.source = source
        self.locale = locale

    def refuse(self, code: str, location: str = "", **params: object) -> PlanError:
        """The error that refuses this workbook for ``code``, at ``location``."""
        problem = Problem(location=location, code=code, params=params, locale=self.locale)
        return PlanError([problem], source=self.source)

    def has(self, member: str) -> bool:
        """Whether the package holds ``member``."""
        return member in self._names

    def read(self, member: str) -> bytes:
        """The bytes of ``member``, decompressed and counted against the cap."""
        if member not in self._names:
            raise self.refuse("workbook.corrupt", reason=f"{member} is missing")
        chunks = []
        try:
            with self._archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    self._read += len(chunk)
                    if self._read > MAX_WORKBOOK_UNCOMPRESSED_BYTES:
                        raise self.refuse("workbook.too_large", limit=_megabytes())
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise self.refuse("workbook.corrupt", reason=f"{member}: {error}") from None
        return b"".join(chunks)

    def iterparse(self, member: str) -> Iterator[tuple[str, Any]]:
        """The ``start`` and ``end`` events of ``member``'s XML, parsed safely."""
        data = self.read(member)
        try:
            yield from SafeTree.iterparse(
                io.BytesIO(data), events=("start", "end"), forbid_dtd=True
            )
        except defusedxml.DefusedXmlException as error:
            reason = type(error).__name__
            raise self.refuse("workbook.unsafe_xml", member=member, reason=reason) from None
        except SafeTree.ParseError as error:
            raise self.refuse("workbook.corrupt", reason=f"{member}: {error}") from None

    def parse(self, member: str) -> Any:
        """The root element of ``member``'s XML, parsed safely (for small parts)."""
        root = None
        for event, element in self.iterparse(member):
            if event == "start" and root is None:
                root = element
        return root

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """``part``'s relationships: id → (type's last word, target member), internal only."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if not self.has(rels):
            return {}
        found = {}
        for element in self.parse(rels):
            target = attribute(element, "Target")
            ident = attribute(element, "Id")
            kind = (attribute(element, "Type") or "").rpartition("/")[2]
            if target is None or ident is None or attribute(element, "TargetMode") == "External":
                continue
            joined = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
            found[ident] = (kind, posixpath.normpath(joined).lstrip("/"))
        return found

    def main_part(self) -> str:
        """The workbook part (``xl/workbook.xml`` as a rule), from the package's relationships."""
        for kind, target in self.relationships("").values():
            if kind == _REL_OFFICE_DOCUMENT and self.has(target):
                return target
        raise self.refuse("workbook.not_a_workbook")


def _megabytes() -> str:
    return f"{MAX_WORKBOOK_UNCOMPRESSED_BYTES // 1_000_000:,}"


def _check_members(archive: zipfile.ZipFile, source: str, locale: str) -> None:
    members = archive.infolist()
    if len(members) > MAX_WORKBOOK_MEMBERS:
        raise _refuse(
            "workbook.too_many_parts",
            source,
            locale,
            count=len(members),
            limit=MAX_WORKBOOK_MEMBERS,
        )
    if sum(member.file_size for member in members) > MAX_WORKBOOK_UNCOMPRESSED_BYTES:
        raise _refuse("workbook.too_large", source, locale, limit=_megabytes())
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= _RATIO_FROM_BYTES and ratio > MAX_WORKBOOK_COMPRESSION_RATIO:
            raise _refuse("workbook.zip_bomb", source, locale, member=member.filename)


def open_package(data: bytes, source: str, locale: str) -> Package:
    """The workbook zip in ``data``, checked; raises :class:`PlanError` for anything else."""
    _sniff(data, source, locale)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise _refuse("workbook.corrupt", source, locale, reason=str(error)) from None
    _check_members(archive, source, locale)
    return Package(archive, source, locale)
