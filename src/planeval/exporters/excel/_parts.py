"""Where a workbook's parts are: each worksheet's part, and a part's relationships."""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree

__all__ = ["links_part", "sheet_parts"]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_R = "http://schemas.openxmlformats.org/package/2006/relationships"


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's name and its part's name (``xl/worksheets/sheet3.xml``)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        element.get("Id"): element.get("Target", "")
        for element in relationships.iter(f"{{{_PACKAGE_R}}}Relationship")
    }
    parts = {}
    for element in workbook.iter(f"{{{_MAIN}}}sheet"):
        target = targets[element.get(f"{{{_OFFICE_R}}}id")]
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts[element.get("name", "")] = part
    return parts


def links_part(part: str) -> str:
    """The name of the relationships part of ``part``."""
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels"
