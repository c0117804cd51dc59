"""The same plan gives the same PDF: LibreOffice's times and random identifiers replaced.

LibreOffice stamps the PDF with the time of the conversion (``/CreationDate``
in the document information, ``xmp:CreateDate`` in the XMP metadata), a
random file identifier (``/ID``) and a checksum of its own in the trailer
(``/DocChecksum``, which differs from run to run). The times become the
report's own (the time the Word report is stamped with); ``/ID``'s first
half, which qpdf keeps, a hash of the report, its second half qpdf's hash
of the content; the checksum goes. pikepdf (qpdf) does it, rewriting the
file whole, its cross-reference table included.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import uuid

import pikepdf
from pikepdf.models.metadata import encode_pdf_date

__all__ = ["stabilized"]

#: XMP identifiers LibreOffice may give as random UUIDs (newer versions do).
_XMP_IDS = ("xmpMM:DocumentID", "xmpMM:InstanceID")


def stabilized(pdf: bytes, created: datetime.datetime, source: bytes) -> bytes:
    """``pdf`` with its times set to ``created`` and its identifiers derived from ``source``.

    ``source`` is what the PDF was made from (the Word report): the same
    report gives the same identifiers, another report others.
    """
    with pikepdf.open(io.BytesIO(pdf)) as document:
        stamp = encode_pdf_date(created)
        document.docinfo[pikepdf.Name.CreationDate] = stamp
        document.docinfo[pikepdf.Name.ModDate] = stamp
        digest = hashlib.sha256(source).digest()[:16]
        _stamp_metadata(document, created, digest)
        if pikepdf.Name.DocChecksum in document.trailer:
            del document.trailer[pikepdf.Name.DocChecksum]
        permanent = pikepdf.String(digest)
        document.trailer[pikepdf.Name.ID] = pikepdf.Array([permanent, permanent])
        written = io.BytesIO()
        document.save(written, deterministic_id=True)  # the second half: the content's hash
        return written.getvalue()


def _stamp_metadata(document: pikepdf.Pdf, created: datetime.datetime, digest: bytes) -> None:
    with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
        metadata["xmp:CreateDate"] = created.isoformat()
        metadata["xmp:ModifyDate"] = created.isoformat()
        for key in _XMP_IDS:
            if key in metadata:
                metadata[key] = f"uuid:{uuid.UUID(bytes=digest, version=4)}"
